"""Report places where text was lost (findings only; lost text is never invented).

What it finds, in the cleaned text, each with line:column and context:

- a word cut in half: a fragment that in the official documents always follows one character
  stands after another (``同人民群众近平同志``: ``近平`` belongs after ``习``);
- a paragraph run into the one before: a whole clause that opens other paragraphs of the same
  document (twelve or more characters, through a comma) stands right after a Han character
  (``…推动解决走好新时代“四下基层”之路，要坚持实干担当``);
- a quotation mark, book-title mark or bracket opened and not closed before the next one of its
  kind opens, or still open at the paragraph end;
- a clause that starts with the particle ``的`` (``“四下基层”,的工作作风``);
- a running paragraph (one with full sentences) that stops without terminal punctuation.

With ``--mark-gaps[=MARK]`` (``Config(mark_gaps=...)``) a visible marker (default ``〔…〕``) is
inserted where the gap is, so a reader sees it; the finding is then that edit (``zhclean
--write --mark-gaps`` leaves nothing to report where it marked).

Why: scraped documents lose text at page and paywall breaks; what is lost cannot be recovered,
but a reader must know where to look.

Example:

>>> from zhclean import clean_and_explain
>>> r = clean_and_explain("干部只有到人民群众中去，并且同人民群众近平同志始终把宣传工作放在首位。")
>>> [(c.line, c.column, c.reason) for c in r.findings]  # doctest: +NORMALIZE_WHITESPACE
[(1, 20, 'text lost here? 近平 is always preceded by 习, not 众')]

Safety: findings are never edits (unless --mark-gaps asks for markers). The checks are tuned to
report nothing on the shared corpus of official documents and the benchmark's clean set.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from itertools import chain
from typing import TYPE_CHECKING

import regex

from ...core.chars import HAN, NO_CLAUSE_START
from ...core.edits import Edit
from ...core.edits import Finding as _Finding
from ...core.lexicon import as_simplified, bigram_count, converter, word
from ...core.resources import read_tsv
from ..layout import split_lines

if TYPE_CHECKING:
    from ..context import Context


def Finding(start: int, end: int, message: str, mark: str | None = "") -> _Finding:
    """A finding; ``mark=None`` where the gap's place is not known well enough for a marker."""
    return _Finding(start, end, message, mark)


DEFAULT_MARK = "\u3014\u2026\u3015"  # 〔…〕
HAN_RUN_RE = regex.compile(f"[{HAN}]+")
# A clause never starts with the particle 的 (的确 "indeed" aside).
PARTICLE_RE = regex.compile(f"[\uff0c\u3002\uff1b\uff1a\uff01\uff1f,;:!?](?={NO_CLAUSE_START})")
PAIRS = {"\u201c": "\u201d", "\u300a": "\u300b", "\uff08": "\uff09"}
CLOSERS = {v: k for k, v in PAIRS.items()}
BRACKET_RE = regex.compile(f"[{''.join(PAIRS)}{''.join(CLOSERS)}]")
NESTING = {"\uff08"}  # brackets nest: 《纲要（2023年版）》（以下简称《纲要（2023年版）》）
# A paragraph may end with terminal punctuation, or with a closing quote or bracket (a citation).
TERMINAL_END_RE = regex.compile(
    "(?:[\u3002\uff01\uff1f\u2026\uff1b\uff1a!?;:.\u3015]|[\u201d\u2019\u300d\u300f\uff09\u300b)])$"
)
# A line that stops inside a clause: a clause mark in it, a Han character last.
CLAUSE_END_RE = regex.compile(f"[\uff0c\uff1b][^\u3002\uff01\uff1f]*[{HAN}]$")
# A line that leads in to what follows it (a list, a table, an example the source kept apart).
LEAD_IN_END_RE = regex.compile("(?:例如|比如|如下|以下|下列|下面|之一|任一|包括|情境|情況|情况)$")
# What a headline or title has and a sentence cut short has not: a dash, a colon after its
# source, a space between its halves, a book title, a number heading it.
HEADLINE_RE = regex.compile(
    f"\u2014|[\uff1a:]|[{HAN}] +[{HAN}]|\u300a|^[0-9{HAN}]{{1,3}}[\u3001.．]"
    "|^(?:第[一二三四五六七八九十]+|首先|其次|再次|最后)[，,]"
)
LINE_START_RE = regex.compile(f"^[ \\t\\u3000]*([{HAN}]{{4}})", regex.MULTILINE)
MAX_COMPARED = 20  # paragraph starts a run-in clause is compared with
RUN_IN_PREFIX = 12  # characters a run-in clause shares with the paragraph starts it repeats
MIN_RUNNING = 40  # characters: a paragraph this long with 。 inside is running text
JUNCTION_RARE = 1  # the two characters meet fewer than 5 times in the official documents


@cache
def _bound_left() -> dict[str, tuple[str, frozenset[str]]]:
    return {row[0]: (row[1], frozenset(row[2])) for row in read_tsv("bound_left.tsv")}


@cache
def _bound_re() -> regex.Pattern[str]:
    """A Han character followed by one of the bound bigrams (found in C, not per character)."""
    pairs = "|".join(sorted(_bound_left(), key=len, reverse=True))
    return regex.compile(f"(?<=[{HAN}])(?:{pairs})(?=[{HAN}])")


def _cut_words(text: str, simple: str) -> Iterator[_Finding]:
    """A bigram that only ever follows one character (近平 after 习), after another one.

    ``simple`` is ``text`` in simplified characters, where the tables are looked up."""
    bound = _bound_left()
    for m in _bound_re().finditer(simple, overlapped=True):
        i = m.start()
        left, allowed = bound[m.group()]
        prev = simple[i - 1]
        if prev == left or prev in allowed or bigram_count(prev + simple[i]) >= JUNCTION_RARE:
            continue
        if _words_across(simple, i):
            continue  # 它会保留: 会 and 保留 read as words where the tables know only 社会保障
        if simple is not text:
            left = converter("s2t").convert(left)  # said in the document's own script
        yield Finding(
            i, i + 2, f"text lost here? {text[i : i + 2]} is always preceded by {left}, not {text[i - 1]}"
        )


def _words_across(simple: str, i: int) -> bool:
    """Whether the bound bigram at ``i`` is read otherwise: its first character ends a word with
    the one before it (分别是), or its second begins a word with the one after (会保留)."""
    return word(simple[i - 1 : i + 1]) is not None or word(simple[i + 1 : i + 3]) is not None


def _run_in_paragraphs(text: str, simple: str) -> Iterator[_Finding]:
    """A clause that opens other paragraphs of the document, run on from a Han character."""
    starts: dict[str, list[int]] = {}
    for m in LINE_START_RE.finditer(text):
        starts.setdefault(m.group(1), []).append(m.start(1))
    repeated = {phrase for phrase, positions in starts.items() if len(positions) >= 2}
    if not repeated:
        return
    # One pass over the text for all the phrases (a pass per phrase is quadratic on long texts).
    firsts = regex.compile(f"(?<=[{HAN}])[{regex.escape(''.join({p[0] for p in repeated}))}]")
    for m in firsts.finditer(text):
        pos = m.start()
        phrase = text[pos : pos + 4]
        if phrase not in repeated:
            continue
        prev = text[pos - 1]
        if bigram_count(simple[pos - 1 : pos + 1]) >= JUNCTION_RARE:
            continue
        # Compared with a few of the paragraphs it opens (enough to see the clause they share).
        shared = max(_common_prefix(text, pos, other) for other in starts[phrase][:MAX_COMPARED])
        span = text[pos : pos + shared + text.count(" ", pos, pos + shared)]
        comma = span.find("\uff0c")
        # A whole clause and the start of the next: 走好新时代“四下基层”之路，要坚…
        if shared >= RUN_IN_PREFIX and comma != -1 and len(span) - comma - 1 >= 2:
            yield Finding(
                pos, pos, f"text lost here? “{span}” opens other paragraphs but runs on from {prev}"
            )


def _common_prefix(text: str, a: int, b: int) -> int:
    """Length of the common prefix of text[a:] and text[b:], ignoring spaces, within a line."""
    n, i, j, limit = 0, a, b, len(text)
    while i < limit and j < limit and n < 60:
        if text[i] in " \t":
            i += 1
        elif text[j] in " \t":
            j += 1
        elif text[i] != text[j] or text[i] == "\n":
            break
        else:
            n, i, j = n + 1, i + 1, j + 1
    return n


def _unbalanced(text: str) -> Iterator[_Finding]:
    for line in split_lines(text):
        open_at: dict[str, list[int]] = {}
        body = line.body
        for m in BRACKET_RE.finditer(body):
            i, ch = m.start(), m.group()
            if ch in PAIRS:
                stack = open_at.setdefault(ch, [])
                if stack and ch not in NESTING:
                    # Reported where the next one opens: the text lost lies before it (a
                    # marker there acknowledges the gap, and the quote stays open).
                    yield Finding(
                        line.start + i,
                        line.start + i,
                        f"{ch} opened at column {stack[-1] + 1} is not closed before this one: text lost?",
                    )
                    stack.pop()
                stack.append(i)
            elif ch in CLOSERS and open_at.get(CLOSERS[ch]):
                open_at[CLOSERS[ch]].pop()
        end = line.start + len(body.rstrip())
        for ch, stack in open_at.items():
            for i in stack:
                yield Finding(end, end, f"{ch} opened at column {i + 1} is still open at the paragraph end")


def _particles(text: str) -> Iterator[_Finding]:
    for m in PARTICLE_RE.finditer(text):
        yield Finding(m.end(), m.end(), f"text lost here? no clause starts with {text[m.end()]}")


def _open_ends(text: str) -> Iterator[_Finding]:
    lines = split_lines(text)
    blank_ended = _blank_ended_paragraphs(lines)
    for i, line in enumerate(lines):
        body = line.body.rstrip()
        if TERMINAL_END_RE.search(body) or LEAD_IN_END_RE.search(body):
            continue
        running = len(body) >= MIN_RUNNING and "\u3002" in body[:-1]
        if not running and i not in blank_ended:
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None or (nxt.blank and i + 2 >= len(lines)):
            continue  # the text ends here: a truncated file, already obvious
        end = line.start + len(body)
        yield Finding(end, end, "paragraph stops mid-sentence: text lost after it?")


def _blank_ended_paragraphs(lines: list) -> set[int]:
    """Lines that end a paragraph before a blank line inside a clause (a comma in it, a Han
    character last), in a document whose other paragraphs end with their sentence: there, a
    paragraph that stops mid-clause has lost its end (a heading or a headline has no comma)."""
    n = len(lines)
    ends = [
        i for i in range(n) if not lines[i].blank and lines[i].has_han and (i + 1 == n or lines[i + 1].blank)
    ]
    cut = {
        i
        for i in ends
        if i + 2 < n
        and not lines[i + 2].blank
        and CLAUSE_END_RE.search(lines[i].body.rstrip())
        and not lines[i].heading_like
        and not HEADLINE_RE.search(lines[i].body.strip())
    }
    if not cut:
        return set()
    closed = sum(1 for i in ends if TERMINAL_END_RE.search(lines[i].body.rstrip()))
    # Every other paragraph ends with its sentence (a heading aside): the document has no
    # headings written as clauses (第二，加快发展基础工业) that a cut paragraph could be.
    others = len(ends) - closed - len(cut) - sum(1 for i in ends if lines[i].heading_like)
    # and only one paragraph stops so: several are the document's way of heading a section with
    # a clause (五年来，国民经济保持良好发展势头).
    return cut if others <= 0 and closed >= len(cut) == 1 else set()


def propose(text: str, ctx: Context) -> Iterator[Edit | _Finding]:
    if not HAN_RUN_RE.search(text):
        return
    mark = ctx.config.mark_gaps
    seen: set[int] = set()
    # The word evidence is simplified: a traditional document is looked up converted.
    simple = as_simplified(text) if ctx.traditional(text) else text
    findings = chain(
        _cut_words(text, simple),
        _run_in_paragraphs(text, simple),
        _unbalanced(text),
        _particles(text),
        _open_ends(text),
    )
    for finding in findings:
        if finding.start in seen or _marked(text, finding.start, mark):
            continue
        seen.add(finding.start)
        if mark and finding.mark is not None:
            # The finding becomes visible text: an edit, and nothing is left to report.
            yield Edit(finding.start, finding.start, mark, f"marks the gap: {finding.message}")
        else:
            yield finding


def _marked(text: str, pos: int, mark: str | None) -> bool:
    marks = {DEFAULT_MARK, mark} if mark else {DEFAULT_MARK}
    return any(text.startswith(m, pos) or text.endswith(m, 0, pos) for m in marks if m)
