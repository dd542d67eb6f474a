"""zhclean.files.pdf: the text layer of searchable PDFs, as Tesseract and OCRmyPDF write it.

The PDFs are made here with pypdf, the way Tesseract's renderer writes them: an invisible
``GlyphLessFont`` whose codes are UTF-16, one ``TJ`` per word with ``Tz`` stretching its
glyphs over the word's box, a ``Tm`` per line (turned by the baseline's angle on a skewed page).
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
)

from zhclean.core.errors import InputError
from zhclean.engine.geometry import render
from zhclean.files.ocr import read_ocr, sniff

from ..conftest import zhclean
from .test_ocr import EXPECTED

HEIGHT = 1400.0
# (x, y of the top, x1, word) per line, per page: the page of tests/files/test_ocr.py.
TWO_PAGES = [
    [[(100, 100, 300, "我们要把"), (305, 100, 500, "思想统")], [(100, 150, 400, "一起来。")]],
    [[(100, 100, 250, "Kubernetes"), (270, 100, 400, "集群")]],
]

TO_UNICODE = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
1 beginbfrange
<0000> <FFFF> <0000>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def _font(writer: PdfWriter) -> DictionaryObject:
    cmap = DecodedStreamObject()
    cmap.set_data(TO_UNICODE)
    cid = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/CIDFontType2"),
            NameObject("/BaseFont"): NameObject("/GlyphLessFont"),
            NameObject("/DW"): NumberObject(500),
        }
    )
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type0"),
            NameObject("/BaseFont"): NameObject("/GlyphLessFont"),
            NameObject("/Encoding"): NameObject("/Identity-H"),
            NameObject("/DescendantFonts"): ArrayObject([writer._add_object(cid)]),
            NameObject("/ToUnicode"): writer._add_object(cmap),
        }
    )


def tesseract_pdf(pages: list[list[list[tuple[float, float, float, str]]]], angle: float = 0.0) -> bytes:
    """A searchable PDF as Tesseract writes one (no page image: coordinates stay points)."""
    writer = PdfWriter()
    font = writer._add_object(_font(writer))
    cos, sin = math.cos(angle), math.sin(angle)
    for lines in pages:
        page = writer.add_blank_page(width=1000, height=HEIGHT)
        ops = []
        for words in lines:
            size = 40.0
            x, top = words[0][0], words[0][1]
            base = HEIGHT - (top + size * 0.8)
            ops.append(f"BT 3 Tr {cos:.6f} {sin:.6f} {-sin:.6f} {cos:.6f} {x} {base} Tm /f-0-0 {size} Tf")
            previous = x
            for x0, _, x1, word in words:
                if x0 != previous:
                    ops.append(f"{x0 - previous} 0 Td")
                glyphs = word + " "
                stretch = 100 * (x1 - x0) / (len(glyphs) * 0.5 * size)
                hexed = glyphs.encode("utf-16-be").hex().upper()
                ops.append(f"{stretch:.3f} Tz [ <{hexed}> ] TJ")
                previous = x0
            ops.append("ET")
        content = DecodedStreamObject()
        content.set_data(" ".join(ops).encode("ascii"))
        page[NameObject("/Contents")] = writer._add_object(content)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/f-0-0"): font})}
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_two_page_pdf_reads_as_the_other_formats_do() -> None:
    import zhclean

    data = tesseract_pdf(TWO_PAGES)
    assert zhclean.clean_document(data).text == zhclean.clean_document(data, format="pdf").text
    assert sniff(data) == "pdf"
    doc = read_ocr(data, "x.pdf", "pdf")
    assert len(doc.pages) == 2 and doc.source == "pdf"
    first = doc.pages[0].lines[0]
    assert [w.text for w in first.words] == ["我们要把", "思想统"]
    assert first.box is not None and first.box[0] == pytest.approx(100) and first.box[2] == pytest.approx(500)
    assert render(doc).text == EXPECTED


def test_a_skewed_page_keeps_its_lines_and_their_slope() -> None:
    data = tesseract_pdf(TWO_PAGES[:1], angle=math.radians(-1.0))
    doc = read_ocr(data, "x.pdf", "pdf")
    lines = doc.pages[0].lines
    assert ["".join(w.text for w in line.words) for line in lines] == ["我们要把思想统", "一起来。"]
    assert lines[0].baseline_slope == pytest.approx(math.tan(math.radians(1.0)), abs=1e-3)


def test_an_empty_page_is_a_page_without_lines() -> None:
    data = tesseract_pdf([TWO_PAGES[0], [], TWO_PAGES[1]])
    doc = read_ocr(data, "x.pdf", "pdf")
    assert [len(page.lines) for page in doc.pages] == [2, 0, 1]
    assert render(doc).text == EXPECTED.replace("\f", "\f\f")


def test_two_columns_read_in_the_order_the_engine_wrote_them() -> None:
    left = [[(100, 100 + 50 * k, 450, f"左栏第{k}行文字")] for k in range(3)]
    right = [[(550, 100 + 50 * k, 900, f"右栏第{k}行文字")] for k in range(3)]
    doc = read_ocr(tesseract_pdf([left + right]), "x.pdf", "pdf")
    texts = ["".join(w.text for w in line.words) for line in doc.pages[0].lines]
    assert texts == [f"左栏第{k}行文字" for k in range(3)] + [f"右栏第{k}行文字" for k in range(3)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4\nnot really a PDF\n", "x.pdf: not a readable PDF ("),
        (b"", "x.pdf: not a readable PDF ("),
    ],
)
def test_a_malformed_pdf_is_one_error_naming_it(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        read_ocr(data, "x.pdf", "pdf")
    assert str(info.value).startswith(message)


def test_a_pdf_without_a_text_layer_says_so() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(InputError) as info:
        read_ocr(out.getvalue(), "scan.pdf", "pdf")
    assert str(info.value) == "scan.pdf: PDF has no text layer (a scan: OCR it first, e.g. `ocrmypdf`)"


def test_the_walk_takes_searchable_pdfs_and_leaves_scans_alone(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "book.pdf").write_bytes(tesseract_pdf(TWO_PAGES))
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    with open(folder / "scan.pdf", "wb") as fh:
        writer.write(fh)
    done = zhclean("-q", str(folder), "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["book.txt"]
    assert (tmp_path / "out" / "book.txt").read_text(encoding="utf-8").startswith("我们要把思想统")
    named = zhclean("--check", str(folder / "scan.pdf"))
    errors = [line for line in named.stderr.decode().splitlines() if line.startswith("error")]
    assert named.returncode == 2
    no_layer = "PDF has no text layer (a scan: OCR it first, e.g. `ocrmypdf`)"
    assert errors == [f"error: {folder / 'scan.pdf'}: {no_layer}"]
