"""What the loader reports, and the names of the files it reads, without YAML.

Apart from the loader so that what only shows a library (the window, its cache) need
not import PyYAML, which the loader does (about 1.1 MB).
"""

from __future__ import annotations

from dataclasses import dataclass

EXERCISES_FILE = "exercises.yaml"
TIPS_FILE = "tips.yaml"
SUFFIXES = (".yaml", ".yml")
PICTURES_DIR = "pictures"  # a user folder's own pictures, beside its exercises.yaml


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One thing wrong in a file, where it is and what to do about it."""

    path: str
    line: int  # 1-based
    column: int  # 1-based
    key: str  # "steps[2].hold"; "" for the file as a whole
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"
