"""The one atomic write: whole files or none, no temporary file left behind."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from stretchapp.files import atomic_write


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_text_and_bytes_are_written_as_given(tmp_path: Path) -> None:
    text = tmp_path / "a.csv"
    assert atomic_write(text, "é,1\r\nb,2\n") == text
    assert text.read_bytes() == "é,1\r\nb,2\n".encode()  # no newline translation
    raw = tmp_path / "b.wav"
    atomic_write(str(raw), b"RIFF\x00\xff")
    assert raw.read_bytes() == b"RIFF\x00\xff"
    atomic_write(text, "")
    assert text.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.wav"]


def test_an_existing_file_is_replaced_whole(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("old and longer than the new text", encoding="utf-8")
    atomic_write(path, "new")
    assert path.read_text(encoding="utf-8") == "new"


def test_the_mode_is_exact_or_as_open_would_make_it(tmp_path: Path, umask_022: None) -> None:
    del umask_022
    atomic_write(tmp_path / "plain", "x")
    assert stat.S_IMODE((tmp_path / "plain").stat().st_mode) == 0o644
    atomic_write(tmp_path / "private", "x", mode=0o600)
    assert stat.S_IMODE((tmp_path / "private").stat().st_mode) == 0o600
    atomic_write(tmp_path / "shared", "x", mode=0o664)  # not narrowed by the umask
    assert stat.S_IMODE((tmp_path / "shared").stat().st_mode) == 0o664


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.csv"
    path.write_text("old", encoding="utf-8")
    real_write = os.write

    def disk_full(fd: int, data: bytes | memoryview) -> int:
        real_write(fd, bytes(data[:2]))  # part of it lands, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", disk_full)
    with pytest.raises(OSError, match="No space left"):
        atomic_write(path, "new content")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["history.csv"]


def test_a_failed_rename_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "inside").write_text("kept", encoding="utf-8")
    with pytest.raises(IsADirectoryError):  # a folder is in the way
        atomic_write(target, "x")
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]
    assert (target / "inside").read_text(encoding="utf-8") == "kept"


def test_a_missing_folder_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic_write(tmp_path / "no" / "such" / "file", "x")
    assert list(tmp_path.iterdir()) == []


def test_the_data_reaches_the_disk_before_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "engine.json"
    synced: list[tuple[bool, bool]] = []  # (a folder?, the target already there?)
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append((stat.S_ISDIR(os.fstat(fd).st_mode), path.exists()))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    atomic_write(path, "{}")
    assert synced == [(False, False), (True, True)]  # the file before the rename, the folder after
