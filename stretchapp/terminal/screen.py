"""The terminal's output: lines that scroll, and on a terminal one status line below them."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from typing import TextIO

from stretchapp.core.wording import printable


def _can_encode(stream: TextIO, text: str) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")  # StringIO takes any text
    except (UnicodeEncodeError, LookupError):
        return False
    return True


class Screen:
    """Lines that scroll, and on a terminal one status line redrawn in place below them."""

    def __init__(
        self, stream: TextIO, *, tty: bool, width: Callable[[], int] | None = None
    ) -> None:
        self._stream = stream
        self.tty = tty
        self.width = width or (lambda: _terminal_width(stream))
        self._status = ""
        self.fancy = _can_encode(stream, "·")
        self.gone = False  # the reader went away (`| head`): the loop stops the session

    def _write(self, text: str) -> None:
        if self.gone:
            return
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):  # a closed pipe, a hung-up terminal (EIO), a closed file
            self.gone = True
            _silence(self._stream)

    def line(self, text: str) -> None:
        """A line that stays (a cue, a notice); its text is made printable."""
        text = printable(text, lines=True)
        clear = "\r\x1b[K" if self.tty and self._status else ""
        redraw = self._status if self.tty else ""
        self._write(clear + text + "\n" + redraw)

    def status(self, text: str) -> None:
        """Redraw the status line (terminals only)."""
        if not self.tty:
            return
        text = printable(text)  # one line: a newline here would break the redraw
        width = max(10, self.width() - 1)
        text = text if len(text) <= width else text[: width - 1] + "…"
        if text == self._status:
            return
        self._status = text
        self._write("\r\x1b[K" + text)

    def close(self) -> None:
        """Clear the status line: the lines above say how the session ended."""
        if self.tty and self._status:
            self._write("\r\x1b[K")
            self._status = ""


def _silence(stream: TextIO) -> None:
    """Point a stream whose reader has gone at /dev/null, so exit does not fail on it again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)


def _terminal_width(stream: TextIO) -> int:
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 80
    return columns if columns > 0 else 80  # a pty nobody sized says 0
