"""Issue 24, point 5: findings and messages a user can act on, through a real process."""

from __future__ import annotations

from pathlib import Path

from ..conftest import FIXTURES, zhclean

SPACED = "我们要把这项工作推 广到全国。\n"


def test_each_file_uses_its_nearest_configuration(tmp_path: Path) -> None:
    for name in ("A", "B"):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name.lower()}.txt").write_text(SPACED, encoding="utf-8")
    (tmp_path / "A" / "pyproject.toml").write_text('[tool.zhclean]\nignore = ["normalize-spacing"]\n')
    run = zhclean("--check", "A/a.txt", "B/b.txt", cwd=tmp_path)
    assert run.stdout.decode().splitlines()[0].startswith("B/b.txt:1:10: normalize-spacing")
    assert "A/a.txt" not in run.stdout.decode()


def test_a_broken_nearer_configuration_fails_its_file_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "B").mkdir()
    (tmp_path / "a.txt").write_text(SPACED, encoding="utf-8")
    (tmp_path / "B" / "b.txt").write_text(SPACED, encoding="utf-8")
    (tmp_path / "B" / "pyproject.toml").write_text("[tool.zhclean]\nignore = 3\n")
    run = zhclean("--check", "a.txt", "B/b.txt", cwd=tmp_path)
    assert run.returncode == 2
    assert "B/pyproject.toml" in run.stderr.decode() and "ignore" in run.stderr.decode()


def test_positions_after_write_are_those_of_the_fixed_file(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes((FIXTURES / "pipeline" / "report-ocr.in.txt").read_bytes())
    first = zhclean("-w", str(path)).stderr.decode()
    second = zhclean("--check", str(path)).stdout.decode()
    left = [line for line in first.splitlines() if "detect-text-loss" in line]
    assert left and left == [line for line in second.splitlines() if "detect-text-loss" in line]
    assert f"fixed {path}" in first


def test_unknown_ids_in_ignore_comments_are_warned_with_the_nearest() -> None:
    text = "会议认为 <!-- zhclean: ignore[detect-text-los] -->\n"
    run = zhclean("--check", "--stdin-filename", "x.md", "-", stdin=text.encode())
    assert "unknown filter id 'detect-text-los'" in run.stderr.decode()
    assert "did you mean 'detect-text-loss'" in run.stderr.decode()


def test_usage_errors_are_one_line() -> None:
    for args in (["--jobs", "0", "x.txt"], ["--bogus"], ["review", "-"], ["review"]):
        run = zhclean(*args)
        assert run.returncode == 2
        lines = run.stderr.decode().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (args, lines)


def test_explain_of_an_unknown_id_suggests_the_nearest() -> None:
    run = zhclean("--explain", "normalize-spacin")
    assert run.returncode == 2
    assert "did you mean 'normalize-spacing'" in run.stderr.decode()


def test_mark_gaps_acknowledges_an_unclosed_quote() -> None:
    text = "会议指出“要加强调研。会议要求“各部门要抓好落实”。\n"
    assert zhclean("--check", "-", stdin=text.encode()).returncode == 1
    marked = zhclean("--mark-gaps", "-", stdin=text.encode()).stdout.decode()
    assert "\u3014\u2026\u3015" in marked
    run = zhclean("--check", "-", stdin=marked.encode())
    assert run.returncode == 0, run.stdout.decode()


def test_the_progress_bar_is_erased_before_a_diagnostic_on_a_shared_terminal(tmp_path: Path) -> None:
    import os
    import pty
    import re
    import sys

    for i in range(12):
        (tmp_path / f"f{i}.txt").write_text(SPACED, encoding="utf-8")
    pid, fd = pty.fork()
    if pid == 0:  # the child: stdout and stderr are one terminal
        os.execv(sys.executable, [sys.executable, "-m", "zhclean", "--check", "--jobs", "1", str(tmp_path)])
    data = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    os.waitpid(pid, 0)
    text = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", data).decode("utf-8", "replace")
    starts = [m.start() for m in re.finditer(re.escape(str(tmp_path)) + r"/f\d+\.txt:1:10", text)]
    assert len(starts) == 12
    assert all(text[s - 1] in "\r\n" for s in starts if s), "a diagnostic glued to the bar"
