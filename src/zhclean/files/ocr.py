"""Readers of what OCR engines write besides plain text: hOCR, ALTO, Tesseract's TSV, the
result lists of RapidOCR and PaddleOCR, and (in :mod:`.pdf`) the text layer of a searchable
PDF. Each gives a :class:`~zhclean.core.document.Document` with the engine's geometry and
confidences.

Detected by content (the first bytes), not only by name: an ``ocr_page`` element, the ALTO
namespace, the TSV header, RapidOCR's keys, a PDF that draws text. A file that is not what it
claims to be is an :class:`InputError` naming the file and what is wrong.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import regex

from ..core.document import Block, Box, Document, Line, Page, Word
from ..core.errors import InputError

FORMATS = ("hocr", "alto", "tsv", "rapidocr", "pdf")
TSV_HEADER = b"level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
# Names that claim a format: a file so named must be it.
CLAIMS = {".hocr": "hocr", ".alto": "alto", ".pdf": "pdf"}
SNIFF_BYTES = 1 << 16


def sniff(head: bytes) -> str | None:
    """The format the first bytes of a file show, or None (plain text, or some other file)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(TSV_HEADER):
        return "tsv"
    if start[:1] == b"<":
        if b"ocr_page" in head and regex.search(rb"class=['\"]ocr_page", head):
            return "hocr"
        if regex.search(rb"<(?:\w+:)?alto\b[^>]*loc\.gov/standards/alto", head):
            return "alto"
        return None
    if start[:1] in (b"{", b"["):
        if start[:1] == b"[" and regex.match(rb"\[\s*\[\s*\[\s*\[\s*-?[0-9.]", start):
            return "rapidocr"  # [[box, text, score], ...]
        if b'"pages"' in head and b'"lines"' in head and b'"box"' in head:
            return "rapidocr"
    return None


# Names an engine's structured output may have; other files are not even opened to sniff.
SUFFIXES = (".hocr", ".html", ".htm", ".xml", ".tsv", ".json", ".pdf")


def sniff_file(path: Path) -> str | None:
    """The format of a file by its first bytes (or the one its name claims, where it cannot be
    read: reading it says what is wrong); None for text and for other files. A PDF is taken
    when it draws text (a searchable PDF); a scan without a text layer is left alone."""
    if not path.name.lower().endswith(SUFFIXES):
        return None
    try:
        with open(path, "rb") as fh:
            fmt = sniff(fh.read(SNIFF_BYTES))
    except OSError:
        return claimed(path.name)
    if fmt == "pdf":
        from .pdf import has_text_layer

        return "pdf" if has_text_layer(path) else None
    return fmt or (claimed(path.name) if not path.name.lower().endswith(".pdf") else None)


def claimed(name: str) -> str | None:
    """The format a file's name claims (``page.hocr``, ``page.alto.xml``)."""
    lower = name.lower()
    if lower.endswith(".alto.xml"):
        return "alto"
    for suffix, fmt in CLAIMS.items():
        if lower.endswith(suffix):
            return fmt
    return None


def read_ocr(data: bytes, name: str, fmt: str) -> Document:
    """Parse ``data`` as ``fmt``; an :class:`InputError` naming ``name`` where it is not valid."""
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid {_TITLES[fmt]} (not UTF-8: byte at offset {exc.start})"
        ) from None
    try:
        doc = _READERS[fmt](text)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise InputError(f"{name}: not valid {_TITLES[fmt]} ({exc})") from None
    if not doc.pages:
        raise InputError(f"{name}: not valid {_TITLES[fmt]} (no page in it)")
    return doc


_TITLES = {
    "hocr": "hOCR",
    "alto": "ALTO",
    "tsv": "Tesseract TSV",
    "rapidocr": "RapidOCR JSON",
    "pdf": "PDF",
}


# --- hOCR --------------------------------------------------------------------------------------
_BBOX_RE = regex.compile(
    r"\bbbox\s+(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)"
)
_WCONF_RE = regex.compile(r"\bx_wconf\s+(-?\d+(?:\.\d+)?)")
_BASELINE_RE = regex.compile(r"\bbaseline\s+(-?\d+(?:\.\d+)?)")


def _bbox(title: str) -> Box | None:
    m = _BBOX_RE.search(title)
    return (float(m[1]), float(m[2]), float(m[3]), float(m[4])) if m else None


class _HocrParser:
    """The elements hOCR marks with ``ocr_*`` classes, as a tag scanner meets them."""

    def __init__(self) -> None:
        self.pages: list[Page] = []
        self.stack: list[str | None] = []  # the ocr class each open element started, if any
        self.word: list[str] | None = None
        self.word_title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        title = values.get("title") or ""
        kind = next((c for c in classes if c.startswith(("ocr_", "ocrx_"))), None)
        if kind == "ocr_page":
            box = _bbox(title)
            self.pages.append(Page(width=box[2] if box else None, height=box[3] if box else None))
        elif kind in ("ocr_carea", "ocrx_block") and self.pages:
            self.pages[-1].blocks.append(Block(box=_bbox(title)))
        elif kind in ("ocr_line", "ocrx_line", "ocr_textfloat", "ocr_header", "ocr_caption") and self.pages:
            page = self.pages[-1]
            if not page.blocks:
                page.blocks.append(Block())
            m = _BASELINE_RE.search(title)
            page.blocks[-1].lines.append(Line([], _bbox(title), float(m[1]) if m else None))
        elif kind == "ocrx_word":
            self.word, self.word_title = [], title
        if tag not in _VOID:
            self.stack.append(kind)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self.stack:
            return
        kind = self.stack.pop()
        if kind == "ocrx_word" and self.word is not None:
            text = "".join(self.word).strip()
            page = self.pages[-1] if self.pages else None
            if text and page is not None and page.blocks and page.blocks[-1].lines:
                m = _WCONF_RE.search(self.word_title)
                conf = float(m[1]) / 100 if m else None
                page.blocks[-1].lines[-1].words.append(Word(text, _bbox(self.word_title), conf))
            self.word = None

    def handle_data(self, data: str) -> None:
        if self.word is not None:
            self.word.append(data)


_VOID = {"meta", "br", "img", "link", "hr", "input"}


# A tag, a comment, a declaration or a processing instruction; what lies between is text.
# (A scanner of our own: html.parser reads Tesseract's hOCR at about 2.4 MB/s, this at ten times
# that, and hOCR is XHTML an engine wrote, not the web's tag soup.)
_MARKUP_RE = regex.compile(
    r"<!--.*?-->|<![^>]*>|<\?.*?\?>"
    r"|<(/?)([A-Za-z][\w:.-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>",
    regex.S,
)
_ATTR_RE = regex.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def _read_hocr(text: str) -> Document:
    parser = _HocrParser()
    at = 0
    for m in _MARKUP_RE.finditer(text):
        if m.start() > at and parser.word is not None:
            parser.handle_data(html.unescape(text[at : m.start()]))
        at = m.end()
        name = m.group(2)
        if name is None:
            continue  # a comment or declaration
        tag = name.lower()
        if m.group(1):
            parser.handle_endtag(tag)
            continue
        attrs = [
            (a.group(1).lower(), html.unescape(next(v for v in a.group(2, 3, 4) if v is not None)))
            for a in _ATTR_RE.finditer(m.group(3))
        ]
        parser.handle_starttag(tag, attrs)
        if m.group(4):
            parser.handle_endtag(tag)
    if at < len(text) and parser.word is not None:
        parser.handle_data(html.unescape(text[at:]))
    return Document(parser.pages, "hocr")


# --- ALTO --------------------------------------------------------------------------------------
def _read_alto(text: str) -> Document:
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ValueError(f"not well-formed XML: {exc}") from None

    def local(el: ET.Element) -> str:
        return el.tag.rsplit("}", 1)[-1]

    def box(el: ET.Element) -> Box | None:
        try:
            x, y = float(el.get("HPOS", "")), float(el.get("VPOS", ""))
            return (x, y, x + float(el.get("WIDTH", "0")), y + float(el.get("HEIGHT", "0")))
        except ValueError:
            return None

    pages = []
    for page_el in (el for el in root.iter() if local(el) == "Page"):
        page = Page(width=_number(page_el.get("WIDTH")), height=_number(page_el.get("HEIGHT")))
        for block_el in (el for el in page_el.iter() if local(el) == "TextBlock"):
            block = Block(box=box(block_el))
            for line_el in (el for el in block_el if local(el) == "TextLine"):
                words = []
                for s in line_el:
                    if local(s) == "String" and (s.get("CONTENT") or "").strip():
                        wc = _number(s.get("WC"))
                        words.append(Word(s.get("CONTENT", "").strip(), box(s), wc))
                block.lines.append(Line(words, box(line_el)))
            page.blocks.append(block)
        pages.append(page)
    return Document(pages, "alto")


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


# --- Tesseract TSV -----------------------------------------------------------------------------
def _read_tsv(text: str) -> Document:
    rows = text.split("\n")
    if not rows[0].startswith(TSV_HEADER.decode()):
        raise ValueError("no Tesseract TSV header")
    pages: list[Page] = []
    for number, row in enumerate(rows[1:], 2):
        if not row.strip():
            continue
        cells = row.rstrip("\r").split("\t")
        if len(cells) < 11:
            raise ValueError(f"line {number} has {len(cells)} columns, not 12")
        level = int(cells[0])
        left, top, width, height = (float(c) for c in cells[6:10])
        box = (left, top, left + width, top + height)
        if level == 1:
            pages.append(Page(width=width, height=height))
        elif not pages:
            raise ValueError(f"line {number}: a level-{level} row before any page")
        elif level == 2:
            pages[-1].blocks.append(Block(box=box))
        elif level == 4:
            if not pages[-1].blocks:
                pages[-1].blocks.append(Block())
            pages[-1].blocks[-1].lines.append(Line([], box))
        elif level == 5:
            word = cells[11].strip() if len(cells) > 11 else ""
            page = pages[-1]
            if word and page.blocks and page.blocks[-1].lines:
                conf = float(cells[10])
                page.blocks[-1].lines[-1].words.append(Word(word, box, conf / 100 if conf >= 0 else None))
    return Document(pages, "tsv")


# --- RapidOCR / PaddleOCR results -----------------------------------------------------------------
def _read_rapidocr(text: str) -> Document:
    data = json.loads(text)
    if isinstance(data, list):
        # RapidOCR's [box, text, score]; PaddleOCR's [box, [text, score]]
        items = [(item[0], *item[1]) if len(item) == 2 else item for item in data]
        raw_pages = [{"lines": [{"box": b, "text": t, "score": s} for b, t, s in items]}]
    elif isinstance(data, dict) and isinstance(data.get("pages"), list):
        raw_pages = data["pages"]
    else:
        raise ValueError("neither a list of [box, text, score] nor an object with pages")
    pages = []
    for raw in raw_pages:
        boxes = []
        slopes: dict[Box, float] = {}
        for item in raw.get("lines") or []:
            points = item["box"]
            xs, ys = [float(p[0]) for p in points], [float(p[1]) for p in points]
            word = str(item["text"]).strip()
            if word:
                score = item.get("score")
                box = (min(xs), min(ys), max(xs), max(ys))
                boxes.append(Word(word, box, float(score) if score is not None else None))
                # the top edge, top left to top right: the line's slope (y down)
                slopes[box] = (ys[1] - ys[0]) / (xs[1] - xs[0]) if xs[1] != xs[0] else 0.0
        pages.append(
            Page(
                [Block(_rows(column, slopes)) for column in _columns(boxes)],
                _number(raw.get("width")),
                _number(raw.get("height")),
            )
        )
    return Document(pages, "rapidocr")


def _columns(boxes: list[Word]) -> list[list[Word]]:
    """A page's boxes in reading order, by columns: where a gutter (an x range at least
    ``GUTTER`` of the text's height wide, in the middle of the text, that no box crosses) parts
    the boxes into two sides of ``MIN_COLUMN`` boxes or more, the left column is read before the
    right, in bands between the boxes that span the gutter (a title over both columns). RapidOCR
    lists boxes by height only, so without this two columns would be read across."""
    if len(boxes) < 2 * MIN_COLUMN:
        return [boxes]
    heights = sorted(w.box[3] - w.box[1] for w in boxes)  # type: ignore[index]
    em = heights[len(heights) // 2]
    lo = min(w.box[0] for w in boxes)  # type: ignore[index]
    hi = max(w.box[2] for w in boxes)  # type: ignore[index]
    if em <= 0 or hi - lo < 8 * em:
        return [boxes]
    # x ranges covered by boxes that are not wide enough to span two columns' gutter
    spans = sorted((w.box[0], w.box[2]) for w in boxes if w.box[2] - w.box[0] < 0.6 * (hi - lo))  # type: ignore[index]
    gutter = None
    reach = lo
    for x0, x1 in spans:
        if x0 - reach >= GUTTER * em and lo + 0.2 * (hi - lo) <= (x0 + reach) / 2 <= lo + 0.8 * (hi - lo):
            if gutter is None or x0 - reach > gutter[1] - gutter[0]:
                gutter = (reach, x0)
        reach = max(reach, x1)
    if gutter is None:
        return [boxes]
    middle = (gutter[0] + gutter[1]) / 2
    left = [w for w in boxes if w.box[2] <= middle]  # type: ignore[index]
    right = [w for w in boxes if w.box[0] >= middle]  # type: ignore[index]
    if len(left) < MIN_COLUMN or len(right) < MIN_COLUMN:
        return [boxes]
    # Two columns stand side by side, row after row, and the right one starts at an edge of
    # its own (verse with a right-set name, or short lines, has no such second column).
    edge = min(w.box[0] for w in right)  # type: ignore[index]
    if 2 * sum(1 for w in right if w.box[0] - edge <= em) < len(right):  # type: ignore[index]
        return [boxes]
    rows = sorted((w.box[1], w.box[3]) for w in left)  # type: ignore[index]
    beside = sum(1 for w in right if _overlaps(rows, w.box[1], w.box[3]))  # type: ignore[index]
    if beside < MIN_COLUMN or 2 * beside < len(right):
        return [boxes]
    across = sorted((w for w in boxes if w.box[0] < middle < w.box[2]), key=lambda w: w.box[1])  # type: ignore[index]
    out: list[list[Word]] = []
    top = float("-inf")
    for band_end in [w.box[1] for w in across] + [float("inf")]:  # type: ignore[index]
        for side in (left, right):
            part = [w for w in side if top <= w.box[1] < band_end]  # type: ignore[index]
            if part:
                out.append(part)
        top = band_end
        spanning = [w for w in across if w.box[1] == band_end]  # type: ignore[index]
        if spanning:
            out.append(spanning)
    return out


def _overlaps(rows: list[tuple[float, float]], top: float, bottom: float) -> bool:
    """Whether a box from ``top`` to ``bottom`` sits beside one of ``rows`` (sorted by top)."""
    from bisect import bisect_right

    i = bisect_right(rows, (bottom, float("inf")))
    return any(rows[k][1] > top for k in range(max(0, i - 3), i))


GUTTER = 1.0  # in ems (the median box height)
MIN_COLUMN = 4


def _rows(boxes: list[Word], slopes: dict[Box, float]) -> list[Line]:
    """Boxes grouped into printed lines: sorted by centre y, a box joins the current row when its
    centre lies within half its height of the row's first box; a row's boxes left to right."""
    rows: list[list[Word]] = []
    first: Word | None = None
    for word in sorted(boxes, key=lambda w: (w.box[1] + w.box[3]) / 2):  # type: ignore[index]
        assert word.box is not None
        centre, height = (word.box[1] + word.box[3]) / 2, word.box[3] - word.box[1]
        if first is not None and first.box is not None:
            if abs(centre - (first.box[1] + first.box[3]) / 2) <= height / 2:
                rows[-1].append(word)
                continue
        rows.append([word])
        first = word
    lines = []
    for row in rows:
        row.sort(key=lambda w: w.box[0])  # type: ignore[index]
        xs0 = min(w.box[0] for w in row)  # type: ignore[index]
        ys0 = min(w.box[1] for w in row)  # type: ignore[index]
        xs1 = max(w.box[2] for w in row)  # type: ignore[index]
        ys1 = max(w.box[3] for w in row)  # type: ignore[index]
        slope = sorted(slopes.get(w.box, 0.0) for w in row)[len(row) // 2]  # type: ignore[arg-type]
        lines.append(Line(row, (xs0, ys0, xs1, ys1), slope))
    return lines


_READERS = {"hocr": _read_hocr, "alto": _read_alto, "tsv": _read_tsv, "rapidocr": _read_rapidocr}
