"""The conventions of ruff, black, typos and pre-commit-hooks, each through a real process
(and a pseudo-terminal where a terminal is what matters)."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT, zhclean

DIRTY = "我们要把思想统-起来,坚定信心##paidbegin##。\n"
LOSS = "干部只有到人民群众中去，并且同人民群众近平同志始终把宣传工作放在首位。\n"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def on_terminal(*args: str, cwd: Path, answers: bytes = b"", **env: str) -> tuple[int, str]:
    """Run zhclean with stdin, stdout and stderr on a pseudo-terminal; its exit code and all it
    printed (the terminal's line ends are \\r\\n)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environ.update(TERM="xterm-256color", COLUMNS="200", **env)
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "zhclean", *args],
        cwd=cwd,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=environ,
        close_fds=True,
    )
    os.close(follower)
    if answers:
        os.write(leader, answers)
    out = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            proc.kill()
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the follower side closed: the process is done
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    return proc.wait(timeout=60), out.decode("utf-8", "replace")


@pytest.fixture
def dirty(tmp_path: Path) -> Path:
    path = tmp_path / "doc.txt"
    path.write_text(DIRTY, encoding="utf-8")
    return path


# --- 1. output ---------------------------------------------------------------------------------


def test_check_prints_gcc_style_diagnostics_on_stdout(dirty: Path) -> None:
    done = zhclean("--check", "doc.txt", cwd=dirty.parent)
    assert done.returncode == 1
    lines = done.stdout.decode().splitlines()
    assert lines[0] == "doc.txt:1:8: fix-hyphen-for-yi - for 一: 统一起 is attested: `-` -> `一`"
    assert all(re.match(r"^doc\.txt:\d+:\d+: [a-z-]+ ", line) for line in lines)
    assert done.stderr == b"1 file checked, 1 would change, 3 edits.\n"
    # grep -n habits: the position parses as path:line:col:
    path, line, col, _ = lines[1].split(":", 3)
    assert (path, line, col) == ("doc.txt", "1", "11")


def test_other_modes_keep_stdout_for_the_payload(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(LOSS, encoding="utf-8")
    printed = zhclean("a.txt", cwd=tmp_path)
    assert printed.stdout.decode() == LOSS
    assert "a.txt:1:20: detect-text-loss " in printed.stderr.decode()


# --- 2. colour ---------------------------------------------------------------------------------


def test_colour_on_a_terminal_and_never_with_no_color(dirty: Path) -> None:
    code, out = on_terminal("--check", "doc.txt", cwd=dirty.parent)
    assert code == 1 and ANSI.search(out), out
    assert "fix-hyphen-for-yi" in ANSI.sub("", out)
    code, out = on_terminal("--check", "doc.txt", cwd=dirty.parent, NO_COLOR="1")
    assert code == 1 and not ANSI.search(out), out
    assert "doc.txt:1:8: fix-hyphen-for-yi" in out
    code, out = on_terminal("--check", "--color", "never", "doc.txt", cwd=dirty.parent)
    assert not ANSI.search(out)


def test_colour_when_forced_and_never_in_a_pipe(dirty: Path) -> None:
    assert b"\x1b[" not in zhclean("--check", "doc.txt", cwd=dirty.parent).stdout
    assert b"\x1b[" in zhclean("--check", "doc.txt", cwd=dirty.parent, FORCE_COLOR="1").stdout
    assert b"\x1b[" in zhclean("--check", "--color", "always", "doc.txt", cwd=dirty.parent).stdout
    forced = zhclean("--check", "--color", "never", "doc.txt", cwd=dirty.parent, FORCE_COLOR="1")
    assert b"\x1b[" not in forced.stdout
    diff = zhclean("--diff", "--color", "always", "doc.txt", cwd=dirty.parent)
    assert b"\x1b[" in diff.stdout and "统一起来" in ANSI.sub("", diff.stdout.decode())


def test_review_honours_no_color(tmp_path: Path) -> None:
    text = "形式主义、官僚主义要反对。形式主义、官僚主义要克服。形式主义。官僚主义要根除。\n"
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    _, out = on_terminal("review", "r.txt", cwd=tmp_path, answers=b"q\n", NO_COLOR="1")
    assert "[-。-]{+、+}" in out and not ANSI.search(out.replace("\x1b[?", "")), out
    _, out = on_terminal("review", "r.txt", cwd=tmp_path, answers=b"q\n")
    assert ANSI.search(out)


# --- 3. --check --diff ---------------------------------------------------------------------------


def test_check_and_diff_together_print_the_diff_and_exit_1(dirty: Path) -> None:
    done = zhclean("--check", "--diff", "doc.txt", cwd=dirty.parent)
    assert done.returncode == 1
    assert done.stdout.decode().startswith("--- doc.txt\t(original)\n+++ doc.txt\t(cleaned)\n")
    assert dirty.read_text(encoding="utf-8") == DIRTY


# --- 4. one console: progress bar and messages -----------------------------------------------------


def test_messages_are_whole_lines_beside_the_progress_bar(tmp_path: Path) -> None:
    for i in range(40):
        (tmp_path / f"f{i:02}.txt").write_text(LOSS * 30, encoding="utf-8")
    code, out = on_terminal("--write", "--jobs", "2", ".", cwd=tmp_path, ZHCLEAN_PARALLEL_MIN_BYTES="1")
    assert code == 1  # findings remain
    # What the terminal shows of each line: what follows its last carriage return (the bar is
    # redrawn in place, and erased before a message is printed where it was).
    lines = [ANSI.sub("", line).split("\r")[-1] for line in out.replace("\r\n", "\n").split("\n")]
    found = [line for line in lines if "detect-text-loss" in line]
    assert len(found) == 40 * 30
    for line in found:  # each message alone on its line, never cut by the bar
        assert re.fullmatch(r"f\d\d\.txt:\d+:20: detect-text-loss text lost here\? .*", line.strip()), line


# --- 5. --list-filters and --explain -------------------------------------------------------------


def test_list_filters_in_a_pipe_is_plain_lines() -> None:
    done = zhclean("--list-filters")
    lines = done.stdout.decode().splitlines()
    assert lines[0].startswith("remove-paywall-markers\t")
    assert all(re.fullmatch(r"[a-z-]+\t\S.*", line) for line in lines)
    assert "``" not in done.stdout.decode() and "┃" not in done.stdout.decode()


def test_docstring_markup_is_not_shown_raw(tmp_path: Path) -> None:
    explained = zhclean("--explain", "normalize-spacing").stdout.decode()
    assert "``" not in explained and "`“四下基层” 正被`" in explained
    _, out = on_terminal("--list-filters", cwd=tmp_path)
    assert "``" not in out and "┃" in out
    assert "``" not in zhclean("review", "--help").stdout.decode()


# --- 6. --statistics, --exit-zero, --stdin-filename, --format github ----------------------------------


def test_statistics_count_per_filter_and_kind(tmp_path: Path) -> None:
    sample = ROOT / "fixtures" / "pipeline" / "report-ocr.in.txt"
    done = zhclean("--check", "--statistics", str(sample))
    assert done.returncode == 1
    rows = [line.split("\t") for line in done.stdout.decode().splitlines()]
    counts = {(fid, kind): int(n) for n, fid, kind in rows}
    assert counts[("normalize-punctuation", "edit")] == 28  # its ,的 is a gap, not a mark
    assert counts[("detect-text-loss", "finding")] == 5
    listed = zhclean("--check", "--format", "json", str(sample)).stdout.decode().splitlines()
    assert sum(counts.values()) == len(listed)


def test_exit_zero(dirty: Path) -> None:
    assert zhclean("--check", "--exit-zero", "doc.txt", cwd=dirty.parent).returncode == 0
    assert zhclean("--check", "--exit-zero", "nope.txt", cwd=dirty.parent).returncode == 2


def test_stdin_filename_names_the_text_and_finds_its_configuration(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    (project / "docs").mkdir(parents=True)
    (project / "zhclean.toml").write_text('ignore = ["normalize-punctuation"]\n', encoding="utf-8")
    done = zhclean("--check", "--stdin-filename", "proj/docs/a.txt", "-", cwd=tmp_path, stdin=DIRTY.encode())
    out = done.stdout.decode()
    assert "proj/docs/a.txt:1:8: fix-hyphen-for-yi" in out
    assert "normalize-punctuation" not in out  # the configuration of proj/ applies
    printed = zhclean("--stdin-filename", "x.md", cwd=tmp_path, stdin=b"    code  block\n")
    assert printed.stdout == b"    code  block\n"  # a Markdown name: its indented code is code
    refused = zhclean("--stdin-filename", "x.txt", "a.txt", cwd=tmp_path)
    assert refused.returncode == 2 and b"--stdin-filename names stdin" in refused.stderr


def test_stdin_filename_with_force_exclude_passes_an_excluded_text_through(tmp_path: Path) -> None:
    (tmp_path / "zhclean.toml").write_text('exclude = ["drafts/"]\n', encoding="utf-8")
    args = ("--stdin-filename", "drafts/a.txt")
    passed = zhclean(*args, "--force-exclude", cwd=tmp_path, stdin=DIRTY.encode())
    assert passed.returncode == 0 and passed.stdout == DIRTY.encode()
    checked = zhclean(*args, "--force-exclude", "--check", cwd=tmp_path, stdin=DIRTY.encode())
    assert checked.returncode == 0 and checked.stdout == b""
    cleaned = zhclean(*args, cwd=tmp_path, stdin=DIRTY.encode())  # named on the command line
    assert cleaned.stdout.decode() == "我们要把思想统一起来，坚定信心。\n"


def test_github_annotations(dirty: Path) -> None:
    done = zhclean("--check", "--format", "github", "doc.txt", cwd=dirty.parent)
    first = done.stdout.decode().splitlines()[0]
    assert first == (
        "::error title=zhclean (fix-hyphen-for-yi),file=doc.txt,line=1,col=8::"
        "doc.txt:1:8: fix-hyphen-for-yi - for 一: 统一起 is attested: `-` -> `一`"
    )


# --- 7. configuration errors ---------------------------------------------------------------------


def test_config_errors_are_one_line_naming_file_and_key(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.zhclean]\nignor = ["x"]\n', encoding="utf-8")
    done = zhclean("--check", "a.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == b"error: pyproject.toml: [tool.zhclean] ignor: unknown key (did you mean ignore?)\n"
    (tmp_path / "pyproject.toml").write_text('[tool.zhclean]\nselect = ["fix-hyphen"]\n', encoding="utf-8")
    done = zhclean("--check", "a.txt", cwd=tmp_path)
    assert done.stderr.startswith(b"error: pyproject.toml: [tool.zhclean] select: unknown filter fix-hyphen")


def test_explain_unknown_filter_is_one_line_with_a_suggestion() -> None:
    done = zhclean("--explain", "normalize-spacin")
    assert done.returncode == 2
    assert (
        done.stderr
        == b"error: --explain: unknown filter 'normalize-spacin' (did you mean 'normalize-spacing'?)\n"
    )
    assert zhclean("--explain", "nope").stderr.count(b"\n") == 1


# --- 8. stdin, empty folders, one folder ------------------------------------------------------------


def test_a_terminal_on_stdin_gets_a_hint(tmp_path: Path) -> None:
    code, out = on_terminal(cwd=tmp_path, answers=b"\x04")
    assert "reading stdin" in out and code == 0


def test_binary_stdin_is_an_error() -> None:
    done = zhclean(stdin=b"\x00\x01\x02binary\xff")
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr == b"error: -: binary data on stdin, not text; nothing written\n"


def test_a_folder_without_files_warns(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    done = zhclean("--check", "empty", cwd=tmp_path)
    assert done.returncode == 0
    assert b"warning: no files to clean under empty (include: *.txt, *.md)" in done.stderr


def test_one_folder_is_not_called_several_inputs(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    done = zhclean("docs", cwd=tmp_path)
    assert done.returncode == 2
    assert b"docs is a folder: use --write, --check, --diff or -o DIR" in done.stderr
    assert b"several inputs" not in done.stderr


# --- 9, 10. review, duplicated items ----------------------------------------------------------------


def test_review_counts_and_positions(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes((ROOT / "fixtures" / "pipeline" / "report-ocr.in.txt").read_bytes())
    check = zhclean("--check", "--format", "json", "r.txt", cwd=tmp_path).stdout.decode().splitlines()
    suggestion = next(json.loads(line) for line in check if '"suggestion"' in line)
    kept = zhclean("review", "r.txt", cwd=tmp_path, stdin=f"e\n{suggestion['before']}\n".encode())
    out = kept.stdout.decode()
    # where --check shows it (the original file), not where it is after the safe edits
    assert f"] {suggestion['line']}:{suggestion['column']} fix-lookalike-chars" in out
    assert "and 0 reviewed changes" in out  # the same text again is no change
    small = tmp_path / "s.txt"
    small.write_text("统-起来，形式主义、官僚主义要反对。\n", encoding="utf-8")
    one = zhclean("review", "s.txt", cwd=tmp_path, stdin=b"q\n").stdout.decode()
    assert "1 safe edit applied, 0 suggestions to review" in one and "1 safe edits" not in one


def test_no_duplicate_or_misplaced_items(tmp_path: Path) -> None:
    text = "纾民困 没有问题。\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    lines = zhclean("--check", "--format", "json", "a.txt", cwd=tmp_path).stdout.decode().splitlines()
    items = [json.loads(line) for line in lines]
    spans = [(i["filter"], i["start"], i["end"]) for i in items]
    assert len(spans) == len(set(spans))
    for item in items:
        assert text[item["start"] : item["end"]] == item["before"]


# --- 11, 12. configuration found from the inputs, gitignore-style patterns -------------------------


def test_configuration_is_found_from_the_inputs(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "a.txt").write_text(DIRTY, encoding="utf-8")
    (project / "pyproject.toml").write_text(
        '[tool.zhclean]\nselect = ["fix-hyphen-for-yi"]\n', encoding="utf-8"
    )
    done = zhclean("--check", "proj/docs/a.txt", cwd=tmp_path)
    filters = {line.split(" ")[1] for line in done.stdout.decode().splitlines()}
    assert filters == {"fix-hyphen-for-yi"}
    (tmp_path / "zhclean.toml").write_text('select = ["remove-paywall-markers"]\n', encoding="utf-8")
    named = zhclean("--check", "--config", "zhclean.toml", "proj/docs/a.txt", cwd=tmp_path)
    assert {line.split(" ")[1] for line in named.stdout.decode().splitlines()} == {"remove-paywall-markers"}


def test_include_and_exclude_are_gitignore_patterns(tmp_path: Path) -> None:
    for name in ("a.txt", "drafts/b.txt", "drafts/deep/c.txt", "notes/drafts/d.txt", "keep/e.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(DIRTY, encoding="utf-8")

    def checked(*args: str) -> set[str]:
        out = zhclean("--check", *args, ".", cwd=tmp_path).stdout.decode()
        return {line.split(":")[0] for line in out.splitlines()}

    every = {"a.txt", "drafts/b.txt", "drafts/deep/c.txt", "notes/drafts/d.txt", "keep/e.txt"}
    assert checked() == every
    # "drafts/*": under the top drafts only, and * does not cross /
    assert checked("--exclude", "/drafts/*.txt") == every - {"drafts/b.txt"}
    # a name without / matches at any depth; a trailing / means folders
    assert checked("--exclude", "drafts/") == {"a.txt", "keep/e.txt"}
    assert checked("--exclude", "**/deep/*") == every - {"drafts/deep/c.txt"}
    assert checked("--include", "keep/*.txt") == {"keep/e.txt"}


# --- 13. the fix hook fails while findings remain; acknowledging one ---------------------------------


def test_write_exits_1_while_findings_remain(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(LOSS, encoding="utf-8")
    assert zhclean("--write", "a.txt", cwd=tmp_path).returncode == 1
    assert zhclean("--write", "--exit-zero", "a.txt", cwd=tmp_path).returncode == 0
    # --mark-gaps turns the finding into visible text: then nothing remains
    assert zhclean("--write", "--mark-gaps", "a.txt", cwd=tmp_path).returncode == 0
    assert "人民群众〔…〕近平" in path.read_text(encoding="utf-8")
    assert zhclean("--write", "a.txt", cwd=tmp_path).returncode == 0
    assert zhclean("--check", "a.txt", cwd=tmp_path).returncode == 0


def test_a_line_marker_acknowledges_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    marked = LOSS.replace("。\n", "。<!-- zhclean: ignore[detect-text-loss] -->\n")
    path.write_text(marked + "统-起来。\n", encoding="utf-8")
    done = zhclean("--check", "a.md", cwd=tmp_path)
    assert b"detect-text-loss" not in done.stdout
    assert b"a.md:2:2: fix-hyphen-for-yi" in done.stdout  # the other lines are still checked
    path.write_text(LOSS.replace("。\n", "。<!-- zhclean: ignore -->\n"), encoding="utf-8")
    assert zhclean("--check", "a.md", cwd=tmp_path).returncode == 0
    path.write_text(LOSS.replace("。\n", "。<!-- zhclean: ignore[normalize-spacing] -->\n"), encoding="utf-8")
    assert b"detect-text-loss" in zhclean("--check", "a.md", cwd=tmp_path).stdout


# --- 14. the release tag and the README's pre-commit snippet ------------------------------------------


def test_the_version_is_in_one_place_and_the_snippet_and_tag_follow_it() -> None:
    import zhclean as package

    version = package.__version__
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    revs = set(re.findall(r"rev: (v[0-9.]+)", readme))
    assert revs == {f"v{version}"}
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert (
        'dynamic = ["version"]' in pyproject
        and "version =" not in pyproject.split("[project]")[1].split("[")[0]
    )
    if (ROOT / ".git").exists():
        every = subprocess.run(["git", "tag", "--list"], cwd=ROOT, capture_output=True, text=True).stdout
        if not every.strip():
            pytest.skip("a clone without tags (git clone --no-tags): nothing to compare")
        tags = subprocess.run(
            ["git", "tag", "--list", f"v{version}"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
        shallow = subprocess.run(
            ["git", "rev-parse", "--is-shallow-repository"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        if shallow != "true":
            assert tags == [f"v{version}"], f"tag v{version} is missing: git tag v{version}"
