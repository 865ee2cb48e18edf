"""Settings: defaults, round trips, atomic saves, and what a corrupt file does."""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path

import pytest

from stretchapp.core.loader import Problem
from stretchapp.core.reminders import ReminderSettings, ReminderState, ReminderTime
from stretchapp.settings import (
    Settings,
    from_dict,
    load_settings,
    peek_settings,
    reminder_settings,
    reminder_state,
    save_settings,
    settings_path,
    updated,
    validate,
)


def test_missing_file_gives_defaults_without_notice(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "settings.json")
    assert loaded.settings == Settings()
    assert loaded.notice is None


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "settings.json"
    chosen = Settings(
        voice="en-gb",
        rate=140,
        volume=0.5,
        tones=False,
        tone_volume=0.2,
        muted=True,
        verbosity="minimal",
        prepare_seconds=3.0,
        switch_seconds=0.0,
        theme="dark",
        geometry="AdnQywAD",
        last_routine="bedtime",
    )
    save_settings(chosen, path)
    assert load_settings(path) == type(load_settings(path))(chosen)
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temp file left
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # the user's own, as always


def test_save_overwrites_atomically_and_keeps_json_readable(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(theme="light"), path)
    save_settings(Settings(theme="dark"), path)
    assert json.loads(path.read_text(encoding="utf-8"))["theme"] == "dark"


def test_default_place_is_the_config_dir(stretchapp_home: Path) -> None:
    assert settings_path() == stretchapp_home / "settings.json"
    save_settings(Settings(rate=200))
    assert load_settings().settings.rate == 200


def test_corrupt_json_gives_defaults_and_keeps_the_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"theme": "dark",', encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert loaded.notice is not None
    assert "not valid JSON" in loaded.notice
    assert "settings.json.bak" in loaded.notice
    (problem,) = loaded.problems  # json's own place of the error
    assert problem == Problem(
        str(path), 1, 18, "", "not valid JSON (Expecting property name enclosed in double quotes)"
    )
    assert loaded.notice == (
        f"{problem}\nUsing the default settings; the old file was kept as settings.json.bak."
    )
    assert not path.exists()
    assert (tmp_path / "settings.json.bak").read_text(encoding="utf-8") == '{"theme": "dark",'


def test_not_an_object_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("[1, 2]", encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert loaded.notice is not None
    assert "expected a JSON object" in loaded.notice
    assert (tmp_path / "settings.json.bak").exists()
    assert loaded.problems == (Problem(str(path), 1, 1, "", "expected a JSON object of settings"),)


def test_bad_values_fall_back_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"theme": "dark", "rate": 9000, "volume": "loud", "colour": "red"}),
        encoding="utf-8",
    )
    loaded = load_settings(path)
    assert loaded.settings == Settings(theme="dark")
    assert loaded.notice is not None
    assert "rate: must be a whole number 80..400, got 9000" in loaded.notice
    assert 'volume: must be a number 0..1, got "loud"' in loaded.notice
    assert "colour: is not a setting" in loaded.notice
    assert (tmp_path / "settings.json.bak").exists()
    # {"theme": "dark", "rate": 9000, "volume": "loud", "colour": "red"}: each key's column
    assert [(p.key, p.line, p.column) for p in loaded.problems] == [
        ("rate", 1, 19),
        ("volume", 1, 33),
        ("colour", 1, 51),
    ]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("rate", True),
        ("rate", 79),
        ("volume", 1.5),
        ("tones", "yes"),
        ("verbosity", "chatty"),
        ("theme", "blue"),
        ("prepare_seconds", -1),
        ("switch_seconds", 61),
        ("voice", 3),
    ],
)
def test_each_rule(key: str, value: object) -> None:
    settings, problems = from_dict({key: value})
    assert settings == Settings()
    assert len(problems) == 1
    assert problems[0].key == key
    assert str(problems[0]).startswith(f"settings.json:1:1: {key}: ")  # no text: no place


def test_integer_volume_is_accepted_as_a_float() -> None:
    settings, problems = from_dict({"volume": 1, "prepare_seconds": 3})
    assert problems == []
    assert settings.volume == 1.0
    assert settings.prepare_seconds == 3


def test_saving_invalid_settings_refuses(tmp_path: Path) -> None:
    bad = updated(Settings(), theme="neon")
    assert validate(bad) == ["theme: must be one of system, light, dark"]
    with pytest.raises(ValueError, match="theme"):
        save_settings(bad, tmp_path / "settings.json")
    assert not (tmp_path / "settings.json").exists()


def test_reminders_are_off_until_chosen_and_round_trip(tmp_path: Path) -> None:
    assert not reminder_settings(Settings()).enabled
    assert reminder_state(Settings()) == ReminderState()
    chosen = ReminderSettings(
        enabled=True, times=(ReminderTime(dt.time(7, 30), frozenset({0, 2})),), snooze_minutes=5
    )
    now = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
    state = ReminderState(checked=now, paused_day=now.date())
    settings = Settings(
        reminders=chosen.to_json(),
        reminder_state=state.to_json(),
        start_on_login=True,
        cramp_threshold=5,
        cramp_notice_shown=True,
        tray_told=True,
    )
    path = save_settings(settings, tmp_path / "settings.json")
    loaded = load_settings(path)
    assert loaded.notice is None
    assert loaded.settings == settings
    assert reminder_settings(loaded.settings) == chosen
    assert reminder_state(loaded.settings) == state


def test_bad_reminder_settings_are_told_and_dropped(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    bad = {"reminders": {"enabled": True, "times": [{"at": "25:00"}]}, "cramp_threshold": 0}
    path.write_text(json.dumps(bad), encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings.reminders is None
    assert loaded.settings.cramp_threshold == 3
    assert loaded.notice is not None
    assert "reminders: times[0].at: must be a time of day HH:MM" in loaded.notice
    assert "cramp_threshold: must be a whole number 1..50" in loaded.notice


def test_peek_never_moves_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert peek_settings(path) == Settings()
    path.write_text('{"cramp_threshold": 6, "rate": "fast"}', encoding="utf-8")
    assert peek_settings(path).cramp_threshold == 6
    path.write_text("{not json", encoding="utf-8")
    assert peek_settings(path) == Settings()
    path.write_text("[1]", encoding="utf-8")
    assert peek_settings(path) == Settings()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json"]


def test_problems_point_at_their_keys_and_print_like_the_loaders(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    text = json.dumps(
        {"them": "dark", "rate": 165, "reminders": {"enabled": True, "times": [{"at": "25:00"}]}},
        indent=2,
    )
    path.write_text(text, encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert loaded.problems == (
        Problem(str(path), 2, 3, "them", "is not a setting; did you mean 'theme'?"),
        Problem(
            str(path),
            4,
            3,
            "reminders",
            'times[0].at: must be a time of day HH:MM, got "25:00", got '
            + json.dumps({"enabled": True, "times": [{"at": "25:00"}]}),
        ),
    )
    assert loaded.notice == "\n".join(
        [
            f"{path}:2:3: them: is not a setting; did you mean 'theme'?",
            str(loaded.problems[1]),
            "Those settings are back to their defaults;"
            " the old file was kept as settings.json.bak.",
        ]
    )


def test_a_key_is_placed_past_strings_and_nested_values(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        '{"geometry": "a \\" b, \\"rate\\": 1", "reminder_state": {"rate": 1},\n'
        '  "rate": 9000, "rate": 7}',
        encoding="utf-8",
    )
    loaded = load_settings(path)
    # the last of a repeated key counts, as it does for json.loads
    assert [(p.key, p.line, p.column) for p in loaded.problems] == [("rate", 2, 17)]


def test_a_file_that_cannot_be_read_is_told_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.mkdir()  # a folder where the file should be
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    (problem,) = loaded.problems
    assert (problem.path, problem.line, problem.column, problem.key) == (str(path), 1, 1, "")
    assert problem.message.startswith("could not be read (")
    assert loaded.notice == f"{problem}\nUsing the default settings."
    assert path.is_dir()
    assert not (tmp_path / "settings.json.bak").exists()
