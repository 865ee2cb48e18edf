"""Renders assets/icons/stretchapp.svg to the hicolor PNGs here and to the window's PNGs
in assets/icons/, and the sound button's speakers (sound-on.svg, sound-off.svg) to
their PNGs beside them; --check compares instead."""

# The PNGs are committed so that installing needs no Qt (a packager's build root
# may have none), and so that the window's icon needs no QtSvg at start-up (its SVG
# plugin and library cost about 0.7 MB); this script is their one source, and
# --check (run by the tests) fails when the SVG has changed and they were not
# rendered again.

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SVG = ROOT / "assets" / "icons" / "stretchapp.svg"
APP_ID = "io.github.stretchapp.StretchApp"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
WINDOW_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)  # the window's and the tray's icon
# The sound button's speakers: black shapes the window inks in its theme's text colour
# (gui/theme.py speaker_icon) without QPainter, whose fill would load Qt's namespace.
SPEAKERS = ("sound-on", "sound-off")
SPEAKER_SIZES = (16, 32)  # gui/theme.py's SPEAKER_SIDES
TOLERANCE = 2.0  # mean difference per channel (0..255) that is antialiasing, not a change


def png_path(size: int, root: Path = HERE / "icons") -> Path:
    """Where the PNG of one size lives in a hicolor tree under root."""
    return root / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def window_png_path(size: int, root: Path = SVG.parent) -> Path:
    """Where the window's PNG of one size lives (the app loads them by this name)."""
    return root / f"stretchapp-{size}.png"


def speaker_png_path(name: str, size: int, root: Path = SVG.parent) -> Path:
    """Where a speaker's PNG of one size lives (gui/theme.py loads them by this name)."""
    return root / f"{name}-{size}.png"


def _app() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication  # noqa: PLC0415 (Qt only where it renders)

    return QGuiApplication.instance() or QGuiApplication(sys.argv[:1])


def render(size: int, svg: Path = SVG) -> object:
    """The icon as a QImage of size x size, transparent around the rounded square."""
    from PySide6.QtCore import Qt  # noqa: PLC0415
    from PySide6.QtGui import QImage, QPainter  # noqa: PLC0415
    from PySide6.QtSvg import QSvgRenderer  # noqa: PLC0415

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def difference(a: object, b: object) -> float:
    """Mean absolute difference per channel of two images of one size; inf when sizes differ."""
    from PySide6.QtGui import QImage  # noqa: PLC0415

    assert isinstance(a, QImage)
    assert isinstance(b, QImage)
    if a.size() != b.size():
        return float("inf")
    fmt = QImage.Format.Format_RGBA8888
    # keep the converted images alive while their bits are read
    ca, cb = a.convertToFormat(fmt), b.convertToFormat(fmt)
    left, right = bytes(ca.constBits()), bytes(cb.constBits())
    return sum(abs(x - y) for x, y in zip(left, right, strict=True)) / max(1, len(left))


def main(argv: list[str] | None = None) -> int:
    """Write (or --check) every size; the exit code."""
    parser = argparse.ArgumentParser(prog="render_icons.py", description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    parser.add_argument(
        "--out", type=Path, default=HERE / "icons", help="the hicolor tree's parent"
    )
    args = parser.parse_args(argv)
    app = _app()
    from PySide6.QtGui import QImage  # noqa: PLC0415

    stale = []
    targets = [(SVG, size, png_path(size, args.out)) for size in SIZES]
    targets += [(SVG, size, window_png_path(size)) for size in WINDOW_SIZES]
    targets += [
        (SVG.parent / f"{name}.svg", size, speaker_png_path(name, size))
        for name in SPEAKERS
        for size in SPEAKER_SIZES
    ]
    for svg, size, path in targets:
        image = render(size, svg)
        assert isinstance(image, QImage)
        if args.check:
            committed = QImage(str(path))
            off = difference(image, committed) if not committed.isNull() else float("inf")
            if off > TOLERANCE:
                stale.append(f"{path}: differs from the SVG by {off:.1f}")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(path), quality=9):
            print(f"render_icons: cannot write {path}", file=sys.stderr)
            return 1
        print(path)
    del app
    for line in stale:
        print(line, file=sys.stderr)
    if stale:
        print("render_icons: run `python packaging/linux/render_icons.py` again", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
