"""Files: finding them, decoding them, and writing them back atomically.

The core works on ``str``; this layer turns bytes into text and back without losing anything the
core does not own: the encoding, a byte order mark, line endings (which the core keeps as they are,
CRLF included) and the file's permission bits.
"""

from __future__ import annotations

import codecs
import fnmatch
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, OutputError

DEFAULT_INCLUDE = ("*.txt", "*.md")
# Larger inputs are refused rather than read into memory whole.
MAX_BYTES = 256 * 1024 * 1024
_SNIFF = 8192


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded input: its text and how to encode it again."""

    name: str  # as shown to the user: the path as given, or "-"
    text: str
    encoding: str = "utf-8"
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        try:
            return self.bom + text.encode(self.encoding)
        except UnicodeEncodeError as exc:
            raise OutputError(
                f"{self.name}: cannot encode {text[exc.start : exc.end]!r} as {self.encoding}"
            ) from None


def decode(data: bytes, name: str) -> Document:
    """Decode bytes as UTF-8 (with or without BOM); refuse binary data with a clear message."""
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    if data.startswith(codecs.BOM_UTF8):
        bom, body = codecs.BOM_UTF8, data[len(codecs.BOM_UTF8) :]
    else:
        bom, body = b"", data
    if b"\x00" in body[:_SNIFF]:
        raise InputError(f"{name}: binary file (contains NUL bytes)")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{name}: not valid UTF-8 (byte 0x{body[exc.start]:02x} at offset {exc.start + len(bom)}, "
            f"line {line})"
        ) from None
    return Document(name=name, text=text, encoding="utf-8", bom=bom)


def read_document(path: Path, name: str | None = None) -> Document:
    shown = name or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{shown}: file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{shown}: is a directory") from None
    except PermissionError:
        raise InputError(f"{shown}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{shown}: cannot read ({exc.strerror or exc})") from None
    return decode(data, shown)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` atomically, keeping its permission bits.

    The bytes go to a temporary file in the same folder, which is flushed, synced and renamed
    over the target; on any failure (Ctrl-C included) the temporary file is removed and the
    target keeps its old content. A symbolic link is written through to its target.
    """
    target = Path(os.path.realpath(path))
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".zhclean-tmp")
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
        raise


@dataclass(frozen=True, slots=True)
class Source:
    """An input file and where it sits relative to the argument that named it."""

    path: Path
    relative: Path


def discover(
    paths: Sequence[Path], include: Sequence[str] = DEFAULT_INCLUDE, exclude: Sequence[str] = ()
) -> Iterator[Source]:
    """Files named by ``paths``: files as given, directories walked in sorted order.

    In directories, hidden entries are skipped and files must match ``include`` and not match
    ``exclude`` (glob patterns on the file name or the relative path).
    """
    for root in paths:
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for fname in sorted(filenames):
                    if fname.startswith("."):
                        continue
                    path = Path(dirpath) / fname
                    rel = path.relative_to(root)
                    if _matches(rel, include) and not _matches(rel, exclude):
                        yield Source(path, rel)
        else:
            yield Source(root, Path(root.name) if root.is_absolute() else _tidy(root))


def _tidy(path: Path) -> Path:
    parts = [p for p in path.parts if p not in (".", "..")]
    return Path(*parts) if parts else Path(path.name)


def _matches(rel: Path, patterns: Sequence[str]) -> bool:
    name, full = rel.name, rel.as_posix()
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(full, p) for p in patterns)
