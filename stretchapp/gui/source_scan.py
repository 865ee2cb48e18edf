"""Stop PySide6 reading the source of every module imported after it.

PySide6 replaces `__import__`. After each import it asks, once per module, whether the
module uses PySide: it reads the module's whole source (`inspect.getsource`, which keeps
every line in `linecache`) and looks for the word "PySide6". The answer only matters to
its opt-in `from __feature__ import snake_case, true_property` switches: a module that
"uses PySide" gets switching default 0 ("no feature"), any other -1 ("ignore this
module", which keeps the selection in force: 0 again when nothing selects a feature).

stretchapp selects no feature, so the answer changes nothing, but reading it costs the
start-up about 0.5 MB of source files (typing, argparse, pathlib, os and our own modules)
that nothing else reads: 2.5 ms warm, more once the system has paged those files out,
and linecache keeps their lines, about 1 MB. `stop()` answers "ignore" without reading
and drops the lines already read when something imported PySide6 before the window's
package (a test, the bench's probe). A module that does `from __feature__ import ...`
still gets its features: that import sets the module's entry itself.
"""

from __future__ import annotations

import linecache
import sys
from collections.abc import Mapping
from types import ModuleType

import PySide6.QtCore  # noqa: F401 (loads the feature module this changes)

FEATURE_MODULE = "shibokensupport.feature"  # where PySide6 6.4 to 6.9 keep the check
CHECK = "_mod_uses_pyside"


def _uses_no_feature(module: ModuleType) -> bool:
    """PySide's question, "does this module use PySide?", answered as if for a module
    that does not: its features are never switched, as none is ever selected."""
    del module
    return False


def stop(modules: Mapping[str, ModuleType] | None = None) -> bool:
    """Answer PySide's per-module question without reading the source, and forget the
    sources it read; False when this PySide6 has no such check (a later version may not),
    and nothing was changed. `modules` stands for sys.modules (a test's own)."""
    feature = (sys.modules if modules is None else modules).get(FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, CHECK, None)):
        return False
    setattr(feature, CHECK, _uses_no_feature)
    linecache.clearcache()  # only a traceback reads it, and it reads the files again
    return True
