"""The history page's two pictures: the heat map of days done and the bars of cramps a week,
and ChartsPanel, the two side by side under their captions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

# from the pure core, not stretchapp.history: that package loads SQLite and the CSV code
from stretchapp.core.stats import WeekCounts, week_of
from stretchapp.gui.theme import LIGHT, Theme

HEAT_WEEKS = 27  # about six months of days, whole weeks ending with this one
CHART_WEEKS = 26
DAY_LETTERS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


def counted(n: int, word: str) -> str:
    """ "1 cramp", "2 cramps"."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def day_text(day: dt.date, count: int) -> str:
    """A day of the heat map in words: "Monday 3 March: done twice"."""
    done = {0: "not done", 1: "done once", 2: "done twice"}.get(count, f"done {count} times")
    return f"{day:%A} {day.day} {day:%B}: {done}"


def week_text(week: WeekCounts) -> str:
    """A week of the chart in words: "Week of 3 March: 1 cramp"."""
    return f"Week of {week.week.day} {week.week:%B}: {counted(week.cramps, 'cramp')}"


class _KeyedChart(QWidget):
    """A painted chart a keyboard can walk: the arrows move a position over its items,
    and that item in words is the accessible name, which a screen reader says as the
    focus moves. `steps` maps a key to how far it moves."""

    def __init__(self, title: str, steps: Mapping[Qt.Key, int]) -> None:
        super().__init__()
        self._title = title
        self._steps = steps
        self.position = 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(title)

    def item_count(self) -> int:
        """How many items the cursor walks over."""
        raise NotImplementedError

    def item_text(self, index: int) -> str:
        """One item in words."""
        raise NotImplementedError

    def move_cursor(self, index: int) -> None:
        """Put the cursor on an item (the last one when out of range) and say it."""
        count = self.item_count()
        self.position = max(0, min(index, count - 1))
        if count:
            self.setAccessibleName(f"{self._title}. {self.item_text(self.position)}")
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802  (Qt's name)
        """Arrows, Home and End move the cursor; other keys go on."""
        key = Qt.Key(event.key())
        if key in self._steps:
            self.move_cursor(self.position + self._steps[key])
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self.move_cursor(0 if key is Qt.Key.Key_Home else self.item_count() - 1)
        else:
            super().keyPressEvent(event)


def heat_level(count: int) -> int:
    """0 for a day not done, 1..3 for once, twice, three times or more."""
    return min(count, 3)


class HeatMap(_KeyedChart):
    """Weeks as columns, Monday to Sunday as rows; a day done is filled, more often darker."""

    CELL = 15
    GAP = 3
    LEFT = 34
    TOP = 18

    def __init__(self, parent: QWidget | None = None) -> None:
        # columns are weeks: Left and Right move a week, Up and Down a day
        week, day = 7, 1
        steps = {Qt.Key.Key_Left: -week, Qt.Key.Key_Right: week}
        steps |= {Qt.Key.Key_Up: -day, Qt.Key.Key_Down: day}
        super().__init__("Days the daily routine was done", steps)
        self.setParent(parent)
        self.days: Mapping[dt.date, int] = {}
        self.today = dt.date(2000, 1, 1)
        self.weeks = HEAT_WEEKS
        self._theme = LIGHT
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_days(self, days: Mapping[dt.date, int], today: dt.date) -> None:
        """Completed sessions per day, and today."""
        self.days = days
        self.today = today
        done = sum(1 for d in self.shown_days() if days.get(d, 0))
        self.setAccessibleDescription(
            f"{counted(done, 'day')} done in the last {self.weeks} weeks; arrows go day by day"
        )
        self.move_cursor(self.item_count() - 1)  # today

    def item_count(self) -> int:
        """The days shown."""
        return len(self.shown_days())

    def item_text(self, index: int) -> str:
        """A day in words."""
        day = self.shown_days()[index]
        return day_text(day, self.days.get(day, 0))

    def set_theme(self, theme: Theme) -> None:
        """Colours."""
        self._theme = theme
        self.update()

    def first_day(self) -> dt.date:
        """The Monday of the first column."""
        return week_of(self.today) - dt.timedelta(weeks=self.weeks - 1)

    def shown_days(self) -> list[dt.date]:
        """Every day with a cell, up to today."""
        first = self.first_day()
        return [first + dt.timedelta(days=i) for i in range((self.today - first).days + 1)]

    def cell(self, day: dt.date) -> QRectF:
        """Where a day's cell is painted."""
        offset = (day - self.first_day()).days
        column, row = divmod(offset, 7)
        step = self.CELL + self.GAP
        return QRectF(self.LEFT + column * step, self.TOP + row * step, self.CELL, self.CELL)

    def sizeHint(self) -> QSize:  # noqa: N802  (Qt's name)
        """Room for every column."""
        step = self.CELL + self.GAP
        return QSize(self.LEFT + self.weeks * step, self.TOP + 7 * step)

    def minimumSizeHint(self) -> QSize:  # noqa: N802  (Qt's name)
        """As big as it wants."""
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802  (Qt's name)
        """Cells, month names on top, day names on the left."""
        del event
        t = self._theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        accent = QColor(t.accent)
        shades = [QColor(t.track)]
        for alpha in (110, 180, 255):
            c = QColor(accent)
            c.setAlpha(alpha)
            shades.append(c)
        p.setPen(Qt.PenStyle.NoPen)
        for day in self.shown_days():
            p.setBrush(shades[heat_level(self.days.get(day, 0))])
            p.drawRoundedRect(self.cell(day), 3, 3)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QColor(t.text))
        p.drawRoundedRect(self.cell(self.today).adjusted(-1, -1, 1, 1), 3, 3)
        if self.hasFocus() and self.item_count():
            p.setPen(QPen(QColor(t.accent), 2))
            p.drawRoundedRect(
                self.cell(self.shown_days()[self.position]).adjusted(-2, -2, 2, 2), 3, 3
            )
        font = p.font()
        font.setPixelSize(11)
        p.setFont(font)
        p.setPen(QColor(t.muted))
        for row, name in enumerate(DAY_LETTERS):
            if name:
                r = self.cell(self.first_day() + dt.timedelta(days=row))
                p.drawText(
                    QRectF(0, r.top() - 2, self.LEFT - 6, r.height() + 4),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    name,
                )
        last = -3
        for column in range(self.weeks):
            monday = self.first_day() + dt.timedelta(weeks=column)
            sunday = monday + dt.timedelta(days=6)
            # a month's name over the first week that starts in it; the first column is
            # named only when its month lasts long enough for the name to fit
            starts = monday.day <= 7 if column else sunday.month == monday.month
            if starts and column - last >= 3 and column < self.weeks - 2:
                last = column
                r = self.cell(monday)
                p.drawText(QRectF(r.left(), 0, 60, self.TOP - 3), f"{monday:%b}")
        p.end()


class WeekChart(_KeyedChart):
    """Cramps a week as bars, the last CHART_WEEKS weeks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Cramps a week", {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1})
        self.setParent(parent)
        self.weeks: list[WeekCounts] = []
        self._theme = LIGHT
        # as tall as the heat map beside it: the history page keeps its list rows at 1366×768
        self.setMinimumSize(QSize(320, 144))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_weeks(self, weeks: Sequence[WeekCounts], this_week: dt.date) -> None:
        """The last CHART_WEEKS weeks up to this week, missing ones as zero."""
        known = {w.week: w for w in weeks[-CHART_WEEKS:]}
        first = this_week - dt.timedelta(weeks=CHART_WEEKS - 1)
        self.weeks = [
            known.get(
                first + dt.timedelta(weeks=i), WeekCounts(first + dt.timedelta(weeks=i), 0, 0.0, 0)
            )
            for i in range(CHART_WEEKS)
        ]
        total = sum(w.cramps for w in self.weeks)
        self.setAccessibleDescription(
            f"{counted(total, 'cramp')} in the last {CHART_WEEKS} weeks; arrows go week by week"
        )
        self.move_cursor(self.item_count() - 1)  # this week

    def item_count(self) -> int:
        """The weeks shown."""
        return len(self.weeks)

    def item_text(self, index: int) -> str:
        """A week in words."""
        return week_text(self.weeks[index])

    def set_theme(self, theme: Theme) -> None:
        """Colours."""
        self._theme = theme
        self.update()

    def bar(self, index: int) -> QRectF:
        """Where a week's bar is painted."""
        top = max((w.cramps for w in self.weeks), default=0)
        left, bottom, height = 28.0, self.height() - 20.0, self.height() - 34.0
        width = (self.width() - left - 4) / max(1, len(self.weeks))
        value = self.weeks[index].cramps if index < len(self.weeks) else 0
        h = 0.0 if top == 0 else height * value / top
        return QRectF(left + index * width + 2, bottom - h, max(2.0, width - 4), h)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802  (Qt's name)
        """Bars, the largest count on the axis, month names under the first week of each."""
        del event
        t = self._theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = p.font()
        font.setPixelSize(11)
        p.setFont(font)
        bottom = self.height() - 20.0
        p.setPen(QColor(t.border))
        p.drawLine(28, round(bottom), self.width() - 4, round(bottom))
        top = max((w.cramps for w in self.weeks), default=0)
        p.setPen(QColor(t.muted))
        p.drawText(QRectF(0, 8, 24, 14), Qt.AlignmentFlag.AlignRight, str(top))
        p.drawText(QRectF(0, bottom - 14, 24, 14), Qt.AlignmentFlag.AlignRight, "0")
        month = None
        for i, week in enumerate(self.weeks):
            r = self.bar(i)
            if self.hasFocus() and i == self.position:
                p.setPen(QPen(QColor(t.accent), 2))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(QRectF(r.left() - 1, 8, r.width() + 2, bottom - 8))
            if week.cramps:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor(t.cramp))
                p.drawRoundedRect(r, 2, 2)
            if week.week.month != month and i < len(self.weeks) - 2:
                month = week.week.month
                p.setPen(QColor(t.muted))
                p.drawText(QRectF(r.left(), bottom + 3, 60, 16), f"{week.week:%b}")
        p.end()


class ChartsPanel(QWidget):
    """The heat map and the cramps a week side by side, each under its caption. The page
    hides the whole panel when it is short of room (history_view.py)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heat = HeatMap()
        self.chart = WeekChart()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(20)  # both fit the smallest window
        for caption, picture, stretch in (
            ("Days the daily routine was done (fuller colour: more often)", self.heat, 0),
            ("Cramps a week", self.chart, 1),
        ):
            label = QLabel(caption)
            label.setProperty("role", "muted")
            box = QVBoxLayout()
            box.addWidget(label)
            box.addWidget(picture)
            box.addStretch(1)
            layout.addLayout(box, stretch)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_theme(self, theme: Theme) -> None:
        """Colours for both pictures."""
        self.heat.set_theme(theme)
        self.chart.set_theme(theme)
