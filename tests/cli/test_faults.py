"""Faults while writing: every file is always its old content or its new, never a fragment."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

DIRTY = "我们要把思想统-起来,坚定信心##paidbegin##。\n" * 200
CLEAN = "我们要把思想统一起来，坚定信心。\n" * 200


@pytest.mark.parametrize("delay", [0.15, 0.3, 0.45, 0.6, 0.8])
def test_sigkill_during_write_never_leaves_a_fragment(tmp_path: Path, delay: float) -> None:
    for i in range(150):
        (tmp_path / f"doc{i:03}.txt").write_text(DIRTY, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "zhclean", "-w", "-q", "--jobs", "2", str(tmp_path)],
        env={**os.environ, "ZHCLEAN_PARALLEL_MIN_BYTES": "0"},
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    old = new = 0
    for path in tmp_path.glob("doc*.txt"):
        content = path.read_text(encoding="utf-8")
        assert content in (DIRTY, CLEAN), f"{path.name} is neither its old nor its new content"
        old += content == DIRTY
        new += content == CLEAN
    assert old + new == 150
    # A killed writer may leave its temporary file (nothing can run after SIGKILL), but never
    # in place of a document: the documents above are whole. Such leftovers are hidden files.
    for leftover in tmp_path.glob(".*.zhclean-tmp"):
        assert leftover.name.startswith(".doc")


def test_disk_full_during_batch_keeps_files_whole(tmp_path: Path) -> None:
    from click.testing import CliRunner

    import zhclean.files.documents as files
    from zhclean.cli.main import cli

    for i in range(3):
        (tmp_path / f"doc{i}.txt").write_text(DIRTY, encoding="utf-8")
    real_replace = os.replace
    calls = {"n": 0}

    def flaky_replace(src: str, dst: str) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    try:
        os.replace = flaky_replace  # type: ignore[assignment]
        result = CliRunner().invoke(cli, ["-w", "--jobs", "1", str(tmp_path)])
    finally:
        os.replace = real_replace  # type: ignore[assignment]
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    contents = sorted(p.read_text(encoding="utf-8") == CLEAN for p in tmp_path.glob("doc*.txt"))
    assert contents == [False, True, True]
    assert list(tmp_path.glob(".*zhclean-tmp")) == []
    assert files.write_atomic  # the layer under test


def test_file_that_changes_between_read_and_write_is_not_clobbered(tmp_path: Path) -> None:
    """If someone else writes the file while it is cleaned, their version wins (no lost update)."""
    from click.testing import CliRunner

    from zhclean.cli.main import cli
    from zhclean.engine import pipeline

    path = tmp_path / "doc.txt"
    path.write_text(DIRTY, encoding="utf-8")
    real_run = pipeline.Pipeline.run

    def run_and_meanwhile_edit(self, text):  # type: ignore[no-untyped-def]
        result = real_run(self, text)
        path.write_text("someone else's edit\n", encoding="utf-8")
        return result

    pipeline.Pipeline.run = run_and_meanwhile_edit  # type: ignore[method-assign]
    try:
        result = CliRunner().invoke(cli, ["-w", str(path)])
    finally:
        pipeline.Pipeline.run = real_run  # type: ignore[method-assign]
    assert result.exit_code == 2
    assert "changed while it was being cleaned" in result.stderr
    assert path.read_text(encoding="utf-8") == "someone else's edit\n"


def _invoke(*args: str):  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from zhclean.cli.main import cli

    return CliRunner().invoke(cli, list(args))


def test_permission_denied_while_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only folder: no temporary file can be made (simulated: root may write anywhere)."""
    import tempfile

    path = tmp_path / "doc.txt"
    path.write_text(DIRTY, encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = _invoke("-w", str(path))
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {path}: cannot write (Permission denied)"]
    assert path.read_text(encoding="utf-8") == DIRTY


def test_files_that_vanish_mid_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zhclean.files import documents as files

    for i in range(3):
        (tmp_path / f"doc{i}.txt").write_text(DIRTY, encoding="utf-8")
    real = files.Discovery.discover

    def discover_then_vanish(self, paths):  # type: ignore[no-untyped-def]
        found = list(real(self, paths))
        (tmp_path / "doc1.txt").unlink()  # gone between the walk and the read
        return iter(found)

    monkeypatch.setattr(files.Discovery, "discover", discover_then_vanish)
    result = _invoke("-w", "--jobs", "1", str(tmp_path))
    assert result.exit_code == 2
    assert "doc1.txt: no such file" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc0.txt", "doc2.txt"]
    assert all(p.read_text(encoding="utf-8") == CLEAN for p in tmp_path.iterdir())


def test_links_are_written_through_and_never_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text(DIRTY, encoding="utf-8")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "link.txt").symlink_to(real)
    assert _invoke("-w", str(folder)).exit_code == 0
    assert (folder / "link.txt").is_symlink()
    assert real.read_text(encoding="utf-8") == CLEAN


def test_never_writes_outside_the_output_directory(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(DIRTY, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me\n", encoding="utf-8")
    (out / "a.txt").symlink_to(outside)  # a trap: the mirrored name leads out of -o
    result = _invoke(str(src), "-o", str(out))
    assert result.exit_code == 2
    assert "refusing to write outside the -o directory" in result.stderr
    assert outside.read_text(encoding="utf-8") == "keep me\n"


def test_jsonl_never_writes_outside_the_output_directory(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.jsonl").write_text('{"text": "统-起来"}\n', encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "outside.jsonl"
    outside.write_text("keep me\n", encoding="utf-8")
    (out / "a.jsonl").symlink_to(outside)
    result = _invoke("--jsonl", str(src), "-o", str(out))
    assert result.exit_code == 2
    assert "refusing to write outside the -o directory" in result.stderr
    assert outside.read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize("kind", ["whole", "streamed", "jsonl"])
def test_a_read_only_file_is_not_rewritten(tmp_path: Path, kind: str) -> None:
    # Issue 25.11: -w renamed its new text over a 0444 file (anyone may, in a writable folder;
    # root may anywhere). Read-only is the owner's word: one error line, exit 2, file as it was.
    import json

    path = tmp_path / ("doc.jsonl" if kind == "jsonl" else "doc.txt")
    data = json.dumps({"text": DIRTY}, ensure_ascii=False) + "\n" if kind == "jsonl" else DIRTY
    path.write_text(data, encoding="utf-8")
    path.chmod(0o444)
    env = {**os.environ, "ZHCLEAN_STREAM_BYTES": "1000"} if kind == "streamed" else dict(os.environ)
    args = ["--jsonl"] if kind == "jsonl" else []
    done = subprocess.run(
        [sys.executable, "-m", "zhclean", "-w", *args, str(path)], capture_output=True, env=env, timeout=60
    )
    assert done.returncode == 2
    assert f"error: {path}: read-only (mode 0444); left as it is".encode() in done.stderr
    assert path.read_text(encoding="utf-8") == data and (path.stat().st_mode & 0o777) == 0o444
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file
    path.chmod(0o644)
    assert (
        subprocess.run([sys.executable, "-m", "zhclean", "-w", "-q", *args, str(path)], env=env).returncode
        == 0
    )
    assert path.read_text(encoding="utf-8") != data
