"""zhclean review: a scripted session through its input stream."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click

from zhclean import clean
from zhclean.cli.review import review

# 乎稳 is only a suggestion here (with the system word model too): the half-width comma is a
# safe edit, and in a document this long, one repair is too little damage to make a misreading
# likely (the channel's prior).
FILLER = "政府工作报告指出，要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念。" * 70 + "\n"
TEXT = FILLER + "四是推动经济乎稳发展,坚定信心。\n"
SAFE = FILLER + "四是推动经济乎稳发展，坚定信心。\n"


def _session(path: Path, answers: list[str]) -> tuple[int, list[str], list[str]]:
    asked: list[str] = []
    said: list[str] = []
    replies = iter(answers)

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(replies)

    code = review(path, ask=ask, say=said.append)
    return code, asked, said


def test_accept(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, asked, said = _session(path, ["a"])
    assert code == 0 and len(asked) == 1
    assert any("[-乎-]{+平+}" in click.unstyle(line) for line in said)  # shown in its line
    assert path.read_text(encoding="utf-8") == FILLER + "四是推动经济平稳发展，坚定信心。\n"


def test_reject_keeps_the_safe_edits(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert _session(path, ["r"])[0] == 0
    assert path.read_text(encoding="utf-8") == SAFE == clean(TEXT)


def test_edit(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert _session(path, ["e", "品"])[0] == 0
    assert path.read_text(encoding="utf-8") == FILLER + "四是推动经济品稳发展，坚定信心。\n"


def test_quit_leaves_the_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(TEXT.encode("gbk"))
    before = path.stat()
    assert _session(path, ["q"])[0] == 1
    assert path.read_bytes() == TEXT.encode("gbk")
    assert path.stat().st_mtime_ns == before.st_mtime_ns


def test_accept_all_of_a_filter(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    second = "深化国资国企改草,更加坚定信心。\n"  # a second suggestion (a pair written twice is meant)
    path.write_text(TEXT + second, encoding="utf-8")
    code, asked, _ = _session(path, ["A"])
    assert code == 0 and len(asked) == 1  # the second suggestion of the filter was not asked
    assert path.read_text(encoding="utf-8").endswith(
        "四是推动经济平稳发展，坚定信心。\n深化国资国企改革，更加坚定信心。\n"
    )


def test_encoding_and_line_endings_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode("gbk"))
    assert _session(path, ["a"])[0] == 0
    assert path.read_bytes() == (FILLER + "四是推动经济平稳发展，坚定信心。\n").replace("\n", "\r\n").encode(
        "gbk"
    )


def test_through_a_real_process_and_its_input_stream(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "zhclean", "review", str(path)],
        input="x\na\n",  # an invalid answer is asked again
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "1 safe edit applied, 1 suggestion to review" in done.stdout
    assert "Error: 'x' is not one of" in done.stdout + done.stderr
    assert path.read_text(encoding="utf-8") == FILLER + "四是推动经济平稳发展，坚定信心。\n"


def test_missing_file(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "zhclean", "review", str(tmp_path / "nope.txt")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "does not exist" in done.stderr
