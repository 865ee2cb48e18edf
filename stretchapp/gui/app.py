"""The composition root: builds clock, library, session driver, speech and window; wires them.

`main()` shows the window's frame first and builds the rest right after its first
paint, so the window appears about as fast as a bare one; `build()` does it all at
once (tests, screenshots).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from stretchapp.gui.main_window import MainWindow
from stretchapp.settings import LoadedSettings, load_settings, settings_path

if TYPE_CHECKING:
    from stretchapp.core.events import EventWriter
    from stretchapp.gui.collector import GuiThreadCollector
    from stretchapp.gui.root import AppRoot
    from stretchapp.gui.signals import QuitOnSignal

FIRST_PAINT_TIMEOUT_MS = 500  # a window that never paints (minimised) still gets built
DESKTOP_ID = "io.github.stretchapp.StretchApp"  # the desktop file and AppStream id
# what a second start hands to the running one
FORWARDED = ("routine", "start", "cramp", "background", "quit")


def command_of(args: argparse.Namespace) -> dict[str, Any]:
    """What a second `stretchapp` asks of the running one, as JSON."""
    return {key: getattr(args, key, None) for key in FORWARDED}


def forward(app: AppRoot, message: dict[str, Any]) -> None:
    """A second start's command: bring the window forward; a routine or cramp as asked;
    --quit ends the program; --background (start on login again) changes nothing."""
    if message.get("quit") is True:
        app.quit()
        return
    if message.get("background") is True:
        return
    app.window.bring_forward()
    args = argparse.Namespace(
        routine=message.get("routine") if isinstance(message.get("routine"), str) else None,
        start=message.get("start") is True,
        cramp=message.get("cramp") if isinstance(message.get("cramp"), str) else None,
    )
    if args.cramp or args.routine:
        apply_args(app, args)


def apply_args(app: AppRoot, args: argparse.Namespace) -> None:
    """--routine ID [--start] and --cramp MUSCLE; else select the last routine."""
    routine = getattr(args, "routine", None)
    cramp = getattr(args, "cramp", None)
    if cramp:
        app.cramp(str(cramp))
    elif routine:
        if routine not in app.library.content.routines:
            app.window.add_notice(f"No routine with the id '{routine}'.")
        elif getattr(args, "start", False):
            app.start_routine(str(routine))
        else:
            app.window.library.select(str(routine))
            app.window.show_library()
    else:
        app.window.library.select(app.settings.current.last_routine)
        app.window.show_library()


def build(args: argparse.Namespace, **kwargs: Any) -> AppRoot:
    """The window for the command line's arguments, shown, with --routine/--start/--cramp
    applied; kwargs go to AppRoot."""
    from stretchapp.gui.root import AppRoot  # noqa: PLC0415

    app = AppRoot(**kwargs)
    app.show()
    apply_args(app, args)
    return app


class _AfterFirstPaint(QObject):
    """Calls back once, just after the watched widget has first painted."""

    def __init__(self, widget: MainWindow, callback: Callable[[], None]) -> None:
        super().__init__()
        self._widget = widget
        self._callback: Callable[[], None] | None = callback
        self.setParent(widget)  # after the fields: setting a parent already sends events
        widget.installEventFilter(self)
        QTimer.singleShot(FIRST_PAINT_TIMEOUT_MS, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt's name)
        """Wait for the first paint, then let it finish before calling back."""
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self._fire)
        return False

    def _fire(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            callback()


class Launch:
    """A window on its way: its AppRoot once built, and what waits for the first paint."""

    def __init__(self) -> None:
        self.app: AppRoot | None = None
        self.waiter: _AfterFirstPaint | None = None


def launch(
    args: argparse.Namespace,
    events: EventWriter | None = None,
    on_built: Callable[[AppRoot], None] | None = None,
    after_paint: Callable[[], None] | None = None,
    **app_kwargs: Any,
) -> Launch:
    """Show the window's frame now and build the rest after its first paint (after_paint
    first, then the AppRoot, then on_built).

    Keep the returned Launch: it holds the AppRoot once built.
    """
    path = settings_path()
    loaded: LoadedSettings = load_settings(path)
    window = MainWindow()
    # the theme and the place first, so the frame shows as it will stay
    from stretchapp.gui import theme as themes  # noqa: PLC0415

    qapp = QApplication.instance()
    system_dark = themes.dark_from_palette()
    theme = themes.pick(loaded.settings.theme, system_dark)
    if isinstance(qapp, QApplication):
        themes.apply(qapp, theme)
    window.set_theme(theme)
    if loaded.settings.geometry:
        from PySide6.QtCore import QByteArray  # noqa: PLC0415

        window.restoreGeometry(QByteArray.fromBase64(loaded.settings.geometry.encode()))
    window.show()
    window.activateWindow()
    launched = Launch()

    def finish() -> None:
        if after_paint is not None:
            after_paint()
        from stretchapp.gui.root import AppRoot  # noqa: PLC0415

        app = AppRoot(
            settings_file=path,
            events=events,
            window=window,
            loaded=loaded,
            system_dark=system_dark,
            **app_kwargs,
        )
        app.show()
        apply_args(app, args)
        launched.app = app
        launched.waiter = None
        if on_built is not None:
            on_built(app)

    launched.waiter = _AfterFirstPaint(window, finish)
    return launched


def launch_hidden(
    events: EventWriter | None, on_built: Callable[[AppRoot], None], **app_kwargs: Any
) -> Launch:
    """--background: everything built and reminders armed, the window not shown."""
    from stretchapp.gui.root import AppRoot  # noqa: PLC0415

    launched = Launch()
    app = AppRoot(events=events, **app_kwargs)
    app.reminders.show()  # the tray icon, where there is a tray
    launched.app = app
    on_built(app)
    return launched


def quit_running() -> int:
    """--quit: ask the running instance to end; 0 also when none runs (nothing to stop)."""
    from PySide6.QtCore import QCoreApplication  # noqa: PLC0415

    from stretchapp.gui.single_instance import send, server_name  # noqa: PLC0415

    if QCoreApplication.instance() is None:
        QCoreApplication(sys.argv[:1])
    if send(server_name(), {"quit": True}):
        print("stretchapp was asked to quit.", file=sys.stderr)
    else:
        print("stretchapp is not running.", file=sys.stderr)
    return 0


def main(args: argparse.Namespace) -> int:
    """`stretchapp` and `stretchapp gui ...`: open the window; the exit code."""
    if getattr(args, "quit", False):
        return quit_running()
    background = bool(getattr(args, "background", False))
    qapp = QApplication.instance()
    if not isinstance(qapp, QApplication):
        qapp = QApplication(sys.argv[:1])
    qapp.setApplicationName("stretchapp")
    qapp.setDesktopFileName(DESKTOP_ID)
    from stretchapp.gui.single_instance import (  # noqa: PLC0415
        InstanceServer,
        send,
        send_when_up,
        server_name,
    )

    name = server_name()
    # before the events file is opened: a second start must not empty the first one's
    if send(name, command_of(args)):
        if not background:
            print("stretchapp is already running: its window was brought forward.", file=sys.stderr)
        return 0
    events: EventWriter | None = None
    path = getattr(args, "events", None)
    if path:
        from stretchapp.core.events import EventWriter  # noqa: PLC0415

        try:
            events = EventWriter(Path(path))
        except OSError as error:
            reason = error.strerror or str(error)
            print(f"stretchapp: cannot write events to '{path}': {reason}", file=sys.stderr)
            return 1
    server = InstanceServer(name)
    if not server.claim() and server.taken and send_when_up(name, command_of(args)):
        # another start won the race between our send() and claim(): it has the command
        print("stretchapp is already running: its window was brought forward.", file=sys.stderr)
        return 0
    waiting: list[dict[str, Any]] = []  # commands that came before the AppRoot was built
    server.command_received.connect(waiting.append)

    def listen() -> None:
        # after the first paint: a later start waits for it in send_when_up, holding the lock
        if server.taken or not server.listen():
            print(
                f"stretchapp: cannot listen for a second start: {server.error}",
                file=sys.stderr,
            )

    collectors: list[GuiThreadCollector] = []

    def after_paint() -> None:
        listen()
        # before the AppRoot starts its threads: no Qt object is freed on a worker's
        from stretchapp.gui.collector import GuiThreadCollector  # noqa: PLC0415

        collectors.append(GuiThreadCollector(qapp))

    quitters: list[QuitOnSignal] = []
    signalled: list[bool] = []

    def close() -> None:
        signalled.append(True)
        if launched.app is not None:
            launched.app.quit()  # not to the tray: a signal ends the program
        QApplication.quit()

    def built(app: AppRoot) -> None:
        app.instance = server
        server.command_received.disconnect(waiting.append)
        server.command_received.connect(lambda message: forward(app, message))
        for message in waiting:
            forward(app, message)
        if app.reminders.can_run_hidden() or background:
            # the window may close to the tray or the background (or never open): only
            # Quit, or the window really closing, ends the program
            qapp.setQuitOnLastWindowClosed(False)
            app.quitting.connect(qapp.quit)
            app.window.closing.connect(qapp.quit)
        # after the first paint too: a signal before it ends the process the default way
        from stretchapp.gui.signals import QuitOnSignal  # noqa: PLC0415

        quitters.append(QuitOnSignal(close))
        # the start-up's garbage now (about 3 ms), while the window is new: the collector's
        # timed wakes then find only what the idle minutes left, and idle stays idle
        from stretchapp.gui.collector import collect_due  # noqa: PLC0415

        collect_due()

    if background:
        after_paint()  # nothing to paint: all of it now
        launched = launch_hidden(events, built)
    else:
        launched = launch(args, events, on_built=built, after_paint=after_paint)
    try:
        code = qapp.exec()
    finally:
        for quitter in quitters:
            quitter.restore()
        # the collector is left off: turned back on, CPython would collect the whole
        # session's garbage before the process ends (12 ms more after a SIGTERM)
        for collector in collectors:
            collector.timer.stop()
    launched.app = None
    server.close()
    if signalled:
        exit_now(int(code))
    return int(code)


def exit_now(code: int) -> None:
    """End the process at once, skipping the interpreter's teardown.

    Only once everything is closed and saved: after a SIGTERM the window, the history, the
    settings, the speech worker and the events file are, and destroying the widgets and
    modules one by one would take about 100 ms more, which a session manager waits for.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code)
