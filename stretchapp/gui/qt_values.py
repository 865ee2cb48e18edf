"""The few values of Qt's namespace that the library window needs, without loading it.

PySide6 makes the Python enums of a class all at once, the first time the class is used.
For Qt's namespace that is about a hundred enums of 1,200 values: about 1.4 MB and 15 ms,
which the library window would pay for a dozen values. So these are Qt's own numbers
(tests/test_gui_light.py checks each against Qt), given to Qt where it takes numbers: an
item's data role, a painter's alignment flags, and an object's properties (Qt turns a
number into the property's enum itself; a method that takes the enum needs the namespace).

The namespace still loads where it is needed: the first key press (a key event's
modifiers are its enum), the player, the editor, the dialogs.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

# Qt::Key
KEY_C = 0x43
KEY_SPACE = 0x20
KEY_RETURN = 0x01000004
KEY_ENTER = 0x01000005

# Qt::KeyboardModifier
SHIFT_MODIFIER = 0x02000000
KEYPAD_MODIFIER = 0x20000000

# Qt::ItemDataRole
ACCESSIBLE_TEXT_ROLE = 11
USER_ROLE = 0x0100

# Qt::AlignmentFlag, for QPainter.drawText's int flags
ALIGN_LEFT = 0x0001
ALIGN_RIGHT = 0x0002
ALIGN_VCENTER = 0x0080

# property values: Qt::ShortcutContext, Qt::TextFormat, Qt::TimerType
APPLICATION_SHORTCUT = 2
WIDGET_WITH_CHILDREN_SHORTCUT = 3
RICH_TEXT = 1
PRECISE_TIMER = 0
VERY_COARSE_TIMER = 2


def set_property(target: QObject, name: str, value: int) -> None:
    """Set a Qt property (an enum) to Qt's number for the value; a wrong name is a bug."""
    if not target.setProperty(name, value):
        raise AttributeError(f"{type(target).__name__} has no property {name!r}")
