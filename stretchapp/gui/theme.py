"""Calm light and dark palettes and the style sheet that makes the window readable from afar."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon, QImage


class Theme(NamedTuple):
    """The colours of one look (a NamedTuple: made before the first paint, and in a third
    of a frozen dataclass's time)."""

    name: str
    window: str
    surface: str  # cards and panes
    text: str
    muted: str  # secondary text
    accent: str  # the ring, the progress bar, Start
    accent_text: str
    track: str  # the ring's and bar's empty part
    rest: str  # the ring in rest, switch and get-ready phases
    breath: str  # breath-paced holds
    cramp: str  # the Cramp! button: warm, not alarming
    cramp_text: str
    alert: str  # the escalation banner
    alert_text: str
    border: str
    plate: str  # behind the illustrations; on a dark one they are drawn in their dark inks


LIGHT = Theme(
    name="light",
    window="#f4f6f5",
    surface="#ffffff",
    text="#1f2a2e",
    muted="#5a6b70",
    accent="#2f7d74",
    accent_text="#ffffff",
    track="#dde5e3",
    rest="#7a8fb5",
    breath="#4f8fbf",
    cramp="#c8553d",
    cramp_text="#ffffff",
    alert="#fbe3dc",
    alert_text="#7a1f0e",
    border="#d3dbd9",
    plate="#eef3f2",
)

DARK = Theme(
    name="dark",
    window="#161c1f",
    surface="#1f272b",
    text="#e8efed",
    muted="#9fb0b2",
    accent="#5cbfae",
    accent_text="#0d1a18",
    track="#2e3a3e",
    rest="#93a8d6",
    breath="#7db6e0",
    cramp="#e0765c",
    cramp_text="#1a0b06",
    alert="#4a1d14",
    alert_text="#ffd9cf",
    border="#33413f",
    plate="#263236",
)


def dark_from_palette() -> bool:
    """Whether the platform's palette is dark. Cheap, and right only before the app sets its own
    palette: what start-up uses before the first paint."""
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def dark_from_hints() -> bool | None:
    """Whether the desktop asks for a dark look (Qt's colour scheme); None when it does not say."""
    # imported here: Qt's namespace takes about 12 ms to load, too long before the first paint
    from PySide6.QtCore import Qt  # noqa: PLC0415

    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Unknown:
        return None
    return scheme == Qt.ColorScheme.Dark


def pick(name: str, system_dark: bool) -> Theme:
    """The theme for a setting: system (following system_dark), light or dark."""
    if name == "dark":
        return DARK
    if name == "light":
        return LIGHT
    return DARK if system_dark else LIGHT


def palette(theme: Theme) -> QPalette:
    """A QPalette in the theme's colours, so native widgets match the style sheet."""
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.surface,
        QPalette.ColorRole.AlternateBase: theme.window,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.surface,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.Highlight: theme.accent,
        QPalette.ColorRole.HighlightedText: theme.accent_text,
        QPalette.ColorRole.ToolTipBase: theme.surface,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted,
        QPalette.ColorRole.Link: theme.accent,
    }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(theme.muted))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(theme.muted))
    return pal


def style_sheet(theme: Theme) -> str:
    """Big type, soft corners, few lines: the window's style sheet."""
    t = theme
    return f"""
QWidget {{ font-size: 16px; color: {t.text}; }}
QMainWindow, QDialog, QStackedWidget > QWidget {{ background: {t.window}; }}
QLabel#muted, QLabel[role="muted"] {{ color: {t.muted}; }}
QLabel[role="title"] {{ font-size: 30px; font-weight: 600; }}
QLabel[role="heading"] {{ font-size: 20px; font-weight: 600; }}
QLabel[role="phase"] {{ font-size: 34px; font-weight: 600; color: {t.accent}; }}
QLabel[role="exercise"] {{ font-size: 30px; font-weight: 600; }}
QLabel[role="big"] {{ font-size: 24px; }}
QLabel[role="side"] {{ font-size: 30px; font-weight: 600; }}
QLabel[role="breath"] {{ font-size: 28px; font-weight: 600; color: {t.breath}; }}
QLabel[role="next"] {{ font-size: 20px; color: {t.muted}; }}
QFrame[role="card"] {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 12px;
}}
QFrame[role="alert"] {{
    background: {t.alert}; border: 2px solid {t.cramp}; border-radius: 12px;
}}
QFrame[role="alert"] QLabel {{ color: {t.alert_text}; }}
QFrame[role="notice"] {{
    background: {t.surface}; border: 1px solid {t.border}; border-left: 6px solid {t.rest};
    border-radius: 8px;
}}
QPushButton {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 10px;
    padding: 10px 18px; min-height: 28px; font-size: 18px;
}}
QPushButton:hover {{ border-color: {t.accent}; }}
QPushButton:focus {{ border: 2px solid {t.accent}; }}
QPushButton:disabled {{ color: {t.muted}; background: {t.window}; }}
QPushButton[role="primary"] {{
    background: {t.accent}; color: {t.accent_text}; border: none; font-weight: 600;
}}
QPushButton[role="primary"]:focus {{ border: 3px solid {t.text}; }}
QPushButton[role="primary"]:disabled {{ background: {t.track}; color: {t.muted}; }}
QPushButton[role="cramp"] {{
    background: {t.cramp}; color: {t.cramp_text}; border: none; font-weight: 700;
    font-size: 20px; padding: 10px 24px;
}}
QPushButton[role="cramp"]:focus {{ border: 3px solid {t.text}; }}
QPushButton[role="muscle"] {{ font-size: 24px; padding: 22px; text-align: left; }}
QPushButton[role="link"] {{
    background: transparent; border: none; color: {t.accent}; padding: 2px 4px;
    font-size: 16px; text-decoration: underline;
}}
QLineEdit {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 10px;
    padding: 8px 12px; font-size: 18px;
}}
QLineEdit:focus {{ border: 2px solid {t.accent}; }}
QTreeWidget, QListWidget, QPlainTextEdit, QTextBrowser {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 12px; padding: 6px;
}}
QTreeWidget::item {{ padding: 6px 4px; }}
QTreeWidget::item:selected {{ background: {t.track}; color: {t.text}; }}
QScrollArea {{ border: none; background: transparent; }}
QScrollArea > QWidget > QWidget {{ background: transparent; }}
QComboBox, QSpinBox {{ min-height: 30px; font-size: 16px; }}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
QScrollBar::handle:vertical {{ background: {t.track}; border-radius: 4px; min-height: 30px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; width: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
QFrame[role="plate"] {{ background: {t.plate}; border-radius: 12px; }}
QLabel[role="instruction"] {{ font-size: 20px; }}
QLabel[role="help"] {{ font-size: 15px; }}
QSlider::groove:horizontal {{ height: 6px; background: {t.track}; border-radius: 3px; }}
QSlider::handle:horizontal {{
    background: {t.accent}; width: 20px; margin: -8px 0; border-radius: 10px;
}}
QToolTip {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.border}; }}
"""


def apply(app: QApplication, theme: Theme) -> None:
    """Give the whole application the theme's palette and style sheet."""
    app.setPalette(palette(theme))
    app.setStyleSheet(style_sheet(theme))


@cache
def speaker_icon(muted: bool, color: str) -> QIcon:
    """The sound button's speaker (struck out when muted) in one colour, the theme's text:
    a dark speaker on a dark button is not seen. An empty icon when the PNGs are missing;
    the button's words say the state anyway."""
    # Not the style's icon filled with QPainter: that loads Qt's namespace and QStyle,
    # about 20 ms. The PNGs are black shapes (render_icons.py); inking them is a change
    # of bytes. QIcon and QImage are imported here: the speaker comes after the first paint.
    from PySide6.QtGui import QIcon, QImage, QPixmap  # noqa: PLC0415

    from stretchapp.resources import ResourceError, assets_dir  # noqa: PLC0415

    name = "sound-off" if muted else "sound-on"
    icon = QIcon()
    try:
        folder = assets_dir() / "icons"
    except ResourceError:
        return icon
    for side in SPEAKER_SIDES:
        image = inked(QImage(str(folder / f"{name}-{side}.png")), color)
        if image is not None:
            icon.addPixmap(QPixmap.fromImage(image))
    return icon


# the PNGs render_icons.py makes: a button's 16 px icon on a plain and a double-density
# screen; Qt scales them for the others
SPEAKER_SIDES = (16, 32)


def inked(image: QImage, color: str) -> QImage | None:
    """The image's shape (its alpha) in one "#rrggbb" colour; None for a null image."""
    from PySide6.QtGui import QImage  # noqa: PLC0415 (see speaker_icon)

    if image.isNull():
        return None
    rgb = bytes(int(color[i : i + 2], 16) for i in (1, 3, 5))
    # four bytes a pixel in the order R, G, B, A on every machine, alpha not premultiplied,
    # and no padding at the ends of lines
    out = image.convertToFormat(QImage.Format.Format_RGBA8888)
    bits = out.bits()
    if not isinstance(bits, memoryview):  # PySide6 gives a writable view of the pixels
        return None
    pixels = out.width() * out.height()
    data = bytearray(bits)
    for channel in range(3):
        data[channel::4] = rgb[channel : channel + 1] * pixels
    bits[:] = data
    return out
