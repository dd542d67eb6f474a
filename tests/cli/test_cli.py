"""The command line, through Click's CliRunner and through a real subprocess."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from zhclean.cli.main import cli, main

from ..conftest import FIXTURES

DIRTY = "我们要把思想统-起来,坚定信心##paidbegin##。\n"
CLEAN = "我们要把思想统一起来，坚定信心。\n"


def invoke(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def dirty(tmp_path: Path) -> Path:
    path = tmp_path / "doc.txt"
    path.write_text(DIRTY, encoding="utf-8")
    return path


def test_stdin_to_stdout() -> None:
    result = invoke(input=DIRTY.encode())
    assert result.exit_code == 0
    assert result.stdout == CLEAN
    assert result.stderr == ""


def test_dash_is_stdin() -> None:
    assert invoke("-", input=DIRTY.encode()).stdout == CLEAN


def test_one_file_to_stdout_leaves_file_alone(dirty: Path) -> None:
    result = invoke(str(dirty))
    assert result.exit_code == 0
    assert result.stdout == CLEAN
    assert dirty.read_text(encoding="utf-8") == DIRTY


def test_check_reports_and_exits_1(dirty: Path) -> None:
    result = invoke("--check", str(dirty))
    assert result.exit_code == 1
    # The diagnostics are the payload of --check (stdout, as ruff's); the summary is a message.
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{dirty}:1:8: fix-hyphen-for-yi ")
    assert lines[0].endswith("`-` -> `一`")
    assert lines[1].startswith(f"{dirty}:1:11: normalize-punctuation ")
    assert lines[2].startswith(f"{dirty}:1:16: remove-paywall-markers ")
    assert len(lines) == 3
    assert result.stderr == "1 file checked, 1 would change, 3 edits.\n"
    assert dirty.read_text(encoding="utf-8") == DIRTY


def test_check_clean_file_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "ok.txt"
    path.write_text(CLEAN, encoding="utf-8")
    result = invoke("--check", str(path))
    assert result.exit_code == 0
    assert result.stdout == ""


def test_check_json_lines(dirty: Path) -> None:
    result = invoke("--check", "--format", "json", str(dirty))
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["filter"] for r in records} == {
        "fix-hyphen-for-yi",
        "normalize-punctuation",
        "remove-paywall-markers",
    }
    hyphen = next(r for r in records if r["filter"] == "fix-hyphen-for-yi")
    assert hyphen == {
        "path": str(dirty),
        "type": "edit",
        "filter": "fix-hyphen-for-yi",
        "line": 1,
        "column": 8,
        "start": 7,
        "end": 8,
        "before": "-",
        "after": "一",
        "reason": hyphen["reason"],
        "safety": "safe",
    }


def test_diff(dirty: Path) -> None:
    result = invoke("--diff", str(dirty))
    assert result.exit_code == 1
    assert f"--- {dirty}\t(original)" in result.stdout
    assert "-" + DIRTY in result.stdout
    assert "+" + CLEAN in result.stdout
    assert dirty.read_text(encoding="utf-8") == DIRTY


def test_write_in_place_keeps_mode(dirty: Path) -> None:
    os.chmod(dirty, 0o640)
    result = invoke("--write", str(dirty))
    assert result.exit_code == 0
    assert dirty.read_text(encoding="utf-8") == CLEAN
    assert stat.S_IMODE(dirty.stat().st_mode) == 0o640
    assert [p.name for p in dirty.parent.iterdir()] == ["doc.txt"]  # no temporary file left


def test_write_leaves_unchanged_files_untouched(tmp_path: Path) -> None:
    path = tmp_path / "ok.txt"
    path.write_text(CLEAN, encoding="utf-8")
    os.utime(path, (1_000_000_000, 1_000_000_000))
    assert invoke("-w", str(path)).exit_code == 0
    assert path.stat().st_mtime == 1_000_000_000


def test_output_file(dirty: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    assert invoke(str(dirty), "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == CLEAN


def test_output_dir_mirrors_input_dir(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(DIRTY, encoding="utf-8")
    (src / "sub" / "b.md").write_text(CLEAN, encoding="utf-8")
    (src / "skip.bin").write_bytes(b"\x00\x01")
    (src / ".hidden").mkdir()
    (src / ".hidden" / "c.txt").write_text(DIRTY, encoding="utf-8")
    out = tmp_path / "out"
    result = invoke(str(src), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert (out / "a.txt").read_text(encoding="utf-8") == CLEAN
    assert (out / "sub" / "b.md").read_text(encoding="utf-8") == CLEAN
    assert not (out / "skip.bin").exists()
    assert not (out / ".hidden").exists()


def test_several_files_need_a_mode(dirty: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text(CLEAN, encoding="utf-8")
    result = invoke(str(dirty), str(other))
    assert result.exit_code == 2
    assert "several inputs" in result.stderr


def test_conflicting_modes() -> None:
    result = invoke("--check", "--write", "x.txt")
    assert result.exit_code == 2
    assert "cannot be used together" in result.stderr


def test_undecodable_file_is_an_error_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    data = bytes(range(0x80, 0x100)) * 4  # no Chinese encoding reads this as text
    path.write_bytes(data)
    result = invoke("-w", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}: not valid utf-8")
    assert "--encoding" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2  # the error and the summary
    assert path.read_bytes() == data


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "big5", "utf-16"])
def test_legacy_encodings_are_detected_and_kept(tmp_path: Path, encoding: str) -> None:
    text = DIRTY if encoding != "big5" else "我們要把思想統-起來,堅定信心##paidbegin##。\r\n"
    path = tmp_path / "doc.txt"
    original = text.encode(encoding)
    path.write_bytes(original)
    assert invoke("-w", str(path)).exit_code == 0
    written = path.read_bytes()
    cleaned = written.decode(encoding)
    assert "##paid" not in cleaned and "," not in cleaned
    if encoding == "utf-16":
        assert written[:2] == original[:2]  # the BOM is kept
    if encoding == "big5":
        assert cleaned.endswith("。\r\n")  # CRLF kept


def test_output_encoding_converts(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(DIRTY.encode("gbk"))
    assert invoke("-w", "--output-encoding", "utf-8", str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8") == CLEAN


def test_character_that_cannot_be_written_back_is_an_error(tmp_path: Path) -> None:
    # U+2F08 (a Kangxi radical) becomes 人; a file declared ASCII cannot hold either.
    path = tmp_path / "doc.txt"
    path.write_bytes("\u2f08".encode("utf-8"))
    result = invoke("-w", "--encoding", "utf-8", "--output-encoding", "ascii", str(path))
    assert result.exit_code == 2
    assert "cannot encode" in result.stderr
    assert path.read_bytes() == "\u2f08".encode("utf-8")


def test_binary_file_is_skipped_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    result = invoke(str(path))
    assert result.exit_code == 0
    assert "note:" in result.stderr and "binary file" in result.stderr
    assert result.stdout == ""
    assert path.read_bytes() == b"PK\x03\x04\x00\x00binary"


def test_missing_file_does_not_stop_the_batch(dirty: Path, tmp_path: Path) -> None:
    result = invoke("--check", str(tmp_path / "nope.txt"), str(dirty))
    assert result.exit_code == 2
    assert "nope.txt: no such file" in result.stderr
    assert f"{dirty}:1:8: " in result.stdout


def test_bom_and_crlf_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + DIRTY.replace("\n", "\r\n").encode())
    assert invoke("-w", str(path)).exit_code == 0
    assert path.read_bytes() == b"\xef\xbb\xbf" + CLEAN.replace("\n", "\r\n").encode()


def test_select_and_ignore(dirty: Path) -> None:
    only = invoke("--select", "fix-hyphen-for-yi", str(dirty)).stdout
    assert only == DIRTY.replace("统-", "统一")
    without = invoke("--ignore", "fix-hyphen-for-yi,remove-paywall-markers", str(dirty)).stdout
    # Without the hyphen and marker repairs the sample shows no damage: its , stays too.
    assert "统-起来," in without and "##paidbegin##" in without


def test_unknown_filter_suggests(dirty: Path) -> None:
    result = invoke("--select", "normalise-spacing", str(dirty))
    assert result.exit_code == 2
    assert "did you mean 'normalize-spacing'" in result.stderr


def test_unsafe_fixes() -> None:
    text = "乡村振兴一一全面推进，统-思想。\n"  # 统-: damage, so 一一 is judged
    assert invoke(input=text.encode()).stdout == "乡村振兴一一全面推进，统一思想。\n"
    assert invoke("--unsafe-fixes", input=text.encode()).stdout == "乡村振兴——全面推进，统一思想。\n"
    check = invoke("--check", "-", input=text.encode())
    assert check.exit_code == 1  # the hyphen's edit (the suggestion alone would not fail it)
    assert "[unsafe suggestion]" in check.stdout


def test_list_filters_and_explain() -> None:
    listing = invoke("--list-filters")
    assert listing.exit_code == 0
    for fid in ("remove-paywall-markers", "normalize-unicode", "fix-hyphen-for-yi"):
        assert fid in listing.stdout
    explained = invoke("--explain", "fix-hyphen-for-yi")
    assert explained.exit_code == 0
    assert "Safety:" in explained.stdout
    assert invoke("--explain", "nope").exit_code == 2


def test_version_and_help() -> None:
    assert invoke("--version").stdout.startswith("zhclean, version ")
    assert "character model: zhclean/data/charlm.npz" in invoke("--version").stdout
    help_text = invoke("--help").stdout
    assert "Examples:" in help_text and "Exit codes:" in help_text


def test_quiet_prints_only_payload(dirty: Path) -> None:
    result = invoke("-q", "--check", str(dirty))
    assert result.exit_code == 1
    assert result.stderr == ""


def test_main_returns_exit_code(dirty: Path) -> None:
    assert main(["--check", "-q", str(dirty)]) == 1
    assert main(["--select", "nope", str(dirty)]) == 2


# --- real subprocesses ----------------------------------------------------------------------------
def run(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "zhclean", *args], input=input, capture_output=True, timeout=60
    )


def test_subprocess_stdin_stdout() -> None:
    proc = run(input=DIRTY.encode())
    assert proc.returncode == 0
    assert proc.stdout.decode() == CLEAN
    assert proc.stderr == b""


def test_subprocess_check_on_sample() -> None:
    sample = FIXTURES / "pipeline" / "report-ocr.in.txt"
    proc = run("--check", str(sample))
    assert proc.returncode == 1
    assert b": remove-paywall-markers " in proc.stdout
    assert proc.stderr.endswith(b"5 findings.\n")
    assert b"Traceback" not in proc.stderr


def test_subprocess_error_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xff\xfe\xfa not utf-8 \xc3")
    proc = run(str(path))
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert proc.stderr.decode().count("\n") == 1
    assert b"Traceback" not in proc.stderr


def test_console_scripts_are_installed() -> None:
    import shutil

    for name in ("zhclean", "clean"):
        exe = shutil.which(name) or str(Path(sys.executable).parent / name)
        proc = subprocess.run([exe, "-"], input=DIRTY.encode(), capture_output=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.decode() == CLEAN


def test_internal_error_is_one_line_and_touches_nothing(dirty: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zhclean.engine import pipeline

    def broken(self: object, text: str) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(pipeline.Pipeline, "run", broken)
    result = invoke("-w", str(dirty))
    assert result.exit_code == 2
    assert "internal error in zhclean (ValueError: boom)" in result.stderr
    assert dirty.read_text(encoding="utf-8") == DIRTY


PAGE_WITH_RULE = (
    "新闻联播文字稿\n一一\n"
    "央视网消息（新闻联播）：今年以来，我国储能装机规模持续增长，压缩空气储能、\n"
    "光热储能等一批新型储能项目纷纷落地，我国储能产业技术多元化生态初步形成。\n"
)
PAGE_WITHOUT_PROOF = (
    "新闻联播文字稿\n"
    "与会中外嘉宾表示，各国媒体应通力协作，传承丝路精神，秉持共商共建共享理念，\n"
    "讲好促进共同发展、互利共赢的故事，讲好深化区域合作、完善全球治理的故事。\n"
)


def test_batch_learns_headers_that_one_page_proves(tmp_path: Path) -> None:
    src = tmp_path / "pages"
    src.mkdir()
    (src / "p1.txt").write_text(PAGE_WITH_RULE, encoding="utf-8")
    (src / "p2.txt").write_text(PAGE_WITHOUT_PROOF, encoding="utf-8")
    out = tmp_path / "out"
    assert invoke(str(src), "-o", str(out)).exit_code == 0
    assert not (out / "p2.txt").read_text(encoding="utf-8").startswith("新闻联播文字稿")
    # Alone, the second page cannot prove its first line is no title: it stays.
    alone = invoke(str(src / "p2.txt"))
    assert alone.stdout.startswith("新闻联播文字稿\n")
    assert "running header" not in alone.stderr
    # Named on the command line, it goes.
    named = invoke("--header", "新闻联播文字稿", str(src / "p2.txt"))
    assert not named.stdout.startswith("新闻联播文字稿")


def test_mark_gaps_flag_does_not_swallow_a_path(tmp_path: Path) -> None:
    path = tmp_path / "gap.txt"
    path.write_text(
        "干部只有到人民群众中去，并且同人民群众近平同志始终把宣传工作放在首位。\n", encoding="utf-8"
    )
    marked = invoke("--mark-gaps", str(path))
    assert marked.exit_code == 0
    assert "人民群众〔…〕近平同志" in marked.stdout
    assert "人民群众[?]近平" in invoke("--mark-gaps=[?]", str(path)).stdout
    check = invoke("--check", str(path))
    assert check.exit_code == 1  # a finding counts like an edit
    assert "detect-text-loss text lost here?" in check.stdout


def test_version_names_the_word_model_or_its_absence() -> None:
    import os

    env = {**os.environ, "ZHCLEAN_WORD_MODEL": "none"}
    done = subprocess.run(
        [sys.executable, "-m", "zhclean", "--version"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0
    assert "word model: none" in done.stdout and "zhclean[lm]" in done.stdout
