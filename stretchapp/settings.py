"""The app's settings: read from and saved atomically to settings.json in the config folder."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from stretchapp import paths
from stretchapp.files import atomic_write, read_limited

if TYPE_CHECKING:
    from stretchapp.core.loader import Problem
    from stretchapp.core.reminders import ReminderSettings, ReminderState

FILE_NAME = "settings.json"
BACKUP_SUFFIX = ".bak"
THEMES = ("system", "light", "dark")
VERBOSITIES = ("full", "minimal", "countdown")
MIN_RATE = 80  # the speech service's limits, in words a minute
MAX_RATE = 400
MAX_PAUSE_SECONDS = 60.0
MAX_CRAMP_THRESHOLD = 50


# Settings and LoadedSettings are NamedTuples, not frozen dataclasses: as immutable, and made
# in a third of the time (a frozen dataclass of 20 fields takes about 1.3 ms to define),
# which the window pays before its first paint.


class Settings(NamedTuple):
    """What the user chose. None for prepare/switch seconds means: the routine's own value."""

    voice: str | None = None  # a voice id of the speech engine; None: the system's default
    rate: int = 165
    volume: float = 1.0  # 0..1
    tones: bool = True  # tones for the last seconds and phase changes
    tone_volume: float = 0.6
    muted: bool = False  # the M key: no voice and no tones
    verbosity: str = "full"  # full | minimal | countdown
    # tell a screen reader each phase even while the voice says it (else only when it cannot)
    screen_reader: bool = False
    prepare_seconds: float | None = None
    switch_seconds: float | None = None
    theme: str = "system"  # system | light | dark
    geometry: str | None = None  # the window's saved geometry, base64
    last_routine: str | None = None
    # reminders: a ReminderSettings.to_json() object; None: off, at the daily routine's times
    reminders: dict[str, Any] | None = None
    reminder_state: dict[str, Any] | None = None  # a ReminderState.to_json() object
    start_on_login: bool = False  # an XDG autostart entry exists
    cramp_threshold: int = 3  # more cramps than this in 7 days: the history says see a doctor
    cramp_notice_shown: bool = False  # that was said once already
    tray_told: bool = False  # the first close to the tray said the program keeps running


class LoadedSettings(NamedTuple):
    """Settings read from disk and, when the file was bad, what to tell the user."""

    settings: Settings
    notice: str | None = None  # the problems as printed, then what was done about them
    problems: tuple[Problem, ...] = ()  # what was wrong with the file, each at its place


def settings_path() -> Path:
    """Where the settings live: <config dir>/settings.json."""
    return paths.config_dir() / FILE_NAME


def _check(name: str, value: Any) -> str | None:
    """Why a value is not valid for a field, or None when it is."""
    if name in {"voice", "geometry", "last_routine"}:
        return None if value is None or isinstance(value, str) else "must be text or null"
    if name == "rate":
        ok = isinstance(value, int) and not isinstance(value, bool)
        if not ok or not MIN_RATE <= value <= MAX_RATE:
            return f"must be a whole number {MIN_RATE}..{MAX_RATE}"
        return None
    if name in ("volume", "tone_volume"):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok and 0.0 <= value <= 1.0 else "must be a number 0..1"
    if name in (
        "tones",
        "muted",
        "screen_reader",
        "start_on_login",
        "cramp_notice_shown",
        "tray_told",
    ):
        return None if isinstance(value, bool) else "must be true or false"
    if name == "verbosity":
        return None if value in VERBOSITIES else f"must be one of {', '.join(VERBOSITIES)}"
    if name == "theme":
        return None if value in THEMES else f"must be one of {', '.join(THEMES)}"
    if name in ("prepare_seconds", "switch_seconds"):
        if value is None:
            return None
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok or not 0.0 <= value <= MAX_PAUSE_SECONDS:
            return f"must be null or a number of seconds 0..{MAX_PAUSE_SECONDS:g}"
        return None
    if name == "cramp_threshold":
        ok = isinstance(value, int) and not isinstance(value, bool)
        if not ok or not 1 <= value <= MAX_CRAMP_THRESHOLD:
            return f"must be a whole number 1..{MAX_CRAMP_THRESHOLD}"
        return None
    if name == "reminders":
        if value is None:
            return None
        if not isinstance(value, dict):
            return "must be an object or null"
        from stretchapp.core.reminders import ReminderSettings  # noqa: PLC0415

        _, problems = ReminderSettings.from_json(value)
        return None if not problems else "; ".join(problems)
    if name == "reminder_state":
        return None if value is None or isinstance(value, dict) else "must be an object or null"
    return "is not a setting"


def reminder_settings(settings: Settings) -> ReminderSettings:
    """The reminder settings; off when never set."""
    from stretchapp.core.reminders import ReminderSettings  # noqa: PLC0415

    if settings.reminders is None:
        return ReminderSettings(enabled=False)
    chosen, _ = ReminderSettings.from_json(settings.reminders)
    return chosen


def reminder_state(settings: Settings) -> ReminderState:
    """Where the reminders stood when last saved."""
    from stretchapp.core.reminders import ReminderState  # noqa: PLC0415

    if settings.reminder_state is None:
        return ReminderState()
    return ReminderState.from_json(settings.reminder_state)


def validate(settings: Settings) -> list[str]:
    """Every field that is out of range, as 'name: why'."""
    problems = []
    for name in Settings._fields:
        why = _check(name, getattr(settings, name))
        if why is not None:
            problems.append(f"{name}: {why}")
    return problems


def _problem(path: Path | str, line: int, column: int, key: str, message: str) -> Problem:
    # Imported only for a bad file: the window's start-up never loads the YAML loader.
    from stretchapp.core.loader import Problem  # noqa: PLC0415

    return Problem(str(path), line, column, key, message)


def _line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character, counted as json's errors count them."""
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


_SPACE = re.compile(r"[ \t\n\r]*")  # JSON's whitespace


def _past_space(text: str, at: int) -> int:
    found = _SPACE.match(text, at)
    return found.end() if found else at


def _key_places(text: str) -> dict[str, tuple[int, int]]:
    """Where each key of the JSON object in ``text`` starts: key -> (line, column).

    The json module keeps no places, so the object's top level is walked here with its
    decoder; nested values are skipped whole. Keys it cannot place are left out.
    """
    decoder = json.JSONDecoder()
    places: dict[str, tuple[int, int]] = {}
    at = _past_space(text, 0)
    if not text.startswith("{", at):
        return places
    at = _past_space(text, at + 1)
    try:
        while text.startswith('"', at):
            key, end = decoder.raw_decode(text, at)
            places[key] = _line_column(text, at)  # a repeated key: the last one counts
            colon = _past_space(text, end)
            _, end = decoder.raw_decode(text, _past_space(text, colon + 1))
            at = _past_space(text, end)
            if text.startswith(",", at):
                at = _past_space(text, at + 1)
    except ValueError:  # not one object after all: the places found so far
        pass
    return places


def from_dict(
    data: dict[str, Any], *, path: Path | str = FILE_NAME, text: str | None = None
) -> tuple[Settings, list[Problem]]:
    """Settings from a JSON object: bad or unknown keys are left out and listed.

    Each problem names ``path`` and is placed at its key in ``text``, the file's JSON
    (at 1:1 without it).
    """
    known = Settings._fields
    good: dict[str, Any] = {}
    bad: list[tuple[str, str | None]] = []  # (key, why); why None: not a setting at all
    for key, value in data.items():
        if key not in known:
            bad.append((key, None))
            continue
        why = _check(key, value)
        if why is None:
            good[key] = float(value) if isinstance(value, int) and key.endswith("volume") else value
        else:
            bad.append((key, f"{why}, got {json.dumps(value)}"))
    if not bad:
        return Settings(**good), []
    from stretchapp.core.spec import suggest  # noqa: PLC0415 (only for a bad file, as _problem)

    places = _key_places(text) if text is not None else {}
    problems = [
        _problem(
            path,
            *places.get(key, (1, 1)),
            key,
            why if why is not None else f"is not a setting{suggest(key, known)}",
        )
        for key, why in bad
    ]
    return Settings(**good), problems


MAX_BYTES = 1 << 20  # settings are a few hundred bytes; a megabyte is surely not settings
MAX_BACKUPS = 100  # settings.json.bak, .bak.1, ... .bak.99: then the backups are kept as they are


def _read(path: Path) -> tuple[Any, str, Problem | None]:
    """The file's JSON and text, or the one problem that stops it being read at all.

    FileNotFoundError and other OSErrors are left to the caller. Only a regular file of at
    most MAX_BYTES is read (a FIFO would block, /dev/zero would fill the memory); nesting
    too deep for the parser and numbers of thousands of digits are problems, not crashes.
    """
    text = read_limited(path, MAX_BYTES).decode("utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        bad = _problem(path, error.lineno, error.colno, "", f"not valid JSON ({error.msg})")
        return None, text, bad
    except RecursionError:
        return None, text, _problem(path, 1, 1, "", "not valid settings (nested too deeply)")
    except ValueError as error:  # an integer past Python's digit limit
        return None, text, _problem(path, 1, 1, "", f"not valid settings ({error})")
    if isinstance(data, dict):
        return data, text, None
    line, column = _line_column(text, _past_space(text, 0))
    return None, text, _problem(path, line, column, "", "expected a JSON object of settings")


def _back_up(path: Path) -> Path | None:
    """Move ``path`` to the first free numbered backup; None when it cannot be moved.

    An existing backup is never replaced: each bad file keeps its own.
    """
    for number in range(MAX_BACKUPS):
        suffix = BACKUP_SUFFIX if number == 0 else f"{BACKUP_SUFFIX}.{number}"
        backup = path.with_name(path.name + suffix)
        if backup.exists() or backup.is_symlink():
            continue
        try:
            path.replace(backup)
        except OSError:
            return None  # a read-only folder: the file stays as it is
        return backup
    return None


def _kept_as(backup: Path | None) -> str:
    if backup is None:
        return "the file could not be backed up and was left as it is"
    return f"the old file was kept as {backup.name}"


def _told(settings: Settings, problems: list[Problem], then: str) -> LoadedSettings:
    """Settings loaded from a bad file: the notice prints each problem, then what was done."""
    lines = [str(problem) for problem in problems]
    return LoadedSettings(settings, "\n".join([*lines, then]), tuple(problems))


def load_settings(path: Path | None = None) -> LoadedSettings:
    """Read the settings; a missing file gives the defaults.

    A file that cannot be read as settings is moved aside to the first free numbered
    backup (settings.json.bak, .bak.1, ...; never rewritten in place, never over an older
    backup) and the notice says so. Its good keys are kept and written back to a new
    settings.json, so later runs keep them too. Where the file cannot be moved (a read-only
    folder) the defaults are used and the notice says it could not be backed up.
    Each problem is the loader's Problem and prints as ``path:line:col: key: message``.
    """
    path = settings_path() if path is None else path
    try:
        data, text, bad = _read(path)
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except (OSError, UnicodeDecodeError) as error:
        unread = _problem(path, 1, 1, "", f"could not be read ({error})")
        return _told(Settings(), [unread], "Using the default settings.")
    if bad is not None:
        kept = f"Using the default settings; {_kept_as(_back_up(path))}."
        return _told(Settings(), [bad], kept)
    settings, problems = from_dict(data, path=path, text=text)
    if not problems:
        return LoadedSettings(settings)
    backup = _back_up(path)
    if backup is not None:
        # Should the write fail, the good keys still hold for this run; the backup has them.
        with contextlib.suppress(OSError, ValueError):
            save_settings(settings, path)
    then = f"Those settings are back to their defaults; {_kept_as(backup)}."
    return _told(settings, problems, then)


def peek_settings(path: Path | None = None) -> Settings:
    """The settings for a reader that must not touch the file (`stretchapp history`):
    good keys as load_settings keeps them, defaults for the rest; never moves or writes."""
    path = settings_path() if path is None else path
    try:
        data, _, bad = _read(path)
    except (OSError, UnicodeDecodeError):
        return Settings()
    return Settings() if bad is not None else from_dict(data)[0]


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings atomically: a temporary file beside it, then a rename."""
    problems = validate(settings)
    if problems:
        raise ValueError("; ".join(problems))
    path = settings_path() if path is None else path
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(settings._asdict(), indent=2, sort_keys=True) + "\n"
    # 0o600 as the settings have always been: the user's own choices, no one else's business
    return atomic_write(path, text, mode=0o600)


def updated(settings: Settings, **changes: Any) -> Settings:
    """A copy with some fields changed."""
    return settings._replace(**changes)
