"""Loader: 1,000 routine files read and checked, beside plain yaml.safe_load of the same files."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from common import Row  # noqa: E402

from stretchapp import resources  # noqa: E402
from stretchapp.core.library import load_library  # noqa: E402
from stretchapp.core.loader import EXERCISES_FILE, TIPS_FILE, load_exercises, load_routine  # noqa: E402

FILES = 1000
ROUNDS = 5


def _write_files(folder: Path) -> list[Path]:
    """1,000 routine files: the bundled ones over and over, each under its own id."""
    bundled = [
        p
        for p in sorted(resources.routines_dir().glob("*.yaml"))
        if p.name not in (EXERCISES_FILE, TIPS_FILE)
    ]
    texts = [p.read_text(encoding="utf-8") for p in bundled]
    paths = []
    for index in range(FILES):
        path = folder / f"routine-{index:04d}.yaml"
        path.write_text(texts[index % len(texts)], encoding="utf-8")
        paths.append(path)
    return paths


def _median_seconds(work: Callable[[], object]) -> float:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run() -> list[Row]:
    """Time the loader on 1,000 files (median of five rounds) and its baselines."""
    exercises, problems = load_exercises(
        resources.routines_dir() / EXERCISES_FILE, assets_dir=resources.assets_dir()
    )
    assert not problems, problems
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "routines"
        folder.mkdir()
        paths = _write_files(folder)

        def load_all() -> None:
            for path in paths:
                routine, found = load_routine(path, exercises=exercises)
                assert routine is not None, found

        def safe_load_all() -> None:
            for path in paths:
                yaml.safe_load(path.read_text(encoding="utf-8"))

        def compose_all() -> None:
            for path in paths:
                yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        def library() -> None:
            loaded = load_library(resources.routines_dir(), folder, assets=resources.assets_dir())
            assert not loaded.problems, loaded.problems[:3]

        ours = _median_seconds(load_all)
        plain = _median_seconds(safe_load_all)
        composed = _median_seconds(compose_all)
        whole = _median_seconds(library)
    return [
        Row(
            f"loader: {FILES:,} files, vs yaml.safe_load",
            ours,
            "s",
            baseline=plain,
            target="< 1 s",
            ok=ours < 1.0,
        ),
        Row(
            f"loader: {FILES:,} files, vs libyaml compose only",
            ours,
            "s",
            baseline=composed,
            target="< 1 s",
            ok=ours < 1.0,
        ),
        Row(
            f"loader: library of {FILES:,} user files, vs loader",
            whole,
            "s",
            baseline=ours,
            target="< 1 s",
            ok=whole < 1.0,
        ),
    ]
