"""Runs every benchmark in this folder, prints one table and writes bench.json.

Each ``bench_*.py`` module here has ``run() -> list[Row]``. A row measures one
thing beside its baseline in the same run: these machines are noisy, so the
ratio (or the difference) is what to read, not the absolute figure.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import Row  # noqa: E402  (the folder is put on the path just above)


def _load(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    """Run the benchmarks named in argv (all when none) and report them."""
    wanted = set(argv)
    rows: list[Row] = []
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if wanted and name not in wanted:
            continue
        print(f"-- {name}", flush=True)
        started = time.perf_counter()
        got: list[Row] = _load(path).run()
        for row in got:
            print("   " + row.line(), flush=True)
        print(f"   ({time.perf_counter() - started:.1f}s)", flush=True)
        rows.extend(got)
    print()
    print(f"{'benchmark':<52} {'value':>12} {'baseline':>12} {'target':>14}  ok")
    for row in rows:
        print(row.table_line())
    out = Path("bench.json")
    out.write_text(json.dumps([row.as_dict() for row in rows], indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")
    return 0 if all(row.ok is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
