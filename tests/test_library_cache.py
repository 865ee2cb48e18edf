"""The library cache: the same library back, a new load whenever anything it read has
changed, and nothing a cache file says is trusted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from stretchapp import library_cache, resources
from stretchapp.core.library import Library, load_library

ROOT = Path(__file__).resolve().parent.parent
OLD_NS = 1_000_000_000 * 1_600_000_000  # 2020: long before any cache written here

SHORT = """\
title: Short one
category: daily
schedule: ["08:00", "21:30"]
steps:
  - exercise: calf-lunge
    hold: 3s
    reps: 2
    rest: 1s
    sides: both
"""


class Loads:
    """load_library, counted."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, bundled: Path, user: Path, *, assets: Path) -> Library:
        self.count += 1
        return load_library(bundled, user, assets=assets)


def _age(*paths: Path) -> None:
    # files written by a test are too fresh to trust (see TRUST_NS): make them old
    for path in paths:
        os.utime(path, ns=(OLD_NS, OLD_NS))


@pytest.fixture
def places(tmp_path: Path) -> dict[str, Path]:
    user = tmp_path / "routines"
    user.mkdir()
    routine = user / "short.yaml"
    routine.write_text(SHORT, encoding="utf-8")
    _age(routine, user)
    return {
        "bundled": resources.routines_dir(),
        "user": user,
        "assets": resources.assets_dir(),
        "cache": tmp_path / "cache" / "library.json",
    }


def _load(places: dict[str, Path], loads: Loads) -> Library:
    return library_cache.load(
        places["bundled"],
        places["user"],
        assets=places["assets"],
        cache=places["cache"],
        loader=loads,
    )


def test_the_second_load_is_the_same_library_from_the_cache(places: dict[str, Path]) -> None:
    loads = Loads()
    first = _load(places, loads)
    assert loads.count == 1
    assert places["cache"].is_file()
    second = _load(places, loads)
    assert loads.count == 1  # not loaded again
    assert second == first
    assert "short" in second.routines
    assert [str(t) for t in second.routines["short"].schedule] == ["08:00:00", "21:30:00"]
    assert second.relief_for("calf") == first.relief_for("calf")


@pytest.mark.parametrize(
    "change",
    ["edit", "same-size edit", "new file", "removed file", "new picture", "touch"],
)
def test_any_change_to_what_the_loader_read_loads_again(
    places: dict[str, Path], change: str
) -> None:
    loads = Loads()
    _load(places, loads)
    user = places["user"]
    routine = user / "short.yaml"
    if change == "edit":
        routine.write_text(SHORT.replace("Short one", "Longer title"), encoding="utf-8")
    elif change == "same-size edit":
        routine.write_text(SHORT.replace("Short one", "Short two"), encoding="utf-8")
        _age(routine)  # the same size, and even an old time: the inode or time still differ
        os.utime(routine, ns=(OLD_NS + 1, OLD_NS + 1))
    elif change == "new file":
        (user / "other.yaml").write_text(SHORT.replace("Short one", "Other"), encoding="utf-8")
    elif change == "removed file":
        routine.unlink()
    elif change == "new picture":
        (user / "pictures").mkdir()
        (user / "pictures" / "calf.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    else:
        os.utime(routine)
    again = _load(places, loads)
    assert loads.count == 2
    assert again == load_library(places["bundled"], user, assets=places["assets"])


def test_a_cache_of_fresh_files_is_not_kept(places: dict[str, Path]) -> None:
    # a file changed within the clock's tick of the cache could change again unseen
    (places["user"] / "short.yaml").write_text(SHORT, encoding="utf-8")  # now
    loads = Loads()
    _load(places, loads)
    assert not places["cache"].exists()
    _load(places, loads)
    assert loads.count == 2


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not json",
        b"[1, 2, 3]",
        b'{"fingerprint": 1}',
        b"[" * 100_000,
        "folder",
        "too large",
        "another class",
        "bad fields",
    ],
)
def test_a_damaged_or_foreign_cache_only_means_loading_the_files(
    places: dict[str, Path], damage: Any
) -> None:
    loads = Loads()
    first = _load(places, loads)
    cache = places["cache"]
    data = json.loads(cache.read_text(encoding="utf-8"))
    if damage == "folder":
        cache.unlink()
        cache.mkdir()
    elif damage == "too large":
        cache.write_bytes(b" " * (library_cache.MAX_BYTES + 1))
    elif damage in ("another class", "bad fields"):
        routine = data["library"]["fields"]["routines"]["mapping"][0][1]
        if damage == "another class":
            routine["class"] = "Popen"
        else:
            routine["fields"]["no_such_field"] = 1
        cache.write_text(json.dumps(data), encoding="utf-8")
    else:
        cache.write_bytes(damage)
    assert _load(places, loads) == first
    assert loads.count == 2


def test_every_value_comes_back_as_it_was() -> None:
    library = resources.load_default_library()
    assert library.routines
    assert library.exercises
    assert library.tips
    encoded = json.loads(json.dumps(library_cache.encode(library)))
    assert library_cache.decode(encoded) == library
    with pytest.raises(TypeError):
        library_cache.encode(object())


def test_a_start_from_the_cache_imports_no_yaml(places: dict[str, Path]) -> None:
    _load(places, Loads())
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from stretchapp import library_cache
        library = library_cache.load(
            Path({str(places["bundled"])!r}), Path({str(places["user"])!r}),
            assets=Path({str(places["assets"])!r}), cache=Path({str(places["cache"])!r}),
        )
        print("short" in library.routines, "yaml" in sys.modules)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.split() == ["True", "False"]
