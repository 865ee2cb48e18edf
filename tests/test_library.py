"""The library: bundled and user folders on disk, user overrides, and one bad file stops nothing."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from stretchapp import resources
from stretchapp.core.library import Library, load_library
from stretchapp.core.routine import Category
from stretchapp.resources import load_default_library


def put(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


EXERCISES = """\
calf-lunge:
  name: Calf lunge
  muscles: [calf]
  image: calf-lunge.svg
  instructions: Lunge.
massage:
  name: Massage
  image: massage.svg
  instructions: Rub it.
"""

RELIEF_CALF = """\
title: Calf cramp relief
category: relief
muscle: calf
escalate_after: 10m
steps:
  - {exercise: calf-lunge, hold: 30s, reps: 5}
  - {exercise: massage, manual: true}
"""

DAILY = """\
title: Daily
category: daily
schedule: [09:00]
steps:
  - {exercise: calf-lunge, hold: 5s, repeat_for: 1m}
"""


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path, Path]:
    bundled, user, assets = tmp_path / "routines", tmp_path / "home" / "routines", tmp_path / "a"
    for name in ("calf-lunge.svg", "massage.svg"):
        put(assets / "exercises", name, "<svg/>")
    put(bundled, "exercises.yaml", EXERCISES)
    put(bundled, "tips.yaml", "hydrate: {title: Drink, text: Fluids help.}\n")
    put(bundled, "relief-calf.yaml", RELIEF_CALF)
    put(bundled, "daily.yaml", DAILY)
    return bundled, user, assets


def load(places: tuple[Path, Path, Path]) -> Library:
    bundled, user, assets = places
    return load_library(bundled, user, assets=assets)


def test_bundled_only(places: tuple[Path, Path, Path]) -> None:
    library = load(places)
    assert library.problems == ()
    assert list(library.routines) == ["daily", "relief-calf"]
    assert list(library.exercises) == ["calf-lunge", "massage"]
    assert list(library.tips) == ["hydrate"]
    assert not any(r.user for r in library.routines.values())
    assert library.routines["relief-calf"].path == str(places[0] / "relief-calf.yaml")


def test_user_files_add_and_override(places: tuple[Path, Path, Path]) -> None:
    _, user, _ = places
    put(
        user,
        "exercises.yaml",
        """\
        calf-lunge:
          name: My calf lunge
          instructions: My way.
        towel-pull:
          name: Towel pull
          instructions: Pull the towel.
        """,
    )
    put(user, "relief-calf.yaml", RELIEF_CALF.replace("Calf cramp relief", "My calf relief"))
    put(
        user,
        "towel.yaml",
        "title: Towel\ncategory: daily\nsteps: [{exercise: towel-pull, hold: 20s}]\n",
    )
    library = load(places)
    assert library.problems == ()
    assert list(library.routines) == ["daily", "relief-calf", "towel"]
    assert library.routines["relief-calf"].title == "My calf relief"
    assert library.routines["relief-calf"].user
    assert library.routines["towel"].user
    assert not library.routines["daily"].user
    assert library.exercises["calf-lunge"].name == "My calf lunge"
    assert library.exercises["calf-lunge"].user
    assert library.exercises["calf-lunge"].image is None
    assert not library.exercises["massage"].user
    assert library.exercises["towel-pull"].user


def test_one_bad_file_stops_nothing_else(places: tuple[Path, Path, Path]) -> None:
    bundled, user, _ = places
    put(bundled, "broken.yaml", "title: [\n")
    put(user, "typo.yaml", "title: T\ncategory: daily\nsteps: [{exercise: calf-lunge, hodl: 5}]\n")
    put(user, "exercises.yaml", "bad-one: {name: B}\ngood-one: {name: G, instructions: x}\n")
    put(user, "good.yaml", "title: G\ncategory: bedtime\nsteps: [{exercise: good-one, hold: 5}]\n")
    library = load(places)
    assert list(library.routines) == ["daily", "good", "relief-calf"]
    assert "good-one" in library.exercises
    assert "bad-one" not in library.exercises
    messages = [str(p) for p in library.problems]
    assert messages == [
        f"{user / 'exercises.yaml'}:1:10: bad-one.instructions: is required; "
        "add e.g. 'instructions: Stand in a lunge ...'",
        f"{bundled / 'broken.yaml'}:2:1: is not valid YAML: did not find expected node content "
        "(while parsing a flow node on line 2)",
        f"{user / 'typo.yaml'}:3:9: steps[0]: needs one of hold, breaths, duration or manual; "
        "add e.g. 'hold: 30s'",
        f"{user / 'typo.yaml'}:3:32: steps[0].hodl: unknown key 'hodl'; did you mean 'hold'?",
    ]


def test_missing_image_reports_but_keeps_routines(places: tuple[Path, Path, Path]) -> None:
    _, _, assets = places
    (assets / "exercises" / "massage.svg").unlink()
    library = load(places)
    assert [p.key for p in library.problems] == ["massage.image"]
    assert list(library.routines) == ["daily", "relief-calf"]


def test_same_id_twice_in_one_folder(places: tuple[Path, Path, Path]) -> None:
    bundled, _, _ = places
    put(bundled, "zz-copy.yaml", "id: daily\n" + DAILY)
    library = load(places)
    assert [str(p) for p in library.problems] == [
        f"{bundled / 'zz-copy.yaml'}:1:1: id: the id 'daily' is already used by daily.yaml; "
        "give this routine another id"
    ]
    assert library.routines["daily"].path == str(bundled / "daily.yaml")


def test_skips_hidden_and_other_files(places: tuple[Path, Path, Path]) -> None:
    bundled, _, _ = places
    put(bundled, ".draft.yaml", "junk: [")
    put(bundled, "notes.txt", "junk: [")
    put(bundled, "extra.yml", DAILY.replace("Daily", "Extra"))
    library = load(places)
    assert library.problems == ()
    assert list(library.routines) == ["daily", "extra", "relief-calf"]


def test_relief_for(places: tuple[Path, Path, Path]) -> None:
    _, user, _ = places
    library = load(places)
    relief = library.relief_for("calf")
    assert relief is not None
    assert relief.id == "relief-calf"
    assert library.relief_for("quad") is None
    put(user, "my-calf.yaml", RELIEF_CALF)
    mine = load(places).relief_for("calf")
    assert mine is not None
    assert (mine.id, mine.user) == ("my-calf", True)


def test_missing_folders_give_an_empty_library(tmp_path: Path) -> None:
    library = load_library(tmp_path / "none", tmp_path / "nothing", assets=tmp_path)
    assert library == Library()


def test_defaults_use_the_bundled_files_and_stretchapp_home(stretchapp_home: Path) -> None:
    put(
        stretchapp_home / "routines",
        "mine.yaml",
        "title: Mine\ncategory: daily\nsteps: [{exercise: wall-lean, hold: 5s}]\n",
    )
    library = load_default_library()
    assert library.routines["mine"].user
    assert "relief-calf" in library.routines


def test_bundled_library_is_complete(tmp_path: Path) -> None:
    library = load_library(
        resources.routines_dir(), tmp_path / "no-user-folder", assets=resources.assets_dir()
    )
    assert [str(p) for p in library.problems] == []
    assert {
        "relief-calf",
        "relief-quad",
        "relief-hamstring",
        "relief-foot",
        "wall-lean-daily",
        "after-workout",
        "hold-sequence",
        "bedtime",
    } <= set(library.routines)
    for muscle in ("calf", "quad", "hamstring", "foot"):
        relief = library.relief_for(muscle)
        assert relief is not None
        assert relief.category is Category.RELIEF
    assert {"not-medical-advice", "see-a-doctor", "seek-help-now"} <= set(library.tips)


def test_yml_files_count_too(places: tuple[Path, Path, Path]) -> None:
    _, user, _ = places
    put(user, "exercises.yml", "towel-pull: {name: Towel pull, instructions: Pull.}\n")
    put(user, "towel.yml", "title: T\ncategory: daily\nsteps: [{exercise: towel-pull, hold: 5}]\n")
    library = load(places)
    assert library.problems == ()
    assert library.routines["towel"].user
    assert library.exercises["towel-pull"].user


def test_user_exercise_pictures_are_in_the_user_pictures_folder(
    places: tuple[Path, Path, Path],
) -> None:
    _, user, assets = places
    put(user / "pictures", "towel.svg", "<svg/>")
    put(
        user,
        "exercises.yaml",
        "towel-pull: {name: Towel pull, instructions: Pull., image: towel.svg}\n"
        "calf-lunge: {name: My lunge, instructions: Lunge., image: calf-lunge.svg}\n",
    )
    library = load(places)
    assert library.problems == ()
    assert library.exercises["towel-pull"].picture == user / "pictures" / "towel.svg"
    assert library.exercises["calf-lunge"].picture == assets / "exercises" / "calf-lunge.svg"
    assert library.exercises["massage"].picture == assets / "exercises" / "massage.svg"
    assert "pictures" not in library.routines
