"""A user's own exercises and pictures: written beside the others, checked as the loader checks."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from stretchapp import resources
from stretchapp.core.loader import MAX_PICTURE_BYTES, load_exercises
from stretchapp.core.routine import Exercise
from stretchapp.routine_files import ExerciseSaveError, copy_picture, save_exercise

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
TOWEL = Exercise(
    "towel-pull",
    "Towel pull",
    muscles=("calf",),
    image="towel-pull.svg",
    instructions="Sit with the leg straight.\nPull the towel gently towards you.",
    summary="Pull the towel towards you.",
)

HAND_WRITTEN = textwrap.dedent(
    """\
    # my exercises: keep this comment
    heel-drop:   # from the physio
      name: Heel drop
      muscles: [calf]
      instructions: Drop the heels off a step.
    """
)


def load(folder: Path) -> dict[str, Exercise]:
    exercises, problems = load_exercises(
        folder / "exercises.yaml", assets_dir=resources.assets_dir(), user=True
    )
    assert problems == []
    return exercises


def test_a_new_file_holds_the_exercise_and_loads_back(tmp_path: Path) -> None:
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "towel-pull.svg").write_text("<svg/>", encoding="utf-8")
    save_exercise(TOWEL, tmp_path / "exercises.yaml")
    text = (tmp_path / "exercises.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Your own exercises")
    loaded = load(tmp_path)["towel-pull"]
    assert (loaded.name, loaded.muscles, loaded.image, loaded.summary) == (
        "Towel pull",
        ("calf",),
        "towel-pull.svg",
        "Pull the towel towards you.",
    )
    assert loaded.instructions == TOWEL.instructions
    assert loaded.picture == tmp_path / "pictures" / "towel-pull.svg"
    assert loaded.user


def test_a_hand_written_file_keeps_its_comments_and_exercises(tmp_path: Path) -> None:
    path = tmp_path / "exercises.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    save_exercise(Exercise("toe-pull", "Toe pull", instructions="Pull the toes."), path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(HAND_WRITTEN)
    assert sorted(load(tmp_path)) == ["heel-drop", "toe-pull"]


@pytest.mark.parametrize("broken", ["heel-drop: [\n", "- a list\n", "a:\n  name: A\n  nme: x\n"])
def test_a_file_the_writer_cannot_keep_is_left_alone(tmp_path: Path, broken: str) -> None:
    path = tmp_path / "exercises.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ExerciseSaveError):
        save_exercise(TOWEL, path)
    assert path.read_text(encoding="utf-8") == broken


def test_copy_picture_copies_a_real_picture_under_a_free_name(tmp_path: Path) -> None:
    source = tmp_path / "Photo.PNG"
    source.write_bytes(PNG)
    pictures = tmp_path / "home" / "pictures"
    assert copy_picture(source, pictures, "towel-pull") == "towel-pull.png"
    assert copy_picture(source, pictures, "towel-pull") == "towel-pull-2.png"
    assert (pictures / "towel-pull.png").read_bytes() == PNG
    assert (pictures / "towel-pull-2.png").read_bytes() == PNG


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("fake.png", b"GIF89a", "'fake.png' is not a PNG picture by its content"),
        ("fake.svg", b"MZ\x90\x00", "'fake.svg' is not an SVG picture by its content"),
        ("a.gif", b"GIF89a", "must be an .svg or .png picture, got 'a.gif'"),
        (
            "huge.svg",
            b"<svg>" + b" " * MAX_PICTURE_BYTES,
            f"'huge.svg' is {MAX_PICTURE_BYTES + 5:,} bytes; a picture may have at most "
            f"{MAX_PICTURE_BYTES:,}: use a smaller one",
        ),
    ],
)
def test_copy_picture_refuses_with_the_loaders_message(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    with pytest.raises(ExerciseSaveError, match="^" + re.escape(message) + "$"):
        copy_picture(source, tmp_path / "pictures", "x")
    assert not (tmp_path / "pictures").exists()
