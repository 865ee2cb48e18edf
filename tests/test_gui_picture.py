"""The exercise pictures: each renders, the right leg sees the left mirrored, dark stays dark."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from stretchapp import resources
from stretchapp.core.library import Library, load_library
from stretchapp.core.routine import Side, Sides
from stretchapp.core.timeline import Phase, PhaseKind, compile_routine
from stretchapp.gui.picture import DARK_INKS, HALO, ExercisePicture, inked, is_dark
from stretchapp.gui.player_view import PlayerView
from stretchapp.gui.theme import DARK, LIGHT, Theme

PICTURES = sorted((resources.assets_dir() / "exercises").glob("*.svg"))
SIZE = QSize(240, 200)  # wider than tall, as in the player: the figure sits off the edges
CORAL = QColor("#e07a5f")  # the mark on the stretched muscle


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    user = tmp_path_factory.mktemp("user-routines")
    return load_library(resources.routines_dir(), user, assets=resources.assets_dir())


def sided_exercises(library: Library) -> set[str]:
    """Every exercise a bundled routine does one leg at a time."""
    return {
        step.exercise
        for routine in library.routines.values()
        for step in routine.steps
        if step.sides is not Sides.NONE
    }


def picture_of(library: Library, exercise_id: str) -> Path:
    image = library.exercises[exercise_id].image
    assert image is not None
    return resources.assets_dir() / "exercises" / image


def rendered(path: Path, theme: Theme, *, mirrored: bool, size: QSize = SIZE) -> QImage:
    picture = ExercisePicture()
    picture.set_theme(theme)
    assert picture.set_picture(path, mirrored=mirrored)
    return picture.image(size)


def flipped(image: QImage) -> QImage:
    """The image turned left to right, pixel for pixel."""
    out = QImage(image.size(), image.format())
    for y in range(image.height()):
        for x in range(image.width()):
            out.setPixel(image.width() - 1 - x, y, image.pixel(x, y))
    return out


def share_differing(a: QImage, b: QImage) -> float:
    step = 2
    points = [(x, y) for x in range(0, a.width(), step) for y in range(0, a.height(), step)]
    return sum(a.pixel(x, y) != b.pixel(x, y) for x, y in points) / len(points)


def marked(image: QImage) -> set[tuple[int, int]]:
    """The pixels of the marked muscle."""
    found = {
        (x, y)
        for x in range(image.width())
        for y in range(image.height())
        if _near(image.pixelColor(x, y), CORAL)
    }
    assert found, "no marked muscle"
    return found


def centre_x(pixels: set[tuple[int, int]]) -> float:
    return sum(x for x, _ in pixels) / len(pixels) / SIZE.width()


def _near(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 30


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=lambda t: t.name)
@pytest.mark.parametrize("path", PICTURES, ids=lambda p: p.stem)
def test_every_picture_renders_on_its_plate(qapp: object, path: Path, theme: Theme) -> None:
    del qapp
    image = rendered(path, theme, mirrored=False)
    plate = QColor(theme.plate).rgb()
    corners = [(0, 0), (SIZE.width() - 1, 0), (0, SIZE.height() - 1)]
    assert all(image.pixel(x, y) == plate for x, y in corners)
    off_plate = sum(
        image.pixel(x, y) != plate for x in range(0, 240, 4) for y in range(0, 200, 4)
    ) / (60 * 50)
    assert 0.05 < off_plate < 0.7  # a figure, neither an empty plate nor a filled one


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=lambda t: t.name)
@pytest.mark.parametrize("path", PICTURES, ids=lambda p: p.stem)
def test_the_right_leg_sees_the_left_mirrored(qapp: object, path: Path, theme: Theme) -> None:
    del qapp
    left = rendered(path, theme, mirrored=False)
    right = rendered(path, theme, mirrored=True)
    assert right == flipped(left)
    assert share_differing(right, left) > 0.02


def test_every_sided_picture_moves_its_marked_leg(qapp: object, library: Library) -> None:
    del qapp
    sided = sided_exercises(library)
    assert {"calf-lunge", "kneeling-quad", "hamstring-fold"} <= sided
    for exercise_id in sorted(sided):
        path = picture_of(library, exercise_id)
        left = marked(rendered(path, LIGHT, mirrored=False))
        right = marked(rendered(path, LIGHT, mirrored=True))
        assert centre_x(right) == pytest.approx(1 - centre_x(left), abs=0.01), exercise_id
        # the mark leaves where it was: the two legs look plainly different
        assert len(left & right) < 0.25 * len(left | right), exercise_id


def test_a_missing_or_broken_picture_shows_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    picture = ExercisePicture()
    qtbot.addWidget(picture)
    broken = tmp_path / "broken.svg"
    broken.write_text("not a picture", encoding="utf-8")
    assert not picture.set_picture(tmp_path / "missing.svg")
    assert not picture.set_picture(broken)
    assert not picture.set_picture(None)
    image = picture.image(SIZE)
    assert image.pixel(120, 100) == QColor(LIGHT.plate).rgb()


def test_dark_inks_swap_only_the_light_ground_colours() -> None:
    svg = b'<svg><path stroke="#FFFFFF" fill="#3d4a5c"/><circle fill="#e07a5f"/></svg>'
    assert inked(svg, LIGHT) == svg
    dark = inked(svg, DARK).decode()
    assert f'stroke="{DARK.plate}"' in dark  # the halo melts into the plate
    assert f'fill="{DARK_INKS["#3d4a5c"]}"' in dark
    assert 'fill="#e07a5f"' in dark  # the marked muscle keeps its colour
    assert HALO not in dark.lower()


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    q = QColor(colour)
    return 0.2126 * channel(q.redF()) + 0.7152 * channel(q.greenF()) + 0.0722 * channel(q.blueF())


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_plates_follow_the_theme_and_the_figure_stands_out() -> None:
    assert not is_dark(LIGHT)
    assert is_dark(DARK)
    assert QColor(DARK.plate).lightness() < 70  # a dark plate, not a bright box
    near = "#3d4a5c"
    assert _contrast(near, LIGHT.plate) >= 4.5
    assert _contrast(DARK_INKS[near], DARK.plate) >= 4.5


# -- in the player


def _phases(library: Library, exercise: str) -> tuple[Phase, Phase, Phase]:
    """A routine's first left-leg hold, the switch after it and the first right-leg hold."""
    routine = next(
        r
        for r in library.routines.values()
        if any(s.exercise == exercise and s.sides is Sides.BOTH for s in r.steps)
    )
    phases = [p for p in compile_routine(routine).phases if p.exercise == exercise]
    left = next(p for p in phases if p.is_work and p.side is Side.LEFT)
    switch = next(p for p in phases if p.kind is PhaseKind.SWITCH)
    right = next(p for p in phases if p.is_work and p.side is Side.RIGHT)
    return left, switch, right


def _player(qtbot: QtBot, theme: Theme) -> PlayerView:
    player = PlayerView()
    qtbot.addWidget(player)
    player.set_theme(theme)
    player.resize(1100, 760)
    layout = player.layout()
    assert layout is not None
    layout.activate()  # laid out as shown, without a window on the offscreen screen
    return player


def _show(player: PlayerView, library: Library, phase: Phase) -> QImage:
    assert phase.exercise is not None
    exercise = library.exercises[phase.exercise]
    player.show_phase(phase, exercise, picture_of(library, exercise.id), phase.seconds, "")
    assert player.plate.isVisibleTo(player)
    # at one size: the card around the picture widens and narrows with its words
    return player.picture.image(SIZE)


@pytest.mark.parametrize("exercise", ["calf-lunge", "kneeling-quad"])
def test_the_player_mirrors_the_picture_for_the_right_leg(
    qtbot: QtBot, library: Library, exercise: str
) -> None:
    player = _player(qtbot, LIGHT)
    left_phase, switch, right_phase = _phases(library, exercise)
    left = _show(player, library, left_phase)
    assert not _mirrored(player)
    assert player.picture.accessibleName().endswith(", left leg")
    right = _show(player, library, right_phase)
    assert _mirrored(player)
    assert player.picture.accessibleName().endswith(", right leg")
    assert right == flipped(left)
    assert share_differing(right, left) > 0.02
    # the switch to the right leg already shows it; back on the left, the drawing again
    assert switch.side is Side.RIGHT
    assert _show(player, library, switch) == right
    assert _show(player, library, left_phase) == left
    assert not _mirrored(player)


def _mirrored(player: PlayerView) -> bool:
    return player.picture.mirrored


def test_the_player_shows_the_picture_on_a_dark_plate_in_the_dark_theme(
    qtbot: QtBot, library: Library
) -> None:
    player = _player(qtbot, DARK)
    left_phase, _, _ = _phases(library, "calf-lunge")
    image = _show(player, library, left_phase)
    corner = image.pixelColor(2, 2)
    assert corner.lightness() < 70
    assert corner.rgb() == QColor(DARK.plate).rgb()
    # the figure is drawn in light ink on it, not the dark ink meant for a light plate
    light_ink = QColor(DARK_INKS["#3d4a5c"]).rgb()
    assert any(
        image.pixel(x, y) == light_ink
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    )
    player.set_theme(LIGHT)
    image = player.picture.grab().toImage()
    assert image.pixelColor(2, 2).rgb() == QColor(LIGHT.plate).rgb()


def test_a_png_picture_is_scaled_to_fit_and_mirrored(qtbot: QtBot, tmp_path: Path) -> None:
    photo = QImage(40, 20, QImage.Format.Format_RGB32)
    photo.fill(QColor("#ff0000"))
    for x in range(20, 40):
        for y in range(20):
            photo.setPixelColor(x, y, QColor("#0000ff"))
    path = tmp_path / "photo.png"
    assert photo.save(str(path))  # PNG, by its suffix
    picture = ExercisePicture()
    qtbot.addWidget(picture)
    assert picture.set_picture(path)
    size = QSize(200, 200)
    image = picture.image(size)
    # 200 wide, 100 tall, centred: the plate above and below, red left and blue right
    assert image.pixelColor(100, 20) == QColor(LIGHT.plate)
    assert image.pixelColor(50, 100) == QColor("#ff0000")
    assert image.pixelColor(150, 100) == QColor("#0000ff")
    assert picture.set_picture(path, mirrored=True)
    mirrored = picture.image(size)
    assert mirrored.pixelColor(50, 100) == QColor("#0000ff")
    assert mirrored.pixelColor(150, 100) == QColor("#ff0000")
    picture.set_theme(DARK)  # a photo has no inks to swap: it stays as it is
    assert picture.image(size).pixelColor(150, 100) == QColor("#ff0000")
