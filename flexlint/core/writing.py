"""Writing an output file (``-o FILE``, ``--write-baseline FILE``) without following a planted symlink.

flexlint runs in checkouts it does not control: a pull request can plant
``flexlint.sarif`` or ``flexlint.sarif.tmp`` as a symlink to a file the CI
user can write. So the text goes to a new temporary file created beside
FILE with a random name, ``O_CREAT | O_EXCL | O_NOFOLLOW`` (what
:func:`tempfile.mkstemp` does), and is then renamed over FILE. A rename
replaces the directory entry: a symlink at FILE is *replaced* by the new
regular file and its target is never opened. Readers see the old file or
the new one, never half of one.

Text that cannot be encoded (lone surrogates from a broken key, a file name
that is not UTF-8) is written with backslash escapes rather than failing.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_text_atomically"]


def write_text_atomically(file: str | Path, text: str) -> None:
    """Replace ``file`` with ``text`` (UTF-8); raises OSError."""
    target = Path(file)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir() and not target.is_symlink():
        raise IsADirectoryError(21, "Is a directory", str(target))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask) if hasattr(os, "fchmod") else None
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8", "backslashreplace"))
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
