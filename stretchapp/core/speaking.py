"""How long espeak-ng takes to say a text: an estimate calibrated never to fall short.

The cue plan fits each sentence into its phase by its speaking time. Where the speech
service has rendered a text it knows the real length (`SpeechService.speaking_time`); this
estimate stands in before that, and for the terminal and the window when the voice is off,
so it must never be shorter than the real thing or a cue would run into the next one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

# Seconds a text takes to say, as a function of the text.
Speaking = Callable[[str], float]

DEFAULT_RATE = 165  # words a minute: SpeechSettings' default

# Calibrated against real renders by espeak-ng 1.51 through pyttsx3 (the default English
# voice), trimmed of silence as the renderer stores them: every text of every bundled
# routine in every verbosity, and every exercise's instructions, 163 texts at each rate.
# At each rate, seconds = base + letter * letters + stop * stops + comma * commas with the
# smallest total that is at least 0.05 s above every real length (a linear programme).
# Digits count as four letters each ("30": "thirty"). At 165 words a minute the estimate
# is 0.52 s above the real length on average, 2.96 s at most (a 33-word instruction).
# (rate, base, per letter, per full stop or colon, per comma)
_CALIBRATION = (
    (80, 0.3342, 0.1256, 0.8397, 0.9456),
    (120, 0.2502, 0.0921, 0.5369, 0.5426),
    (165, 0.2069, 0.0704, 0.3094, 0.4133),
    (250, 0.2141, 0.0487, 0.1310, 0.2175),
    (400, 0.1406, 0.0320, 0.0128, 0.0367),
)
# Texts outside that set ran up to 0.05 s past the fit ("Release. Rest. Next up: rep 5 of
# 5."): every estimate gets this much more.
SAFETY = 0.15
_RATES = [row[0] for row in _CALIBRATION]
_DIGITS = re.compile(r"\d")
_LETTERS = re.compile(r"[^\W\d_]")
_STOPS = re.compile(r"[.:;!?](?:\s|$)")


def _features(text: str) -> tuple[int, int, int]:
    letters = len(_LETTERS.findall(text)) + 4 * len(_DIGITS.findall(text))
    return letters, len(_STOPS.findall(text)), text.count(",")


def _at(row: tuple[float, ...], features: tuple[int, int, int]) -> float:
    _, base, letter, stop, comma = row
    letters, stops, commas = features
    return SAFETY + base + letter * letters + stop * stops + comma * commas


def speaking_time(text: str, rate: int = DEFAULT_RATE) -> float:
    """About how long espeak-ng takes to say a text at a rate, never less than it takes.

    Between two calibrated rates the estimate is interpolated in 1/rate, in which speaking
    time is nearly linear; outside them the nearest one is used, scaled by the rate.
    """
    if not text.strip():
        return 0.0
    features = _features(text)
    if rate <= _RATES[0]:
        return _at(_CALIBRATION[0], features) * _RATES[0] / rate
    if rate >= _RATES[-1]:
        return _at(_CALIBRATION[-1], features)  # espeak-ng hardly speeds up past 400
    upper = bisect.bisect_left(_RATES, rate)
    low, high = _CALIBRATION[upper - 1], _CALIBRATION[upper]
    if high[0] == rate:
        return _at(high, features)
    share = (1 / low[0] - 1 / rate) / (1 / low[0] - 1 / high[0])
    return _at(low, features) + share * (_at(high, features) - _at(low, features))


def estimate_at(rate: int) -> Speaking:
    """The estimate at one rate, as the cue plan takes it."""
    return lambda text: speaking_time(text, rate)
