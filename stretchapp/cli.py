"""The command line: every subcommand of interfaces.md section 2."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import math
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import stretchapp

if TYPE_CHECKING:
    from stretchapp.core.library import Library
    from stretchapp.core.routine import Exercise, Routine
    from stretchapp.core.timeline import Phase, Timeline

EXIT_OK = 0
EXIT_INVALID = 1  # a routine, a file or an argument value is wrong
EXIT_USAGE = 2  # the command line itself is wrong
EXIT_INTERRUPTED = 130  # Ctrl-C outside a session: the shell's convention

MUSCLES = ("calf", "quad", "hamstring", "foot")
MAX_SPEED = 1000.0


class CliError(Exception):
    """A user's mistake: printed as one line, never as a traceback."""

    def __init__(self, message: str, code: int = EXIT_INVALID) -> None:
        super().__init__(message)
        self.code = code


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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        try:
            args = build_parser().parse_args(args_list)
        except SystemExit as done:  # --help and --version
            return done.code if isinstance(done.code, int) else EXIT_OK
        return _dispatch(args)
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


def _error(message: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        print(f"stretchapp: {message}", file=sys.stderr)


def _silence_stdout() -> None:
    # Python flushes stdout at exit; pointing it at /dev/null stops a second EPIPE there.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _dispatch(args: argparse.Namespace) -> int:
    if args.self_test:
        return _self_test()
    handlers: dict[str | None, Callable[[argparse.Namespace], int]] = {
        None: _gui,
        "gui": _gui,
        "list": _list,
        "show": _show,
        "validate": _validate,
        "schema": _schema,
        "run": _run,
        "cramp": _cramp,
        "history": _history,
    }
    return handlers[args.command](args)


# -- shared helpers


def _library() -> Library:
    from stretchapp.resources import load_default_library  # noqa: PLC0415  (keeps --version fast)

    try:
        return load_default_library()
    except OSError as error:  # the bundled routines/ folder is missing: a broken install
        raise CliError(f"cannot load the routines: {error}") from None


def _warn_problems(library: Library) -> None:
    for problem in library.problems:
        print(f"stretchapp: warning: {problem}", file=sys.stderr)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    import difflib  # noqa: PLC0415 (only when a name was mistyped)

    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.5)
    return f": did you mean '{close[0]}'?" if close else ""


def _find_routine(library: Library, routine_id: str) -> Routine:
    routine = library.routines.get(routine_id)
    if routine is None:
        broken = [str(p) for p in library.problems if Path(p.path).stem == routine_id]
        if broken:  # its file is there but refused: say why rather than "unknown"
            raise CliError(f"routine '{routine_id}' cannot be used:\n" + "\n".join(broken))
        hint = _did_you_mean(routine_id, library.routines)
        if not hint and library.routines:
            hint = " (`stretchapp list` shows them all)"
        raise CliError(f"unknown routine '{routine_id}'{hint}")
    return routine


def _compile(routine: Routine) -> Timeline:
    from stretchapp.core.timeline import TimelineError, compile_routine  # noqa: PLC0415

    try:
        return compile_routine(routine)
    except TimelineError as error:
        raise CliError(f"routine '{routine.id}' ({routine.path}): {error}") from None


def _total_seconds(routine: Routine) -> float:
    from stretchapp.core.timeline import measure  # noqa: PLC0415

    return measure(routine)[1]


def _clock_text(seconds: float) -> str:
    from stretchapp.core.durations import format_clock  # noqa: PLC0415

    return format_clock(seconds)


def parse_speed(text: str) -> float:
    """The --speed value: a positive finite number up to MAX_SPEED."""
    try:
        speed = float(text)
    except ValueError:
        raise CliError(f"--speed must be a number, got '{text}'") from None
    if not math.isfinite(speed) or speed <= 0 or speed > MAX_SPEED:
        raise CliError(f"--speed must be more than 0 and at most {MAX_SPEED:g}, got '{text}'")
    return speed


def _emit_json(data: object) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


# -- list


def routine_summary(routine: Routine, total_seconds: float) -> dict[str, Any]:
    """One routine as `list --json` gives it."""
    return {
        "id": routine.id,
        "title": routine.title,
        "category": routine.category.value,
        "total_seconds": total_seconds,
        "source": list(routine.source),
        "user": routine.user,
        "summary": routine.summary,
        "muscle": routine.muscle,
        "path": routine.path,
    }


def _list(args: argparse.Namespace) -> int:
    library = _library()
    _warn_problems(library)
    routines = sorted(library.routines.values(), key=lambda r: (r.category.value, r.id))
    rows = [routine_summary(r, _total_seconds(r)) for r in routines]
    if args.json:
        _emit_json(rows)
        return EXIT_OK
    if not rows:
        print("no routines found")
        return EXIT_OK
    table = [("ID", "TITLE", "CATEGORY", "TIME")]
    table += [
        (
            row["id"] + (" *" if row["user"] else ""),
            row["title"],
            row["category"],
            _clock_text(row["total_seconds"]) + ("+" if _has_manual(r) else " "),
        )
        for row, r in zip(rows, routines, strict=True)
    ]
    _print_table(table, right={3})
    notes = []
    if any(row["user"] for row in rows):
        notes.append("* your own routine")
    if any(_has_manual(r) for r in routines):
        notes.append("+ plus steps you end yourself")
    if notes:
        print("\n" + "; ".join(notes))
    return EXIT_OK


def _has_manual(routine: Routine) -> bool:
    from stretchapp.core.routine import StepKind  # noqa: PLC0415

    return any(step.kind is StepKind.MANUAL for step in routine.steps)


def _print_table(rows: Sequence[Sequence[str]], right: Iterable[int] = ()) -> None:
    aligned_right = set(right)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [
            cell.rjust(width) if i in aligned_right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())


# -- show


def phase_json(phase: Phase, exercises: Mapping[str, Exercise]) -> dict[str, Any]:
    """One phase as `show --json` and the events file name it."""
    exercise = exercises.get(phase.exercise) if phase.exercise else None
    return {
        "index": phase.index,
        "phase": phase.kind.value,
        "exercise": phase.exercise,
        "name": exercise.name if exercise else None,
        "step": phase.step,
        "start": phase.start,
        "seconds": phase.seconds,
        "rep": phase.rep,
        "reps": phase.reps,
        "side": phase.side.value if phase.side else None,
        "breaths": phase.breaths,
        "breath_seconds": phase.breath_seconds,
        "suggested": phase.suggested,
    }


def routine_json(
    routine: Routine, timeline: Timeline, exercises: Mapping[str, Exercise]
) -> dict[str, Any]:
    """A routine's fields and its timeline, as `show --json` gives them."""
    return {
        "id": routine.id,
        "title": routine.title,
        "category": routine.category.value,
        "summary": routine.summary,
        "source": list(routine.source),
        "muscle": routine.muscle,
        "escalate_after": routine.escalate_after,
        "prepare": routine.prepare,
        "switch": routine.switch,
        "breath": routine.breath,
        "transition": routine.transition,
        "schedule": [t.strftime("%H:%M") for t in routine.schedule],
        "user": routine.user,
        "path": routine.path,
        "steps": [
            {
                "exercise": step.exercise,
                "kind": step.kind.value,
                "seconds": step.seconds,
                "breaths": step.breaths,
                "reps": step.reps,
                "repeat_for": step.repeat_for,
                "rest": step.rest,
                "sides": step.sides.value,
                "suggested": step.suggested,
            }
            for step in routine.steps
        ],
        "total_seconds": timeline.total_seconds,
        "timeline": [phase_json(phase, exercises) for phase in timeline.phases],
    }


def _show(args: argparse.Namespace) -> int:
    library = _library()
    routine = _find_routine(library, args.id)
    timeline = _compile(routine)
    if args.json:
        _emit_json(routine_json(routine, timeline, library.exercises))
        return EXIT_OK
    from stretchapp.core.texts import phase_label  # noqa: PLC0415

    owner = "your own" if routine.user else "bundled"
    print(f"{routine.title} ({routine.id}): {routine.category.value}, {owner}")
    if routine.summary:
        print(routine.summary)
    print(f"Total: {_clock_text(timeline.total_seconds)}", end="")
    print(" plus the steps you end yourself" if _has_manual(routine) else "")
    if routine.escalate_after:
        print(f"Seek medical help if the cramp lasts past {_clock_text(routine.escalate_after)}")
    if routine.schedule:
        print("Suggested times: " + ", ".join(t.strftime("%H:%M") for t in routine.schedule))
    if routine.source:
        print("Sources: " + ", ".join(routine.source))
    print()
    table = [("START", "LENGTH", "PHASE", "EXERCISE", "REP", "SIDE")]
    for phase in timeline.phases:
        exercise = library.exercises.get(phase.exercise) if phase.exercise else None
        name = exercise.name if exercise else (phase.exercise or "")
        if name and not phase.is_work:
            name = f"next: {name}"
        if phase.seconds is None:
            suggested = phase.suggested or 60.0
            length = f"you say (~{_clock_text(suggested)})"
        else:
            length = _clock_text(phase.seconds)
        rep = f"{phase.rep} of {phase.reps}" if phase.reps and phase.reps > 1 else ""
        table.append(
            (
                _clock_text(phase.start),
                length,
                phase_label(phase.kind),
                name,
                rep,
                phase.side.value if phase.side else "",
            )
        )
    _print_table(table, right={0})
    return EXIT_OK


# -- validate


def _yaml_files(paths: Sequence[str]) -> tuple[list[Path], list[str]]:
    files: list[Path] = []
    missing: list[str] = []
    for text in paths:
        path = Path(text)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file()
            )
            if not found:
                missing.append(f"{text}: no .yaml files in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.exists():
            missing.append(f"{text}: not a file or a folder")
        else:
            missing.append(f"{text}: no such file or folder")
    return list(dict.fromkeys(files)), missing


def _validate(args: argparse.Namespace) -> int:
    from stretchapp import resources  # noqa: PLC0415
    from stretchapp.core.loader import load_exercises, load_routine, load_tips  # noqa: PLC0415
    from stretchapp.core.timeline import TimelineError, compile_routine  # noqa: PLC0415

    files, messages = _yaml_files(args.paths)
    bundled_dir = resources.routines_dir().resolve()
    assets = resources.assets_dir()
    bundled_exercises, _ = load_exercises(bundled_dir / "exercises.yaml", assets_dir=assets)
    siblings: dict[Path, dict[str, Exercise]] = {}
    bad_files = 0
    reported: set[str] = set()

    def is_user(path: Path) -> bool:
        return not path.resolve().is_relative_to(bundled_dir)

    def exercises_beside(path: Path) -> dict[str, Exercise]:
        folder = path.resolve().parent
        if folder not in siblings:
            merged = dict(bundled_exercises)
            beside = folder / "exercises.yaml"
            if beside.is_file() and folder != bundled_dir:
                found, _ = load_exercises(beside, assets_dir=assets, user=True)
                merged.update(found)
            siblings[folder] = merged
        return siblings[folder]

    for path in files:
        problems: list[object]
        detail = ""
        if path.name in {"exercises.yaml", "exercises.yml"}:
            exercises, problems_e = load_exercises(path, assets_dir=assets, user=is_user(path))
            problems = list(problems_e)
            detail = f"{len(exercises)} exercises"
        elif path.name in {"tips.yaml", "tips.yml"}:
            tips, problems_t = load_tips(path)
            problems = list(problems_t)
            detail = f"{len(tips)} tips"
        else:
            routine, problems_r = load_routine(
                path, exercises=exercises_beside(path), user=is_user(path)
            )
            problems = list(problems_r)
            if routine is not None and not problems:
                try:
                    timeline = compile_routine(routine)
                except TimelineError as error:
                    problems.append(f"{path}: {error}")
                else:
                    detail = (
                        f"routine '{routine.id}', {len(timeline.phases)} phases, "
                        f"{_clock_text(timeline.total_seconds)}"
                    )
        if problems:
            bad_files += 1
            for problem in problems:
                line = str(problem)
                if line not in reported:
                    reported.add(line)
                    print(line, file=sys.stderr)
        else:
            print(f"{path}: ok ({detail})")
    for message in messages:
        print(message, file=sys.stderr)
    if bad_files or messages:
        total = len(files) + len(messages)
        print(f"{bad_files + len(messages)} of {total} invalid", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


# -- schema


def _schema(args: argparse.Namespace) -> int:
    from stretchapp.core import spec  # noqa: PLC0415

    documents = {
        "all": spec.schema_document,
        "routine": spec.routine_schema,
        "exercises": spec.exercises_schema,
        "tips": spec.tips_schema,
    }
    _emit_json(documents[args.file]())
    return EXIT_OK


# -- run and cramp


def _open_events(path: str | None) -> Any:
    if path is None:
        return None
    from stretchapp.core.events import EventWriter  # noqa: PLC0415

    try:
        return EventWriter(Path(path))
    except OSError as error:
        reason = error.strerror or str(error)
        raise CliError(f"cannot write events to '{path}': {reason}") from None


def _run(args: argparse.Namespace) -> int:
    speed = parse_speed(args.speed)
    library = _library()
    routine = _find_routine(library, args.id)
    return _follow(library, routine, args, speed)


def _cramp(args: argparse.Namespace) -> int:
    muscle = args.muscle.strip().lower()
    if muscle not in MUSCLES:
        raise CliError(f"unknown muscle '{args.muscle}'{_did_you_mean(muscle, MUSCLES)}")
    speed = parse_speed(args.speed)
    if not args.no_gui:
        args.cramp = muscle
        args.routine = None
        args.start = False
        return _gui(args)
    library = _library()
    routine = library.relief_for(muscle)
    if routine is None:
        raise CliError(f"no relief routine for the {muscle} was found")
    return _follow(library, routine, args, speed, muscle=muscle)


def _follow(
    library: Library,
    routine: Routine,
    args: argparse.Namespace,
    speed: float,
    *,
    muscle: str | None = None,
) -> int:
    from stretchapp import terminal  # noqa: PLC0415

    timeline = _compile(routine)
    events = _open_events(args.events)
    try:
        return terminal.run_session(
            timeline,
            library,
            speed=speed,
            mute=args.mute,
            events=events,
            # a sped-up run tries a routine out: it is not a session the user did
            record=speed == 1.0,
            muscle=muscle,
        )
    finally:
        if events is not None:
            events.close()


# -- gui


def _gui(args: argparse.Namespace) -> int:
    if getattr(args, "start", False) and not getattr(args, "routine", None):
        raise CliError("--start needs --routine ID", EXIT_USAGE)
    if getattr(args, "cramp", None) is not None:
        muscle = str(args.cramp).strip().lower()
        if muscle not in MUSCLES:
            raise CliError(f"unknown muscle '{args.cramp}'{_did_you_mean(muscle, MUSCLES)}")
        args.cramp = muscle
    if getattr(args, "routine", None):
        _find_routine(_library(), args.routine)
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


# -- history


def _history(args: argparse.Namespace) -> int:
    import datetime  # noqa: PLC0415

    from stretchapp.core.routine import Category  # noqa: PLC0415
    from stretchapp.history import HistoryError, HistoryStore, default_path  # noqa: PLC0415

    if not default_path().exists():  # reading the history never creates it
        if args.json:
            _emit_json({"sessions": [], "cramps": []})
        else:
            print("No sessions or cramps recorded yet.")
        return EXIT_OK
    try:
        store = HistoryStore()
    except HistoryError as error:
        raise CliError(str(error)) from None
    with store:
        if args.json:
            _emit_json(store.as_json())
            return EXIT_OK
        library = _library()
        daily = [r.id for r in library.routines.values() if r.category is Category.DAILY]
        now = datetime.datetime.now().astimezone()
        from stretchapp.settings import peek_settings  # noqa: PLC0415

        threshold = peek_settings().cramp_threshold  # the window's, so both say the same
        sys.stdout.write(store.history_text(now, routines=daily or None, threshold=threshold))
    return EXIT_OK


# -- self-test


def _self_test() -> int:
    from stretchapp import selftest  # noqa: PLC0415 (it loads Qt and the speech worker)

    return selftest.run()
