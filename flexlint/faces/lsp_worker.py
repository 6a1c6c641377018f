"""The language server's linting process: warm, single-threaded, and expendable.

An editor keeps one server for hours and feeds it whatever files are open,
some of them hostile. A parser that crashes its process, runs away or eats
memory must cost one lint, never the server. Forking a worker per lint from
the server (as the command line does) is unsafe once the server runs
threads, and a fresh interpreter per lint is too slow to keep up with
typing. So the server starts this process (a new interpreter, never a
fork) and keeps it: it stays warm between lints (imports, rules, schemas),
lints one buffer at a time in its only thread, and

* stops a lint as soon as the server says that version is superseded (the
  server writes the request's number to a second pipe; the lint checks it
  at each step and answers "cancelled");
* runs under a memory cap (its size when ready plus ``Limits.max_memory``,
  Linux): a memory bomb ends with a MemoryError answer, or the process;
* is killed by the server after ``Limits.timeout`` seconds on one lint,
  or when it dies; the server publishes a parse-error for that buffer and
  starts a new process for the next lint.

Messages are length-prefixed pickles (:class:`flexlint.run.workers.Channel`)
on the process's standard input and output; anything the lint might print
goes to standard error instead.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from ..run.workers import OUT_OF_MEMORY, Channel, cap_memory

__all__ = ["Cancels", "main"]


class Cancels:
    """The request numbers the server no longer wants, read without blocking from their pipe."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.upto = -1  # every request numbered up to this one is superseded
        os.set_blocking(fd, False)

    def superseded(self, request: int) -> bool:
        try:
            data = os.read(self.fd, 8 * 512)
        except BlockingIOError:
            data = b""
        except OSError:
            data = b""
        for i in range(0, len(data) - 7, 8):
            self.upto = max(self.upto, int.from_bytes(data[i:i + 8], "little"))
        return request <= self.upto


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    replies_fd = os.dup(1)
    os.dup2(2, 1)  # a stray print must not corrupt the answers
    requests, replies, cancels = Channel(0), Channel(replies_fd), Cancels(int(argv[0]))

    from ..core.limits import Limits
    from ..run.engine import Cancelled, cancellable
    from ..run.paths import Options, make_resolver
    from .lsp import lint_text

    try:
        make_resolver(Options()).ruleset()  # warm: rules, before the first buffer arrives
    except Exception:  # a broken configuration here: each lint that it covers says so (a "config" reply)
        pass
    cap_memory(int(argv[1]) if len(argv) > 1 else Limits().max_memory)
    while True:
        try:
            message = requests.recv()
        except (EOFError, OSError):
            break
        if message[0] == "reload":
            from ..config.resolver import forget_configuration

            forget_configuration()
            continue
        _, number, text, filename, encoding = message
        reply: tuple[Any, ...]
        try:
            with cancellable(lambda: cancels.superseded(number)):
                reply = ("ok", number, lint_text(text, filename, encoding, isolate=False))
        except Cancelled:
            reply = ("cancelled", number)
        except MemoryError:
            _say(replies, ("memory", number))
            os._exit(OUT_OF_MEMORY)
        except Exception as exc:  # a broken configuration (its message is shown), or a bug of ours (its
            # name only: a message may quote the buffer, keys included)
            reply = ("config", number, str(exc)) if _is_config_error(exc) else ("error", number, type(exc).__name__)
        _say(replies, reply)
    os._exit(0)


def _is_config_error(exc: Exception) -> bool:
    from ..config.files import ConfigError

    return isinstance(exc, (ConfigError, ValueError))


def _say(replies: Channel, reply: tuple[Any, ...]) -> None:
    try:
        replies.send(reply)
    except (OSError, MemoryError, ValueError):
        os._exit(1)


if __name__ == "__main__":
    main()
