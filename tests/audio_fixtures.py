"""pytest plugin: a private PulseAudio server for the session, and recordings of its speaker."""

# Qt opens its connection to the sound server once per process and never retries,
# so the private server is started when pytest starts, before any test touches
# QtMultimedia, and PULSE_SERVER points every test at it. No test can make a sound
# on the developer's speakers: without pulseaudio, PULSE_SERVER points at nothing.
# The method is ../shared/tools/listen.sh's: a null sink (norewinds=1), a silent
# stream that keeps it running, parec on its monitor, and a marker sound to
# measure from, since the server buffers.

from __future__ import annotations

import array
import contextlib
import ctypes.util
import importlib.util
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

RATE = 16000  # the test speaker's rate: enough for onsets, cheap to scan
SINK = "stretchapp_test"
WINDOW = 160  # 10 ms analysis windows
LOUD = 300  # a window whose peak passes this holds sound (-41 dBFS)
MARKER_SECONDS = 0.05
QUIET_LOGS = "qt.multimedia.symbolsresolver=false;qt.multimedia.ffmpeg=false"
XDG_HOMES = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


def running_in_ci() -> bool:
    """Whether missing real parts are failures rather than skips."""
    return os.environ.get("CI", "").lower() == "true"


def need(reason: str) -> None:
    """Skip a test for a missing real part, or fail it under CI, where every part is installed."""
    if running_in_ci():
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


def espeak_missing() -> str | None:
    """Why real speech cannot run here, or None when it can."""
    if sys.platform.startswith("linux") and ctypes.util.find_library("espeak-ng") is None:
        return "espeak-ng is not installed (sudo apt-get install espeak-ng)"
    if importlib.util.find_spec("pyttsx3") is None:  # not imported: the app never does either
        return "pyttsx3 is not installed"
    return None


def _homed(environ: Mapping[str, str], home: Path, **extra: str) -> dict[str, str]:
    """A copy of an environment whose HOME is ``home``, with no XDG homes elsewhere."""
    env = {k: v for k, v in environ.items() if k not in XDG_HOMES}
    env.update(extra, HOME=str(home))
    return env


def _die_with_parent() -> None:
    """In a child before exec: end when the test process ends, even when it crashes."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class PulseServer:
    """A private PulseAudio server with one null sink, and a silent stream that keeps it running."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.runtime = root / "pulse"
        self.socket = self.runtime / "native"
        self.server = f"unix:{self.socket}"
        # the server and its own tools keep their cookie and state here, not in the
        # user's home: they start before any test has its private home (conftest.py)
        self.tools_env = _homed(os.environ, root / "home", PULSE_SERVER=self.server)
        self._daemon: subprocess.Popen[bytes] | None = None
        self._hum: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the server; RuntimeError when it does not come up."""
        self.runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
        (self.root / "home").mkdir(exist_ok=True)
        daemon_env = _homed(
            os.environ,
            self.root / "home",
            PULSE_RUNTIME_PATH=str(self.runtime),
            XDG_RUNTIME_DIR=str(self.runtime),
        )
        daemon_env.pop("PULSE_SERVER", None)
        self._daemon = subprocess.Popen(
            [
                "pulseaudio",
                "--daemonize=no",
                "--exit-idle-time=-1",
                "--use-pid-file=no",
                "-n",
                f"--load=module-native-protocol-unix socket={self.socket} auth-anonymous=1",
                f"--load=module-null-sink sink_name={SINK} rate={RATE} channels=1 "
                "format=s16le norewinds=1",
            ],
            env=daemon_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 (started before any thread)
        )
        deadline = time.monotonic() + 10.0
        while True:
            with contextlib.suppress(subprocess.TimeoutExpired):  # not answering yet: retry
                info = subprocess.run(
                    ["pactl", "info"],
                    env=self.tools_env,
                    capture_output=True,
                    timeout=5,
                    check=False,
                )
                if info.returncode == 0:
                    break
            if self._daemon.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the private pulseaudio server did not start")
            time.sleep(0.05)  # real sound: the server is starting
        subprocess.run(
            ["pactl", "set-default-sink", SINK],
            env=self.tools_env,
            capture_output=True,
            timeout=5,
            check=True,
        )
        self._hum = subprocess.Popen(
            [*self.pacat("--playback"), "/dev/zero"],
            env=self.tools_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 (started before any thread)
        )

    @property
    def env(self) -> dict[str, str]:
        """The environment for a program a test plays through this server: the test's own."""
        return dict(os.environ, PULSE_SERVER=self.server)

    @staticmethod
    def pacat(mode: str) -> list[str]:
        """A pacat command for raw mono 16-bit audio at the sink's rate, 20 ms latency."""
        return [
            "pacat",
            mode,
            "--latency-msec=20",
            "--raw",
            "--format=s16le",
            f"--rate={RATE}",
            "--channels=1",
        ]

    def stop(self) -> None:
        """Stop the silent stream and the server."""
        for proc in (self._hum, self._daemon):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=3)
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        self._hum = self._daemon = None

    def play_marker(self) -> float:
        """Play a 50 ms 1 kHz beep; return the monotonic time its samples were handed over."""
        samples = array.array(
            "h",
            (
                round(12000 * math.sin(2 * math.pi * 1000 * i / RATE))
                for i in range(round(MARKER_SECONDS * RATE))
            ),
        )
        proc = subprocess.Popen(
            ["pacat", "-v", *self.pacat("--playback")[1:]],
            env=self.tools_env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        assert proc.stdin is not None
        assert proc.stderr is not None
        for line in proc.stderr:  # wait until the stream exists: its start-up is not latency
            if b"Stream successfully created" in line:
                break
        handed = time.monotonic()
        proc.stdin.write(samples.tobytes())
        proc.stdin.close()
        proc.stderr.close()
        proc.wait(timeout=5)
        return handed


class Recording:
    """What the test speaker played, from start() to stop()."""

    def __init__(self, server: PulseServer, path: Path) -> None:
        self.server = server
        self.path = path
        self._proc: subprocess.Popen[bytes] | None = None
        self.samples: array.array[int] = array.array("h")

    def start(self) -> None:
        """Start recording the sink's monitor."""
        with self.path.open("wb") as out:
            self._proc = subprocess.Popen(
                [*PulseServer.pacat("--record"), "-d", f"{SINK}.monitor"],
                env=self.server.tools_env,
                stdout=out,
                stderr=subprocess.DEVNULL,
            )

    def stop(self) -> array.array[int]:
        """Stop recording and return the samples."""
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=5)
        self.samples = array.array("h", self.path.read_bytes())
        if sys.byteorder != "little":
            self.samples.byteswap()
        return self.samples

    def sounds(self, gap: float = 0.3) -> list[tuple[float, float]]:
        """(start, length) in seconds of each sound; a pause shorter than gap joins two."""
        data = self.samples
        loud = [
            -min(data[i : i + WINDOW]) > LOUD or max(data[i : i + WINDOW]) > LOUD
            for i in range(0, len(data) - WINDOW, WINDOW)
        ]
        step = WINDOW / RATE
        runs: list[tuple[float, float]] = []
        i = 0
        while i < len(loud):
            if not loud[i]:
                i += 1
                continue
            j = last = i
            while j < len(loud) and (j - last) * step < gap:
                if loud[j]:
                    last = j
                j += 1
            # the onset to the sample, not to the window: timings are read to 1 ms
            first = next(n for n in range(i * WINDOW, (i + 1) * WINDOW) if abs(data[n]) > LOUD)
            runs.append((first / RATE, (last + 1) * step - first / RATE))
            i = j
        return runs


_session_server: PulseServer | None = None
_session_problem: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Start the session's private sound server before anything loads QtMultimedia."""
    global _session_server, _session_problem  # noqa: PLW0603 (one server per pytest process)
    rules = os.environ.get("QT_LOGGING_RULES", "")
    # QtMultimedia warns on every machine without PipeWire that it found no PipeWire
    os.environ["QT_LOGGING_RULES"] = ";".join(r for r in (rules, QUIET_LOGS) if r)
    root = Path(tempfile.mkdtemp(prefix="stretchapp-sound-"))
    missing = [tool for tool in ("pulseaudio", "pactl", "pacat") if shutil.which(tool) is None]
    if missing:
        _session_problem = (
            f"{', '.join(missing)} not found (sudo apt-get install pulseaudio pulseaudio-utils)"
        )
        os.environ["PULSE_SERVER"] = f"unix:{root / 'no-server'}"
        return
    server = PulseServer(root)
    try:
        server.start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        _session_problem = f"could not start a private pulseaudio server: {exc}"
        os.environ["PULSE_SERVER"] = f"unix:{root / 'no-server'}"
        return
    os.environ["PULSE_SERVER"] = server.server
    _session_server = server


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the session's sound server."""
    global _session_server  # noqa: PLW0603
    if _session_server is not None:
        _session_server.stop()
        shutil.rmtree(_session_server.root, ignore_errors=True)
        _session_server = None


@pytest.fixture
def pulse() -> PulseServer:
    """The session's private sound server; skips (fails under CI) where there is none."""
    if _session_server is None:
        need(_session_problem or "no private pulseaudio server")
    assert _session_server is not None
    return _session_server


@pytest.fixture
def recording(pulse: PulseServer, tmp_path: Path) -> Iterator[Recording]:
    """A recording of the test speaker, started; the test stops it."""
    rec = Recording(pulse, tmp_path / "heard.raw")
    rec.start()
    yield rec
    rec.stop()


@pytest.fixture
def espeak() -> None:
    """Skips (fails under CI) where espeak-ng or pyttsx3 is missing."""
    problem = espeak_missing()
    if problem is not None:
        need(problem)
