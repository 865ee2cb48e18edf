"""The library window loads only what the library needs: the rest waits for its first use.

Each check runs in a fresh interpreter, as `stretchapp` starts: modules the test suite
already imported would hide what the window itself imports.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from probes import last_json
from pytestqt.qtbot import QtBot

ROOT = Path(__file__).resolve().parent.parent

# Builds the window as `stretchapp` does (frame first, the rest after its first paint),
# optionally opens one page, and prints the modules then loaded and the pages built; with
# "frame", the modules loaded when the frame is shown, before its first paint.
PROBE = r"""
import argparse, json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

qapp = QApplication(sys.argv[:1])
from stretchapp.gui.app import launch


def libraries():
    # the shared libraries mapped: Qt's plugins and modules load without a Python import
    with open("/proc/self/maps", encoding="utf-8") as maps:
        return sorted({line.split()[-1].rpartition("/")[2] for line in maps if ".so" in line})


def built(app):
    # once the start-up is over: launch() does more after this call
    QTimer.singleShot(0, lambda: report(app))


def report(app):
    if sys.argv[1] == "history":
        app.history.show_history()
    pages = app.window.pages
    kinds = [type(pages.widget(i)).__name__ for i in range(pages.count())]
    import linecache
    import PySide6.QtCore

    print(json.dumps({
        "modules": sorted(sys.modules),
        "pages": kinds,
        "libraries": libraries(),
        "sources": sorted(linecache.cache),
        "namespace": "Qt" in vars(PySide6.QtCore),
    }))
    app.quit()
    qapp.quit()


holder = launch(argparse.Namespace(), on_built=built)
if sys.argv[1] == "frame":
    # the Qt classes whose Python types were made: PySide6 makes them on first use
    import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets

    types = [
        name
        for module in (PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets)
        for name in vars(module)
        if name.startswith("Q")
    ]
    print(json.dumps({
        "modules": sorted(sys.modules), "pages": [], "libraries": libraries(), "types": types,
    }))
    sys.exit(0)
qapp.exec()
"""

# What the library page has no use for, each with the first thing that needs it
DEFERRED = {
    "stretchapp.speech": "a session's first words",
    "stretchapp.speech.service": "a session's first words",
    "PySide6.QtMultimedia": "a session's first tone",
    "stretchapp.history": "the first session or the history page",
    "stretchapp.history.store": "the first session or the history page",
    "sqlite3": "the first session or the history page",
    "csv": "a CSV export or import",
    "stretchapp.gui.settings_dialog": "the settings dialog",
    "stretchapp.gui.editor.page": "the editor",
    "stretchapp.routine_files": "the editor's first save",
    "ruamel.yaml": "the editor's first save",
    "stretchapp.gui.player_view": "the first session",
    "stretchapp.gui.cramp_view": "the cramp chooser",
    "stretchapp.gui.history_view": "the history page or a cramp's note",
    "stretchapp.core.stats": "the history page",
    "jeepney": "a session bus to talk to (none here)",
    "subprocess": "the full-screen check when a reminder is due",
    "html": "the player's tips",
    "difflib": "a mistyped word",
    "stretchapp.core.session": "the first session",
    "stretchapp.core.cues": "the first session",
    "stretchapp.core.cue_texts": "the first session",
    "stretchapp.core.session_events": "the first session",
    "stretchapp.core.speaking": "the first session",
    "stretchapp.core.events": "--events or the first session",
    "stretchapp.gui.ring": "the first session",
    "stretchapp.gui.undo_notice": "the first deletion in the history",
}

# What the frame itself must not wait for: it shows before these load
NOT_BEFORE_THE_FIRST_PAINT = (
    "stretchapp.core",
    "stretchapp.gui.root",
    "stretchapp.gui.keys",
    "stretchapp.gui.library_view",
    "stretchapp.gui.a11y",  # the notice strip's words: its widgets are made on first notice
    "yaml",
)


def _run(home: Path, code: str, *argv: str) -> Any:
    """The JSON a probe printed last, run in a fresh interpreter."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", STRETCHAPP_HOME=str(home))
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # no bus: jeepney has nothing to open
    return last_json(code, *argv, env=env)


def _probe(home: Path, page: str = "library") -> dict[str, Any]:
    probed: dict[str, Any] = _run(home, PROBE, page)
    return probed


def _loaded(home: Path, page: str = "library") -> set[str]:
    return set(_probe(home, page)["modules"])


def test_the_library_window_defers_speech_history_and_the_dialog(stretchapp_home: Path) -> None:
    loaded = _loaded(stretchapp_home)
    assert "stretchapp.gui.root" in loaded  # the window was built, not only its frame
    assert "stretchapp.gui.library_view" in loaded
    early = {name: why for name, why in DEFERRED.items() if name in loaded}
    assert early == {}


def test_the_window_icon_needs_no_svg_renderer(stretchapp_home: Path) -> None:
    # the PNGs rendered from the SVG: QtSvg and its icon plugin wait for the first picture
    libraries = _probe(stretchapp_home)["libraries"]
    assert any(name.startswith("libQt6Widgets") for name in libraries)  # the maps were read
    assert [name for name in libraries if "svg" in name.lower()] == []


def test_no_source_lines_are_kept_at_start_up(stretchapp_home: Path) -> None:
    # PySide6 would read each imported module's source, and linecache would keep it: the
    # window's package stops that (source_scan.py), and no line of the program is kept
    sources = _probe(stretchapp_home)["sources"]
    kept = [name for name in sources if name.startswith(str(ROOT / "stretchapp"))]
    assert kept == []


def test_a_second_start_reads_no_routine_file(stretchapp_home: Path) -> None:
    # the first start loads the YAML files and keeps the library (library_cache.py); the
    # next one, with nothing changed, needs no YAML at all
    assert "yaml" in _loaded(stretchapp_home)
    cache = stretchapp_home / "cache" / "library.json"
    assert cache.is_file()
    loaded = _loaded(stretchapp_home)
    assert {"yaml", "stretchapp.core.loader"} & loaded == set()
    assert "stretchapp.gui.library_view" in loaded


def test_the_library_window_makes_no_namespace_of_qt(stretchapp_home: Path) -> None:
    # about 1,200 enum values (1.4 MB): the window names its few through qt_values
    assert _probe(stretchapp_home)["namespace"] is False
    assert _probe(stretchapp_home, "history")["namespace"] is True  # the probe can tell


def test_qt_values_are_qts_own(qtbot: QtBot) -> None:
    del qtbot  # for the QApplication
    from PySide6.QtCore import Qt, QTimer  # noqa: PLC0415
    from PySide6.QtGui import QShortcut  # noqa: PLC0415
    from PySide6.QtWidgets import QLabel, QWidget  # noqa: PLC0415

    from stretchapp.gui import qt_values as v  # noqa: PLC0415

    assert (
        Qt.Key.Key_C.value,
        Qt.Key.Key_Space.value,
        Qt.Key.Key_Return.value,
        Qt.Key.Key_Enter.value,
    ) == (v.KEY_C, v.KEY_SPACE, v.KEY_RETURN, v.KEY_ENTER)
    assert Qt.KeyboardModifier.ShiftModifier.value == v.SHIFT_MODIFIER
    assert Qt.KeyboardModifier.KeypadModifier.value == v.KEYPAD_MODIFIER
    assert Qt.ItemDataRole.AccessibleTextRole.value == v.ACCESSIBLE_TEXT_ROLE
    assert Qt.ItemDataRole.UserRole.value == v.USER_ROLE
    assert (
        Qt.AlignmentFlag.AlignLeft.value,
        Qt.AlignmentFlag.AlignRight.value,
        Qt.AlignmentFlag.AlignVCenter.value,
    ) == (v.ALIGN_LEFT, v.ALIGN_RIGHT, v.ALIGN_VCENTER)
    # set through properties, they come back as Qt's enums
    widget, label, timer = QWidget(), QLabel(), QTimer()
    shortcut = QShortcut(widget)
    v.set_property(shortcut, "context", v.APPLICATION_SHORTCUT)
    assert shortcut.context() == Qt.ShortcutContext.ApplicationShortcut
    v.set_property(shortcut, "context", v.WIDGET_WITH_CHILDREN_SHORTCUT)
    assert shortcut.context() == Qt.ShortcutContext.WidgetWithChildrenShortcut
    v.set_property(label, "textFormat", v.RICH_TEXT)
    assert label.textFormat() == Qt.TextFormat.RichText
    v.set_property(timer, "timerType", v.PRECISE_TIMER)
    assert timer.timerType() == Qt.TimerType.PreciseTimer
    v.set_property(timer, "timerType", v.VERY_COARSE_TIMER)
    assert timer.timerType() == Qt.TimerType.VeryCoarseTimer
    try:
        v.set_property(timer, "no such property", 1)
    except AttributeError:
        pass
    else:
        raise AssertionError("a wrong property name must fail")


def test_the_history_page_still_loads_the_history(stretchapp_home: Path) -> None:
    loaded = _loaded(stretchapp_home, "history")
    assert {"stretchapp.history", "sqlite3"} <= loaded
    assert "stretchapp.speech" not in loaded


def test_the_library_window_builds_no_other_page(stretchapp_home: Path) -> None:
    # the player, the cramp chooser, the history and the editor wait for their first use
    assert _probe(stretchapp_home)["pages"] == ["LibraryView"]


def test_the_frame_shows_before_the_core_and_the_pages_load(stretchapp_home: Path) -> None:
    loaded = _loaded(stretchapp_home, "frame")
    assert "stretchapp.gui.main_window" in loaded  # the frame was made
    early = sorted(name for name in loaded if name.startswith(NOT_BEFORE_THE_FIRST_PAINT))
    assert early == []
    # the socket module's enums wait for the single-instance server, after the paint
    assert "socket" not in loaded
    # the frame's records (settings, theme, notices) are NamedTuples: dataclasses, its
    # import and a frozen class's code generation (1.3 ms for the settings), come later
    assert "dataclasses" not in loaded


def test_the_frame_makes_neither_qt_namespace_nor_the_style(stretchapp_home: Path) -> None:
    # Qt's namespace (about a hundred enums) and QStyle's enums take about 20 ms to make:
    # the speaker is inked from a PNG, not painted over the style's icon
    types = set(_probe(stretchapp_home, "frame")["types"])
    assert "QMainWindow" in types  # the probe sees the types made
    assert {"Qt", "QStyle", "QDir", "QThread"} & types == set()


# Starts the window as `stretchapp` does, through the command line, up to the window's own
# start (a stand-in here), and prints the modules then loaded
CLI_PROBE = r"""
import json, sys, types

window = types.ModuleType("stretchapp.gui.app")
window.main = lambda args: print(json.dumps(sorted(sys.modules))) or 0
sys.modules["stretchapp.gui.app"] = window
from stretchapp.cli import main

sys.exit(main(sys.argv[1:]))
"""


def test_the_plain_start_skips_the_other_commands(stretchapp_home: Path) -> None:
    for argv in ([], ["gui"]):
        loaded = set(_run(stretchapp_home, CLI_PROBE, *argv))
        assert "stretchapp.cli.window" in loaded  # the window's way was taken
        assert {"stretchapp.cli.commands", "stretchapp.cli.rendering"} & loaded == set()
