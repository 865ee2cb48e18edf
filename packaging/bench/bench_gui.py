"""The window beside a bare PySide6 window, launched in turn on one Xvfb screen.

Four launches of each, interleaved: process start to the first *mapped* window (the X
server's first Expose; offscreen maps nothing, so this needs Xvfb), resident memory
10 s after it, idle CPU over the next 30 s (the scheduler's ns, not clock ticks), then the
time from SIGTERM to the process's end.

The start-up figure takes more launches than that. One launch of either program varies by
about ±15 ms on these machines, so the median of four moves by ±0.06 in the ratio between
runs of the same code. Sixteen more short launches of each, interleaved (mapped, a second's
settle, SIGTERM), join the four: the ratio is of the medians of twenty. The four full
launches' own ratio is still printed, without a target. The app is the real command line (`python -m
stretchapp`); the speech worker would be a child process and is not counted (the library
window starts none). Both start from bytecode, as an installed program does (see
_compiled).

SIGTERM is split in two: from the signal to the program's own exit call (os._exit, what
the program does: its handler, saving, closing) and from there to the process's end (the
kernel tearing the process down, nothing the program can shorten). The bare window has
no handler, so the kernel ends it at once; a third program, the bare window quitting its
event loop on SIGTERM the way the app does (a wakeup socket, then os._exit), is the fair
baseline for both parts. It is launched as often, only for this.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from common import Row

ROOT = Path(__file__).resolve().parents[2]
LAUNCHES = 4  # of each program, interleaved
STARTS = 16  # more launches of each, interleaved, for the start-up figure only
SETTLE = 10.0  # seconds after the first mapped window to the memory reading
IDLE = 30.0  # seconds of idle CPU measured after that
MAP_TIMEOUT = 30.0  # a window that never maps is a failed run

# Put before every program: notes the first Expose of a window the X server has mapped,
# by the same means for all, into the file BENCH_MAPPED names, and the moment the program
# calls os._exit into BENCH_EXITED.
HOOK = r"""
import os, sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication


class _Mapped(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Expose and isinstance(obj, QWindow) and obj.isExposed():
            with open(os.environ["BENCH_MAPPED"], "w", encoding="ascii") as f:
                f.write(repr(time.monotonic()))
            QApplication.instance().removeEventFilter(self)
        return False


_exec = QApplication.exec
_mapped = _Mapped()


def _watched_exec(*args):
    QApplication.instance().installEventFilter(_mapped)
    return _exec()


QApplication.exec = _watched_exec
_os_exit = os._exit


def _stamped_exit(code):
    with open(os.environ["BENCH_EXITED"], "w", encoding="ascii") as f:
        f.write(repr(time.monotonic()))
    _os_exit(code)


os._exit = _stamped_exit
"""

BARE = r"""
import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

qapp = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("Routines"))
window.resize(1180, 780)
window.show()
qapp.exec()
"""

# The bare window, quitting on SIGTERM as the app does: the signal wakes the event loop
# through a socket, the loop ends, and the process exits without the interpreter's teardown.
BARE_HANDLED = r"""
import signal, socket
from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

qapp = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("Routines"))
window.resize(1180, 780)
read, write = socket.socketpair()
read.setblocking(False)
write.setblocking(False)
signal.signal(signal.SIGTERM, lambda number, frame: None)
signal.set_wakeup_fd(write.fileno(), warn_on_full_buffer=False)
notifier = QSocketNotifier(read.fileno(), QSocketNotifier.Type.Read)
notifier.activated.connect(qapp.quit)
window.show()
qapp.exec()
os._exit(0)
"""

APP = r"""
import runpy
runpy.run_module("stretchapp", run_name="__main__", alter_sys=True)
"""


@dataclass(frozen=True)
class Launch:
    """One launch's figures."""

    mapped: float  # s from process start to the first mapped window
    rss: float  # MB, SETTLE s after that
    idle_cpu: float  # % of a core over IDLE s after that
    quit: float  # s from SIGTERM to the process's end
    exited: float | None  # s from SIGTERM to the program's own os._exit; None: never called


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def _cpu_s(pid: int) -> float:
    """CPU time of the process's threads, in ns from the scheduler: /proc/PID/stat counts
    10 ms clock ticks, and charges a whole tick to a wake of 0.7 ms (the reminder check's
    once a minute) when the tick lands in it, which reads as 0.03 % over 30 s."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):  # a thread that ended meanwhile
            total += int((task / "schedstat").read_text(encoding="ascii").split()[0])
    return total / 1e9


def _launch(
    program: str, env: dict[str, str], tmp: Path, settle: float = SETTLE, idle_s: float = IDLE
) -> Launch:
    mapped_file, exited_file = tmp / "mapped", tmp / "exited"
    mapped_file.unlink(missing_ok=True)
    exited_file.unlink(missing_ok=True)
    env = dict(env, BENCH_MAPPED=str(mapped_file), BENCH_EXITED=str(exited_file))
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-c", HOOK + program],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = started + MAP_TIMEOUT
        while not mapped_file.exists() or not mapped_file.read_text(encoding="ascii"):
            if child.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"no window mapped: {child.communicate()[1].decode()}")
            time.sleep(0.005)
        mapped = float(mapped_file.read_text(encoding="ascii"))
        time.sleep(max(0.0, mapped + settle - time.monotonic()))
        rss = _rss_mb(child.pid)
        cpu, wall = _cpu_s(child.pid), time.monotonic()
        time.sleep(idle_s)
        idle = 100.0 * (_cpu_s(child.pid) - cpu) / (time.monotonic() - wall)
        sent = time.monotonic()
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=30)
        ended = time.monotonic()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    stamp = exited_file.read_text(encoding="ascii") if exited_file.exists() else ""
    exited = float(stamp) - sent if stamp else None
    return Launch(mapped - started, rss, idle, ended - sent, exited)


def _xvfb() -> tuple[subprocess.Popen[bytes], str]:
    if shutil.which("Xvfb") is None:
        raise RuntimeError("bench gui needs Xvfb (apt-get install xvfb): offscreen maps nothing")
    read, write = os.pipe()
    # -displayfd: Xvfb picks a free display and writes its number when it is ready
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x860x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read, encoding="ascii") as f:
        number = f.readline().strip()
    return server, f":{number}"


def _median(launches: list[Launch], field: str) -> float:
    return statistics.median(float(getattr(launch, field)) for launch in launches)


def _teardown(launch: Launch) -> float:
    """s from the program's os._exit to the process's end: the kernel's share."""
    if launch.exited is None:
        raise RuntimeError("the program never called os._exit after SIGTERM")
    return launch.quit - launch.exited


def _exit_rows(app: list[Launch], handled: list[Launch]) -> list[Row]:
    """SIGTERM split into the program's part and the kernel's, beside the handled bare."""
    ours = [1000 * (launch.exited or 0.0) for launch in app]
    theirs = [1000 * (launch.exited or 0.0) for launch in handled]
    return [
        Row(
            "gui: SIGTERM to exit, bare quitting on it (median)",
            1000 * _median(handled, "quit"),
            "ms",
            None,
        ),
        Row(
            "gui: SIGTERM to our os._exit (median)",
            statistics.median(ours),
            "ms",
            statistics.median(theirs),
        ),
        Row(
            "gui: os._exit to process end, kernel (median)",
            1000 * statistics.median(_teardown(launch) for launch in app),
            "ms",
            1000 * statistics.median(_teardown(launch) for launch in handled),
        ),
    ]


def _compiled(env: dict[str, str], tmp: Path) -> None:
    """Have the app start from bytecode, as it does when installed.

    A wheel or the bundle brings its modules compiled, and PySide6 in site-packages is,
    but a checkout may have none (PYTHONDONTWRITEBYTECODE is set on these machines): every
    launch would compile the program's modules again, which costs start-up time and
    resident memory that a user never pays. The bytecode goes to a private prefix.
    """
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "stretchapp")],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def run() -> list[Row]:
    """First mapped window, memory, idle CPU and SIGTERM, each beside the bare window."""
    server, display = _xvfb()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-gui-") as name:
            tmp = Path(name)
            (tmp / "home").mkdir()
            env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
            env["STRETCHAPP_HOME"] = str(tmp / "home")
            env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
            _compiled(env, tmp)
            bare: list[Launch] = []
            app: list[Launch] = []
            handled: list[Launch] = []  # only for SIGTERM: a short settle, no idle
            for _ in range(LAUNCHES):
                bare.append(_launch(BARE, env, tmp))
                app.append(_launch(APP, env, tmp))
                handled.append(_launch(BARE_HANDLED, env, tmp, settle=2.0, idle_s=1.0))
            bare_starts, app_starts = list(bare), list(app)
            for _ in range(STARTS):
                bare_starts.append(_launch(BARE, env, tmp, settle=1.0, idle_s=0.1))
                app_starts.append(_launch(APP, env, tmp, settle=1.0, idle_s=0.1))
    finally:
        server.terminate()
        server.wait()
    for name, launches in (("bare", bare_starts), ("app", app_starts)):
        print(f"   {name} mapped, ms: {' '.join(f'{1000 * x.mapped:.0f}' for x in launches)}")
    ratio = _median(app_starts, "mapped") / _median(bare_starts, "mapped")
    ratio_full = _median(app, "mapped") / _median(bare, "mapped")
    extra = _median(app, "rss") - _median(bare, "rss")
    idle = _median(app, "idle_cpu")
    quit_ms = 1000 * _median(app, "quit")
    return [
        Row(
            f"gui: start to first mapped window (median of {LAUNCHES + STARTS})",
            _median(app_starts, "mapped"),
            "s",
            _median(bare_starts, "mapped"),
        ),
        Row("gui: first mapped window, ratio to bare", ratio, "x", 1.0, "<= 1.2x", ratio <= 1.2),
        Row(f"gui: the same, the {LAUNCHES} full launches only", ratio_full, "x", 1.0),
        Row(
            "gui: RSS 10 s after mapping (median)", _median(app, "rss"), "MB", _median(bare, "rss")
        ),
        Row("gui: extra RSS over a bare window", extra, "MB", 0.0, "<= 12 MB", extra <= 12),
        Row(
            "gui: CPU idle over 30 s (median)",
            idle,
            "% core",
            _median(bare, "idle_cpu"),
            "0.00%",
            round(idle, 2) == 0.0,
        ),
        Row(
            "gui: SIGTERM to exit (median)",
            quit_ms,
            "ms",
            1000 * _median(bare, "quit"),
            "<= 20 ms",
            quit_ms <= 20,
        ),
        *_exit_rows(app, handled),
    ]


if __name__ == "__main__":
    for row in run():
        print(row.table_line())
