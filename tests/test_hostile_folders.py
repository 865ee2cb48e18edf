"""Issue 15 section 2: an unreadable routines folder never hides the bundled routines.

Tests run as root, whom ``chmod 000`` does not stop, so EACCES is simulated by making
``Path.is_file``/``Path.iterdir`` raise PermissionError for the user's folder, as they do
for a user without the right to read it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stretchapp import cli, resources
from stretchapp.core.library import load_library


def _refusing(original: Callable[..., Any], folder: Path) -> Callable[..., Any]:
    def method(self: Path, *args: Any) -> Any:
        if folder in (self, self.parent):
            raise PermissionError(13, "Permission denied", str(self))
        return original(self, *args)

    return method


@pytest.fixture
def user_folder(stretchapp_home: Path) -> Path:
    folder = stretchapp_home / "routines"
    folder.mkdir()
    (folder / "mine.yaml").write_text("title: Mine\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("method", ["is_file", "iterdir", "is_dir"])
def test_an_unreadable_user_folder_keeps_the_bundled_routines(
    user_folder: Path, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    monkeypatch.setattr(Path, method, _refusing(getattr(Path, method), user_folder))
    library = load_library(resources.routines_dir(), user_folder, assets=resources.assets_dir())
    assert "relief-calf" in library.routines
    assert library.exercises
    assert any("Permission denied" in p.message for p in library.problems)


def test_list_still_lists_the_bundled_routines(
    user_folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(Path, "is_file", _refusing(Path.is_file, user_folder))
    code = cli.main(["list"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "relief-calf" in out
    assert "Traceback" not in err
    assert "Permission denied" in err
