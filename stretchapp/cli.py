"""The command line: every subcommand of interfaces.md section 2."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    del argv
    print("stretchapp: under construction", file=sys.stderr)
    return 0
