"""Speech: render times, cue onsets heard through a private sound server, GUI-thread stalls."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))  # the private sound server of the test suite

from audio_fixtures import PulseServer, Recording, espeak_missing  # noqa: E402
from common import Row  # noqa: E402

CUES = [
    "Calf lunge, left leg. Hold for 30 seconds.",
    "Rep 2 of 5",
    "15 seconds left",
    "5",
    "4",
    "3",
    "2",
    "1",
    "Release.",
    "Rest for 10 seconds.",
    "Switch to the right leg.",
    "Breathe in",
    "Breathe out",
    "Next up: quad pull",
    "Quad pull, right leg. Hold for 45 seconds.",
    "Halfway there.",
    "Relax your shoulders.",
    "Flex your foot toward you.",
    "Last rep.",
    "Well done. Routine complete.",
]
HEARD = ["Rep 2 of 5", "3", "2", "1", "Release.", "Breathe in", "Breathe out", "Last rep."]
SPACING = 1.3  # seconds between heard cues: each ends before the next begins


def percentile(values: list[float], fraction: float) -> float:
    """The value below which a fraction of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def _app() -> Any:
    from PySide6.QtCore import QCoreApplication  # noqa: PLC0415 (after PULSE_SERVER is set)

    return QCoreApplication.instance() or QCoreApplication([])


def _spin(app: Any, until: Callable[[], bool], timeout: float) -> None:
    """Run the Qt event loop until a condition holds (a bench may block its own thread)."""
    deadline = time.monotonic() + timeout
    while not until() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.001)


def _render_times(cache: Path) -> tuple[list[float], float]:
    """Per-cue render seconds through the real worker, and the whole set from a cold start."""
    from stretchapp.speech.renderer import Job, RenderEvents, RenderThread  # noqa: PLC0415

    stamps: list[float] = []
    events = RenderEvents(
        rendered=lambda *_: stamps.append(time.perf_counter()),
        failed=lambda *_: stamps.append(time.perf_counter()),
        unavailable=lambda *_: stamps.append(time.perf_counter()),
    )
    thread = RenderThread(cache, events)
    started = time.perf_counter()
    thread.start()
    thread.submit([Job(text, None, 165, 0) for text in CUES])
    deadline = time.monotonic() + 60
    while len(stamps) < len(CUES) and time.monotonic() < deadline:
        time.sleep(0.01)
    thread.stop()
    whole = stamps[-1] - started
    per_cue = [b - a for a, b in itertools.pairwise(stamps)]
    return per_cue, whole


def _espeak_cli_times(work: Path) -> list[float]:
    """Baseline: the espeak-ng command writing each cue's WAV."""
    times = []
    for i, text in enumerate(CUES):
        started = time.perf_counter()
        subprocess.run(["espeak-ng", "-w", str(work / f"cli-{i}.wav"), text], check=True)
        times.append(time.perf_counter() - started)
    return times


def _stall(app: Any, seconds: float, action: Callable[[], Callable[[], bool]] | None) -> float:
    """The longest lateness of a 5 ms precise timer while an action runs, in seconds."""
    from PySide6.QtCore import Qt, QTimer  # noqa: PLC0415

    worst = [0.0]
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        worst[0] = max(worst[0], now - last[0] - 0.005)
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(5)
    timer.timeout.connect(tick)
    _spin(app, lambda: False, 0.2)
    timer.start()
    last[0] = time.perf_counter()
    done = action() if action is not None else (lambda: False)
    end = time.monotonic() + seconds
    _spin(app, lambda: done() and time.monotonic() > end, seconds + 30)
    timer.stop()
    return worst[0]


def _heard_errors(rec: Recording, marker: float, planned: list[float]) -> list[float]:
    sounds = rec.sounds(gap=0.15)
    if not sounds:
        return []
    heard_marker = sounds[0][0]
    errors = []
    for at in planned:
        expected = heard_marker + (at - marker)
        near = [s for s, _ in sounds[1:] if expected - 0.3 <= s <= expected + 0.5]
        if near:
            errors.append(near[0] - expected)
    return errors


def _onsets_service(app: Any, server: PulseServer, cache: Path, work: Path) -> list[float]:
    from stretchapp.speech import SpeechService, SpeechSettings  # noqa: PLC0415

    service = SpeechService(SpeechSettings(), cache)
    ready = [False]
    service.ready.connect(lambda: ready.__setitem__(0, True))
    service.prepare(HEARD)
    _spin(app, lambda: ready[0], 30)
    rec = Recording(server, work / "service.raw")
    rec.start()
    _spin(app, lambda: False, 0.5)
    marker = server.play_marker()
    planned = [marker + 0.5 + i * SPACING for i in range(len(HEARD))]
    for at, text in zip(planned, HEARD, strict=True):
        _spin(app, lambda at=at: time.monotonic() >= at, 5)  # type: ignore[misc]
        service.say(text)
    _spin(app, lambda: False, 1.2)
    rec.stop()
    service.shutdown()
    return _heard_errors(rec, marker, planned)


def _onsets_pacat(server: PulseServer, cache: Path, work: Path) -> list[float]:
    """Baseline: paplay started at each planned time with the same rendered WAV."""
    from stretchapp.speech.renderer import cache_key  # noqa: PLC0415

    speech = cache / "speech"
    identity = json.loads((speech / "engine.json").read_text(encoding="utf-8"))
    wavs = [speech / f"{cache_key(t, identity['voice'], 165, identity)}.wav" for t in HEARD]
    rec = Recording(server, work / "pacat.raw")
    rec.start()
    time.sleep(0.5)
    marker = server.play_marker()
    planned = [marker + 0.5 + i * SPACING for i in range(len(wavs))]
    procs = []
    for at, wav in zip(planned, wavs, strict=True):
        time.sleep(max(0.0, at - time.monotonic()))
        procs.append(subprocess.Popen(["paplay", "--latency-msec=20", str(wav)], env=server.env))
    time.sleep(1.2)
    for proc in procs:
        proc.wait(timeout=10)
    rec.stop()
    return _heard_errors(rec, marker, planned)


def run() -> list[Row]:
    """Measure; rows that cannot be measured here are left out, with the reason printed."""
    problem = espeak_missing() or (None if shutil.which("pulseaudio") else "pulseaudio missing")
    if problem:
        print(f"   speech benchmarks skipped: {problem}")
        return []
    rows: list[Row] = []
    work = Path(tempfile.mkdtemp(prefix="stretchapp-bench-speech-"))
    server = PulseServer(work / "sound")
    server.start()
    os.environ["PULSE_SERVER"] = server.server
    os.environ["STRETCHAPP_HOME"] = str(work / "home")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")
    try:
        per_cue, whole = _render_times(work / "render-cache")
        cli = _espeak_cli_times(work)
        ms = 1000.0
        rows += [
            Row(
                "speech: render one cue, p50",
                percentile(per_cue, 0.5) * ms,
                "ms",
                baseline=percentile(cli, 0.5) * ms,
                target="< 300 ms",
                ok=percentile(per_cue, 0.5) < 0.3,
            ),
            Row(
                "speech: render one cue, p95",
                percentile(per_cue, 0.95) * ms,
                "ms",
                baseline=percentile(cli, 0.95) * ms,
                target="< 2000 ms",
                ok=percentile(per_cue, 0.95) < 2.0,
            ),
            Row(
                f"speech: render a routine's {len(CUES)} cues, cold start",
                whole,
                "s",
                baseline=sum(cli),
                target="< 5 s",
                ok=whole < 5.0,
            ),
        ]

        app = _app()
        from stretchapp.speech import SpeechService, SpeechSettings  # noqa: PLC0415

        idle = _stall(app, 3.0, None)
        made: list[SpeechService] = []

        def speak() -> Callable[[], bool]:
            service = SpeechService(SpeechSettings(), work / "stall-cache")
            made.append(service)
            ready = [False]
            service.ready.connect(lambda: ready.__setitem__(0, True))
            service.prepare(CUES)
            return lambda: ready[0]

        busy = _stall(app, 3.0, speak)
        first_wait = made[0].first_wait
        for service in made:
            service.shutdown()
        rows.append(
            Row(
                "speech: longest GUI-thread stall while rendering",
                busy * ms,
                "ms",
                baseline=idle * ms,
                target="< 20 ms",
                ok=busy < 0.020,
            )
        )
        if first_wait is not None:
            rows.append(
                Row(
                    "speech: first cue's wait after prepare(), cold",
                    first_wait * ms,
                    "ms",
                    target="< 1000 ms",
                    ok=first_wait < 1.0,
                )
            )

        errors = _onsets_service(app, server, work / "stall-cache", work)
        base = _onsets_pacat(server, work / "stall-cache", work)
        if errors and base:
            p50, p95 = percentile(errors, 0.5), percentile([abs(e) for e in errors], 0.95)
            rows += [
                Row(
                    f"speech: cue onset error, p50 ({len(errors)}/{len(HEARD)} heard)",
                    p50 * ms,
                    "ms",
                    baseline=percentile(base, 0.5) * ms,
                ),
                Row(
                    "speech: cue onset |error|, p95",
                    p95 * ms,
                    "ms",
                    baseline=percentile([abs(e) for e in base], 0.95) * ms,
                    target="< 150 ms",
                    ok=p95 < 0.150 and len(errors) == len(HEARD),
                ),
            ]
        else:
            print("   onset: nothing heard; is the private sound server working?")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return rows
