"""The command line, `stretchapp`: every subcommand of interfaces.md section 2.

- parser.py: the grammar (argparse) and the --speed value
- commands.py: what each subcommand does
- rendering.py: what they print (JSON shapes, text tables)
- errors.py: the exit codes and CliError
- window.py: `stretchapp` and `stretchapp gui`, which skip the other commands

`stretchapp --version` stays fast: the commands, the core's loader and Qt load only
once a command needs them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from stretchapp.cli.errors import EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, EXIT_USAGE, CliError

# What the parser makes of a plain `stretchapp`: the window, known without building the
# parser (argparse's many translation lookups and the muscles list, about 10 ms before the
# window shows). tests/test_cli.py checks it against the parser.
PLAIN = {"self_test": False, "background": False, "quit": False, "command": None}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        try:
            args = _parse(args_list)
        except SystemExit as done:  # --help and --version
            return done.code if isinstance(done.code, int) else EXIT_OK
        _need_stdout(args.command)
        code = _window(args) if _opens_window(args) else _command(args)
        sys.stdout.flush()  # here, not at exit: a full disk is then a message, not a traceback
        return code
    except CliError as error:
        _error(str(error))
        return error.code
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader (`stretchapp list | head`) has gone: nothing is wrong, stop quietly
        _silence_stdout()
        return EXIT_OK
    except OSError as error:
        # a full disk (`> /dev/full`), a hung-up terminal, an unreadable file: one line, never
        # a traceback; what was printed before stays
        _silence_stdout()
        where = f"{error.filename}: " if error.filename else "cannot write the output: "
        _error(where + (error.strerror or str(error)))
        return EXIT_INVALID


def build_parser() -> argparse.ArgumentParser:
    """The whole command line (cli/parser.py)."""
    from stretchapp.cli.parser import build_parser as build  # noqa: PLC0415

    return build()


def _parse(args_list: list[str]) -> argparse.Namespace:
    if not args_list:
        return argparse.Namespace(**PLAIN)
    return build_parser().parse_args(args_list)


def _opens_window(args: argparse.Namespace) -> bool:
    # the window, plainly started: the other commands and their printing need not load
    return args.command in (None, "gui") and not args.self_test


def _window(args: argparse.Namespace) -> int:
    from stretchapp.cli.window import open_window  # noqa: PLC0415 (after --version)

    return open_window(args)


def _command(args: argparse.Namespace) -> int:
    from stretchapp.cli.commands import dispatch  # noqa: PLC0415 (after --version)

    return dispatch(args)


def _need_stdout(command: str | None) -> None:
    # `stretchapp run ID >&-` starts with no stdout at all (sys.stdout is None). The window
    # shows nothing there, so it runs on; a command whose output is the point says so.
    if sys.stdout is not None:
        return
    sys.stdout = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 (lives to exit)
    if command not in (None, "gui"):
        raise CliError("standard output is closed; nothing could be shown")


def _error(message: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        print(f"stretchapp: {message}", file=sys.stderr)


def _silence_stdout() -> None:
    # Python flushes stdout at exit; pointing it at /dev/null stops a second EPIPE there.
    if sys.stdout is None:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "CliError",
    "build_parser",
    "main",
]
