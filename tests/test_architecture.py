"""The pure core stays pure, every module sits in a layer, and tests never sleep.

What is checked comes from the package itself: a module added to `stretchapp/core/` is
checked without anyone listing it, and a module added anywhere else fails until it is
given a layer in `pyproject.toml`.
"""

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "stretchapp"
CORE_DIR = PACKAGE / "core"
CORE = sorted(
    ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    for path in CORE_DIR.rglob("*.py")
    if path.name != "__init__.py"
)
SHELL_PACKAGES = {"PySide6", "shiboken6", "pyttsx3"}
# (what the call is made on, the call): reading the clock, or waiting on it
CLOCK_CALLS = (
    {("time", name) for name in ("time", "monotonic", "perf_counter", "sleep")}
    | {("datetime", name) for name in ("now", "today", "utcnow")}
    | {("date", "today")}
)


def _contracts() -> list[dict[str, object]]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        config = tomllib.load(file)
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _layered() -> set[str]:
    """Every top-level name the layers contract places."""
    (layers,) = [c for c in _contracts() if c["type"] == "layers"]
    names: set[str] = set()
    for layer in layers["layers"]:  # type: ignore[attr-defined]
        for name in str(layer).replace("|", ":").split(":"):
            names.add(name.strip())
    return names


def test_the_core_is_found() -> None:
    assert "core.session" in CORE
    assert "core.loader" in CORE


def test_every_module_has_a_layer() -> None:
    top = {
        path.stem if path.is_file() else path.name
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" and path.name != "__init__.py")
        or (path.is_dir() and (path / "__init__.py").exists())
    }
    assert top - _layered() == set(), "give these a layer in pyproject.toml"
    assert _layered() - top == set(), "these layers name no module"


def test_the_core_is_forbidden_qt_speech_and_time() -> None:
    (forbidden,) = [c for c in _contracts() if c["type"] == "forbidden"]
    assert forbidden["source_modules"] == ["stretchapp.core"]
    assert set(forbidden["forbidden_modules"]) >= SHELL_PACKAGES | {"time"}  # type: ignore[call-overload]


def test_core_imports_no_qt_and_no_speech() -> None:
    code = (
        "import sys\n"
        + "".join(f"import stretchapp.{name}\n" for name in CORE)
        + "print(sorted({m for m in sys.modules if m.startswith('stretchapp')}))\n"
        + "print(sorted({m.split('.')[0] for m in sys.modules}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.splitlines()
    ours = set(ast.literal_eval(out[0]))
    loaded = set(ast.literal_eval(out[1]))
    assert not loaded & SHELL_PACKAGES
    assert {m for m in ours if not m.startswith("stretchapp.core")} == {"stretchapp"}


@pytest.mark.parametrize("name", CORE)
def test_core_never_reads_the_clock(name: str) -> None:
    path = PACKAGE.joinpath(*name.split(".")).with_suffix(".py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
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


@pytest.mark.parametrize("name", CORE)
def test_core_imports_only_the_core(name: str) -> None:
    """Inside functions too, where import-linter's static look would also see it."""
    path = PACKAGE.joinpath(*name.split(".")).with_suffix(".py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module]
            if node.module == "stretchapp":
                modules = [f"stretchapp.{alias.name}" for alias in node.names]
        for module in modules:
            if module.startswith("stretchapp"):
                assert module.startswith("stretchapp.core"), f"{name} imports {module}"


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
