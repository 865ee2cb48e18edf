"""Render the window's screens to PNG files: ``python -m stretchapp.gui.screenshots OUTDIR``."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

SIZE = (1180, 780)
LAPTOP = (1366, 768)  # a common laptop screen: every page must be usable on it
THEMES = ("light", "dark")
NOW = dt.datetime(2026, 11, 25, 20, 0, tzinfo=dt.UTC)  # the history shot's "now"


def fill_demo_history(path: Path, now: dt.datetime = NOW) -> None:
    """Half a year of a made-up diary: the daily routine most days, a few cramps."""
    from stretchapp.history import HistoryStore  # noqa: PLC0415

    rng = random.Random(6)  # noqa: S311 (made-up data, not secrets)
    with HistoryStore(path) as store:
        for back in range(190, -1, -1):
            day = (now - dt.timedelta(days=back)).date()
            for hour in (9, 14, 21):
                start = dt.datetime.combine(day, dt.time(hour, 5), tzinfo=dt.UTC)
                if start > now or rng.random() > (0.75 if back < 60 else 0.5):
                    continue
                done = rng.random() < 0.9
                store.record_session(
                    "wall-lean-daily",
                    start,
                    start + dt.timedelta(minutes=4),
                    completed=done,
                    steps_done=3 if done else 1,
                    seconds=240.0 if done else 70.0,
                )
            if back in (0, 2, 3, 5) or rng.random() < 0.1:  # a bad week: the notice shows
                start = dt.datetime.combine(day, dt.time(3, rng.randrange(60)), tzinfo=dt.UTC)
                store.record_cramp(
                    rng.choice(["calf", "calf", "foot", "hamstring"]),
                    start,
                    seconds=rng.uniform(40, 300),
                    pain=rng.randrange(2, 8),
                    note=rng.choice(["", "", "woke me up", "after a long walk"]),
                )


class _StoppedClock:
    """A clock that moves only when the renderer says: every shot shows the same moment."""

    def __init__(self) -> None:
        self.t = 1000.0

    def now(self) -> float:
        return self.t

    def real_seconds_until(self, when: float) -> float:
        return when - self.t


def _palette(image: QImage, size: int = 256) -> list[int]:
    """The most used colours of a flat screenshot: its colour table for 8-bit PNG."""
    data = bytes(image.constBits())  # RGB888 rows, padded to 4 bytes
    stride = image.bytesPerLine()
    width = image.width() * 3
    counts: Counter[bytes] = Counter()
    for row in range(image.height()):
        line = data[row * stride : row * stride + width]
        counts.update(line[i : i + 3] for i in range(0, width, 3))
    return [0xFF000000 | int.from_bytes(c, "big") for c, _ in counts.most_common(size)]


def _save(widget: QWidget, path: Path) -> None:
    QCoreApplication.processEvents()
    pixmap: QPixmap = widget.grab()
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_RGB888)
    # a flat window needs few colours: 8 bits a pixel keeps the files small
    small = image.convertToFormat(
        QImage.Format.Format_Indexed8, _palette(image), Qt.ImageConversionFlag.ThresholdDither
    )
    # the stubs want bytes for the format, PySide6 at run time wants str
    if not small.save(str(path), "PNG", 9):  # type: ignore[call-overload]
        raise OSError(f"{path}: could not write the image")


class _Shooter:
    """One theme's window on a stopped clock, moved from screen to screen."""

    def __init__(self, theme: str, outdir: Path) -> None:
        from stretchapp.gui.root import AppRoot  # noqa: PLC0415  (after STRETCHAPP_HOME is set)
        from stretchapp.settings import Settings, save_settings  # noqa: PLC0415

        self.theme = theme
        self.outdir = outdir
        self._home = tempfile.TemporaryDirectory(prefix="stretchapp-shots-")
        home = Path(self._home.name)
        os.environ["STRETCHAPP_HOME"] = str(home)  # never the user's own settings
        save_settings(Settings(theme=theme), home / "settings.json")
        self.clock = _StoppedClock()
        self.app = AppRoot(
            clock=self.clock,
            settings_file=home / "settings.json",
            speech_factory=None,
            record=False,
        )
        self.window = self.app.window
        self.window.resize(*SIZE)
        self.window.show()
        self.written: list[Path] = []

    def run(self, seconds: float) -> None:
        """Let time pass as the timer would."""
        end = self.clock.t + seconds
        while self.clock.t < end:
            timer = self.app.driver.timer
            step = timer.interval() / 1000 if timer.isActive() else end - self.clock.t
            self.clock.t = min(end, self.clock.t + step)
            self.app.driver.tick()

    def shot(self, name: str, widget: QWidget | None = None) -> None:
        """Save a widget (the window by default)."""
        path = self.outdir / f"{name}-{self.theme}.png"
        _save(widget if widget is not None else self.window, path)
        self.written.append(path)

    def all(self) -> list[Path]:
        """Every screen."""
        from stretchapp.core.timeline import PhaseKind  # noqa: PLC0415

        app, window, driver = self.app, self.window, self.app.driver
        window.library.select("hold-sequence")
        self.shot("library")
        app.start_routine("hold-sequence")
        self.run(17.4)
        self.shot("player-hold")
        app.start_routine("after-workout")
        while (view := driver.view()) is not None and view.phase is not None:
            if view.phase.kind is PhaseKind.BREATH:
                break
            self.run(1.0)
        self.run(3.2)
        self.shot("player-breath")
        app.start_routine("hold-sequence")
        self.run(12.0)
        window.show_cramp()
        self.shot("cramp-choose")
        app.cramp("calf")
        self.run(9.4)
        self.shot("cramp-relief")
        driver.stop()
        self.shot("cramp-resume")
        driver.discard_suspended()
        window.offer_resume(None)
        app.cramp("calf")
        self.run(601.0)
        self.shot("cramp-escalated")
        driver.stop()
        window.show_library()
        dialog = app.settings.settings_dialog()
        dialog.adjustSize()  # grabbed without showing: no window manager needed
        self.shot("settings", dialog)
        dialog.deleteLater()
        self.editor()
        self.history()
        self.sized()
        window.close()
        app.deleteLater()
        QCoreApplication.processEvents()
        self._home.cleanup()
        return self.written

    def sized(self) -> None:
        """The busiest screens on a 1366×768 laptop and at the window's smallest."""
        app, window, driver = self.app, self.window, self.app.driver
        smallest = window.minimumSize()
        for label, (width, height) in (
            ("1366x768", LAPTOP),
            ("min", (smallest.width(), smallest.height())),
        ):
            window.resize(width, height)
            app.start_routine("hold-sequence")
            self.run(17.4)
            window.player.more_button.click()  # the full instructions must not squeeze it
            self.shot(f"player-hold-{label}")
            window.player.more_button.click()
            app.cramp("calf")
            self.run(9.4)
            self.shot(f"cramp-relief-{label}")
            driver.stop()
            driver.discard_suspended()
            window.offer_resume(None)
            window.cramp_note.withdraw()
            self.history(f"history-{label}")
            dialog = app.settings.settings_dialog()
            dialog.resize(dialog.sizeHint().boundedTo(window.size()))
            self.shot(f"settings-{label}", dialog)
            dialog.deleteLater()
        window.resize(*SIZE)

    def editor(self) -> None:
        """The routine editor, customising the bundled calf relief, a step selected."""
        self.app.editor.edit(self.app.library.content.routines["relief-calf"])
        self.app.editor.page.steps.setCurrentRow(0)
        self.shot("editor")
        self.app.editor.page.undo_stack.clear()
        self.window.show_library()

    def history(self, name: str = "history") -> None:
        """The history page on a made-up half year, with the frequent-cramps notice."""
        from stretchapp.history import HistoryStore  # noqa: PLC0415

        path = Path(self._home.name) / "demo-history.sqlite3"
        fill_demo_history(path)
        with HistoryStore(path) as store:
            overview = store.overview(NOW, routines=self.app.library.daily_ids())
            view = self.window.history
            view.show_overview(
                store,
                overview,
                routines=sorted(self.app.library.content.routines),
                titles={r.id: r.title for r in self.app.library.content.routines.values()},
            )
            if overview.frequent_cramps:
                view.show_notice(view.doctor_notice(overview.recent_cramp_count))
            self.window.show_history()
            self.shot(name)
        self.window.show_library()


def render(outdir: Path, themes: Sequence[str] = THEMES) -> list[Path]:
    """Render every screen in each theme into outdir; the files written."""
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    saved = os.environ.get("STRETCHAPP_HOME")
    try:
        for theme in themes:
            written += _Shooter(theme, outdir).all()
    finally:
        if saved is None:
            os.environ.pop("STRETCHAPP_HOME", None)
        else:
            os.environ["STRETCHAPP_HOME"] = saved
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Write the screenshots; the exit code."""
    parser = argparse.ArgumentParser(prog="python -m stretchapp.gui.screenshots")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--theme", choices=THEMES, action="append")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    del qapp
    for path in render(args.outdir, args.theme or THEMES):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
