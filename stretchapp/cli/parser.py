"""The command line's grammar: every subcommand of interfaces.md section 2 and its options."""

from __future__ import annotations

import argparse
import math
import sys
from typing import NoReturn

import stretchapp
from stretchapp.cli.errors import EXIT_USAGE, CliError
from stretchapp.core.routine import MUSCLES

# Ten times slower at most: below that a routine runs for hours (1e-9 ran for ever).
MIN_SPEED = 0.1
MAX_SPEED = 1000.0


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() returns the code."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{message}\n{self.format_usage().rstrip()}", EXIT_USAGE)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            sys.stderr.write(message)
        raise SystemExit(status)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = _Parser(
        prog="stretchapp",
        description="A guided stretch timer for people with leg cramps. "
        "With no command, opens the window.",
    )
    parser.add_argument(
        "--version", action="version", version=f"stretchapp {stretchapp.__version__}"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="load every routine, render a cue, open the window offscreen and print one "
        "line for a bug report; exit 1 when something essential is broken",
    )
    parser.add_argument(
        "--background",
        action="store_true",
        help="start with no window, reminders armed (the tray icon where there is a tray); "
        "what start on login runs",
    )
    parser.add_argument("--quit", action="store_true", help="stop a running stretchapp")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    gui = commands.add_parser("gui", help="open the window")
    gui.add_argument("--routine", metavar="ID", help="open this routine ready to start")
    gui.add_argument("--start", action="store_true", help="with --routine: start it at once")
    gui.add_argument("--cramp", metavar="MUSCLE", help="start cramp relief: " + "|".join(MUSCLES))
    gui.add_argument("--events", metavar="FILE", help="write session events to FILE (JSON lines)")

    listing = commands.add_parser("list", help="every routine: id, title, category, total time")
    listing.add_argument("--json", action="store_true", help="print JSON")

    show = commands.add_parser("show", help="the timeline a routine expands to, with times")
    show.add_argument("id", metavar="ID")
    show.add_argument("--json", action="store_true", help="print JSON")

    validate = commands.add_parser(
        "validate", help="check routine, exercise and tip files; exit 1 with messages"
    )
    validate.add_argument("paths", metavar="PATH", nargs="+", help="a YAML file or a folder")

    schema = commands.add_parser("schema", help="JSON Schema of the routine and exercise files")
    schema.add_argument(
        "file",
        nargs="?",
        choices=("all", "routine", "exercises", "tips"),
        default="all",
        help="one kind of file only (default: one schema for all three)",
    )

    run = commands.add_parser("run", help="follow a routine in the terminal, with voice")
    run.add_argument("id", metavar="ID")
    _session_options(run)

    cramp = commands.add_parser("cramp", help="relief now: " + " | ".join(MUSCLES))
    cramp.add_argument("muscle", metavar="MUSCLE", help=" | ".join(MUSCLES))
    cramp.add_argument("--no-gui", action="store_true", help="follow the relief in the terminal")
    _session_options(cramp)

    history = commands.add_parser("history", help="past sessions and logged cramps")
    history.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _session_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mute", action="store_true", help="no voice and no tones")
    parser.add_argument(
        "--speed",
        metavar="X",
        default="1",
        help="run the session's clock X times faster (events report session time)",
    )
    parser.add_argument(
        "--events", metavar="FILE", help="write session events to FILE (JSON lines)"
    )


def parse_speed(text: str) -> float:
    """The --speed value: a finite number from MIN_SPEED to MAX_SPEED."""
    try:
        speed = float(text)
    except ValueError:
        raise CliError(f"--speed must be a number, got {text!r}") from None
    if not math.isfinite(speed) or not MIN_SPEED <= speed <= MAX_SPEED:
        raise CliError(f"--speed must be from {MIN_SPEED:g} to {MAX_SPEED:g}, got {text!r}")
    return speed
