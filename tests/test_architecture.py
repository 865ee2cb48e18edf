"""The pure core stays pure, and tests never sleep."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = [
    "durations",
    "routine",
    "spec",
    "loader",
    "library",
    "timeline",
    "cues",
    "texts",
    "session",
    "events",
    "reminders",
]
SHELL_PACKAGES = {"PySide6", "shiboken6", "pyttsx3"}
# (what the call is made on, the call): reading the clock, or waiting on it
CLOCK_CALLS = (
    {("time", name) for name in ("time", "monotonic", "perf_counter", "sleep")}
    | {("datetime", name) for name in ("now", "today", "utcnow")}
    | {("date", "today")}
)


def test_core_imports_no_qt_and_no_speech() -> None:
    code = (
        "import sys\n"
        + "".join(f"import stretchapp.{name}\n" for name in CORE)
        + "print(sorted({m.split('.')[0] for m in sys.modules}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    loaded = set(ast.literal_eval(out))
    assert not loaded & SHELL_PACKAGES


@pytest.mark.parametrize("name", CORE)
def test_core_never_reads_the_clock(name: str) -> None:
    tree = ast.parse((ROOT / "stretchapp" / f"{name}.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert all(alias.name != "time" for alias in node.names), name
        if isinstance(node, ast.ImportFrom):
            assert node.module != "time", name
        # a type such as datetime.time is fine; a call that reads the clock is not
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            base = node.func.value
            base_name = base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
            assert (base_name, node.func.attr) not in CLOCK_CALLS, f"{name}: {ast.unparse(node)}"


def test_tests_never_sleep() -> None:
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if path.name == Path(__file__).name:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "real sound:" in line:  # recording real audio waits for it, and says so
                continue
            if "time.sleep(" in line or "qtbot.wait(" in line:
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert not offenders, offenders
