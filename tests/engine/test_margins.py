"""zhclean.engine.margins: headers, footers and page numbers by their place on the page; and
lines the engine itself doubted and specks it read as marks, as the pipeline removes them."""

from __future__ import annotations

from zhclean import Pipeline
from zhclean.core.document import Block, Document, Line, Page, Word
from zhclean.engine.geometry import render

EM = 40
BODY = [
    "国家鼓励工业企业园区开展节水型社会建设加快推进节水设施建设提高",
    "用水效率严格控制高耗水行业发展推动城镇节水降损工作取得明显成",
    "效全面建立节水制度体系。",
]


def _line(text: str, x: float, y: float, confidence: float = 0.95) -> Line:
    box = (x, y, x + EM * len(text), y + EM)
    return Line([Word(text, box, confidence)], box, 0.0)


def _page(top: str | None, body: list[str], foot: str | None, body_y: float = 200) -> Page:
    lines = []
    if top is not None:
        lines.append(_line(top, 400, 60))
    for k, text in enumerate(body):
        lines.append(_line(text, 100, body_y + 60 * k))
    if foot is not None:
        lines.append(_line(foot, 740 - EM * len(foot) / 2, 1500))  # centred under the text
    return Page([Block(lines)], 1600, 1700)


def _clean(doc: Document) -> str:
    rendered = render(doc)
    return Pipeline().run(rendered.text, rendered).text


def test_headers_and_page_numbers_go_by_their_place_even_misread() -> None:
    # The header on every page, the first too; page numbers at the foot, one read as =到=.
    pages = [_page("百科知识读本", BODY, foot) for foot in ("- 278 -", "=到=", "- 280 -")]
    rendered = render(Document(pages, "hocr"))
    assert len(rendered.furniture) == 6
    out = _clean(Document(pages, "hocr"))
    assert "百科知识读本" not in out and "=到=" not in out and "278" not in out
    assert out.count("全面建立节水制度体系。") == 3  # no body line lost


def test_a_line_set_apart_at_the_foot_of_one_page_is_text() -> None:
    # A letter's date at the foot of its only page, and of one page of two: the document's own.
    one = Document([_page(None, BODY, "二〇二四年九月二十四日")], "hocr")
    assert render(one).furniture == {}
    assert "二〇二四年九月二十四日" in _clean(one)
    two = Document([_page(None, BODY, None), _page(None, BODY, "二〇二四年九月二十四日")], "hocr")
    assert render(two).furniture == {}  # (and the same full lines heading both pages are text)


def test_a_line_the_body_writes_as_often_is_not_a_header() -> None:
    # A poet's name over each poem, at the head of pages too: text.
    verse = ["纵得山林趣，惯将礼法疏。", "如今拣溪山好处居。", "我今日直京都。", "那一个闲人敢言语。"]
    pages = [
        _page(None, ["王实甫", verse[k], "王实甫", verse[k + 1], "王实甫", BODY[k]], None, body_y=60)
        for k in range(2)
    ]
    assert render(Document(pages, "hocr")).furniture == {}


def test_a_line_the_engine_read_with_almost_no_confidence_goes() -> None:
    speckle = _line("人和 0 汪汪", 100, 400, confidence=0.03)
    doubted = _line("转交", 100, 460, confidence=0.14)  # unsure, but above 10 %: stays
    page = Page([Block([_line(BODY[0], 100, 200), _line(BODY[2], 100, 260), speckle, doubted])])
    out = _clean(Document([page], "hocr"))
    assert "汪汪" not in out and "转交" in out
    # The same text as plain text: nothing says it is speckle by confidence.
    rendered = render(Document([page], "hocr"))
    assert "汪汪" in Pipeline().run(rendered.text).text


def test_a_last_page_that_ends_early_loses_its_centred_number_too() -> None:
    # The last page's number sits right under its short text, not at the other pages' height.
    full = _page(None, BODY * 4, "- 1 -")
    # misread: no rule knows it by its text
    last = Page([Block([_line(BODY[0], 100, 200), _line(BODY[2], 100, 260), _line("-2]-", 660, 420)])])
    rendered = render(Document([full, last], "hocr"))
    assert (
        sorted(rendered.furniture.values())
        == ["below the text at the foot of 2 pages (page number or footer)"] * 2
    )
    assert "-2]-" not in _clean(Document([full, last], "hocr"))


def test_a_mark_the_engine_read_out_of_a_speck_in_front_of_a_line_goes() -> None:
    # Tesseract glues a speck in front of a line to its first word, with the speck's box.
    def page(first: Word) -> Page:
        tail = Word("五条处置证券公司风险过程中，应当保障证券经纪", (180, 260, 1380, 300), 0.9)
        second = Line([first, tail], (100, 260, 1380, 300), 0.0)
        return Page([Block([_line(BODY[0], 100, 200), second, _line(BODY[2], 100, 320)])])

    speck = page(Word("\u201d第", (100, 270, 102, 272), 0.04))
    out = _clean(Document([speck], "hocr"))
    assert "\u201d" not in out and "第五条处置" in out
    # The same mark with a character's box is the engine's reading of a character: it stays.
    mark = page(Word("\u201d第", (100, 260, 170, 300), 0.9))
    assert render(Document([mark], "hocr")).specks == {}


def test_a_sentence_the_page_break_cut_is_joined_across_the_furniture() -> None:
    # Page 1 ends with a full line mid-sentence; page 2 starts flush with the sentence's rest.
    first = _page("百科知识读本", [BODY[0], BODY[1] + "统", BODY[0] + "在"], "- 1 -")
    second = _page("百科知识读本", ["全国范围内推行节水工作。", BODY[0], BODY[1], BODY[0], BODY[2]], "- 2 -")
    doc = Document([first, second], "hocr")
    rendered = render(doc)
    end = rendered.text.index("在\n") + 1
    assert rendered.breaks[end] == "wrap" and rendered.across[end] == rendered.text.index("全国范围")
    out = _clean(doc)
    assert "在全国范围内推行节水工作。" in out and "- 1 -" not in out
    # Only where the text joins those two lines: with the page number still there (a filter
    # left out), the boxes say nothing of the break before it.
    from zhclean import Config

    pipe = Pipeline(Config(select=("reflow-wrapped-lines",)))
    kept = pipe.run(rendered.text, rendered).text
    assert "在\n- 1 -" in kept


def _cpu(call) -> float:  # type: ignore[no-untyped-def]
    import time

    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        call()
        best = min(best, time.process_time() - start)
    return best


def test_finding_furniture_costs_linearly_in_the_pages() -> None:
    # Every page with a header that carries its number (each reads differently), and a number
    # at its foot: the comparisons must not grow with pages x pages.
    def book(n: int) -> Document:
        body = [[BODY[k % 2], BODY[1 - k % 2], BODY[2]] for k in range(n)]
        return Document([_page(f"第{k}页 百科知识读本", body[k], f"- {k} -") for k in range(n)], "hocr")

    small, large = book(100), book(800)
    assert len(render(small).furniture) == 200
    ratio = _cpu(lambda: render(large)) / _cpu(lambda: render(small))
    assert ratio < 16, ratio  # 8x the pages


def test_columns_side_by_side_have_edges_of_their_own() -> None:
    # Two columns of two paragraphs, each with its first line indented by two characters and
    # its last line short: each column's edges are its own, and nothing is said from the foot
    # of one column to the head of the next.
    def column(x: float, name: str) -> Block:
        lines = []
        for k in range(8):
            indent = 2 * EM if k % 4 == 0 else 0
            short = 5 * EM if k % 4 == 3 else 0
            box = (x + indent, 100 + 60 * k, x + 16 * EM - short, 140 + 60 * k)
            text = name * round((box[2] - box[0]) / EM)
            lines.append(Line([Word(text, box, 0.95)], box, 0.0))
        return Block(lines)

    page = Page([column(100, "左"), column(900, "右")])
    rendered = render(Document([page], "hocr"))
    kinds = [rendered.breaks.get(i) for i, ch in enumerate(rendered.text) if ch == "\n"]
    column_kinds = ["wrap", "wrap", "wrap", "indent", "wrap", "wrap", "wrap"]
    assert kinds[:7] == column_kinds and kinds[7] is None and kinds[8:15] == column_kinds


def test_a_skewed_page_is_levelled_from_its_words_where_no_baseline_is_given() -> None:
    # ALTO and TSV keep no baseline: the slope is fitted through the words' bottoms. A page
    # turned by about 5 degrees: without levelling, its upper flush lines look indented.
    slope = 0.08

    def turned(x: float, y: float) -> tuple[float, float]:
        return x - slope * y, y + slope * x

    lines = []
    for k in range(16):
        indent = 2 * EM if k % 4 == 0 else 0
        short = 5 * EM if k % 4 == 3 else 0
        words = []
        for w in range(4):
            x0 = 100 + indent + w * (16 * EM - indent - short) / 4
            x1 = x0 + (16 * EM - indent - short) / 4 - 4
            (a, b), (c, d) = turned(x0, 100 + 60 * k), turned(x1, 140 + 60 * k)
            words.append(Word("字" * round((x1 - x0) / EM), (a, b, c, d), 0.95))
        box = (
            min(w.box[0] for w in words),
            min(w.box[1] for w in words),
            max(w.box[2] for w in words),
            max(w.box[3] for w in words),
        )
        lines.append(Line(words, box, None))
    rendered = render(Document([Page([Block(lines)])], "alto"))
    kinds = [rendered.breaks.get(i) for i, ch in enumerate(rendered.text) if ch == "\n"][:-1]
    assert [i for i, kind in enumerate(kinds) if kind == "indent"] == [3, 7, 11]


def test_a_misread_page_number_at_the_head_of_pages_goes_but_a_confident_title_stays() -> None:
    # Page numbers at the pages' heads, set above the text: OCR read two of them as =有了=.
    def page(head: str, sure: float) -> Page:
        lines = [_line(head, 100, 60, confidence=sure)]
        lines += [_line(text, 100, 200 + 60 * k) for k, text in enumerate([BODY[0], BODY[1], BODY[2]])]
        return Page([Block(lines)], 1600, 1700)

    numbers = Document([page("=有了=", 0.45), page("- 2 -", 0.9), page("=与与二", 0.5)], "hocr")
    assert "有了" not in _clean(numbers) and "与与" not in _clean(numbers)
    # A short title heading every page, read with confidence, is the document's own.
    titles = Document([page("柳永", 0.93), page("张先", 0.92), page("晏殊", 0.94)], "hocr")
    assert render(titles).furniture == {}
    assert all(name in _clean(titles) for name in ("柳永", "张先", "晏殊"))
