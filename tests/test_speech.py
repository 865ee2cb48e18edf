"""The speech service: rendering through a supervised worker, its cache, timing rules and faults."""

from __future__ import annotations

import ast
import json
import queue
import subprocess
import sys
import textwrap
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from audio_fixtures import PulseServer, Recording
from probes import last_json
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from stretchapp.speech import (
    NO_OUTPUT_NOTICE,
    SpeechService,
    SpeechSettings,
    list_voices,
    voice_unavailable_notice,
)
from stretchapp.speech.renderer import (
    Job,
    RenderEvents,
    RenderThread,
    cache_key,
    check_wav,
    trim_silence,
    worker_command,
)
from stretchapp.speech.worker import DRIVER_ENV, choose_voice, locale_language
from stretchapp.tones import ToneKind

ROOT = Path(__file__).resolve().parent.parent

# A stand-in for the pyttsx3 worker that speaks the same protocol. Texts steer it:
# "hang..." never answers, "crash..." exits, "silent..." writes silence, "flaky..."
# writes garbage on its first try. It logs every text it is asked to render.
FAKE_WORKER = textwrap.dedent(
    """
    import json, math, os, select, struct, sys, wave
    print("a stray line on stdout, as pyttsx3 prints: the parent must not choke on it")
    sys.stdout.flush()
    log_path = sys.argv[1]
    seen = []
    if os.path.exists(log_path):
        seen = open(log_path, encoding="utf-8").read().splitlines()
    log = open(log_path, "a", encoding="utf-8")
    def send(message):
        sys.stdout.write(json.dumps(message) + "\\n")
        sys.stdout.flush()
    send({"op": "hello", "driver": "fake", "engine": "1", "pyttsx3": "0", "voice": "fake/en"})
    for line in sys.stdin:
        request = json.loads(line)
        if request["op"] == "quit":
            break
        if request["op"] == "voices":
            send({"op": "voices", "voices": [["fake/en", "Fake", ["en"]]]})
            continue
        text = request["text"]
        log.write(text + "\\n")
        log.flush()
        if text.startswith("hang"):
            select.select([], [], [])  # for ever
        if text.startswith("crash"):
            sys.exit(3)
        if text.startswith("flaky") and seen.count(text) == 0:
            seen.append(text)
            open(request["path"], "wb").write(b"not a wav")
            send({"op": "done", "id": request["id"], "ok": True})
            continue
        seconds = 0.3 + 0.04 * len(text)
        amplitude = 0 if text.startswith("silent") else 9000
        frames = b"".join(
            struct.pack("<h", int(amplitude * math.sin(i * 2 * math.pi * 440 / 22050)))
            for i in range(int(seconds * 22050))
        )
        with wave.open(request["path"], "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(22050)
            out.writeframes(frames)
        send({"op": "done", "id": request["id"], "ok": True})
    """
)


@pytest.fixture
def fake_worker(tmp_path: Path) -> tuple[list[str], Path]:
    """The fake worker's command and the log of texts it rendered."""
    script = tmp_path / "fake_worker.py"
    script.write_text(FAKE_WORKER, encoding="utf-8")
    log = tmp_path / "rendered.log"
    return [sys.executable, str(script), str(log)], log


def rendered_texts(log: Path) -> list[str]:
    """What the fake worker was asked to render."""
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


@pytest.fixture
def make_service(qtbot: QtBot, stretchapp_home: Path) -> Iterator[Callable[..., SpeechService]]:
    """Builds services that are shut down after the test."""
    made: list[SpeechService] = []

    def make(settings: SpeechSettings | None = None, **kwargs: object) -> SpeechService:
        service = SpeechService(
            settings or SpeechSettings(),
            stretchapp_home / "cache",
            **kwargs,  # type: ignore[arg-type]
        )
        made.append(service)
        return service

    yield make
    for service in made:
        service.shutdown()


def write_wav(path: Path, samples: list[int], rate: int = 22050) -> Path:
    """A mono 16-bit WAV."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(s.to_bytes(2, "little", signed=True) for s in samples))
    return path


def wav_seconds(path: Path) -> float:
    """The length of a WAV file."""
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


# -- settings and pure helpers


def test_settings_reject_out_of_range_values() -> None:
    SpeechSettings(rate=80, volume=0.0, tone_volume=1.0)
    with pytest.raises(ValueError, match="rate"):
        SpeechSettings(rate=20)
    with pytest.raises(ValueError, match="volume"):
        SpeechSettings(volume=1.5)
    with pytest.raises(ValueError, match="tone_volume"):
        SpeechSettings(tone_volume=-0.1)


def test_notices_name_what_to_install() -> None:
    assert voice_unavailable_notice("linux") == (
        "Voice unavailable: install espeak-ng (sudo apt-get install espeak-ng). "
        "Cues are shown on screen."
    )
    assert "espeak" not in voice_unavailable_notice("win32")
    assert NO_OUTPUT_NOTICE == "No sound output found: cues are shown on screen."


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de-de"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "fr_FR.UTF-8"}, "fr-fr"),
        ({"LC_MESSAGES": "pt_BR"}, "pt-br"),
        ({"LANG": "C.UTF-8"}, None),
        ({}, None),
    ],
)
def test_locale_language(environ: dict[str, str], expected: str | None) -> None:
    assert locale_language(environ) == expected


VOICES = [
    ("gmw/en", ["en-gb"]),
    ("gmw/en-us", ["en-us"]),
    ("gmw/en-us-nyc", ["en-us-nyc"]),
    ("gmw/de", ["de"]),
    ("roa/pt-br", ["pt-br"]),
]


@pytest.mark.parametrize(
    ("language", "default", "expected"),
    [
        ("en-us", "gmw/en", "gmw/en-us"),  # the region's own voice
        ("en-au", "gmw/en", "gmw/en"),  # no Australian voice: the default speaks English
        ("de-at", "gmw/en", "gmw/de"),  # the language's voice
        ("pt-pt", "gmw/en", "roa/pt-br"),
        ("xx", "gmw/en", "gmw/en"),  # nothing fits: the engine's default
        (None, "gmw/en", "gmw/en"),
    ],
)
def test_choose_voice(language: str | None, default: str, expected: str) -> None:
    assert choose_voice(VOICES, language, default) == expected


def test_check_wav_finds_what_is_not_speech(tmp_path: Path) -> None:
    good = write_wav(tmp_path / "good.wav", [0, 3000, -3000] * 2000)
    assert check_wav(good) is None
    assert check_wav(write_wav(tmp_path / "silent.wav", [0] * 6000)) == "silent"
    assert "frames" in str(check_wav(write_wav(tmp_path / "short.wav", [3000, -3000] * 100)))
    (tmp_path / "junk.wav").write_bytes(b"not a wav at all")
    assert check_wav(tmp_path / "junk.wav") == "not a RIFF/WAVE file"
    assert "unreadable" in str(check_wav(tmp_path / "missing.wav"))


def test_trim_silence_starts_the_cue_at_once(tmp_path: Path) -> None:
    sound = [0] * 4410 + [5000, -5000] * 2205 + [0] * 11025  # 0.2 s, 0.2 s, 0.5 s
    path = write_wav(tmp_path / "cue.wav", sound)
    trim_silence(path)
    with wave.open(str(path), "rb") as wav:
        frames = wav.readframes(wav.getnframes())
    samples = [int.from_bytes(frames[i : i + 2], "little", signed=True) for i in range(0, 4000, 2)]
    first_loud = next(i for i, s in enumerate(samples) if abs(s) > 200)
    assert first_loud <= round(0.005 * 22050)
    assert 0.2 + 0.08 <= wav_seconds(path) <= 0.2 + 0.005 + 0.08 + 0.001


def test_cache_key_depends_on_text_voice_rate_and_engine() -> None:
    engine = {"driver": "espeak", "engine": "1.51", "pyttsx3": "2.99"}
    key = cache_key("Release.", "gmw/en", 165, engine)
    assert key == cache_key("Release.", "gmw/en", 165, dict(engine))
    assert key != cache_key("Release!", "gmw/en", 165, engine)
    assert key != cache_key("Release.", "gmw/de", 165, engine)
    assert key != cache_key("Release.", "gmw/en", 170, engine)
    assert key != cache_key("Release.", "gmw/en", 165, {**engine, "engine": "1.52"})


def loaded_after(code: str, prefixes: tuple[str, ...]) -> list[str]:
    """The modules named with these prefixes that a fresh interpreter has after ``code``."""
    probe = (
        f"import sys\n{code}\nprint(sorted(m for m in sys.modules if m.startswith({prefixes!r})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    loaded: list[str] = ast.literal_eval(out.strip())
    return loaded


def test_importing_speech_loads_neither_pyttsx3_nor_qtmultimedia() -> None:
    assert loaded_after("import stretchapp.speech", ("pyttsx3", "PySide6.QtMultimedia")) == []


def test_cache_keys_load_no_openssl() -> None:
    # hashlib would load OpenSSL: 3.5 MB resident in the window, past its memory target
    code = "from stretchapp.speech.renderer import cache_key\ncache_key('Release.', None, 165, {})"
    assert loaded_after(code, ("hashlib", "_hashlib", "_ssl")) == []


# -- the render thread with a fake worker


class Reports:
    """Collects what a render thread reports, for a test thread to wait on."""

    def __init__(self) -> None:
        self.items: queue.Queue[tuple[str, tuple[object, ...]]] = queue.Queue()

    def events(self) -> RenderEvents:
        return RenderEvents(
            rendered=lambda *a: self.items.put(("rendered", a)),
            failed=lambda *a: self.items.put(("failed", a)),
            unavailable=lambda *a: self.items.put(("unavailable", a)),
        )

    def next(self, timeout: float = 10.0) -> tuple[str, tuple[object, ...]]:
        return self.items.get(timeout=timeout)


@pytest.fixture
def render_thread(
    fake_worker: tuple[list[str], Path], stretchapp_home: Path
) -> Iterator[tuple[RenderThread, Reports]]:
    reports = Reports()
    thread = RenderThread(
        stretchapp_home / "cache", reports.events(), command=fake_worker[0], timeout=0.5
    )
    thread.start()
    yield thread, reports
    thread.stop()


def jobs(*texts: str) -> list[Job]:
    return [Job(text, None, 165, 0) for text in texts]


def test_renders_in_order_and_caches(
    render_thread: tuple[RenderThread, Reports], fake_worker: tuple[list[str], Path]
) -> None:
    thread, reports = render_thread
    thread.submit(jobs("Rep 2 of 5", "Release."))
    first, second = reports.next(), reports.next()
    assert [first[0], second[0]] == ["rendered", "rendered"]
    assert [first[1][1], second[1][1]] == ["Rep 2 of 5", "Release."]
    path = Path(str(first[1][3]))
    assert path.parent == thread.speech_dir
    assert check_wav(path) is None
    thread.submit(jobs("Release."))
    assert reports.next()[1][1] == "Release."
    assert rendered_texts(fake_worker[1]) == ["Rep 2 of 5", "Release."]  # the second from cache
    identity = json.loads((thread.speech_dir / "engine.json").read_text(encoding="utf-8"))
    assert set(identity) == {"driver", "engine", "pyttsx3", "voice"}
    assert [p.name for p in thread.speech_dir.glob(".*")] == []  # no temporary file left


def test_a_bad_file_is_rendered_once_more(
    render_thread: tuple[RenderThread, Reports], fake_worker: tuple[list[str], Path]
) -> None:
    thread, reports = render_thread
    thread.submit(jobs("flaky cue", "silent cue"))
    assert reports.next()[0] == "rendered"
    kind, args = reports.next()
    assert (kind, args[1], args[2]) == ("failed", "silent cue", "silent")
    assert rendered_texts(fake_worker[1]) == ["flaky cue"] * 2 + ["silent cue"] * 2


def test_a_hung_render_is_skipped_and_the_worker_restarted(
    render_thread: tuple[RenderThread, Reports], fake_worker: tuple[list[str], Path]
) -> None:
    thread, reports = render_thread
    started = time.monotonic()
    thread.submit(jobs("hang here", "Breathe in", "crash now", "Breathe out"))
    kind, args = reports.next()
    assert (kind, args[1]) == ("failed", "hang here")
    assert str(args[2]).startswith("timeout")
    assert reports.next()[1][1] == "Breathe in"
    kind, args = reports.next()
    assert (kind, args[1]) == ("failed", "crash now")
    assert str(args[2]).startswith("exited")
    assert reports.next()[1][1] == "Breathe out"
    assert thread.restarts == 2
    assert time.monotonic() - started < 5.0  # the hang cost its timeout, not for ever


def test_no_engine_is_reported_once(stretchapp_home: Path) -> None:
    reports = Reports()
    answer = '{"op": "error", "kind": "no_engine", "message": "x"}'
    command = [sys.executable, "-c", f"print({answer!r})"]
    thread = RenderThread(stretchapp_home / "cache", reports.events(), command=command)
    thread.start()
    try:
        assert reports.next() == ("unavailable", ("no_engine", "x"))
        thread.submit(jobs("Release."))
        assert reports.next()[0] == "failed"
        assert reports.items.empty()
    finally:
        thread.stop()


def test_a_file_where_the_cache_folder_should_be_is_said_once(
    stretchapp_home: Path, fake_worker: tuple[list[str], Path]
) -> None:
    # issue 15: NotADirectoryError killed the render thread and the voice fell silent
    (stretchapp_home / "cache").write_text("not a folder", encoding="utf-8")
    reports = Reports()
    thread = RenderThread(stretchapp_home / "cache", reports.events(), command=fake_worker[0])
    thread.start()
    try:
        kind, args = reports.next()
        assert (kind, args[0]) == ("unavailable", "no_cache")
        assert "cache" in str(args[1])
        thread.submit(jobs("Release."))
        assert reports.next()[0] == "failed"  # the thread lives on: each cue is shown instead
    finally:
        thread.stop()


def test_a_cache_that_is_a_file_gives_a_notice_that_says_so(
    qtbot: QtBot,
    make_service: Callable[..., SpeechService],
    fake_worker: tuple[list[str], Path],
    stretchapp_home: Path,
) -> None:
    (stretchapp_home / "cache").write_text("not a folder", encoding="utf-8")
    service = make_service(worker_command=fake_worker[0])
    notices: list[str] = []
    service.notice.connect(notices.append)
    service.prepare(["Release."])
    qtbot.waitUntil(lambda: service.voice_available is False, timeout=15000)
    assert len(notices) == 1
    assert "cannot keep speech" in notices[0]
    assert notices[0].endswith("Cues are shown on screen.")


# -- the service with a fake worker


def test_prepare_reports_the_first_wait_and_ready(
    qtbot: QtBot, make_service: Callable[..., SpeechService], fake_worker: tuple[list[str], Path]
) -> None:
    service = make_service(worker_command=fake_worker[0])
    with (
        qtbot.waitSignal(service.ready, timeout=10000),
        qtbot.waitSignal(service.first_ready, timeout=10000) as first,
    ):
        service.prepare(["Calf lunge, left leg.", "Release.", "Release."])
    assert first.args is not None
    wait = service.first_wait
    assert wait is not None
    assert wait == first.args[0]
    assert 0.0 < wait < 10.0
    assert rendered_texts(fake_worker[1]) == ["Calf lunge, left leg.", "Release."]


def test_a_hung_render_skips_that_cue_and_the_session_goes_on(
    qtbot: QtBot, make_service: Callable[..., SpeechService], fake_worker: tuple[list[str], Path]
) -> None:
    service = make_service(worker_command=fake_worker[0], render_timeout=0.5)
    failures: list[tuple[str, str]] = []
    service.render_failed.connect(lambda text, why: failures.append((text, why)))
    with qtbot.waitSignal(service.ready, timeout=10000):
        service.prepare(["Hold.", "hang forever", "Release."])
    assert [text for text, _ in failures] == ["hang forever"]
    assert service.render_restarts == 1
    with qtbot.waitSignal(service.ready, timeout=10000):
        service.prepare(["Rest."])  # the new worker renders


def test_no_voice_gives_one_notice_and_visual_cues(
    qtbot: QtBot, make_service: Callable[..., SpeechService], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DRIVER_ENV, "no-such-driver")  # the real worker, failing to load
    service = make_service()
    notices: list[str] = []
    service.notice.connect(notices.append)
    with qtbot.waitSignal(service.ready, timeout=15000):
        service.prepare(["Release."])
    qtbot.waitUntil(lambda: service.voice_available is False, timeout=15000)
    service.prepare(["Rest."])
    service.say("Release.")
    assert notices == [voice_unavailable_notice()]


def test_no_sound_output_gives_one_notice(
    tmp_path: Path, fake_worker: tuple[list[str], Path]
) -> None:
    # Qt connects to the sound server once per process: this needs a process of its own
    script = textwrap.dedent(
        f"""
        import json, sys
        from pathlib import Path
        from PySide6.QtCore import QCoreApplication, QTimer
        from stretchapp.speech import SpeechService, SpeechSettings
        app = QCoreApplication([])
        command = {fake_worker[0]!r}
        service = SpeechService(SpeechSettings(), Path(sys.argv[1]), worker_command=command)
        notices = []
        service.notice.connect(notices.append)
        def done():
            service.say("Release.")
            service.tone("tick")
            app.quit()
        service.ready.connect(done)
        service.prepare(["Release."])
        QTimer.singleShot(20000, app.quit)
        app.exec()
        service.shutdown()
        print(json.dumps({{"notices": notices, "output": service.output_available}}))
        """
    )
    env = {
        **dict(__import__("os").environ),
        "PULSE_SERVER": f"unix:{tmp_path / 'nothing'}",
        "QT_QPA_PLATFORM": "offscreen",
    }
    probed = last_json(script, str(tmp_path / "cache"), env=env, timeout=60)
    assert probed == {"notices": [NO_OUTPUT_NOTICE], "output": False}


@pytest.mark.real_audio
def test_say_plays_at_once_when_ready_and_drops_what_is_not(
    qtbot: QtBot,
    pulse: PulseServer,
    make_service: Callable[..., SpeechService],
    fake_worker: tuple[list[str], Path],
) -> None:
    service = make_service(worker_command=fake_worker[0], render_timeout=0.5)
    played: list[tuple[str, float]] = []
    dropped: list[tuple[str, str]] = []
    service.played.connect(lambda text, waited: played.append((text, waited)))
    service.dropped.connect(lambda text, why: dropped.append((text, why)))
    with qtbot.waitSignal(service.ready, timeout=10000):
        service.prepare(["Rep 1 of 3", "Release."])
    with qtbot.waitSignal(service.played, timeout=2000):
        service.say("Rep 1 of 3")
    assert played[0][0] == "Rep 1 of 3"
    assert played[0][1] < 0.15
    # never prepared, and its render hangs: dropped when 150 ms have passed
    with qtbot.waitSignal(service.dropped, timeout=2000):
        service.say("hang, unprepared")
    assert dropped[-1] == ("hang, unprepared", "its sound was not ready within 150 ms")
    # cut() forgets a cue that waits for its sound: nothing plays later
    service.say("crash, unprepared")
    service.cut()
    with qtbot.waitSignal(service.played, timeout=2000):
        service.tone(ToneKind.TICK)
    assert [text for text, _ in played] == ["Rep 1 of 3", "tone:tick"]


@pytest.mark.real_audio
def test_mute_silences_voice_and_tones_separately(
    qtbot: QtBot,
    pulse: PulseServer,
    make_service: Callable[..., SpeechService],
    fake_worker: tuple[list[str], Path],
) -> None:
    service = make_service(SpeechSettings(mute_tones=True), worker_command=fake_worker[0])
    played: list[str] = []
    service.played.connect(lambda text, _waited: played.append(text))
    with qtbot.waitSignal(service.ready, timeout=10000):
        service.prepare(["Switch sides."])
    service.tone(ToneKind.PHASE)
    with qtbot.waitSignal(service.played, timeout=2000):
        service.say("Switch sides.")
    service.set_settings(SpeechSettings(mute_voice=True))
    service.say("Switch sides.")
    with qtbot.waitSignal(service.played, timeout=2000):
        service.tone(ToneKind.PHASE)
    assert played == ["Switch sides.", "tone:phase"]


@pytest.mark.real_audio
def test_an_unprepared_cue_plays_only_if_ready_within_150_ms(
    qtbot: QtBot,
    pulse: PulseServer,
    make_service: Callable[..., SpeechService],
    fake_worker: tuple[list[str], Path],
) -> None:
    service = make_service(worker_command=fake_worker[0])
    outcomes: list[tuple[str, object]] = []
    service.played.connect(lambda text, waited: outcomes.append(("played", waited)))
    service.dropped.connect(lambda text, why: outcomes.append(("dropped", why)))
    with qtbot.waitSignal(service.ready, timeout=10000):
        service.prepare(["Hold."])  # the worker is up
    service.say("Rest for ten seconds.")
    qtbot.waitUntil(lambda: bool(outcomes), timeout=2000)
    kind, detail = outcomes[0]
    if kind == "played":
        assert isinstance(detail, float)
        assert detail <= 0.150
    else:
        assert detail == "its sound was not ready within 150 ms"
    assert len(outcomes) == 1


@pytest.mark.real_audio
def test_a_sessions_first_words_may_wait_for_a_cold_voice(
    qtbot: QtBot,
    pulse: PulseServer,
    make_service: Callable[..., SpeechService],
    fake_worker: tuple[list[str], Path],
) -> None:
    # `stretchapp cramp calf` from the desktop: the service and its worker start with
    # the window, and the relief's first words are asked for before any sound exists
    service = make_service(worker_command=fake_worker[0])
    outcomes: list[tuple[str, str, object]] = []
    service.played.connect(lambda text, waited: outcomes.append(("played", text, waited)))
    service.dropped.connect(lambda text, why: outcomes.append(("dropped", text, why)))
    service.say("Calf lunge. Hold for 30 seconds.", patience=10.0)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=12000)
    assert outcomes[0][:2] == ("played", "Calf lunge. Hold for 30 seconds.")
    assert isinstance(outcomes[0][2], float)
    assert outcomes[0][2] <= 10.0


def test_a_new_voice_or_rate_renders_the_prepared_texts_again(
    qtbot: QtBot, make_service: Callable[..., SpeechService], fake_worker: tuple[list[str], Path]
) -> None:
    service = make_service(worker_command=fake_worker[0])
    with qtbot.waitSignal(service.ready, timeout=10000):
        service.prepare(["Hold.", "Release."])
    with qtbot.waitSignal(service.ready, timeout=10000):
        service.set_settings(SpeechSettings(rate=200))
    assert rendered_texts(fake_worker[1]) == ["Hold.", "Release."] * 2
    with qtbot.assertNotEmitted(service.ready, wait=100):
        service.set_settings(SpeechSettings(rate=200, volume=0.5))  # volume: no new render
    assert service.settings.volume == 0.5


# -- real pyttsx3 with espeak-ng


@pytest.mark.real_speech
def test_espeak_renders_plausible_speech(
    espeak: None, stretchapp_home: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    reports = Reports()
    thread = RenderThread(stretchapp_home / "cache", reports.events())
    thread.start()
    try:
        thread.submit(jobs("Release.", "Calf lunge, left leg. Hold for 30 seconds."))
        short, long = reports.next(30), reports.next(30)
    finally:
        thread.stop()
    assert (short[0], long[0]) == ("rendered", "rendered"), (short, long)
    short_path, long_path = Path(str(short[1][3])), Path(str(long[1][3]))
    assert check_wav(short_path) is None
    assert 0.3 <= wav_seconds(short_path) <= 5.0
    assert wav_seconds(long_path) > 2 * wav_seconds(short_path)
    out, _ = capfd.readouterr()
    assert out == ""  # pyttsx3's "Audio saved to ..." stayed in the worker


@pytest.mark.real_speech
def test_list_voices_lists_espeak_voices(espeak: None) -> None:
    voices = list_voices()
    assert voices
    assert any(any(lang.startswith("en") for lang in langs) for _, _, langs in voices)


def test_the_worker_command_runs_the_worker_module() -> None:
    assert worker_command()[1:] == ["-m", "stretchapp.speech.worker"]


# -- real playback, heard through the private sound server


def schedule(offsets: list[tuple[float, Callable[[], None]]], origin: float) -> list[QTimer]:
    """Run each action at origin + offset on the Qt event loop (precise single shots)."""
    timers = []
    for offset, action in offsets:
        timer = QTimer()
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer may be 5 % late
        timer.timeout.connect(action)
        timer.start(max(0, round((origin + offset - time.monotonic()) * 1000)))
        timers.append(timer)
    return timers


def onset_errors(
    recording: Recording, marker: float, planned: list[float]
) -> list[tuple[float, float | None]]:
    """For each planned time (monotonic), the heard onset's error in seconds, None if unheard."""
    sounds = recording.sounds(gap=0.15)
    assert sounds, "nothing was heard, not even the marker: the recording failed"
    heard_marker = sounds[0][0]
    errors: list[tuple[float, float | None]] = []
    for at in planned:
        expected = heard_marker + (at - marker)
        near = [start for start, _ in sounds[1:] if expected - 0.3 <= start <= expected + 0.5]
        errors.append((at - marker, near[0] - expected if near else None))
    return errors


@pytest.mark.real_audio
@pytest.mark.real_speech
def test_cues_are_heard_within_150_ms_of_their_time(
    qtbot: QtBot,
    espeak: None,
    recording: Recording,
    make_service: Callable[..., SpeechService],
) -> None:
    service = make_service()
    texts = ["Breathe in", "3", "2", "1", "Release."]
    with qtbot.waitSignal(service.ready, timeout=30000):
        service.prepare(texts)
    plan: list[tuple[float, Callable[[], None]]] = [
        (0.5, lambda: service.say("Breathe in")),
        (1.6, lambda: service.tone(ToneKind.TICK)),
        (2.2, lambda: service.say("3")),
        (3.0, lambda: service.say("2")),
        (3.8, lambda: service.say("1")),
        (4.6, lambda: service.say("Release.")),
        (5.7, lambda: service.tone(ToneKind.PHASE)),
    ]
    marker = recording.server.play_marker()
    timers = schedule(plan, marker)
    end = marker + 7.2
    qtbot.waitUntil(lambda: time.monotonic() > end, timeout=15000)  # real sound: it plays
    assert not any(timer.isActive() for timer in timers)
    recording.stop()
    errors = onset_errors(recording, marker, [marker + offset for offset, _ in plan])
    late = [(at, err) for at, err in errors if err is None or abs(err) > 0.150]
    assert not late, f"cue onset errors (planned s, error s): {errors}"


@pytest.mark.real_audio
@pytest.mark.real_speech
def test_cut_silences_a_cue_within_100_ms(
    qtbot: QtBot,
    espeak: None,
    recording: Recording,
    make_service: Callable[..., SpeechService],
) -> None:
    service = make_service()
    text = "Calf lunge, left leg. Hold for 30 seconds."
    with qtbot.waitSignal(service.ready, timeout=30000):
        service.prepare([text])
    marker = recording.server.play_marker()
    timers = schedule([(0.4, lambda: service.say(text)), (1.4, service.cut)], marker)
    end = marker + 2.6
    qtbot.waitUntil(lambda: time.monotonic() > end, timeout=10000)  # real sound: it plays
    assert not any(timer.isActive() for timer in timers)
    recording.stop()
    sounds = recording.sounds(gap=0.05)
    heard_cut = sounds[0][0] + 1.4  # from the marker, as heard
    cue = sounds[1:]
    assert cue, "the cue was not heard"
    assert cue[0][0] < heard_cut - 0.5, sounds  # it was speaking when cut
    last_sound = max(start + length for start, length in cue)
    assert last_sound - heard_cut <= 0.100, f"heard {last_sound - heard_cut:.3f} s after the cut"
