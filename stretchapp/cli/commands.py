"""The command line's commands: each subcommand's work, from its parsed arguments."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stretchapp.cli.errors import EXIT_INVALID, EXIT_OK, EXIT_USAGE, CliError
from stretchapp.cli.parser import parse_speed
from stretchapp.cli.rendering import (
    emit_json,
    print_list,
    print_routine,
    routine_json,
    routine_summary,
)
from stretchapp.cli.window import open_window
from stretchapp.core.durations import format_clock
from stretchapp.core.routine import MUSCLES, Category
from stretchapp.core.timeline import Timeline, TimelineError, compile_routine, measure

if TYPE_CHECKING:
    from stretchapp.core.library import Library
    from stretchapp.core.routine import Exercise, Routine


def dispatch(args: argparse.Namespace) -> int:
    """Run the command the arguments name (none: the window); the exit code."""
    if args.self_test:
        return _self_test()
    quiet = getattr(args, "background", False) or getattr(args, "quit", False)
    if quiet and args.command not in (None, "gui"):
        raise CliError(f"--background and --quit take no command, got '{args.command}'", EXIT_USAGE)
    handlers: dict[str | None, Callable[[argparse.Namespace], int]] = {
        None: open_window,
        "gui": open_window,
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


def load_library() -> Library:
    """The bundled and the user's routines, or a CliError for a broken install."""
    # the loader brings YAML: only the commands that read routines pay for it
    from stretchapp.resources import load_default_library  # noqa: PLC0415

    try:
        return load_default_library()
    except OSError as error:  # the bundled routines/ folder is missing: a broken install
        raise CliError(f"cannot load the routines: {error}") from None


def _warn_problems(library: Library) -> None:
    for problem in library.problems:
        print(f"stretchapp: warning: {problem}", file=sys.stderr)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    from stretchapp.core.spec import did_you_mean  # noqa: PLC0415 (only when a name was mistyped)

    close = did_you_mean(word, choices, cutoff=0.5)
    return f": did you mean '{close}'?" if close else ""


def find_routine(library: Library, routine_id: str) -> Routine:
    """The routine with this id, or a CliError saying why not (refused, mistyped)."""
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


def check_muscle(text: str) -> str:
    """The muscle named, in lower case, or a CliError with the nearest name."""
    muscle = text.strip().lower()
    if muscle not in MUSCLES:
        raise CliError(f"unknown muscle '{text}'{_did_you_mean(muscle, MUSCLES)}")
    return muscle


def _compile(routine: Routine) -> Timeline:
    try:
        return compile_routine(routine)
    except TimelineError as error:
        raise CliError(f"routine '{routine.id}' ({routine.path}): {error}") from None


def _total_seconds(routine: Routine) -> float:
    return measure(routine)[1]


# -- list


def _list(args: argparse.Namespace) -> int:
    library = load_library()
    _warn_problems(library)
    routines = sorted(library.routines.values(), key=lambda r: (r.category.value, r.id))
    rows = [routine_summary(r, _total_seconds(r)) for r in routines]
    if args.json:
        emit_json(rows)
    else:
        print_list(routines, rows)
    return EXIT_OK


# -- show


def _show(args: argparse.Namespace) -> int:
    library = load_library()
    routine = find_routine(library, args.id)
    timeline = _compile(routine)
    from stretchapp.core.announce import relief_notice, seek_help_text  # noqa: PLC0415

    seek_help = relief_notice(routine, seek_help_text(library.tips))
    if args.json:
        emit_json(routine_json(routine, timeline, library.exercises, seek_help))
    else:
        print_routine(routine, timeline, library.exercises, seek_help)
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
                        f"{format_clock(timeline.total_seconds)}"
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
    emit_json(documents[args.file]())
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
    library = load_library()
    routine = find_routine(library, args.id)
    return _follow(library, routine, args, speed)


def _cramp(args: argparse.Namespace) -> int:
    muscle = check_muscle(args.muscle)
    speed = parse_speed(args.speed)
    if not args.no_gui:
        args.cramp = muscle
        args.routine = None
        args.start = False
        return open_window(args)
    library = load_library()
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


# -- history


def _history(args: argparse.Namespace) -> int:
    import datetime  # noqa: PLC0415

    from stretchapp.history import HistoryError, HistoryStore, default_path  # noqa: PLC0415

    if not default_path().exists():  # reading the history never creates it
        if args.json:
            emit_json({"sessions": [], "cramps": []})
        else:
            print("No sessions or cramps recorded yet.")
        return EXIT_OK
    try:
        store = HistoryStore()
    except HistoryError as error:
        raise CliError(str(error)) from None
    with store:
        try:
            if args.json:
                emit_json(store.as_json())
                return EXIT_OK
            library = load_library()
            daily = [r.id for r in library.routines.values() if r.category is Category.DAILY]
            now = datetime.datetime.now().astimezone()
            from stretchapp.settings import peek_settings  # noqa: PLC0415

            threshold = peek_settings().cramp_threshold  # the window's, so both say the same
            text = store.history_text(now, routines=daily or None, threshold=threshold)
        except HistoryError as error:  # a damaged file, a dropped table, a row that is no row
            raise CliError(str(error)) from None
        sys.stdout.write(text)
    return EXIT_OK


# -- self-test


def _self_test() -> int:
    from stretchapp import selftest  # noqa: PLC0415 (it loads Qt and the speech worker)

    return selftest.run()
