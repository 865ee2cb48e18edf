"""Soft tones for the countdown and phase changes: sine chimes with gentle fades, written as WAV."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from stretchapp.files import atomic_write

if TYPE_CHECKING:
    import array

RATE = 22050  # the rate espeak-ng renders at: every sound the app plays has one format
PEAK = 32767


class ToneKind(StrEnum):
    """The tones the app plays; the value names the WAV file."""

    TICK = "tick"  # each of the last seconds of a hold
    PHASE = "phase"  # a phase changes: hold, rest, switch sides
    FINISH = "finish"  # the routine is done


# (frequency in Hz, start in seconds, loudness 0..1, decay time constant in seconds)
_NOTES: dict[ToneKind, tuple[tuple[float, float, float, float], ...]] = {
    # a short soft wood-block-like tap at A5, quieter than speech
    ToneKind.TICK: ((880.0, 0.0, 0.30, 0.035),),
    # a rising fourth, E5 then A5: "something changes", never an alarm
    ToneKind.PHASE: ((659.25, 0.0, 0.28, 0.16), (880.0, 0.14, 0.28, 0.22)),
    # C5 E5 G5 and a long C6: the routine resolves
    ToneKind.FINISH: (
        (523.25, 0.0, 0.24, 0.20),
        (659.25, 0.16, 0.24, 0.20),
        (783.99, 0.32, 0.24, 0.22),
        (1046.50, 0.48, 0.22, 0.40),
    ),
}
_ATTACK = 0.006  # a raised-cosine attack: no click at the start
_RELEASE = 0.030  # a cosine fade to zero at the end: no click at the end
_OVERTONE = 0.18  # a faint octave makes a bell-like timbre instead of a bare beep


def _length(kind: ToneKind) -> float:
    """Seconds of audio: until the last note has decayed to about -55 dB."""
    return max(start + 6.5 * decay for _, start, _, decay in _NOTES[kind])


def synthesize(kind: ToneKind, rate: int = RATE) -> array.array[int]:
    """The tone's 16-bit mono samples."""
    import array  # noqa: PLC0415  (when the tones are first made: not at start-up)

    total = round(_length(kind) * rate)
    mix = [0.0] * total
    for frequency, start, loudness, decay in _NOTES[kind]:
        first = round(start * rate)
        attack = max(1, round(_ATTACK * rate))
        for n in range(total - first):
            t = n / rate
            envelope = math.exp(-t / decay)
            if n < attack:
                envelope *= 0.5 - 0.5 * math.cos(math.pi * n / attack)
            phase = 2.0 * math.pi * frequency * t
            wave_value = math.sin(phase) + _OVERTONE * math.sin(2.0 * phase)
            mix[first + n] += loudness * envelope * wave_value / (1.0 + _OVERTONE)
    release = round(_RELEASE * rate)
    for n in range(release):
        mix[total - release + n] *= 0.5 + 0.5 * math.cos(math.pi * n / release)
    return array.array("h", (max(-PEAK, min(PEAK, round(v * PEAK))) for v in mix))


def write_tone(kind: ToneKind, path: Path, rate: int = RATE) -> Path:
    """Write the tone as a mono 16-bit WAV file, atomically."""
    samples = synthesize(kind, rate)
    if sys.byteorder != "little":
        samples.byteswap()
    import io  # noqa: PLC0415 (writing a tone is rare: the bundled ones are used)
    import wave  # noqa: PLC0415

    raw = io.BytesIO()
    with wave.open(raw, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    path.parent.mkdir(parents=True, exist_ok=True)
    return atomic_write(path, raw.getvalue(), mode=0o644)  # an asset is readable by all


def tone_file(directory: Path, kind: ToneKind) -> Path:
    """Where the tone's WAV lives in a directory of sounds."""
    return directory / f"{kind.value}.wav"


def write_all(directory: Path) -> dict[ToneKind, Path]:
    """Write every tone into the directory."""
    return {kind: write_tone(kind, tone_file(directory, kind)) for kind in ToneKind}


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate the tone files: ``python -m stretchapp.tones assets/sounds``."""
    parser = argparse.ArgumentParser(prog="python -m stretchapp.tones", description=__doc__)
    parser.add_argument("directory", type=Path)
    args = parser.parse_args(argv)
    for kind, path in write_all(args.directory).items():
        print(f"{kind.value}: {path} ({_length(kind):.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
