"""Writing a fixed file back: only if it is still what was read, atomically, with its mode.

The new bytes go to a temporary file created beside the target (same
folder, so the rename cannot cross file systems; ``mkstemp`` opens it with
``O_EXCL``, so a name planted in advance is never followed), get the
target's permission bits, and are renamed over it: a reader sees the old
file or the new one, never half of one, and a crash leaves the old file.
A symbolic link is never written through (the link would become a regular
file, or a file outside the tree would change): it is reported instead.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

__all__ = ["NotWritten", "replace_if_unchanged"]


class NotWritten(Exception):
    """Why a fixed file was not written (the file on disk is left as it is)."""


def replace_if_unchanged(path: str | Path, expected: bytes, data: bytes) -> None:
    """Replace ``path`` with ``data`` if it still holds ``expected``; raises NotWritten otherwise."""
    target = Path(path)
    try:
        info = os.lstat(target)
    except OSError as exc:
        raise NotWritten(f"cannot read it again: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise NotWritten("it is a symbolic link; run flexlint --fix on the file it points to")
    if not stat.S_ISREG(info.st_mode):
        raise NotWritten("it is not a regular file")
    try:
        with open(target, "rb") as fh:
            current = fh.read(len(expected) + 1)
    except OSError as exc:
        raise NotWritten(f"cannot read it again: {exc.strerror or exc}") from None
    if current != expected:
        raise NotWritten("it changed while flexlint was fixing it; run flexlint --fix again")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".flexlint-fix", dir=folder)
    except OSError as exc:
        raise NotWritten(f"cannot create a file beside it: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(info.st_mode))
        if hasattr(os, "chown"):
            try:
                os.chown(tmp, info.st_uid, info.st_gid)
            except OSError:
                pass  # only the owner's own ids can be kept without privileges; the mode is kept regardless
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise NotWritten(f"cannot write it: {exc.strerror or exc}") from None
        raise
