"""An exercise's picture on the theme's plate, mirrored when the right leg works.

The bundled pictures are side views drawn for the left leg: the figure faces right, so the
near leg, dark and marked in coral, is its left one. Mirrored, the figure faces left and
the near leg is the right one, so a right-leg phase shows the same stretch on the other
leg. Pictures hold no words (tests/test_content.py refuses `<text>`), so a mirror never
shows writing backwards; the words are in the labels beside the picture. A user's own
picture may be a PNG: it is shown as it is, scaled to fit, and mirrored the same way.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretchapp.gui.theme import LIGHT, Theme

# The inks the bundled pictures are drawn in, for a light plate, and what each becomes on a
# dark one. The white halo that keeps overlapping limbs apart becomes the plate itself.
# The coral mark, the ice blue and the warm orange read on both and stay.
HALO = "#ffffff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
DARK_INKS = {
    "#3d4a5c": "#dce5e7",  # the near side of the body: the leg that is stretched
    "#97a4b5": "#6e7f87",  # the far side, dimmer
    "#c9d1da": "#4a5960",  # the floor
    "#dfe5ec": "#34434a",  # wall and chair
    "#aab6c3": "#82939a",  # their outlines
}


def is_dark(theme: Theme) -> bool:
    """Whether the theme's plate is dark, so the pictures need their dark inks."""
    return QColor(theme.plate).lightness() < 128


def inked(svg: bytes, theme: Theme) -> bytes:
    """The SVG with its inks swapped for ones that read on the theme's plate."""
    if not is_dark(theme):
        return svg
    swaps = {**DARK_INKS, HALO: theme.plate}
    pattern = re.compile("|".join(re.escape(ink) for ink in swaps), re.IGNORECASE)
    text = svg.decode("utf-8", errors="replace")
    return pattern.sub(lambda match: swaps[match.group(0).lower()], text).encode("utf-8")


class ExercisePicture(QWidget):
    """Paints the plate and the picture, as large as fits and centred."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = LIGHT
        self._path: Path | None = None
        self._source = b""
        self._mirrored = False
        self._renderer = QSvgRenderer(self)
        self._renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self._figure: QImage | None = None  # the left-leg figure at the last size painted
        self._raster = QImage()  # a PNG picture, drawn as it is (no inks to swap)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(QSize(0, 0))  # a small window shrinks the picture first
        self.setAccessibleName("Illustration")

    @property
    def has_picture(self) -> bool:
        """Whether a readable picture is loaded."""
        return bool(self._source) and (not self._raster.isNull() or self._renderer.isValid())

    @property
    def mirrored(self) -> bool:
        """Whether the picture shows mirrored, for the right leg."""
        return self._mirrored

    def set_picture(self, path: Path | None, *, mirrored: bool = False) -> bool:
        """Show the SVG or PNG at path, mirrored for the right leg; True when there is one."""
        if path != self._path:
            self._path = path
            try:
                self._source = path.read_bytes() if path is not None else b""
            except OSError:
                self._source = b""  # a missing picture leaves the plate to the words
            self._load()
        if mirrored != self._mirrored:
            self._mirrored = mirrored
            self.update()
        return self.has_picture

    def set_theme(self, theme: Theme) -> None:
        """Paint the plate in the theme's colour and the picture in inks that read on it."""
        if theme != self._theme:
            self._theme = theme
            self._load()

    def _load(self) -> None:
        is_png = self._source.startswith(PNG_MAGIC)
        self._raster = QImage.fromData(self._source) if is_png else QImage()
        self._renderer.load(b"" if is_png else inked(self._source, self._theme))
        self._renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self._figure = None
        self.update()

    def image(self, size: QSize) -> QImage:
        """What the widget paints at size (device pixels): the plate, the picture on it."""
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(self._theme.plate))
        if not self.has_picture or size.isEmpty():
            return image
        if self._figure is None or self._figure.size() != size:
            figure = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
            figure.fill(Qt.GlobalColor.transparent)
            painter = QPainter(figure)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            if self._raster.isNull():
                self._renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
            else:
                self._draw_raster(painter, size)
            painter.end()
            self._figure = figure
        painter = QPainter(image)
        if self._mirrored:
            # a whole-pixel flip of the drawn figure: the right leg is exactly the left mirrored
            painter.translate(size.width(), 0)
            painter.scale(-1, 1)
        painter.drawImage(0, 0, self._figure)
        painter.end()
        return image

    def _draw_raster(self, painter: QPainter, size: QSize) -> None:
        scaled = self._raster.scaled(
            size,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        x = (size.width() - scaled.width()) // 2
        y = (size.height() - scaled.height()) // 2
        painter.drawImage(x, y, scaled)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802  (Qt's name)
        """Draw the plate and the picture at the screen's own resolution."""
        del event
        ratio = self.devicePixelRatioF()
        size = (QSizeF(self.size()) * ratio).toSize()
        image = self.image(size)
        image.setDevicePixelRatio(ratio)
        painter = QPainter(self)
        painter.drawImage(0, 0, image)
        painter.end()
