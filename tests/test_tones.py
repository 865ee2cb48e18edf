"""The tones are soft and click-free, and the bundled files are what the generator makes."""

from __future__ import annotations

import itertools
import math
import stat
import wave
from pathlib import Path

import pytest

from stretchapp.tones import RATE, ToneKind, main, synthesize, tone_file, write_all

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "sounds"


@pytest.mark.parametrize("kind", list(ToneKind))
def test_tones_are_soft_and_start_and_end_in_silence(kind: ToneKind) -> None:
    samples = synthesize(kind)
    peak = max(abs(s) for s in samples)
    assert 0.15 * 32767 < peak < 0.5 * 32767  # audible, well under speech at full volume
    assert abs(samples[0]) < 200  # a raised-cosine attack: no click
    assert all(abs(s) < 50 for s in samples[-5:])  # faded to zero: no click
    assert abs(sum(samples) / len(samples)) < 50  # no offset


@pytest.mark.parametrize(
    ("kind", "shortest", "longest"),
    [(ToneKind.TICK, 0.05, 0.4), (ToneKind.PHASE, 0.3, 2.0), (ToneKind.FINISH, 0.8, 3.5)],
)
def test_tone_lengths(kind: ToneKind, shortest: float, longest: float) -> None:
    assert shortest <= len(synthesize(kind)) / RATE <= longest


def test_a_tick_is_mostly_over_in_100_ms() -> None:
    samples = synthesize(ToneKind.TICK)
    loud = [i for i, s in enumerate(samples) if abs(s) > 0.01 * 32767]
    assert loud[-1] / RATE < 0.15


def test_the_bundled_tones_are_the_generated_ones(tmp_path: Path) -> None:
    written = write_all(tmp_path)
    for kind in ToneKind:
        bundled = tone_file(ASSETS, kind)
        assert bundled.read_bytes() == written[kind].read_bytes(), (
            f"{bundled} is stale: run python -m stretchapp.tones assets/sounds"
        )
        with wave.open(str(bundled), "rb") as wav:
            assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, RATE)


def test_main_writes_every_tone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "sounds")]) == 0
    assert sorted(p.name for p in (tmp_path / "sounds").iterdir()) == [
        "finish.wav",
        "phase.wav",
        "tick.wav",
    ]
    assert "tick" in capsys.readouterr().out
    for wav in (tmp_path / "sounds").iterdir():
        assert stat.S_IMODE(wav.stat().st_mode) == 0o644  # an asset is readable by all


def test_the_phase_chime_rises() -> None:
    samples = synthesize(ToneKind.PHASE)

    def pitch(start: float) -> float:
        window = samples[round(start * RATE) : round((start + 0.05) * RATE)]
        crossings = sum(1 for a, b in itertools.pairwise(window) if a < 0 <= b)
        return crossings / 0.05

    assert math.isclose(pitch(0.02), 659.25, rel_tol=0.05)
    assert math.isclose(pitch(0.40), 880.0, rel_tol=0.05)
