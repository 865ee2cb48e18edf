"""Bundled routines/ and assets/ are found in a checkout, an installed wheel and a frozen bundle."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from stretchapp import resources

ROOT = Path(__file__).resolve().parent.parent


def test_checkout_finds_the_repository_folders() -> None:
    assert resources.routines_dir() == ROOT / "routines"
    assert resources.assets_dir() == ROOT / "assets"
    assert (resources.routines_dir() / "exercises.yaml").is_file()


def fake_package(root: Path) -> Path:
    """A copy of the package's resources module in a fresh `stretchapp` package under root."""
    package = root / "stretchapp"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    source = Path(resources.__file__).read_text(encoding="utf-8")
    (package / "resources.py").write_text(source, encoding="utf-8")
    return package


def where(root: Path, code: str = "") -> list[str]:
    script = (
        "import sys\n"
        f"{code}\n"
        "from stretchapp import resources\n"
        "print(resources.routines_dir()); print(resources.assets_dir())\n"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    return out.stdout.splitlines()


def test_installed_wheel_uses_the_data_folder(tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    package = fake_package(site)
    for name in ("routines", "assets"):
        (package / "_data" / name).mkdir(parents=True)
    found = where(tmp_path, f"sys.path.insert(0, {str(site)!r})")
    assert found == [str(package / "_data" / "routines"), str(package / "_data" / "assets")]


def test_frozen_bundle_uses_meipass(tmp_path: Path) -> None:
    package = fake_package(tmp_path / "code")
    bundle = tmp_path / "bundle"
    for name in ("routines", "assets"):
        (bundle / name).mkdir(parents=True)
    code = f"sys.path.insert(0, {str(package.parent)!r}); sys._MEIPASS = {str(bundle)!r}"
    assert where(tmp_path, code) == [str(bundle / "routines"), str(bundle / "assets")]


def test_missing_folders_are_a_clear_error(tmp_path: Path) -> None:
    package = fake_package(tmp_path / "code")
    script = (
        f"import sys; sys.path.insert(0, {str(package.parent)!r})\n"
        "from stretchapp import resources\n"
        "try:\n    resources.routines_dir()\n"
        "except FileNotFoundError as e:\n    print(e)\n"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith("the bundled routines/ folder is missing (looked in ")
    assert out.rstrip().endswith("); reinstall")


def test_candidates_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    package = Path(resources.__file__).parent
    assert resources.candidates("assets") == [
        tmp_path / "assets",
        tmp_path / "stretchapp" / "_data" / "assets",
        package / "_data" / "assets",
        package.parent / "assets",
    ]


def test_wheel_puts_the_data_where_resources_looks() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    force = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert force == {
        "routines": f"{resources.PACKAGE}/{resources.DATA}/routines",
        "assets": f"{resources.PACKAGE}/{resources.DATA}/assets",
    }
