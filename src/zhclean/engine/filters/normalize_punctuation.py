"""Give punctuation in Chinese text its Chinese form, and undo what OCR engines misread.

What it fixes, only where the neighbours are Chinese (Han or Chinese punctuation):

- half-width ``, ; : ? !`` → ``，；：？！`` (``基层;信访`` → ``基层；信访``);
- ``--``, ``- -``, ``－－``, ``――``, and a lone ``—`` opening a line → ``——``; ``...``, ``。。。`` and a
  lone ``…`` → ``……``; ``一一`` read for ``——`` (see Safety);
- doubled ``，，`` ``、、`` ``；；`` ``：：`` ``。。`` → one;
- brackets and quotes take the width of what they enclose: ``(一)`` → ``（一）``,
  ``"四下基层"`` → ``“四下基层”``, ``“四下基层"`` → ``“四下基层”``; ``(GDP)``, ``ls(1)``, ``(*)``
  and ``"OK"`` stay as they are, also inside a Chinese sentence;
- ``.`` between two Chinese sentences in a line typed with ASCII marks → ``。``;
- OCR misreadings: ``·`` or ``.`` for a ``。`` that ends a line, ``丶`` for ``、``, ``〈`` or ``《``
  opening a bracket that ``）`` closes, ``[`` ``【`` ``『`` opening a quotation that ``」`` closes.

Why: OCR engines and careless typing put ASCII punctuation into Chinese text; Chinese typography
(GB/T 15834) uses the full-width forms.

Example:

>>> from zhclean import clean
>>> clean('(一)“四下基层”,即调查研究下基层;信访接待下基层--闽东丶宁德', select=["normalize-punctuation"])
'（一）“四下基层”，即调查研究下基层；信访接待下基层——闽东、宁德'
>>> clean('(一)“四下基层”,即调查研究下基层;信访接待下基层--闽东', select=["normalize-punctuation"])
'(一)“四下基层”,即调查研究下基层;信访接待下基层--闽东'
>>> clean("GDP (PPP) 增长 3.14, version 1,000, 时间 12:30, ls(1)", select=["normalize-punctuation"])
'GDP (PPP) 增长 3.14, version 1,000, 时间 12:30, ls(1)'

Safety: the evidence decides. ASCII marks, brackets and quotes, ``--`` and ``...`` can be a
born-digital document's convention (laws write ``(一)``, a translator ``程式, 它是``): a form
is repaired where it is a stray (the document writes the Chinese form at least four times as
often: the edit says so), or where the document shows OCR or extraction damage (the misread
``丶`` above, a broken line, a page number); a document that writes it consistently and shows
no damage keeps it, unreported. So does a mark before Latin or digits (``时间戳: 1766``) and a
bracket around a number (``(更新时间戳: 1766409029413)``), unless the document is damaged.
Always repaired: misread marks (``丶``, ``〈`` closed by ``）``, a quotation opened by ``“``
and closed by ``"``). ``一一`` is judged only in a damaged document: inside a sentence it may
be the adverb (``一一握手``), so replacing it is an unsafe suggestion; at a line start, where
prose does not use the adverb, it is safe (verse does: ``一一照通黃卷字``, and verse shows no
damage). A ``.`` between Han in a line typed with ASCII marks (its commas are ``,``) is its
full stop ``。``; elsewhere, in a damaged document, a misread mark, but which one print does
not say: ``，`` (the likeliest) is suggested. Never touched: a lone ``—`` or ``－`` between Han,
a connector in correct Chinese (``中国—东盟``); a middle dot between Han (a name dot); anything
inside Latin text, numbers, times, URLs, e-mail addresses, file names or inline code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import regex

from ...core.chars import (
    CHINESE_DASH,
    CHINESE_ELLIPSIS,
    CJK,
    CJK_CLOSERS,
    CJK_OPENERS,
    CJK_PUNCT,
    HAN,
    NO_CLAUSE_START,
)
from ...core.edits import Edit, Safety
from ...core.lexicon import yi_right, yi_trigrams
from ..context import stray

if TYPE_CHECKING:
    from ..context import Context

SIGNALS_DAMAGE = True  # its repairs of misread marks show OCR damage (style edits do not)

_FULL = {",": "\uff0c", ";": "\uff1b", ":": "\uff1a", "?": "\uff1f", "!": "\uff01"}
_SP = "[ \\t]*"
# Characters that may stand right after a Chinese mark.
_RIGHT_CJK = HAN + CJK_OPENERS + "\u2014\u2026"
# --- marks --------------------------------------------------------------------------------------
# A half-width mark between Chinese text, or after Han at a line end; spaces around it go with it.
HALFWIDTH_RE = regex.compile(
    rf"(?<=[{CJK}%\uff05]){_SP}(?P<mark>[,;:?!]){_SP}(?=[{_RIGHT_CJK}])"
    rf"|(?<=[{CJK}]){_SP}(?P<mark>[,;:]){_SP}(?=[0-9A-Za-z\"'(])"
    rf"|(?<=[{HAN}{CJK_CLOSERS}])(?P<mark>[,;:?!]){_SP}(?=\r?$)",
    regex.MULTILINE,
)
# A full stop misread as '.' or a middle dot at the end of a line (maybe before a closing quote),
# or a '.' between Han (see _marks). A middle dot between Han is a name dot and stays.
FULL_STOP_RE = regex.compile(
    rf"(?<=[{HAN}{CJK_CLOSERS}])(?P<dot>[.\u00b7\u30fb])(?=[\u201d\u2019\u300d\u300f]?[ \t]*\r?$)"
    rf"|(?<=[{HAN}{CJK_CLOSERS}%])(?P<between>\.)(?=[{HAN}{CJK_OPENERS}])",
    regex.MULTILINE,
)
# An ASCII comma (semicolon, question or exclamation mark) beside Han: typed with ASCII marks.
ASCII_COMMA_RE = regex.compile(rf"(?<=[{HAN}])[,;?!]|[,;?!](?=[{HAN}])")
DUN_RE = regex.compile(rf"(?<=[{HAN}])\u4e36(?=[{HAN}])")  # CJK radical 'dot' for the enumeration comma
# Two dashes (maybe with a space between) in Chinese context, or one em dash opening a line.
# A lone em dash or full-width hyphen between Han is a connector (中国—东盟) and stays.
# (Chinese on at least one side: a line of "--" alone is not Chinese text.)
_DASHES = "(?<![-\uff0d\u2015])(?:- ?-|\uff0d\uff0d|\u2015\u2015)(?![-\uff0d\u2015])"
DASH_RE = regex.compile(
    rf"(?<=[{CJK}]){_DASHES}(?=[{_RIGHT_CJK}]|\r?$)"
    rf"|^{_DASHES}(?=[{_RIGHT_CJK}])"
    rf"|^\u2014(?!\u2014)(?=[{HAN}])",
    regex.MULTILINE,
)
# The Chinese dash read as 一一 (two strokes). Only where neither 一 can be a numeral or the
# adverb 一一 (一一列举, 唯一一个): see _yiyi.
YIYI_RE = regex.compile(
    rf"(?:(?<=[{HAN}{CJK_PUNCT}])|^)(?<!\u4e00)\u4e00\u4e00(?!\u4e00)(?=[{HAN}\u201c\u300a])", regex.MULTILINE
)
ELLIPSIS_RE = regex.compile(
    rf"\u3002{{3,}}"
    rf"|(?<=[{CJK}])\.{{3,6}}|\.{{3,6}}(?=[{HAN}])"
    rf"|(?<=[{HAN}{CJK_PUNCT}])(?<![\u2026\u3014])\u2026(?![\u2026\u3015])"  # not the gap mark 〔…〕
)
# --- pairs --------------------------------------------------------------------------------------
_NOT_BRACKET = "[^()\uff08\uff09\u3008\u3009\u300a\u300b\\n]"
BRACKET_RE = regex.compile(rf"[(\uff08\u3008\u300a](?P<body>{_NOT_BRACKET}{{1,60}})[)\uff09]")
_NOT_QUOTE = '[^"\u201c\u201d\\n]'
DOUBLE_QUOTE_RE = regex.compile(
    rf'(?<![A-Za-z0-9=])"(?P<body>{_NOT_QUOTE}{{1,80}})"(?![A-Za-z0-9:=])'
    rf"|\u201c(?P<body>{_NOT_QUOTE}{{1,80}})\""
    rf'|"(?P<body>{_NOT_QUOTE}{{1,80}})\u201d'
)
_NOT_SQUOTE = "[^'\u2018\u2019\\n]"
SINGLE_QUOTE_RE = regex.compile(rf"(?<![A-Za-z0-9])'(?P<body>{_NOT_SQUOTE}{{1,40}})'(?![A-Za-z0-9])")
CORNER_RE = regex.compile(
    "[\\[\u3010\u300e](?P<body>[^\\[\\]\u3010\u3011\u300e\u300f\u300c\u300d\\n]{1,80})\u300d"
    "|\u300c(?P<body>[^\\[\\]\u3010\u3011\u300e\u300f\u300c\u300d\\n]{1,80})[\\]\u3011\u300f]"
)
HAS_HAN_RE = regex.compile(f"[{HAN}]")
GAP_AFTER_RE = regex.compile(NO_CLAUSE_START)
# Digits and Han numerals (〇 零 一 二 三 四 五 六 七 八 九 十 百 千 万 亿).
NUMERAL_RE = regex.compile(
    "[0-9\u3007\u96f6\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341\u767e\u5343\u4e07\u4ebf]"
)
# --- doubles ------------------------------------------------------------------------------------
# (Three or more 。 are an ellipsis: see ELLIPSIS_RE.)
DOUBLED_RE = regex.compile(
    "(?P<mark>[\uff0c\u3001\uff1b\uff1a])(?P=mark)+|(?<!\u3002)(?P<mark>\u3002)\u3002(?!\u3002)"
)

Rule = Callable[[str, "Context"], Iterator[Edit]]


def _convention(ctx: Context, text: str, edit: Edit, why: str | None = None) -> Iterator[Edit]:
    """``edit`` where the document's evidence allows it (see :meth:`Context.convention`)."""
    styled = ctx.convention(text, edit, stray=why)
    if styled is not None:
        yield styled


def _marks(text: str, ctx: Context) -> Iterator[Edit]:
    found = list(HALFWIDTH_RE.finditer(text))
    if found:
        written = Counter(m.group("mark") for m in found)
        reasons = {mark: stray(n, text.count(_FULL[mark]), _FULL[mark]) for mark, n in written.items()}
        for m in found:
            mark = m.group("mark")
            edit = Edit(m.start(), m.end(), _FULL[mark], f"half-width {mark} in Chinese text")
            # Before Latin or digits (``时间戳: 1766``) the mark may be the Latin text's own.
            latin = m.group().rstrip()[-1] == mark and m.end() < len(text) and text[m.end()].isascii()
            if GAP_AFTER_RE.match(text, m.end()):
                continue  # the mark stands for lost text (detect-text-loss reports it)
            named = mark in ":;" and m.group()[:1] in " \t" and m.group()[-1:] in " \t"
            if named and not ctx.shows_damage(text):
                continue  # set apart by spaces, the mark itself is meant: 要以 : 分隔, 由 ; 或換行分隔
            yield from _convention(ctx, text, edit, None if latin else reasons[mark])
    line_end, ascii_commas = -1, False  # the line of the last match (matches come in order)
    stops = list(FULL_STOP_RE.finditer(text))
    ends = sum(1 for m in stops if m.group("dot"))
    end_why = stray(ends, text.count("\u3002"), "\u3002") if ends else None
    damaged = ctx.shows_damage(text)
    for m in stops:
        if m.group("dot"):
            edit = Edit(m.start(), m.end(), "\u3002", f"{m.group()} for \u3002 at the end of a sentence")
            yield from _convention(ctx, text, edit, end_why)
        else:
            if m.start() > line_end:  # a new line: look at it once (linear on one long line)
                start = text.rfind("\n", 0, m.start()) + 1
                line_end = text.find("\n", m.end())
                line_end = len(text) if line_end < 0 else line_end
                ascii_commas = ASCII_COMMA_RE.search(text, start, line_end) is not None
            if ascii_commas:
                # Typed with ASCII marks (its commas are ','): '.' is its full stop.
                edit = Edit(m.start(), m.end(), "\u3002", ". between two Chinese sentences")
                yield from _convention(ctx, text, edit)
                continue
            if not damaged:
                continue  # a born-digital document's own '.' (an abbreviation, a version)
            # Else a mark misread, and which one print does not say. Between two Han characters
            # the official documents write ， three times as often as 。 (and 、 twice as often).
            yield Edit(
                m.start(),
                m.end(),
                "\uff0c",
                ". between Han: a misread mark, most often \uff0c (maybe \u3002 or \u3001)",
                Safety.UNSAFE,
            )
    for m in DUN_RE.finditer(text):
        yield Edit(m.start(), m.end(), "\u3001", "\u4e36 for the enumeration comma \u3001")
    if "\u4e00\u4e00" in text and damaged:
        yield from _yiyi(text)  # 一一 is also the adverb, at a verse's start too: damage first
    dashes = list(DASH_RE.finditer(text))
    if dashes:
        why = stray(len(dashes), text.count(CHINESE_DASH), CHINESE_DASH)
        for m in dashes:
            edit = Edit(m.start(), m.end(), CHINESE_DASH, f"{m.group()} for the Chinese dash \u2014\u2014")
            yield from _convention(ctx, text, edit, why)
    dots = list(ELLIPSIS_RE.finditer(text))
    if dots:
        why = stray(len(dots), text.count(CHINESE_ELLIPSIS), CHINESE_ELLIPSIS)
        for m in dots:
            reason = f"{m.group()} for the Chinese ellipsis \u2026\u2026"
            yield from _convention(ctx, text, Edit(m.start(), m.end(), CHINESE_ELLIPSIS, reason), why)


def _yiyi(text: str) -> Iterator[Edit]:
    trigrams, right = yi_trigrams(), yi_right()
    prefixes = {t[:2] for t in trigrams}
    for m in YIYI_RE.finditer(text):
        start, end = m.start(), m.end()
        left = text[start - 1] if start else "\n"
        after = text[end]
        if (left + "\u4e00\u4e00") in trigrams or ("\u4e00\u4e00" + after) in trigrams:
            continue
        if (
            after in right
            or (left + "\u4e00" + "\u4e00") in trigrams
            or (left + "\u4e00" + after) in trigrams
        ):
            continue
        if NUMERAL_RE.match(left) or NUMERAL_RE.match(after):
            continue
        if (left + "\u4e00") in prefixes:
            continue  # X一 is a word (唯一, 初一): 唯一一所 is 唯一 + 一所
        if left in "\r\n":
            yield Edit(
                start, end, CHINESE_DASH, "\u4e00\u4e00 opening a line for the Chinese dash \u2014\u2014"
            )
        else:
            yield Edit(
                start,
                end,
                CHINESE_DASH,
                "\u4e00\u4e00 for the Chinese dash \u2014\u2014 (or the adverb \u4e00\u4e00?)",
                Safety.UNSAFE,
            )


def _pairs(text: str, ctx: Context) -> Iterator[Edit]:
    found = [m for m in BRACKET_RE.finditer(text) if _chinese(m.group("body"))]
    ascii_pairs = sum(1 for m in found if m.group()[0] == "(" and m.group()[-1] == ")")
    why = stray(ascii_pairs, text.count("\uff08"), "\uff08\uff09") if ascii_pairs else None
    for m in found:
        opener, closer = m.group()[0], m.group()[-1]
        edits = _wrap(m, "\uff08", "\uff09", "brackets around Chinese text")
        if opener == "(" and closer == ")":
            # ASCII brackets are a convention (laws write (一)): brought to the document's own
            # majority, or repaired where the document shows damage.
            for edit in edits:
                yield from _convention(ctx, text, edit, why)
        else:
            # Two widths in one pair is a fault; a misread opener (〈 for （) is OCR damage.
            for edit in edits:
                yield Edit(edit.start, edit.end, edit.new, edit.reason, style=opener in "(\uff08")
    if '"' in text:
        yield from _quotes(text, ctx, DOUBLE_QUOTE_RE, "\u201c", "\u201d", '"')
    if "'" in text:
        yield from _quotes(text, ctx, SINGLE_QUOTE_RE, "\u2018", "\u2019", "'")
    for m in CORNER_RE.finditer(text):
        if HAS_HAN_RE.search(m.group("body")):
            yield from _wrap(m, "\u300c", "\u300d", "misread corner bracket")


def _chinese(body: str) -> bool:
    """Whether a bracket's body is Chinese text: Han, at least half as many as its Latin letters
    and digits (``(更新时间戳: 1766409029413)`` encloses a number and keeps its ASCII brackets)."""
    han = len(HAS_HAN_RE.findall(body))
    return han > 0 and 2 * han >= len(ASCII_ALNUM_RE.findall(body))


ASCII_ALNUM_RE = regex.compile("[A-Za-z0-9]")


def _quotes(
    text: str, ctx: Context, pattern: regex.Pattern[str], opener: str, closer: str, ascii_mark: str
) -> Iterator[Edit]:
    """ASCII quotation marks around Chinese text, in a document that mostly writes ``opener``:
    strays brought to its majority. A document that quotes Chinese with ASCII marks keeps them."""
    found = [m for m in pattern.finditer(text) if HAS_HAN_RE.search(m.group("body"))]
    ascii_pairs = sum(1 for m in found if m.group()[0] == m.group()[-1] == ascii_mark)
    if not found or text.count(opener) + text.count(closer) < 2 * ascii_pairs:
        return
    for m in found:
        mismatched = m.group()[0] != m.group()[-1]  # “…" : one mark misread, not a style
        for edit in _wrap(m, opener, closer, "quotation marks around Chinese text"):
            if mismatched:
                yield edit
            else:
                yield from _convention(ctx, text, edit)


def _wrap(m: regex.Match[str], opener: str, closer: str, reason: str) -> Iterator[Edit]:
    start, end = m.start(), m.end()
    if m.group()[0] != opener:
        yield Edit(start, start + 1, opener, f"{m.group()[0]} opening {reason}")
    if m.group()[-1] != closer:
        yield Edit(end - 1, end, closer, f"{m.group()[-1]} closing {reason}")


def _doubles(text: str, ctx: Context) -> Iterator[Edit]:
    for m in DOUBLED_RE.finditer(text):
        mark = m.group("mark")
        yield from _convention(ctx, text, Edit(m.start(), m.end(), mark, f"doubled {mark}"))


def _pass(rule: Rule) -> Callable[[str, Context], Iterator[Edit]]:
    """Run one rule, dropping edits in protected spans and edits that overlap an earlier one."""

    def run(text: str, ctx: Context) -> Iterator[Edit]:
        protected = ctx.protected(text)
        last_end = -1
        for edit in sorted(rule(text, ctx), key=lambda e: (e.start, e.end)):
            if edit.start < last_end or (protected and protected.overlaps(edit.start, edit.end)):
                continue
            last_end = edit.end
            yield edit

    run.__name__ = rule.__name__
    return run


# Marks first, so that pairs and doubles see the final form of each mark.
PASSES = (_pass(_marks), _pass(_pairs), _pass(_doubles))
