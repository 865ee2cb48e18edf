"""Cycles of Qt objects are freed on the GUI thread, never on a worker's (gui/collector.py)."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from probes import last_json
from PySide6.QtCore import QObject, Qt
from pytestqt.qtbot import QtBot

from stretchapp.gui.collector import (
    INTERVAL_MS,
    GuiThreadCollector,
    collect_due,
    generation_due,
)


class _Spy(QObject):
    """Notes the thread each watched object is destroyed on (a direct connection)."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[str] = []

    def watch(self, obj: QObject) -> None:
        obj.destroyed.connect(self._hit, Qt.ConnectionType.DirectConnection)

    def _hit(self) -> None:
        self.threads.append(threading.current_thread().name)


def _cycle(spy: _Spy) -> None:
    # a QObject that nothing reaches but itself: only the cycle collector frees it
    obj = QObject()
    obj.setProperty("kept", True)
    obj.me = obj  # type: ignore[attr-defined]
    spy.watch(obj)


def _busy_worker() -> list[list[int]]:
    """A worker's allocations, enough to cross the youngest threshold many times; kept,
    since the collector counts allocations less deallocations."""
    made: list[list[int]] = []
    thread = threading.Thread(target=lambda: made.extend([i] for i in range(20_000)), name="worker")
    thread.start()
    thread.join()
    return made


@pytest.fixture
def automatic_collector() -> Iterator[None]:
    """CPython's own collector, on and eager, as outside the test run."""
    was_enabled, thresholds = gc.isenabled(), gc.get_threshold()
    gc.collect()  # what earlier tests left (their windows' cycles) goes here, not on a worker
    gc.enable()
    gc.set_threshold(100, 10, 10)
    yield
    gc.set_threshold(*thresholds)
    if not was_enabled:
        gc.disable()


class _Noted:
    """A plain Python cycle that notes the thread it is freed on (no Qt object: freeing
    one on a worker is the very thing to avoid, even in a test)."""

    def __init__(self, threads: list[str]) -> None:
        self.threads = threads
        self.me = self

    def __del__(self) -> None:
        self.threads.append(threading.current_thread().name)


@pytest.mark.usefixtures("automatic_collector")
def test_cpython_alone_collects_on_the_thread_that_allocates() -> None:
    # what the collector is for: without it, a worker's allocations free the cycle there
    threads: list[str] = []
    _Noted(threads)
    made = _busy_worker()
    assert threads == ["worker"]
    del made


@pytest.mark.usefixtures("automatic_collector")
def test_with_the_collector_the_gui_thread_frees_it(qtbot: QtBot) -> None:
    del qtbot
    spy = _Spy()
    collector = GuiThreadCollector(interval_ms=60_000)
    try:
        assert not gc.isenabled()
        _cycle(spy)
        made = _busy_worker()
        assert spy.threads == []  # the worker allocated, and freed nothing
        assert generation_due() is not None
        assert collect_due() > 0
        assert spy.threads == [threading.current_thread().name]
        del made
    finally:
        collector.stop()
    assert gc.isenabled()  # as it was before


def test_the_collector_collects_when_its_coarse_timer_fires() -> None:
    collector = GuiThreadCollector()
    try:
        timer = collector.timer
        assert timer.isActive()
        assert timer.timerType() == Qt.TimerType.VeryCoarseTimer  # woken with the others
        assert timer.interval() == INTERVAL_MS
        spy = _Spy()
        _cycle(spy)
        young = [[i] for i in range(2 * gc.get_threshold()[0])]  # the youngest is due
        timer.timeout.emit()  # what the event loop does every INTERVAL_MS
        assert spy.threads == [threading.current_thread().name]
        del young
    finally:
        collector.stop()


# Starts the window as `stretchapp` does, through the command line, and reports the cycle
# collector's state just after the window is built (on_built and what follows it)
START_PROBE = r"""
import gc, json, os, runpy
from PySide6.QtCore import QTimer

import stretchapp.gui.app as app
from stretchapp.gui.collector import generation_due

launch = app.launch


def report():
    print(json.dumps({"enabled": gc.isenabled(), "due": generation_due()}), flush=True)
    os._exit(0)


def watched(*args, on_built, **kwargs):
    def built(root):
        on_built(root)
        QTimer.singleShot(0, report)

    return launch(*args, on_built=built, **kwargs)


app.launch = watched
runpy.run_module("stretchapp", run_name="__main__", alter_sys=True)
"""


def test_a_start_collects_its_garbage_once_the_window_is_built(stretchapp_home: Path) -> None:
    # the start-up's tens of thousands of objects are looked at then, not at the timer's
    # first wake a minute later (about 3 ms of a minute that should be idle)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", STRETCHAPP_HOME=str(stretchapp_home))
    state = last_json(START_PROBE, env=env)
    assert state == {"enabled": False, "due": None}
