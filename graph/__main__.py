"""``python -m govkg``: the command line."""
import sys

from govkg.cli import main

sys.exit(main())
