"""The files layer: decoding, atomic writes, discovery."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from zhclean.core.errors import InputError, OutputError
from zhclean.files.documents import Document, decode, discover, read_document, write_atomic


def test_decode_utf8_with_and_without_bom() -> None:
    assert decode("中文".encode(), "x") == Document("x", "中文", "utf-8", b"")
    doc = decode(b"\xef\xbb\xbf" + "中文".encode(), "x")
    assert doc.text == "中文" and doc.bom == b"\xef\xbb\xbf"
    assert doc.encode("中") == b"\xef\xbb\xbf" + "中".encode()


def test_decode_errors_say_where() -> None:
    with pytest.raises(InputError, match=r"x: not valid utf-8 \(byte 0xff at offset 3, line 2\)"):
        decode(b"a\nb\xff", "x")
    with pytest.raises(InputError, match=r"x: not valid big5"):
        decode("统一".encode("gbk") + b"\xff\xff", "x", "big5")
    with pytest.raises(InputError, match="binary"):
        decode(b"abc\x00def", "x")


def test_read_document_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_document(tmp_path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 0 does not stop root (CI runs as root), so the refusal is simulated.
    import zhclean.files.documents as files

    path = tmp_path / "secret.txt"
    path.write_text("x")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files, "open", refuse, raising=False)
    with pytest.raises(InputError, match=r"secret\.txt: permission denied"):
        read_document(path)


def test_broken_link(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="broken symbolic link"):
        read_document(link)


def test_write_atomic_keeps_mode_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")
    path.chmod(0o604)
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o604
    assert os.listdir(tmp_path) == ["a.txt"]


def test_write_atomic_writes_through_symlinks(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert target.read_bytes() == b"new"


def test_write_atomic_failure_keeps_old_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")

    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_write_atomic_interrupt_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")

    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_encode_failure_is_an_output_error() -> None:
    doc = Document("x", "", "ascii")
    with pytest.raises(OutputError, match="cannot encode"):
        doc.encode("中")


def test_discover_walks_sorted_and_filters(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("b/z.txt", "a.md", "c.py", ".hidden.txt", ".git/x.txt", "b/y.TXT"):
        (tmp_path / name).write_text("x")
    found = [s.relative.as_posix() for s in discover([tmp_path])]
    assert found == ["a.md", "b/z.txt"]
    assert [s.relative.as_posix() for s in discover([tmp_path], exclude=["b/*"])] == ["a.md"]
