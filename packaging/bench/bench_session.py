"""A real-time run of a short routine through `stretchapp run --mute --events`: timing and CPU.

Measures, beside a plain Python loop that sleeps until each deadline (and, for the
stall, one that counts 100 ms ticks, as many timers do):
the phase-start error against the plan (max, p95), the drift at the end, the
same with the process stopped for 0.6 s in the middle of a hold, and the CPU
seconds used per minute of session.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NamedTuple

from common import Row

ROUTINE_ID = "bench-session"
# 27 s and 20 phases: a prepare, holds on both legs with rests and a switch, a
# transition, short holds with rests.
ROUTINE = """\
title: Session benchmark
category: workout
prepare: 2s
switch: 1s
transition: 1s
steps:
  - exercise: calf-lunge
    hold: 2s
    reps: 3
    rest: 1s
    sides: both
  - exercise: wall-lean
    hold: 1s
    reps: 4
    rest: 1s
"""
STALL = 0.6
STALL_HOLD = 2  # the third hold: stopped in its middle
TARGET_MAX_MS = 20.0
TARGET_CPU_PER_MIN = 0.3
NO_DRIFT_MS = 20.0  # after the stall every phase still starts within the normal error

_BASELINE = r"""
import json, os, signal, sys, time
plan = json.loads(sys.argv[1])
ticks = sys.argv[2] == "ticks"
print("start", flush=True)
t0 = time.monotonic()
errors = []
previous = 0.0
for planned in plan:
    if ticks:  # count 100 ms ticks, as timers that decrement per tick do
        for _ in range(round((planned - previous) / 0.1)):
            time.sleep(0.1)
    else:  # sleep until each deadline on the monotonic clock
        while (left := t0 + planned - time.monotonic()) > 0:
            time.sleep(left)
    errors.append(time.monotonic() - t0 - planned)
    previous = planned
print(json.dumps(errors), flush=True)
"""


class Result(NamedTuple):
    """One run: each phase start's error against its plan (s), in order, and its CPU."""

    errors: list[float]
    planned: list[float]
    end_drift: float
    cpu: float  # the whole process, start-up included
    session_cpu: float | None  # from the session's start to the process's exit
    session_seconds: float


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def _proc_cpu(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


def _wait(proc: subprocess.Popen[bytes]) -> float:
    """Reap the child; its CPU seconds (user + system)."""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime


def _env(home: Path, loop: str | None = None) -> dict[str, str]:
    env = dict(os.environ, STRETCHAPP_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    if loop is not None:
        env["STRETCHAPP_LOOP"] = loop
    return env


def _plan(home: Path) -> list[dict[str, Any]]:
    out = subprocess.run(
        [sys.executable, "-m", "stretchapp", "show", ROUTINE_ID, "--json"],
        env=_env(home),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    phases: list[dict[str, Any]] = json.loads(out)["timeline"]
    return phases


def _run_app(home: Path, stall_at: float | None, loop: str | None = None) -> Result:
    events = home / "events.jsonl"
    events.unlink(missing_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "stretchapp", "run", ROUTINE_ID, "--mute", "--events", str(events)],
        env=_env(home, loop),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    started_cpu: float | None = None
    # wait for the session to start: the start-up (Python, YAML) is not session time
    while True:
        text = events.read_text(encoding="utf-8") if events.exists() else ""
        if '"session_start"' in text:
            started_cpu = _proc_cpu(proc.pid)
            started = time.monotonic()
            break
        if proc.poll() is not None:
            raise RuntimeError("stretchapp run ended before its session started")
        time.sleep(0.005)
    if stall_at is not None:
        time.sleep(max(0.0, started + stall_at - time.monotonic()))
        proc.send_signal(signal.SIGSTOP)
        time.sleep(STALL)
        proc.send_signal(signal.SIGCONT)
    cpu = _wait(proc)
    if proc.returncode != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise RuntimeError(f"stretchapp run failed ({proc.returncode}): {err}")
    if proc.stderr:
        proc.stderr.close()
    rows = [json.loads(line) for line in events.read_text(encoding="utf-8").splitlines()]
    starts = [r for r in rows if r["event"] == "phase_start"]
    end = next(r for r in rows if r["event"] == "session_end")
    return Result(
        errors=[r["t"] - r["planned"] for r in starts],
        planned=[r["planned"] for r in starts],
        end_drift=end["t"] - end["planned"],
        cpu=cpu,
        session_cpu=None if started_cpu is None else cpu - started_cpu,
        session_seconds=end["t"],
    )


def _run_baseline(plan: list[float], ticks: bool, stall_at: float | None) -> Result:
    proc = subprocess.Popen(
        [sys.executable, "-c", _BASELINE, json.dumps(plan), "ticks" if ticks else "deadline"],
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    proc.stdout.readline()
    started = time.monotonic()
    if stall_at is not None:
        time.sleep(max(0.0, started + stall_at - time.monotonic()))
        proc.send_signal(signal.SIGSTOP)
        time.sleep(STALL)
        proc.send_signal(signal.SIGCONT)
    errors = json.loads(proc.stdout.readline())
    proc.stdout.close()
    cpu = _wait(proc)
    return Result(errors, plan, errors[-1], cpu, None, plan[-1])


def _ms(seconds: float) -> float:
    return seconds * 1000.0


def run() -> list[Row]:
    """Measure; the rows of the table."""
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="stretchapp-bench-") as tmp:
        home = Path(tmp)
        (home / "routines").mkdir()
        (home / "routines" / f"{ROUTINE_ID}.yaml").write_text(ROUTINE, encoding="utf-8")
        phases = _plan(home)
        starts = [float(p["start"]) for p in phases]
        total = starts[-1] + float(phases[-1]["seconds"])
        plan = [*starts, total]  # the baseline also "starts" the end
        holds = [p for p in phases if p["phase"] == "hold"]
        stall_at = float(holds[STALL_HOLD]["start"]) + float(holds[STALL_HOLD]["seconds"]) / 2

        plain = _run_app(home, None)
        base = _run_baseline(plan, ticks=False, stall_at=None)
        print("   phase-start errors (ms):", " ".join(f"{_ms(e):.1f}" for e in plain.errors))
        rows.append(
            Row(
                "session: phase-start error, max",
                _ms(max(plain.errors)),
                "ms",
                _ms(max(base.errors)),
                f"<= {TARGET_MAX_MS:g} ms",
                _ms(max(plain.errors)) <= TARGET_MAX_MS,
            )
        )
        rows.append(
            Row(
                "session: phase-start error, p95",
                _ms(_p95(plain.errors)),
                "ms",
                _ms(_p95(base.errors)),
            )
        )
        rows.append(
            Row(
                "session: drift at the end",
                _ms(plain.end_drift),
                "ms",
                _ms(base.end_drift),
                f"<= {TARGET_MAX_MS:g} ms",
                abs(_ms(plain.end_drift)) <= TARGET_MAX_MS,
            )
        )
        minutes = plain.session_seconds / 60.0
        base_minutes = base.session_seconds / 60.0
        # A minute of session costs the loop's CPU; the start-up (Python, YAML, the
        # library) is paid once, so over this 27 s routine it weighs double.
        if plain.session_cpu is not None:
            rows.append(
                Row(
                    "session: CPU-s per minute of session (muted)",
                    plain.session_cpu / minutes,
                    "s/min",
                    base.cpu / base_minutes,
                    f"< {TARGET_CPU_PER_MIN:g} s/min",
                    plain.session_cpu / minutes < TARGET_CPU_PER_MIN,
                )
            )
            rows.append(
                Row("session: CPU-s of start-up, once (muted)", plain.cpu - plain.session_cpu, "s")
            )
        rows.append(
            Row(
                "session: CPU-s per minute incl. start-up, this 27 s run",
                plain.cpu / minutes,
                "s/min",
                base.cpu / base_minutes,
            )
        )

        stalled = _run_app(home, stall_at)
        base_stalled = _run_baseline(plan, ticks=True, stall_at=stall_at)
        after = [e for e, p in zip(stalled.errors, stalled.planned, strict=True) if p > stall_at]
        print(f"   stopped at {stall_at:g} s for {STALL:g} s; errors of the phases after it (ms):")
        print("   " + " ".join(f"{_ms(e):.1f}" for e in after))
        base_after = [e for e, p in zip(base_stalled.errors, plan, strict=True) if p > stall_at]
        rows.append(
            Row(
                "stall 0.6 s: phase-start error after it, max",
                _ms(max(after)),
                "ms",
                _ms(max(base_after)),
                f"<= {NO_DRIFT_MS:g} ms",
                _ms(max(after)) <= NO_DRIFT_MS,
            )
        )
        rows.append(
            Row(
                "stall 0.6 s: drift at the end",
                _ms(stalled.end_drift),
                "ms",
                _ms(base_stalled.end_drift),
                f"<= {NO_DRIFT_MS:g} ms",
                abs(_ms(stalled.end_drift)) <= NO_DRIFT_MS,
            )
        )

        # the same muted run waiting in a Qt event loop, as the voice needs: its CPU
        qt = _run_app(home, None, loop="qt")
        print("   Qt loop phase-start errors (ms):", " ".join(f"{_ms(e):.1f}" for e in qt.errors))
        qt_minutes = qt.session_seconds / 60.0
        if qt.session_cpu is not None and plain.session_cpu is not None:
            rows.append(
                Row(
                    "Qt loop (muted): CPU-s per minute of session",
                    qt.session_cpu / qt_minutes,
                    "s/min",
                    plain.session_cpu / minutes,
                    f"< {TARGET_CPU_PER_MIN:g} s/min",
                    qt.session_cpu / qt_minutes < TARGET_CPU_PER_MIN,
                )
            )
            rows.append(
                Row(
                    "Qt loop (muted): CPU-s of start-up, once",
                    qt.cpu - qt.session_cpu,
                    "s",
                    plain.cpu - plain.session_cpu,
                )
            )
        rows.append(
            Row(
                "Qt loop (muted): phase-start error, max",
                _ms(max(qt.errors)),
                "ms",
                _ms(max(plain.errors)),
                f"<= {TARGET_MAX_MS:g} ms",
                _ms(max(qt.errors)) <= TARGET_MAX_MS,
            )
        )
    return rows


if __name__ == "__main__":
    for row in run():
        print(row.line())
