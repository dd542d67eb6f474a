#!/usr/bin/env python3
"""Build the data files that ship in ``src/zhclean/data/``.

Run from the repository root, with the shared data folder beside the checkout:

    pip install jieba==0.42.1          # development only, for its MIT dictionary
    apt-get install unicode-data       # Debian's copy of the Unicode Character Database
    python scripts/build_data.py [--shared ../shared] [--check]

Sources (each one's licence allows shipping what is derived from it):
- radicals.tsv: Unicode EquivalentUnifiedIdeograph.txt (Unicode License v3, permissive).
- simplified_only.txt: Unicode Unihan_Variants.txt (same licence): characters only simplified.
- yi_right.tsv: characters that follow 一 far more often than chance, from the same official
  documents, minus those that often start names in THUOCL (MIT).
- bigrams.tsv: Han character bigrams with counts, from the same official documents.
- bound_left.tsv: bigrams bound to one left neighbour (近平 after 习), same documents, with
  the left characters jieba's dictionary allows.
- yi_trigrams.tsv: character trigrams ``X一Y`` counted over the official documents of
  ``shared/data/corpus`` (government work reports, CPC congress reports, laws: not protected by
  copyright under art. 5 of the PRC Copyright Law), plus those inside words of jieba's dictionary
  (MIT). The news transcripts in the same folder are never read: they may not be shipped.

``--check`` rebuilds into memory and exits 1 if a shipped file differs (used by a test when the
sources are present).
"""

from __future__ import annotations

import argparse
import collections
import functools
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "zhclean" / "data"
UNICODE_DIR = Path("/usr/share/unicode")
# Folders of the shared corpus that may be shipped; xinwen_lianbo (news) is deliberately absent.
SHIPPABLE_CORPUS = ("gov_work_reports", "cpc_congress_reports", "laws")
HAN_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
YI = "\u4e00"
MIN_CORPUS_COUNT = 1
MIN_BIGRAM_COUNT = 5
MIN_RARE_BIGRAM_COUNT = 2
MIN_BOUND_COUNT = 150
MIN_BOUND_SHARE = 0.995
MIN_JIEBA_FREQ = 30
# A character Y that follows 一 this many times more often than chance (and at least
# MIN_RIGHT_COUNT times) is a measure word or a fixed partner of 一 (个 批 种 系列 ...).
MIN_RIGHT_LIFT = 5.0
MIN_RIGHT_COUNT = 5
# ... unless Y starts many place or person names (定西, 章丘, 道县): then a hyphen before it is as
# likely a connector between two names. Names: THUOCL diming + lishimingren (MIT).
MAX_NAME_STARTS = 20
NUMERALS = set(
    "\u96f6\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341\u767e\u5343\u4e07\u4ebf\u4e24"
)


def build_radicals() -> str:
    source = UNICODE_DIR / "EquivalentUnifiedIdeograph.txt"
    rows = []
    for line in source.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        cps, target = (part.strip() for part in line.split(";"))
        lo, _, hi = cps.partition("..")
        for cp in range(int(lo, 16), int(hi or lo, 16) + 1):
            rows.append(f"{chr(cp)}\t{chr(int(target, 16))}\tU+{cp:04X}")
    header = (
        "# Radicals (Kangxi Radicals, CJK Radicals Supplement) and their equivalent unified ideograph.\n"
        "# Source: Unicode EquivalentUnifiedIdeograph.txt (Unicode 15.0, Debian unicode-data).\n"
        "# Licence: Unicode License v3 (permissive); see https://www.unicode.org/license.txt\n"
        "# Built by scripts/build_data.py; do not edit by hand.\n"
        "radical\tideograph\tcode point\n"
    )
    return header + "\n".join(sorted(rows)) + "\n"


def build_simplified_only() -> str:
    """Characters that are only the simplified form of others (为 of 為, 们 of 們): Unihan gives
    them a kTraditionalVariant that is not themselves. 个 and 这 (their own variants too), 台 and
    后 (traditional text writes them in their own right) are not in it."""
    import bz2

    chars = []
    with bz2.open(UNICODE_DIR / "Unihan_Variants.txt.bz2", "rt", encoding="utf-8") as source:
        for line in source:
            if not line.startswith("U+") or "\tkTraditionalVariant\t" not in line:
                continue
            code, _, values = line.rstrip("\n").split("\t")
            char = chr(int(code[2:], 16))
            if char not in {chr(int(v[2:], 16)) for v in values.split()}:
                chars.append(char)
    header = (
        "# Han characters that exist only as the simplified form of others (Unihan kTraditionalVariant\n"
        "# not naming the character itself); one line. Source: Unicode Unihan_Variants.txt (Debian\n"
        "# unicode-data). Licence: Unicode License v3 (permissive). Built by scripts/build_data.py.\n"
    )
    return header + "".join(sorted(chars)) + "\n"


def _han_runs(shared: Path) -> Iterator[str]:
    corpus = shared / "data" / "corpus"
    for folder in SHIPPABLE_CORPUS:
        for path in sorted((corpus / folder).glob("*.txt")):
            yield from HAN_RUN_RE.findall(path.read_text(encoding="utf-8"))


def build_yi_right(shared: Path) -> str:
    chars: collections.Counter[str] = collections.Counter()
    after_yi: collections.Counter[str] = collections.Counter()
    for run in _han_runs(shared):
        chars.update(run)
        i = run.find(YI)
        while i != -1:
            if i + 1 < len(run):
                after_yi[run[i + 1]] += 1
            i = run.find(YI, i + 1)
    name_starts: collections.Counter[str] = collections.Counter()
    for lexicon in ("THUOCL_diming.txt", "THUOCL_lishimingren.txt"):
        for line in (
            (shared / "data" / "lexicon" / "THUOCL" / lexicon).read_text(encoding="utf-8").splitlines()
        ):
            word = line.split("\t")[0].strip()
            if word:
                name_starts[word[0]] += 1
    total, n_yi = sum(chars.values()), chars[YI]
    rows = []
    for ch, n in after_yi.items():
        lift = n * total / (n_yi * chars[ch])
        if (
            n >= MIN_RIGHT_COUNT
            and lift >= MIN_RIGHT_LIFT
            and ch not in NUMERALS
            and name_starts[ch] < MAX_NAME_STARTS
        ):
            rows.append(f"{ch}\t{n}\t{lift:.1f}")
    header = (
        "# Characters that follow the numeral 一 far more often than chance: measure words and\n"
        "# fixed partners (个 批 种 系 ...). Source: the shippable official documents of\n"
        "# shared/data/corpus (PRC Copyright Law art. 5). count: occurrences of 一Y; lift: that count\n"
        f"# over its expectation. Kept: count >= {MIN_RIGHT_COUNT}, lift >= {MIN_RIGHT_LIFT},\n"
        "# numerals excluded,\n"
        f"# and characters that start {MAX_NAME_STARTS} or more names in THUOCL diming/lishimingren (MIT).\n"
        "# Licence: the documents are not protected (art. 5); THUOCL is MIT.\n"
        "# Built by scripts/build_data.py; do not edit by hand.\n"
        "char\tcount\tlift\n"
    )
    return header + "".join(f"{r}\n" for r in sorted(rows))


@functools.cache
def _bigram_counts(shared: Path) -> collections.Counter[str]:
    counts: collections.Counter[str] = collections.Counter()
    for run in _han_runs(shared):
        counts.update(run[i : i + 2] for i in range(len(run) - 1))
    return counts


def build_bigrams(shared: Path) -> str:
    counts = _bigram_counts(shared)
    header = (
        "# Han character bigrams of the shippable official documents, with their counts.\n"
        "# Source: shared/data/corpus/{gov_work_reports,cpc_congress_reports,laws}.\n"
        "# Licence: not protected by copyright (PRC Copyright Law art. 5).\n"
        f"# Kept: count >= {MIN_BIGRAM_COUNT}. Built by scripts/build_data.py; do not edit by hand.\n"
        "bigram\tcount\n"
    )
    rows = sorted((b, c) for b, c in counts.items() if c >= MIN_BIGRAM_COUNT)
    return header + "".join(f"{b}\t{c}\n" for b, c in rows)


def build_rare_bigrams(shared: Path) -> str:
    """Bigrams seen 2 to 4 times: too rare to decide fast, enough to show a phrase is written so
    (铸魂, 串层, 缓缴), which the look-alike filter checks before it calls a character wrong."""
    counts = _bigram_counts(shared)
    header = (
        "# Han character bigrams of the shippable official documents seen 2 to 4 times (the\n"
        "# commoner ones are in bigrams.tsv). Space-separated, one line.\n"
        "# Source: shared/data/corpus/{gov_work_reports,cpc_congress_reports,laws}.\n"
        "# Licence: not protected by copyright (PRC Copyright Law art. 5).\n"
        "# Built by scripts/build_data.py; do not edit by hand.\n"
        "bigrams\n"
    )
    rows = sorted(b for b, c in counts.items() if MIN_RARE_BIGRAM_COUNT <= c < MIN_BIGRAM_COUNT)
    return header + " ".join(rows) + "\n"


def build_bound_left(shared: Path) -> str:
    """Bigrams that in the official documents (almost) always follow one character (近平 after 习).

    Such a bigram after another character marks a word cut in half, where text was lost
    (同人民群众|近平同志). Characters that jieba's dictionary allows before the bigram (a word
    X + first character, or X + bigram inside a word) are listed, so that a legitimate
    word boundary is not reported.
    """
    left: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    counts: collections.Counter[str] = collections.Counter()
    for run in _han_runs(shared):
        for i in range(len(run) - 1):
            pair = run[i : i + 2]
            counts[pair] += 1
            left[pair][run[i - 1] if i else "^"] += 1
    import jieba  # development only

    pairs: set[str] = set()
    triples: set[str] = set()
    words: set[str] = set()
    dict_path = Path(jieba.__file__).parent / "dict.txt"
    for line in dict_path.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = line.split(" ")
        if int(freq) < 3:
            continue
        words.add(word)
        pairs.update(word[i : i + 2] for i in range(len(word) - 1))
        triples.update(word[i : i + 3] for i in range(len(word) - 2))
    rows = []
    for pair, n in counts.items():
        if n < MIN_BOUND_COUNT:
            continue
        char, k = left[pair].most_common(1)[0]
        if char == "^" or k / n < MIN_BOUND_SHARE:
            continue
        # A fragment of a dictionary word (近平 of 习近平), not a word of its own (下水, 华人).
        if pair in words or char + pair not in triples:
            continue
        allowed = sorted(
            {c for c, _ in left[pair].items() if c != "^"}
            | {p[0] for p in pairs if p[1] == pair[0]}
            | {t[0] for t in triples if t[1:] == pair}
        )
        rows.append(f"{pair}\t{char}\t{''.join(allowed)}")
    header = (
        "# Bigrams that follow one character in (almost) every occurrence: 近平 after 习.\n"
        "# Source: shared/data/corpus/{gov_work_reports,cpc_congress_reports,laws} (art. 5, not\n"
        f"# protected); kept: count >= {MIN_BOUND_COUNT}, share of the top left neighbour\n"
        f"# >= {MIN_BOUND_SHARE}, not a word of jieba's dictionary itself, but part of one with its\n"
        "# left neighbour.\n"
        "# allowed: left characters that the documents or jieba's dictionary (MIT) put before it.\n"
        "# Licence: art. 5 documents are not protected; jieba is MIT.\n"
        "# Built by scripts/build_data.py; do not edit by hand.\n"
        "bigram\tleft\tallowed\n"
    )
    return header + "".join(f"{r}\n" for r in sorted(rows))


def build_confusions(shared: Path) -> str:
    """Look-alike candidates: wrong character -> the common characters it may stand for.

    Sources: Unicode's Unihan (semantic and Z variants: 扞 -> 捍; same four-corner code and
    radical: 霄 -> 需), and pycorrector's same_stroke.txt groups (Apache-2.0). A candidate must
    be a character of the official documents (bigrams.tsv): the right character is a common one.
    """
    common: set[str] = set()
    for run in _han_runs(shared):
        common.update(run)
    confusion = shared / "data" / "confusion"
    variants: dict[str, set[str]] = collections.defaultdict(set)
    shapes: dict[str, set[str]] = collections.defaultdict(set)
    by_code: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    lines = (confusion / "unihan_shape_props.tsv").read_text(encoding="utf-8").splitlines()
    for line in lines[2:]:
        cols = line.split("\t")
        char, code, radical = cols[0], cols[2], cols[4].split(".")[0]
        if code:
            by_code[(code, radical)].append(char)
        for other in (cols[8] if len(cols) > 8 else "") + (cols[9] if len(cols) > 9 else ""):
            if other != char:
                variants[char].add(other)
    for group in by_code.values():
        if len(group) > 1:
            for a in group:
                shapes[a].update(b for b in group if b != a)
    for line in (confusion / "same_stroke.txt").read_text(encoding="utf-8").splitlines():
        group = line.split()
        for a in group:
            shapes[a].update(b for b in group if b != a)
    rows = []
    for char in sorted(set(variants) | set(shapes)):
        var = sorted(c for c in variants.get(char, ()) if c in common)
        shp = sorted(c for c in shapes.get(char, ()) if c in common and c not in var)
        if var or shp:
            rows.append(f"{char}\t{''.join(var)}\t{''.join(shp)}")
    header = (
        "# Look-alike candidates: a character, the common characters it is a variant of, and\n"
        "# those that look like it. Sources: Unicode Unihan 15.0 (kSemanticVariant, kZVariant,\n"
        "# kFourCornerCode with kRSUnicode radical; Unicode License v3) and pycorrector 1.1.4\n"
        "# same_stroke.txt (Apache-2.0). Licence: Unicode License v3 and Apache-2.0 (attribution\n"
        "# kept here). Candidates are characters of the official documents of shared/data/corpus.\n"
        "# Built by scripts/build_data.py; do not edit by hand.\n"
        "char\tvariant_of\tlooks_like\n"
    )
    return header + "".join(f"{r}\n" for r in rows)


def build_glyphs(shared: Path) -> str:
    """Stroke order and first component of each character, to tell look-alikes apart.

    Source: the char-similar 0.0.2 wheel's data (MIT metadata, Apache-2.0 LICENSE file; both
    permissive), as copied to shared/data/confusion/char_similar.
    """
    import json

    folder = shared / "data" / "confusion" / "char_similar"
    order = json.loads((folder / "char_order.dict").read_text(encoding="utf-8"))
    component = json.loads((folder / "char_component.dict").read_text(encoding="utf-8"))
    rows = [
        f"{ch}\t{order[ch]}\t{component.get(ch, '')}"
        for ch in sorted(order)
        if len(ch) == 1 and "\u3400" <= ch <= "\u9fff" and order[ch].isdigit()
    ]
    header = (
        "# Stroke order (1 horizontal, 2 vertical, 3 left-falling, 4 dot, 5 turning) and first\n"
        "# component of CJK characters. Source: char-similar 0.0.2 (yongzhuo/char-similar) data.\n"
        "# Licence: MIT (package metadata) / Apache-2.0 (its LICENSE file).\n"
        "# Built by scripts/build_data.py; do not edit by hand.\n"
        "char\torder\tcomponent\n"
    )
    return header + "".join(f"{r}\n" for r in rows)


def build_yi_trigrams(shared: Path) -> str:
    counts: collections.Counter[str] = collections.Counter()
    for run in _han_runs(shared):
        i = run.find(YI, 1)
        while i != -1:
            if i + 1 < len(run):
                counts[run[i - 1 : i + 2]] += 1
            i = run.find(YI, i + 1)
    rows = {t: f"{c}\tcorpus" for t, c in counts.items() if c >= MIN_CORPUS_COUNT}
    import jieba  # development only

    dict_path = Path(jieba.__file__).parent / "dict.txt"
    for line in dict_path.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = line.split(" ")
        if int(freq) < MIN_JIEBA_FREQ or not HAN_RUN_RE.fullmatch(word):
            continue
        if YI in word[1:-1] and word not in rows:
            rows[word] = f"{freq}\tjieba"
    header = (
        "# Evidence that 一 stands between two Han characters.\n"
        "# corpus rows: trigrams X一Y in the shippable official documents of shared/data/corpus\n"
        "#   ({gov_work_reports,cpc_congress_reports,laws}: PRC Copyright Law art. 5); count = occurrences.\n"
        "# jieba rows: whole words of jieba 0.42.1 dict.txt (MIT) with 一 inside; count = jieba frequency\n"
        f"#   (>= {MIN_JIEBA_FREQ}). A jieba word is evidence only where the whole word matches.\n"
        "# Sources and licences: the documents are not protected (art. 5); jieba's dictionary is MIT.\n"
        "# Built by scripts/build_data.py; do not edit by hand.\n"
        "sequence\tcount\tsource\n"
    )
    return header + "".join(f"{t}\t{r}\n" for t, r in sorted(rows.items()))


MIN_WORD_FREQ = 3  # jieba frequency below which a word is noise
MAX_WORD_LEN = 4
# Person names: evidence for a fix only ever turns one name into another (王光谦 -> 王先谦).
# Places and organisations are evidence like any word (中国, 国务院); a place suffix after a
# character is a separate caution in the look-alike filter.
NAME_TAGS = ("nr",)
THUOCL_NAMES = ("lishimingren",)


def build_words(shared: Path) -> str:
    """Words and their frequencies, for judging whether a character makes a word in context.

    Sources: jieba 0.42.1 dict.txt (MIT; frequencies from a general corpus of 60 M words) and
    THUOCL (MIT; domain lexicons, idioms, places, historical people). A proper name is marked
    ``n``: it shows that text is right, but it is never evidence for a correction.
    """
    import jieba  # development only

    words: dict[str, tuple[int, bool]] = {}
    dict_path = Path(jieba.__file__).parent / "dict.txt"
    for line in dict_path.read_text(encoding="utf-8").splitlines():
        word, freq, tag = line.split(" ")
        if len(word) <= MAX_WORD_LEN and int(freq) >= MIN_WORD_FREQ and HAN_RUN_RE.fullmatch(word):
            words[word] = (int(freq), tag.startswith(NAME_TAGS))
    for path in sorted((shared / "data" / "lexicon" / "THUOCL").glob("THUOCL_*.txt")):
        name = any(part in path.name for part in THUOCL_NAMES)
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) < 2 or not 2 <= len(parts[0]) <= MAX_WORD_LEN:
                continue
            if HAN_RUN_RE.fullmatch(parts[0]) and parts[0] not in words:
                words[parts[0]] = (MIN_WORD_FREQ, name)
    shards: dict[str, list[tuple[str, int, bool]]] = collections.defaultdict(list)
    for w, (f, n) in sorted(words.items()):
        shards[w[0]].append((w, f, n))
    header = (
        "# Words with their frequency, grouped by first character (one line per character, so a\n"
        "# program parses only the lines it needs): first, then tab-separated: the words, their\n"
        "# frequencies, and the words that are proper names (space-separated). A name shows text\n"
        "# is right but is never evidence for a correction.\n"
        f"# Sources: jieba 0.42.1 dict.txt (MIT; frequency >= {MIN_WORD_FREQ}, up to {MAX_WORD_LEN}\n"
        "# characters;"
        f" names: tags {', '.join(NAME_TAGS)}) and THUOCL (thunlp/THUOCL, MIT; words not in jieba get\n"
        f"# frequency {MIN_WORD_FREQ}; names: {', '.join(THUOCL_NAMES)}). Licence: MIT (both).\n"
        "# Built by scripts/build_data.py; do not edit by hand.\n"
        "first\twords\tfrequencies\tnames\n"
    )
    lines = []
    for c, group in sorted(shards.items()):
        ws = " ".join(w for w, _, _ in group)
        fs = " ".join(str(f) for _, f, _ in group)
        ns = " ".join(w for w, _, n in group if n)
        lines.append(f"{c}\t{ws}\t{fs}\t{ns}\n")
    return header + "".join(lines)


def build_char_counts(shared: Path) -> str:
    counts: collections.Counter[str] = collections.Counter()
    for run in _han_runs(shared):
        counts.update(run)
    header = (
        "# How often each Han character occurs in the official documents of shared/data/corpus\n"
        "# ({gov_work_reports,cpc_congress_reports,laws}: PRC Copyright Law art. 5).\n"
        "# Built by scripts/build_data.py; do not edit by hand.\n"
        "char\tcount\n"
    )
    return header + "".join(f"{c}\t{n}\n" for c, n in sorted(counts.items()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--check", action="store_true", help="compare with the shipped files, write nothing")
    args = ap.parse_args(argv)
    outputs = {
        "radicals.tsv": build_radicals(),
        "simplified_only.txt": build_simplified_only(),
        "yi_trigrams.tsv": build_yi_trigrams(args.shared),
        "yi_right.tsv": build_yi_right(args.shared),
        "bigrams.tsv": build_bigrams(args.shared),
        "rare_bigrams.tsv": build_rare_bigrams(args.shared),
        "bound_left.tsv": build_bound_left(args.shared),
        "confusions.tsv": build_confusions(args.shared),
        "glyphs.tsv": build_glyphs(args.shared),
        "words.tsv": build_words(args.shared),
        "char_counts.tsv": build_char_counts(args.shared),
    }
    stale = []
    for name, text in outputs.items():
        path = DATA / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            tmp = path.with_suffix(".tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)
            print(f"wrote {path.relative_to(ROOT)} ({len(text.splitlines())} lines)")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
