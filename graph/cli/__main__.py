"""``python -m govkg.cli``: the command line."""
import sys

from govkg.cli import main

sys.exit(main())
