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
from ..core.limits import current

__all__ = ["Archive", "ZIP_MAGIC", "MAX_MEMBER", "MAX_RATIO", "MAX_TOTAL", "member_names"]

ZIP_MAGIC = b"PK\x03\x04"
MAX_MEMBER = 1024 * 1024 * 1024  # one member, inflated (the default of Limits.max_member_size)
MAX_TOTAL = 2 * 1024 * 1024 * 1024  # everything read from one archive (Limits.max_archive_total)
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
    """A zip opened for bounded, in-memory reads of single members.

    Any way the archive or a member can be broken (a damaged directory, an
    undecodable name, an unsupported or corrupt compression, a lying size)
    is a SourceError for this file only.
    """

    def __init__(
        self,
        source: Source,
        max_member: int | None = None,
        max_total: int | None = None,
        max_members: int | None = None,
    ) -> None:
        limits = current()
        max_member = max_member or limits.max_member_size
        max_total = max_total or limits.max_archive_total
        max_members = max_members or limits.max_members
        self._handle: BinaryIO | None = None
        try:
            if isinstance(source, (bytes, bytearray)):
                fh: BinaryIO = io.BytesIO(source)
            else:
                fh = self._handle = open(source, "rb")
            fh.seek(0, io.SEEK_END)
            self._size = fh.tell()
            fh.seek(0)
            entries = _declared_entries(fh)
            if entries is not None and entries > max_members:
                raise SourceError(
                    f"the archive lists {entries:,} members, more than the {max_members:,} flexlint reads",
                    0,
                    "no app backup has this many; raise the limit with --max-members if it is real",
                )
            self._zip = zipfile.ZipFile(fh)
        except SourceError:
            self.close()
            raise
        except OSError as exc:
            self.close()
            raise SourceError(f"cannot read file: {exc.strerror or exc}") from None
        except MemoryError:
            self.close()
            raise
        except Exception as exc:  # BadZipFile, an undecodable name, a damaged directory, ...
            self.close()
            raise SourceError(
                f"not a readable zip archive ({_reason(exc)})",
                0,
                "the file may be truncated or damaged; make the backup again",
            ) from None
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
        """The member's bytes; SourceError when it is larger, or inflates more, than allowed.

        What is inflated is counted as it arrives: a member is never given
        more memory than it has really produced, whatever its header says.
        """
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
        if info.compress_size > self._size:
            raise SourceError(f"{name} claims more compressed bytes than the archive holds", 0,
                              "the archive is damaged or crafted; make the backup again")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise SourceError(
                f"{name} claims to inflate {info.file_size / max(info.compress_size, 1):.0f} times: refused as a zip bomb",
                0,
                "a real backup never compresses this well; check where the file came from",
            )
        out = bytearray()
        try:
            with self._zip.open(info) as member:
                while True:
                    chunk = member.read(min(CHUNK, info.file_size + 1 - len(out)))
                    if not chunk:
                        break
                    out += chunk
                    if len(out) > info.file_size:
                        raise SourceError(f"{name} inflates past its declared size: refused as a zip bomb", 0,
                                          "check where the file came from")
        except SourceError:
            raise
        except MemoryError:
            raise
        except Exception as exc:  # BadZipFile (CRC), zlib.error, LZMAError, NotImplementedError, EOFError, ...
            raise SourceError(
                f"cannot read {name} from the archive ({_reason(exc)})",
                0,
                "the archive may be damaged or encrypted; make the backup again",
            ) from None
        if len(out) != info.file_size:
            raise SourceError(f"{name} is shorter than its declared size", 0, "the archive may be truncated")
        self._left -= len(out)
        return out


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"


def _declared_entries(fh: BinaryIO) -> int | None:
    """How many members the end of the central directory says there are (None when it cannot tell).

    Read from the archive's last 64 KB before :mod:`zipfile` builds an object
    for every entry, so a directory of millions of entries is refused cheaply.
    """
    fh.seek(0, io.SEEK_END)
    size = fh.tell()
    tail_start = max(0, size - (65535 + 22 + 20))
    fh.seek(tail_start)
    tail = fh.read()
    fh.seek(0)
    at = tail.rfind(_EOCD)
    if at == -1 or at + 22 > len(tail):
        return None
    entries = int.from_bytes(tail[at + 10 : at + 12], "little")
    if entries == 0xFFFF:
        loc = tail.rfind(_EOCD64_LOCATOR, 0, at)
        if loc == -1:
            return None
        offset = int.from_bytes(tail[loc + 8 : loc + 16], "little")
        if offset + 56 > size:
            return None
        fh.seek(offset)
        record = fh.read(56)
        fh.seek(0)
        if record[:4] != b"PK\x06\x06":
            return None
        entries = int.from_bytes(record[32:40], "little")
    return entries
