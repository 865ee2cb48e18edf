"""The library as last loaded, kept in the cache folder: a start whose files have not
changed reads it instead of the YAML files, and does not import PyYAML (about 1.1 MB).

The cache is a JSON file: the loaded Library (routines, exercises, tips and problems)
with a fingerprint of everything the loader read, and of the program that read it: the
folders' listings, each file's size, modification time and inode, the pictures, and the
core's own source files. Anything different, and the files are loaded as before and the
cache written again. A damaged, foreign, oversized or unreadable cache is only a reason to
load the files: it is a copy, and deleting it loses nothing.

A file changed within TRUST_NS before the cache was written might change again within the
same tick of its clock, unseen: such a cache is not kept (as git treats "racily clean"
files), so the next start loads the files and writes it then.
"""

from __future__ import annotations

import contextlib
import datetime
import enum
import json
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import stretchapp
from stretchapp.core import routine as model
from stretchapp.core.library import Library
from stretchapp.core.problem import PICTURES_DIR, Problem
from stretchapp.files import atomic_write, read_limited

FORMAT = 1  # what the file holds and how; a change makes older caches foreign
MAX_BYTES = 8 << 20  # the bundled library is about 60 KB; a user's hundred routines, more
MAX_ENTRIES = 5_000  # files looked at for the fingerprint; past that, no cache
TRUST_NS = 2_000_000_000

# the classes a cache may name: the model's, and nothing else
_CLASSES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (
        Library,
        Problem,
        model.Routine,
        model.Step,
        model.Exercise,
        model.CueTexts,
        model.Tip,
        model.Category,
        model.Sides,
        model.Side,
        model.StepKind,
    )
}


class CacheError(ValueError):
    """The cache cannot be used: the files are loaded instead."""


def load(
    bundled: Path,
    user: Path,
    *,
    assets: Path,
    cache: Path | None,
    loader: Callable[..., Library] | None = None,
) -> Library:
    """The library of these folders: from the cache when nothing has changed, else loaded
    (by `loader`, core.library.load_library by default) and the cache written again."""
    stamp = fingerprint(bundled, user, assets)
    if cache is not None and stamp is not None:
        with contextlib.suppress(CacheError):
            return read(cache, stamp)
    if loader is None:
        from stretchapp.core.library import load_library  # noqa: PLC0415 (PyYAML)

        loader = load_library
    library: Library = loader(bundled, user, assets=assets)
    if cache is not None and stamp is not None and fingerprint(bundled, user, assets) == stamp:
        write(cache, stamp, library)  # unless a file changed while it was read
    return library


def fingerprint(bundled: Path, user: Path, assets: Path) -> list[Any] | None:
    """What the loader reads, and which program reads it; None when it cannot be told."""
    core = Path(model.__file__).parent
    folders = [bundled, user, user / PICTURES_DIR, assets / "exercises", core]
    stamp: list[Any] = [FORMAT, stretchapp.__version__, sys.version]
    if getattr(sys, "frozen", False):
        folders.append(Path(sys.executable).parent)  # the bundle: its program changes there
    entries = 0
    try:
        for folder in folders:
            listing: list[Any] = [str(folder.absolute())]
            if folder.is_dir():
                for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                    if folder == core and not entry.name.endswith(".py"):
                        continue  # its __pycache__ changes as the program runs
                    entries += 1
                    if entries > MAX_ENTRIES:
                        return None
                    info = entry.stat()  # through a link, as the loader reads it
                    listing.append(
                        [entry.name, info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino]
                    )
            stamp.append(listing)
    except OSError:
        return None
    return stamp


def read(cache: Path, stamp: list[Any]) -> Library:
    """The cached library when its fingerprint is this one; CacheError when not."""
    try:
        data = json.loads(read_limited(cache, MAX_BYTES))
    except (OSError, ValueError, RecursionError) as error:  # missing, damaged, too deep
        raise CacheError(str(error)) from None
    if not isinstance(data, dict) or data.get("fingerprint") != stamp:
        raise CacheError("another library")
    try:
        library = decode(data.get("library"))
    except RecursionError:
        raise CacheError("nested too deep") from None
    if not isinstance(library, Library):
        raise CacheError("not a library")
    return library


def write(cache: Path, stamp: list[Any], library: Library) -> None:
    """Keep the library for the next start; a cache that cannot be written is no cache."""
    try:
        text = json.dumps({"fingerprint": stamp, "library": encode(library)})
        cache.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(cache, text, mode=0o600)
        written = cache.stat().st_mtime_ns
    except (OSError, TypeError, ValueError):
        with contextlib.suppress(OSError):
            cache.unlink()
        return
    # each folder's listing is [folder, [name, mode, size, mtime_ns, inode], ...]
    listings = (item for item in stamp if isinstance(item, list))
    newest = max((entry[3] for listing in listings for entry in listing[1:]), default=0)
    if newest > written - TRUST_NS:
        with contextlib.suppress(OSError):
            cache.unlink()  # too fresh to trust: see the module's notes


def encode(value: Any) -> Any:
    """A model value as JSON: tagged, so that decode() gives back the same value."""
    if value is None or (
        isinstance(value, bool | int | float | str) and not isinstance(value, enum.Enum)
    ):
        return value
    if isinstance(value, enum.Enum):
        return {"enum": type(value).__name__, "value": value.value}
    if is_dataclass(value) and not isinstance(value, type):
        named = {f.name: encode(getattr(value, f.name)) for f in fields(value)}
        return {"class": type(value).__name__, "fields": named}
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, Mapping):
        return {"mapping": [[str(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, Path):
        return {"path": str(value)}
    if isinstance(value, datetime.time):
        return {"time": value.isoformat()}
    raise TypeError(f"cannot keep a {type(value).__name__} in the cache")


def decode(value: Any) -> Any:
    """The value encode() was given; CacheError for anything it would not have written."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if not isinstance(value, dict) or len(value) not in (1, 2):
        raise CacheError("not a cached value")
    try:
        if "class" in value:
            cls = _CLASSES[value["class"]]
            named = {str(k): decode(v) for k, v in value["fields"].items()}
            return cls(**named)
        if "enum" in value:
            return _CLASSES[value["enum"]](value["value"])
        if "tuple" in value:
            return tuple(decode(v) for v in value["tuple"])
        if "mapping" in value:
            return MappingProxyType({str(k): decode(v) for k, v in value["mapping"]})
        if "path" in value:
            return Path(value["path"])
        if "time" in value:
            return datetime.time.fromisoformat(value["time"])
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise CacheError(f"not a cached value: {error}") from None
    raise CacheError("not a cached value")
