"""Cues that fit, measured with the real voice: every planned cue is heard on its own."""

from __future__ import annotations

import itertools
import json
import queue
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from stretchapp import resources
from stretchapp.core.cues import GAP, Verbosity, all_texts, phase_cues
from stretchapp.core.library import Library, load_library
from stretchapp.core.speaking import speaking_time
from stretchapp.core.timeline import Timeline, compile_routine
from stretchapp.speech.renderer import Job, RenderEvents, RenderThread, wav_seconds

# The case: 9 s holds and 3 s rests lost 3 of their 11 cues at a virtual speaker.
SHORT = """\
title: Short holds
category: workout
prepare: 5s
steps:
  - exercise: calf-lunge
    hold: 9s
    reps: 2
    rest: 3s
  - exercise: quad-pull
    hold: 9s
    reps: 2
    rest: 3s
"""
ONSET_TOLERANCE = 0.250


def bundled() -> Library:
    return load_library(
        resources.routines_dir(), Path("no-user-routines"), assets=resources.assets_dir()
    )


def short_routine(tmp: Path) -> Timeline:
    (tmp / "short.yaml").write_text(SHORT, encoding="utf-8")
    library = load_library(resources.routines_dir(), tmp, assets=resources.assets_dir())
    return compile_routine(library.routines["short"])


def render_all(texts: list[str], cache: Path, rate: int = 165) -> dict[str, float]:
    """Each text's real length, rendered by espeak-ng as the app renders it."""
    done: queue.Queue[tuple[str, float | None]] = queue.Queue()
    events = RenderEvents(
        rendered=lambda g, text, key, path: done.put((text, wav_seconds(Path(path)))),
        failed=lambda g, text, why: done.put((text, None)),
        unavailable=lambda kind, message: done.put(("", None)),
    )
    thread = RenderThread(cache, events, timeout=10.0)
    thread.start()
    try:
        thread.submit([Job(text, None, rate, 0) for text in texts])
        measured: dict[str, float] = {}
        for _ in texts:
            text, seconds = done.get(timeout=60)
            assert seconds is not None, f"could not render {text!r}"
            measured[text] = seconds
    finally:
        thread.stop()
    return measured


def overlaps(timeline: Timeline, exercises: Any, lengths: dict[str, float]) -> list[str]:
    """Every planned cue that would still be speaking when the next one starts.

    A manual phase lasts until the user says done: what follows is a new stretch of time.
    """

    def measured(text: str) -> float:
        # a text only weighed, never said (a longer form than a phase can hold), may be missing
        return lengths.get(text, speaking_time(text))

    found: list[str] = []
    said: list[tuple[float, float, str]] = []
    for phase in timeline.phases:
        for cue in phase_cues(timeline, phase.index, exercises, Verbosity.FULL, measured):
            if cue.from_end and phase.seconds is None:
                continue  # said when the user says done
            offset = phase.length - cue.offset if cue.from_end else cue.offset
            said.append((phase.start + offset, lengths[cue.text], cue.text))
        if phase.seconds is None or phase is timeline.phases[-1]:
            said.sort()
            found += [
                f"{a[2]!r} at {a[0]:.2f} s runs {a[1]:.2f} s into {b[2]!r} at {b[0]:.2f} s"
                for a, b in itertools.pairwise(said)
                if a[0] + a[1] + GAP > b[0] + 1e-6
            ]
            said = []
    return found


@pytest.mark.real_speech
def test_every_bundled_routine_fits_the_real_voice(espeak: None, stretchapp_home: Path) -> None:
    library = bundled()
    timelines = {rid: compile_routine(r) for rid, r in library.routines.items()}
    texts = list(
        dict.fromkeys(
            t
            for timeline in timelines.values()
            for t in all_texts(timeline, library.exercises, Verbosity.FULL)
        )
    )
    lengths = render_all(texts, stretchapp_home / "cache")
    # the estimate the plan uses before a render is never shorter than the render
    short = {t: (speaking_time(t), s) for t, s in lengths.items() if speaking_time(t) < s}
    assert not short
    problems = {
        rid: found
        for rid, timeline in timelines.items()
        if (found := overlaps(timeline, library.exercises, lengths))
    }
    assert not problems


@pytest.mark.real_speech
def test_the_estimate_is_never_shorter_at_another_rate(espeak: None, stretchapp_home: Path) -> None:
    library = bundled()
    timeline = compile_routine(library.routines["after-workout"])
    texts = all_texts(timeline, library.exercises, Verbosity.FULL)
    for rate in (100, 200):
        lengths = render_all(texts, stretchapp_home / "cache", rate)
        assert all(speaking_time(t, rate) >= s for t, s in lengths.items()), rate


@pytest.mark.real_audio
@pytest.mark.real_speech
def test_short_holds_give_every_cue_its_own_onset(
    espeak: None, recording: Any, pulse: Any, stretchapp_home: Path
) -> None:
    (stretchapp_home / "routines").mkdir()
    timeline = short_routine(stretchapp_home / "routines")
    # tones off: every sound heard is a cue
    (stretchapp_home / "settings.json").write_text('{"tones": false}', encoding="utf-8")
    events = stretchapp_home / "events.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "stretchapp", "run", "short", "--events", str(events)],
        env=dict(pulse.env, STRETCHAPP_HOME=str(stretchapp_home)),
        cwd=Path(__file__).resolve().parent.parent,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30 + timeline.total_seconds,
        check=False,
    )
    recording.stop()
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in events.read_text(encoding="utf-8").splitlines()]
    planned = [row["planned"] for row in rows if row["event"] == "cue"]
    assert len(planned) >= 11
    heard = [start for start, _ in recording.sounds(gap=0.15)]
    # the first cue is the session's origin as heard; every later one is measured from it
    origin = heard[0] - planned[0]
    errors: list[tuple[float, float | None]] = []
    onsets: list[float] = []
    for at in planned:
        near = [h for h in heard if abs(h - origin - at) <= ONSET_TOLERANCE]
        errors.append((at, round(near[0] - origin - at, 3) if near else None))
        onsets += near[:1]
    print("planned s, heard onset error s:", errors)  # for the record: pytest -s
    assert all(error is not None for _, error in errors), errors
    # each cue has its own onset, which comes after at least 0.15 s of silence (the
    # recording's gap): the cue before it had ended, nothing was cut off or talked over
    assert len(set(onsets)) == len(planned), errors
