"""Issue 15 section 1: hostile settings files and saved reminder states never crash."""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from pathlib import Path

import pytest

from stretchapp.core.reminders import ReminderState, ReminderTime, occurrences
from stretchapp.files import NotRegularFileError, TooLargeError, read_limited
from stretchapp.settings import Settings, load_settings, peek_settings, reminder_state

ZONE = dt.timezone(dt.timedelta(hours=2))


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_deep_nesting_gives_defaults_and_a_notice(tmp_path: Path) -> None:
    path = _write(tmp_path / "settings.json", "[" * 100_000 + "]" * 100_000)
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert loaded.notice is not None
    assert "nested too deeply" in loaded.notice
    assert peek_settings(path) == Settings()


def test_an_integer_of_5000_digits_gives_defaults_and_a_notice(tmp_path: Path) -> None:
    path = _write(tmp_path / "settings.json", '{"rate": ' + "9" * 5000 + "}")
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert loaded.notice is not None
    assert "not valid settings" in loaded.notice
    assert peek_settings(path) == Settings()


def test_a_corrupt_file_in_a_read_only_folder_uses_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, whom chmod does not stop: the rename fails as it would for a user.
    path = _write(tmp_path / "settings.json", '{"theme": ')

    def refuse(self: Path, target: Path) -> Path:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "replace", refuse)
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert loaded.notice is not None
    assert "could not be backed up" in loaded.notice
    assert path.read_text(encoding="utf-8") == '{"theme": '


def test_one_unknown_key_keeps_the_good_values_for_later_runs(tmp_path: Path) -> None:
    path = _write(tmp_path / "settings.json", json.dumps({"theme": "dark", "colour": "red"}))
    first = load_settings(path)
    assert first.settings.theme == "dark"
    assert first.notice is not None
    later = load_settings(path)
    assert later.settings.theme == "dark"
    assert later.notice is None
    assert "colour" in (tmp_path / "settings.json.bak").read_text(encoding="utf-8")


def test_a_second_bad_file_never_overwrites_the_first_backup(tmp_path: Path) -> None:
    path = _write(tmp_path / "settings.json", '{"theme": "dark", "rate": 1}')
    load_settings(path)
    _write(path, "not json at all")
    loaded = load_settings(path)
    assert loaded.notice is not None
    assert "settings.json.bak.1" in loaded.notice
    assert '"theme": "dark"' in (tmp_path / "settings.json.bak").read_text(encoding="utf-8")
    assert (tmp_path / "settings.json.bak.1").read_text(encoding="utf-8") == "not json at all"


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    os.mkfifo(path)
    result: list[object] = []
    reader = threading.Thread(target=lambda: result.append(load_settings(path)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading a FIFO blocked"
    loaded = result[0]
    assert loaded.settings == Settings()  # type: ignore[attr-defined]
    assert "not a regular file" in loaded.notice  # type: ignore[attr-defined]
    assert peek_settings(path) == Settings()


def test_a_symlink_to_dev_zero_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.symlink_to("/dev/zero")
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert loaded.notice is not None
    assert "not a regular file" in loaded.notice


def test_read_limited_refuses_a_file_past_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "big"
    path.write_bytes(b"x" * 11)
    assert read_limited(path, 11) == b"x" * 11
    with pytest.raises(TooLargeError):
        read_limited(path, 10)
    with pytest.raises(NotRegularFileError):
        read_limited(tmp_path, 10)


@pytest.mark.parametrize(
    "checked",
    ["0001-01-01T00:30:00+02:00", "9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+00:00"],
)
def test_a_saved_reminder_state_out_of_range_starts_afresh(checked: str) -> None:
    state = reminder_state(Settings(reminder_state={"checked": checked, "snoozed_until": checked}))
    assert state == ReminderState()
    now = dt.datetime(2025, 3, 4, 12, 0, tzinfo=ZONE)
    after, _ = state.check((ReminderTime(dt.time(9, 0)),), now)
    assert after.checked == now
    assert occurrences((ReminderTime(dt.time(9, 0)),), now, now) == []


def test_a_paused_day_out_of_range_starts_afresh() -> None:
    assert reminder_state(Settings(reminder_state={"paused_day": "0001-01-01"})) == ReminderState()
