"""How a message quotes a value, guesses what a mistyped word meant and lists alternatives."""

from __future__ import annotations

import re
from collections.abc import Iterable


def shown(text: str) -> str:
    """A value quoted for a message, cut short when long."""
    return repr(text if len(text) <= 40 else text[:37] + "...")


def did_you_mean(word: str, options: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The option a mistyped word was most likely meant to be, or None.

    The one "did you mean" of the program: the loader, the command line, settings and CSV
    all ask it.
    """
    import difflib  # noqa: PLC0415  (only on a mistake: not loaded by every start)

    close = difflib.get_close_matches(word.lower(), sorted(options), n=1, cutoff=cutoff)
    return close[0] if close else None


def suggest(word: str, options: Iterable[str]) -> str:
    """ "; did you mean 'hold'?" for a near miss, else ""."""
    close = did_you_mean(word, options)
    return f"; did you mean {close!r}?" if close else ""


def or_list(words: tuple[str, ...] | list[str]) -> str:
    """'a, b or c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


# Characters a terminal acts on instead of showing: C0 (but tab and newline), DEL, C1, and the
# bidi controls that reorder what follows them (a title could hide or reverse the next column).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_JSON_UNESCAPED = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def control_character(text: str) -> str | None:
    """The first character of text a terminal would act on, as "U+001B", or None.

    Tab and newline are text; whether a value may span lines is the format's rule.
    """
    found = _CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def printable(text: str, *, lines: bool = False) -> str:
    """Text from a file or the history made safe to print: control characters as \\x1b.

    The one sanitiser of everything the command line and the terminal runner print from user
    data, so a title with escapes cannot clear the screen or retitle the terminal. With
    `lines`, newlines and tabs stay; otherwise they are shown escaped too.
    """
    pattern = _CONTROL if lines else _CONTROL_OR_BREAK
    return pattern.sub(_escaped, text)


def json_printable(json_text: str) -> str:
    """JSON text with the controls json leaves as they are (DEL, C1, bidi) as \\u escapes.

    They can only stand inside JSON strings, where \\u is how JSON writes them.
    """
    return _JSON_UNESCAPED.sub(lambda found: f"\\u{ord(found.group()):04x}", json_text)


def _escaped(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
