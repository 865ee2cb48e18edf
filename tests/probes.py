"""Probes run in a fresh interpreter: what a start imports or keeps is hidden in the test
process, which has imported everything already."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def last_json(code: str, *argv: str, env: Mapping[str, str], timeout: float = 120) -> Any:
    """Run `code` with python -c in the checkout, and return the JSON of its last line."""
    done = subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=dict(env),
        timeout=timeout,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])
