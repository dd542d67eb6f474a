"""Batches: a mixed folder, parallel jobs, discovery, configuration, JSON Lines, regions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from zhclean.cli.main import cli

DIRTY = "我们要把思想统-起来,坚定信心##paidbegin##。\n"
CLEAN = "我们要把思想统一起来，坚定信心。\n"
DIRTY_TRAD = "我們要把思想統-起來,堅定信心##paidbegin##。\n"
CLEAN_TRAD = "我們要把思想統一起來，堅定信心。\n"


def invoke(*args: str, input: bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def make_mixed_folder(root: Path) -> dict[str, bytes]:
    """The folder of the issue: every encoding, CRLF, binary, unreadable, nested."""
    (root / "sub" / "deeper").mkdir(parents=True)
    files = {
        "gbk.txt": DIRTY.encode("gbk"),
        "big5.txt": DIRTY_TRAD.encode("big5"),
        "utf16.txt": DIRTY.encode("utf-16"),
        "sub/bom.txt": b"\xef\xbb\xbf" + DIRTY.encode("utf-8"),
        "sub/crlf.md": DIRTY.replace("\n", "\r\n").encode("utf-8"),
        "sub/deeper/mixed.txt": (DIRTY + DIRTY.replace("\n", "\r\n")).encode("utf-8"),
        "sub/clean.txt": CLEAN.encode("utf-8"),
        "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    (root / "unreadable.txt").symlink_to(root / "gone.txt")  # root reads any file; a dangling link it cannot
    return files


def expected(name: str) -> bytes:
    return {
        "gbk.txt": CLEAN.encode("gbk"),
        "big5.txt": CLEAN_TRAD.encode("big5"),
        "utf16.txt": CLEAN.encode("utf-16"),
        "sub/bom.txt": b"\xef\xbb\xbf" + CLEAN.encode("utf-8"),
        "sub/crlf.md": CLEAN.replace("\n", "\r\n").encode("utf-8"),
        "sub/deeper/mixed.txt": (CLEAN + CLEAN.replace("\n", "\r\n")).encode("utf-8"),
        "sub/clean.txt": CLEAN.encode("utf-8"),
        "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    }[name]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_mixed_folder_in_place(tmp_path: Path, jobs: str) -> None:
    files = make_mixed_folder(tmp_path)
    env = {**os.environ, "ZHCLEAN_PARALLEL_MIN_BYTES": "0"}
    proc = subprocess.run(
        [sys.executable, "-m", "zhclean", "-w", "--jobs", jobs, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    for name in files:
        assert (tmp_path / name).read_bytes() == expected(name), name
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "unreadable.txt" in errors[0]
    assert any(line.startswith("note:") and "image.txt" in line for line in proc.stderr.splitlines())
    assert "Traceback" not in proc.stderr
    leftovers = [p for p in tmp_path.rglob("*") if p.name.endswith(".zhclean-tmp")]
    assert leftovers == []


def test_jobs_give_the_same_output_in_the_same_order(tmp_path: Path) -> None:
    for i in range(12):
        (tmp_path / f"f{i:02}.txt").write_text(DIRTY * (i + 1), encoding="utf-8")
    env = {**os.environ, "ZHCLEAN_PARALLEL_MIN_BYTES": "0"}
    runs = [
        subprocess.run(
            [sys.executable, "-m", "zhclean", "--check", "-j", j, str(tmp_path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        for j in ("1", "3")
    ]
    assert runs[0].returncode == runs[1].returncode == 1
    assert runs[0].stdout == runs[1].stdout and runs[0].stderr == runs[1].stderr
    names = [
        line.split(":")[0] for line in runs[0].stdout.splitlines() if ":" in line and "fix-hyphen" in line
    ]
    assert names == sorted(names)


def test_include_exclude_hidden_and_gitignore(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("build/\n*.log.txt\n", encoding="utf-8")
    for name in ("a.txt", "b.md", "c.rst", "build/x.txt", "x.log.txt", ".hidden/y.txt", "drafts/z.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(DIRTY, encoding="utf-8")
    result = invoke("--check", "--exclude", "drafts", str(tmp_path))
    checked = {line.split(":")[0] for line in result.stdout.splitlines() if "fix-hyphen" in line}
    assert checked == {str(tmp_path / "a.txt"), str(tmp_path / "b.md")}
    result = invoke("--check", "--include", "*.rst", "--no-gitignore", str(tmp_path))
    checked = {Path(line.split(":")[0]).name for line in result.stdout.splitlines() if "fix-hyphen" in line}
    assert checked == {"c.rst"}
    # Named explicitly, a file is taken, unless --force-exclude applies the patterns.
    assert invoke("--check", str(tmp_path / "drafts" / "z.txt"), "--exclude", "drafts/*").exit_code == 1
    forced = invoke("--check", "--force-exclude", "--exclude", "z.txt", str(tmp_path / "drafts" / "z.txt"))
    assert forced.exit_code == 0


def test_config_file_is_found_upward_and_flags_win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.zhclean]\nignore = ["fix-hyphen-for-yi"]\n'
        'extend-corrections = { "坚定信心" = "坚定决心" }\n',
        encoding="utf-8",
    )
    work = tmp_path / "docs"
    work.mkdir()
    (work / "a.txt").write_text(DIRTY, encoding="utf-8")
    monkeypatch.chdir(work)
    out = invoke("a.txt").stdout
    assert "统-起来" in out and "坚定决心" in out
    assert "统一起来" in invoke("--select", "fix-hyphen-for-yi", "a.txt").stdout
    shown = invoke("--show-config").stdout
    assert 'ignore = ["fix-hyphen-for-yi"]' in shown and str(tmp_path / "pyproject.toml") in shown


def test_unknown_config_key_suggests(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "zhclean.toml").write_text('exlude = ["x"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("--show-config")
    assert result.exit_code == 2
    assert result.stderr == "error: zhclean.toml: exlude: unknown key (did you mean exclude?)\n"


def test_allow_words_and_off_regions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".zhclean.toml").write_text('extend-allow = ["统-起"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    text = "把思想统-起来,好\n<!-- zhclean: off -->\n第-批,好\n<!-- zhclean: on -->\n第-批,好\n"
    out = invoke("-", input=text.encode()).stdout
    assert out == "把思想统-起来，好\n<!-- zhclean: off -->\n第-批,好\n<!-- zhclean: on -->\n第一批，好\n"


def test_jsonl_cleans_one_field_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    records = [
        {"id": 1, "text": DIRTY, "meta": {"src": "a"}},
        {"id": 2, "title": "no text field"},
        {"id": 3, "text": CLEAN},
    ]
    raw = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    path.write_text(raw, encoding="utf-8")
    result = invoke("--jsonl", "-w", str(path))
    assert result.exit_code == 0, result.stderr
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [
        {"id": 1, "text": CLEAN, "meta": {"src": "a"}},
        {"id": 2, "title": "no text field"},
        {"id": 3, "text": CLEAN},
    ]
    assert lines[1] == raw.splitlines()[1] and lines[2] == raw.splitlines()[2]  # untouched bytes
    assert "1 record(s) without a string 'text'" in result.stderr
    check = invoke("--jsonl", "--check", str(path))
    assert check.exit_code == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "统-起来"}\nnot json\n', encoding="utf-8")
    before = bad.read_bytes()
    failed = invoke("--jsonl", "-w", str(bad))
    assert failed.exit_code == 2 and "bad.jsonl:2: not a JSON record" in failed.stderr
    assert bad.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if "zhclean-tmp" in p.name] == []


def test_word_lists_from_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "allow.txt").write_text("# words never to change\n第-批\n", encoding="utf-8")
    (tmp_path / "fixes.tsv").write_text("# wrong\tright\n坚定信心\t坚定决心\n", encoding="utf-8")
    (tmp_path / "zhclean.toml").write_text(
        'extend-allow = "allow.txt"\nextend-corrections = "fixes.tsv"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    out = invoke("-", input="第-批，统-起来，坚定信心。\n".encode()).stdout
    assert out == "第-批，统一起来，坚定决心。\n"
    (tmp_path / "fixes.tsv").write_text("坚定信心\n", encoding="utf-8")
    bad = invoke("-", input=b"x\n")
    assert bad.exit_code == 2 and "is not wrong<TAB>right" in bad.stderr and "坚定信心" not in bad.stderr
