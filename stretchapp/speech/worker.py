"""The speech worker: a child process that renders cue texts to WAV files with pyttsx3."""

# Protocol, one JSON object a line. The parent writes requests on stdin:
#   {"op": "render", "id": 3, "text": "Release.", "voice": null, "rate": 170, "path": "/x.wav"}
#   {"op": "voices"}        {"op": "quit"}
# The worker answers on the stdout it was started with:
#   {"op": "hello", "driver": "espeak", "engine": "1.51", "pyttsx3": "2.99", "voice": "gmw/en-us"}
#   {"op": "done", "id": 3, "ok": true}     {"op": "done", "id": 3, "ok": false, "error": "..."}
#   {"op": "voices", "voices": [["gmw/en", "English", ["en"]], ...]}
#   {"op": "error", "kind": "no_engine" | "no_voices", "message": "..."}
# pyttsx3 prints to stdout (the espeak driver prints "Audio saved to ..." on every
# render): the worker moves its protocol to a duplicate of fd 1 and points fd 1 at
# the null device, so nothing the library or espeak-ng prints reaches the parent or
# a terminal. This is the child's own stdout, never the application's.

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Sequence
from importlib import metadata
from typing import IO, Any

DRIVER_ENV = "STRETCHAPP_TTS_DRIVER"  # a pyttsx3 driver name; unset: the platform's default


def locale_language(environ: dict[str, str] | None = None) -> str | None:
    """The user's language as a lower-case tag: "en-us", "de", or None for C/POSIX."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            tag = value.split(".")[0].split("@")[0].replace("_", "-").lower()
            return None if tag in {"c", "posix"} else tag
    return None


def choose_voice(
    voices: Sequence[tuple[str, Sequence[str]]], language: str | None, default: str | None
) -> str | None:
    """The voice for a language: same language and region, else same language, else the default.

    ``voices`` are (id, languages) pairs as the driver lists them.
    """
    if not language:
        return default
    base = language.split("-")[0]
    exact = [vid for vid, langs in voices if language in (lang.lower() for lang in langs)]
    same = [
        vid
        for vid, langs in voices
        if any(lang.lower() == base or lang.lower().startswith(base + "-") for lang in langs)
    ]
    for group in (exact, same):
        if default in group:
            return default
        if group:
            # espeak-ng lists variants ("gmw/en-us-nyc") after the plain voice
            return min(group, key=len)
    return default


def _voice_rows(engine: Any) -> list[tuple[str, str, list[str]]]:
    rows = []
    for voice in engine.getProperty("voices") or []:
        languages = [str(lang) for lang in (getattr(voice, "languages", None) or [])]
        rows.append((str(voice.id), str(voice.name), languages))
    return rows


def _engine_version(driver: str) -> str:
    if driver == "espeak":
        from pyttsx3.drivers import _espeak  # noqa: PLC0415 (only exists where espeak-ng loads)

        info = _espeak.Info()
        return info.decode("utf-8", "replace") if isinstance(info, bytes) else str(info)
    return ""


class _Renderer:
    """Owns the one pyttsx3 engine of this process."""

    def __init__(self, engine: Any, driver: str) -> None:
        self.engine = engine
        self.driver = driver
        self.voices = _voice_rows(engine)
        self.ids = {vid for vid, _, _ in self.voices}
        current = engine.getProperty("voice")
        language = locale_language() if driver == "espeak" else None
        pairs = [(vid, langs) for vid, _, langs in self.voices]
        self.default_voice = choose_voice(pairs, language, str(current) if current else None)
        self._voice: str | None = None
        self._rate: int | None = None
        self._finished: list[bool] = []
        self._errors: list[str] = []
        engine.connect("finished-utterance", self._on_finished)
        engine.connect("error", self._on_error)

    def _on_finished(self, name: object = None, completed: bool = True) -> None:
        self._finished.append(bool(completed))

    def _on_error(self, name: object = None, exception: object = None) -> None:
        self._errors.append(str(exception))

    def render(self, text: str, voice: str | None, rate: int, path: str) -> str | None:
        """Render one text; None when it worked, else why not."""
        wanted = voice if voice in self.ids else self.default_voice
        if wanted and wanted != self._voice:
            self.engine.setProperty("voice", wanted)
            self._voice = wanted
        if rate != self._rate:
            self.engine.setProperty("rate", rate)
            self._rate = rate
        self._finished.clear()
        self._errors.clear()
        self.engine.save_to_file(text, path)
        self.engine.runAndWait()
        if self._errors:
            return "; ".join(self._errors)
        if not self._finished or not all(self._finished):
            return "the engine did not finish the utterance"
        if not os.path.exists(path):  # noqa: PTH110 (a str path from the protocol)
            return "the engine wrote no file"
        return None


def _take_stdout() -> IO[str]:
    """The protocol stream; fd 1 (and so every print) goes to the null device from now on."""
    sys.stdout.flush()
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)
    return protocol


def _send(out: IO[str], message: dict[str, Any]) -> None:
    out.write(json.dumps(message) + "\n")
    out.flush()


def _open_engine(out: IO[str]) -> _Renderer | None:
    driver_name = os.environ.get(DRIVER_ENV) or None
    try:
        import pyttsx3  # noqa: PLC0415 (imported here so that a missing library is a message)

        engine = pyttsx3.init(driver_name)
        renderer = _Renderer(engine, engine.driver_name)
    except Exception as exc:  # any failure to start the engine means no voice
        _send(out, {"op": "error", "kind": "no_engine", "message": f"{type(exc).__name__}: {exc}"})
        return None
    if not renderer.voices:
        _send(out, {"op": "error", "kind": "no_voices", "message": "the engine lists no voices"})
        return None
    return renderer


def serve(lines: Iterable[str], out: IO[str]) -> int:
    """Answer requests until quit or end of input."""
    renderer = _open_engine(out)
    if renderer is None:
        return 1
    try:
        pyttsx3_version = metadata.version("pyttsx3")
    except metadata.PackageNotFoundError:
        pyttsx3_version = ""
    _send(
        out,
        {
            "op": "hello",
            "driver": renderer.driver,
            "engine": _engine_version(renderer.driver),
            "pyttsx3": pyttsx3_version,
            "voice": renderer.default_voice,
        },
    )
    for line in lines:
        if not line.strip():
            continue
        request = json.loads(line)
        op = request.get("op")
        if op == "quit":
            break
        if op == "voices":
            _send(out, {"op": "voices", "voices": renderer.voices})
        elif op == "render":
            try:
                error = renderer.render(
                    str(request["text"]),
                    request.get("voice"),
                    int(request["rate"]),
                    request["path"],
                )
            except Exception as exc:  # reported to the parent, which skips the cue
                error = f"{type(exc).__name__}: {exc}"
            reply: dict[str, Any] = {"op": "done", "id": request.get("id"), "ok": error is None}
            if error is not None:
                reply["error"] = error
            _send(out, reply)
    return 0


def main() -> int:
    """Entry point of ``python -m stretchapp.speech.worker``."""
    out = _take_stdout()
    if "--voices" in sys.argv[1:]:
        return serve(['{"op": "voices"}\n'], out)
    return serve(sys.stdin, out)


if __name__ == "__main__":
    sys.exit(main())
