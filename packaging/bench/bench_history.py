"""History and reminders: ten years opened in the history page, writes, reminder memory."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from zoneinfo import ZoneInfo

from common import Row

from stretchapp.core.reminders import ReminderSettings, ReminderState
from stretchapp.history import RECENT, HistoryStore

ZONE = ZoneInfo("Europe/London")  # with clock changes, so the ten years cross twenty of them
DAILY = "wall-lean-daily"
YEARS = 10
CRAMPS = 2000
OPENS = 7  # the view's data is gathered this many times; the median is reported
WRITES = 300
TODAY = dt.datetime(2026, 11, 24, 20, 0, tzinfo=ZONE)
MS = 1000.0
ROOT = Path(__file__).resolve().parents[2]

# The window's side, in its own process (a QApplication, offscreen): the history page
# built and painted on the ten years, and the Qt reminder checker through a day.
QT_CHILD = r"""
import datetime as dt, gc, json, statistics, sys, time, tracemalloc
from pathlib import Path
from zoneinfo import ZoneInfo
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from stretchapp.gui.history_view import HistoryView
from stretchapp.gui.reminders_ui import ReminderChecker
from stretchapp.gui.theme import LIGHT, apply
from stretchapp.history import RECENT, HistoryStore
from stretchapp.core.reminders import ReminderSettings, ReminderState

path, opens = Path(sys.argv[1]), int(sys.argv[2])
zone = ZoneInfo("Europe/London")
today = dt.datetime(2026, 11, 24, 20, 0, tzinfo=zone)
qapp = QApplication([])
apply(qapp, LIGHT)
out = {"view": [], "data": []}


def rss():
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


warm = HistoryView()  # the classes load with the window's other pages, not here
warm.deleteLater()
for _ in range(opens):
    t0 = time.perf_counter()
    store = HistoryStore(path)
    overview = store.overview(today, routines=["wall-lean-daily"], recent=RECENT)
    t1 = time.perf_counter()
    view = HistoryView()
    view.resize(1180, 700)
    view.show_overview(store, overview, routines=["wall-lean-daily"])
    view.show()
    image = view.grab()  # lays out and paints the page: the first frame
    t2 = time.perf_counter()
    assert not image.isNull() and len(view.row_texts()) == RECENT
    out["data"].append(t1 - t0)
    out["view"].append(t2 - t0)
    view.close()
    view.deleteLater()
    store.close()
    QCoreApplication.processEvents()


class Wall:
    now = dt.datetime(2026, 11, 24, 8, 0, tzinfo=zone)

    def __call__(self):
        return self.now


wall = Wall()
running = [False]
checker = ReminderChecker(lambda: running[0], wall)
shown = []
checker.reminder_due.connect(lambda r: shown.append(r.due))
schedule = (dt.time(9), dt.time(14), dt.time(21))


def day(checker, seconds):
    start = wall.now
    for second in range(0, seconds, 10):
        wall.now = start + dt.timedelta(seconds=second)
        running[0] = 900 <= second < 1200
        checker.check()
        QCoreApplication.processEvents()


checker.configure(ReminderSettings().active_times(schedule), ReminderState())
day(checker, 600)  # warm up: first calls allocate caches
gc.collect()
tracemalloc.start()
before_py = tracemalloc.take_snapshot()
before = rss()
t0 = time.perf_counter()
day(checker, 8 * 3600)
took = time.perf_counter() - t0
gc.collect()
after = rss()
after_py = tracemalloc.take_snapshot()
checker.stop()
out["rss_growth"] = after - before
out["py_growth"] = sum(s.size_diff for s in after_py.compare_to(before_py, "filename"))
out["checks"] = checker.checks
out["per_check"] = took / (8 * 360)
out["shown"] = len(shown)
print(json.dumps(out))
"""


def percentile(values: list[float], fraction: float) -> float:
    """The value below which a fraction of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def _fill(path: Path) -> tuple[int, int]:
    """Ten years of the daily routine three times a day, and 2,000 cramps, one write each."""
    rng = random.Random(6)  # noqa: S311 (made-up data, not secrets)
    first = (TODAY - dt.timedelta(days=365 * YEARS)).date()
    sessions = 0
    with HistoryStore(path) as store:
        day = first
        while day < TODAY.date():
            for hour in (9, 14, 21):
                start = dt.datetime.combine(day, dt.time(hour, rng.randrange(10)), tzinfo=ZONE)
                done = rng.random() < 0.7  # some stopped: a day with none done breaks a streak
                store.record_session(
                    DAILY,
                    start,
                    start + dt.timedelta(minutes=5),
                    completed=done,
                    steps_done=1 if done else 0,
                    seconds=300.0 if done else 120.0,
                )
                sessions += 1
            day += dt.timedelta(days=1)
        span = int((TODAY - dt.datetime.combine(first, dt.time(), tzinfo=ZONE)).total_seconds())
        cramps = 0
        while cramps < CRAMPS:
            start = TODAY - dt.timedelta(seconds=rng.randrange(span))
            muscle = rng.choice(["calf", "calf", "foot", "quad", "hamstring"])
            if store.record_cramp(
                muscle, start, seconds=rng.uniform(20, 400), pain=rng.randrange(11)
            ):
                cramps += 1
    return sessions, cramps


def _view_data(path: Path) -> float:
    """Open the store and gather everything the history view shows first; seconds taken."""
    started = time.perf_counter()
    with HistoryStore(path) as store:
        view = store.overview(TODAY, routines=[DAILY], recent=RECENT)
    took = time.perf_counter() - started
    # The figures are real: ten years of weeks, a heat map of days, a full first page.
    assert len(view.weeks) > 500
    assert len(view.days) > 3000
    assert len(view.recent_sessions) == RECENT
    assert view.streaks.longest > 0
    return took


def _bulk(path: Path, work: Path) -> tuple[float, float, float, float]:
    """Seconds for history --json, a CSV export, an import into a fresh file, a re-import."""
    with HistoryStore(path) as store:
        t0 = time.perf_counter()
        data = store.as_json()
        t1 = time.perf_counter()
        store.export_csv(work / "csv")
        t2 = time.perf_counter()
    with HistoryStore(work / "imported.sqlite3") as fresh:
        t3 = time.perf_counter()
        first = fresh.import_csv(work / "csv")
        t4 = time.perf_counter()
        again = fresh.import_csv(work / "csv")
        t5 = time.perf_counter()
    assert first.sessions_added == len(data["sessions"])
    assert again.sessions_added + again.cramps_added == 0
    return t1 - t0, t2 - t1, t4 - t3, t5 - t4


def _count_only(path: Path) -> float:
    """The baseline: connect and count the sessions, nothing else."""
    started = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("SELECT count(*) FROM sessions").fetchone()
    db.close()
    return time.perf_counter() - started


def _write_latencies(path: Path) -> tuple[list[float], list[float]]:
    """Seconds per write through the store, and per bare INSERT on the same file."""
    rng = random.Random(7)  # noqa: S311 (made-up data, not secrets)
    store_times: list[float] = []
    bare_times: list[float] = []
    with HistoryStore(path) as store:
        when = TODAY + dt.timedelta(days=1)
        for _ in range(WRITES):
            when += dt.timedelta(minutes=30)
            t0 = time.perf_counter()
            sid = store.start_session(DAILY, when)
            t1 = time.perf_counter()
            store.end_session(
                sid, when + dt.timedelta(minutes=5), completed=True, steps_done=1, seconds=300
            )
            t2 = time.perf_counter()
            store.record_cramp("calf", when, seconds=rng.uniform(20, 400), note="bench")
            t3 = time.perf_counter()
            store_times += [t1 - t0, t2 - t1, t3 - t2]
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("CREATE TABLE bench_bare (x INTEGER)")
    for n in range(WRITES * 3):
        t0 = time.perf_counter()
        db.execute("INSERT INTO bench_bare VALUES (?)", (n,))
        bare_times.append(time.perf_counter() - t0)
    db.execute("DROP TABLE bench_bare")
    db.close()
    return store_times, bare_times


def _reminder_day() -> tuple[float, float, int]:
    """Memory growth (bytes) and seconds a check over an 8-hour day checked every second."""
    schedule = (dt.time(9), dt.time(14), dt.time(21))
    times = ReminderSettings().active_times(schedule)
    start = dt.datetime(2026, 11, 24, 8, 0, tzinfo=ZONE)
    checks = 8 * 3600
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    state = ReminderState()
    shown = 0
    t0 = time.perf_counter()
    for second in range(checks):
        now = start + dt.timedelta(seconds=second)
        state, reminder = state.check(times, now, held_back=900 <= second < 1200)
        state.next_wakeup(times, now)
        if reminder is not None:
            shown += 1
            if second == 3600:  # 09:00: snoozed, and shown again at 09:10
                state = state.snooze(now)
    took = time.perf_counter() - t0
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    growth = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    return float(growth), took / checks, shown


def _qt_side(path: Path) -> dict[str, object]:
    """The history page and the Qt reminder checker, measured in a child process."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, "-c", QT_CHILD, str(path), str(OPENS)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=300,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run() -> list[Row]:
    """Measure the history's data side and the reminder schedule."""
    work = Path(tempfile.mkdtemp(prefix="stretchapp-bench-history-"))
    try:
        path = work / "history.sqlite3"
        fill_started = time.perf_counter()
        sessions, cramps = _fill(path)
        fill = time.perf_counter() - fill_started
        print(f"   filled {sessions} sessions and {cramps} cramps in {fill:.1f}s", flush=True)
        view = [_view_data(path) for _ in range(OPENS)]
        base = [_count_only(path) for _ in range(OPENS)]
        bulk = _bulk(path, work)
        writes, bare = _write_latencies(path)
        growth, per_check, shown = _reminder_day()
        qt = _qt_side(path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"   the simulated day showed {shown} reminders", flush=True)
    view_ms = statistics.median(view) * MS
    page = [float(x) for x in qt["view"]]  # type: ignore[attr-defined]
    page_data = [float(x) for x in qt["data"]]  # type: ignore[attr-defined]
    page_ms = statistics.median(page) * MS
    rss_growth = float(qt["rss_growth"])  # type: ignore[arg-type]
    print(
        f"   the Qt checker checked {qt['checks']} times and showed {qt['shown']} reminders;"
        f" Python heap growth {float(qt['py_growth']) / 1e3:.1f} kB",  # type: ignore[arg-type]
        flush=True,
    )
    return [
        Row(
            f"history page: open, build, 1st paint, {YEARS} y, median",
            page_ms,
            "ms",
            baseline=statistics.median(page_data) * MS,
            target="< 200 ms",
            ok=page_ms < 200,
        ),
        Row(
            "history page: open, build, 1st paint, first run",
            page[0] * MS,
            "ms",
            baseline=page_data[0] * MS,
            target="< 200 ms",
            ok=page[0] * MS < 200,
        ),
        Row(
            "reminders: Qt checker RSS growth, 8-hour day",
            rss_growth / 1e6,
            "MB",
            target="< 5 MB",
            ok=rss_growth < 5e6,
        ),
        Row(
            f"history: open + view data, {YEARS} years, median",
            view_ms,
            "ms",
            baseline=statistics.median(base) * MS,
            target="< 200 ms",
            ok=view_ms < 200,
        ),
        Row(
            "history: open + view data, first run",
            view[0] * MS,
            "ms",
            baseline=base[0] * MS,
            target="< 200 ms",
            ok=view[0] * MS < 200,
        ),
        Row(
            "history: one write, own transaction, p50",
            percentile(writes, 0.5) * MS,
            "ms",
            baseline=percentile(bare, 0.5) * MS,
            target="< 4 ms",
            ok=percentile(writes, 0.5) * MS < 4,
        ),
        Row(
            "history: one write, own transaction, p95",
            percentile(writes, 0.95) * MS,
            "ms",
            baseline=percentile(bare, 0.95) * MS,
            target="< 4 ms",
            ok=percentile(writes, 0.95) * MS < 4,
        ),
        Row(
            "history: one write, own transaction, slowest",
            max(writes) * MS,
            "ms",
            baseline=max(bare) * MS,
        ),
        Row(
            "history: history --json data, 10 years",
            bulk[0] * MS,
            "ms",
            target="< 1000 ms",
            ok=bulk[0] < 1,
        ),
        Row(
            "history: export CSV, 10 years", bulk[1] * MS, "ms", target="< 2000 ms", ok=bulk[1] < 2
        ),
        Row(
            "history: import CSV into a new file, 10 years",
            bulk[2] * MS,
            "ms",
            target="< 2000 ms",
            ok=bulk[2] < 2,
        ),
        Row(
            "history: import the same CSV again (all skipped)",
            bulk[3] * MS,
            "ms",
            target="< 2000 ms",
            ok=bulk[3] < 2,
        ),
        Row(
            "reminders: memory growth, 8-hour day, 1 check/s",
            growth / 1e6,
            "MB",
            target="< 5 MB",
            ok=growth < 5e6,
        ),
        Row(
            "reminders: one check + next wakeup",
            per_check * 1e6,
            "us",
            target="< 1000 us",
            ok=per_check < 1e-3,
        ),
    ]
