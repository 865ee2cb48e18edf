"""Finds the bundled routines/ and assets/ in a checkout, an installed wheel or a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stretchapp.core.library import Library

PACKAGE = "stretchapp"
DATA = "_data"  # where the wheel puts them (pyproject: force-include)


class ResourceError(FileNotFoundError):
    """The bundled files are missing: a broken installation."""


def _package_dir() -> Path:
    # A regular package on disk (a zip import would need extracting, and we ship none):
    # this module's folder, without importlib.resources, which the window's first paint
    # would wait for.
    return Path(__file__).resolve().parent


def candidates(name: str) -> list[Path]:
    """Where the bundled folder `name` may be, best first."""
    places = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:  # a PyInstaller bundle unpacks its data here
        places += [Path(frozen) / name, Path(frozen) / PACKAGE / DATA / name]
    package = _package_dir()
    places.append(package / DATA / name)  # an installed wheel
    places.append(package.parent / name)  # a checkout or an editable install
    return places


def _find(name: str) -> Path:
    places = candidates(name)
    for place in places:
        if place.is_dir():
            return place
    looked = ", ".join(str(p) for p in places)
    raise ResourceError(f"the bundled {name}/ folder is missing (looked in {looked}); reinstall")


def routines_dir() -> Path:
    """The bundled routines/: routine files, exercises.yaml and tips.yaml."""
    return _find("routines")


def assets_dir() -> Path:
    """The bundled assets/: exercises/ illustrations, the icon, sounds/."""
    return _find("assets")


def load_default_library() -> Library:
    """The bundled routines with the user's own beside them, from this install's places."""
    from stretchapp import paths  # noqa: PLC0415  (keeps `import resources` light)
    from stretchapp.core.library import load_library  # noqa: PLC0415

    return load_library(routines_dir(), paths.user_routines_dir(), assets=assets_dir())
