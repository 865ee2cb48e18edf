"""Builds the sdist and the wheel, installs the wheel in a fresh venv and runs it from elsewhere."""

# Usage: python packaging/check_wheel.py [--wheel FILE] [--keep] [--no-voice-check]
# The wheel is built from the sdist (`python -m build` does that), so a file missing
# from either fails here. Installing takes the dependencies from the package index
# through pip's cache. The installed program runs with the checkout nowhere on its
# path, from an empty directory, with STRETCHAPP_HOME in a temporary directory.

from __future__ import annotations

import argparse
import ctypes.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import venv
import zipfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPECIAL = {"exercises", "tips"}  # files in routines/ that are not routines
RUN_TIMEOUT = 180  # seconds for one command of the installed program


class CheckError(Exception):
    """One check failed."""


def step(name: str, started: float) -> None:
    print(f"check-wheel: {name} ({time.monotonic() - started:.1f} s)", flush=True)


def bundled_ids() -> set[str]:
    """The routine ids the wheel must carry: the stems of routines/*.yaml."""
    return {p.stem for p in (ROOT / "routines").glob("*.y*ml") if p.stem not in SPECIAL}


def build(outdir: Path) -> Path:
    """Build the sdist, then the wheel from it; the wheel's path."""
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(outdir), str(ROOT)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    sdists = sorted(outdir.glob("stretchapp-*.tar.gz"))
    wheels = sorted(outdir.glob("stretchapp-*.whl"))
    if len(sdists) != 1 or len(wheels) != 1:
        raise CheckError(f"expected one sdist and one wheel in {outdir}, got {sdists + wheels}")
    return wheels[0]


def check_contents(wheel: Path) -> None:
    """The wheel carries the routines, the assets and the package, and no tests."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    wanted = {f"stretchapp/_data/routines/{i}.yaml" for i in bundled_ids()}
    wanted |= {
        "stretchapp/_data/routines/exercises.yaml",
        "stretchapp/_data/routines/tips.yaml",
        "stretchapp/_data/assets/icons/stretchapp.svg",
        "stretchapp/_data/assets/icons/stretchapp-32.png",  # the window's icon
        "stretchapp/cli/__init__.py",
        "stretchapp/terminal/__init__.py",
        "stretchapp/selftest.py",
        "stretchapp/speech/worker.py",
    }
    missing = sorted(wanted - names)
    if missing:
        raise CheckError(f"{wheel.name} lacks {', '.join(missing)}")
    strays = sorted(n for n in names if n.startswith(("tests/", "packaging/")))
    if strays:
        raise CheckError(f"{wheel.name} carries {', '.join(strays[:5])}")


def make_venv(where: Path) -> Path:
    """A fresh virtual environment with pip; its python."""
    venv.EnvBuilder(with_pip=True, clear=True).create(where)
    bindir = "Scripts" if sys.platform == "win32" else "bin"
    return where / bindir / ("python.exe" if sys.platform == "win32" else "python")


def clean_env(home: Path, venv_dir: Path) -> dict[str, str]:
    """The environment the installed program runs in: nothing points at the checkout."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}
    }
    bindir = venv_dir / ("Scripts" if sys.platform == "win32" else "bin")
    env["PATH"] = os.pathsep.join([str(bindir), env.get("PATH", "")])
    env["VIRTUAL_ENV"] = str(venv_dir)
    env["STRETCHAPP_HOME"] = str(home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run(command: Sequence[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run one command of the installed program; CheckError when it fails or hangs."""
    try:
        done = subprocess.run(
            list(command),
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise CheckError(f"{' '.join(command)}: no end after {RUN_TIMEOUT} s") from error
    if done.returncode != 0:
        raise CheckError(
            f"{' '.join(command)} exited {done.returncode}\n{done.stdout}{done.stderr}"
        )
    return done


def check_installed(python: Path, venv_dir: Path, scratch: Path, *, need_voice: bool) -> None:
    """Run the installed program from outside the checkout."""
    home, elsewhere = scratch / "home", scratch / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    env = clean_env(home, venv_dir)
    exe = python.parent / ("stretchapp.exe" if sys.platform == "win32" else "stretchapp")

    where = run(
        [str(python), "-c", "import stretchapp.resources as r; print(r.routines_dir())"],
        elsewhere,
        env,
    ).stdout.strip()
    if not Path(where).resolve().is_relative_to(venv_dir.resolve()):
        raise CheckError(f"the installed program reads its routines from {where}")

    printed = run([str(exe), "list", "--json"], elsewhere, env).stdout
    try:
        ids = {str(entry["id"]) for entry in json.loads(printed)}
    except (ValueError, TypeError, KeyError) as error:
        raise CheckError(
            f"`stretchapp list --json` printed no list of routines:\n{printed}"
        ) from error
    if ids != bundled_ids():
        raise CheckError(
            f"`stretchapp list --json` gave {sorted(ids)}, not {sorted(bundled_ids())}"
        )
    print(f"check-wheel: `stretchapp list --json` lists the {len(ids)} bundled routines")

    done = run([str(exe), "--self-test"], elsewhere, env)
    lines = done.stdout.strip().splitlines()
    if len(lines) != 1 or " self-test: ok; " not in lines[0]:
        raise CheckError(f"`stretchapp --self-test` printed:\n{done.stdout}{done.stderr}")
    print(f"check-wheel: {lines[0]}")
    if need_voice and "; voice: found" not in lines[0]:
        raise CheckError("espeak-ng is installed here, yet the installed program found no voice")


def espeak_present() -> bool:
    """Whether this machine has the voice the installed program should find."""
    return not sys.platform.startswith("linux") or ctypes.util.find_library("espeak-ng") is not None


def main(argv: Sequence[str] | None = None) -> int:
    """Build, install, run; the exit code."""
    parser = argparse.ArgumentParser(prog="check_wheel.py", description=__doc__)
    parser.add_argument("--wheel", type=Path, help="check this wheel instead of building one")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--no-voice-check", action="store_true", help="pass without a voice even where espeak-ng is"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="stretchapp-check-wheel-"))
    try:
        wheel = args.wheel.resolve() if args.wheel else build(scratch / "dist")
        step(f"built {wheel.name}" if not args.wheel else f"using {wheel}", started)
        check_contents(wheel)
        venv_dir = scratch / "venv"
        python = make_venv(venv_dir)
        # pip's cache is used as always; only the wheel is never taken from it
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
            check=True,
            cwd=scratch,
        )
        step("installed it in a fresh venv", started)
        check_installed(
            python, venv_dir, scratch, need_voice=espeak_present() and not args.no_voice_check
        )
    except (CheckError, subprocess.CalledProcessError, OSError) as error:
        print(f"check-wheel: FAILED: {error}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"check-wheel: kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    step("passed", started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
