"""Remove the spaces OCR puts into Chinese sentences, and trailing whitespace.

What it fixes:

- spaces between Han characters and between Han and Chinese punctuation, quotes or brackets, in
  lines that are sentences (``“四下基层” 正被`` → ``“四下基层”正被``, ``“ 党的`` → ``“党的``,
  ``工作， 通过`` → ``工作，通过``);
- spaces between Han and digits or Latin letters, only where the document's own majority style
  writes them together: in a document that writes ``2023年``, a stray ``2019 年`` becomes
  ``2019年``; in a document written ``Debian 参考手册`` style nothing changes;
- a space beside a quotation mark, bracket or Chinese punctuation, and beside Latin, are matters
  of style: changed only in a document that shows OCR or extraction damage elsewhere (otherwise
  the first is suggested and the second left as the author wrote it). Spaces between two Han
  characters in a sentence are OCR's in any document.
- trailing whitespace at the end of a line, in a document that shows damage (elsewhere it is
  the author's or the format's: two spaces end a line in Markdown).

Why: Chinese is written without spaces between words; OCR engines insert them at glyph gaps and
around punctuation. Full-width punctuation carries its own spacing.

Example:

>>> from zhclean import clean
>>> clean("同志强调，“ 党的领导” 正被推 广，2019 年和2023年、2024年、2025年。", select=["normalize-spacing"])
'同志强调，“党的领导”正被推广，2019年和2023年、2024年、2025年。'
>>> clean("Ingress 需要指定 apiVersion、kind、 metadata 和 spec 字段。", select=["normalize-spacing"])
'Ingress 需要指定 apiVersion、kind、 metadata 和 spec 字段。'

Safety: safe, with these exceptions kept as they are: lines with no Chinese sentence
punctuation (titles, headlines, table rows, letter-spaced headings such as ``目 录``); the space
after an article number (``第一条 为了``); spaces in a line's indentation; the ideographic
space. A space inside quotation marks or a book title between two phrases of four or more
characters each is a slogan's deliberate space (``“融合创新 数字赋能”``) and stays; between
shorter words inside quotes it is only an unsafe suggestion. A space
never moves into or out of a URL, a file name or inline code.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import regex

from ...core.chars import CJK, CJK_CLOSERS, CJK_OPENERS, CJK_STOPS, HAN, HSPACE, STRAY_SPACE
from ...core.edits import Edit, Safety
from ...core.lexicon import word
from ..layout import SentenceLines

if TYPE_CHECKING:
    from ..context import Context

SIGNALS_DAMAGE = True  # its repairs show OCR or extraction damage (see Context.damage)

# A line with one of these marks is running text (not a title, a headline or a table row).
SENTENCE_RE = regex.compile(f"[{CJK_STOPS}\u2026]")
_S = f"[{STRAY_SPACE}]+"
# A space between two Chinese characters, or beside a mark that carries its own spacing.
CJK_SPACE_RE = regex.compile(
    rf"(?<=[{CJK}]){_S}(?=[{CJK}])"
    rf"|(?<=[{CJK_STOPS}{CJK_OPENERS}]){_S}(?=[^\s])"
    rf"|(?<=[^\s]){_S}(?=[{CJK_STOPS}{CJK_CLOSERS}])"
)
# The space after an article, chapter or section number at the start of a line.
# The number may be misread (第四十凹条): any one to six characters that are not punctuation.
ARTICLE_RE = regex.compile(
    r"[ \t\u3000]*\u7b2c"  # 第
    r"[^\s\p{P}]{1,6}?"
    rf"[\u6761\u7ae0\u8282\u7f16\u6b3e\u90e8\u5206\u5377]{_S}"
)
HAN_RUN_BEFORE_RE = regex.compile(f"[{HAN}]+$")
HAN_RUN_AFTER_RE = regex.compile(f"[{HAN}]+")
# Han next to a digit or Latin letter, with and without one space between.
TIGHT_RE = regex.compile(rf"[{HAN}][A-Za-z0-9]|[A-Za-z0-9][{HAN}]")
SPACED_RE = regex.compile(rf"(?<=[{HAN}]) (?=[A-Za-z0-9])|(?<=[A-Za-z0-9]) (?=[{HAN}])")
TRAILING_RE = regex.compile(f"(?<![{HSPACE}])[{HSPACE}]++(?=\\r?\\n|\\Z)")  # linear: from a run's start
# Phrases at least this long on both sides of a space inside quotes are a slogan's parts.
SLOGAN_PHRASE = 4
RUN_REACH = 16  # characters of the Han runs beside a space that are looked at (> SLOGAN_PHRASE)
QUOTE_REACH = 300  # characters each side searched for the quotation marks around a space
# The document must write Han and digits/Latin together this many times as often as apart.
MAJORITY = 4
MIN_TIGHT = 3


def _inside_quotes(text: str, line_start: int, pos: int, line_end: int) -> bool:
    # Within QUOTE_REACH characters: looking at the whole line made a long line quadratic.
    before = text[max(line_start, pos - QUOTE_REACH) : pos]
    after = text[pos : min(line_end, pos + QUOTE_REACH)]
    for opener, closer in (
        ("\u201c", "\u201d"),
        ("\u300a", "\u300b"),
        ("\u2018", "\u2019"),
        ("\u300c", "\u300d"),
    ):
        if before.rfind(opener) > before.rfind(closer) and closer in after:
            return True
    return False


ARTICLE_REACH = 12  # characters from a line's text to the space after its article number


def _after_article_number(text: str, lines: SentenceLines, line_start: int, start: int, end: int) -> bool:
    """Whether the space ``text[start:end]`` follows the line's opening 第…条 (only a space near
    the line's start is matched: matching from the line's start for every space is quadratic)."""
    body = lines.body_start(start)
    return (
        start - body <= ARTICLE_REACH
        and text.startswith("\u7b2c", body)
        and ARTICLE_RE.fullmatch(text, line_start, end) is not None
    )


def _cjk_spaces(text: str, ctx: Context) -> Iterator[Edit]:
    lines = None
    spaced_lines: dict[int, bool] = {}
    prose_lines: dict[int, bool] = {}
    protected = ctx.protected(text)
    for m in CJK_SPACE_RE.finditer(text):
        if lines is None:
            lines = SentenceLines(text, SENTENCE_RE)
        start, end = m.start(), m.end()
        if not lines.is_sentence(start):
            continue
        line_start, line_end = lines.bounds(start)
        if start <= lines.body_start(start):
            continue  # indentation
        if _after_article_number(text, lines, line_start, start, end):
            continue
        if protected and (protected.overlaps(start - 1, start) or protected.overlaps(end, end + 1)):
            continue
        # Runs longer than RUN_REACH need not be measured: only their length up to a few counts.
        left = HAN_RUN_BEFORE_RE.search(text, max(line_start, start - RUN_REACH), start)
        right = HAN_RUN_AFTER_RE.match(text, end, min(line_end, end + RUN_REACH))
        if left and right and min(len(left.group()), len(right.group())) >= 2:
            if _inside_quotes(text, line_start, start, line_end):
                if min(len(left.group()), len(right.group())) >= SLOGAN_PHRASE:
                    continue  # a slogan or title: 《不忘初心 牢记使命》
                if ctx.shows_damage(text):
                    reason = "space between words inside a quotation (deliberate?)"
                    yield Edit(start, end, "", reason, Safety.UNSAFE)
                continue
        if HAN_CHAR_RE.match(text, start - 1) and HAN_CHAR_RE.match(text, end):
            stray_space = _prose(text, line_start, line_end, prose_lines) and _stray_space(
                text, start, end, line_start, line_end
            )
            if stray_space:
                # OCR's or a typist's, in any document: a space cuts a word in two (推 广), or
                # one space stands between two words of a sentence.
                reason, damage = stray_space
                yield Edit(start, end, "", reason, style=not damage)
            elif _letter_spaced_sentence(text, line_start, line_end, spaced_lines):
                # Every character of a sentence set apart (第 一 段 的 文 字。): OCR's glyph gaps
                # (a letter-spaced heading, 第 三 章, ends with no full stop).
                yield Edit(start, end, "", "space between the characters of a sentence")
            else:
                # Between two phrases (a headline's halves: 扎根高原三十载 只为满城花香来) or
                # letter-spaced (第 三 章): the author's, unless the document shows damage.
                styled = ctx.style(text, Edit(start, end, "", "space in a Chinese sentence"))
                if styled is not None:
                    yield styled
        else:
            styled = ctx.style(text, Edit(start, end, "", "space beside Chinese punctuation"))
            if styled is not None:
                yield styled


# A Han character standing alone between spaces (or a line's start and a space), and the end of a
# sentence (a letter-spaced heading, 第 三 章, ends with no full stop).
LONE_HAN_RE = regex.compile(rf"(?<![{HAN}])[{HAN}][ \t\u3000]+(?=[{HAN}])")
SENTENCE_END_RE = regex.compile("[\u3002\uff01\uff1f][\u201d\u2019\uff09]?[ \t\u3000]*$")
LETTER_SPACED = 3  # lone characters that make a sentence line letter-spaced


def _prose(text: str, start: int, end: int, seen: dict[int, bool]) -> bool:
    """Whether the line ``text[start:end]`` has a full stop, question or exclamation mark: prose,
    not a headline, whose halves a space sets apart (一心为民 初心不改: not the word 民初)."""
    found = seen.get(start)
    if found is None:
        found = seen[start] = FULL_STOP_ANY_RE.search(text, start, end) is not None
    return found


FULL_STOP_ANY_RE = regex.compile(f"[\u3002\uff01\uff1f]|(?<=[{HAN}])[.?!]")  # typed with ASCII marks too


def _word_at(candidates: Iterator[str]) -> bool:
    return any(word(c) is not None for c in candidates)


def _letter_spaced_sentence(text: str, start: int, end: int, seen: dict[int, bool]) -> bool:
    """Whether the line ``text[start:end]`` is a sentence with its characters set apart (looked
    at once per line)."""
    found = seen.get(start)
    if found is None:
        found = (
            bool(SENTENCE_END_RE.search(text, start, end))
            and sum(
                1 for _ in zip(range(LETTER_SPACED), LONE_HAN_RE.finditer(text, start, end), strict=False)
            )
            >= LETTER_SPACED
        )
        seen[start] = found
    return found


LIST_ITEM = 4  # Han characters of an item in a list set apart by spaces
SPACES = frozenset(" \t\u3000")
WORD_REACH = 3  # characters each side of a space that a word across it may take
MIN_WORD_FREQ = 20  # dictionary frequency of a word that proves a space cuts it


def _stray_space(text: str, start: int, end: int, line_start: int, line_end: int) -> tuple[str, bool] | None:
    """Why a space between Han in a line of prose is a fault in any document, and whether it
    shows OCR damage: it cuts a dictionary word in two (``推 广``). None elsewhere, and always
    where spaces are the author's: letter-spaced text (``第 三 章``: every character alone), a
    list set apart by spaces (``郭华东 周忠和 刘丛强``), a line's label or title (``明圣王后
    金氏本贯清风``)."""
    left = HAN_RUN_BEFORE_RE.search(text, max(line_start, start - RUN_REACH), start)
    right = HAN_RUN_AFTER_RE.match(text, end, min(line_end, end + RUN_REACH))
    if left is None or right is None:
        return None
    if len(left.group()) < 2 and len(right.group()) < 2:
        return None  # letter-spaced
    ls, re_ = left.start(), right.end()
    if (
        len(left.group()) <= LIST_ITEM
        and ls >= 2
        and text[ls - 1] in SPACES
        and HAN_CHAR_RE.match(text, ls - 2)
    ) or (
        len(right.group()) <= LIST_ITEM and text[re_ : re_ + 1] in SPACES and HAN_CHAR_RE.match(text, re_ + 1)
    ):
        return None  # a list of names or terms set apart by spaces
    a, b = left.group()[-WORD_REACH:], right.group()[:WORD_REACH]
    label = ls == line_start  # the line's first words
    ends = _word_at(a[-i:] for i in range(2, len(a) + 1))
    if not (ends and (label or _word_at(b[:j] for j in range(2, len(b) + 1)))):
        for i in range(1, len(a) + 1):
            for j in range(1, len(b) + 1):
                if i + j > WORD_REACH + 1:
                    break
                candidate = a[-i:] + b[:j]
                found = word(candidate)
                if found is not None and found[0] >= MIN_WORD_FREQ and not found[1]:
                    return f"space inside the word {candidate}", True
    # A space between two words (在中央 党校强调) may be OCR's, an upstream line wrap's or the
    # author's (a term set apart, a title before its text): the document's damage decides.
    return None


HAN_CHAR_RE = regex.compile(f"[{HAN}]")


def _mixed_spaces(text: str, ctx: Context) -> Iterator[Edit]:
    spaced = [m.start() for m in SPACED_RE.finditer(text)]
    if not spaced or not ctx.shows_damage(text):
        return  # in a document without OCR damage, its spacing is the author's
    tight = sum(1 for _ in TIGHT_RE.finditer(text))
    if tight < MIN_TIGHT or tight < MAJORITY * len(spaced):
        return
    lines = SentenceLines(text, SENTENCE_RE)
    protected = ctx.protected(text)
    for pos in spaced:
        if not lines.is_sentence(pos):
            continue
        # Keep spaced-out sequences such as "1 9 9 3 年": the digit beside the space is alone.
        if text[pos - 1].isascii() and pos >= 2 and text[pos - 2] == " ":
            continue
        if text[pos + 1].isascii() and pos + 2 < len(text) and text[pos + 2] == " ":
            continue
        if protected and (protected.overlaps(pos - 1, pos) or protected.overlaps(pos + 1, pos + 2)):
            continue
        line_start, _ = lines.bounds(pos)
        if _after_article_number(text, lines, line_start, pos, pos + 1):
            continue
        yield Edit(
            pos,
            pos + 1,
            "",
            f"space between Han and Latin/digits; this document writes them together ({tight}:{len(spaced)})",
            style=True,
        )


def _trailing(text: str, ctx: Context) -> Iterator[Edit]:
    for m in TRAILING_RE.finditer(text):
        # OCR's in a damaged document; the author's (or the format's: Markdown's line break)
        # in one that shows no damage.
        styled = ctx.style(text, Edit(m.start(), m.end(), "", "trailing whitespace"))
        if styled is not None:
            yield styled


PASSES = (_cjk_spaces, _mixed_spaces, _trailing)
