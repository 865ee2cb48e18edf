"""What a screen reader is told: announcements, labels that keep their text, and an audit."""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFrame, QLabel, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QAccessible, QAccessibleInterface
    from PySide6.QtWidgets import QAccessibleWidget

# Qt's namespace, QAccessible and the other widget classes are imported in the functions
# that use them: the notice strip describes its label before the window's first paint,
# and loading those takes longer than showing a bare window.

_WORD = re.compile(r"[a-z0-9]+")


# Over AT-SPI (Linux, the BSDs) an announcement is a notification that shows: Orca before
# 45 ignores `object:announcement` but has always spoken a notification when it shows, and a
# newer Orca speaks both, so only one of the two may be sent or it is said twice
AT_SPI = not sys.platform.startswith(("win32", "darwin"))


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> None:
    """Have a screen reader say `text` whatever has focus (polite: after what it is saying;
    assertive: at once, for the medical warning). Over AT-SPI the window's Notifier shows
    it (Orca interrupts itself for a notification: both are said at once)."""
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent  # noqa: PLC0415

    if not text:
        return
    if AT_SPI:
        notifier(widget).post(text)
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    politeness = QAccessible.AnnouncementPoliteness
    event.setPoliteness(politeness.Assertive if assertive else politeness.Polite)
    QAccessible.updateAccessibility(event)


def take_focus(widget: QWidget) -> None:
    """Focus the widget when it is a button, else its first button (the resume offer, the
    pain question), so that a screen reader reads it out; nothing when it has none."""
    from PySide6.QtCore import Qt  # noqa: PLC0415
    from PySide6.QtWidgets import QAbstractButton  # noqa: PLC0415

    for child in [widget, *widget.findChildren(QAbstractButton)]:
        if not isinstance(child, QAbstractButton):
            continue
        if child.isVisibleTo(widget) and child.isEnabled():
            child.setFocus(Qt.FocusReason.OtherFocusReason)
            return


def describe(label: QLabel, context: str) -> None:
    """Give a label context without hiding what it shows: a description, never a name
    (over AT-SPI a QLabel's name is all a screen reader gets of it)."""
    label.setAccessibleName("")
    label.setAccessibleDescription(context)


def words(text: str) -> list[str]:
    """The words a user sees or says: lower case, without symbols, mnemonics or punctuation."""
    return _WORD.findall(text.replace("&&", "and").replace("&", "").lower())


def buddy(caption: str, widget: QWidget) -> QLabel:
    """A visible caption that a screen reader reads as the widget's label."""
    label = QLabel(caption)
    label.setBuddy(widget)
    return label


def says_visible_words(name: str, visible: str) -> bool:
    """Whether a name holds the visible words in their order (WCAG 2.5.3, label in name)."""
    seen, said = words(visible), words(name)
    if not seen:
        return True
    return any(said[i : i + len(seen)] == seen for i in range(len(said) - len(seen) + 1))


def accessible_name(widget: QWidget) -> str:
    """The name Qt gives a screen reader for the widget."""
    from PySide6.QtGui import QAccessible  # noqa: PLC0415

    interface = QAccessible.queryAccessibleInterface(widget)
    return "" if interface is None else interface.text(QAccessible.Text.Name)


def _focusable(widget: QWidget) -> bool:
    from PySide6.QtCore import Qt  # noqa: PLC0415

    return (
        widget.isVisible()
        and widget.isEnabled()
        and bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)
    )


def _has_buddy(widget: QWidget, labels: list[QLabel]) -> bool:
    return any(label.buddy() is widget for label in labels)


def audit(root: QWidget) -> list[str]:
    """What would leave a screen-reader user guessing in the shown part of `root`: a
    focusable control without a name, a name without the visible words (a button's text, a
    text field's placeholder), a label whose name replaces its text, a combo box without a
    label or with Qt's own pop-up (whose rows claim showing and focus while it is closed)."""
    from PySide6.QtWidgets import (  # noqa: PLC0415
        QAbstractButton,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
    )

    from stretchapp.gui.rows import RowsCombo  # noqa: PLC0415

    problems: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    labels = [w for w in widgets if isinstance(w, QLabel)]
    for widget in widgets:
        kind = type(widget).__name__
        if isinstance(widget, QLabel) and widget.accessibleName():
            problems.append(f"label {widget.text()!r} is named {widget.accessibleName()!r}")
        if not _focusable(widget) or isinstance(widget.parent(), QAbstractSpinBox):
            continue  # a spin box's line edit is the spin box to a screen reader
        name = accessible_name(widget)
        if isinstance(widget, QComboBox):
            if not _has_buddy(widget, labels):
                problems.append(f"combo box {name!r} has no label")
            if not widget.view().accessibleName():
                problems.append(f"combo box {name!r} has a nameless pop-up")
            if not isinstance(widget, RowsCombo):
                problems.append(f"combo box {name!r} is not a RowsCombo: its closed rows show")
        elif not name.strip():
            problems.append(f"focusable {kind} {widget.objectName()!r} has no name")
        if isinstance(widget, QAbstractButton) and not says_visible_words(name, widget.text()):
            problems.append(f"button {widget.text()!r} is named {name!r}")
        if isinstance(widget, QLineEdit) and not says_visible_words(name, widget.placeholderText()):
            problems.append(f"text field {widget.placeholderText()!r} is named {name!r}")
    return problems


def name_popups(root: QWidget) -> None:
    """Name every combo box's pop-up list after the box, so that opening it is not silent."""
    from PySide6.QtWidgets import QComboBox  # noqa: PLC0415

    for combo in root.findChildren(QComboBox):
        name = combo.accessibleName() or next(
            (label.text() for label in root.findChildren(QLabel) if label.buddy() is combo), ""
        )
        combo.view().setAccessibleName(words_only(name) or "Choices")


def words_only(text: str) -> str:
    """A caption without its colon or mnemonic: "&Voice:" says "Voice"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip().rstrip(":")


class Notifier(QWidget):
    """An unseen notification of the window: each post() hides it, names it with the text
    and shows it again, and a screen reader says a notification's name when it shows. It
    stays showing (flat review finds the last thing said) until the next post."""

    def __init__(self, parent: QWidget) -> None:
        from PySide6.QtCore import Qt  # noqa: PLC0415 (made with the first announcement)

        super().__init__(parent)
        self.setObjectName("notifier")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setGeometry(0, 0, 1, 1)  # a pixel nothing paints: not seen, never in the way
        self.posts = 0  # how many times it was shown with a text
        self.hide()

    def post(self, text: str) -> None:
        """Show `text` as a new notification (hidden first, so that it shows anew)."""
        self.hide()  # renamed while hidden: a name change of a showing object is not said
        self.setAccessibleName(text)
        self.show()
        self.raise_()
        self.posts += 1


def notifier(widget: QWidget) -> Notifier:
    """The Notifier of the widget's window, made the first time it is asked for."""
    window = widget.window()
    for child in window.children():  # the window's own, not a dialog's
        if isinstance(child, Notifier):
            return child
    return Notifier(window)


class AlertFrame(QFrame):
    """A banner a screen reader knows as an alert: its role says so and its name is its
    title, so that Orca does not skip it "due to role and lack of name"."""


def _role(key: str) -> QAccessible.Role | None:
    """The role this program gives its widget class `key`, None for Qt's own."""
    from PySide6.QtGui import QAccessible  # noqa: PLC0415

    return {
        "AlertFrame": QAccessible.Role.AlertMessage,
        "Notifier": QAccessible.Role.Notification,
        # a label, not a progress bar: Orca reads a progress bar's value as a percentage
        "CountdownRing": QAccessible.Role.StaticText,
    }.get(key)


def _role_interface(widget: QWidget, role: QAccessible.Role) -> QAccessibleWidget:
    """A widget with the role `_role` gives its class; a widget with a `live_name()`
    is named by it each time a screen reader asks (no event: nothing is said unasked).
    The class is made on first use: a subclass of a Qt class takes a while to make, and
    the notice strip imports this module before the window's first paint."""
    global _RoleInterface  # noqa: PLW0603  (made once)
    if _RoleInterface is None:
        from PySide6.QtGui import QAccessible  # noqa: PLC0415
        from PySide6.QtWidgets import QAccessibleWidget  # noqa: PLC0415

        class RoleInterface(QAccessibleWidget):
            def text(self, t: QAccessible.Text) -> str:
                """The widget's live name when it has one, else what Qt says."""
                live = getattr(self.widget(), "live_name", None)
                if t is QAccessible.Text.Name and callable(live):
                    return str(live())
                return super().text(t)

        _RoleInterface = RoleInterface
    return _RoleInterface(widget, role)


_RoleInterface: type[QAccessibleWidget] | None = None
_made: dict[int, QAccessibleWidget] = {}  # Qt keeps a pointer: Python must keep the object


def _factory(key: str, obj: QObject) -> QAccessibleInterface | None:
    role = _role(key)
    if role is None or not isinstance(obj, QWidget):
        return None
    made = _made.get(id(obj))
    if made is None:
        made = _made[id(obj)] = _role_interface(obj, role)
        obj.destroyed.connect(lambda: _made.pop(id(obj), None))
    return made


_installed = False


def install_roles() -> None:
    """Teach Qt the roles of this program's own widget classes (once per process)."""
    global _installed  # noqa: PLW0603  (one factory per process)
    if not _installed:
        from PySide6.QtGui import QAccessible  # noqa: PLC0415

        QAccessible.installFactory(_factory)
        _installed = True
