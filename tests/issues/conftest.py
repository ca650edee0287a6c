"""Regression tests, one file per problem found by probing (smallest input that shows it)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/support.py
