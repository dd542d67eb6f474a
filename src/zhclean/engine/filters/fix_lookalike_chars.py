"""Repair characters OCR misread as a look-alike, where the evidence is overwhelming.

What it fixes: a character that makes no word with its neighbours, when a character that looks
like it does: ``圃家`` → ``国家``, ``扞卫`` → ``捍卫`` (扞 is a rare variant of 捍),
``问霄于民`` → ``问需于民`` when the document itself writes 问需于民 elsewhere.

Why: OCR reads a character as another of similar shape; a single wrong character spoils a word.
A user trusts the tool only if it never "corrects" right text, so precision comes first.

How: a character is judged only if it fits neither neighbour (the pair is rare in the official
documents) and no dictionary word covers it in its context. Its candidates are the characters
whose glyphs are most like it (measured on rendered bitmaps), its Unihan variants and shape
groups, and the confusions real OCR engines were measured to make. Each candidate is weighed by
a noisy channel (``decide``): the character trigram model's gain for it in context
(``zhclean.core.lm``), the gain of the best segmentation of the seven characters around it into
dictionary words, how often the engines were measured to misread it as what is written, how
alike the glyphs are, and how common the written character is, combined by weights fitted on
held-back data (``bench/calibrate.py``); the best candidate's share of the odds of all of them
(the text as written counting one) is its probability. With the optional system word model
installed (``zhclean[lm]`` and Debian's ``libime-data-language-model``), its gain is one more
feature, with weights fitted the same way (``COEF_WORDS``).

Example:

>>> from zhclean import clean
>>> clean("我们要更加自觉忠诚扞卫“两个确立”。", select=["fix-lookalike-chars"])
'我们要更加自觉忠诚捍卫“两个确立”。'
>>> clean("主动问计于民、问霄于民。深入群众，问需于民。", select=["fix-lookalike-chars"])
'主动问计于民、问需于民。深入群众，问需于民。'
>>> clean("我们要推动高盾量发展。", select=["fix-lookalike-chars"])
'我们要推动高质量发展。'

Safety: safe at a probability of 0.99 (on held-back OCR pages and injected misreadings, 98.5 %
of such fixes were right, the rest in garbled lines), or where a dictionary word wins by 10
nats (14 for a character common in official documents; 8 and 10 in a document that shows
damage) and the probability is 0.9; a suggestion from 0.5 (``--unsafe-fixes`` applies it,
``zhclean review`` asks). The probabilities assume damaged text: in a document that shows no
damage (fewer than one repair per 300 characters by the other filters, and fewer than two
look-alike suspects, as misreadings come in company) a misreading is taken as a hundred times
rarer, a fix needs the character model to agree (半卖半送 and 裁弯取直 are right as written), a
look-alike that makes no word is not suggested (肖桂云), and a pair the document writes twice is
meant (中莫, 舟艇). A fix is never safe where the text is likely a name or a coinage: at or
right after a surname that starts a word, before a place suffix (村 市 县 ...), inside a short
quotation or title (“悦读中国”), where the candidate doubles a neighbour, where a neighbour
still fits nothing afterwards (a cluster of garbled characters, or a foreign name), or where
the document writes the same frame with other characters (越走越近、越走越亲). Person names in
the dictionary show that text is right but are never evidence for a fix (王光谦 is not 王先谦).
Phrases the official documents write, if only two to four times (铸魂), are not judged; nor
are traditional documents, characters common as words on their own (在 把), or text where a
quarter of the characters fit nothing (not prose). Measured on the shared corpus (14.9 MB):
6 safe fixes, 5 of them genuine typos (tests/engine/test_corpus.py lists them).

Data: ``data/lookalikes.tsv`` (glyph similarity), ``data/confusions.tsv`` (Unihan, pycorrector),
``data/ocr_confusions.tsv`` (measured OCR confusions), ``data/words.tsv`` (jieba, THUOCL),
``data/bigrams.tsv`` and ``data/char_counts.tsv`` (official documents).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

import regex

from ...core.chars import HAN
from ...core.edits import Edit, Safety
from ...core.lexicon import (
    bigram_table,
    char_count,
    char_word_freq,
    converter,
    names_from,
    purely_traditional,
    rare_bigrams,
    simplified_count,
    total_chars,
    traditional_count,
    word,
    words_from,
)
from ...core.pairs import scan
from ...core.resources import read_tsv

if TYPE_CHECKING:
    from ..context import Context

SIGNALS_DAMAGE = True  # its repairs show OCR or extraction damage (see Context.damage)

FITS = 5  # a pair seen this often in the official documents is Chinese
STRONG = 20  # evidence a variant needs on a side
WINDOW = 3  # characters each side that the segmentation sees
MAX_WORD = 4  # longest dictionary word
TOTAL = 60_000_000  # jieba's total frequency: the word model's denominator
UNKNOWN = 0.5  # the frequency of a character that is no word on its own
# Gain (nats) that makes a fix safe, for a rare character and for one common in official
# documents (written on purpose more often): in a document without other damage, and in one
# whose other repairs (broken lines, radicals, spaces between characters ...) number at least
# one per DAMAGE_SPAN characters, where a misreading is more likely to begin with.
SAFE = {False: (10.0, 14.0), True: (8.0, 10.0)}
DAMAGE_SPAN = 300
SUSPECTS = 2  # look-alike suspects (safe or not) that show a document damaged on their own
MAX_UNFIT_SHARE = 0.25  # more characters than this that fit nothing: not prose, not judged
MIN_GARBLED = 50
STANDALONE = 20_000  # jieba frequency of a one-character word that stands between anything
OCR_MIN_COUNT = 3
OCR_MIN_SHARE = 0.05
COMMON = 50  # occurrences in the official documents that make a character common
# The document's own evidence counts only for near-identical glyphs (霄/需 0.88, but not 至/到,
# 金/铜 or 温/高, which are different words that both fit).
DOCUMENT_ALIKE = 0.85
HAN_CHAR_RE = regex.compile(f"[{HAN}]")
# The 100 commonest surnames: the one or two characters after one may be a given name.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤靳"
)
PLACE_SUFFIXES = frozenset("村市县镇乡寺区省州岛湾港桥街路山河湖江庄屯寨峪岭沟坪")
QUOTE_REACH = 20  # characters each side searched for a short quotation around a character
SHORT_QUOTE_RE = regex.compile("\u201c[^\u201d\n]{1,12}\u201d|\u300a[^\u300b\n]{1,20}\u300b")


@cache
def _table() -> dict[str, tuple[str, str]]:
    return {row[0]: (row[1], row[2]) for row in read_tsv("confusions.tsv")}


@cache
def _glyphs() -> dict[str, tuple[str, str]]:
    return {row[0]: (row[1], row[2]) for row in read_tsv("glyphs.tsv")}


@cache
def _lookalikes() -> dict[str, str]:
    return {row[0]: row[1] for row in read_tsv("lookalikes.tsv")}


@cache
def _ocr_confusions() -> dict[str, dict[str, int]]:
    """Measured OCR confusions that are a habit of the engines, not an accident of alignment on
    a badly degraded page: seen OCR_MIN_COUNT times, and a fair share of that character's
    misreadings."""
    table: dict[str, dict[str, int]] = {}
    for read, meant, count, share, *_ in read_tsv("ocr_confusions.tsv"):
        if int(count) >= OCR_MIN_COUNT and float(share) >= OCR_MIN_SHARE:
            table.setdefault(read, {})[meant] = int(count)
    return table


@cache
def candidates(char: str) -> dict[str, float]:
    """Characters ``char`` may be a misreading of, with how alike they look (0-1)."""
    found: dict[str, float] = {}
    for item in _lookalikes().get(char, "").split(" "):
        if item:
            found[item[0]] = int(item[1:]) / 100
    variants, shapes = _table().get(char, ("", ""))
    for other in variants + shapes:
        found.setdefault(other, 0.8)
    for other in _ocr_confusions().get(char, {}):
        found.setdefault(other, 0.8)
    found.pop(char, None)
    return found


def similarity(a: str, b: str) -> float:
    """How alike two characters look: their stroke orders' edit distance, with a bonus for a
    shared first component. 0 when either is unknown."""
    glyphs = _glyphs()
    ga, gb = glyphs.get(a), glyphs.get(b)
    if ga is None or gb is None:
        return 0.0
    (oa, ca), (ob, cb) = ga, gb
    dist = _levenshtein(oa, ob)
    score = 1.0 - dist / max(len(oa), len(ob))
    if ca and ca == cb:
        score += 0.15
    return score


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _segment(text: str) -> float:
    """Log-probability of the best segmentation of ``text`` into dictionary words."""
    best = [0.0] + [-math.inf] * len(text)
    for j in range(1, len(text) + 1):
        for k in range(1, min(MAX_WORD, j) + 1):
            found = words_from(text[j - k]).get(text[j - k : j])
            if found is None:
                if k > 1:
                    continue
                freq = UNKNOWN
            else:
                freq = int(found)
            score = best[j - k] + math.log(freq / TOTAL)
            if score > best[j]:
                best[j] = score
    return best[-1]


def _covering_word(text: str, i: int, names: bool = True) -> str | None:
    """A dictionary word of two or more characters in ``text`` that covers position ``i``."""
    for a in range(max(0, i - MAX_WORD + 1), i + 1):
        group = words_from(text[a])
        for b in range(max(i + 1, a + 2), min(len(text), a + MAX_WORD) + 1):
            candidate = text[a:b]
            if candidate in group and (names or candidate not in names_from(text[a])):
                return candidate
    return None


def _fits(run: str, k: int, counts: dict[str, int]) -> bool:
    """Whether ``run[k]`` is attested Chinese with a neighbour or inside a word."""
    left = run[k - 1] if k else ""
    right = run[k + 1] if k + 1 < len(run) else ""
    if counts.get(left + run[k], 0) >= FITS or counts.get(run[k] + right, 0) >= FITS:
        return True
    lo = max(0, k - WINDOW)
    return _covering_word(run[lo : k + WINDOW + 1], k - lo) is not None


def _attested(left: str, char: str, right: str) -> bool:
    """The official documents write the character beside a neighbour, if only a few times, and
    more often than chance would put the two together (卷的 is chance: 的 is everywhere)."""
    rare = rare_bigrams()
    return any(
        pair in rare and char_count(pair[0]) * char_count(pair[1]) < total_chars()
        for pair in (left + char, char + right)
        if len(pair) == 2
    )


def propose(text: str, ctx: Context) -> Iterator[Edit]:
    counts = bigram_table()
    if not HAN_CHAR_RE.search(text):
        return
    damaged = ctx.damage * DAMAGE_SPAN >= len(text)
    # The positions where a judgeable character fits neither neighbour, found in C or NumPy.
    found_pairs = scan(text, counts, _judgeable)
    positions, doc, unfit = found_pairs.positions, found_pairs.written, found_pairs.unfit
    judged = len(positions)
    if judged > MIN_GARBLED and judged > MAX_UNFIT_SHARE * (found_pairs.fitting + judged):
        return  # not prose (random characters, a table of codes): no context to judge from
    hits = []
    for p in positions:
        lo, hi = _run_around(text, p)
        if hi - lo >= 2:
            hits.append((text[lo:hi], lo, p - lo))
    found = _judge_all(text, doc, unfit, counts, hits, damaged)
    if not damaged:
        # Misreadings come in company: a document where several characters would each make a
        # word as a look-alike is itself damaged, and is judged again as such. (The same pair
        # counts once: a pair written twice in clean text is written so on purpose.)
        suspects = len({(text[e.start], e.new) for e in found})
        if suspects >= SUSPECTS and (ctx.damage + suspects) * DAMAGE_SPAN >= len(text):
            found = _judge_all(text, doc, unfit, counts, hits, True)
    found.extend(_marks(text, damaged))
    if found and not _simplified(text):
        return  # a traditional document: the evidence here is simplified Chinese
    yield from _apart(found)


# 。 read for 、 (a tick read as a dot), between MARK_REACH Han characters each side.
MARK_REACH = 3
MARK_RE = regex.compile(f"(?<=[{HAN}]{{{MARK_REACH}}})[\u3002\u3001](?=[{HAN}]{{{MARK_REACH}}})")


def _marks(text: str, damaged: bool) -> Iterator[Edit]:
    """A 。 between words the document writes with 、 elsewhere: 形式主义。官僚主义 where it writes
    形式主义、官僚主义 twice and never so. Safe in a document that shows damage."""
    seen: dict[str, int] = {}
    places = []
    for m in MARK_RE.finditer(text):
        i = m.start()
        key = text[i - MARK_REACH : i + MARK_REACH + 1]
        seen[key] = seen.get(key, 0) + 1
        if m.group() == "\u3002":
            places.append((i, key))
    for i, key in places:
        phrase = key[:MARK_REACH] + "\u3001" + key[MARK_REACH + 1 :]
        count = seen.get(phrase, 0)
        if seen[key] == 1 and count >= 2 and _short_item_before(text, i):
            reason = f"。 for 、: the document writes {phrase} {count} times"
            if damaged:
                yield Edit(i, i + 1, "\u3001", reason)
            else:
                yield Edit(
                    i,
                    i + 1,
                    "\u3001",
                    f"{reason}; not applied unasked: too few of the repairs before it show OCR damage",
                    Safety.UNSAFE,
                )


LIST_ITEM_MAX = 8  # Han characters of an item in a list set apart by 、


def _short_item_before(text: str, i: int) -> bool:
    """Whether the Han run that ends at ``text[i]`` is as short as a list item (”形式主义。官僚
    主义: a 、 misread), not a clause (免予办理农药经营许可证。农药经营者: a sentence's end)."""
    lo = max(0, i - LIST_ITEM_MAX - 1)
    m = HAN_RUN_END_RE.search(text, lo, i)
    return m is not None and (m.start() > lo or lo == 0)


HAN_RUN_END_RE = regex.compile(f"[{HAN}]+$")


def _apart(found: list[Edit]) -> Iterator[Edit]:
    """Leave out proposals for neighbouring characters: each was judged with the other as
    written, so applying both undoes the evidence for each (背曲 -> 弯面 -> 背曲: found by
    scripts/fuzz.py with --unsafe-fixes)."""
    found = sorted(found, key=lambda e: e.start)
    for i, edit in enumerate(found):
        neighbours = [
            other
            for other in (found[i - 1] if i else None, found[i + 1] if i + 1 < len(found) else None)
            if other is not None and other.start <= edit.end and edit.start <= other.end
        ]
        # A variant written for its standard form (扞 for 捍 in 捍卫) is certain whatever its
        # neighbour is; it stands, and the neighbour's judgement (made with it as written) goes.
        # (Dropping both made the result depend on the damage the run had seen: 统什扞卫.)
        if not neighbours or (_is_variant(edit) and not any(_is_variant(o) for o in neighbours)):
            yield edit


def _is_variant(edit: Edit) -> bool:
    return VARIANT_MARK in edit.reason


VARIANT_MARK = ", a variant of "


def _judge_all(text, doc, unfit, counts, hits, damaged):  # type: ignore[no-untyped-def]
    """Judge every run; a repeated context is judged once: everything a judgement looks at lies
    within QUOTE_REACH characters (the rest, such as the document's own phrases, is the same for
    the whole text).

    In two passes: the document's evidence and the dictionary first, then the noisy channel
    for the positions those leave open, their character-model gains scored in blocks."""
    seen: dict[tuple[str, int], Edit | None] = {}
    order: list[tuple[tuple[str, int], int]] = []
    later: list[tuple[tuple[str, int], str, int, int]] = []
    for run, base, k in hits:
        p = base + k
        lo = max(0, p - QUOTE_REACH)
        key = (text[lo : p + QUOTE_REACH + 1], p - lo)
        if key not in seen:
            edit = _judge(text, doc, unfit, counts, run, base, k)
            if edit is _CHANNEL:
                later.append((key, run, base, k))
                edit = None
            seen[key] = _relative(edit, p)
        order.append((key, p))
    if later:
        gains = _Gains(text, [base + k for _, _, base, k in later])
        for key, run, base, k in later:
            repeated = _repeated(unfit, run, k)
            edit = _word_evidence(text, doc, counts, run, base, k, repeated, damaged, gains)
            seen[key] = _relative(edit, base + k)
    found = []
    for key, p in order:
        relative = seen[key]
        if relative is not None:
            found.append(
                Edit(relative.start + p, relative.end + p, relative.new, relative.reason, relative.safety)
            )
    return found


def _relative(edit: Edit | None, p: int) -> Edit | None:
    if edit is None:
        return None
    return Edit(edit.start - p, edit.end - p, edit.new, edit.reason, edit.safety)


_CHANNEL = Edit(0, 0, "", "judged by the noisy channel")  # _judge's answer: ask the channel


def _simplified(text: str) -> bool:
    """Whether a document is written in simplified characters (judged on its first 20 000
    characters, which is plenty)."""
    sample = text[:20_000]
    traditional = traditional_count(sample)
    # (s2t, a larger table to load, only where there is a traditional character to weigh.)
    return not traditional or simplified_count(sample) > traditional


@cache
def _judgeable(char: str) -> bool:
    """A Han character that may be a misreading: it has look-alikes, it is not a traditional
    form (that is convert-stray-traditional's business), and it is not a word common on its
    own (在 把 使 而 fit between any neighbours)."""
    if not HAN_CHAR_RE.match(char) or not candidates(char) or purely_traditional(char):
        return False
    return not _standalone(char)


def _with_candidates() -> Iterable[str]:
    """Every character that has candidates at all (``_judgeable`` is false for the rest)."""
    return {c for table in (_lookalikes(), _table(), _ocr_confusions()) for c in table}


_judgeable.universe = _with_candidates  # type: ignore[attr-defined]


@cache
def _standalone(char: str) -> bool:
    """A word common on its own (在 把 使 而 新): it fits between any neighbours."""
    return char_word_freq(char) >= STANDALONE


CONTEXT = 6  # characters each side of a judged character that any rule looks at


def _run_around(text: str, p: int) -> tuple[int, int]:
    """The Han characters around ``p``, at most CONTEXT on each side."""
    left = LEFT_RUN_RE.search(text, max(0, p - CONTEXT), p)
    right = RIGHT_RUN_RE.match(text, p + 1)
    return (left.start() if left else p), (right.end() if right else p + 1)


LEFT_RUN_RE = regex.compile(f"[{HAN}]+\\Z")
RIGHT_RUN_RE = regex.compile(f"[{HAN}]{{1,{CONTEXT}}}")


def _judge(text, doc, unfit, counts, run, base, k):  # type: ignore[no-untyped-def]
    """The document's own evidence and the dictionary: an edit, None (the text stands), or
    ``_CHANNEL`` (the noisy channel decides)."""
    wrong = run[k]
    left = run[k - 1] if k else ""
    right = run[k + 1] if k + 1 < len(run) else ""
    repeated = _repeated(unfit, run, k)
    fits = _fits(run, k, counts) or _attested(left, wrong, right)
    # The document's own evidence outweighs a dictionary word (银行货款 once, 银行贷款 often),
    # but not where it writes both phrases as often (核酸阳性, 核酸阴性).
    found = _document_evidence(text, doc, run, base, k, repeated, 2 if fits else 1)
    if found is not None or fits:
        return found
    return _variant(run, base, k, left, right) or _CHANNEL


def _repeated(unfit, run: str, k: int):  # type: ignore[no-untyped-def]
    """Whether the document pairs the character so again (asked only when needed)."""
    wrong = run[k]
    left = run[k - 1] if k else ""
    right = run[k + 1] if k + 1 < len(run) else ""
    return lambda: unfit[left + wrong] >= 2 or unfit[wrong + right] >= 2


def _document_evidence(text, doc, run, base, k, repeated, times):  # type: ignore[no-untyped-def]
    """The document itself writes the corrected phrase (问需于民 beside 问霄于民), at least
    ``times`` times, and the phrase as written only once."""
    wrong = run[k]
    left = run[k - 1] if k else ""
    right = run[k + 1] if k + 1 < len(run) else ""
    lo, hi = max(0, k - 2), min(len(run), k + 3)
    if hi - lo < 4:
        return None
    phrase = run[lo:hi]
    found = []
    for cand in candidates(wrong):
        if (
            (not left or doc[left + cand] >= times)
            and (not right or doc[cand + right] >= times)
            and _alike(wrong, cand)
        ):
            fixed = phrase[: k - lo] + cand + phrase[k - lo + 1 :]
            if text.count(fixed) >= times and (times == 1 or text.count(phrase) == 1):
                found.append((cand, fixed))
    if len(found) != 1 or repeated():
        return None  # repeated: the document pairs it so again, on purpose (中哈 beside 中塔)
    cand, fixed = found[0]
    return Edit(base + k, base + k + 1, cand, f"{wrong} for {cand}: the document writes {fixed}")


@cache
def _alike(char: str, cand: str) -> bool:
    """Whether the two look alike enough (stroke orders) for the document's own phrase to say
    which was meant."""
    return similarity(char, cand) >= DOCUMENT_ALIKE


def _variant(run, base, k, left, right):  # type: ignore[no-untyped-def]
    """A rare variant whose standard form makes an attested word (扞卫 -> 捍卫)."""
    wrong = run[k]
    variants, _ = _table().get(wrong, ("", ""))
    standard = _standard_form(wrong)
    if standard == wrong or standard not in variants:
        return None
    sl, sr = bigram_table().get(left + standard, 0), bigram_table().get(standard + right, 0)
    if max(sl, sr) < STRONG:
        return None
    pair = left + standard if sl >= sr else standard + right
    return Edit(base + k, base + k + 1, standard, f"{wrong}, a variant of {standard}, in {pair}")


def _word_evidence(text, doc, counts, run, base, k, repeated, damaged, gains):  # type: ignore[no-untyped-def]
    """The noisy channel: how likely each look-alike is the character meant, given the
    character model's gain for it in context, the dictionary words it makes, how often the
    engines misread it as what is written, and how damaged the document is (``decide``)."""
    wrong, p = run[k], base + k
    lo, hi = max(0, k - WINDOW), min(len(run), k + WINDOW + 1)
    window, kk = run[lo:hi], k - lo
    before = None
    rep = repeated()
    scored = []
    looks = candidates(wrong)
    words = _word_model()
    for (cand, alike), lm in zip(looks.items(), gains(p), strict=True):
        if lm < LM_PRUNE:
            continue  # the model finds it far less likely than the text as written
        fixed = window[:kk] + cand + window[kk + 1 :]
        evidence = _covering_word(fixed, kk, names=False)
        if evidence is not None:
            if before is None:
                before = _segment(window)
            word_gain = _segment(fixed) - before
        else:
            word_gain = 0.0
        features = _features(wrong, cand, alike, lm, word_gain, evidence is not None, rep)
        if RECORD is not None:
            RECORD.append((text, p, cand, features, run, k))
        if words is not None:  # the system word model's second opinion
            features += (max(-10.0, min(10.0, words.substitution_gain(run, k, cand))),)
        prob = decide(features)
        scored.append((prob, lm, word_gain, cand, evidence))
    if not scored:
        return None
    scored.sort(reverse=True)
    if not damaged and rep:
        return None  # a pair a document without damage writes twice is meant (舟艇, 中奥)
    # The prior: the channel was fitted on damaged text (about one misreading in a hundred
    # characters); a document that shows no damage holds typos at about one in ten thousand.
    prob = posterior([item[0] for item in scored], 1.0 if damaged else CLEAN_ODDS)
    _, lm, word_gain, cand, evidence = scored[0]
    if prob < SUGGEST_P or (evidence is None and not damaged):
        # (In clean text a look-alike that makes no word is a name far more often: 肖桂云, 睡垫.)
        return None
    why = f"{evidence} is a word" if evidence else f"the character model prefers {cand}"
    reason = f"{wrong} for {cand}: {why} (model {lm:+.1f}, P {prob:.3f})"
    rare, common = SAFE[damaged]
    needed = common if char_count(wrong) >= COMMON else rare
    doubt = None
    if prob < SAFE_P and not (word_gain >= needed and lm >= LM_AGREE and prob >= WORD_ROUTE_P):
        # Safe by the channel, or by a dictionary word that wins by a wide margin (the rule
        # the channel replaced, which the synthetic look-alikes of shape tables still need).
        doubt = "evidence not overwhelming"
    elif evidence is None:
        doubt = "it makes no dictionary word"
    elif not damaged and lm < LM_AGREE:
        # In a document that shows no damage, a repair needs the character model to agree.
        doubt = f"the character model finds {wrong} likelier here ({lm:+.1f})"
    else:
        doubt = _doubt(text, counts, run, base, k, cand)
    if doubt:
        return Edit(p, p + 1, cand, f"{reason}; {doubt}", Safety.UNSAFE)
    return Edit(p, p + 1, cand, reason)


# The noisy channel's weights, fitted by bench/calibrate.py (logistic regression) on OCR'd pages
# of our own and clean lines, all held out of the character model: the features are
# (1; the model's gain in log10, and its excess over 2 and 5, and its deficit under 0; the
# dictionary's gain in nats, and its excess over 8 and 12; whether the look-alike makes a word;
# log10 of the share of the written character's readings that were this confusion (-3 when never
# measured), whether it was measured; glyph likeness; log10 of the written character's count in
# the official documents;
# whether the document writes the pair again).
COEF = (-3.842, 0.530, 0.832, 0.719, 0.359, 0.352, 0.099, 0.928, 0.234, 0.562, 1.333, -0.772, -0.103, 0.248)
# The same, fitted with the system word model's gain (log10, zhclean.core.lm.word_model) as a last
# feature: used when that model is installed.
COEF_WORDS = (
    -4.409,
    0.656,
    0.497,
    0.092,
    0.041,
    0.060,
    0.240,
    1.323,
    0.181,
    0.556,
    0.968,
    -0.639,
    -0.005,
    0.280,
    0.617,
)
SAFE_P = 0.99  # a probability that makes a fix safe (calibrated precision >= 99.5 %)
SUGGEST_P = 0.5  # one that makes a suggestion (calibrated precision >= 50 %)
LM_PRUNE = -1.0  # a look-alike the model finds ten times less likely is not considered
LM_AGREE = 0.0  # the model's gain a dictionary word's win needs besides
WORD_ROUTE_P = 0.9  # and the channel's probability it needs
CLEAN_ODDS = 100.0  # how much rarer misreadings are in a document that shows no damage
# bench/calibrate.py's tap: (text, position, look-alike, features, Han run, index in the run)
RECORD: list[tuple[str, int, str, tuple[float, ...], str, int]] | None = None


def _features(wrong, cand, alike, lm, word_gain, has_word, rep):  # type: ignore[no-untyped-def]
    """The channel's features (see COEF): the evidence is not linear in the gains, so each gain
    enters with hinges at the points where its meaning changes."""
    share = _ocr_shares().get(wrong, {}).get(cand)
    lm = max(-10.0, min(10.0, lm))
    word_gain = max(-20.0, min(30.0, word_gain))
    return (
        1.0,
        lm,
        max(lm - 2, 0.0),
        max(lm - 5, 0.0),
        min(lm, 0.0),
        word_gain,
        max(word_gain - 8, 0.0),
        max(word_gain - 12, 0.0),
        float(has_word),
        math.log10(share) if share else -3.0,
        float(share is not None),
        alike,
        math.log10(char_count(wrong) + 1),
        float(rep),
    )


def posterior(probs: list[float], prior: float = 1.0) -> float:
    """The first (best) look-alike's share of the odds of all of them, the text as written
    counting one, with every look-alike's odds divided by ``prior``."""
    odds = [min(prob, 1 - 1e-9) / (1 - min(prob, 1 - 1e-9)) / prior for prob in probs]
    return odds[0] / (1 + sum(odds))


def decide(features: tuple[float, ...]) -> float:
    """The probability that the look-alike is the character meant (with the word model's gain
    as a last feature when it is installed)."""
    coef = COEF if len(features) == len(COEF) else COEF_WORDS
    logit = sum(c * f for c, f in zip(coef, features, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))


@cache
def _ocr_shares() -> dict[str, dict[str, float]]:
    """Every measured confusion: the share of a character's readings that were it."""
    table: dict[str, dict[str, float]] = {}
    for read, meant, _count, share, *_ in read_tsv("ocr_confusions.tsv"):
        table.setdefault(read, {})[meant] = float(share)
    return table


def _word_model():  # type: ignore[no-untyped-def]
    from ...core.lm import word_model

    return word_model()


LM_TAIL = 5


class _Gains:
    """The character model's gain for each look-alike (in ``candidates`` order) at each of a
    text's suspects, scored a block of suspects at a time when the first of them needs its
    gains: one vectorised call per position cost more in Python than the scoring itself. (The
    model loads only when a position gets this far.)"""

    BLOCK = 512  # suspects scored together (rows: their look-alikes, two each)

    def __init__(self, text: str, positions: list[int]) -> None:
        self.text = text
        self.positions = sorted(set(positions))
        self.index = {p: i for i, p in enumerate(self.positions)}
        self.by_position: dict[int, list[float]] = {}

    def __call__(self, p: int) -> list[float]:
        if p not in self.by_position:
            i = self.index[p]
            self._score(self.positions[i : i + self.BLOCK])
        return self.by_position[p]

    def _score(self, block: list[int]) -> None:
        from ...core.lm import char_model

        block = [p for p in block if p not in self.by_position]
        looks = [candidates(self.text[p]) for p in block]
        places = [(p, cand) for p, cands in zip(block, looks, strict=True) for cand in cands]
        gains = char_model().substitution_gains(self.text, places, LM_TAIL).tolist()
        at = 0
        for p, cands in zip(block, looks, strict=True):
            self.by_position[p] = gains[at : at + len(cands)]
            at += len(cands)


def _doubt(text, counts, run, base, k, cand):  # type: ignore[no-untyped-def]
    """Why the text may be right as written after all: a name, a coinage, a garbled cluster."""
    wrong, i = run[k], base + k
    for j in (k - 2, k - 1, k):
        if j >= 0 and run[j] in SURNAMES and (j == 0 or not _starts_word(run, j, counts)):
            return "it may be part of a name"
    if any(run[j] in PLACE_SUFFIXES for j in (k + 1, k + 2) if j < len(run)):
        return "it may be part of a place name"
    for m in SHORT_QUOTE_RE.finditer(text, max(0, i - QUOTE_REACH), min(len(text), i + QUOTE_REACH)):
        if m.start() < i < m.end():
            return "it is inside a short quotation or title"
    if (k and run[k - 1] == cand) or (k + 1 < len(run) and run[k + 1] == cand):
        return f"{cand} would double its neighbour"
    fixed = run[:k] + cand + run[k + 1 :]
    for j in (k - 1, k + 1):
        if 0 <= j < len(fixed) and not _standalone(fixed[j]) and not _fits(fixed, j, counts):
            return "a neighbour fits nothing either"
    if char_count(wrong) >= COMMON and _other_fillers(text, run, k, cand):
        return "the document writes this frame with other characters"
    return None


def _starts_word(run: str, j: int, counts: dict[str, int]) -> bool:
    """Whether ``run[j]`` continues a word begun by its left neighbour."""
    pair = run[j - 1 : j + 1]
    return counts.get(pair, 0) >= FITS or word(pair) is not None


def _other_fillers(text: str, run: str, k: int, cand: str) -> bool:
    """The three characters before (or after) the position recur with a third character."""
    wrong = run[k]
    before, after = run[max(0, k - 3) : k], run[k + 1 : k + 4]
    if len(before) == 3:
        for m in regex.finditer(regex.escape(before) + f"([{HAN}])", text):
            if m.group(1) not in (wrong, cand):
                return True
    if len(after) == 3:
        for m in regex.finditer(f"([{HAN}])" + regex.escape(after), text):
            if m.group(1) not in (wrong, cand):
                return True
    return False


@cache
def _standard_form(char: str) -> str:
    """The standard form OpenCC's t2s tables give a variant (捍 for 扞); the character itself
    for one that is not a variant (她), and for a plain traditional character (們: that is the
    business of convert-stray-traditional, and right in a traditional document)."""
    if purely_traditional(char):
        return char
    return converter("t2s").convert(char)
