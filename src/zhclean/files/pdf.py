"""The text layer of a searchable PDF (Tesseract's ``pdf`` output, OCRmyPDF's): its words, with
their boxes on the page, as a :class:`~zhclean.core.document.Document`.

pypdf (BSD, pure Python, no dependencies) parses the file and tokenizes the page's content
stream; the text operators are interpreted here, because what is needed is the engine's own
words in the engine's order, each with its box, and no library's regrouping of characters into
"lines". A word's box: from where the text matrix puts it to the end of its glyphs' advance
(font size x glyph widths x horizontal scaling), its height the font size. Tesseract writes one
``TJ`` per word, with ``Tz`` stretching the invisible glyphs over the word's box, and starts a
line with a move down; the line's slope comes from the text matrix, which Tesseract turns by the
baseline's angle.

Coordinates are converted to the pixels of the page's image where one image fills the page (a
scan), else kept in points; y is turned to run down, as in the other readers.
"""

from __future__ import annotations

import io
import math

import regex

from ..core.document import Block, Document, Line, Page, Word
from ..core.errors import InputError

_HEX_RE = regex.compile(rb"<([0-9A-Fa-f\s]+)>")
_BFCHAR_RE = regex.compile(rb"beginbfchar(.*?)endbfchar", regex.S)
_BFRANGE_RE = regex.compile(rb"beginbfrange(.*?)endbfrange", regex.S)


def read_pdf(data: bytes, name: str) -> Document:
    """The words of every page's text layer; an :class:`InputError` naming ``name`` where the
    file is not a PDF pypdf can read, or has no text layer at all (a scan not yet OCR'd)."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise InputError(f"{name}: reading a PDF needs pypdf (pip install pypdf)") from None
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{name}: not a readable PDF (encrypted)")
        pages = [_page(page) for page in reader.pages]
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, OSError) as exc:
        raise InputError(f"{name}: not a readable PDF ({type(exc).__name__}: {exc})") from None
    if not pages:
        raise InputError(f"{name}: not a readable PDF (no page in it)")
    if not any(page.blocks and page.blocks[0].lines for page in pages):
        raise InputError(f"{name}: PDF has no text layer (a scan: OCR it first, e.g. `ocrmypdf`)")
    return Document(pages, "pdf", word_heights=False)


def has_text_layer(path) -> bool:
    """Whether a PDF file draws any text (a font in some page's resources): what the folder walk
    asks before it takes a ``.pdf``."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(path, strict=False)
        for page in reader.pages:
            resources = page.get("/Resources")
            resources = resources.get_object() if resources is not None else {}
            if resources.get("/Font"):
                return True
        return False
    except Exception:
        return False


class _Font:
    """What a word's text and width need from a font: the code length, the map to Unicode and
    the glyph widths (in thousandths of the font size)."""

    def __init__(self, obj) -> None:
        self.two_bytes = obj.get("/Subtype") == "/Type0"
        self.widths: dict[int, float] = {}
        self.default = 1000.0
        if self.two_bytes:
            descendant = obj["/DescendantFonts"][0].get_object()
            self.default = float(descendant.get("/DW", 1000))
            w = descendant.get("/W")
            if w is not None:
                self._cid_widths(list(w.get_object()))
        else:
            first = int(obj.get("/FirstChar", 0))
            for i, width in enumerate(obj.get("/Widths") or []):
                self.widths[first + i] = float(width)
            self.default = 500.0
        self.unicode: dict[int, str] = {}
        to_unicode = obj.get("/ToUnicode")
        if to_unicode is not None:
            self._cmap(to_unicode.get_object().get_data())

    def _cid_widths(self, w: list) -> None:
        i = 0
        while i + 1 < len(w):
            start = int(w[i])
            nxt = w[i + 1].get_object() if hasattr(w[i + 1], "get_object") else w[i + 1]
            if isinstance(nxt, list):
                for k, width in enumerate(nxt):
                    self.widths[start + k] = float(width)
                i += 2
            elif i + 2 < len(w):
                for code in range(start, int(nxt) + 1):
                    self.widths[code] = float(w[i + 2])
                i += 3
            else:
                break

    def _cmap(self, data: bytes) -> None:
        for section in _BFCHAR_RE.findall(data):
            values = _HEX_RE.findall(section)
            for src, dst in zip(values[::2], values[1::2], strict=False):
                self.unicode[int(src, 16)] = _utf16(dst)
        for section in _BFRANGE_RE.findall(data):
            for line in section.splitlines():
                values = _HEX_RE.findall(line)
                if len(values) != 3:
                    continue
                lo, hi, dst = int(values[0], 16), int(values[1], 16), _utf16(values[2])
                if not dst or hi - lo > 0x10000:
                    continue
                if hi - lo == 0xFFFF and lo == 0 and dst == "\0":
                    self.identity = True  # Tesseract's GlyphLessFont: codes are UTF-16
                    continue
                base = ord(dst[-1])
                for code in range(lo, hi + 1):
                    if base + code - lo < 0x110000:
                        self.unicode[code] = dst[:-1] + chr(base + code - lo)

    identity = False

    def decode(self, raw: bytes) -> tuple[str, float]:
        """The text of a string operand and its advance in thousandths of the font size."""
        if self.two_bytes:
            codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]
        else:
            codes = list(raw)
        width = sum(self.widths.get(code, self.default) for code in codes)
        if self.identity or (self.two_bytes and not self.unicode):
            text = (b"".join(c.to_bytes(2, "big") for c in codes)).decode("utf-16-be", "replace")
        elif self.unicode:
            text = "".join(self.unicode.get(code, "\ufffd") for code in codes)
        else:
            text = raw.decode("latin-1")
        return text, width


def _utf16(hex_digits: bytes) -> str:
    raw = bytes.fromhex(hex_digits.decode("ascii").replace(" ", ""))
    return raw.decode("utf-16-be", "replace") if len(raw) >= 2 else raw.decode("latin-1")


def _multiply(a: tuple, b: tuple) -> tuple:
    """The product of two PDF matrices (a b c d e f)."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def _page(page) -> Page:
    from pypdf.generic import ContentStream

    box = page.mediabox
    x_min, y_min = float(box.left), float(box.bottom)
    width_pt, height_pt = float(box.width), float(box.height)
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else {}
    fonts_dict = resources.get("/Font")
    fonts_dict = fonts_dict.get_object() if fonts_dict is not None else {}
    scale = _image_scale(resources, width_pt)
    contents = page.get_contents()
    if contents is None or not fonts_dict:
        return Page([Block([])], width_pt * scale, height_pt * scale)
    fonts: dict[str, _Font] = {}
    words: list[tuple[Word, float]] = []  # and the slope of the text matrix
    starts: list[bool] = []  # a word that starts a new line
    ctm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack: list[tuple] = []
    tm = line_m = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    font: _Font | None = None
    size, hscale, char_space, word_space, rise = 1.0, 1.0, 0.0, 0.0, 0.0
    leading = 0.0
    new_line = True

    def show(raw: bytes) -> None:
        nonlocal tm
        if font is None:
            return
        text, advance = font.decode(raw)
        glyphs = len(raw) // 2 if font.two_bytes else len(raw)
        spaces = text.count(" ")
        width = (advance / 1000 * size + glyphs * char_space + spaces * word_space) * hscale
        m = _multiply(tm, ctm)
        stripped = text.strip()
        if stripped:
            (x0, y0), (x1, y1) = _point(m, 0, rise), _point(m, width, rise)
            angle = math.atan2(y1 - y0, x1 - x0)
            height = size * math.hypot(m[2], m[3])
            # spaces around a word are not part of its box, except in Tesseract's glyphless
            # font, whose glyphs (the trailing space too) are stretched over the word's box
            lead = trail = 0.0
            if not font.identity:
                lead = (len(text) - len(text.lstrip())) / len(text) * (x1 - x0)
                trail = (len(text) - len(text.rstrip())) / len(text) * (x1 - x0)
            left, right = min(x0, x1) + lead, max(x0, x1) - trail
            top_pt, bottom_pt = max(y0, y1) + 0.8 * height, min(y0, y1) - 0.2 * height
            word_box = (
                (left - x_min) * scale,
                (height_pt - (top_pt - y_min)) * scale,
                (right - x_min) * scale,
                (height_pt - (bottom_pt - y_min)) * scale,
            )
            words.append((Word(stripped, word_box), -math.tan(angle)))
            starts.append(new_line)
        tm = _multiply((1.0, 0.0, 0.0, 1.0, width, 0.0), tm)

    for operands, operator in ContentStream(contents, page.pdf).operations:
        op = operator.decode("latin-1") if isinstance(operator, bytes) else str(operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop() if stack else ctm
        elif op == "cm":
            ctm = _multiply(tuple(float(v) for v in operands), ctm)
        elif op == "BT":
            tm = line_m = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
            new_line = True
        elif op == "Tf":
            name, size = str(operands[0]), float(operands[1])
            if name not in fonts and name in fonts_dict:
                fonts[name] = _Font(fonts_dict[name].get_object())
            font = fonts.get(name)
        elif op == "Tz":
            hscale = float(operands[0]) / 100
        elif op == "Tc":
            char_space = float(operands[0])
        elif op == "Tw":
            word_space = float(operands[0])
        elif op == "Ts":
            rise = float(operands[0])
        elif op == "TL":
            leading = float(operands[0])
        elif op in ("Td", "TD"):
            tx, ty = float(operands[0]), float(operands[1])
            if op == "TD":
                leading = -ty
            line_m = tm = _multiply((1.0, 0.0, 0.0, 1.0, tx, ty), line_m)
            new_line = new_line or ty != 0 or tx < 0
        elif op == "Tm":
            line_m = tm = tuple(float(v) for v in operands)
            new_line = True
        elif op == "T*":
            line_m = tm = _multiply((1.0, 0.0, 0.0, 1.0, 0.0, -leading), line_m)
            new_line = True
        elif op in ("Tj", "'", '"'):
            if op != "Tj":
                line_m = tm = _multiply((1.0, 0.0, 0.0, 1.0, 0.0, -leading), line_m)
                new_line = True
            show(_raw(operands[-1]))
            new_line = False
        elif op == "TJ":
            for item in operands[0]:
                if isinstance(item, (int, float)) or type(item).__name__ in ("FloatObject", "NumberObject"):
                    tm = _multiply((1.0, 0.0, 0.0, 1.0, -float(item) / 1000 * size * hscale, 0.0), tm)
                else:
                    show(_raw(item))
            new_line = False
        if len(words) > 2_000_000:
            raise ValueError("more than two million words on a page")
    return Page([Block(_lines(words, starts))], width_pt * scale, height_pt * scale)


def _raw(operand) -> bytes:
    """A string operand's bytes as written (pypdf decodes some to text)."""
    original = getattr(operand, "original_bytes", None)
    if original is not None:
        return bytes(original)
    return bytes(operand) if not isinstance(operand, str) else operand.encode("latin-1")


def _point(m: tuple, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _image_scale(resources, width_pt: float) -> float:
    """Pixels per point where the page is one image (a scan): its width over the page's."""
    xobjects = resources.get("/XObject")
    if xobjects is None or not width_pt:
        return 1.0
    widths = []
    for ref in xobjects.get_object().values():
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image" and obj.get("/Width"):
            widths.append(float(obj["/Width"]))
    return max(widths) / width_pt if len(widths) == 1 else 1.0


def _lines(words: list[tuple[Word, float]], starts: list[bool]) -> list[Line]:
    """Words grouped into lines: a new line where the text moved down (or back) to start one and
    the word does not sit on the current line's height."""
    lines: list[Line] = []
    current: list[Word] = []
    slopes: list[float] = []

    def close() -> None:
        if current:
            box = (
                min(w.box[0] for w in current),  # type: ignore[index]
                min(w.box[1] for w in current),  # type: ignore[index]
                max(w.box[2] for w in current),  # type: ignore[index]
                max(w.box[3] for w in current),  # type: ignore[index]
            )
            lines.append(Line(list(current), box, sorted(slopes)[len(slopes) // 2]))

    for (word, slope), start in zip(words, starts, strict=True):
        if current and start:
            last = current[-1].box
            assert last is not None and word.box is not None
            centre, height = (word.box[1] + word.box[3]) / 2, word.box[3] - word.box[1]
            same_row = abs(centre - (last[1] + last[3]) / 2) <= height / 2 and word.box[0] >= last[0]
            if not same_row:
                close()
                current, slopes = [], []
        current.append(word)
        slopes.append(slope)
    close()
    return lines
