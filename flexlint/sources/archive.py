"""Reading members of a zip archive without trusting it.

Backups arrive as zips that hold gigabytes of attachments next to the few
members a linter needs. Only named members are read, into memory, never to
disk; each read is bounded (declared size, compression ratio, and the bytes
actually inflated, counted while streaming), so a zip bomb or a lying header
costs at most the limit. Names that could escape a directory (absolute, with
``..`` or drive letters) are ignored: nothing is extracted, but such a name
is never shown or looked up either.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Union

from ..core.document import SourceError

__all__ = ["Archive", "ZIP_MAGIC", "MAX_MEMBER", "MAX_RATIO", "MAX_TOTAL", "member_names"]

ZIP_MAGIC = b"PK\x03\x04"
MAX_MEMBER = 1024 * 1024 * 1024  # one member, inflated
MAX_TOTAL = 2 * 1024 * 1024 * 1024  # everything read from one archive
MAX_RATIO = 200  # inflated / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
CHUNK = 1024 * 1024

Source = Union[bytes, Path]


def safe_name(name: str) -> bool:
    """A member name that stays inside the archive's own folder."""
    if not name or name.startswith(("/", "\\")) or "\\" in name or "\x00" in name:
        return False
    parts = PurePosixPath(name).parts
    return ".." not in parts and not (parts and parts[0].endswith(":"))


def member_names(source: Source) -> list[str]:
    """Names in the central directory (read from the end of the file only)."""
    with Archive(source) as archive:
        return archive.names()


class Archive:
    """A zip opened for bounded, in-memory reads of single members."""

    def __init__(self, source: Source, max_member: int = MAX_MEMBER, max_total: int = MAX_TOTAL) -> None:
        self._handle: BinaryIO | None = None
        try:
            if isinstance(source, (bytes, bytearray)):
                self._zip = zipfile.ZipFile(io.BytesIO(source))
            else:
                self._handle = open(source, "rb")
                self._zip = zipfile.ZipFile(self._handle)
        except zipfile.BadZipFile as exc:
            self.close()
            raise SourceError(
                f"not a readable zip archive ({exc})",
                0,
                "the file may be truncated or damaged; make the backup again",
            ) from None
        except OSError as exc:
            self.close()
            raise SourceError(f"cannot read file: {exc.strerror or exc}") from None
        self._max_member, self._left = max_member, max_total
        self._infos = {i.filename: i for i in self._zip.infolist() if safe_name(i.filename)}

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        zf = getattr(self, "_zip", None)
        if zf is not None:
            zf.close()
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def names(self) -> list[str]:
        return sorted(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def size(self, name: str) -> int:
        return self._infos[name].file_size

    def read(self, name: str, limit: int | None = None) -> bytearray:
        """The member's bytes; SourceError when it is larger, or inflates more, than allowed."""
        info = self._infos.get(name)
        if info is None:
            raise SourceError(f"the archive has no member {name!r}")
        cap = min(limit or self._max_member, self._max_member, self._left)
        if info.file_size > cap:
            raise SourceError(
                f"{name} is {info.file_size / 1e6:.1f} MB uncompressed, more than the {cap / 1e6:.0f} MB flexlint reads from an archive",
                0,
                "extract the member and lint it directly if it really is this large",
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise SourceError(
                f"{name} claims to inflate {info.file_size / max(info.compress_size, 1):.0f} times: refused as a zip bomb",
                0,
                "a real backup never compresses this well; check where the file came from",
            )
        # Inflate into one buffer of the declared size: no copy, and never more than declared.
        out = bytearray(info.file_size)
        view = memoryview(out)
        filled = 0
        try:
            with self._zip.open(info) as member:
                while filled < info.file_size:
                    n = member.readinto(view[filled : filled + CHUNK])
                    if not n:
                        break
                    filled += n
                if member.read(1):
                    raise SourceError(f"{name} inflates past its declared size: refused as a zip bomb", 0,
                                      "check where the file came from")
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            raise SourceError(
                f"cannot read {name} from the archive ({exc})",
                0,
                "the archive may be damaged or encrypted; make the backup again",
            ) from None
        finally:
            view.release()
        if filled != info.file_size:
            raise SourceError(f"{name} is shorter than its declared size", 0, "the archive may be truncated")
        self._left -= filled
        return out
