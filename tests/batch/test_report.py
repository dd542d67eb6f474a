"""--report: the HTML report, checked for content and opened in headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from zhclean.cli.main import main

from ..conftest import FIXTURES

SAMPLE = FIXTURES / "pipeline" / "report-ocr.in.txt"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
# CI installs Debian's chromium and sets this, so the browser tests cannot silently skip there.
REQUIRE_BROWSER = os.environ.get("ZHCLEAN_REQUIRE_BROWSER") == "1"


def _report(tmp_path: Path, *args: str) -> str:
    target = tmp_path / "report.html"
    code = main(["-q", "--check", "--report", str(target), *args])
    assert code in (0, 1)
    return target.read_text(encoding="utf-8")


def test_report_of_the_sample(tmp_path: Path) -> None:
    sample = tmp_path / "report-ocr.txt"
    shutil.copy(SAMPLE, sample)
    page = _report(tmp_path, str(sample))
    assert page.startswith("<!doctype html>")
    assert "files 1 · changed 1 · edits 47" in page
    # the bar chart names the filters, the most frequent first
    bars = re.findall(r'<span class="label">([a-z-]+)</span>', page)
    assert bars[0] == "normalize-punctuation" and "fix-lookalike-chars" in bars
    # an edit in place, with its filter's colour class and the reason on hover
    assert "<del>扞</del><ins>捍</ins>" in page
    assert re.search(
        r'class="chg f-fix-lookalike-chars" title="fix-lookalike-chars: 扞, a variant of 捍', page
    )
    # findings and suggestions with line:column
    assert '<span class="pos">5:90</span> <span class="tag">finding</span>' in page
    assert "<del>困</del>" not in page  # 纾民困 is right: no longer suggested as 纾民国
    # a removed marker and a removed space are visible
    assert "<del>##paidbegin##</del>" in page and "<del>␣</del>" in page


def test_report_is_self_contained(tmp_path: Path) -> None:
    sample = tmp_path / "report-ocr.txt"
    shutil.copy(SAMPLE, sample)
    page = _report(tmp_path, str(sample))
    assert not re.search(r"<(link|img|iframe)\b", page)
    assert not re.search(r"\b(src|href)=", page)
    assert "http://" not in page and "https://" not in page


def test_report_of_a_batch_collapses_files(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    dirty = "我们要把思想统-起来,坚定信心。\n"
    for i in range(200):
        (folder / f"doc{i:03}.txt").write_text(dirty if i % 2 else "干净的文本。\n", encoding="utf-8")
    page = _report(tmp_path, "--jobs", "2", str(folder))
    assert "files 200 · changed 100" in page
    assert page.count('<details class="file"') == 100  # clean files are not listed
    assert page.count('<details class="file" data-name') - page.count(" open>") == 90  # 10 open


def test_report_with_nothing_to_change(tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("干净的文本。\n", encoding="utf-8")
    page = _report(tmp_path, str(clean))
    assert "Nothing to change" in page and "No edits." in page


def test_report_through_a_real_process(tmp_path: Path) -> None:
    sample = tmp_path / "report-ocr.txt"
    shutil.copy(SAMPLE, sample)
    done = subprocess.run(
        [sys.executable, "-m", "zhclean", "--check", "--report", str(tmp_path / "r.html"), str(sample)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1  # --check found changes
    assert f"report: {tmp_path / 'r.html'}" in done.stderr
    assert (tmp_path / "r.html").stat().st_size > 10_000


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if CHROMIUM is None:
        if REQUIRE_BROWSER:
            pytest.fail("chromium is required (ZHCLEAN_REQUIRE_BROWSER=1) but not installed")
        pytest.skip("needs chromium (apt-get install chromium)")
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("batch", [False, True], ids=["sample", "batch"])
def test_report_renders_in_headless_chromium(tmp_path: Path, batch: bool) -> None:
    if batch:
        folder = tmp_path / "batch"
        folder.mkdir()
        for i in range(200):
            (folder / f"doc{i:03}.txt").write_text("我们要把思想统-起来,坚定信心。\n", encoding="utf-8")
        _report(tmp_path, str(folder))
        expected_count = "200 of 200 files"
    else:
        sample = tmp_path / "report-ocr.txt"
        shutil.copy(SAMPLE, sample)
        _report(tmp_path, str(sample))
        expected_count = "1 of 1 files"
    url = (tmp_path / "report.html").as_uri()
    dom = _chromium(tmp_path, "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    # The page's script ran (it fills in the file count) and raised nothing.
    assert f'<span id="count">{expected_count}</span>' in dom.stdout
    assert "Uncaught" not in dom.stderr, dom.stderr[-2000:]
    assert "Edits per filter" in dom.stdout
    shot = tmp_path / "report.png"
    done = _chromium(tmp_path, "--window-size=1280,1600", f"--screenshot={shot}", url)
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
