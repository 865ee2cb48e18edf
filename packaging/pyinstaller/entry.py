"""The frozen bundle's entry point: the command line, or the speech worker started as a child."""

# The speech renderer starts its worker as `sys.executable -m stretchapp.speech.worker`.
# In a bundle sys.executable is this program, so that command line arrives here and
# is answered as Python would answer it; any other arguments go to the command line.

from __future__ import annotations

import sys

WORKER = "stretchapp.speech.worker"


def main() -> int:
    """Run the worker when asked to as `-m`, else stretchapp's command line."""
    args = sys.argv[1:]
    if args[:2] == ["-m", WORKER]:
        from stretchapp.speech import worker  # noqa: PLC0415

        sys.argv = [WORKER, *args[2:]]
        return worker.main()
    from stretchapp.cli import main as cli  # noqa: PLC0415

    return cli()


if __name__ == "__main__":
    sys.exit(main())
