"""How a message quotes a value, guesses what a mistyped word meant and lists alternatives."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def shown(text: str) -> str:
    """A value quoted for a message, cut short when long."""
    return repr(text if len(text) <= 40 else text[:37] + "...")


def did_you_mean(word: str, options: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The option a mistyped word was most likely meant to be, or None.

    The one "did you mean" of the program: the loader, the command line, settings and CSV
    all ask it.
    """
    close = difflib.get_close_matches(word.lower(), sorted(options), n=1, cutoff=cutoff)
    return close[0] if close else None


def suggest(word: str, options: Iterable[str]) -> str:
    """ "; did you mean 'hold'?" for a near miss, else ""."""
    close = did_you_mean(word, options)
    return f"; did you mean {close!r}?" if close else ""


def or_list(words: tuple[str, ...] | list[str]) -> str:
    """'a, b or c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
