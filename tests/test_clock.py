"""The shells' clock: monotonic, counting sleep on Linux, and scaled for --speed."""

from __future__ import annotations

import sys
import time

import pytest
from stubs import FakeClock

from stretchapp.clock import MonotonicClock, ScaledClock, monotonic


def test_monotonic_never_goes_back() -> None:
    readings = [monotonic() for _ in range(1000)]
    assert readings == sorted(readings)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="CLOCK_BOOTTIME is Linux only")
def test_monotonic_is_boottime_on_linux() -> None:
    # boottime counts suspend, so it runs ahead of CLOCK_MONOTONIC after any sleep;
    # bracketing a reading between two boottime readings shows which clock it is
    before = time.clock_gettime(time.CLOCK_BOOTTIME)
    reading = monotonic()
    after = time.clock_gettime(time.CLOCK_BOOTTIME)
    assert before <= reading <= after


def test_monotonic_clock_reads_its_source() -> None:
    fake = FakeClock(5.0)
    clock = MonotonicClock(fake.now)
    assert clock.now() == 5.0
    assert clock.real_seconds_until(7.5) == 2.5


def test_scaled_clock_starts_at_zero_and_runs_fast() -> None:
    base = FakeClock(1000.0)
    clock = ScaledClock(20.0, base)
    assert clock.now() == 0.0
    base.advance(1.5)
    assert clock.now() == pytest.approx(30.0)
    # a 30 s hold that ends at session time 60 is 1.5 real seconds away
    assert clock.real_seconds_until(60.0) == pytest.approx(1.5)
    assert clock.speed == 20.0


def test_scaled_clock_at_speed_one_is_session_time() -> None:
    base = FakeClock(50.0)
    clock = ScaledClock(1.0, base)
    base.advance(3.25)
    assert clock.now() == pytest.approx(3.25)
    assert clock.real_seconds_until(3.25) == pytest.approx(0.0)


def test_scaled_clock_sees_a_stall_as_a_jump() -> None:
    base = FakeClock(0.0)
    clock = ScaledClock(2.0, base)
    base.advance(600.0)  # the machine slept ten minutes
    assert clock.now() == pytest.approx(1200.0)


@pytest.mark.parametrize("speed", [0.0, -1.0, float("inf"), float("nan")])
def test_scaled_clock_refuses_a_bad_speed(speed: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        ScaledClock(speed, FakeClock())


def test_scaled_clock_on_the_real_clock_moves_forward() -> None:
    clock = ScaledClock(1.0)
    first = clock.now()
    assert first >= 0.0
    assert clock.now() >= first
