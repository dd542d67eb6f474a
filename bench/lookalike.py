#!/usr/bin/env python3
"""Measure fix-lookalike-chars: every edit it makes on the benchmark and the corpus, right or wrong.

    python bench/lookalike.py [--shared ../shared] [--set synthetic|real|docs|corpus|paragraphs|all]
    python bench/lookalike.py --set real --unsafe      # suggestions applied too
    python bench/lookalike.py --set real --oracle     # an upper bound for any confusion table

- synthetic: an edit is right when it restores the truth of a labelled look-alike fault;
- real: the OCR text is aligned with its truth (rapidfuzz, whitespace left out), and an edit
  is right when the truth has the edit's character at that place; the denominator is every one-for-one Han
  substitution the engines made (all of them are misreadings of a shape);
- corpus: the official documents and the news transcripts are correct text, so every edit is
  listed for review (the documents hold a few genuine typos);
- paragraphs (not in ``all``): the corpus one line at a time, as records of a JSON Lines corpus.

``--oracle`` offers, for every substitution of the real set, the truth's character as a
candidate of the character read (as a perfect confusion table would): what the judgement makes
of evidence when the candidate is never missing. It is a measurement, never a way to clean.

The whole default pipeline runs (look-alikes are judged after the other repairs), and the
look-alike edits are picked out of its explanation.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from zhclean import clean_and_explain  # noqa: E402

FILTER = "fix-lookalike-chars"


def _edits(text: str, unsafe: bool):  # type: ignore[no-untyped-def]
    result = clean_and_explain(text, unsafe_fixes=unsafe)
    return [e for e in result.edits if e.filter == FILTER]


def synthetic(shared: Path, unsafe: bool) -> None:
    right = wrong = faults = 0
    for line in (shared / "bench" / "synthetic.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        truth = {f["noisy_span"][0]: f["truth_text"] for f in row["faults"] if f["class"] == "lookalike"}
        faults += len(truth)
        for edit in _edits(row["noisy"], unsafe):
            ok = truth.get(edit.start) == edit.after
            right += ok
            wrong += not ok
            if not ok:
                print(f"  wrong  {row['id']} {edit.before}->{edit.after}  {edit.reason}")
    print(
        f"synthetic: {right}/{faults} look-alike faults repaired ({right / faults:.1%}), {wrong} wrong edits"
    )


def oracle(shared: Path) -> None:
    """Make every real substitution's truth a candidate of the character read."""
    import zhclean.engine.filters.fix_lookalike_chars as lookalike

    extra: dict[str, set[str]] = {}
    for line in (shared / "bench" / "real.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        for _, read, meant, replaced in _aligned(row["ocr"], row["truth"]):
            if replaced and _han(read) and _han(meant):
                extra.setdefault(read, set()).add(meant)
    table = lookalike.candidates.__wrapped__

    def candidates(char: str) -> dict[str, float]:
        found = dict(table(char))
        for meant in extra.get(char, ()):
            found.setdefault(meant, 0.8)
        return found

    lookalike.candidates = candidates  # type: ignore[assignment]
    lookalike._judgeable.cache_clear()
    # (The scan of texts under 100 000 characters asks _judgeable itself, so no more is needed.)


def real(shared: Path, unsafe: bool, name: str = "real.jsonl") -> None:
    right = wrong = subs = 0
    for line in (shared / "bench" / name).open(encoding="utf-8"):
        row = json.loads(line)
        ocr, truth = row["ocr"], row["truth"]
        meant: dict[int, str] = {}
        for i, read, right_char, replaced in _aligned(ocr, truth):
            meant[i] = right_char
            subs += replaced and _han(read) and _han(right_char)
        for edit in _edits(ocr, unsafe):
            ok = meant.get(edit.start) == edit.after
            right += ok
            wrong += not ok
            where = ocr[max(0, edit.start - 6) : edit.start + 7].replace("\n", " ")
            print(f"  {'right' if ok else 'wrong'}  {row['id']} {edit.before}->{edit.after}  {where}")
    print(
        f"{name}: {right}/{subs} Han substitutions repaired ({right / max(subs, 1):.1%}), {wrong} wrong edits"
    )


def docs(shared: Path, unsafe: bool) -> None:
    """The whole documents of the document benchmark (five domains, two engines)."""
    real(shared, unsafe, "docs/real.jsonl")


def corpus(shared: Path, unsafe: bool) -> None:
    total = 0
    size = 0
    for path in sorted((shared / "data" / "corpus").rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        size += len(text.encode())
        for edit in _edits(text, unsafe):
            total += 1
            where = text[max(0, edit.start - 8) : edit.start + 8].replace("\n", " ")
            print(f"  {path.parent.name}/{path.name} {edit.before}->{edit.after}  {where}  ({edit.reason})")
    print(f"corpus: {total} edits in {size / 1e6:.1f} MB")


def paragraphs(shared: Path, unsafe: bool) -> None:
    """The corpus again, one line (paragraph) at a time, as a JSON Lines corpus is cleaned: a
    paragraph has no document around it to show that a pair is written on purpose."""
    total = size = 0
    for path in sorted((shared / "data" / "corpus").rglob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            size += len(line.encode())
            for edit in _edits(line, unsafe):
                total += 1
                where = line[max(0, edit.start - 8) : edit.start + 8]
                print(
                    f"  {path.parent.name}/{path.name} {edit.before}->{edit.after}  {where}  ({edit.reason})"
                )
    print(f"paragraphs: {total} edits in {size / 1e6:.1f} MB")


def _aligned(ocr: str, truth: str) -> Iterator[tuple[int, str, str, bool]]:
    """(index in ``ocr``, character read, character meant, whether it was replaced) for each
    character aligned one for one with the truth. Aligned without whitespace: the engines break
    lines where the truth runs on, and a line break aligned with a character would throw the
    characters after it off by one."""
    from rapidfuzz.distance import Levenshtein

    where = [i for i, c in enumerate(ocr) if not c.isspace()]
    bare_ocr = "".join(ocr[i] for i in where)
    bare_truth = "".join(c for c in truth if not c.isspace())
    for op in Levenshtein.opcodes(bare_ocr, bare_truth):
        n = op.src_end - op.src_start
        if op.tag == "equal" or (op.tag == "replace" and n == op.dest_end - op.dest_start):
            for k in range(n):
                i, j = op.src_start + k, op.dest_start + k
                yield where[i], bare_ocr[i], bare_truth[j], op.tag == "replace"


def _han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument(
        "--set", default="all", choices=["synthetic", "real", "docs", "corpus", "paragraphs", "all"]
    )
    parser.add_argument("--unsafe", action="store_true", help="apply suggestions too")
    parser.add_argument("--oracle", action="store_true", help="real set: the truth is always a candidate")
    args = parser.parse_args(argv)
    if args.oracle:
        oracle(args.shared)
    start = time.perf_counter()
    sets = (
        ("synthetic", synthetic),
        ("real", real),
        ("docs", docs),
        ("corpus", corpus),
        ("paragraphs", paragraphs),
    )
    for name, run in sets:
        if args.set == name or (args.set == "all" and name != "paragraphs"):
            run(args.shared, args.unsafe)
    print(f"({time.perf_counter() - start:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
