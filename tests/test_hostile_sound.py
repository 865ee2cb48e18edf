"""Issue 15, section 7: the sound server going away mid-session, in the window and the terminal.

Before the fix libpulse under QtMultimedia aborted the whole process (`Assertion 'c'
failed at pulse/context.c:1087`, status -6): these tests then died with it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from audio_fixtures import PulseServer, Recording, need
from pytestqt.qtbot import QtBot

from stretchapp.speech import NO_OUTPUT_NOTICE, SpeechService, SpeechSettings
from stretchapp.tones import ToneKind

ROOT = Path(__file__).resolve().parent.parent
QUICK = """\
title: Quick
category: workout
prepare: 5s
steps:
  - exercise: calf-lunge
    hold: 10s
    reps: 3
    rest: 5s
"""
NO_WORKER = [sys.executable, "-c", "pass"]  # tones only: the voice is not what is tested


@pytest.fixture
def private_pulse() -> Iterator[PulseServer]:
    """A PulseAudio server of this test's own, to kill; the session's one stays up."""
    if shutil.which("pulseaudio") is None or shutil.which("pacat") is None:
        need("pulseaudio and pacat are needed")
    root = Path(tempfile.mkdtemp(prefix="stretchapp-kill-"))  # short: a socket path
    server = PulseServer(root)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


def _kill(server: PulseServer) -> None:
    """Kill the server as the issue did: at once, no goodbye to its clients."""
    for proc in (server._daemon, server._hum):
        if proc is not None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
    server._daemon = server._hum = None


@pytest.mark.real_audio
def test_the_window_survives_the_server_and_plays_again_when_it_is_back(
    qtbot: QtBot,
    private_pulse: PulseServer,
    stretchapp_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PULSE_SERVER", private_pulse.server)
    service = SpeechService(SpeechSettings(), stretchapp_home / "cache", worker_command=NO_WORKER)
    notices: list[str] = []
    service.notice.connect(notices.append)
    played: list[str] = []
    service.played.connect(lambda label, _waited: played.append(label))
    try:
        qtbot.waitUntil(lambda: service.output_available is True, timeout=10000)
        with qtbot.waitSignal(service.played, timeout=5000):
            service.tone(ToneKind.TICK)
        _kill(private_pulse)
        qtbot.waitUntil(lambda: service.output_available is False, timeout=10000)
        assert NO_OUTPUT_NOTICE in notices  # the session goes on with the cues shown
        service.tone(ToneKind.TICK)  # no output: nothing to play, and nothing breaks
        private_pulse.start()
        qtbot.waitUntil(lambda: service.output_available is True, timeout=10000)
        assert service.player_restarts == 1
        recording = Recording(private_pulse, stretchapp_home / "heard.raw")
        recording.start()
        try:
            qtbot.waitUntil(lambda: recording.path.stat().st_size > 0, timeout=5000)
            with qtbot.waitSignal(service.played, timeout=5000):
                service.tone(ToneKind.PHASE)

            def heard() -> bool:
                data = recording.path.read_bytes()
                return any(
                    abs(int.from_bytes(data[i : i + 2], "little", signed=True)) > 300
                    for i in range(0, len(data) - 1, 2)
                )

            qtbot.waitUntil(heard, timeout=5000)
        finally:
            recording.stop()
        assert played == ["tone:tick", "tone:phase"]
    finally:
        service.shutdown()


@pytest.mark.real_audio
def test_the_terminal_session_survives_the_server(
    private_pulse: PulseServer, stretchapp_home: Path, tmp_path: Path
) -> None:
    (stretchapp_home / "routines").mkdir()
    (stretchapp_home / "routines" / "quick.yaml").write_text(QUICK, encoding="utf-8")
    events = tmp_path / "events.jsonl"
    env = dict(os.environ, STRETCHAPP_HOME=str(stretchapp_home), PULSE_SERVER=private_pulse.server)
    argv = ["run", "quick", "--speed", "10", "--events", str(events)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "stretchapp", *argv],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    try:
        for line in proc.stdout:  # the session is under way, with sound
            if "Hold:" in line:
                break
        _kill(private_pulse)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "Assertion" not in err
    assert NO_OUTPUT_NOTICE in out
    assert "finished: Quick" in out
    last = json.loads(events.read_text(encoding="utf-8").splitlines()[-1])
    assert (last["event"], last["completed"]) == ("session_end", True)
