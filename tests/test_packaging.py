"""Desktop files validate, icons are complete, install.sh is clean, the bundle spec is sound."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from audio_fixtures import need
from PySide6.QtGui import QImage

import stretchapp
from stretchapp.speech import renderer

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.stretchapp.StretchApp"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
INSTALL = LINUX / "install.sh"
SPEC = ROOT / "packaging" / "pyinstaller" / "stretchapp.spec"
ENTRY = ROOT / "packaging" / "pyinstaller" / "entry.py"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
CACHES = {"mimeinfo.cache", "icon-theme.cache"}  # shared caches the desktop's tools keep
USED_QT = {"QtCore", "QtGui", "QtWidgets", "QtMultimedia", "QtNetwork", "QtSvg", "QtSvgWidgets"}


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        need(f"{name} is not installed (sudo apt-get install {package})")
    assert found is not None
    return found


# -- the desktop entry and the metainfo


def test_the_desktop_entry_validates() -> None:
    validate = tool("desktop-file-validate", "desktop-file-utils")
    done = subprocess.run([validate, str(DESKTOP)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "", done.stdout  # no hints either


def test_the_metainfo_validates() -> None:
    appstreamcli = tool("appstreamcli", "appstream")
    done = subprocess.run(
        [appstreamcli, "validate", "--no-net", "--explain", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # infos pass (AppStream 0.16 does not know <developer> yet); warnings do not
    assert not re.search(r"^W: ", done.stdout, re.MULTILINE), done.stdout


def metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()  # noqa: S314 (our own file, not untrusted input)


def test_the_metainfo_names_the_desktop_entry_icon_and_licences() -> None:
    root = metainfo()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("icon") == APP_ID
    assert root.findtext("metadata_license") == "CC0-1.0"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert root.findtext("project_license") == project["license"] == "GPL-3.0-or-later"
    entry = DESKTOP.read_text(encoding="utf-8")
    assert f"\nIcon={APP_ID}\n" in entry
    assert "\nExec=stretchapp\n" in entry


def test_the_latest_release_is_the_version() -> None:
    releases = metainfo().findall("releases/release")
    assert releases, "the metainfo lists no release"
    latest = releases[0]
    assert latest.get("version") == stretchapp.__version__
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", latest.get("date") or "")
    assert latest.find("description") is not None


def test_the_screenshots_are_the_committed_ones() -> None:
    urls = [image.text or "" for image in metainfo().iterfind("screenshots/screenshot/image")]
    assert urls
    for url in urls:
        assert url.startswith("https://"), url
        name = url.split("/docs/screenshots/", 1)[-1]
        assert (ROOT / "docs" / "screenshots" / name).is_file(), url


# -- the version


def test_the_version_has_one_source() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"]
    assert "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["hatch"]["version"]["path"] == "stretchapp/__init__.py"
    assigned = []
    for path in sorted((ROOT / "stretchapp").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and t.id == "__version__" for t in targets):
                    assigned.append(path.relative_to(ROOT).as_posix())
    assert assigned == ["stretchapp/__init__.py"]


# -- the icons


@pytest.mark.parametrize("size", SIZES)
def test_each_icon_size_is_a_square_png_of_that_size(size: int) -> None:
    path = LINUX / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(path))
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()
    assert image.pixelColor(0, 0).alpha() == 0  # transparent outside the rounded square


def test_the_pngs_are_rendered_from_the_current_svg() -> None:
    done = subprocess.run(
        [sys.executable, str(LINUX / "render_icons.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 0, done.stderr


# -- install.sh


def unquote_exec(value: str) -> list[str]:
    """An Exec value's arguments, by the desktop-entry spec (string escapes, then quoting)."""
    text = re.sub(r"\\(.)", lambda m: {"s": " ", "n": "\n", "t": "\t", "r": "\r"}.get(m[1], m[1]),
                  value)  # fmt: skip
    args: list[str] = []
    current, quoted, i, started = "", False, 0, False
    while i < len(text):
        char = text[i]
        if quoted and char == "\\" and i + 1 < len(text):
            current += text[i + 1]
            i += 2
            continue
        if char == '"':
            quoted, started = not quoted, True
        elif char == " " and not quoted:
            if started:
                args.append(current)
            current, started = "", False
        else:
            current += char
            started = True
        i += 1
    assert not quoted, value
    if started:
        args.append(current)
    return [arg.replace("%%", "%") for arg in args]


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def run_install(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", str(INSTALL), *args], capture_output=True, text=True, check=True, env=env
    )


def test_install_and_uninstall_for_the_current_user(tmp_path: Path) -> None:
    data = tmp_path / "data"
    command = str(tmp_path / 'odd "dir" $HOME & 100%' / "bin" / "stretchapp")
    env = dict(os.environ, XDG_DATA_HOME=str(data), HOME=str(tmp_path / "home"))
    env.pop("PREFIX", None)
    env.pop("DESTDIR", None)
    run_install("install", "--exec", command, env=env)
    installed = files_under(data) - {f for f in files_under(data) if Path(f).name in CACHES}
    expected = {
        f"applications/{APP_ID}.desktop",
        f"metainfo/{APP_ID}.metainfo.xml",
        f"icons/hicolor/scalable/apps/{APP_ID}.svg",
        *(f"icons/hicolor/{n}x{n}/apps/{APP_ID}.png" for n in SIZES),
    }
    assert installed == expected
    entry = (data / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    execs = re.findall(r"^Exec=(.*)$", entry, re.MULTILINE)
    assert len(execs) == 6  # the entry, its four cramp actions and Quit
    assert unquote_exec(execs[0]) == [command]
    assert unquote_exec(execs[1]) == [command, "gui", "--cramp", "calf"]
    assert unquote_exec(execs[5]) == [command, "--quit"]
    assert re.search(r"^TryExec=(.*)$", entry, re.MULTILINE)
    if shutil.which("desktop-file-validate"):
        done = subprocess.run(
            ["desktop-file-validate", str(data / "applications" / f"{APP_ID}.desktop")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout

    run_install("uninstall", env=env)
    left = files_under(data)
    assert {Path(f).name for f in left} <= CACHES, left
    # folders that held only our files are gone too
    assert not (data / "icons" / "hicolor" / "512x512").exists()
    assert not (data / "metainfo").exists()


def test_install_for_a_package_goes_under_destdir_and_prefix(tmp_path: Path) -> None:
    env = dict(os.environ, DESTDIR=str(tmp_path / "root"), PREFIX="/usr")
    run_install("install", env=env)
    share = tmp_path / "root" / "usr" / "share"
    assert (share / "applications" / f"{APP_ID}.desktop").read_bytes() == DESKTOP.read_bytes()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    # the package's own triggers refresh the caches on the target, never the build
    assert not {Path(f).name for f in files_under(share)} & CACHES
    run_install("uninstall", env=env)
    assert files_under(tmp_path / "root") == set()


def test_install_refuses_an_unknown_action(tmp_path: Path) -> None:
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path))
    done = subprocess.run(
        ["sh", str(INSTALL), "remove"], capture_output=True, text=True, check=False, env=env
    )
    assert done.returncode == 2
    assert "usage:" in done.stderr
    assert files_under(tmp_path) == set()


# -- the PyInstaller bundle


def spec_value(name: str) -> object:
    """A literal assigned at the top of the spec (lists of names, the dropped-files pattern)."""
    for node in ast.parse(SPEC.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            value = node.value
            if isinstance(value, ast.Call):  # re.compile("...")
                value = value.args[0]
            return ast.literal_eval(value)
    raise AssertionError(f"{SPEC.name} assigns no {name}")


def qt_modules_imported() -> set[str]:
    """Every PySide6 module that stretchapp imports, anywhere (lazy imports included)."""
    found = set()
    for path in (ROOT / "stretchapp").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"PySide6\.(Qt\w+)", text))
        for names in re.findall(r"from PySide6 import \(?([\w, \n]+)\)?", text):
            found |= {n.strip() for n in names.split(",") if n.strip().startswith("Qt")}
    return found


def test_the_spec_excludes_no_qt_module_that_stretchapp_imports() -> None:
    excluded = spec_value("EXCLUDED_QT")
    assert isinstance(excluded, list)
    imported = qt_modules_imported()
    assert imported, "the scan found no Qt import at all"
    assert not imported & set(excluded)
    assert not USED_QT & set(excluded)
    assert {"QtWebEngineCore", "Qt3DCore", "QtQuick", "QtQml", "QtPdf", "QtCharts"} <= set(excluded)


def test_the_spec_keeps_the_qt_files_that_sound_and_the_window_need() -> None:
    pattern = spec_value("DROPPED")
    assert isinstance(pattern, str)
    dropped = re.compile(pattern)
    kept = [
        "PySide6/Qt/lib/libQt6Multimedia.so.6",
        "PySide6/Qt/lib/libQt6Svg.so.6",
        "PySide6/Qt/lib/libQt6SvgWidgets.so.6",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/Qt/lib/libQt6DBus.so.6",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
        # the FFmpeg media backend stays: it is what QSoundEffect plays through
        "PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so",
        "PySide6/Qt/lib/libavcodec.so.61",
        "PySide6/Qt/lib/libQt6Quick.so.6",  # the FFmpeg backend links it
        "PySide6/Qt/lib/libQt6Qml.so.6",
        "libespeak-ng.so.1",
    ]
    assert [name for name in kept if dropped.search(name)] == []
    gone = [
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/Qt/lib/libQt6Pdf.so.6",
        "libssl.so.3",
        "libcrypto.so.3",
        "libpulse.so.0",  # from the target machine, where its sound server is
    ]
    assert [name for name in gone if not dropped.search(name)] == []


def test_the_bundle_entry_answers_the_renderers_worker_command(tmp_path: Path) -> None:
    # in a bundle sys.executable is the program itself: entry.py must accept what follows
    command = renderer.worker_command()
    assert command[0] == sys.executable
    env = dict(os.environ, STRETCHAPP_TTS_DRIVER="no-such-driver", STRETCHAPP_HOME=str(tmp_path))
    done = subprocess.run(
        [sys.executable, str(ENTRY), *command[1:], "--voices"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=60,
    )
    # the worker itself answered, in its protocol: the driver does not exist
    assert done.stdout.startswith('{"op": "error", "kind": "no_engine"'), done.stdout
    version = subprocess.run(
        [sys.executable, str(ENTRY), "--version"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=60,
    )
    assert version.stdout.strip() == f"stretchapp {stretchapp.__version__}"


# -- other platforms


LINUX_ONLY = {"fcntl", "termios", "pty", "tty", "resource", "grp", "pwd", "posix", "dbus", "gi"}


def module_level_imports(path: Path) -> set[str]:
    """The top-level modules a file imports when it is imported (not inside functions)."""
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize(
    "path", sorted((ROOT / "stretchapp" / "speech").glob("*.py")), ids=lambda p: p.name
)
def test_the_speech_service_imports_nothing_linux_only(path: Path) -> None:
    imports = module_level_imports(path)
    assert not imports & LINUX_ONLY
    assert "pyttsx3" not in imports  # only the worker loads it, inside a function
