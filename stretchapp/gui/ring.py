"""The countdown: big digits in a painted progress ring that repaints only when a digit changes."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretchapp.core.durations import format_clock
from stretchapp.core.texts import spoken_duration

MIN_DIGIT_PX = 96  # readable from three metres at the default size
# AT-SPI clients (libatspi, so Orca) cache a name until told it changed: the ring tells them
# every REFRESH_EVERY shown seconds, so a reader is never more than that behind; Orca does not
# speak a name change of an object without focus, and the ring never has focus
REFRESH_EVERY = 5


def displayed_whole(remaining: float) -> int:
    """The whole second the countdown shows: rounded up, as format_clock does."""
    return max(0, math.ceil(round(remaining, 6)))


def until_next_digit(remaining: float) -> float:
    """Seconds until the shown countdown changes (at least a millisecond)."""
    whole = displayed_whole(remaining)
    if whole <= 0:
        return math.inf
    return max(0.001, remaining - (whole - 1))


class CountdownRing(QWidget):
    """A progress ring with the remaining time in large digits.

    set_remaining() may be called as often as the caller likes: the widget
    repaints only when the shown second changes. Its accessibleName() changes
    only with set_phase(), so a screen reader is told once a phase. A screen
    reader knows it as a label (gui/a11y.py's factory) whose name is live_name(),
    worked out when asked: "20 seconds left; Hold, Calf lunge, 30 seconds", and
    refreshed for caching clients every REFRESH_EVERY shown seconds. A progress
    bar's value, which Orca reads as a percentage and announces as it changes,
    is what it no longer is.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(140, 140)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._colour = QColor("#2f7d74")
        self._track = QColor("#dde5e3")
        self._text_colour = QColor("#1f2a2e")
        self._muted = QColor("#5a6b70")
        self._total: float | None = None
        self._whole: int | None = None  # the shown second; None: no countdown (manual)
        self._caption = ""
        self._big_text = ""  # shown instead of digits when there is no countdown
        self._paused = False
        self.paints = 0  # how many times paintEvent ran: the benchmark and tests read it
        self.refreshes = 0  # how many times a screen reader was told the name changed
        # after the fields: a screen reader may ask for live_name() as soon as it is named
        self.setAccessibleName("Countdown")

    # -- what the player calls

    def set_colours(self, ring: str, track: str, text: str, muted: str) -> None:
        """The ring's colour for this phase, its track, and the text colours."""
        colours = (QColor(ring), QColor(track), QColor(text), QColor(muted))
        if colours != (self._colour, self._track, self._text_colour, self._muted):
            self._colour, self._track, self._text_colour, self._muted = colours
            self.update()

    def set_phase(
        self, total: float | None, remaining: float | None, caption: str, spoken: str
    ) -> None:
        """A new phase: its length (None for untimed), what to write under the digits,
        and the one accessible name a screen reader gets for the whole phase."""
        self._total = total
        self._whole = None if remaining is None else displayed_whole(remaining)
        self._caption = caption
        self._big_text = "" if total is not None else caption
        self.setAccessibleName(spoken)
        self.update()

    def set_remaining(self, remaining: float) -> bool:
        """Show the remaining seconds; True when that changed what is shown."""
        whole = displayed_whole(remaining)
        if whole == self._whole:
            return False
        self._whole = whole
        if whole % REFRESH_EVERY == 0:
            self._name_changed()
        self.update()
        return True

    def _name_changed(self) -> None:
        # the event carries live_name() over AT-SPI; the accessibleName() stays the phase's
        self.refreshes += 1
        QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.NameChanged))

    def live_name(self) -> str:
        """What a screen reader reads of the ring now: the time left, then the phase."""
        phase = self.accessibleName()
        if self._whole is None or self._total is None:
            parts = [phase, self._big_text]
        else:
            parts = [f"{spoken_duration(self._whole)} left", phase]
        if self._paused:
            parts.insert(0, "Paused")
        return "; ".join(p for p in parts if p)

    def set_paused(self, paused: bool) -> None:
        """Dim the digits and say Paused while the session is paused."""
        if paused != self._paused:
            self._paused = paused
            self._name_changed()
            self.update()

    @property
    def text(self) -> str:
        """What the digits say now ("0:45"), or the big word of an untimed phase."""
        if self._whole is None or self._total is None:
            return self._big_text
        return format_clock(self._whole)

    @property
    def caption_text(self) -> str:
        """What is written under the digits: "Paused" while paused, else the phase's caption."""
        if self._paused:
            return "Paused"
        return self._caption if self._big_text == "" else ""

    @property
    def paused(self) -> bool:
        """Whether the ring shows a paused session."""
        return self._paused

    def digit_pixel_size(self) -> int:
        """The pixel size of the digits: 30% of the ring, never below 96 px when it fits."""
        side = min(self.width(), self.height())
        wanted = max(MIN_DIGIT_PX, int(side * 0.30))
        # "0:45" is about 2.3 em wide: keep it inside the ring when the window is small
        fits = int(side * 0.80 / 2.4)
        return max(48, min(wanted, fits))

    def sizeHint(self) -> QSize:  # noqa: N802  (Qt's name)
        """Room for a ring whose digits are comfortably above the minimum size."""
        return QSize(380, 380)

    # -- painting

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802  (Qt's name)
        """Track, arc, digits and caption; nothing else."""
        del event
        self.paints += 1
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        thickness = max(10.0, side * 0.045)
        rect = QRectF(
            (self.width() - side) / 2 + thickness / 2,
            (self.height() - side) / 2 + thickness / 2,
            side - thickness,
            side - thickness,
        )
        pen = QPen(self._track, thickness)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        if self._paused:  # a dimmed disc: paused reads from across the room
            veil = QColor(self._track)
            veil.setAlpha(150)
            painter.setBrush(veil)
        painter.drawEllipse(rect)
        painter.setBrush(Qt.BrushStyle.NoBrush)

        fraction = 0.0  # an untimed phase shows the bare track: nothing counts down
        if self._total and self._whole is not None:
            fraction = max(0.0, min(1.0, self._whole / self._total))
        if fraction > 0:
            pen.setColor(self._muted if self._paused else self._colour)
            painter.setPen(pen)
            # Qt angles are in sixteenths of a degree, counter-clockwise from three o'clock
            painter.drawArc(rect, 90 * 16, -round(fraction * 360 * 16))

        font = QFont(self.font())
        text = self.text
        if self._whole is not None and self._total is not None:
            font.setPixelSize(self.digit_pixel_size())
            font.setWeight(QFont.Weight.DemiBold)
            font.setFeature(QFont.Tag("tnum"), 1)  # digits of equal width: no jitter
        else:
            font.setPixelSize(max(36, int(side * 0.12)))
            font.setWeight(QFont.Weight.DemiBold)
        inner = rect.adjusted(thickness, thickness, -thickness, -thickness)
        room = inner.width() * 0.86
        width = QFontMetrics(font).horizontalAdvance(text)
        if width > room:  # a small window or a long word: shrink to fit inside the ring
            font.setPixelSize(max(12, int(font.pixelSize() * room / width)))
        painter.setFont(font)
        painter.setPen(self._muted if self._paused else self._text_colour)
        painter.drawText(inner, Qt.AlignmentFlag.AlignCenter, text)

        under = self.caption_text
        if under:
            small = QFont(self.font())
            small.setPixelSize(max(18, int(side * 0.065)))
            painter.setPen(self._muted)
            if self._paused:  # large, bold and in the phase's colour, not a small grey word
                small.setPixelSize(max(26, int(side * 0.11)))
                small.setWeight(QFont.Weight.Bold)
                painter.setPen(self._colour)
            painter.setFont(small)
            below = QRectF(
                inner.left(), inner.center().y() + side * 0.15, inner.width(), side * 0.16
            )
            painter.drawText(below, Qt.AlignmentFlag.AlignCenter, under)
        painter.end()


class ProgressStrip(QWidget):
    """A thin painted bar of the whole routine's progress; repaints only when a pixel changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedHeight(10)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Routine progress")
        self._fraction = 0.0
        self._filled = -1
        self._colour = QColor("#2f7d74")
        self._track = QColor("#dde5e3")

    def set_colours(self, bar: str, track: str) -> None:
        """The filled and the empty colour."""
        self._colour, self._track = QColor(bar), QColor(track)
        self.update()

    def set_fraction(self, fraction: float) -> None:
        """How much of the routine is done, 0..1."""
        self._fraction = max(0.0, min(1.0, fraction))
        filled = round(self._fraction * self.width())
        if filled != self._filled:
            self._filled = filled
            self.update()

    @property
    def fraction(self) -> float:
        """The fraction shown."""
        return self._fraction

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802  (Qt's name)
        """A rounded track with the done part filled."""
        del event
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        radius = self.height() / 2
        painter.setBrush(self._track)
        painter.drawRoundedRect(QRectF(self.rect()), radius, radius)
        width = self._fraction * self.width()
        if width > 0:
            painter.setBrush(self._colour)
            painter.drawRoundedRect(
                QRectF(0, 0, max(width, self.height()), self.height()), radius, radius
            )
        painter.end()
