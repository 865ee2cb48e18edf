"""The library: the bundled and the user's routines, loaded, shown, loaded again on change."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal, Slot

from stretchapp import library_cache
from stretchapp.core.announce import seek_help_text
from stretchapp.core.library import Library
from stretchapp.core.routine import MUSCLES, Category, Routine, Tip
from stretchapp.core.timeline import Timeline, compile_routine
from stretchapp.gui.library_view import timelines_for
from stretchapp.gui.main_window import MainWindow
from stretchapp.settings import Settings

if TYPE_CHECKING:
    # types only: the controllers meet in gui/root.py
    from stretchapp.gui.controllers.settings import SettingsController

# what the articles say helps prevent cramps, in routines/tips.yaml, and when to see a doctor
PREVENTION_TIPS = (
    "stretch-daily",
    "hydrate",
    "how-much-water",
    "minerals",
    "regular-exercise",
    "supportive-shoes",
    "sudden-sharp-pain",
    "medicines",
    "see-a-doctor",
)
# what the articles say about night cramps: first, beside the bedtime routines
BEDTIME_TIPS = ("relaxed-to-bed", "legs-crossed")
# beside the relief routines, after the advice for a cramp that lasts
RELIEF_SAFETY_TIPS = ("seek-help-substances",)


def _plain(text: str) -> str:
    """A tip's text as one line: YAML's folded lines and spaces joined."""
    return " ".join(text.split())


def _shown(tips: Mapping[str, Tip], ids: Sequence[str]) -> list[tuple[str, str]]:
    """(title, text) of those of these tips the library has, in this order."""
    return [(tips[t].title, _plain(tips[t].text)) for t in ids if t in tips]


class LibraryController(QObject):
    """The routines of two folders, each compiled with the user's lengths, watched for edits."""

    reloaded = Signal()  # `content` and `timelines` are new

    def __init__(
        self,
        window: MainWindow,
        *,
        settings: SettingsController,
        bundled: Path,
        user: Path,
        assets: Path,
        cache: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        """Nothing is loaded until reload(). cache: where the loaded library is kept for
        the next start (library_cache.py); None keeps none."""
        super().__init__(parent)
        self.assets = assets
        self._cache = cache
        self.content = Library()
        self.timelines: dict[str, Timeline | str] = {}
        self._window = window
        self._settings = settings
        self._bundled = bundled
        self._user = user
        # bundled routines the user hid from the list (the editor's Hide); still there for
        # a cramp and the reminders, only not listed unless show_hidden
        self.hidden: frozenset[str] = frozenset()
        self.show_hidden = False
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._on_watcher_changed)
        window.when_built("cramp", self._set_cramp_available)
        self.watcher.fileChanged.connect(self._on_watcher_changed)
        settings.applied.connect(self._on_settings_applied)

    def compile(self, routine: Routine) -> Timeline:
        """A routine's timeline with the user's get-ready and switch-sides lengths."""
        settings = self._settings.current
        return compile_routine(
            routine, prepare=settings.prepare_seconds, switch=settings.switch_seconds
        )

    def reload(self) -> None:
        """Load the bundled and the user's routines again and show them."""
        self.content = library_cache.load(
            self._bundled, self._user, assets=self.assets, cache=self._cache
        )
        self.timelines = timelines_for(self.content.routines, self.compile)
        tips = self.content.tips
        safety = tips["not-medical-advice"].text if "not-medical-advice" in tips else ""
        relief_safety = " ".join(
            [seek_help_text(tips), *(_plain(tips[t].text) for t in RELIEF_SAFETY_TIPS if t in tips)]
        )
        problems = [str(p) for p in self.content.problems]
        problems += [t for t in self.timelines.values() if isinstance(t, str)]
        listed = {
            i: r
            for i, r in self.content.routines.items()
            if self.show_hidden or r.user or i not in self.hidden
        }
        self._window.library.set_content(
            listed,
            exercises=self.content.exercises,
            timelines=self.timelines,
            problems=problems,
            safety=_plain(safety),
            relief_safety=relief_safety,
            prevention=_shown(tips, PREVENTION_TIPS),
            bedtime=_shown(tips, BEDTIME_TIPS),
        )
        if self._window.built("cramp") is not None:  # else when it is built, below
            self._set_cramp_available(self._window.cramp)
        self._watch()
        self.reloaded.emit()

    def daily_ids(self) -> list[str]:
        """The daily routines: their days make the heat map and the streaks (as the CLI's)."""
        return [r.id for r in self.content.routines.values() if r.category is Category.DAILY]

    def _set_cramp_available(self, chooser: Any) -> None:
        # the muscles a relief is loaded for: the chooser offers only those
        chooser.set_available({m for m in MUSCLES if self.content.relief_for(m)})

    def stop_watching(self) -> None:
        """Watch the folders no more (the window is closing).

        First thing on a quit: the kernel frees a watch only after a grace period of some
        15 ms, which a process ending with its watches still set waits for at its exit;
        removed first, that period runs while the rest is closed and saved.
        """
        old = self.watcher.files() + self.watcher.directories()
        if old:
            self.watcher.removePaths(old)

    def _watch(self) -> None:
        self.stop_watching()
        wanted: list[str] = []
        for folder in (self._bundled, self._user):
            if folder.is_dir():
                wanted.append(str(folder))
                wanted += [
                    str(p) for p in sorted(folder.iterdir()) if p.suffix in (".yaml", ".yml")
                ]
            elif folder.parent.is_dir():
                wanted.append(str(folder.parent))  # to see the folder appear
        if wanted:
            self.watcher.addPaths(wanted)

    @Slot(str)
    def _on_watcher_changed(self, path: str) -> None:
        del path
        self.reload()

    @Slot(object, object)
    def _on_settings_applied(self, old: Settings, new: Settings) -> None:
        # the timelines hold the get-ready and switch-sides lengths: compile them again
        if (new.prepare_seconds, new.switch_seconds) != (old.prepare_seconds, old.switch_seconds):
            self.reload()
