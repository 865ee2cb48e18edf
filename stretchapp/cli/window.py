"""`stretchapp` and `stretchapp gui`: check the window's arguments and open it.

Apart from commands.py, so a plain start loads neither the other commands nor their
printing before the window shows.
"""

from __future__ import annotations

import argparse
import importlib

from stretchapp.cli.errors import EXIT_OK, EXIT_USAGE, CliError


def open_window(args: argparse.Namespace) -> int:
    """Open the window for the parsed arguments (--routine, --start, --cramp); the exit code."""
    if getattr(args, "start", False) and not getattr(args, "routine", None):
        raise CliError("--start needs --routine ID", EXIT_USAGE)
    if getattr(args, "cramp", None) is not None or getattr(args, "routine", None):
        _check_names(args)
    try:
        app = importlib.import_module("stretchapp.gui.app")
    except ModuleNotFoundError as error:
        if error.name not in {"stretchapp.gui", "stretchapp.gui.app"}:
            raise CliError(f"the window cannot start: {error}") from None
        print("stretchapp: the window is not built yet; try `stretchapp list` and `stretchapp run`")
        return EXIT_OK
    except ImportError as error:  # Qt's system libraries are missing
        raise CliError(
            f"the window cannot start: {error}\n"
            "install what it needs with `make sysdeps` (see README)"
        ) from None
    code = app.main(args)
    return int(code) if code is not None else EXIT_OK


def _check_names(args: argparse.Namespace) -> None:
    # a muscle or a routine named on the command line: the commands' checks and messages
    from stretchapp.cli.commands import check_muscle, find_routine, load_library  # noqa: PLC0415

    if getattr(args, "cramp", None) is not None:
        args.cramp = check_muscle(str(args.cramp))
    if getattr(args, "routine", None):
        find_routine(load_library(), args.routine)
