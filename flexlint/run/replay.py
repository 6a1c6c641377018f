"""Replaying an unchanged run: a warm re-run answers before anything heavy is imported.

The results cache (``.cache``) keeps each file's findings, but a run that
finds every file in it still pays flexlint's start-up: the command line,
the configuration, the rules. When nothing a run read has changed, the same
command prints the same thing. So a run whose every file came from the
cache records, beside the cache, what it printed, its exit code and every
input it depended on; the next identical command checks those inputs with
``stat`` alone and prints the recording, importing nothing but ``os``,
``sys`` and a hash function.

What "identical" and "unchanged" mean, so a replay is never stale:

* the command: its arguments, the working folder, the interpreter, the
  whole environment (but for a few shell bookkeeping variables), which
  streams are terminals and their encodings, and flexlint's version;
* the inputs: every file and folder the run opened or listed, seen by an
  audit hook (``sys.addaudithook``), so a reader that opens a file nobody
  thought of is covered too; the folders and names that configuration and
  ``.gitignore`` discovery probe without opening (each ancestor's
  ``.flexlint.toml``, ``flexlint.toml``, ``pyproject.toml``, ``.gitignore``,
  ``.git``); the paths named on the command line; flexlint's data files (and
  its code, in a checkout). Each is compared by type, size, inode and both
  modification and change times to the nanosecond (a write changes the change
  time, which no tool can set back). A folder's times change when an entry
  is added, removed or renamed in it.
* a run whose inputs changed in the second before it finished is not
  recorded (a write within the file system's timestamp granularity could
  otherwise go unseen; git's "racily clean" index entries are the same
  problem).

Only a plain lint is recorded: no fixes, no baseline written, no standard
input, no output file, no ``--watch``, and never with ``--no-cache``. A run
that linted any file afresh (in a worker, out of flexlint's sight) is not
recorded: the next run, answered from the cache, is.

Recordings are small length-prefixed files, parsed with slicing alone (a
hostile file can only be a miss), written atomically; at most
``KEEP`` are kept per cache folder.
"""

import os
import sys

# The arguments of the command line when flexlint runs as a command (set by ``flexlint.__main__``):
# only such a run is recorded, under the arguments the next command will be looked up by.
ENTRY_ARGV: "list[str] | None" = None
FOLDER = "replay"
MAGIC = b"flexlint-replay-2"  # 2: what was printed kept in order, each piece with its stream
KEEP = 16
# Shell bookkeeping that changes between identical commands and that flexlint never reads.
VOLATILE_ENV = frozenset({"_", "OLDPWD", "PWD", "SHLVL"})
# Names ignore-file discovery looks for in each ancestor folder without opening them (with the
# configuration file names of ``config.files``, read when a recording is saved).
PROBED_GIT = (".gitignore", ".git")
RACY_NS = 1_000_000_000  # inputs changed after, or this close before, the start of a run are not trusted


def _command_key(argv: "list[str]") -> bytes:
    """A digest of everything besides files that can change what the same command prints.

    Only the digest is written down: the environment holds API keys, and a recording sits in the
    project's folder.
    """
    parts = ["argv", *argv, "cwd", os.getcwd(), "python", sys.executable, sys.version, _version()]
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        parts.append(f"{_isatty(stream)}:{getattr(stream, 'encoding', None)}")
    for name in sorted(os.environ):
        if name not in VOLATILE_ENV:
            parts.append(f"{name}={os.environ[name]}")
    try:
        from _blake2 import blake2b  # what hashlib's blake2b is, without loading OpenSSL's bindings
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import blake2b
    return blake2b("\0".join(parts).encode("utf-8", "surrogateescape"), digest_size=32).hexdigest().encode()


def _version() -> str:
    from .. import __version__

    return __version__


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def _signature(path: str) -> bytes:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return b"-"
    return b"%d:%d:%d:%d:%d" % (st.st_mode, st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns)


# -- the length-prefixed format ---------------------------------------------------------

def _pack(fields: "list[bytes]") -> bytes:
    return b"".join(b"%d:%s," % (len(f), f) for f in fields)


def _unpack(data: bytes) -> "list[bytes]":
    """The fields of a recording; ValueError for anything malformed."""
    out = []
    i, end = 0, len(data)
    while i < end:
        colon = data.index(b":", i, min(end, i + 21))
        n = int(data[i:colon])
        start = colon + 1
        stop = start + n
        if n < 0 or stop >= end or data[stop] != 44:  # ","
            raise ValueError("malformed recording")
        out.append(data[start:stop])
        i = stop + 1
    return out


# -- replaying ---------------------------------------------------------------------------

def replay(argv: "list[str]", cache_dir: str = ".flexlint_cache") -> "int | None":
    """Print the recording of this exact command and return its exit code; None when there is none that still holds."""
    if "--no-cache" in argv:
        return None
    try:
        key = _command_key(argv)
        with open(os.path.join(cache_dir, FOLDER, key.decode()), "rb") as fh:
            fields = _unpack(fh.read())
        if len(fields) < 5 or fields[0] != MAGIC or fields[1] != key:
            return None
        count = int(fields[2])
        inputs = fields[3:3 + 2 * count]
        if len(inputs) != 2 * count or len(fields) != 3 + 2 * count + 2:
            return None
        for i in range(0, len(inputs), 2):
            if _signature(os.fsdecode(inputs[i])) != inputs[i + 1]:
                return None
        pieces = _unpack(fields[-2])
        exit_code = int(fields[-1])
        if len(pieces) % 2 or any(tag not in (b"1", b"2") for tag in pieces[::2]):
            return None
    except (OSError, ValueError, UnicodeError):
        return None
    streams = {b"1": sys.stdout, b"2": sys.stderr}
    for stream in streams.values():
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[attr-defined]
        except (AttributeError, ValueError, OSError):
            pass
    for tag, text in zip(pieces[::2], pieces[1::2]):
        streams[tag].write(text.decode("utf-8", "surrogateescape"))
        streams[tag].flush()
    return exit_code


# -- recording ---------------------------------------------------------------------------

class Recorder:
    """Collects what one run read and printed (see the module docstring); ``save`` writes the recording."""

    _active: "Recorder | None" = None
    _hooked = False

    def __init__(self, argv: "list[str]", cache_dir: str = ".flexlint_cache") -> None:
        import time

        self.started = time.time_ns()
        self.argv = list(argv)
        self.cache_dir = os.path.abspath(cache_dir)
        self.paths: "set[str]" = set()
        self.written: "list[tuple[int, str]]" = []
        self.valid = True

    def start(self) -> "Recorder":
        if not Recorder._hooked:
            sys.addaudithook(_audit)  # hooks cannot be removed; an idle one costs a flag test
            Recorder._hooked = True
        Recorder._active = self
        return self

    def stop(self) -> None:
        if Recorder._active is self:
            Recorder._active = None

    def spoil(self) -> None:
        """This run cannot be replayed (it linted a file afresh, or did something besides reporting)."""
        self.valid = False

    def write(self, stream: object, text: str) -> None:
        """Print ``text`` on ``stream`` (stdout or stderr) and keep it for the replay."""
        stream.write(text)  # type: ignore[attr-defined]
        self.written.append((2 if stream is sys.stderr else 1, text))

    def saw(self, path: object) -> None:
        if isinstance(path, (str, bytes, os.PathLike)):
            try:
                full = os.path.abspath(os.fsdecode(path))
            except (TypeError, ValueError):
                return
            if not full.startswith(self.cache_dir + os.sep) and full != self.cache_dir:
                self.paths.add(full)

    def save(self, code: int) -> None:
        """Write the recording, unless the run is not replayable or its inputs are too fresh to trust."""
        self.stop()
        if not self.valid:
            return
        try:
            inputs = self._inputs()
            fields = [MAGIC, _command_key(self.argv), str(len(inputs)).encode()]
            for path in sorted(inputs):
                sig = _signature(path)
                if sig != b"-":
                    mtime, ctime = (int(x) for x in sig.split(b":")[3:5])
                    if max(mtime, ctime) >= self.started - RACY_NS:
                        return  # changed during the run, or too close to its start to tell
                fields += [os.fsencode(path), sig]
            # What was written, in order: each piece tagged with its stream (b"1" stdout, b"2" stderr).
            fields.append(b"".join(_pack([str(s).encode(), t.encode("utf-8", "surrogateescape")])
                                   for s, t in self.written))
            fields.append(str(code).encode())
            folder = os.path.join(self.cache_dir, FOLDER)
            os.makedirs(folder, exist_ok=True)
            from pathlib import Path

            from .cache import mark_cache

            mark_cache(Path(self.cache_dir))
            target = os.path.join(folder, fields[1].decode())
            tmp = f"{target}.{os.getpid()}.tmp"
            with open(tmp, "wb") as fh:
                fh.write(_pack(fields))
            os.replace(tmp, target)
            _prune(folder)
        except (OSError, ValueError):
            return

    def _inputs(self) -> "set[str]":
        from ..config.files import CONFIG_NAMES
        from .cache import fingerprint_roots

        probed = (*CONFIG_NAMES, *PROBED_GIT)

        paths = set(self.paths)
        for arg in self.argv:
            if not arg.startswith("-"):
                paths.add(os.path.abspath(arg))
        for root in fingerprint_roots():
            for folder, dirs, files in os.walk(root):
                dirs[:] = [d for d in dirs if d != "__pycache__"]
                paths.add(folder)
                paths.update(os.path.join(folder, name) for name in files)
        # Discovery looks up from each linted file's folder: the folders inside a walk were listed
        # (their times cover a new file); above them, the names are probed one by one.
        starts = {os.getcwd()} | {os.path.abspath(arg) for arg in self.argv if not arg.startswith("-")}
        for start in starts:
            folder = start
            while True:
                for name in probed:
                    paths.add(os.path.join(folder, name))
                parent = os.path.dirname(folder)
                if parent == folder:
                    break
                folder = parent
        return {p for p in paths if not p.startswith(self.cache_dir + os.sep) and p != self.cache_dir}


def _audit(event: str, args: "tuple") -> None:
    recorder = Recorder._active
    if recorder is None:
        return
    if event == "open":
        path, mode, flags = (args + (None, None, None))[:3]
        if isinstance(mode, str):
            if "r" in mode and "+" not in mode:
                recorder.saw(path)
        elif isinstance(flags, int) and not flags & (os.O_WRONLY | os.O_RDWR):
            recorder.saw(path)
    elif event in ("os.scandir", "os.listdir"):
        recorder.saw(args[0] if args and args[0] is not None else ".")
    elif event in ("os.fork", "os.posix_spawn", "subprocess.Popen", "sqlite3.connect", "sqlite3.connect/handle"):
        recorder.spoil()  # what another process or a database engine reads is out of sight


def _prune(folder: str) -> None:
    entries = []
    for entry in os.scandir(folder):
        if not entry.name.endswith(".tmp"):
            try:
                entries.append((entry.stat().st_mtime_ns, entry.path))
            except OSError:
                pass
    for _, path in sorted(entries)[:-KEEP]:
        try:
            os.unlink(path)
        except OSError:
            pass
