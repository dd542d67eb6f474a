"""hOCR, ALTO, TSV and a searchable PDF from a real Tesseract run on a page drawn here: what users have.

Needs Tesseract with chi_sim, a CJK font and Pillow; CI installs them and sets
ZHCLEAN_REQUIRE_TESSERACT, so that there the test runs rather than skips.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from zhclean.engine.geometry import render
from zhclean.files.ocr import read_ocr, sniff

from ..conftest import zhclean

FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
]
# Two paragraphs, each with an indented first line and one full line.
PARAGRAPHS = [
    (
        "要因地制宜发展高原特色优势产业特别是特色农牧业",
        "和清洁能源产业持续发展资源加工业积极发展现代服务业",
        "促进文旅产业融合。",
    ),
    (
        "要有力有序有效推进雅下水电工程川藏铁路等重大项",
        "目建设加快补齐基础设施短板不断增强发展的内生动力",
        "和后劲。",
    ),
]


def _tools() -> tuple[str, str] | None:
    try:
        import PIL  # noqa: F401
    except ImportError:
        return None
    font = next((f for f in FONTS if Path(f).exists()), None)
    exe = shutil.which("tesseract")
    if font is None or exe is None:
        return None
    langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True).stdout.split()
    return (exe, font) if "chi_sim" in langs else None


TOOLS = _tools()
pytestmark = pytest.mark.skipif(
    TOOLS is None and not os.environ.get("ZHCLEAN_REQUIRE_TESSERACT"),
    reason="needs tesseract-ocr-chi-sim, fonts-noto-cjk and Pillow",
)


@pytest.fixture(scope="module")
def tesseract_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert TOOLS is not None, (
        "ZHCLEAN_REQUIRE_TESSERACT is set but Tesseract, a CJK font or Pillow is missing"
    )
    from PIL import Image, ImageDraw, ImageFont

    exe, font_path = TOOLS
    folder = tmp_path_factory.mktemp("tesseract")
    em = 40
    font = ImageFont.truetype(font_path, em)
    image = Image.new("L", (80 + 26 * em, 80 + 9 * int(1.6 * em)), 255)
    draw = ImageDraw.Draw(image)
    y = 40
    for first, full, last in PARAGRAPHS:
        for k, line in enumerate((first, full, last)):
            draw.text((40 + (2 * em if k == 0 else 0), y), line, font=font, fill=0)
            y += int(1.6 * em)
    image.save(folder / "page.png")
    subprocess.run(
        [exe, "page.png", "page", "-l", "chi_sim", "--psm", "6", "hocr", "alto", "tsv", "pdf"],
        cwd=folder,
        check=True,
        capture_output=True,
        timeout=120,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    return folder


def test_tesseract_hocr_alto_tsv_and_pdf_read_alike(tesseract_output: Path) -> None:
    texts = {}
    for name in ("page.hocr", "page.xml", "page.tsv", "page.pdf"):
        data = (tesseract_output / name).read_bytes()
        fmt = sniff(data[:65536])
        assert fmt is not None, name
        texts[fmt] = render(read_ocr(data, name, fmt))
    assert set(texts) == {"hocr", "alto", "tsv", "pdf"}
    assert texts["hocr"].text == texts["alto"].text == texts["tsv"].text == texts["pdf"].text
    assert "特色农牧业" in texts["hocr"].text and "川藏铁路" in texts["hocr"].text
    # The second paragraph's first line is indented by 2 em, and the boxes say so.
    rendered = texts["hocr"]
    before = rendered.text.index("\n", rendered.text.index("融合"))
    assert rendered.breaks.get(before) == "indent"


def test_the_command_line_keeps_the_paragraphs_the_boxes_show(tesseract_output: Path) -> None:
    done = zhclean("-q", str(tesseract_output / "page.hocr"))
    assert done.returncode in (0, 1), done.stderr
    out = done.stdout.decode()
    lines = out.split("\n")
    assert any(line.startswith("要有力有序") for line in lines), out  # the second paragraph's start
    assert "融合。\n要有力" in out  # the paragraphs are not joined
