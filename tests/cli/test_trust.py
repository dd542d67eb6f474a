"""Issue 24's reproducers, through a real process: correct text of every genre is never edited,
and a repair needs the evidence of the document it is made in."""

from __future__ import annotations

import pytest

from ..conftest import SHARED, zhclean

NEWS = SHARED / "data" / "corpus" / "xinwen_lianbo" / "20251222_新闻联播.txt"


@pytest.mark.skipif(not NEWS.is_file(), reason="needs ../shared/data/corpus")
def test_a_news_transcript_is_unchanged() -> None:
    """Headline halves set apart by a space and the ``(更新时间戳: …)`` footer are the
    transcripts' conventions, not faults."""
    run = zhclean("--check", str(NEWS))
    assert run.returncode == 0, run.stdout.decode()
    assert run.stdout == b""


def test_a_headline_keeps_the_space_between_its_halves() -> None:
    text = "扎根高原三十载 只为满城花香来\n\n肩负光荣使命 勇担历史重任\n\n(更新时间戳: 1766409029413)\n"
    run = zhclean("-", stdin=text.encode())
    assert run.returncode == 0
    assert run.stdout.decode() == text


def test_repeated_lines_in_a_short_file_without_pages_are_not_running_headers() -> None:
    text = (
        "会议强调，要把问题解决在\n会议强调，要把问题解决在基层\n"
        "各部门要抓好落实,确保完成\n各部门要抓好落实,确保完成\n各部门要抓好落实,确保完成\n"
    )
    run = zhclean("--check", "--format", "json", "-", stdin=text.encode())
    assert b"remove-page-furniture" not in run.stdout
    out = zhclean("-", stdin=text.encode()).stdout.decode()
    for line in ("会议强调，要把问题解决在基层", "各部门要抓好落实"):
        assert line in out


def test_a_traditional_manual_keeps_its_commas_and_its_spaces_after_full_stops() -> None:
    text = (
        "描述\n本手冊頁說明 GNU 版本的 tar 程式, 它是一個檔案打包工具。 tar 可以把多個檔案存進一個檔案中。\n"
        "選項 -c 建立新的歸檔檔案。 選項 -x 從歸檔中取出檔案。\n"
    )
    run = zhclean("-", stdin=text.encode())
    assert run.stdout.decode() == text


def test_ascii_brackets_around_a_path_in_an_undamaged_document_stay() -> None:
    run = zhclean("--check", "-", stdin="設定方式如下。( 請參閱 main/ 目錄 )\n".encode())
    assert run.returncode == 0, run.stdout.decode()
    assert run.stdout == b""


def test_a_mark_before_lost_text_is_reported_not_repaired() -> None:
    """The seed's ``“四下基层”,的工作作风``: the ``,`` stands for lost text."""
    text = "会议强调丶要抓好落实。走好新时代之路，要坚持群众路线。“四下基层”,的工作作风内化于心。\n"
    run = zhclean("--check", "-", stdin=text.encode())
    out = run.stdout.decode()
    assert "detect-text-loss" in out
    assert "`,` -> `，`" not in out


def test_a_stray_half_width_mark_is_repaired_where_the_document_writes_the_full_width_one() -> None:
    text = "我们要坚持，要发展，要创新，要开放，要共享,这是方向。\n"
    run = zhclean("-", stdin=text.encode())
    assert run.stdout.decode() == text.replace(",", "，")


def test_quiet_check_still_prints_the_diagnostics() -> None:
    """Under ``--check`` the diagnostics are the payload: ``-q`` drops the summary only."""
    run = zhclean("-q", "--check", "-", stdin="我们要把这项工作推 广到全国。\n".encode())
    assert run.returncode == 1
    assert b"normalize-spacing space inside the word" in run.stdout
    assert run.stderr == b""


@pytest.mark.parametrize("name", ["x.md", "x.txt"])
def test_a_paragraph_that_stops_mid_sentence_is_reported_not_joined(name: str) -> None:
    text = "会议认为，要进一步加强基层调研\n\n会议要求，各部门要抓好落实。\n"
    run = zhclean("--check", "--stdin-filename", name, "-", stdin=text.encode())
    assert run.stdout.decode().splitlines() == [
        f"{name}:1:16: detect-text-loss paragraph stops mid-sentence: text lost after it?"
    ]
    assert zhclean("--stdin-filename", name, "-", stdin=text.encode()).stdout.decode() == text


def test_an_ignore_comment_after_a_paragraph_keeps_both_paragraphs() -> None:
    text = (
        "会议认为，要进一步加强基层调研\n<!-- zhclean: ignore[detect-text-loss] -->\n\n"
        "会议要求，各部门要抓好落实。\n"
    )
    run = zhclean("--check", "--stdin-filename", "x.md", "-", stdin=text.encode())
    assert run.returncode == 0, run.stdout.decode()
    assert zhclean("--stdin-filename", "x.md", "-", stdin=text.encode()).stdout.decode() == text


def test_a_traditional_law_is_read_with_the_tables_converted() -> None:
    """環境保護 is 环境保护: its 境保 follows the character the tables expect."""
    text = "主管機關應加強環境保護，並依法追究責任。\n同人民群眾近平同志強調，要團結奮鬥。\n"
    out = zhclean("--check", "-", stdin=text.encode()).stdout.decode().splitlines()
    assert out == ["-:2:6: detect-text-loss text lost here? 近平 is always preceded by 習, not 眾"]
