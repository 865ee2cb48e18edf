"""The window beside a bare PySide6 window: start-up, memory, CPU in a hold and idle."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import Row

ROOT = Path(__file__).resolve().parents[2]
STARTS = 5  # start-up runs of each program, interleaved
SETTLE = 4.0  # seconds after show before idle is measured: speech and sound load meanwhile
IDLE = 10.0  # seconds of idle measured
HOLD = 20.0  # seconds measured inside the first 30 s hold

# One child program for both windows. It prints one JSON line at the end.
CHILD = r"""
import json, os, sys, time
mode, what = sys.argv[1], sys.argv[2]
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

out = {}


def rss_mb():
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "shown" not in out:
            out["shown"] = time.monotonic()
            QTimer.singleShot(0, after_show)
        return False


qapp = QApplication(sys.argv[:1])
watcher = FirstPaint()
qapp.installEventFilter(watcher)
if mode == "bare":
    window = QMainWindow()
    label = QLabel("0:30")
    window.setCentralWidget(label)
    window.resize(1180, 780)
    window.show()
else:
    import argparse

    from stretchapp.gui.app import launch

    def built(app):
        out["built"] = time.monotonic()

    holder = launch(argparse.Namespace(), on_built=built)


def measure(key, seconds, then):
    start_cpu, start = time.process_time(), time.monotonic()

    def done():
        out[key] = 100.0 * (time.process_time() - start_cpu) / (time.monotonic() - start)
        then()

    QTimer.singleShot(round(seconds * 1000), done)


def naive_countdown():
    # what the issue calls naive: a label rewritten ten times a second
    ends = time.monotonic() + 30
    timer = QTimer(window)
    timer.setInterval(100)
    timer.timeout.connect(lambda: label.setText(f"{max(0.0, ends - time.monotonic()):.0f}"))
    timer.start()
    measure("hold_cpu", HOLD, qapp.quit)


def start_hold():
    holder.app.start_routine("hold-sequence")
    # the hold begins after the 5 s get-ready; measure well inside it
    QTimer.singleShot(6500, lambda: measure("hold_cpu", HOLD, qapp.quit))


def after_show():
    if what == "start":
        QTimer.singleShot(300, qapp.quit)  # long enough for the app to finish building
        return
    QTimer.singleShot(3000, lambda: out.__setitem__("rss", rss_mb()))
    then = naive_countdown if mode == "bare" else start_hold
    QTimer.singleShot(round(SETTLE * 1000), lambda: measure("idle_cpu", IDLE, then))


SETTLE, IDLE, HOLD = (float(x) for x in sys.argv[3:6])
qapp.exec()
out["pid"] = os.getpid()
print(json.dumps(out))
"""


def _child(mode: str, what: str, home: Path) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", STRETCHAPP_HOME=str(home))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, what, str(SETTLE), str(IDLE), str(HOLD)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=180,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["startup"] = result["shown"] - started
    result["complete"] = result.get("built", result["shown"]) - started
    return result


def run() -> list[Row]:
    """Start-up ratio, extra memory, CPU in a hold and idle, each beside the bare window."""
    with tempfile.TemporaryDirectory(prefix="bench-gui-") as tmp:
        home = Path(tmp)
        _child("app", "start", home)  # a first run fills caches for both
        bare_starts, app_starts, app_completes = [], [], []
        for _ in range(STARTS):
            bare_starts.append(_child("bare", "start", home)["startup"])
            started = _child("app", "start", home)
            app_starts.append(started["startup"])
            app_completes.append(started["complete"])
        bare = _child("bare", "all", home)
        app = _child("app", "all", home)
    bare_start = statistics.median(bare_starts)
    app_start = statistics.median(app_starts)
    ratio = app_start / bare_start
    complete = statistics.median(app_completes)
    extra = app["rss"] - bare["rss"]
    return [
        Row("gui: start to first shown window (median)", app_start, "s", bare_start),
        Row("gui: start-up ratio to a bare window", ratio, "x", 1.0, "<= 1.2x", ratio <= 1.2),
        # the frame shows first; this is when the library is listed and every key works
        Row("gui: start to a complete window (median)", complete, "s", bare_start),
        Row("gui: RSS 3 s after show", app["rss"], "MB", bare["rss"]),
        Row("gui: extra RSS over a bare window", extra, "MB", 0.0, "<= 20 MB", extra <= 20),
        Row(
            "gui: CPU while a hold counts down (baseline: 10 Hz label)",
            app["hold_cpu"],
            "% core",
            bare["hold_cpu"],
            "<= 0.5%",
            app["hold_cpu"] <= 0.5,
        ),
        Row(
            "gui: CPU idle, no session (baseline: bare window)",
            app["idle_cpu"],
            "% core",
            bare["idle_cpu"],
            "<= 0.05%",
            app["idle_cpu"] <= 0.05,
        ),
    ]


if __name__ == "__main__":
    for row in run():
        print(row.table_line())
