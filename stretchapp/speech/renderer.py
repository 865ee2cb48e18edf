"""Renders cue texts to cached WAV files through a supervised worker process, off the GUI thread."""

# Why a child process and not a thread: espeak-ng can be initialised once per
# process and pyttsx3 keeps it in module globals, so a thread that hangs inside a
# render cannot be replaced by a fresh engine in the same process; a callback that
# raises inside espeak's ctypes callback leaves runAndWait looping for ever. A
# process is killed and restarted in a few milliseconds, its prints go to a pipe,
# and the GUI process never imports pyttsx3 at all. The price, one Python start
# (about 0.15 s), is paid once, in the background, before the first cue.

from __future__ import annotations

import array
import collections
import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
import time
import wave
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import stretchapp
from stretchapp.files import atomic_write

# The interpreter's own BLAKE2, not hashlib: importing hashlib loads OpenSSL, and the window
# (which renders through this module) measured 3.5 MB more resident for it: 20.0-20.2 MB over
# a bare window, past the 20 MB target of packaging/bench/bench_gui.py, against 16.5 MB.
try:
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover (an interpreter without it)
    from hashlib import blake2b as _blake2b

RENDER_TIMEOUT = 2.0  # a render slower than this is skipped and the worker restarted
START_TIMEOUT = 15.0  # a cold Python start with a cold disk cache can be slow
MIN_SECONDS = 0.05  # a WAV shorter than this holds no speech
SILENCE = 200  # |sample| at or below this is silence (-44 dBFS)
LEAD = 0.005  # seconds of silence kept before the first sound: the cue starts at once
TAIL = 0.08  # seconds kept after the last sound (espeak-ng adds a 0.25 s end pause)
MAX_START_FAILURES = 3


class WorkerError(Exception):
    """The worker could not start, stopped, or did not answer in time."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind  # "no_engine", "no_voices", "timeout", "exited", "protocol"
        self.message = message


def worker_command() -> list[str]:
    """The command that starts the real worker."""
    return [sys.executable, "-m", "stretchapp.speech.worker"]


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    # the worker imports this very package, whether installed or run from a checkout
    root = str(Path(stretchapp.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


class WorkerProcess:
    """One running worker: requests go to its stdin, answers come back through a reader thread."""

    def __init__(self, command: Sequence[str], log: Path | None) -> None:
        self._command = list(command)
        self._log = log
        self._proc: subprocess.Popen[str] | None = None
        self._answers: queue.Queue[str | None] = queue.Queue()
        self.hello: dict[str, Any] = {}

    def start(self, timeout: float = START_TIMEOUT) -> dict[str, Any]:
        """Start the worker and return its hello; WorkerError when it cannot speak."""
        stderr: IO[bytes] | int = subprocess.DEVNULL
        if self._log is not None:
            with contextlib.suppress(OSError):
                self._log.parent.mkdir(parents=True, exist_ok=True)
                stderr = self._log.open("ab")
        try:
            self._proc = subprocess.Popen(
                self._command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                env=_child_env(),
                text=True,
                encoding="utf-8",
                bufsize=1,
            )
        except OSError as exc:
            raise WorkerError("no_engine", f"cannot start the speech worker: {exc}") from exc
        finally:
            if not isinstance(stderr, int):
                stderr.close()
        reader = threading.Thread(
            target=self._read, args=(self._proc,), name="speech-worker-reader", daemon=True
        )
        reader.start()
        hello = self._receive(timeout)
        if hello.get("op") == "error":
            self.kill()
            raise WorkerError(str(hello.get("kind")), str(hello.get("message")))
        if hello.get("op") != "hello":
            self.kill()
            raise WorkerError("protocol", f"unexpected first message {hello!r}")
        self.hello = hello
        return hello

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            self._answers.put(line)
        self._answers.put(None)

    def _receive(self, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise WorkerError("timeout", f"no answer within {timeout:.1f} s")
            try:
                line = self._answers.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise WorkerError("exited", "the speech worker stopped")
            try:
                message = json.loads(line)
            except json.JSONDecodeError:
                continue  # not ours: a stray line cannot happen, but never trust a pipe
            if isinstance(message, dict):
                return message

    def request(self, message: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Send one request and wait for its answer."""
        proc = self._proc
        if proc is None or proc.stdin is None or proc.poll() is not None:
            raise WorkerError("exited", "the speech worker is not running")
        try:
            proc.stdin.write(json.dumps(message) + "\n")
            proc.stdin.flush()
        except OSError as exc:
            raise WorkerError("exited", str(exc)) from exc
        while True:
            answer = self._receive(timeout)
            if answer.get("op") == message.get("op") or answer.get("id") == message.get("id"):
                return answer

    @property
    def running(self) -> bool:
        """Whether the process is alive."""
        return self._proc is not None and self._proc.poll() is None

    def kill(self) -> None:
        """Stop the process now."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(OSError):
            proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=1.0)
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def close(self) -> None:
        """Ask the worker to quit, then make sure it has."""
        proc = self._proc
        if proc is not None and proc.stdin is not None and proc.poll() is None:
            with contextlib.suppress(OSError):
                proc.stdin.write('{"op": "quit"}\n')
                proc.stdin.flush()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=0.5)
        self.kill()


def check_wav(path: Path, min_seconds: float = MIN_SECONDS) -> str | None:
    """None when the file is a mono or stereo 16-bit WAV holding sound, else what is wrong."""
    try:
        with path.open("rb") as raw:
            head = raw.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                return "not a RIFF/WAVE file"
            raw.seek(0)
            with wave.open(raw, "rb") as wav:
                if wav.getsampwidth() != 2:
                    return "not 16-bit"
                frames = wav.getnframes()
                if frames < min_seconds * wav.getframerate():
                    return f"only {frames} frames"
                data = array.array("h", wav.readframes(frames))
    except (OSError, EOFError, wave.Error) as exc:
        return f"unreadable: {exc}"
    if sys.byteorder != "little":
        data.byteswap()
    if not data or (max(data) <= SILENCE and -min(data) <= SILENCE):
        return "silent"
    return None


def wav_seconds(path: Path) -> float | None:
    """How long a WAV plays, from its header; None when it cannot be read."""
    try:
        with wave.open(str(path), "rb") as wav:
            return wav.getnframes() / wav.getframerate()
    except (OSError, EOFError, wave.Error, ZeroDivisionError):
        return None


def _loud_indexes(data: array.array[int], block: int = 256) -> tuple[int, int] | None:
    """The first and last sample louder than silence; scans blocks with C-level min/max."""

    def loud(start: int, stop: int) -> bool:
        part = data[start:stop]
        return max(part) > SILENCE or -min(part) > SILENCE

    starts = range(0, len(data), block)
    first_block = next((b for b in starts if loud(b, b + block)), None)
    if first_block is None:
        return None
    last_block = next(b for b in reversed(starts) if loud(b, b + block))
    first = next(i for i in range(first_block, first_block + block) if abs(data[i]) > SILENCE)
    end = min(len(data), last_block + block)
    last = next(i for i in range(end - 1, last_block - 1, -1) if abs(data[i]) > SILENCE)
    return first, last


def trim_silence(path: Path, lead: float = LEAD, tail: float = TAIL) -> None:
    """Cut the silence before the first sound and after the last, so a cue sounds on time."""
    with wave.open(str(path), "rb") as wav:
        params = wav.getparams()
        data = array.array("h", wav.readframes(params.nframes))
    if sys.byteorder != "little":
        data.byteswap()
    channels, rate = params.nchannels, params.framerate
    loud = _loud_indexes(data)
    if loud is None:
        return
    first = max(0, loud[0] // channels - round(lead * rate)) * channels
    last = min(len(data), (loud[1] // channels + 1 + round(tail * rate)) * channels)
    if first == 0 and last == len(data):
        return
    kept = data[first:last]
    if sys.byteorder != "little":
        kept.byteswap()
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(kept.tobytes())


def cache_key(text: str, voice: str | None, rate: int, identity: dict[str, Any]) -> str:
    """The cache file's name for a text said by a voice at a rate with one engine version."""
    blob = json.dumps(
        [
            text,
            voice,
            rate,
            identity.get("driver"),
            identity.get("engine"),
            identity.get("pyttsx3"),
        ],
        ensure_ascii=False,
    )
    return _blake2b(blob.encode("utf-8"), digest_size=16).hexdigest()


NO_CACHE = "no_cache"  # the unavailable kind when the cache folder cannot be made


@dataclass(frozen=True)
class Job:
    """One text to render with the settings of one generation."""

    text: str
    voice: str | None
    rate: int
    generation: int


@dataclass
class RenderEvents:
    """What the render thread reports; each is called on the render thread."""

    rendered: Callable[[int, str, str, str], None]  # generation, text, key, path
    failed: Callable[[int, str, str], None]  # generation, text, why
    unavailable: Callable[[str, str], None]  # kind, message: no voice at all


class RenderThread:
    """One thread that renders texts in order through one worker process at a time."""

    def __init__(
        self,
        cache_dir: Path,
        events: RenderEvents,
        *,
        command: Sequence[str] | None = None,
        timeout: float = RENDER_TIMEOUT,
        start_timeout: float = START_TIMEOUT,
    ) -> None:
        self.speech_dir = cache_dir / "speech"
        self._events = events
        self._command = list(command) if command is not None else worker_command()
        self._timeout = timeout
        self._start_timeout = start_timeout
        self._jobs: collections.deque[Job] = collections.deque()
        self._lock = threading.Condition()
        self._stopping = False
        self._worker: WorkerProcess | None = None
        self._identity: dict[str, Any] = self._load_identity()
        self._unavailable: str | None = None
        self._start_failures = 0
        self._next_id = 0
        self.restarts = 0  # how many times a worker was replaced: read by tests and the bench
        self._thread = threading.Thread(target=self._run, name="speech-render", daemon=True)

    def start(self) -> None:
        """Start the thread; it starts the worker at once so the first cue waits less."""
        self._thread.start()

    def submit(self, jobs: Sequence[Job], *, replace: bool = False, front: bool = False) -> None:
        """Queue texts; replace drops what was queued, front puts them before it."""
        with self._lock:
            if replace:
                self._jobs.clear()
            if front:
                self._jobs.extendleft(reversed(jobs))
            else:
                self._jobs.extend(jobs)
            self._lock.notify()

    def stop(self, timeout: float = 1.0) -> None:
        """Stop rendering, stop the worker and wait a bounded time for the thread."""
        with self._lock:
            self._stopping = True
            self._jobs.clear()
            self._lock.notify()
        worker = self._worker
        if worker is not None:
            worker.kill()  # wakes a render in progress: its reader sees the end of the pipe
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    # -- the thread

    def _run(self) -> None:
        try:
            self.speech_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            # e.g. <home>/cache is a file: no cue could be stored, so say so once and let
            # the cues be shown rather than let every render fail on its own.
            why = error.strerror or str(error)
            self._give_up(NO_CACHE, f"cannot keep speech in {self.speech_dir} ({why})")
        self._ensure_worker()
        while True:
            with self._lock:
                while not self._jobs and not self._stopping:
                    self._lock.wait()
                if self._stopping:
                    break
                job = self._jobs.popleft()
            self._render(job)
        if self._worker is not None:
            self._worker.close()
            self._worker = None

    def _load_identity(self) -> dict[str, Any]:
        with contextlib.suppress(OSError, ValueError):
            loaded = json.loads((self.speech_dir / "engine.json").read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                return loaded
        return {}

    def _save_identity(self, hello: dict[str, Any]) -> None:
        identity = {k: hello.get(k) for k in ("driver", "engine", "pyttsx3", "voice")}
        if identity == self._identity:
            return
        self._identity = identity
        with contextlib.suppress(OSError):
            atomic_write(self.speech_dir / "engine.json", json.dumps(identity) + "\n")

    def _ensure_worker(self) -> WorkerProcess | None:
        if self._unavailable is not None:
            return None
        if self._worker is not None and self._worker.running:
            return self._worker
        if self._worker is not None:
            self._worker.kill()
            self._worker = None
            self.restarts += 1
        while self._start_failures < MAX_START_FAILURES:
            with self._lock:
                if self._stopping:
                    return None
            worker = WorkerProcess(self._command, self.speech_dir / "worker.log")
            try:
                hello = worker.start(self._start_timeout)
            except WorkerError as exc:
                worker.kill()
                if exc.kind in {"no_engine", "no_voices"}:
                    self._give_up(exc.kind, exc.message)
                    return None
                self._start_failures += 1
                continue
            self._start_failures = 0
            self._save_identity(hello)
            self._worker = worker
            return worker
        self._give_up("no_engine", "the speech worker failed to start")
        return None

    def _give_up(self, kind: str, message: str) -> None:
        self._unavailable = kind
        self._events.unavailable(kind, message)

    def _path_for(self, job: Job) -> tuple[str, Path]:
        voice = job.voice or self._identity.get("voice")
        key = cache_key(job.text, voice, job.rate, self._identity)
        return key, self.speech_dir / f"{key}.wav"

    def _render(self, job: Job) -> None:
        if self._identity:
            key, path = self._path_for(job)
            if path.exists() and check_wav(path) is None:
                self._events.rendered(job.generation, job.text, key, str(path))
                return
        why = "no voice"
        for _attempt in range(2):  # a render that writes a bad file is tried once more
            worker = self._ensure_worker()
            if worker is None:
                break
            key, path = self._path_for(job)  # the identity may be new
            if path.exists() and check_wav(path) is None:
                self._events.rendered(job.generation, job.text, key, str(path))
                return
            self._next_id += 1
            tmp = path.with_name(f".{key}-{os.getpid()}-{self._next_id}.wav")
            request = {
                "op": "render",
                "id": self._next_id,
                "text": job.text,
                "voice": job.voice,
                "rate": job.rate,
                "path": str(tmp),
            }
            try:
                answer = worker.request(request, self._timeout)
            except WorkerError as exc:
                # hung or crashed: skip this cue, replace the worker for the next one
                worker.kill()
                tmp.unlink(missing_ok=True)
                self._events.failed(job.generation, job.text, f"{exc.kind}: {exc.message}")
                return
            why = str(answer.get("error") or "")
            if answer.get("ok"):
                why = check_wav(tmp) or ""
            if not why:
                try:
                    trim_silence(tmp)
                    tmp.replace(path)
                except (OSError, EOFError, wave.Error) as exc:
                    why = f"cannot store the file: {exc}"
                else:
                    self._events.rendered(job.generation, job.text, key, str(path))
                    return
            tmp.unlink(missing_ok=True)
        self._events.failed(job.generation, job.text, why)


def list_voices_now(
    command: Sequence[str] | None = None, timeout: float = START_TIMEOUT
) -> list[tuple[str, str, list[str]]]:
    """Ask a short-lived worker for the installed voices; [] when there is no voice."""
    worker = WorkerProcess(list(command) if command is not None else worker_command(), None)
    try:
        worker.start(timeout)
        answer = worker.request({"op": "voices"}, timeout)
    except WorkerError:
        return []
    finally:
        worker.close()
    rows = answer.get("voices") or []
    return [(str(r[0]), str(r[1]), [str(x) for x in r[2]]) for r in rows if len(r) == 3]
