"""zhclean.files.ocr: hOCR, ALTO, Tesseract TSV and RapidOCR results read into one model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zhclean.core.errors import InputError
from zhclean.engine.geometry import render
from zhclean.files.ocr import read_ocr, sniff

from ..conftest import zhclean

LAYOUT = Path(__file__).resolve().parents[3] / "shared" / "bench" / "docs" / "layout"

HOCR = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title></title></head><body>
<div class='ocr_page' id='page_1' title='image "p1.jpg"; bbox 0 0 1000 1400; ppageno 0'>
 <div class='ocr_carea' id='block_1_1' title="bbox 100 100 900 300">
  <p class='ocr_par' id='par_1_1' title="bbox 100 100 900 300">
   <span class='ocr_line' id='line_1_1' title="bbox 100 100 900 140; baseline 0 0; x_size 40">
    <span class='ocrx_word' id='word_1_1' title='bbox 100 100 300 140; x_wconf 96'>我们要把</span>
    <span class='ocrx_word' id='word_1_2' title='bbox 305 100 500 140; x_wconf 41'>思想统</span>
   </span>
   <span class='ocr_line' id='line_1_2' title="bbox 100 150 400 190; baseline 0 0; x_size 40">
    <span class='ocrx_word' id='word_1_3' title='bbox 100 150 400 190; x_wconf 93'>一起来。</span>
   </span>
  </p>
 </div>
</div>
<div class='ocr_page' id='page_2' title='image "p2.jpg"; bbox 0 0 1000 1400; ppageno 1'>
 <div class='ocr_carea' id='block_2_1' title="bbox 100 100 900 140">
  <span class='ocr_line' id='line_2_1' title="bbox 100 100 900 140">
   <span class='ocrx_word' id='word_2_1' title='bbox 100 100 250 140; x_wconf 90'>Kubernetes</span>
   <span class='ocrx_word' id='word_2_2' title='bbox 270 100 400 140; x_wconf 90'>集群</span>
  </span>
 </div>
</div>
</body></html>
"""

ALTO = """<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"><Layout>
<Page WIDTH="1000" HEIGHT="1400" ID="page_0"><PrintSpace>
 <TextBlock ID="b0" HPOS="100" VPOS="100" WIDTH="800" HEIGHT="90">
  <TextLine ID="l0" HPOS="100" VPOS="100" WIDTH="400" HEIGHT="40">
   <String HPOS="100" VPOS="100" WIDTH="200" HEIGHT="40" WC="0.96" CONTENT="我们要把"/><SP/>
   <String HPOS="305" VPOS="100" WIDTH="195" HEIGHT="40" WC="0.41" CONTENT="思想统"/>
  </TextLine>
  <TextLine ID="l1" HPOS="100" VPOS="150" WIDTH="300" HEIGHT="40">
   <String HPOS="100" VPOS="150" WIDTH="300" HEIGHT="40" WC="0.93" CONTENT="一起来。"/>
  </TextLine>
 </TextBlock>
</PrintSpace></Page>
<Page WIDTH="1000" HEIGHT="1400" ID="page_1"><PrintSpace>
 <TextBlock ID="b1" HPOS="100" VPOS="100" WIDTH="300" HEIGHT="40">
  <TextLine ID="l2" HPOS="100" VPOS="100" WIDTH="300" HEIGHT="40">
   <String HPOS="100" VPOS="100" WIDTH="150" HEIGHT="40" WC="0.90" CONTENT="Kubernetes"/>
   <String HPOS="270" VPOS="100" WIDTH="130" HEIGHT="40" WC="0.90" CONTENT="集群"/>
  </TextLine>
 </TextBlock>
</PrintSpace></Page>
</Layout></alto>
"""

TSV = (
    "\n".join(
        "\t".join(str(c) for c in row)
        for row in [
            (
                "level",
                "page_num",
                "block_num",
                "par_num",
                "line_num",
                "word_num",
                "left",
                "top",
                "width",
                "height",
                "conf",
                "text",
            ),
            (1, 1, 0, 0, 0, 0, 0, 0, 1000, 1400, -1, ""),
            (2, 1, 1, 0, 0, 0, 100, 100, 800, 90, -1, ""),
            (4, 1, 1, 1, 1, 0, 100, 100, 400, 40, -1, ""),
            (5, 1, 1, 1, 1, 1, 100, 100, 200, 40, 96, "我们要把"),
            (5, 1, 1, 1, 1, 2, 305, 100, 195, 40, 41, "思想统"),
            (4, 1, 1, 1, 2, 0, 100, 150, 300, 40, -1, ""),
            (5, 1, 1, 1, 2, 1, 100, 150, 300, 40, 93, "一起来。"),
            (1, 2, 0, 0, 0, 0, 0, 0, 1000, 1400, -1, ""),
            (2, 2, 1, 0, 0, 0, 100, 100, 300, 40, -1, ""),
            (4, 2, 1, 1, 1, 0, 100, 100, 300, 40, -1, ""),
            (5, 2, 1, 1, 1, 1, 100, 100, 150, 40, 90, "Kubernetes"),
            (5, 2, 1, 1, 1, 2, 270, 100, 130, 40, 90, "集群"),
        ]
    )
    + "\n"
)


def _box(x0: float, y0: float, x1: float, y1: float) -> list[list[float]]:
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]


RAPIDOCR = json.dumps(
    {
        "pages": [
            {
                "page": 1,
                "width": 1000,
                "height": 1400,
                "lines": [
                    {"box": _box(305, 100, 500, 140), "text": "思想统", "score": 0.41},
                    {"box": _box(100, 101, 300, 139), "text": "我们要把", "score": 0.96},
                    {"box": _box(100, 150, 400, 190), "text": "一起来。", "score": 0.93},
                ],
            },
            {
                "page": 2,
                "lines": [{"box": _box(100, 100, 400, 140), "text": "Kubernetes 集群", "score": 0.9}],
            },
        ]
    },
    ensure_ascii=False,
)
EXPECTED = "我们要把思想统\n一起来。\n\fKubernetes 集群\n"
FILES = {"hocr": HOCR, "alto": ALTO, "tsv": TSV, "rapidocr": RAPIDOCR}


@pytest.mark.parametrize("fmt", list(FILES))
def test_each_format_gives_pages_lines_confidences_and_the_same_text(fmt: str) -> None:
    data = FILES[fmt].encode()
    assert sniff(data) == fmt
    doc = read_ocr(data, "x", fmt)
    assert len(doc.pages) == 2 and doc.source == fmt
    first = doc.pages[0].lines[0]
    assert first.box is not None and first.confidence == pytest.approx(0.41)  # its worst word
    assert render(doc).text == EXPECTED


def test_the_plain_result_list_of_rapidocr_and_paddleocr() -> None:
    rapid = json.dumps([[_box(100, 100, 400, 140), "集群", 0.9]], ensure_ascii=False).encode()
    paddle = json.dumps([[_box(100, 100, 400, 140), ["集群", 0.9]]], ensure_ascii=False).encode()
    for data in (rapid, paddle):
        assert sniff(data) == "rapidocr"
        doc = read_ocr(data, "x", "rapidocr")
        assert render(doc).text == "集群\n" and doc.pages[0].lines[0].confidence == 0.9


@pytest.mark.parametrize(
    ("fmt", "data", "message"),
    [
        ("hocr", b"<html><body><p>no page</p></body></html>", "x.hocr: not valid hOCR (no page in it)"),
        (
            "alto",
            b'<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"><Layout><Page',
            "x.hocr: not valid ALTO (not well-formed XML",
        ),
        ("tsv", b"level\tpage_num\n1\t1\n", "x.hocr: not valid Tesseract TSV (no Tesseract TSV header)"),
        ("rapidocr", b'{"pages": [{"lines": [{"text": "x"}]}]}', "x.hocr: not valid RapidOCR JSON ('box')"),
        ("hocr", b"\xff\xfe<html>", "x.hocr: not valid hOCR (not UTF-8"),
    ],
)
def test_a_malformed_file_is_one_error_naming_it(fmt: str, data: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        read_ocr(data, "x.hocr", fmt)
    assert str(info.value).startswith(message)


@pytest.mark.skipif(not LAYOUT.is_dir(), reason="needs ../shared/bench/docs/layout")
def test_tesseract_hocr_alto_and_tsv_of_one_run_read_alike() -> None:
    texts = {
        suffix: render(read_ocr((LAYOUT / f"d0001.t.{suffix}").read_bytes(), suffix, fmt)).text
        for suffix, fmt in (("hocr", "hocr"), ("alto.xml", "alto"), ("tsv", "tsv"))
    }
    assert texts["hocr"] == texts["alto.xml"] == texts["tsv"]
    assert texts["hocr"].count("\f") == 3  # four pages
    assert "证券公司风险处置条例" in texts["hocr"]


def test_the_command_line_cleans_structured_files_to_text(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.hocr").write_text(HOCR, encoding="utf-8")
    (folder / "page2.alto.xml").write_text(ALTO, encoding="utf-8")
    (folder / "other.json").write_text('{"a": 1}', encoding="utf-8")  # not OCR: left alone
    (folder / "other.xml").write_text("<a/>", encoding="utf-8")
    done = zhclean("-q", str(folder), "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["page.txt", "page2.txt"]
    cleaned = (tmp_path / "out" / "page.txt").read_text(encoding="utf-8")
    assert cleaned.startswith("我们要把思想统") and "<span" not in cleaned
    printed = zhclean("-q", str(folder / "page.hocr"))
    assert printed.returncode == 0 and printed.stdout.decode() == cleaned


def test_write_on_a_structured_file_is_refused_and_a_malformed_one_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "page.hocr"
    path.write_text(HOCR, encoding="utf-8")
    done = zhclean("-w", str(path))
    assert done.returncode == 2
    assert b"is hocr output of an OCR engine; --write would replace it with text" in done.stderr
    assert path.read_text(encoding="utf-8") == HOCR
    bad = tmp_path / "bad.hocr"
    bad.write_text("<html><body>nothing</body></html>", encoding="utf-8")
    done = zhclean("--check", str(bad))
    errors = [line for line in done.stderr.decode().splitlines() if line.startswith("error")]
    assert done.returncode == 2 and errors == [f"error: {bad}: not valid hOCR (no page in it)"]


@pytest.mark.skipif(not LAYOUT.is_dir(), reason="needs ../shared/bench/docs/layout")
def test_the_boxes_tell_a_wrapped_line_from_a_paragraphs_last_line() -> None:
    rendered = render(read_ocr((LAYOUT / "d0001.t.hocr").read_bytes(), "d0001", "hocr"))
    text = rendered.text

    def evidence_after(line_end: str) -> str | None:
        at = text.index(line_end + "\n") + len(line_end)
        return rendered.breaks.get(at)

    assert evidence_after("保护投资者合") == "wrap"  # reaches the right edge; the next starts flush
    assert evidence_after("制定本") == "wrap"
    assert evidence_after("523号公布") == "short"  # ends short of the edge, the next flush
    assert evidence_after("条例。") == "indent"  # the next article's first line is indented


def test_an_indented_line_is_not_joined_to_the_line_before() -> None:
    # The text rules would join a full line that stops mid-sentence to the next; the boxes
    # show the next line indented 2 em: a paragraph starts there (an OCR'd paragraph can end
    # without a full stop), so the break stays.
    from zhclean import Config, Pipeline
    from zhclean.engine.geometry import Rendered

    text = (
        "要因地制宜发展高原特色优势产业，特别是特色农牧业和清洁能源产业，持续发展资源加工业，积极发展\n"
        "现代服务业，促进文旅产业融合。要有力有序有效推进雅下水电工程、川藏铁路等重大项\n"
        "目建设。\n"
    )
    pipe = Pipeline(Config(select=("reflow-wrapped-lines",)))
    assert pipe.run(text).text.count("\n") == 1  # plain text: joined
    first = text.index("\n")
    kept = pipe.run(text, Rendered(text, {first: "indent"})).text  # the boxes: the second line is indented
    assert kept.count("\n") == 2 and kept.startswith(text[: first + 1])


def test_the_library_cleans_a_structured_file_as_the_command_line_does(tmp_path: Path) -> None:
    from zhclean import InputError as LibraryInputError
    from zhclean import clean_document

    path = tmp_path / "page.hocr"
    path.write_text(HOCR, encoding="utf-8")
    result = clean_document(path)
    assert result.original == EXPECTED
    assert result.text == zhclean("-q", str(path)).stdout.decode()
    assert clean_document(HOCR.encode(), format="hocr").text == result.text
    assert clean_document(str(path), select=["normalize-spacing"]).text == EXPECTED
    with pytest.raises(LibraryInputError, match="not hOCR, ALTO, Tesseract TSV, RapidOCR JSON or a PDF"):
        clean_document("我们".encode())
    with pytest.raises(LibraryInputError, match="not valid ALTO"):
        clean_document(HOCR.encode(), format="alto")


def _two_columns() -> list[list]:
    """RapidOCR's boxes of a page in two columns, with a title over both, listed by height as
    RapidOCR lists them."""
    items = [[_box(100, 40, 900, 80), "两栏排版的标题", 0.99]]
    for k in range(5):
        y = 120 + 50 * k
        items.append([_box(100, y, 480, y + 40), f"左栏第{k}行的文字内容", 0.98])
        items.append([_box(540, y, 920, y + 40), f"右栏第{k}行的文字内容", 0.98])
    return items


def test_rapidocr_boxes_in_two_columns_are_read_column_by_column() -> None:
    data = json.dumps(_two_columns(), ensure_ascii=False).encode()
    doc = read_ocr(data, "x", "rapidocr")
    texts = ["".join(w.text for w in line.words) for line in doc.pages[0].lines]
    assert texts == (
        ["两栏排版的标题"]
        + [f"左栏第{k}行的文字内容" for k in range(5)]
        + [f"右栏第{k}行的文字内容" for k in range(5)]
    )


def test_one_column_with_short_lines_and_a_right_set_name_stays_one_column() -> None:
    # Verse: short lines at the left, the poet's name set at the right of one line's height.
    items = [[_box(100, 100 + 50 * k, 400, 140 + 50 * k), f"短句第{k}行。", 0.98] for k in range(8)]
    items += [[_box(700, 100 + 50 * k, 800, 140 + 50 * k), "柳永", 0.98] for k in (0, 4)]
    doc = read_ocr(json.dumps(items, ensure_ascii=False).encode(), "x", "rapidocr")
    assert len(doc.pages[0].blocks) == 1


def test_hocr_blocks_are_read_in_the_engines_order() -> None:
    # Tesseract (page segmentation 3) puts each column in its own ocr_carea, in reading order.
    def area(n: int, x: int, name: str) -> str:
        lines = "".join(
            f"<span class='ocr_line' title='bbox {x} {100 + 50 * k} {x + 380} {140 + 50 * k}'>"
            f"<span class='ocrx_word' title='bbox {x} {100 + 50 * k} {x + 380} {140 + 50 * k}; x_wconf 95'>"
            f"{name}第{k}行</span></span>"
            for k in range(3)
        )
        return f"<div class='ocr_carea' id='block_1_{n}' title='bbox {x} 100 {x + 380} 290'>{lines}</div>"

    hocr = (
        "<div class='ocr_page' title='bbox 0 0 1000 1400'>"
        + area(1, 100, "左栏")
        + area(2, 540, "右栏")
        + "</div>"
    )
    doc = read_ocr(hocr.encode(), "x", "hocr")
    assert len(doc.pages[0].blocks) == 2
    assert render(doc).text == "".join(f"左栏第{k}行\n" for k in range(3)) + "".join(
        f"右栏第{k}行\n" for k in range(3)
    )
