"""The command line through main(argv): every subcommand, its output and its exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import stretchapp
from stretchapp import cli
from stretchapp.cli import commands
from stretchapp.core.announce import SEEK_HELP_NOW

ROOT = Path(__file__).resolve().parent.parent

TINY = """\
title: Tiny
category: workout
prepare: 1s
switch: 1s
transition: 1s
steps:
  - exercise: calf-lunge
    hold: 2s
    reps: 2
    rest: 1s
    sides: both
  - exercise: massage
    manual: true
    suggested: 3s
"""

# ~1.5 s at --speed 20: a prepare, two holds with a rest, the end
QUICK = """\
title: Quick
category: workout
prepare: 5s
steps:
  - exercise: calf-lunge
    hold: 10s
    reps: 2
    rest: 5s
"""

BAD = """\
title: Bad
category: workout
steps:
  - exercise: calf-lunj
    hold: -5
"""

LIST_ITEM = {
    "type": "object",
    "required": ["id", "title", "category", "total_seconds", "source", "user"],
    "properties": {
        "id": {"type": "string"},
        "title": {"type": "string"},
        "category": {"enum": ["relief", "daily", "workout", "bedtime"]},
        "total_seconds": {"type": "number", "minimum": 0},
        "source": {"type": "array", "items": {"type": "string"}},
        "user": {"type": "boolean"},
    },
}
LIST_SHAPE = {"type": "array", "items": LIST_ITEM}
PHASE = {
    "type": "object",
    "required": ["phase", "exercise", "start", "seconds", "rep", "reps", "side"],
    "properties": {
        "phase": {
            "enum": [
                "prepare",
                "hold",
                "breath",
                "rest",
                "switch",
                "transition",
                "activity",
                "manual",
            ]
        },
        "exercise": {"type": ["string", "null"]},
        "start": {"type": "number", "minimum": 0},
        "seconds": {"type": ["number", "null"]},
        "rep": {"type": ["integer", "null"]},
        "reps": {"type": ["integer", "null"]},
        "side": {"enum": ["left", "right", None]},
    },
}
SHOW_SHAPE = {
    "type": "object",
    "required": ["id", "title", "category", "source", "total_seconds", "timeline", "steps"],
    "properties": {"timeline": {"type": "array", "items": PHASE, "minItems": 1}},
}


@pytest.fixture
def home(stretchapp_home: Path) -> Path:
    """A home with two user routines."""
    routines = stretchapp_home / "routines"
    routines.mkdir()
    (routines / "tiny.yaml").write_text(TINY, encoding="utf-8")
    (routines / "quick.yaml").write_text(QUICK, encoding="utf-8")
    return stretchapp_home


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def python_lines(code: str) -> list[str]:
    """What a fresh interpreter running `code` prints, line by line: what it imports is
    its own, not the test suite's."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return done.stdout.splitlines()


def run_process(*argv: str, home: Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, STRETCHAPP_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "stretchapp", *argv],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        **kwargs,
    )


# -- --version, usage


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "--version")
    assert code == 0
    assert out.strip() == f"stretchapp {stretchapp.__version__}"


def test_version_loads_no_command_and_no_core_beyond_the_muscles() -> None:
    code = (
        "import sys\n"
        "from stretchapp.cli import main\n"
        "assert main(['--version']) == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith(('stretchapp', 'yaml', 'PySide6'))))"
    )
    loaded = python_lines(code)[-1]
    assert loaded == str(
        [
            "stretchapp",
            "stretchapp.cli",
            "stretchapp.cli.errors",
            "stretchapp.cli.parser",
            "stretchapp.core",
            "stretchapp.core.routine",
        ]
    )


def test_a_plain_start_means_what_the_parser_says_without_building_it() -> None:
    # `stretchapp` alone skips argparse on its way to the window: the shortcut must give
    # the arguments the parser would
    assert vars(cli.build_parser().parse_args([])) == cli.PLAIN
    code = (
        "import sys\n"
        "import stretchapp.cli as cli\n"
        "cli._window = lambda args: print(sorted(vars(args).items())) or 0\n"
        "assert cli.main([]) == 0\n"
        "print('stretchapp.cli.parser' in sys.modules, 'stretchapp.core.routine' in sys.modules)"
    )
    args, loaded = python_lines(code)[-2:]
    assert args == str(sorted(cli.PLAIN.items()))
    assert loaded == "False False"


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "--help")
    assert code == 0
    for command in ("gui", "list", "show", "validate", "schema", "run", "cramp", "history"):
        assert command in out
    assert "--self-test" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["frobnicate"],
        ["show"],
        ["list", "--bogus"],
        ["validate"],
        ["run"],
        ["gui", "--start"],
        ["schema", "nonsense"],
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], home: Path, argv: list[str]
) -> None:
    code, out, err = run_main(capsys, *argv)
    assert code == cli.EXIT_USAGE
    assert out == ""
    assert err.startswith("stretchapp: ")


# -- list


def test_list_json_has_every_routine_with_its_owner(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    code, out, _ = run_main(capsys, "list", "--json")
    assert code == 0
    rows = json.loads(out)
    jsonschema.validate(rows, LIST_SHAPE)
    by_id = {row["id"]: row for row in rows}
    assert by_id["tiny"]["user"] is True
    assert by_id["tiny"]["total_seconds"] == 13.0  # the manual step counts as zero
    assert by_id["quick"]["total_seconds"] == 30.0
    assert by_id["relief-calf"]["user"] is False
    assert by_id["relief-calf"]["category"] == "relief"
    assert by_id["relief-calf"]["source"]


def test_list_table(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, _ = run_main(capsys, "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "CATEGORY", "TIME"]
    tiny = next(line for line in lines if line.startswith("tiny *"))
    assert tiny.split()[-1] == "0:13+"
    quick = next(line for line in lines if line.startswith("quick *"))
    assert quick.split()[-1] == "0:30"
    assert "* your own routine" in out


def test_list_with_a_broken_user_file_lists_the_rest(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    (home / "routines" / "bad.yaml").write_text(BAD, encoding="utf-8")
    code, out, err = run_main(capsys, "list", "--json")
    assert code == 0
    ids = {row["id"] for row in json.loads(out)}
    assert {"tiny", "quick", "relief-calf"} <= ids
    assert "bad" not in ids
    assert "bad.yaml:4:" in err


# -- show


def test_show_json_gives_the_timeline(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, _ = run_main(capsys, "show", "tiny", "--json")
    assert code == 0
    data = json.loads(out)
    jsonschema.validate(data, SHOW_SHAPE)
    assert data["id"] == "tiny"
    assert data["user"] is True
    phases = [(p["phase"], p["start"], p["seconds"], p["rep"], p["side"]) for p in data["timeline"]]
    assert phases == [
        ("prepare", 0.0, 1.0, 1, "left"),
        ("hold", 1.0, 2.0, 1, "left"),
        ("rest", 3.0, 1.0, 2, "left"),
        ("hold", 4.0, 2.0, 2, "left"),
        ("switch", 6.0, 1.0, 1, "right"),
        ("hold", 7.0, 2.0, 1, "right"),
        ("rest", 9.0, 1.0, 2, "right"),
        ("hold", 10.0, 2.0, 2, "right"),
        ("transition", 12.0, 1.0, 1, None),
        ("manual", 13.0, None, 1, None),
    ]
    assert data["timeline"][-1]["suggested"] == 3.0
    assert data["total_seconds"] == 13.0


def test_show_readable(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, _ = run_main(capsys, "show", "quick")
    assert code == 0
    assert out.startswith("Quick (quick): workout, your own\nTotal: 0:30\n")
    rows = [line.split() for line in out.splitlines() if line.startswith(" 0:") or line[:1] == "0"]
    assert rows[0][:3] == ["0:00", "0:05", "Get"]
    assert rows[1] == ["0:05", "0:10", "Hold", "Calf", "lunge", "1", "of", "2"]
    assert rows[2][:3] == ["0:15", "0:05", "Rest"]


def test_show_relief_tells_when_to_seek_help(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    code, out, _ = run_main(capsys, "show", "relief-calf")
    assert code == 0
    assert "Seek medical help if the cramp lasts past 10:00" in out
    assert "you say" in out
    # seed 004's sentence, quoted in full, in the text and in the JSON
    assert SEEK_HELP_NOW in out.splitlines()
    code, out, _ = run_main(capsys, "show", "relief-foot", "--json")
    assert json.loads(out)["seek_help"] == SEEK_HELP_NOW
    code, out, _ = run_main(capsys, "show", "hold-sequence", "--json")
    assert json.loads(out)["seek_help"] is None


@pytest.mark.parametrize("command", ["show", "run"])
def test_unknown_routine_suggests_the_nearest(
    capsys: pytest.CaptureFixture[str], home: Path, command: str
) -> None:
    code, out, err = run_main(capsys, command, "relief-calff")
    assert code == cli.EXIT_INVALID
    assert out == ""
    assert err == "stretchapp: unknown routine 'relief-calff': did you mean 'relief-calf'?\n"


def test_unknown_routine_with_nothing_near(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, _, err = run_main(capsys, "show", "zzzzzzzz")
    assert code == cli.EXIT_INVALID
    assert err == "stretchapp: unknown routine 'zzzzzzzz' (`stretchapp list` shows them all)\n"


# -- validate


def test_validate_good_files_and_folders(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, err = run_main(
        capsys, "validate", str(home / "routines"), str(ROOT / "routines" / "relief-calf.yaml")
    )
    assert code == 0, err
    assert f"{home / 'routines' / 'tiny.yaml'}: ok (routine 'tiny', 10 phases, 0:13)" in out
    assert "relief-calf.yaml: ok (routine 'relief-calf'" in out


def test_validate_bundled_folder(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, err = run_main(capsys, "validate", str(ROOT / "routines"))
    assert code == 0, err
    assert "exercises.yaml: ok (" in out
    assert "tips.yaml: ok (" in out


def test_validate_reports_every_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(QUICK, encoding="utf-8")
    code, out, err = run_main(capsys, "validate", str(bad), str(good), str(tmp_path / "no.yaml"))
    assert code == cli.EXIT_INVALID
    assert out == f"{good}: ok (routine 'good', 4 phases, 0:30)\n"
    assert err.splitlines() == [
        f"{bad}:4:15: steps[0].exercise: unknown exercise 'calf-lunj'; did you mean 'calf-lunge'?",
        f"{bad}:5:11: steps[0].hold: must be a positive duration like 30s or 1m30s, got '-5'",
        f"{tmp_path / 'no.yaml'}: no such file or folder",
        "2 of 3 invalid",
    ]


def test_validate_uses_the_exercises_beside_a_routine(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "exercises.yaml").write_text(
        "ankle-circles:\n  name: Ankle circles\n  instructions: Circle the foot.\n",
        encoding="utf-8",
    )
    (tmp_path / "mine.yaml").write_text(
        "title: Mine\ncategory: daily\nsteps:\n  - exercise: ankle-circles\n    hold: 10s\n"
        "  - exercise: calf-lunge\n    hold: 10s\n",
        encoding="utf-8",
    )
    code, out, err = run_main(capsys, "validate", str(tmp_path / "mine.yaml"))
    assert code == 0, err
    assert "ok (routine 'mine'" in out


def test_validate_an_exercises_and_a_tips_file_by_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "exercises.yaml").write_text("calf-lunge:\n  nme: X\n", encoding="utf-8")
    (tmp_path / "tips.yaml").write_text("hydrate:\n  title: Drink\n  text: Water.\n", "utf-8")
    code, out, err = run_main(capsys, "validate", str(tmp_path))
    assert code == cli.EXIT_INVALID
    assert f"{tmp_path / 'tips.yaml'}: ok (1 tips)" in out
    assert f"{tmp_path / 'exercises.yaml'}:2:" in err


def test_validate_an_empty_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run_main(capsys, "validate", str(tmp_path))
    assert code == cli.EXIT_INVALID
    assert f"{tmp_path}: no .yaml files in this folder" in err


# -- schema


def test_schema_checks_the_bundled_files(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert "$defs" in schema
    import yaml  # noqa: PLC0415

    document = yaml.safe_load(TINY)  # as an editor's YAML plugin reads it
    jsonschema.validate(document, schema)
    code, out, _ = run_main(capsys, "schema", "routine")
    assert json.loads(out)["$ref"] == "#/$defs/routine"


# -- run and cramp: the argument checks (the runner itself: test_terminal.py)


@pytest.mark.parametrize(
    ("speed", "message"),
    [
        ("abc", "--speed must be a number, got 'abc'"),
        ("0", "--speed must be from 0.1 to 1000, got '0'"),
        ("-3", "--speed must be from 0.1 to 1000, got '-3'"),
        ("nan", "--speed must be from 0.1 to 1000, got 'nan'"),
        ("inf", "--speed must be from 0.1 to 1000, got 'inf'"),
        ("1e9", "--speed must be from 0.1 to 1000, got '1e9'"),
        ("1e-9", "--speed must be from 0.1 to 1000, got '1e-9'"),
        ("0.09", "--speed must be from 0.1 to 1000, got '0.09'"),
    ],
)
def test_bad_speed_exits_1(
    capsys: pytest.CaptureFixture[str], home: Path, speed: str, message: str
) -> None:
    code, _, err = run_main(capsys, "run", "quick", "--speed", speed)
    assert code == cli.EXIT_INVALID
    assert err == f"stretchapp: {message}\n"


def test_unwritable_events_file_exits_1(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, _, err = run_main(capsys, "run", "quick", "--mute", "--events", str(home))
    assert code == cli.EXIT_INVALID
    assert err.startswith(f"stretchapp: cannot write events to '{home}': ")
    missing = home / "no" / "such" / "events.jsonl"
    code, _, err = run_main(capsys, "run", "quick", "--mute", "--events", str(missing))
    assert code == cli.EXIT_INVALID
    assert "No such file or directory" in err


def test_cramp_unknown_muscle(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, _, err = run_main(capsys, "cramp", "calv", "--no-gui")
    assert code == cli.EXIT_INVALID
    assert err == "stretchapp: unknown muscle 'calv': did you mean 'calf'?\n"


def test_run_in_process_plain(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    events = home / "events.jsonl"
    code, out, _ = run_main(
        capsys, "run", "quick", "--mute", "--speed", "300", "--events", str(events)
    )
    assert code == 0
    assert out.splitlines()[-1] == " 0:30 finished: Quick"
    rows = [json.loads(line) for line in events.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["event"] == "session_start"
    assert rows[-1]["event"] == "session_end"
    assert rows[-1]["completed"] is True


def test_cramp_no_gui_runs_the_relief(
    capsys: pytest.CaptureFixture[str], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def fake_run_session(timeline: Any, library: Any, **kwargs: Any) -> int:
        seen["routine"] = timeline.routine.id
        seen.update(kwargs)
        return 0

    from stretchapp import terminal  # noqa: PLC0415

    monkeypatch.setattr(terminal, "run_session", fake_run_session)
    code, _, _ = run_main(capsys, "cramp", "Calf", "--no-gui", "--mute", "--speed", "2")
    assert code == 0
    assert seen == {
        "routine": "relief-calf",
        "speed": 2.0,
        "mute": True,
        "events": None,
        "record": False,  # a sped-up trial is not a session the user did
        "muscle": "calf",
    }


# -- the window


@pytest.fixture
def fake_gui(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    calls: list[Any] = []
    module = types.ModuleType("stretchapp.gui.app")

    def main(args: Any) -> int:
        calls.append(args)
        return 0

    module.main = main  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "stretchapp.gui.app", module)
    return calls


def test_no_command_opens_the_window(
    capsys: pytest.CaptureFixture[str], fake_gui: list[Any]
) -> None:
    assert run_main(capsys)[0] == 0
    assert fake_gui[0].command is None


def test_gui_options_reach_the_window(
    capsys: pytest.CaptureFixture[str], home: Path, fake_gui: list[Any]
) -> None:
    code, _, _ = run_main(capsys, "gui", "--routine", "quick", "--start", "--events", "e.jsonl")
    assert code == 0
    args = fake_gui[0]
    assert (args.routine, args.start, args.cramp, args.events) == ("quick", True, None, "e.jsonl")


def test_gui_unknown_routine_exits_1(
    capsys: pytest.CaptureFixture[str], home: Path, fake_gui: list[Any]
) -> None:
    code, _, err = run_main(capsys, "gui", "--routine", "quik")
    assert code == cli.EXIT_INVALID
    assert "did you mean 'quick'?" in err
    assert not fake_gui


def test_cramp_opens_the_window_cramp_flow(
    capsys: pytest.CaptureFixture[str], home: Path, fake_gui: list[Any]
) -> None:
    code, _, _ = run_main(capsys, "cramp", "quad")
    assert code == 0
    assert fake_gui[0].cramp == "quad"
    code, _, err = run_main(capsys, "gui", "--cramp", "knee")
    assert code == cli.EXIT_INVALID
    assert "unknown muscle 'knee'" in err


# -- history and --self-test


def test_history_when_nothing_was_recorded(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, _ = run_main(capsys, "history", "--json")
    assert code == 0
    assert json.loads(out) == {"sessions": [], "cramps": []}
    code, out, _ = run_main(capsys, "history")
    assert code == 0
    assert out == "No sessions or cramps recorded yet.\n"
    assert not any(home.rglob("*.sqlite3"))  # reading never creates the database


def test_history_json_lists_recorded_sessions(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    import datetime as dt  # noqa: PLC0415

    from stretchapp.history import HistoryStore  # noqa: PLC0415

    started = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    with HistoryStore() as store:
        store.record_session(
            "quick",
            started,
            started + dt.timedelta(seconds=30),
            completed=True,
            steps_done=1,
            seconds=30.0,
        )
    code, out, _ = run_main(capsys, "history", "--json")
    assert code == 0
    sessions = json.loads(out)["sessions"]
    assert [(s["routine"], s["completed"], s["seconds"]) for s in sessions] == [
        ("quick", True, 30.0)
    ]
    code, out, _ = run_main(capsys, "history")
    assert "quick" in out


def test_self_test_runs_the_installation_check(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from stretchapp import selftest  # noqa: PLC0415

    outcomes = iter([0, 1])
    monkeypatch.setattr(selftest, "run", lambda: next(outcomes))
    assert run_main(capsys, "--self-test")[0] == cli.EXIT_OK
    assert run_main(capsys, "--self-test")[0] == cli.EXIT_INVALID


# -- no traceback, whatever the user does


def test_broken_pipe_is_quiet(
    capsys: pytest.CaptureFixture[str], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Closed:
        def write(self, text: str) -> int:
            raise BrokenPipeError

        def flush(self) -> None:
            raise BrokenPipeError

        def fileno(self) -> int:
            return capsys_fd

    capsys_fd = os.open(os.devnull, os.O_WRONLY)
    try:
        monkeypatch.setattr(sys, "stdout", Closed())
        assert cli.main(["list", "--json"]) == 0
    finally:
        os.close(capsys_fd)


def test_ctrl_c_outside_a_session(
    capsys: pytest.CaptureFixture[str], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted() -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(commands, "load_library", interrupted)
    code, _, err = run_main(capsys, "list")
    assert code == cli.EXIT_INTERRUPTED
    assert err == "stretchapp: interrupted\n"


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["show", "nope"], 1),
        (["run", "quick", "--speed", "fast"], 1),
        (["run", "quick", "--mute", "--events", "/"], 1),
        (["validate", "missing.yaml"], 1),
        (["cramp", "elbow", "--no-gui"], 1),
        (["bogus"], 2),
    ],
)
def test_no_traceback_in_a_real_process(home: Path, argv: list[str], code: int) -> None:
    done = run_process(*argv, home=home)
    assert done.returncode == code
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("stretchapp: ") or "invalid" in done.stderr


def test_reader_gone_before_output(home: Path) -> None:
    env = dict(os.environ, STRETCHAPP_HOME=str(home))
    proc = subprocess.Popen(
        [sys.executable, "-m", "stretchapp", "show", "relief-calf", "--json"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    proc.stdout.close()  # like `| head` that has already gone
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0
    assert "Traceback" not in err
    assert "Exception ignored" not in err


def test_real_run_writes_the_events_file(home: Path) -> None:
    events = home / "events.jsonl"
    done = run_process(
        "run",
        "quick",
        "--mute",
        "--speed",
        "20",
        "--events",
        str(events),
        home=home,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    rows = [json.loads(line) for line in events.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["event"] == "session_start"
    assert rows[0]["routine"] == "quick"
    assert isinstance(rows[0]["wall"], float)
    starts = [(r["phase"], r["planned"]) for r in rows if r["event"] == "phase_start"]
    assert starts == [("prepare", 0.0), ("hold", 5.0), ("rest", 15.0), ("hold", 20.0)]
    times = [r["t"] for r in rows]
    assert times == sorted(times)  # session time, in order
    assert rows[-1]["event"] == "session_end"
    assert rows[-1]["completed"] is True
    assert rows[-1]["planned"] == 30.0
    cues = [r["text"] for r in rows if r["event"] == "cue"]
    assert cues
    assert done.stdout.splitlines()[-1] == " 0:30 finished: Quick"


def test_a_run_whose_reader_goes_stops_and_says_nothing(home: Path) -> None:
    events = home / "events.jsonl"
    env = dict(os.environ, STRETCHAPP_HOME=str(home))
    proc = subprocess.Popen(
        [sys.executable, "-m", "stretchapp", "run", "quick", "--mute", "--events", str(events)],
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("Quick: 0:30")  # like `| head -1`
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0
    assert "Traceback" not in err
    rows = [json.loads(line) for line in events.read_text(encoding="utf-8").splitlines()]
    assert rows[-1]["event"] == "session_end"
    assert rows[-1]["completed"] is False
    assert rows[-1]["t"] < 10.0


def test_cramp_in_the_terminal_escalates_with_the_bundled_words(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    events = home / "events.jsonl"
    code, out, _ = run_main(
        capsys, "cramp", "calf", "--no-gui", "--mute", "--speed", "1000", "--events", str(events)
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Calf cramp relief: ")
    assert "Get ready" not in out  # relief starts at once
    warning = next(line for line in lines if line.startswith("!!! "))
    assert warning.startswith("!!! This cramp has lasted 10 minutes. ")
    assert "seek" in warning.lower()
    assert "no one can press d here" in out
    rows = [json.loads(line) for line in events.read_text(encoding="utf-8").splitlines()]
    assert [r["after"] for r in rows if r["event"] == "escalated"] == [600.0]
    assert rows[-1]["event"] == "session_end"


def test_a_routine_whose_file_is_refused_says_why(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    (home / "routines" / "bad.yaml").write_text(BAD, encoding="utf-8")
    code, _, err = run_main(capsys, "run", "bad", "--mute")
    assert code == cli.EXIT_INVALID
    lines = err.splitlines()
    assert lines[0] == "stretchapp: routine 'bad' cannot be used:"
    assert lines[1].endswith(
        "bad.yaml:4:15: steps[0].exercise: unknown exercise 'calf-lunj'; did you mean 'calf-lunge'?"
    )
