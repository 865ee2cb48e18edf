"""Issue 12: sessions that end when skipped past their last step, pause behind every modal
moment and take "+15 s" on every timed step; all with a fake clock."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

import pytest
import test_gui_app
from PySide6.QtCore import Qt
from test_gui_app import Harness, Make, speech

from stretchapp.core.cues import FINISH_TEXT
from stretchapp.core.session import REJOIN_GET_READY
from stretchapp.core.session_view import SessionState
from stretchapp.core.timeline import PhaseKind
from stretchapp.gui.settings_dialog import SettingsDialog
from stretchapp.history import HistoryStore
from stretchapp.tones import ToneKind

# the window's fixtures, shared with test_gui_app
make = test_gui_app.make
user_dir = test_gui_app.user_dir


def _skip_to_the_end(h: Harness) -> None:
    for _ in range(30):
        if h.state() is not SessionState.RUNNING:
            return
        h.key(Qt.Key.Key_Right)


def test_skipping_past_the_last_step_finishes_the_session(make: Make) -> None:
    h = make()
    voice = speech(h)
    h.app.start_routine("bedtime")
    h.run(3.0)
    _skip_to_the_end(h)
    w, player = h.window, h.window.player
    assert h.state() is SessionState.FINISHED
    # the finish screen, not the last hold frozen at 0:00
    assert player.finished
    assert player.phase_label.text() == "Well done"
    assert player.stop_button.text() == "Close"
    for button in (player.pause_button, player.next_button, player.previous_button):
        assert not button.isEnabled()
    # the finish cue: its words and its chord
    assert any(FINISH_TEXT in text for text in voice.said)
    assert voice.tones[-1] is ToneKind.FINISH
    assert not h.app.driver.timer.isActive()
    h.key(Qt.Key.Key_Escape)  # Close: back to the library
    assert w.pages.currentWidget() is w.library


def test_the_timer_waits_behind_the_stop_question(
    make: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = make(argparse.Namespace(routine="hold-sequence", start=True))
    h.run(12.0)
    before = h.app.driver.view()
    seen: list[SessionState | None] = []

    def answer_later() -> bool:
        seen.append(h.state())
        h.clock.advance(40.0)  # the dialog stays open a long while
        h.app.driver.tick()  # whatever the timer would do meanwhile
        return False

    monkeypatch.setattr(h.window, "confirm_stop", answer_later)
    h.key(Qt.Key.Key_Escape)
    assert seen == [SessionState.PAUSED]
    assert h.state() is SessionState.RUNNING  # refused: it goes on where it was
    after = h.app.driver.view()
    assert before is not None
    assert after is not None
    assert after.index == before.index
    assert after.remaining == pytest.approx(before.remaining)
    assert h.window.player.pause_button.text() != "Resume"


def test_the_timer_waits_behind_the_cramp_chooser(make: Make) -> None:
    h = make(argparse.Namespace(routine="hold-sequence", start=True))
    h.run(12.0)
    before = h.app.driver.view()
    h.key(Qt.Key.Key_C)
    assert h.state() is SessionState.PAUSED
    assert not h.app.driver.timer.isActive()
    h.clock.advance(30.0)
    h.key(Qt.Key.Key_Escape)  # no cramp after all
    assert h.window.pages.currentWidget() is h.window.player
    assert h.state() is SessionState.RUNNING
    after = h.app.driver.view()
    assert before is not None
    assert after is not None
    assert after.remaining == pytest.approx(before.remaining)


def test_a_session_the_user_paused_stays_paused_after_the_chooser(make: Make) -> None:
    h = make(argparse.Namespace(routine="hold-sequence", start=True))
    h.run(5.0)
    h.key(Qt.Key.Key_Space)
    h.key(Qt.Key.Key_C)
    h.key(Qt.Key.Key_Escape)
    assert h.state() is SessionState.PAUSED


def test_the_timer_waits_behind_the_settings_dialog(
    make: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = make(argparse.Namespace(routine="hold-sequence", start=True))
    h.run(12.0)
    before = h.app.driver.view()
    seen: list[SessionState | None] = []

    class OpenAWhile:
        """The dialog, cancelled after a long look; exec() is where the real one waits."""

        def exec(self) -> SettingsDialog.DialogCode:
            seen.append(h.state())
            h.clock.advance(25.0)
            h.app.driver.tick()
            return SettingsDialog.DialogCode.Rejected

        def deleteLater(self) -> None:  # noqa: N802  (Qt's name)
            """Nothing to delete."""

    monkeypatch.setattr(h.app.settings, "settings_dialog", OpenAWhile)
    h.app.settings.open_settings()
    assert seen == [SessionState.PAUSED]
    assert h.state() is SessionState.RUNNING
    after = h.app.driver.view()
    assert before is not None
    assert after is not None
    assert after.remaining == pytest.approx(before.remaining)


def test_extend_on_every_timed_step_with_e_and_plus(make: Make) -> None:
    h = make(argparse.Namespace(routine="bedtime", start=True))
    h.run(6.0)  # past the get-ready: the first hold
    assert h.phase_kind() is PhaseKind.HOLD
    assert h.window.player.extend_button.isVisible()  # not only in relief
    before = h.app.driver.view()
    assert before is not None
    assert before.remaining is not None
    h.key(Qt.Key.Key_E)
    h.key(Qt.Key.Key_Plus)
    after = h.app.driver.view()
    assert after is not None
    assert after.remaining == pytest.approx(before.remaining + 30.0)


def test_resuming_after_relief_gets_ready_then_restarts_the_hold(
    make: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = make()
    voice = speech(h)
    h.app.start_routine("hold-sequence")
    h.run(21.0)  # well into a hold
    interrupted = h.app.driver.session
    before = h.app.driver.view()
    assert before is not None
    assert before.phase is not None
    assert before.phase.kind is PhaseKind.HOLD
    h.key(Qt.Key.Key_C)
    h.key(Qt.Key.Key_1)
    h.run(5.0)
    monkeypatch.setattr(h.window, "confirm_stop", lambda: True)
    h.key(Qt.Key.Key_Escape)  # stop the relief
    said = len(voice.said)
    h.window.resume_button.click()
    assert h.app.driver.session is interrupted
    view = h.app.driver.view()
    assert view is not None
    assert view.phase is not None
    assert view.phase.kind is PhaseKind.PREPARE  # a get-ready first, counting down
    assert view.remaining == pytest.approx(REJOIN_GET_READY)
    player = h.window.player
    assert player.phase_label.text() == "Get ready"
    assert player.instruction.text()  # the exercise's instruction is shown
    assert voice.said[said].startswith("Get ready")  # and said
    assert player.cue_label.text() == voice.said[said]
    h.run(REJOIN_GET_READY + 0.5)
    view = h.app.driver.view()
    assert view is not None
    assert view.index == before.index
    assert view.phase is not None
    assert view.phase.kind is PhaseKind.HOLD
    assert view.remaining == pytest.approx(before.phase.length - 0.5)
    assert player.instruction.text()


def _recorded(h: Harness) -> dict[str, Any]:
    # the rows are written on the history's own thread: wait for them, as a reader would
    assert h.app.history.flush()
    with HistoryStore() as store:
        sessions = store.as_json()["sessions"]
        streak = store.streaks(dt.datetime.now().astimezone().date())
    return {"last": sessions[-1], "streak": streak.current}


def test_a_session_done_in_full_is_completed_and_counts(make: Make) -> None:
    h = make(argparse.Namespace(routine="bedtime", start=True))
    while h.state() is SessionState.RUNNING:  # as the timer would wake, to the end
        h.fire()
    assert h.state() is SessionState.FINISHED
    record = _recorded(h)
    assert record["last"]["status"] == "completed"
    assert record["last"]["completed"] is True
    assert record["last"]["work_done"] == pytest.approx(180.0)
    assert record["last"]["work_skipped"] == pytest.approx(0.0)
    assert record["streak"] == 1


def test_a_session_half_skipped_is_partial(make: Make) -> None:
    h = make(argparse.Namespace(routine="bedtime", start=True))
    h.run(100.0)  # the calf on both legs in full, into the thigh
    _skip_to_the_end(h)
    record = _recorded(h)
    assert record["last"]["status"] == "partial"
    assert record["last"]["completed"] is False
    assert 60.0 < record["last"]["work_done"] < 120.0
    assert record["streak"] == 0


def test_a_session_skipped_to_its_end_is_skipped_and_does_not_count(make: Make) -> None:
    h = make(argparse.Namespace(routine="bedtime", start=True))
    h.run(10.0)  # ten seconds in: a few of the first hold
    _skip_to_the_end(h)
    record = _recorded(h)
    assert record["last"]["status"] == "skipped"
    assert record["last"]["completed"] is False
    assert record["last"]["work_done"] == pytest.approx(5.0, abs=0.5)
    assert record["last"]["work_skipped"] == pytest.approx(175.0, abs=0.5)
    assert record["streak"] == 0
