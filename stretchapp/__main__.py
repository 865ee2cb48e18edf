"""Run stretchapp with ``python -m stretchapp``."""

import sys

from stretchapp.cli import main

sys.exit(main())
