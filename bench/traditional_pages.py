#!/usr/bin/env python3
"""OCR'd Traditional Chinese pages of our own: does cleaning help, and does it keep the script?

    python bench/traditional_pages.py --pages 20 --jobs 2     # slow (OCR); cached, resumable

Paragraphs of ``../shared/data/corpus-extra/traditional/`` (Taiwan's laws, the zh-TW Python
documentation, Traditional poems: correct text, see its SOURCES.md) are typeset in Noto Serif and
Sans CJK TC, degraded as ``scripts/learn_confusions.py`` degrades its pages, and read by
Tesseract 5 ``chi_tra`` and by RapidOCR. Each reading is cleaned by ``zhclean`` with default
options; per domain and engine the script prints the character error rate before and after
(with and without line breaks: the truth is one paragraph, the page breaks it every 28
characters), pages made worse, and characters the cleaning turned from traditional into
simplified (want 0). Readings are cached in ``build/trad/readings.jsonl`` (ignored by git).

None of these pages is used to set a threshold: they are a check, not a calibration set.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))

import learn_confusions  # noqa: E402

OUT = ROOT / "build" / "trad" / "readings.jsonl"
# Two disjoint sets of pages: "calibration" (seed 11, pages from 0) set the one threshold these
# pages informed (convert-stray-traditional's SIMPLIFIED_MAJORITY); "report" (seed 23, pages from
# 100 000, paragraphs the calibration set did not take) is what the figures quote.
SETS = {"calibration": (11, 0), "report": (23, 100_000)}
FONTS = {
    "song": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "Noto Serif CJK TC"),
    "hei": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK TC"),
}
PAGE_CHARS = learn_confusions.LINE_CHARS * 10  # ten lines of print


def paragraphs(seed: int = 11) -> list[tuple[str, str]]:
    """(domain, text) paragraphs of at least two printed lines, shuffled."""
    found = []
    root = SHARED / "data" / "corpus-extra" / "traditional"
    for domain in ("law", "tech_docs", "poetry"):
        for path in sorted((root / domain).glob("*.txt")):
            lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
            if domain == "poetry":  # a poem's lines are its paragraphs: keep a poem together
                block = "".join(line for line in lines if line)
                lines = [block[i : i + PAGE_CHARS] for i in range(0, len(block), PAGE_CHARS)]
            for line in lines:
                if len(line) >= 2 * learn_confusions.LINE_CHARS:
                    found.append((domain, line[:PAGE_CHARS]))
    random.Random(seed).shuffle(found)
    return found


def read_page(job: tuple[int, str, str, str]) -> dict[str, object]:
    page, engine, domain, text = job
    learn_confusions.FONTS = FONTS
    png, how = learn_confusions.render(page, text)
    if engine == "tesseract":
        import subprocess

        done = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", "chi_tra", "--psm", "6"], input=png, capture_output=True
        )
        ocr = done.stdout.decode("utf-8", "replace")
    else:
        ocr = learn_confusions.read_rapidocr(png)
    return {"page": page, "engine": engine, "domain": domain, "truth": text, "ocr": ocr, **how}


def run_ocr(pages: int, jobs: int, which: str) -> list[dict]:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    done = {}
    if OUT.exists():
        for line in OUT.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            done[(row["page"], row["engine"])] = row
    per_domain = collections.Counter()
    todo = []
    seed, base = SETS[which]
    taken = set()
    if which == "report":  # never a paragraph the calibration pages hold
        counts = collections.Counter()
        for domain, text in paragraphs(SETS["calibration"][0]):
            if counts[domain] < pages:
                counts[domain] += 1
                taken.add(text)
    for page, (domain, text) in enumerate(paragraphs(seed), start=base):
        if text in taken:
            continue
        if per_domain[domain] >= pages:
            continue
        per_domain[domain] += 1
        for engine in ("tesseract", "rapidocr"):
            if (page, engine) not in done:
                todo.append((page, engine, domain, text))
    with OUT.open("a", encoding="utf-8") as out, ProcessPoolExecutor(jobs) as pool:
        for row in pool.map(read_page, todo):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            out.flush()
            done[(row["page"], row["engine"])] = row
    lo, hi = base, base + 100_000
    return [row for (page, _), row in sorted(done.items()) if lo <= page < hi]


def distance(a: str, b: str) -> int:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b)


def to_simplified(before: str, after: str) -> int:
    """Characters the cleaning turned from traditional into simplified form."""
    from zhclean.core.lexicon import converter

    t2s = converter("t2s")
    return sum(1 for a, b in zip(before, after, strict=False) if a != b and t2s.convert(a) == b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20, help="pages per domain")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--set", choices=sorted(SETS), default="report", dest="which")
    args = parser.parse_args()
    from zhclean import clean_and_explain

    rows = run_ocr(args.pages, args.jobs, args.which)
    stats: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    for row in rows:
        truth, ocr = row["truth"], row["ocr"]
        result = clean_and_explain(ocr)
        cleaned = result.text
        conversions = sum(to_simplified(e.before, e.after or "") for e in result.edits)
        for key in ((row["domain"], row["engine"]), ("all", row["engine"]), (row["domain"], "all")):
            s = stats[key]
            s["pages"] += 1
            s["chars"] += len(truth)
            s["before"] += distance(truth, ocr.rstrip("\n"))
            s["after"] += distance(truth, cleaned.rstrip("\n"))
            ns_before = distance(truth, "".join(ocr.split()))
            ns_after = distance(truth, "".join(cleaned.split()))
            s["ns_before"] += ns_before
            s["ns_after"] += ns_after
            s["worse"] += ns_after > ns_before
            s["to_simplified"] += conversions
    head = ("pages", "CER b", "CER a", "CERns b", "CERns a", "worse", "t->s")
    print(f"{'domain':12} {'engine':10} " + " ".join(f"{h:>8}" for h in head))
    for (domain, engine), s in sorted(stats.items()):
        n = s["chars"] or 1
        rates = [100 * s[k] / n for k in ("before", "after", "ns_before", "ns_after")]
        cells = [
            f"{s['pages']:8d}",
            *(f"{r:7.2f}%" for r in rates),
            f"{s['worse']:8d}",
            f"{s['to_simplified']:8d}",
        ]
        print(f"{domain:12} {engine:10} " + " ".join(cells))


if __name__ == "__main__":
    main()
