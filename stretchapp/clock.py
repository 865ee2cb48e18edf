"""The monotonic clock the shells read, and a scaled clock for ``--speed``."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Protocol


def _pick_source() -> Callable[[], float]:
    # CLOCK_BOOTTIME keeps counting while the machine sleeps, so a suspend shows up
    # as a jump the session can see (and pause for); CLOCK_MONOTONIC would hide it.
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if sys.platform.startswith("linux") and boottime is not None:
        try:
            time.clock_gettime(boottime)
        except OSError:
            return time.monotonic
        return lambda: time.clock_gettime(boottime)
    return time.monotonic


monotonic: Callable[[], float] = _pick_source()
"""Seconds on a clock that never goes back and, on Linux, counts sleep."""


class Clock(Protocol):
    """Something that tells the time, in seconds, and how far away a time is in real seconds."""

    def now(self) -> float:
        """The time now."""
        ...

    def real_seconds_until(self, when: float) -> float:
        """Real (wall-length) seconds from now until this clock reads ``when``; may be <= 0."""
        ...


class MonotonicClock:
    """The machine's monotonic clock (CLOCK_BOOTTIME on Linux)."""

    def __init__(self, source: Callable[[], float] = monotonic) -> None:
        self._source = source

    def now(self) -> float:
        """Seconds on the monotonic clock."""
        return self._source()

    def real_seconds_until(self, when: float) -> float:
        """Seconds until the clock reads ``when``."""
        return when - self._source()


class ScaledClock:
    """Session time that runs ``speed`` times faster than the clock under it, from 0 at creation.

    ``--speed 20`` makes a 30 s hold last 1.5 real seconds; every time the session
    sees (and every event it writes) is session time.
    """

    def __init__(self, speed: float = 1.0, base: Clock | None = None) -> None:
        if not speed > 0 or speed == float("inf"):
            raise ValueError(f"speed must be a positive number, got {speed}")
        self._base = base if base is not None else MonotonicClock()
        self._speed = speed
        self._origin = self._base.now()

    @property
    def speed(self) -> float:
        """How many session seconds pass in one real second."""
        return self._speed

    def now(self) -> float:
        """Session seconds since the clock was made."""
        return (self._base.now() - self._origin) * self._speed

    def real_seconds_until(self, when: float) -> float:
        """Real seconds until the session time ``when``."""
        return (when - self.now()) / self._speed
