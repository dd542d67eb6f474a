"""Files: finding them, decoding them, and writing them back atomically.

The core works on ``str``; this layer turns bytes into text and back without losing anything the
core does not own: the encoding, a byte order mark, line endings (which the core keeps as they are,
CRLF included) and the file's permission bits.
"""

from __future__ import annotations

import codecs
import errno
import functools
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from ..core.errors import InputError, OutputError

DEFAULT_INCLUDE = ("*.txt", "*.md")
TMP_SUFFIX = ".zhclean-tmp"  # the temporary file an atomic write renames over its target
# Larger inputs are refused rather than read into memory whole.
MAX_BYTES = 256 * 1024 * 1024


Stamp = tuple[int, int, int, int, int]  # see stamp_of


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded input: its text and how to encode it again."""

    name: str  # as shown to the user: the path as given, or "-"
    text: str
    encoding: str = "utf-8"
    bom: bytes = b""
    stamp: Stamp | None = None  # the file's stamp when it was read, to detect changes

    def encode(self, text: str) -> bytes:
        try:
            return self.bom + text.encode(self.encoding)
        except UnicodeEncodeError as exc:
            raise OutputError(
                f"{self.name}: cannot encode {text[exc.start : exc.end]!r} as {self.encoding}"
            ) from None


BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Legacy Chinese encodings, tried in this order when the bytes are not UTF-8. GBK is tried
# before GB18030 so that a GBK file is written back as GBK (GB18030 would accept characters a
# GBK reader cannot read).
LEGACY = ("gbk", "gb18030", "big5", "cp950", "big5hkscs")


class BinaryFile(InputError):
    """Not text: skipped with a note, not an error."""


def decode(data: bytes, name: str, encoding: str | None = None) -> Document:
    """Decode bytes: UTF-8, UTF-16/32 with a BOM, GBK/GB18030 or Big5, or ``encoding`` if given.

    A BOM is kept to be written back. Without one, UTF-8 is tried first (it almost never decodes
    by accident), then the legacy Chinese encodings, and the one whose text reads most like
    Chinese (common characters, few rare ones) wins.
    """
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    bom, body = b"", data
    for mark, codec in BOMS:
        if data.startswith(mark):
            bom, body = mark, data[len(mark) :]
            if encoding is None:
                encoding = codec
            break
    if encoding is not None:
        try:
            info = codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"{name}: unknown encoding {encoding!r} (see --encoding)") from None
        if not getattr(info, "_is_text_encoding", True):
            raise InputError(f"{name}: {encoding!r} is not a text encoding (see --encoding)")
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(_decode_error(name, body, exc, encoding, len(bom))) from None
        _refuse_mojibake(name, body, text, encoding)
        return Document(name, text, encoding, bom)
    if b"\x00" in body:  # anywhere: a NUL after the first block would be lost on writing
        raise BinaryFile(f"{name}: binary file (contains NUL bytes), skipped{_utf16_hint(body)}")
    try:
        return Document(name, body.decode("utf-8"), "utf-8", bom)
    except UnicodeDecodeError as exc:
        utf8_error = exc
    best: tuple[float, str, str] | None = None
    for codec in LEGACY:
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _chinese_score(text)
        if best is None or score > best[0]:
            best = (score, codec, text)
        if codec == "gbk" and score >= GOOD_SCORE:
            break  # a GBK text that reads well: no need to try Big5
    if best is None or best[0] < MIN_SCORE:
        raise InputError(
            _decode_error(name, body, utf8_error, "utf-8", 0)
            + "; not GBK/GB18030 or Big5 either: name the encoding with --encoding"
        )
    return Document(name, best[2], best[1], bom)


def _utf16_hint(body: bytes) -> str:
    """Where bytes with NULs read as UTF-16 text without a byte-order mark (Windows tools write
    it), how to name the encoding; else nothing."""
    sample = body[: 1 << 16]
    sample = sample[: len(sample) - len(sample) % 2]
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        printable = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t")
        if text and printable >= 0.98 * len(text) and _chinese_score(text) >= GOOD_SCORE:
            what = f"{codec.upper()} text without a byte-order mark"
            return f"; it reads as {what}: name it with --encoding {codec}"
    return ""


def _refuse_mojibake(name: str, body: bytes, text: str, encoding: str) -> None:
    """A file that reads as Chinese in UTF-8 but not in the encoding the user named: cleaning
    mojibake would write thousands of wrong edits, so it is refused."""
    if body.isascii() or codecs.lookup(encoding).name in ("utf-8", "utf-8-sig"):
        return
    try:
        as_utf8 = body.decode("utf-8")
    except UnicodeDecodeError:
        return
    if _chinese_score(as_utf8) >= GOOD_SCORE and _chinese_score(text) < MIN_SCORE:
        raise InputError(
            f"{name}: is UTF-8 Chinese text; read as {encoding} it would be mojibake "
            "(drop --encoding, or name the right one)"
        )


def _decode_error(name: str, body: bytes, exc: UnicodeDecodeError, encoding: str, shift: int) -> str:
    line = body.count(b"\n", 0, exc.start) + 1
    return (
        f"{name}: not valid {encoding} (byte 0x{body[exc.start]:02x} at offset {exc.start + shift}, "
        f"line {line})"
    )


# Share of Han characters that are common ones: right decodings of Chinese text score above 0.9,
# wrong ones (Big5 read as GBK, GBK as Big5) far lower.
GOOD_SCORE = 0.9
MIN_SCORE = 0.5


def _chinese_score(text: str) -> float:
    from ..core.lexicon import common_han

    common = common_han()
    han = [ch for ch in text if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"]
    if not han:
        # No Han at all: plain ASCII would have decoded as UTF-8; punish decodings full of
        # symbols and private-use characters.
        odd = sum(1 for ch in text if ord(ch) > 0x7F)
        return 1.0 - odd / max(1, len(text))
    return sum(1 for ch in han if ch in common) / len(han)


def check_regular(path: Path, shown: str | None = None) -> os.stat_result:
    """The file's status, if it is a regular file; else an :class:`InputError` naming what it is.

    Checked before opening: opening a FIFO waits for a writer for ever, and a device (``/dev/zero``)
    never ends.
    """
    shown = shown or display(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise _read_error(exc, path, shown) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{shown}: is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{shown}: not a regular file ({_kind(st.st_mode)}); only files are cleaned")
    return st


def _read_error(exc: OSError, path: Path, shown: str) -> InputError:
    """One line for why a file cannot be read."""
    if isinstance(exc, FileNotFoundError):
        return InputError(f"{shown}: {'broken symbolic link' if os.path.islink(path) else 'no such file'}")
    if isinstance(exc, IsADirectoryError):
        return InputError(f"{shown}: is a directory")
    if isinstance(exc, PermissionError):
        return InputError(f"{shown}: permission denied")
    if exc.errno == errno.ELOOP:
        return InputError(f"{shown}: symbolic link loop")
    return InputError(f"{shown}: cannot read ({exc.strerror or exc})")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def read_bounded(fh: BinaryIO, name: str) -> bytes:
    """All of a stream that is not a regular file (stdin), refused past ``MAX_BYTES``."""
    data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: input is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    return data


def display(path: Path | str) -> str:
    """A path as it can be printed: bytes of a file name that are not UTF-8 shown escaped."""
    text = os.fspath(path)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def stamp_of(st: os.stat_result) -> Stamp:
    """What tells a file that changed from one that did not, without reading it again: device,
    inode, size, modification and status-change times. ``touch -d`` or ``cp -p`` can put an old
    mtime back after an edit that kept the size; nothing but the kernel sets ctime, and every
    write moves it."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def read_bytes(path: Path, shown: str) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes (refused past ``MAX_BYTES``) and its status when read; errors are
    :class:`InputError` lines naming the file."""
    check_regular(path, shown)
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):  # replaced between the check and the open
                raise InputError(f"{shown}: not a regular file ({_kind(st.st_mode)})")
            if st.st_size > MAX_BYTES:
                raise InputError(f"{shown}: file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
            return fh.read(MAX_BYTES + 1), st
    except OSError as exc:
        raise _read_error(exc, path, shown) from None


def read_document(path: Path, name: str | None = None, encoding: str | None = None) -> Document:
    shown = name or display(path)
    data, st = read_bytes(path, shown)
    doc = decode(data, shown, encoding)
    return replace(doc, stamp=stamp_of(st))


class AtomicWriter:
    """A file's new content, written in pieces, that replaces the file only on :meth:`commit`.

    The bytes go to a temporary file in the same folder; ``commit`` flushes, syncs, gives it the
    file's permission bits (and owner, where the process may) and renames it over the target; a
    file with hard links is instead overwritten in place from the complete temporary file, so
    that its other names see the new content. Leaving the ``with`` block without
    committing (an error, Ctrl-C, nothing to change) removes the temporary file, and the target
    keeps its old content. A symbolic link is written through to its target. With ``expect``
    (the stamp the file had when it was read), a file that changed meanwhile is left as it is:
    someone else's edit is not overwritten. Errors are :class:`OutputError`.
    """

    def __init__(self, path: Path, expect: Stamp | None = None) -> None:
        self.path = path
        self.expect = expect
        self.target = Path(os.path.realpath(path))
        self.owner: tuple[int, int] | None = None
        self.links = 1
        try:
            st = self.target.stat()
            self.mode: int | None = stat.S_IMODE(st.st_mode)
            self.owner = (st.st_uid, st.st_gid)
            self.links = st.st_nlink
        except FileNotFoundError:
            self.mode = None
        except OSError as exc:
            raise self._error(exc) from None
        if self.mode is not None and (not self.mode & 0o222 or not os.access(self.target, os.W_OK)):
            # Read-only is the owner's word, as for ruff and black; a rename would go past it
            # (and, for someone else's file, make it ours).
            raise OutputError(
                f"{self.path}: read-only (mode {self.mode:04o}); left as it is "
                "(chmod u+w to let zhclean write it)"
            )
        try:
            fd, self.tmp = tempfile.mkstemp(
                dir=self.target.parent, prefix=f".{self.target.name}.", suffix=TMP_SUFFIX
            )
        except OSError as exc:
            raise self._error(exc) from None
        self.fh = os.fdopen(fd, "wb")
        self.done = False

    def _error(self, exc: OSError) -> OutputError:
        return OutputError(f"{self.path}: cannot write ({exc.strerror or exc})")

    def write(self, data: bytes) -> None:
        try:
            self.fh.write(data)
        except OSError as exc:
            raise self._error(exc) from None

    def commit(self) -> None:
        try:
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()
            if self.expect is not None:
                st = os.stat(self.target)
                if stamp_of(st) != self.expect:
                    raise OutputError(f"{self.path}: changed while it was being cleaned; left as it is")
            if self.mode is None:
                umask = os.umask(0)
                os.umask(umask)
                self.mode = 0o666 & ~umask
            if self.links > 1:
                self._write_through()
                return
            os.chmod(self.tmp, self.mode)
            self._keep_owner()
            os.replace(self.tmp, self.target)
        except OSError as exc:
            raise self._error(exc) from None
        self.done = True

    def _keep_owner(self) -> None:
        """The file's owner and group, where this process may give them (root, or a group it
        is in); otherwise the new file is the writer's, as with any editor that saves by rename."""
        if self.owner is None:
            return
        st = os.stat(self.tmp)
        if (st.st_uid, st.st_gid) == self.owner:
            return
        for uid, gid in (self.owner, (-1, self.owner[1])):
            try:
                os.chown(self.tmp, uid, gid)
                return
            except OSError:
                continue

    def _write_through(self) -> None:
        """A file with hard links: renaming would split it from its other names, so the new
        content (complete and synced in the temporary file first) is copied into it."""
        import shutil

        with open(self.tmp, "rb") as src, open(self.target, "r+b") as dst:
            shutil.copyfileobj(src, dst)
            dst.truncate()
            dst.flush()
            os.fsync(dst.fileno())
        os.unlink(self.tmp)
        self.done = True

    def __enter__(self) -> AtomicWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.done:
            try:
                self.fh.close()  # flushes what is buffered: on a full disk, that fails too
            except OSError:
                pass
            finally:
                try:
                    os.unlink(self.tmp)
                except OSError:
                    pass


def write_atomic(path: Path, data: bytes, expect: Stamp | None = None) -> None:
    """Replace ``path`` by ``data`` atomically (see :class:`AtomicWriter`)."""
    with AtomicWriter(path, expect) as writer:
        writer.write(data)
        writer.commit()


@dataclass(frozen=True, slots=True)
class Source:
    """An input file and where it sits relative to the argument that named it."""

    path: Path
    relative: Path


@dataclass(frozen=True)
class Discovery:
    """Which files a run takes: include and exclude globs, hidden entries, .gitignore.

    Patterns are .gitignore patterns, matched against a file's path relative to the folder being
    walked (``*.txt`` at any depth, ``drafts/*.txt`` under the top folder ``drafts`` only,
    ``**/old/*``, ``build/`` for folders). Hidden files and folders are skipped in folders; so is whatever the
    repository's .gitignore files ignore, unless ``respect_gitignore`` is off. Files named
    explicitly are always taken, unless ``force_exclude`` applies the exclude patterns to them
    too (pre-commit passes every file by name).
    """

    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    force_exclude: bool = False
    respect_gitignore: bool = True
    # Temporary files of runs that were killed before they could remove them, found walking.
    leftovers: list[Path] = field(default_factory=list, compare=False)
    # Folders of the walk that could not be listed, and why: their files were not seen.
    unreadable: list[tuple[Path, str]] = field(default_factory=list, compare=False)

    def discover(self, paths: Sequence[Path]) -> Iterator[Source]:
        for root in paths:
            if root.is_dir():
                yield from self._walk(root)
            else:
                if self.force_exclude and self.excludes(root):
                    continue
                yield Source(root, Path(root.name) if root.is_absolute() else _tidy(root))

    def excludes(self, path: Path) -> bool:
        """Whether a file named on the command line (or by ``--stdin-filename``) is one the
        exclude patterns or the repository's .gitignore leave alone."""
        rel = Path(path.name) if path.is_absolute() else _tidy(path)
        return _matches(rel, self.exclude) or self._ignored_by_git(path)

    def _walk(self, root: Path) -> Iterator[Source]:
        from .ocr import sniff_file  # an engine's hOCR, ALTO, TSV or JSON: taken by its content

        ignore = _GitIgnore(root) if self.respect_gitignore else None

        def unreadable(exc: OSError) -> None:
            self.unreadable.append((Path(exc.filename), exc.strerror or str(exc)))

        for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
            here = Path(dirpath)
            kept = []
            for d in sorted(dirnames):
                rel = (here / d).relative_to(root)
                if (
                    d.startswith(".")
                    or _matches(rel, self.exclude, is_dir=True)
                    or (ignore and ignore.ignored(here / d, True))
                ):
                    continue
                kept.append(d)
            dirnames[:] = kept
            for fname in sorted(filenames):
                path = here / fname
                rel = path.relative_to(root)
                if fname.startswith(".") and fname.endswith(TMP_SUFFIX):
                    self.leftovers.append(path)
                    continue
                if fname.startswith(".") or _matches(rel, self.exclude):
                    continue
                if not _matches(rel, self.include) and sniff_file(path) is None:
                    continue
                if ignore and ignore.ignored(path, False):
                    continue
                if _special(path):
                    continue  # FIFOs, devices, sockets: never opened when walking
                yield Source(path, rel)

    def _ignored_by_git(self, path: Path) -> bool:
        if not self.respect_gitignore:
            return False
        return _GitIgnore(path.parent).ignored(path, False)


class _GitIgnore:
    """The .gitignore files of the repository around a folder (pathspec's gitwildmatch)."""

    def __init__(self, start: Path) -> None:
        start = start.resolve()
        self.top = next((p for p in (start, *start.parents) if (p / ".git").exists()), None)
        self._specs: dict[Path, object] = {}

    def _spec(self, folder: Path):  # type: ignore[no-untyped-def]
        if folder not in self._specs:
            spec = None
            gitignore = folder / ".gitignore"
            if gitignore.is_file():
                import pathspec

                lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
                spec = pathspec.GitIgnoreSpec.from_lines(lines)
            self._specs[folder] = spec
        return self._specs[folder]

    def ignored(self, path: Path, is_dir: bool) -> bool:
        if self.top is None:
            return False
        path = path.resolve()
        if not path.is_relative_to(self.top):
            return False
        for folder in (*reversed(path.parents), path) if is_dir else reversed(path.parents):
            if not folder.is_relative_to(self.top) or folder == path:
                continue
            spec = self._spec(folder)
            if spec is None:
                continue
            rel = path.relative_to(folder).as_posix() + ("/" if is_dir else "")
            if spec.match_file(rel):
                return True
        return False


def discover(
    paths: Sequence[Path], include: Sequence[str] = DEFAULT_INCLUDE, exclude: Sequence[str] = ()
) -> Iterator[Source]:
    """Files named by ``paths`` (see :class:`Discovery`)."""
    return Discovery(tuple(include), tuple(exclude)).discover(paths)


def _special(path: Path) -> bool:
    """Something that exists and is not a regular file (a broken link is left to be reported)."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _tidy(path: Path) -> Path:
    parts = [p for p in path.parts if p not in (".", "..")]
    return Path(*parts) if parts else Path(path.name)


def _matches(rel: Path, patterns: Sequence[str], is_dir: bool = False) -> bool:
    """Whether ``rel`` (relative to the folder walked) matches one of ``patterns``, read as
    .gitignore lines: ``*.txt`` matches at any depth, ``drafts/*.txt`` only under the top
    ``drafts``, ``*`` stops at ``/`` where ``**`` does not, ``build/`` matches folders only, and
    ``!keep.txt`` takes a file back."""
    if not patterns:
        return False
    return _spec(tuple(patterns)).match_file(rel.as_posix() + ("/" if is_dir else ""))


@functools.lru_cache(maxsize=64)
def _spec(patterns: tuple[str, ...]):  # type: ignore[no-untyped-def]
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns)
