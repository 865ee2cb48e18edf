"""PySide6 reads no module's source once the window's package is imported (source_scan.py).

The probe runs in a fresh interpreter: the test suite's own imports would have filled
PySide6's table of modules already.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

from probes import last_json

from stretchapp.gui import source_scan

# Two modules that name PySide6, one imported before the window's package, one after; it
# prints whether linecache holds each one's lines and PySide6's answer for the later one.
PROBE = r"""
import json, linecache, sys

sys.path.insert(0, sys.argv[1])
import PySide6.QtCore  # first, as a test or the bench's probe does

import named_early

read_early = named_early.__file__ in linecache.cache
import stretchapp.gui

kept_early = named_early.__file__ in linecache.cache
import named_late

feature = sys.modules["shibokensupport.feature"]
print(json.dumps({
    "read_early": read_early,
    "kept_early": kept_early,
    "read_late": named_late.__file__ in linecache.cache,
    "late_answer": feature.pyside_feature_dict.get("named_late"),
}))
"""


def test_no_source_is_read_after_the_window_package(tmp_path: Path) -> None:
    for name in ("named_early", "named_late"):
        (tmp_path / f"{name}.py").write_text('WHAT = "PySide6"\n', encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    probed = last_json(PROBE, str(tmp_path), env=env, timeout=60)
    # PySide6 6.9 reads a module's source when it is imported: the probe sees that
    assert probed["read_early"] is True
    # what it read before is forgotten, and nothing after is read
    assert probed["kept_early"] is False
    assert probed["read_late"] is False
    # answered "ignore this module": no feature is ever switched for it
    assert probed["late_answer"] == -1


def test_a_pyside_without_the_check_is_left_alone() -> None:
    # a later PySide6 may have no such check: nothing is changed (sys.modules is not
    # touched: PySide6's own import hook looks there)
    assert source_scan.stop({}) is False
    bare = ModuleType("feature_without_check")
    assert source_scan.stop({source_scan.FEATURE_MODULE: bare}) is False
    assert not hasattr(bare, source_scan.CHECK)
