"""Python's cycle collector, run on the GUI thread only.

CPython collects cycles in whichever thread crosses its allocation threshold: the
history writer's or a CSV import's as often as the GUI thread. A Qt object freed in a
cycle there is deleted on that thread, and a Qt object deleted off its own thread cannot
take its socket notifier out of the GUI thread's event loop ("QSocketNotifier: Socket
notifiers cannot be enabled or disabled from another thread"): the loop goes on
watching a closed descriptor, an endless "Invalid socket" or a crash. A folder watcher
(the library's), a dialog, a page: any of them can end in a cycle.

So the automatic collector is switched off, and the GUI thread collects instead, from a
coarse timer, the generations the automatic one would have (the same thresholds).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from stretchapp.gui.qt_values import VERY_COARSE_TIMER, set_property

INTERVAL_MS = 60_000  # garbage waits a minute at most: the idle window wakes no more often


def generation_due() -> int | None:
    """The oldest generation the automatic collector would collect now, or None."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    due = [g for g in range(3) if thresholds[g] and counts[g] > thresholds[g]]
    return max(due) if due else None


def collect_due() -> int:
    """Collect what is due, as the automatic collector would; the objects freed."""
    generation = generation_due()
    return 0 if generation is None else gc.collect(generation)


class GuiThreadCollector(QObject):
    """Switches the automatic collector off and collects on this (the GUI) thread."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        set_property(self.timer, "timerType", VERY_COARSE_TIMER)  # whole seconds, coalesced
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(collect_due)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self.timer.start()

    def stop(self) -> None:
        """Stop collecting, and give CPython back its collector if it had one."""
        self.timer.stop()
        if self._was_enabled:
            gc.enable()
