"""Large files are cleaned in paragraph-aligned chunks: the same result, in bounded memory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DIRTY = "我们要把思想统-起来,坚定信心##paidbegin##。\n\n第-批主题教育(一)要发挥作用;“ 四下基层”。\n\n"
PARAGRAPHS = 400


def _run(*args: str, stream: bool) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    if stream:
        env.update(ZHCLEAN_STREAM_BYTES="1000", ZHCLEAN_CHUNK_CHARS="2000")
    return subprocess.run([sys.executable, "-m", "zhclean", *args], capture_output=True, env=env, timeout=120)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "utf-16"])
def test_streamed_equals_whole(tmp_path: Path, encoding: str) -> None:
    text = (DIRTY * PARAGRAPHS).replace("\n", "\r\n") if encoding == "gbk" else DIRTY * PARAGRAPHS
    whole, streamed = tmp_path / "whole.txt", tmp_path / "streamed.txt"
    for path in (whole, streamed):
        path.write_bytes(text.encode(encoding))
    assert _run("-w", str(whole), stream=False).returncode == 0
    proc = _run("-w", str(streamed), stream=True)
    assert proc.returncode == 0, proc.stderr
    assert streamed.read_bytes() == whole.read_bytes()
    assert "统-起来" not in streamed.read_bytes().decode(encoding)
    assert list(tmp_path.glob(".*zhclean-tmp")) == []


def test_streamed_check_reports_file_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(DIRTY * PARAGRAPHS, encoding="utf-8")
    whole = _run("--check", str(path), stream=False)
    streamed = _run("--check", str(path), stream=True)
    assert whole.returncode == streamed.returncode == 1
    assert streamed.stderr == whole.stderr
    assert path.read_text(encoding="utf-8") == DIRTY * PARAGRAPHS


def test_interrupted_stream_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zhclean.batch import stream
    from zhclean.batch.tasks import Mode, Outcome, Settings, Status, Task
    from zhclean.core.config import Config
    from zhclean.engine import chunks

    path = tmp_path / "big.txt"
    path.write_text(DIRTY * PARAGRAPHS, encoding="utf-8")
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 2000)
    calls = {"n": 0}
    from zhclean.engine import pipeline

    original = pipeline.Pipeline.run

    def run_then_interrupt(self, text):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return original(self, text)

    monkeypatch.setattr(pipeline.Pipeline, "run", run_then_interrupt)
    settings = Settings(config=Config(), mode=Mode.WRITE)
    with pytest.raises(KeyboardInterrupt):
        stream.process_stream(Task(path, Path("big.txt")), settings, Outcome("big.txt", Status.UNCHANGED))
    assert path.read_text(encoding="utf-8") == DIRTY * PARAGRAPHS
    assert [p.name for p in tmp_path.iterdir()] == ["big.txt"]


@pytest.mark.parametrize(
    "text",
    [
        ("x" * 1999 + " y ") * 17 + "\n",  # a line longer than a chunk, a space at each cut
        "中" + " " * 9000 + "中\n",  # a window of whitespace alone
        ("中文 " * 700 + "\n") * 3,
    ],
    ids=["spaces at cuts", "whitespace window", "han and spaces"],
)
def test_a_line_longer_than_a_chunk_loses_nothing(tmp_path: Path, text: str) -> None:
    # The audit's case at 16 MiB, scaled down: each chunk's edge fell on a space, which the
    # chunk's filters took for trailing whitespace.
    whole, streamed = tmp_path / "whole.txt", tmp_path / "streamed.txt"
    for path in (whole, streamed):
        path.write_text(text, encoding="utf-8")
    assert _run("-w", str(whole), stream=False).returncode == 0
    assert _run("-w", str(streamed), stream=True).returncode == 0
    assert streamed.read_bytes() == whole.read_bytes() == text.encode("utf-8")


def test_the_library_cleans_a_long_text_in_the_chunks_the_cli_streams(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zhclean import clean
    from zhclean.engine import chunks

    text = DIRTY * PARAGRAPHS + "一" * 3000 + "\n" + DIRTY  # and a line longer than a chunk
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    assert _run("-w", str(path), stream=True).returncode == 0  # chunks of 2000 characters
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 2000)
    monkeypatch.setattr(chunks, "STREAM_CHARS", 1000)
    calls = []
    monkeypatch.setattr(chunks, "cut", lambda t, final, cut=chunks.cut: calls.append(1) or cut(t, final))
    assert clean(text) == path.read_text(encoding="utf-8")
    assert len(calls) > 10  # cleaned piece by piece
    assert "一" * 3000 in clean(text)  # the long line as it is


def test_one_streamed_file_on_two_workers_is_cleaned_as_on_one(tmp_path: Path) -> None:
    text = DIRTY * PARAGRAPHS + "一" * 3000 + "\n" + DIRTY * 50  # with a line longer than a chunk
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    for path in (one, two):
        path.write_text(text, encoding="utf-8")
    check_one = _run("--check", "--jobs", "1", str(one), stream=True)
    check_two = _run("--check", "--jobs", "2", str(one), stream=True)
    assert check_one.returncode == check_two.returncode == 1
    assert check_two.stderr == check_one.stderr  # the same findings, lines and note, in order
    assert _run("-w", "--jobs", "1", str(one), stream=True).returncode == 0
    assert _run("-w", "--jobs", "2", str(two), stream=True).returncode == 0
    assert two.read_bytes() == one.read_bytes() != text.encode()


def test_chunks_go_to_workers_and_come_back_in_order() -> None:
    from zhclean import Pipeline
    from zhclean.batch.stream import _Chunks

    pieces = [DIRTY * n for n in range(1, 8)]
    got: list[tuple[str, int]] = []
    cleaning = _Chunks(Pipeline(), 2, lambda chunk, result, lines: got.append((result.text, lines)))
    assert cleaning.pool is not None  # two worker processes
    try:
        for piece in pieces:
            cleaning.put(piece)
        cleaning.drain()
    finally:
        cleaning.close()
    offsets = [sum(p.count("\n") for p in pieces[:i]) for i in range(len(pieces))]
    assert got == [(Pipeline().run(p).text, offset) for p, offset in zip(pieces, offsets, strict=True)]
    assert cleaning.changed


def _seed_text() -> str:
    """A real scraped report (wrapped lines that reflow: the output has fewer lines than the
    input), several times over."""
    seeds = Path(__file__).parents[2] / "fixtures" / "pipeline" / "report-ocr.in.txt"
    return seeds.read_text(encoding="utf-8") * 6


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs patch(1): apt-get install patch")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_diff_of_a_streamed_file_is_exactly_what_write_writes(tmp_path: Path, jobs: str) -> None:
    # Issue 25.10: --diff read a large file whole, cleaned it whole (what -w, cleaning in chunks,
    # never writes), and took 87 s and 2.4 GB on a 49 MB line.
    text = _seed_text()
    original, written = tmp_path / "original.txt", tmp_path / "written.txt"
    original.write_text(text, encoding="utf-8")
    written.write_text(text, encoding="utf-8")
    diff = _run("--diff", "--jobs", jobs, str(original), stream=True)
    assert diff.returncode == 1, diff.stderr
    assert diff.stdout.count(b"\n--- ") == 0 and diff.stdout.count(b"\n@@ ") > 2
    assert _run("-w", "-q", "--jobs", jobs, str(written), stream=True).returncode == 1  # text lost
    patched = tmp_path / "patched.txt"
    patched.write_text(text, encoding="utf-8")
    subprocess.run(["patch", "-s", str(patched)], input=diff.stdout, check=True, timeout=60)
    assert patched.read_bytes() == written.read_bytes() != original.read_bytes()


def test_a_line_longer_than_a_chunk_shows_no_diff_that_write_would_not_make(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    path.write_text(DIRTY.replace("\n", "") * 300, encoding="utf-8")  # 11 000 characters, one line
    diff = _run("--diff", str(path), stream=True)
    assert diff.returncode == 0 and diff.stdout == b""
    assert b"is left as it is" in diff.stderr


@pytest.mark.parametrize("chars", [9_000, 10_000, 10_001, 14_000])
@pytest.mark.parametrize("source", ["file", "stdin"])
def test_the_cli_chunks_by_the_library_rule(tmp_path: Path, chars: int, source: str) -> None:
    # Issue 25.10: clean() chunked above a number of characters, the CLI above a number of
    # bytes: between the two, one text came out two ways. One rule now, on characters: here a
    # text over 10 000 characters (ZHCLEAN_STREAM_CHARS) is cleaned in chunks of 3 000.
    from zhclean import clean
    from zhclean.engine import chunks

    text = _seed_text()[:chars]
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    env = {**os.environ, "ZHCLEAN_STREAM_CHARS": "10000", "ZHCLEAN_CHUNK_CHARS": "3000"}
    if source == "file":
        cli = subprocess.run([sys.executable, "-m", "zhclean", "-w", "-q", str(path)], env=env, timeout=120)
        assert cli.returncode == 1  # it reports text lost
        cleaned = path.read_text(encoding="utf-8")
    else:
        cli = subprocess.run(
            [sys.executable, "-m", "zhclean", "-q"],
            input=text.encode(),
            env=env,
            capture_output=True,
            timeout=120,
        )
        cleaned = cli.stdout.decode()
    old = (chunks.STREAM_CHARS, chunks.CHUNK_CHARS)
    try:
        chunks.STREAM_CHARS, chunks.CHUNK_CHARS = 10_000, 3_000
        assert clean(text) == cleaned
        chunks.STREAM_CHARS, chunks.CHUNK_CHARS = None, 1 << 20
        whole = clean(text)
    finally:
        chunks.STREAM_CHARS, chunks.CHUNK_CHARS = old
    assert (whole != cleaned) == (chars > 10_000)  # chunked, this text comes out otherwise
