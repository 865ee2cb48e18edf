"""The window's one notice area: one notice at a time, the rest queued behind it.

It keeps the same height whether it shows something or not, so that a notice never pushes
the pages around. Plain notices are texts with an OK button; questions (resume what a cramp
interrupted, how bad the cramp was) are widgets of their own, shown before the texts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QStackedLayout, QWidget

TEXT = 0  # the priority of a plain notice; questions come first
STRIP_HEIGHT = 62  # a row of buttons with their padding


def notice_row(frame: QWidget, words: QLabel, *controls: QWidget) -> None:
    """Lay a notice or a question out in its frame: the words take the room, the controls
    (a count, buttons) follow at the right."""
    row = QHBoxLayout(frame)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(words, 1)
    for control in controls:
        row.addWidget(control)


class _Item(NamedTuple):  # not a dataclass: made before the first paint, and cheaper
    key: str
    priority: int
    text: str = ""
    widget: QWidget | None = None


class NoticeArea(QFrame):
    """One notice at a time: `post(text)` queues a text, `offer(key, widget)` a question."""

    label: QLabel  # the plain notice's text, its "2 more" and its OK: made on first use
    more: QLabel
    close_button: QPushButton
    text_frame: QFrame

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "notices")
        self.setFixedHeight(STRIP_HEIGHT)
        # an empty strip until the first notice: its widgets are made then, not before the
        # window's first paint
        self._stack: QStackedLayout | None = None
        self._items: list[_Item] = []

    def _layout(self) -> QStackedLayout:
        if self._stack is not None:
            return self._stack
        from stretchapp.gui.a11y import describe  # noqa: PLC0415  (not needed by an empty strip)

        self.text_frame = QFrame()
        self.label = QLabel()
        self.label.setWordWrap(True)
        describe(self.label, "Notice")
        self.more = QLabel()
        self.more.setProperty("role", "muted")
        self.close_button = QPushButton("OK")
        self.close_button.setAccessibleName("Dismiss the notice")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self._on_close_button_clicked)
        notice_row(self.text_frame, self.label, self.more, self.close_button)
        # the stack in its place before its widgets: a widget added to a stack without a
        # parent would show as a window of its own, and take the focus from the main one
        outer = QHBoxLayout(self)
        outer.setContentsMargins(20, 4, 20, 4)
        stack = self._stack = QStackedLayout()
        outer.addLayout(stack)
        stack.addWidget(QWidget())  # nothing to say: an empty strip
        stack.addWidget(self.text_frame)
        return stack

    def post(self, text: str) -> None:
        """Queue a text that needs no answer; the same text twice is queued once."""
        if text not in self.texts():
            self._items.append(_Item(key=f"text:{text}", priority=TEXT, text=text))
            self._update()

    def offer(self, key: str, widget: QWidget, *, priority: int = 1) -> None:
        """Queue a question widget under `key`, before the texts (a higher priority first)."""
        self.withdraw(key)
        stack = self._layout()
        if stack.indexOf(widget) < 0:
            stack.addWidget(widget)
        self._items.append(_Item(key=key, priority=priority, widget=widget))
        self._update()

    def withdraw(self, key: str) -> None:
        """Take the question or text under `key` out of the queue."""
        self._items = [item for item in self._items if item.key != key]
        self._update()

    @Slot()
    def dismiss(self) -> None:
        """Drop the notice shown now."""
        current = self._current()
        if current is not None:
            self.withdraw(current.key)

    def texts(self) -> list[str]:
        """The plain notices not yet dismissed, oldest first."""
        return [item.text for item in self._items if item.widget is None]

    def __iter__(self) -> Iterator[str]:
        return iter(self.texts())

    def __len__(self) -> int:
        return len(self._items)

    @property
    def current_key(self) -> str | None:
        """The key of the notice shown now, or None."""
        current = self._current()
        return None if current is None else current.key

    def _current(self) -> _Item | None:
        if not self._items:
            return None
        top = max(item.priority for item in self._items)
        return next(item for item in self._items if item.priority == top)

    def _update(self) -> None:
        current = self._current()
        if current is None:
            if self._stack is not None:
                self._stack.setCurrentIndex(0)
            return
        stack = self._layout()
        waiting = len(self._items) - 1
        self.more.setText(f"{waiting} more" if waiting else "")
        if current.widget is None:
            self.label.setText(current.text)
            stack.setCurrentWidget(self.text_frame)
        else:
            fresh = stack.currentWidget() is not current.widget
            stack.setCurrentWidget(current.widget)
            if fresh:
                from stretchapp.gui.a11y import take_focus  # noqa: PLC0415

                take_focus(current.widget)

    @Slot()
    def _on_close_button_clicked(self) -> None:
        self.dismiss()
