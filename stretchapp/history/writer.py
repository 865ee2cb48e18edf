"""The history written off the timing path: one thread owns a store and does the writes.

A write waits for SQLite's lock (another program holding the file) for up to the store's
timeout, and a full or slow disk can stall it too. A session must never wait for that: its
cues and its holds keep time while the rows follow on this thread.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from stretchapp.history.recorder import HistoryRecorder
from stretchapp.history.records import HistoryError

if TYPE_CHECKING:
    from stretchapp.core.session_events import Event
    from stretchapp.core.timeline import Timeline

Job = Callable[[Any], None]  # run on the writer's thread with its store (None: it never opened)
CLOSE_SECONDS = 10.0  # at most, for the last rows at the end (a lock's timeout is 5 s)


class HistoryWriter:
    """A thread that opens a HistoryStore with ``open_store`` and runs jobs on it, in order.

    ``error`` says why the store did not open (the jobs then run with None).
    """

    def __init__(self, open_store: Callable[[], Any]) -> None:
        self._open_store = open_store
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self.error: HistoryError | None = None
        self._thread = threading.Thread(target=self._run, name="history-writer", daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> None:
        """Run ``job(store)`` on the writer's thread after the jobs before it; never waits."""
        self._jobs.put(job)

    def flush(self, timeout: float = CLOSE_SECONDS) -> bool:
        """Wait until every job submitted so far has run; False when ``timeout`` passed first."""
        done = threading.Event()
        self._jobs.put(lambda _store: done.set())
        return done.wait(timeout)

    def close(self, timeout: float = CLOSE_SECONDS) -> None:
        """Run what is queued, close the store and end the thread (waiting at most timeout)."""
        self._jobs.put(None)
        self._thread.join(timeout)

    def recorder(
        self, timeline: Timeline, *, muscle: str | None, notify: Callable[[str], None]
    ) -> QueuedRecorder:
        """A session's sink whose rows this writer writes."""
        return QueuedRecorder(self, timeline, muscle=muscle, notify=notify)

    def _run(self) -> None:
        try:
            store = self._open_store()
        except HistoryError as error:
            self.error, store = error, None
        try:
            while (job := self._jobs.get()) is not None:
                job(store)
        finally:
            if store is not None:
                store.close()


class QueuedRecorder:
    """A HistoryRecorder whose writes run on a HistoryWriter's thread.

    ``write`` only queues the event; what the recorder has to say (the history cannot be
    opened or written) is said by ``notify`` on the caller's thread, at the next write or
    at ``flush``, so a shell's screen or window is only ever touched by its own thread.
    """

    def __init__(
        self,
        writer: HistoryWriter,
        timeline: Timeline,
        *,
        muscle: str | None,
        notify: Callable[[str], None],
    ) -> None:
        self._writer = writer
        self._timeline = timeline
        self._muscle = muscle
        self._notify = notify
        self._told: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._inner: HistoryRecorder | None = None  # made on the writer's thread
        self._unsaved = False

    @property
    def session_id(self) -> int | None:
        """The session's row, once the writer wrote it."""
        return None if self._inner is None else self._inner.session_id

    @property
    def cramp_id(self) -> int | None:
        """The cramp's row (relief sessions), once the writer wrote it."""
        return None if self._inner is None else self._inner.cramp_id

    def write(self, event: Event) -> None:
        """Queue what the event changes; say what the writer had to say since."""
        self._tell()
        self._writer.submit(lambda store: self._record(store, event))

    def flush(self, timeout: float = CLOSE_SECONDS) -> bool:
        """Wait (at most ``timeout``) for the queued rows, then say what there is to say."""
        done = self._writer.flush(timeout)
        self._tell()
        return done

    def _record(self, store: Any, event: Event) -> None:  # on the writer's thread
        if store is None:
            if not self._unsaved:
                self._unsaved = True
                self._told.put(f"this session is not saved in the history: {self._writer.error}")
            return
        if self._inner is None:
            self._inner = HistoryRecorder(
                store, self._timeline, muscle=self._muscle, notify=self._told.put
            )
        self._inner.write(event)

    def _tell(self) -> None:
        while True:
            try:
                message = self._told.get_nowait()
            except queue.Empty:
                return
            self._notify(message)
