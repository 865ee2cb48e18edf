"""The command line's exit codes and its one error: a user's mistake, said in one line."""

from __future__ import annotations

EXIT_OK = 0
EXIT_INVALID = 1  # a routine, a file or an argument value is wrong
EXIT_USAGE = 2  # the command line itself is wrong
EXIT_INTERRUPTED = 130  # Ctrl-C outside a session: the shell's convention


class CliError(Exception):
    """A user's mistake: printed as one line, never as a traceback."""

    def __init__(self, message: str, code: int = EXIT_INVALID) -> None:
        super().__init__(message)
        self.code = code
