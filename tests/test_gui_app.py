"""The window driven by keys with a fake clock: a whole routine, the cramp flow, the banner."""

from __future__ import annotations

import argparse
import html
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot
from stubs import FakeClock, FakeSpeech

from stretchapp import resources
from stretchapp.core.announce import EASED_QUESTION, SEEK_HELP_NOW
from stretchapp.core.events import EventWriter
from stretchapp.core.loader import load_exercises, load_routine
from stretchapp.core.session import REJOIN_GET_READY
from stretchapp.core.session_view import SessionState
from stretchapp.core.timeline import PhaseKind
from stretchapp.gui.app import build, launch
from stretchapp.gui.controllers.speech import TEST_SENTENCE
from stretchapp.gui.driver import FIRST_WORDS_PATIENCE
from stretchapp.gui.library_view import ID_ROLE, elide_right
from stretchapp.gui.main_window import MIN_HEIGHT, MIN_WIDTH, MainWindow
from stretchapp.gui.player_cards import MIN_PICTURE_PX
from stretchapp.gui.player_view import PlayerView
from stretchapp.gui.root import AppRoot
from stretchapp.gui.theme import DARK, LIGHT, Theme
from stretchapp.history import HistoryStore
from stretchapp.settings import Settings, load_settings, save_settings
from stretchapp.tones import ToneKind

SHORT = """\
title: Short test routine
category: daily
summary: Two holds and a manual step.
prepare: 2s
transition: 2s
steps:
  - exercise: calf-lunge
    hold: 3s
    reps: 2
    rest: 1s
  - exercise: massage
    manual: true
"""


class Harness:
    """An AppRoot on a fake clock with helpers to move time as its timer would."""

    def __init__(self, app: AppRoot, clock: FakeClock, qtbot: QtBot) -> None:
        self.app = app
        self.clock = clock
        self.qtbot = qtbot

    @property
    def window(self) -> MainWindow:
        return self.app.window

    def key(self, key: Qt.Key) -> None:
        QTest.keyClick(self.app.window, key)

    def fire(self) -> None:
        """What the timer does when it fires: jump to its deadline and tick."""
        timer = self.app.driver.timer
        assert timer.isActive()
        self.clock.t += timer.interval() / 1000
        self.app.driver.tick()

    def run(self, seconds: float) -> None:
        """Let this much time pass, waking whenever the timer would."""
        end = self.clock.t + seconds
        while True:
            timer = self.app.driver.timer
            step = timer.interval() / 1000 if timer.isActive() else end - self.clock.t
            if self.clock.t + step > end:
                self.clock.t = end
                self.app.driver.tick()
                return
            self.clock.t += step
            self.app.driver.tick()

    def state(self) -> SessionState | None:
        session = self.app.driver.session
        return None if session is None else session.state

    def phase_kind(self) -> PhaseKind | None:
        view = self.app.driver.view()
        return None if view is None or view.phase is None else view.phase.kind


@pytest.fixture
def user_dir(stretchapp_home: Path) -> Path:
    folder = stretchapp_home / "routines"
    folder.mkdir()
    return folder


Make = Callable[..., Harness]


@pytest.fixture
def make(qtbot: QtBot, stretchapp_home: Path, user_dir: Path) -> Iterator[Make]:
    """Builds a Harness; at the end closes the window and fails if any timer still runs."""
    made: list[Harness] = []

    def factory(args: argparse.Namespace | None = None, **kwargs: object) -> Harness:
        clock = FakeClock()
        app = build(
            args or argparse.Namespace(),
            clock=clock,
            settings_file=stretchapp_home / "settings.json",
            user=user_dir,
            speech_factory=FakeSpeech,
            voices=lambda: [("en", "English", ["en"])],
            **kwargs,
        )
        qtbot.addWidget(app.window)
        qtbot.waitUntil(app.window.isActiveWindow)  # shortcuts need the active window
        harness = Harness(app, clock, qtbot)
        made.append(harness)
        return harness

    yield factory
    for harness in made:
        harness.app.window.close()
        timers = [harness.app.driver.timer, *harness.app.window.findChildren(QTimer)]
        running = [t for t in timers if t.isActive()]
        assert not running, f"timers left running after close: {running}"
        if harness.app.speech.service is not None:  # it starts with the first session
            assert isinstance(harness.app.speech.service, FakeSpeech)
            assert harness.app.speech.service.closed


def speech(h: Harness) -> FakeSpeech:
    """The speech service, started as a first session would start it."""
    h.app.speech.start()
    assert isinstance(h.app.speech.service, FakeSpeech)
    return h.app.speech.service


def test_speech_waits_for_the_first_session(make: Callable[..., Harness]) -> None:
    h = make()
    before = h.app.speech.service
    assert before is None  # a window waiting in the tray holds no voice
    h.app.start_routine("hold-sequence")
    assert isinstance(h.app.speech.service, FakeSpeech)
    assert h.app.speech.service.prepared
    assert h.app.speech.service.said[0].startswith("Get ready")
    assert h.app.speech.service.patience[0] == FIRST_WORDS_PATIENCE  # the first words may wait


def test_a_whole_routine_driven_by_keys(make: Make, user_dir: Path, tmp_path: Path) -> None:
    (user_dir / "short.yaml").write_text(SHORT, encoding="utf-8")
    events_path = tmp_path / "events.jsonl"
    h = make(argparse.Namespace(routine="short", start=True), events=EventWriter(events_path))
    w = h.window
    assert w.pages.currentWidget() is w.player
    assert h.phase_kind() is PhaseKind.PREPARE
    assert w.player.phase_label.text() == "Get ready"
    assert w.player.ring.text == "0:02"
    assert speech(h).prepared  # cues rendered ahead

    # the single timer sleeps until the shown second changes, no longer
    assert h.app.driver.timer.isActive()
    assert h.app.driver.timer.interval() <= 1005
    h.fire()
    assert w.player.ring.text == "0:01"

    h.run(1.0)
    assert h.phase_kind() is PhaseKind.HOLD
    assert w.player.phase_label.text() == "Hold"
    assert w.player.exercise_name.text() == "Calf lunge"
    assert w.player.rep_label.text() == "Rep 1 of 2"
    assert w.player.ring.text == "0:03"

    h.key(Qt.Key.Key_Space)  # pause
    assert h.state() is SessionState.PAUSED
    assert not h.app.driver.timer.isActive()  # nothing wakes while paused
    assert w.player.pause_button.text() == "Resume"
    h.clock.t += 100
    h.key(Qt.Key.Key_Space)  # resume: the hold still has its 3 s
    assert h.state() is SessionState.RUNNING
    assert w.player.ring.text == "0:03"

    h.key(Qt.Key.Key_Right)  # skip the rest of rep 1
    assert h.phase_kind() is PhaseKind.REST
    h.key(Qt.Key.Key_Left)  # back to rep 1
    assert h.phase_kind() is PhaseKind.HOLD
    assert w.player.rep_label.text() == "Rep 1 of 2"

    h.run(3.0 + 1.0)  # rep 1, rest
    assert w.player.rep_label.text() == "Rep 2 of 2"
    h.run(3.0 + 2.0)  # rep 2, transition
    assert h.phase_kind() is PhaseKind.MANUAL
    assert w.player.done_button.isVisible()
    assert w.player.phase_label.text() == "Your turn"
    # nothing counts down in a manual step: the timer sleeps long, not second by second
    assert h.app.driver.timer.interval() > 5000
    h.run(30.0)  # a manual step waits for the user
    assert h.phase_kind() is PhaseKind.MANUAL

    h.key(Qt.Key.Key_Return)  # done
    assert h.state() is SessionState.FINISHED
    assert w.player.finished
    assert w.player.phase_label.text() == "Well done"
    assert ToneKind.FINISH in speech(h).tones
    assert not h.app.driver.timer.isActive()

    h.key(Qt.Key.Key_Escape)  # back to the library
    assert w.pages.currentWidget() is w.library
    assert h.app.settings.current.last_routine == "short"

    w.close()
    lines = [json.loads(line) for line in events_path.read_text(encoding="utf-8").splitlines()]
    kinds = [line["event"] for line in lines]
    assert kinds[0] == "session_start"
    assert lines[0]["routine"] == "short"
    assert kinds[-1] == "session_end"
    assert lines[-1]["completed"] is True
    assert {"phase_start", "cue", "paused", "resumed", "skipped"} <= set(kinds)
    phases = [line["phase"] for line in lines if line["event"] == "phase_start"]
    assert phases[0] == "prepare"
    assert phases[-1] == "manual"


def test_escape_confirms_only_after_ten_seconds(
    make: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = make(argparse.Namespace(routine="hold-sequence", start=True))
    asked: list[bool] = []

    def refuse() -> bool:
        asked.append(True)
        return False

    monkeypatch.setattr(h.window, "confirm_stop", refuse)
    h.run(5.0)
    h.key(Qt.Key.Key_Escape)  # 5 s in: no question
    assert asked == []
    assert h.state() is SessionState.STOPPED
    assert h.window.pages.currentWidget() is h.window.library

    h.app.start_routine("hold-sequence")
    h.run(12.0)
    h.key(Qt.Key.Key_Escape)
    assert asked == [True]
    assert h.state() is SessionState.RUNNING  # refused: still running
    monkeypatch.setattr(h.window, "confirm_stop", lambda: True)
    h.key(Qt.Key.Key_Escape)
    assert h.state() is SessionState.STOPPED


def test_cramp_interrupts_and_offers_to_resume(make: Make, monkeypatch: pytest.MonkeyPatch) -> None:
    h = make(argparse.Namespace(routine="hold-sequence", start=True))
    w = h.window
    h.run(12.0)
    before = h.app.driver.view()
    assert before is not None
    interrupted = h.app.driver.session

    h.key(Qt.Key.Key_C)
    assert w.pages.currentWidget() is w.cramp
    assert h.state() is SessionState.PAUSED  # the routine waits while the muscle is chosen
    h.key(Qt.Key.Key_1)  # calf
    assert w.pages.currentWidget() is w.player
    relief = h.app.driver.session
    assert relief is not None
    assert relief is not interrupted
    assert relief.timeline.routine.id == "relief-calf"
    assert h.phase_kind() is PhaseKind.HOLD  # no get-ready countdown in relief
    assert interrupted is not None
    assert interrupted.state is SessionState.PAUSED
    assert w.player.extend_button.isVisible()
    assert w.player.helps.isVisibleTo(w.player)
    assert "Massage" in w.player.helps_body.text()
    assert w.resume_frame.isHidden()

    w.player.extend_button.click()
    view = h.app.driver.view()
    assert view is not None
    assert view.remaining == pytest.approx(45.0)

    h.run(20.0)
    monkeypatch.setattr(h.window, "confirm_stop", lambda: True)
    h.key(Qt.Key.Key_Escape)  # stop the relief
    assert relief.state is SessionState.STOPPED
    assert not w.resume_frame.isHidden()
    assert "30-second hold sequence" in w.resume_label.text()

    w.resume_button.click()
    assert h.app.driver.session is interrupted
    assert h.state() is SessionState.RUNNING
    after = h.app.driver.view()
    assert after is not None
    assert after.index == before.index
    # the interrupted hold again from its start, after a short get-ready
    assert after.phase is not None
    assert after.phase.kind is PhaseKind.PREPARE
    h.run(REJOIN_GET_READY)
    again = h.app.driver.view()
    assert again is not None
    assert again.index == before.index
    assert again.phase is not None
    assert before.phase is not None
    assert again.phase.kind is before.phase.kind
    assert again.remaining == pytest.approx(before.phase.seconds)
    assert w.resume_frame.isHidden()
    assert w.player.routine_title.text() == "30-second hold sequence"
    assert not w.player.helps.isVisibleTo(w.player)


def test_cramp_from_the_library_with_a_click(make: Make) -> None:
    h = make()
    w = h.window
    w.cramp_button.click()
    assert w.pages.currentWidget() is w.cramp
    w.cramp.buttons["hamstring"].click()
    session = h.app.driver.session
    assert session is not None
    assert session.timeline.routine.muscle == "hamstring"
    assert w.resume_frame.isHidden()  # nothing was interrupted


def test_cramp_chooser_cancels_with_escape(make: Make) -> None:
    h = make()
    h.key(Qt.Key.Key_C)
    h.key(Qt.Key.Key_Escape)
    assert h.window.pages.currentWidget() is h.window.library
    assert h.app.driver.session is None


def test_cramp_on_the_command_line(make: Make) -> None:
    h = make(argparse.Namespace(cramp="foot"))
    session = h.app.driver.session
    assert session is not None
    assert session.timeline.routine.id == "relief-foot"
    assert h.state() is SessionState.RUNNING


def test_escalation_banner_stays_until_its_button(make: Make) -> None:
    h = make(argparse.Namespace(cramp="calf"))
    w = h.window
    h.run(599.0)
    assert not w.player.alert.isVisible()
    h.run(2.0)
    assert w.player.alert.isVisible()
    assert "10 minutes" in w.player.alert_text.text()
    assert "medical" in w.player.alert_text.text()
    assert any("10 minutes" in s for s in speech(h).said)
    # the keys that drive the player never dismiss it
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Right):
        h.key(key)
    assert w.player.alert.isVisible()
    w.player.alert_button.click()
    assert not w.player.alert.isVisible()


def test_mute_key_saves_and_silences(make: Make, stretchapp_home: Path) -> None:
    h = make()
    h.key(Qt.Key.Key_M)
    assert h.app.settings.current.muted
    assert speech(h).settings.mute_voice
    assert speech(h).settings.mute_tones
    assert h.window.mute_button.isChecked()
    assert load_settings(stretchapp_home / "settings.json").settings.muted
    h.window.mute_button.click()
    assert h.app.settings.current == load_settings(stretchapp_home / "settings.json").settings
    assert not load_settings(stretchapp_home / "settings.json").settings.muted
    assert not h.window.mute_button.isChecked()


def test_full_screen_key(make: Make) -> None:
    h = make()
    h.key(Qt.Key.Key_F)
    assert h.window.isFullScreen()
    h.key(Qt.Key.Key_F)
    assert not h.window.isFullScreen()


def test_problems_are_listed_with_the_loaders_messages(make: Make, user_dir: Path) -> None:
    bad = user_dir / "broken.yaml"
    bad.write_text(
        "title: Broken\ncategory: daily\nsteps:\n  - exercise: calf-lunge\n    hold: -5\n",
        encoding="utf-8",
    )
    (user_dir / "short.yaml").write_text(SHORT, encoding="utf-8")
    exercises, _ = load_exercises(
        resources.routines_dir() / "exercises.yaml", assets_dir=resources.assets_dir()
    )
    _, expected = load_routine(bad, exercises=exercises, user=True)
    assert expected
    h = make()
    lib = h.window.library
    assert lib.problems_frame.isVisibleTo(h.window)
    assert lib.problems_label.text().startswith("1 routine file has problems")
    assert lib.problems_text.isHidden()
    lib.problems_toggle.click()
    assert not lib.problems_text.isHidden()
    for problem in expected:
        assert str(problem) in lib.problems_text.toPlainText()
    assert "short" in lib.visible_ids()  # the good file stays usable


def test_a_changed_file_reloads(make: Make, user_dir: Path, qtbot: QtBot) -> None:
    h = make()
    lib = h.window.library
    assert "short" not in lib.visible_ids()
    (user_dir / "short.yaml").write_text(SHORT, encoding="utf-8")
    qtbot.waitUntil(lambda: "short" in lib.visible_ids())
    (user_dir / "short.yaml").write_text(SHORT.replace("Short test", "Renamed"), encoding="utf-8")
    qtbot.waitUntil(lambda: h.app.library.content.routines["short"].title == "Renamed routine")
    (user_dir / "short.yaml").unlink()
    qtbot.waitUntil(lambda: "short" not in lib.visible_ids())


def test_library_groups_search_and_detail(make: Make, user_dir: Path) -> None:
    (user_dir / "short.yaml").write_text(SHORT, encoding="utf-8")
    h = make()
    lib = h.window.library
    assert lib.group_titles() == ["Relief now", "Daily", "After workout", "Bedtime"]
    lib.search.setText("back of thigh")
    found = lib.visible_ids()
    assert "relief-hamstring" in found
    assert "relief-calf" not in found
    assert "hold-sequence" in found  # its hamstring fold
    assert "short" not in found
    lib.search.setText("Calf LUNGE")
    assert "short" in lib.visible_ids()
    lib.search.setText("no such thing")
    assert lib.visible_ids() == []
    lib.search.clear()
    lib.select("short")
    assert lib.title.text() == "Short test routine"
    assert "your routine" in lib.meta.text()
    assert "Calf lunge" in lib.steps.text()
    assert "2 × hold 3s, rest 1s" in lib.steps.text()
    lib.select("relief-calf")
    assert "10 minutes" in lib.safety.text()
    assert "From:" in lib.sources.text()
    with h.qtbot.waitSignal(lib.start_requested) as blocker:
        lib.start_button.click()
    assert blocker.args == ["relief-calf"]


def test_a_group_heading_is_never_selected(make: Make) -> None:
    h = make()
    tree = h.window.library.tree
    h.window.library.select("relief-calf")
    heading = tree.topLevelItem(0)
    assert heading is not None
    assert heading.data(0, ID_ROLE) is None
    tree.setCurrentItem(heading)
    assert tree.selectedItems() == []
    rect = tree.visualItemRect(heading)
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tree.selectedItems() == []
    QTest.keyClick(tree, Qt.Key.Key_Down)  # to the group's first routine: selected
    first = heading.child(0)
    assert first is not None
    assert [item.data(0, ID_ROLE) for item in tree.selectedItems()] == [first.data(0, ID_ROLE)]


@pytest.mark.parametrize("width", [0, 8, 40, 120, 400, 2000])
def test_summaries_are_cut_to_fit_with_an_ellipsis(qtbot: QtBot, width: int) -> None:
    del qtbot  # for the QApplication
    metrics = QFontMetrics(QFont())
    text = "Stand at arm's length from a wall, hands on it, one foot back, heel down."
    cut = elide_right(metrics, text, width)
    assert metrics.horizontalAdvance(cut) <= width
    if cut != text:
        assert cut == "" or cut.endswith("\N{HORIZONTAL ELLIPSIS}")
        assert text.startswith(cut[:-1].rstrip())
    # as long as Qt's own cut, give or take a letter
    qt_cut = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    assert abs(len(cut) - len(qt_cut)) <= 2


def test_settings_dialog_round_trip(make: Make, stretchapp_home: Path) -> None:
    h = make()
    dialog = h.app.settings.settings_dialog()
    assert dialog.voice.itemData(1) == "en"
    dialog.voice.setCurrentIndex(1)
    dialog.rate.setValue(150)
    dialog.verbosity.setCurrentIndex(dialog.verbosity.findData("minimal"))
    dialog.prepare.setValue(3)
    dialog.switch.setValue(dialog.switch.minimum())  # the routine's own
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.tones.setChecked(False)
    h.app.settings.apply_settings(dialog.settings())
    saved = load_settings(stretchapp_home / "settings.json").settings
    assert saved.voice == "en"
    assert saved.rate == 150
    assert saved.verbosity == "minimal"
    assert saved.prepare_seconds == 3.0
    assert saved.switch_seconds is None
    assert saved.theme == "dark"
    assert speech(h).settings.voice == "en"
    assert speech(h).settings.mute_tones
    again = h.app.settings.settings_dialog().settings()
    assert again == saved
    # the new get-ready length is what a routine now runs with
    h.app.start_routine("hold-sequence")
    view = h.app.driver.view()
    assert view is not None
    assert view.remaining == pytest.approx(3.0)


def test_corrupt_settings_file_is_told_and_kept(make: Make, stretchapp_home: Path) -> None:
    (stretchapp_home / "settings.json").write_text("{oops", encoding="utf-8")
    h = make()
    assert h.app.settings.current.theme == Settings().theme
    assert any("settings.json.bak" in n for n in h.window.notices)
    assert not h.window.notices.text_frame.isHidden()
    assert (stretchapp_home / "settings.json.bak").read_text(encoding="utf-8") == "{oops"


def test_geometry_and_last_routine_are_remembered(make: Make, stretchapp_home: Path) -> None:
    save_settings(Settings(last_routine="bedtime"), stretchapp_home / "settings.json")
    h = make()
    assert h.window.library.current_id() == "bedtime"
    h.window.resize(1000, 700)  # the offscreen screen is 800 wide: the height tells
    h.window.close()
    saved = load_settings(stretchapp_home / "settings.json").settings
    assert saved.geometry
    h2 = make()
    assert h2.window.size().height() == 700


def test_every_control_has_an_accessible_name(make: Make) -> None:
    h = make(argparse.Namespace(routine="after-workout", start=True))
    unnamed = [
        b.text() for b in h.window.findChildren(QPushButton) if not b.accessibleName().strip()
    ]
    assert unnamed == []


def test_the_countdown_does_not_flood_a_screen_reader(make: Make) -> None:
    h = make(argparse.Namespace(routine="hold-sequence", start=True))
    player = h.window.player
    h.run(5.0)  # into the first hold
    names = set()
    shown = set()
    for _ in range(10):
        h.fire()
        names.add(player.ring.accessibleName())
        shown.add(player.ring.text)
    assert len(shown) == 10  # the digits changed every second
    assert len(names) == 1  # the accessible name did not
    assert "Hold" in names.pop()
    assert player.time_left.accessibleDescription() == "Time left in the routine"


def test_breath_indicator_follows_the_beat(make: Make) -> None:
    h = make(argparse.Namespace(routine="after-workout", start=True))
    player = h.window.player
    while h.phase_kind() is not PhaseKind.BREATH:
        h.fire()
    assert not player.breath_label.isHidden()
    assert "Breathe in" in player.breath_label.text()
    view = h.app.driver.view()
    assert view is not None
    assert view.phase is not None
    assert view.phase.breath_seconds is not None
    h.run(view.phase.breath_seconds / 2 + 0.01)
    assert "Breathe out" in player.breath_label.text()


def test_unknown_routine_on_the_command_line_is_told(make: Make) -> None:
    h = make(argparse.Namespace(routine="nope", start=True))
    assert any("nope" in n for n in h.window.notices)
    assert h.app.driver.session is None


def test_main_refuses_an_unwritable_events_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from stretchapp.gui.app import main  # noqa: PLC0415

    args = argparse.Namespace(events=str(tmp_path / "missing" / "e.jsonl"))
    assert main(args) == 1
    assert "cannot write events" in capsys.readouterr().err


def test_launch_shows_the_frame_then_builds_the_rest(
    qtbot: QtBot, stretchapp_home: Path, tmp_path: Path
) -> None:
    events_path = tmp_path / "events.jsonl"
    clock = FakeClock()
    launched = launch(
        argparse.Namespace(routine="hold-sequence", start=True),
        EventWriter(events_path),
        clock=clock,
        speech_factory=FakeSpeech,
    )

    def built() -> AppRoot | None:
        return launched.app

    assert built() is None  # the frame is up; the pages come after its first paint
    qtbot.waitUntil(lambda: built() is not None)
    app = built()
    assert app is not None
    qtbot.addWidget(app.window)
    assert app.window.isVisible()
    assert app.window.pages.currentWidget() is app.window.player
    session = app.driver.session
    assert session is not None
    assert session.state is SessionState.RUNNING
    app.window.close()
    assert not app.driver.timer.isActive()
    first = json.loads(events_path.read_text(encoding="utf-8").splitlines()[0])
    assert first["event"] == "session_start"
    assert first["routine"] == "hold-sequence"


def test_the_speaker_comes_after_the_first_paint_and_moves_nothing(
    qtbot: QtBot, stretchapp_home: Path
) -> None:
    launched = launch(argparse.Namespace(), speech_factory=FakeSpeech)
    window = launched.waiter.parent() if launched.waiter is not None else None
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    bar = [window.history_button, window.mute_button, window.settings_button]
    before = [b.geometry() for b in bar]
    assert window.mute_button.icon().isNull()  # the frame: words only
    qtbot.waitUntil(lambda: launched.app is not None)
    assert not window.mute_button.icon().isNull()
    assert [b.geometry() for b in bar] == before  # its room was kept
    window.close()


def test_typing_in_the_search_is_not_taken_for_keys(make: Make) -> None:
    h = make()
    search = h.window.library.search
    search.setFocus()
    for key in (Qt.Key.Key_C, Qt.Key.Key_A, Qt.Key.Key_L, Qt.Key.Key_F):
        QTest.keyClick(search, key)
    assert search.text() == "calf"
    assert h.window.pages.currentWidget() is h.window.library
    assert not h.window.isFullScreen()
    assert "relief-calf" in h.window.library.visible_ids()


def test_every_player_control_takes_keyboard_focus(make: Make) -> None:
    h = make(argparse.Namespace(cramp="calf"))
    player = h.window.player
    for button in (
        player.previous_button,
        player.pause_button,
        player.extend_button,
        player.next_button,
        player.stop_button,
        player.more_button,
        h.window.cramp_button,
        h.window.settings_button,
        h.window.mute_button,
    ):
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus, button.text()
        assert button.isVisibleTo(h.window), button.text()


def test_dark_theme_setting_colours_the_window(make: Make, stretchapp_home: Path) -> None:
    save_settings(Settings(theme="dark"), stretchapp_home / "settings.json")
    h = make()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert app.palette().window().color().lightness() < 60
    h.app.settings.apply_settings(Settings(theme="light"))
    assert app.palette().window().color().lightness() > 200


def test_a_routines_folder_made_later_is_seen(make: Make, user_dir: Path, qtbot: QtBot) -> None:
    user_dir.rmdir()
    h = make()
    user_dir.mkdir()
    qtbot.waitUntil(lambda: str(user_dir) in h.app.library.watcher.directories())
    (user_dir / "short.yaml").write_text(SHORT, encoding="utf-8")
    qtbot.waitUntil(lambda: "short" in h.window.library.visible_ids())


def test_sessions_and_cramps_go_into_the_history(
    make: Make, monkeypatch: pytest.MonkeyPatch, stretchapp_home: Path
) -> None:
    h = make(argparse.Namespace(routine="hold-sequence", start=True))
    h.run(12.0)
    h.key(Qt.Key.Key_C)
    h.key(Qt.Key.Key_1)
    h.run(20.0)
    monkeypatch.setattr(h.window, "confirm_stop", lambda: True)
    h.key(Qt.Key.Key_Escape)  # the relief stopped: the cramp is logged
    h.window.resume_button.click()
    h.run(5.0)
    h.window.close()  # the routine ends unfinished with the window
    with HistoryStore() as store:
        history = store.as_json()
    assert store.path.is_relative_to(stretchapp_home)
    routines = [s["routine"] for s in history["sessions"]]
    assert routines == ["hold-sequence", "relief-calf"]
    assert all(s["completed"] is False and s["ended"] for s in history["sessions"])
    assert [c["muscle"] for c in history["cramps"]] == ["calf"]
    assert history["cramps"][0]["seconds"] == pytest.approx(20.0, abs=0.1)


def test_routines_that_prevent_cramps_show_the_articles_tips(make: Callable[..., Harness]) -> None:
    h = make()
    library = h.window.library
    library.select("wall-lean-daily")
    assert not library.prevention.isHidden()
    tips = library.prevention.text()
    assert "Drink enough" in tips
    assert "supportive shoes" in tips
    assert "When to see a doctor" in tips
    library.select("relief-calf")  # in a cramp, the steps come first: no reading matter
    assert library.prevention.isHidden()


def _plain_text(rich: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", rich))


def test_each_of_the_articles_tips_is_shown_where_it_belongs(make: Make) -> None:
    h = make()
    tips = h.app.library.content.tips
    library = h.window.library

    def beside(routine_id: str) -> str:
        library.select(routine_id)
        return _plain_text(library.prevention.text()) if library.prevention.isVisible() else ""

    prevention = ["how-much-water", "sudden-sharp-pain", "medicines", "see-a-doctor"]
    night = ["relaxed-to-bed", "legs-crossed"]
    for routine_id in ("wall-lean-daily", "after-workout", "hold-sequence", "bedtime"):
        shown = beside(routine_id)
        for tip in prevention:
            assert tips[tip].title in shown, (routine_id, tip)
            assert " ".join(tips[tip].text.split()) in shown, (routine_id, tip)
        # night cramps: beside the bedtime routine only, and first there
        night_shown = [tips[t].title in shown for t in night]
        assert night_shown == [routine_id == "bedtime"] * 2, routine_id
    bedtime = beside("bedtime")
    assert bedtime.index(tips["legs-crossed"].title) < bedtime.index(tips["hydrate"].title)
    assert "Don't sit with your legs crossed" in bedtime

    # relief: a cramp after touching something poisonous is for emergency help, beside
    # the routine and in the panel beside the player; pain relief in that panel
    library.select("relief-calf")
    substances = " ".join(tips["seek-help-substances"].text.split())
    assert substances in library.safety.text()
    h.key(Qt.Key.Key_C)
    h.key(Qt.Key.Key_1)
    helps = _plain_text(h.window.player.helps_body.text())
    assert h.window.player.helps.isVisibleTo(h.window.player)
    for tip in ("pain-medication", "seek-help-substances"):
        assert tips[tip].title in helps, tip
        assert " ".join(tips[tip].text.split()) in helps, tip
    assert helps.index("ibuprofen") < helps.index(tips["what-else-helps-elevate"].title)


def _through_the_steps(h: Harness) -> None:
    """Follow a relief to its last step and press done at each manual one, 10 s in."""
    session = h.app.driver.session
    assert session is not None
    while not session.asking:
        h.run(10.0)
        if h.phase_kind() is PhaseKind.MANUAL:
            h.app.driver.done()


def test_relief_shows_the_seed_sentence_from_its_first_second(make: Make) -> None:
    h = make(argparse.Namespace(cramp="quad"))
    player = h.window.player
    assert player.seek_help.isVisibleTo(player)
    assert player.seek_help.text() == SEEK_HELP_NOW  # seed 004's sentence, in the tip too
    h.app.driver.stop()
    h.app.sessions.start_routine("hold-sequence")
    assert not player.seek_help.isVisibleTo(player)


def test_relief_asks_if_eased_and_escalates_after_its_steps(make: Make) -> None:
    h = make(argparse.Namespace(cramp="foot"))
    w = h.window
    _through_the_steps(h)  # six manual steps: about a minute
    session = h.app.driver.session
    assert session is not None
    assert session.state is SessionState.RUNNING
    assert w.player.eased_question.isVisibleTo(w.player)
    assert w.player.phase_label.text() == "Has it eased?"
    assert EASED_QUESTION in speech(h).said
    h.run(600.0 - session.view(h.clock.t).session_seconds - 1.0)
    assert not w.player.alert.isVisible()
    h.run(2.0)
    assert w.player.alert.isVisible()  # ten minutes from the cramp's start, steps long done
    assert w.player.eased_question.isVisibleTo(w.player)
    w.player.eased_question.yes_button.click()
    assert h.state() is SessionState.FINISHED
    said = speech(h).said
    warned = max(i for i, s in enumerate(said) if "10 minutes" in s)
    assert not any("Well done" in s or "Routine complete" in s for s in said[warned:])
    assert not w.cramp_note.isHidden()
    with HistoryStore() as store:
        (cramp,) = store.cramps()
    assert cramp.seconds == pytest.approx(601.0)  # until the user said it eased


def test_not_yet_offers_the_gentle_stretch_again(make: Make) -> None:
    h = make(argparse.Namespace(cramp="calf"))
    _through_the_steps(h)
    h.window.player.eased_question.not_yet_button.click()
    view = h.app.driver.view()
    assert view is not None
    assert view.index == 0
    assert not view.asking
    assert h.phase_kind() is PhaseKind.HOLD
    assert h.window.player.eased_question.isHidden()
    assert h.window.player.helps.isVisibleTo(h.window.player)


def test_letters_typed_in_the_routine_list_go_to_the_search(make: Make) -> None:
    h = make()
    w = h.window
    muted = h.app.settings.current.muted
    w.library.tree.setFocus()
    QTest.keyClicks(w.library.tree, "hamstring")
    assert w.library.search.text() == "hamstring"
    assert w.pages.currentWidget() is w.library  # H did not open the history
    assert h.app.settings.current.muted == muted  # M did not flip the sound
    assert not w.isFullScreen()
    # the keys still work where nobody types
    w.library.start_button.setFocus()
    h.key(Qt.Key.Key_H)
    assert w.pages.currentWidget() is w.history


def test_the_cramp_key_works_with_the_routine_list_focused(make: Make) -> None:
    # at start-up the list has the focus: C must still be one key from relief
    h = make()
    w = h.window
    w.library.tree.setFocus()
    QTest.keyClick(w.library.tree, Qt.Key.Key_C)
    assert w.pages.currentWidget() is w.cramp
    assert w.library.search.text() == ""
    h.key(Qt.Key.Key_1)
    session = h.app.driver.session
    assert session is not None
    assert session.timeline.routine.muscle == "calf"
    # in the search box, where a person plainly types, c is a letter
    h.app.driver.stop()
    w.show_library()
    w.library.search.setFocus()
    QTest.keyClicks(w.library.search, "calf")
    assert w.library.search.text() == "calf"
    assert w.pages.currentWidget() is w.library


def test_letters_in_the_history_list_are_its_type_ahead(make: Make) -> None:
    h = make()
    w = h.window
    w.show_history()
    muted = h.app.settings.current.muted
    QTest.keyClicks(w.history.list, "mh")
    assert h.app.settings.current.muted == muted
    assert w.pages.currentWidget() is w.history
    h.key(Qt.Key.Key_M)  # from the window, M still mutes
    assert h.app.settings.current.muted != muted


def test_state_you_can_see_from_across_the_room(make: Make) -> None:
    h = make(argparse.Namespace(routine="hold-sequence", start=True))
    w = h.window
    player = w.player
    assert h.phase_kind() is PhaseKind.PREPARE
    # get-ready shows the step it prepares; next up is the one after it
    shown = f"{player.exercise_name.text()}, {player.rep_label.text().lower()}"
    assert not player.next_label.text().endswith(shown)
    assert player.next_label.text().startswith("Next up: ")
    assert w.windowTitle() == f"Get ready · {player.exercise_name.text()} — stretchapp"
    h.key(Qt.Key.Key_Space)
    assert player.ring.paused
    assert player.ring.caption_text == "Paused"
    h.key(Qt.Key.Key_Space)
    assert player.ring.caption_text != "Paused"
    while h.app.driver.view().phase.exercise != "wall-lean":  # type: ignore[union-attr]
        h.key(Qt.Key.Key_Right)
    assert "Both legs" in player.rep_label.text()
    h.app.driver.stop()
    w.show_library()
    assert w.windowTitle() == "stretchapp"  # not the last phase of the player
    w.show_history()
    assert w.windowTitle() == "History — stretchapp"


def test_relief_counts_up_from_the_cramp(make: Make) -> None:
    h = make(argparse.Namespace(cramp="calf"))
    player = h.window.player
    assert player.time_left.text() == "Cramp: 0:00"
    h.run(192.5)
    assert player.time_left.text() == "Cramp: 3:12"
    assert player.time_left.accessibleDescription() == "Time since the cramp began"
    assert "Both legs" not in player.rep_label.text()  # a relief is for the leg that cramped


def test_the_sound_button_says_its_state(make: Make) -> None:
    h = make()
    button = h.window.mute_button
    assert button.text() == "Sound: on"
    speaker = button.icon().pixmap(32, 32).toImage()
    h.key(Qt.Key.Key_M)
    assert button.text() == "Sound: off"
    assert not button.icon().isNull()
    assert button.icon().pixmap(32, 32).toImage() != speaker  # struck out, not the same
    assert button.accessibleName().startswith("Sound: off")


def _ink(button: QPushButton) -> set[str]:
    """The colours of the icon's opaque pixels."""
    image = button.icon().pixmap(32, 32).toImage()
    pixels = (image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height()))
    return {c.name() for c in pixels if c.alpha() == 255}


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_the_speaker_is_drawn_in_the_themes_ink(make: Make, theme: Theme) -> None:
    # the style's speaker is dark whatever the theme: unseen on a dark button
    h = make()
    h.window.set_theme(theme)
    assert _ink(h.window.mute_button) == {theme.text}
    h.key(Qt.Key.Key_M)
    assert _ink(h.window.mute_button) == {theme.text}  # the muted speaker too


def test_settings_fit_a_laptop_in_sections_with_a_voice_test(make: Make) -> None:
    h = make()
    dialog = h.app.settings.settings_dialog()
    assert [dialog.sections.tabText(i) for i in range(dialog.sections.count())] == [
        "Sound",
        "Sessions",
        "Reminders and diary",
    ]
    # 784 px before: more than a 1366×768 screen; now within the smallest window
    assert dialog.sizeHint().height() <= MIN_HEIGHT
    assert dialog.minimumSizeHint().height() <= MIN_HEIGHT
    dialog.rate.setValue(120)
    dialog.test_voice_button.click()
    service = speech(h)
    assert ("say", TEST_SENTENCE) in service.calls
    assert service.settings.rate == 120
    dialog.reject()  # cancelled: the voice goes back to the settings in force
    assert service.settings.rate == h.app.settings.current.rate != 120


@pytest.mark.parametrize("size", [(1366, 768), (1180, 780), (MIN_WIDTH, MIN_HEIGHT)])
def test_a_picture_under_the_medical_warning_is_whole_or_not_there(
    make: Make, size: tuple[int, int]
) -> None:
    # the seek-help line and the warning both take room: never a squeezed sliver of a figure
    h = make(argparse.Namespace(cramp="calf"))
    w = h.window
    w.resize(*size)
    h.run(601.0)
    QApplication.processEvents()
    player = w.player
    assert player.alert.isVisibleTo(player)
    assert player.seek_help.isVisibleTo(player)
    assert player.plate.isHidden() or _shown_whole(player)


def _shown_whole(player: PlayerView) -> bool:
    """Whether the figure shows whole at MIN_PICTURE_PX or more: what shows of it, not its
    own height (a card too short clips it to a sliver)."""
    shown = player.picture.visibleRegion().boundingRect().height()
    return bool(shown == player.picture.height() >= MIN_PICTURE_PX)


def _controls_inside(window: MainWindow) -> None:
    player = window.player
    for button in (player.pause_button, player.stop_button, player.extend_button):
        corner = button.mapTo(window, button.rect().bottomRight())
        assert window.rect().contains(corner), button.text()


@pytest.mark.parametrize(
    ("args", "size"),
    [
        (argparse.Namespace(cramp="calf"), (1366, 768)),
        (argparse.Namespace(routine="hold-sequence", start=True), (1366, 768)),
        (argparse.Namespace(routine="hold-sequence", start=True), (MIN_WIDTH, MIN_HEIGHT)),
    ],
)
def test_the_picture_keeps_its_size_on_a_laptop_and_at_the_smallest(
    make: Make, args: argparse.Namespace, size: tuple[int, int]
) -> None:
    h = make(args)
    w = h.window
    w.resize(*size)
    QApplication.processEvents()
    assert (w.width(), w.height()) == size
    player = w.player
    assert not player.plate.isHidden()
    assert _shown_whole(player)
    height = player.picture.height()
    player.more_button.click()  # the full instructions do not squeeze it
    QApplication.processEvents()
    assert not player.full_text.isHidden()
    assert player.picture.height() == height
    assert _shown_whole(player)
    _controls_inside(w)


@pytest.mark.parametrize("size", [(1366, 768), (1180, 780), (MIN_WIDTH, MIN_HEIGHT)])
def test_a_relief_picture_is_whole_or_not_there(make: Make, size: tuple[int, int]) -> None:
    # a relief has the seek-help line above and a cue on two lines below: at the smallest
    # window the card has no room for a whole figure, and no sliver of one is shown
    h = make(argparse.Namespace(cramp="calf"))
    w = h.window
    w.resize(*size)
    QApplication.processEvents()
    player = w.player
    assert player.plate.isHidden() or _shown_whole(player)
    player.more_button.click()
    QApplication.processEvents()
    assert player.plate.isHidden() or _shown_whole(player)
    _controls_inside(w)
    w.resize(1366, 768)  # room again: the picture comes back
    QApplication.processEvents()
    assert not player.plate.isHidden()
    assert _shown_whole(player)
