"""The self-test: one line with every field, exit 1 only when an essential part is broken."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import stretchapp
from stretchapp import resources, selftest
from stretchapp.core.library import load_library

RUN = """\
import json, sys
from pathlib import Path
from stretchapp import selftest
options = json.loads(sys.argv[1])
if "bundled" in options:
    options["bundled"] = Path(options["bundled"])
sys.exit(selftest.run(**options))
"""
# A worker that never says hello: it waits for its input, which never ends.
HUNG_WORKER = [sys.executable, "-c", "import sys; sys.stdin.read()"]
NO_VOICE_WORKER = [
    sys.executable,
    "-c",
    'print(\'{"op": "error", "kind": "no_voices", "message": "none here"}\', flush=True)',
]
LIMIT = 120  # seconds: a self-test that hangs fails its test instead of hanging the suite


def self_test(cwd: Path, **options: Any) -> subprocess.CompletedProcess[str]:
    """Run selftest.run(**options) in a fresh process, offscreen, from cwd."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-c", RUN, json.dumps(options)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=LIMIT,
        check=False,
    )


def bundled_count() -> int:
    return len(
        load_library(
            resources.routines_dir(), Path("/nonexistent"), assets=resources.assets_dir()
        ).routines
    )


def fields(line: str) -> dict[str, str]:
    """The `key: value` fields of the report line."""
    found = {}
    for part in line.split("; "):
        key, sep, value = part.partition(": ")
        if sep:
            found[key] = value
    return found


@pytest.mark.real_speech
@pytest.mark.real_audio
@pytest.mark.usefixtures("espeak", "pulse")
def test_a_working_installation_passes_with_every_field(
    stretchapp_home: Path, tmp_path: Path
) -> None:
    done = self_test(tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1, done.stdout
    line = lines[0]
    assert line.startswith(f"stretchapp {stretchapp.__version__} self-test: ok; ")
    assert re.search(r"; Python 3\.\d+\.\d+; ", line)
    assert re.search(r"; PySide6 6\.[\d.]+ \(Qt 6\.[\d.]+\); ", line)
    assert re.search(r"; pyttsx3 \d+\.[\d.]+; ", line)
    found = fields(line)
    assert found["voice"].startswith("found (espeak"), line
    assert found["audio output"].startswith("found ("), line
    assert found["routines"] == str(bundled_count())
    assert found["window"] == "ok"
    assert found["reminders"] == "notices in the window (no notification service, no tray)"
    # the self-test uses its own scratch folders: the user's home stays as it was
    assert not (stretchapp_home / "settings.json").exists()


@pytest.mark.usefixtures("dunst")
def test_the_reminders_field_names_the_notification_server(tmp_path: Path) -> None:
    done = self_test(tmp_path, worker_command=NO_VOICE_WORKER)
    assert done.returncode == 0, done.stderr
    assert fields(done.stdout.strip())["reminders"].startswith("desktop notifications (dunst ")


def test_a_broken_bundled_routine_fails(stretchapp_home: Path, tmp_path: Path) -> None:
    bundled = tmp_path / "routines"
    shutil.copytree(resources.routines_dir(), bundled)
    broken = bundled / "relief-calf.yaml"
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.replace("steps:", "stepz:", 1), encoding="utf-8")
    done = self_test(tmp_path, bundled=str(bundled), worker_command=NO_VOICE_WORKER)
    assert done.returncode == 1
    (line,) = done.stdout.splitlines()
    assert " self-test: FAILED (" in line
    assert fields(line)["routines"] == str(bundled_count() - 1)
    assert re.search(r"relief-calf\.yaml:\d+:\d+: ", done.stderr), done.stderr


def test_no_bundled_routine_at_all_fails(stretchapp_home: Path, tmp_path: Path) -> None:
    empty = tmp_path / "routines"
    empty.mkdir()
    done = self_test(tmp_path, bundled=str(empty), worker_command=NO_VOICE_WORKER)
    assert done.returncode == 1
    assert "no bundled routine loaded" in done.stderr
    assert fields(done.stdout.strip())["routines"] == "0"


def test_a_missing_voice_is_reported_but_not_essential(
    stretchapp_home: Path, tmp_path: Path
) -> None:
    done = self_test(tmp_path, worker_command=NO_VOICE_WORKER)
    assert done.returncode == 0, done.stderr
    found = fields(done.stdout.strip())
    assert found["voice"] == "none (no_voices: none here)"
    assert found["window"] == "ok"


def test_a_hung_speech_worker_cannot_hang_it(stretchapp_home: Path, tmp_path: Path) -> None:
    done = self_test(tmp_path, worker_command=HUNG_WORKER, start_timeout=0.2, speech_timeout=30.0)
    assert done.returncode == 0, done.stderr
    assert fields(done.stdout.strip())["voice"].startswith("none (no_engine: ")


def test_the_watchdog_ends_a_self_test_that_outlives_its_deadline(
    stretchapp_home: Path, tmp_path: Path
) -> None:
    # the worker hangs and the self-test would wait 60 s for it: the deadline comes first
    done = self_test(
        tmp_path,
        worker_command=HUNG_WORKER,
        start_timeout=60.0,
        speech_timeout=60.0,
        deadline=0.5,
    )
    assert done.returncode == 1
    (line,) = done.stdout.splitlines()
    assert re.fullmatch(r"stretchapp \S+ self-test: FAILED \(hung for \d+ s while [a-z ]+\)", line)


def test_a_problem_in_a_users_file_is_a_warning(stretchapp_home: Path, tmp_path: Path) -> None:
    mine = stretchapp_home / "routines"
    mine.mkdir()
    (mine / "mine.yaml").write_text("title: Mine\ncategory: daily\nsteps: []\n", encoding="utf-8")
    done = self_test(tmp_path, worker_command=NO_VOICE_WORKER)
    assert done.returncode == 0, done.stderr
    assert re.search(r"self-test: warning: .*mine\.yaml:\d+:\d+: ", done.stderr), done.stderr


def test_the_report_line_says_what_failed() -> None:
    report = selftest.Report(versions=["Python 3.11.7"], routines=3, voice="none (x)")
    report.audio, report.window = "none", "ok"
    assert report.ok
    assert report.line() == (
        f"stretchapp {stretchapp.__version__} self-test: ok; Python 3.11.7; voice: none (x); "
        "audio output: none; routines: 3; window: ok; reminders: not tried"
    )
    failed = selftest.Report(failures=["a", "b"])
    assert not failed.ok
    assert failed.line().startswith(f"stretchapp {stretchapp.__version__} self-test: FAILED (2")
