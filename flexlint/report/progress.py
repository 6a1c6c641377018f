"""A progress line on stderr for long runs, only when a person is watching.

Nothing is drawn for the first second, so short runs (the usual case, and
every editor or hook run) never show it; after that a single line is redrawn
a few times a second from a background thread, which also covers one big
file (a large backup) that takes a while on its own. The line is erased
before any output is printed.
"""

from __future__ import annotations

import os
import threading
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO, delay: float = 1.0, interval: float = 0.2) -> None:
        self.stream = stream
        self.delay = delay
        self.interval = interval
        self.done = 0
        self.total = 0
        self.current = ""
        self._drawn = False
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="flexlint-progress", daemon=True)

    def __enter__(self) -> "Progress":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def update(self, done: int, total: int, current: str = "") -> None:
        self.done, self.total, self.current = done, total, current

    def _run(self) -> None:
        if self._stop.wait(self.delay):
            return
        while not self._stop.is_set():
            self._draw()
            self._stop.wait(self.interval)

    def _draw(self) -> None:
        columns = _columns(self.stream)
        text = f"flexlint: {self.done}/{self.total} files"
        if self.current:
            text += f" · {self.current}"
        text = text[: max(columns - 1, 10)]
        with self._lock:
            self.stream.write("\r\x1b[2K" + text)
            self.stream.flush()
            self._drawn = True

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        with self._lock:
            if self._drawn:
                self.stream.write("\r\x1b[2K")
                self.stream.flush()
                self._drawn = False


def _columns(stream: TextIO) -> int:
    """The terminal's width: COLUMNS, else the terminal's own, else 80 (a pseudo-terminal may say 0)."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        try:
            columns = os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            columns = 0
    return columns if columns > 0 else 80
