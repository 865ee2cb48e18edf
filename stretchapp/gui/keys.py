"""Single-letter keys that give way to typing: in a list's type-ahead, a letter is a letter."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QLineEdit

from stretchapp.gui.qt_values import (
    KEY_ENTER,
    KEY_RETURN,
    KEY_SPACE,
    KEYPAD_MODIFIER,
    SHIFT_MODIFIER,
)

# Qt's numbers, not its namespace, until a key is pressed (see qt_values).
# Shift makes capitals and the keypad digits; anything else (Ctrl+Q) stays a shortcut
_TYPING_MODIFIERS = SHIFT_MODIFIER | KEYPAD_MODIFIER


def is_typed_text(event: QKeyEvent) -> bool:
    """Whether the key writes a visible character (a letter, a digit), not a space or a command."""
    text = event.text()
    if not text or not text.isprintable() or text.isspace():
        return False
    return not (event.modifiers().value & ~_TYPING_MODIFIERS)


class TypingGuard(QObject):
    """An event filter for a list: typed characters go to its type-ahead, or to `redirect`
    (the routine list's search box), and never fire the window's single-letter shortcuts.

    Keys in `always` stay shortcuts even here: the cramp key must start relief at once,
    whatever has the focus (only a text field, where the letter is plainly typed, keeps it).
    """

    def __init__(
        self,
        parent: QObject,
        redirect: QLineEdit | None = None,
        *,
        always: frozenset[int] = frozenset(),
    ) -> None:
        super().__init__(parent)
        self._redirect = redirect
        self._always = always

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt's name)
        """Take typed characters before the shortcuts see them."""
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(event, QKeyEvent) or not is_typed_text(event):
            return False
        if event.key() in self._always:
            return False
        if kind is QEvent.Type.ShortcutOverride:
            event.accept()  # an accepted override makes Qt deliver the key, not the shortcut
            return True
        if self._redirect is not None:
            self._redirect.setFocus()
            self._redirect.insert(event.text())
            return True
        return False  # the list's own type-ahead


_PRESS_KEYS = frozenset({KEY_SPACE, KEY_RETURN, KEY_ENTER})


class FocusedControlKeys(QObject):
    """An application event filter: Space and Enter on a focused button press that button,
    and in a text field they are typed; the window's Space and Enter shortcuts apply only
    when neither has the focus (a keyboard user on "Stop" must not pause instead)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt's name)
        """Keep Space and Enter for the button or field they were pressed in."""
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(event, QKeyEvent) or event.key() not in _PRESS_KEYS:
            return False
        if event.modifiers().value & ~KEYPAD_MODIFIER:
            return False
        if not isinstance(watched, QAbstractButton | QLineEdit | QAbstractSpinBox):
            return False
        if kind is QEvent.Type.ShortcutOverride:
            event.accept()  # the widget gets the key, not the shortcut
            return True
        if isinstance(watched, QAbstractButton) and event.key() != KEY_SPACE:
            watched.animateClick()  # Enter presses a button as Space does
            return True
        return False
