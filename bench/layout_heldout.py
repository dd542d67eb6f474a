"""Held-back layout documents: typeset paragraphs of the shared corpora as pages, then score.

    python bench/layout_heldout.py [--docs 40] [--seed 1] [--show 3]

The document benchmark of ../shared/bench/docs is a sample to report on, not to calibrate on.
This script makes documents nobody tuned against, from files the benchmark does not use: each
is a run of paragraphs of one corpus file (official documents, Kubernetes documentation,
Wikipedia articles, verse), hard-wrapped at a page width of 18-42 Han (Latin half as wide; a
Latin word moves to the next line whole, as a typesetter moves it), the paragraph indent
dropped as OCR drops it, paged at 28-40 lines with a running header (its title, on every page
or every page but the first, with the page number attached or below), and pages joined by a
form feed (as Tesseract prints them) or a line break (as RapidOCR joins them).
Nothing is misread: it measures layout repair alone. The scores are those of
../shared/bench/score_docs.py (whitespace-free CER and line-break precision and recall).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SOURCES = {
    "gov": SHARED / "data" / "corpus" / "gov_work_reports",
    "laws": SHARED / "data" / "corpus" / "laws",
    "tech_docs": SHARED / "data" / "corpus-extra" / "tech_docs",
    "encyclopedia": SHARED / "data" / "corpus-extra" / "encyclopedia",
    "poetry": SHARED / "data" / "corpus-extra" / "poetry",
}


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


# A typesetter moves a Latin word, a number or a path to the next line whole.
TOKEN_RE = regex.compile(r"[A-Za-z0-9][A-Za-z0-9._/:-]*|.", regex.S)


def _wrap(paragraph: str, columns: int) -> list[str]:
    lines, line, used = [], "", 0
    for token in TOKEN_RE.findall(paragraph):
        w = sum(_width(ch) for ch in token)
        if used + w > columns and line and w <= columns:
            lines.append(line)
            line, used = "", 0
        for ch in token if w > columns else [token]:
            if used + sum(_width(c) for c in ch) > columns and line:
                lines.append(line)
                line, used = "", 0
            line += ch
            used += sum(_width(c) for c in ch)
    if line:
        lines.append(line)
    return lines


def make_document(path: Path, domain: str, rng: random.Random) -> dict[str, object]:
    paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").splitlines() if p.strip()]
    start = rng.randrange(max(1, len(paragraphs) - 12))
    chosen = paragraphs[start : start + rng.randint(8, 16)]
    columns = 2 * rng.randint(18, 42)
    printed: list[str] = []
    for para in chosen:
        if domain == "poetry" or len(para) * 2 <= columns:
            printed.append(para)  # verse lines and short lines are set as they are
        else:
            printed.extend(_wrap(para, columns))
    per_page = rng.randint(28, 40)
    header = path.stem.replace("_", " ")[:20]
    all_pages = rng.random() < 0.5
    feeds = rng.random() < 0.5
    attached = rng.random() < 0.5
    pages = [printed[i : i + per_page] for i in range(0, len(printed), per_page)]
    out = []
    for n, body in enumerate(pages, 1):
        top = [] if (n == 1 and not all_pages) else [f"{header}    第{n}页" if attached else header]
        bottom = [] if attached else [f"- {n} -"]
        out.append("\n".join(top + body + bottom) + "\n")
    ocr = ("\f" if feeds else "").join(out)
    return {
        "id": path.stem[:40],
        "domain": domain,
        "truth": "\n".join(chosen),
        "ocr": ocr,
        "pages": len(pages),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=40, help="documents per run (spread over the domains)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=0, help="print the N documents with most false breaks")
    args = parser.parse_args()
    sys.path.insert(0, str(SHARED / "bench"))
    from score_docs import break_stats, nows  # the benchmark's own scoring

    rng = random.Random(args.seed)
    docs = []
    for i in range(args.docs):
        domain = list(SOURCES)[i % len(SOURCES)]
        files = sorted(SOURCES[domain].glob("*.txt"))
        docs.append(make_document(rng.choice(files), domain, rng))
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp, "in"), Path(tmp, "out")
        src.mkdir()
        for k, d in enumerate(docs):
            Path(src, f"{k:03d}.txt").write_text(str(d["ocr"]), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "zhclean", "-q", str(src), "-o", str(dst)], check=False)
        outputs = [Path(dst, f"{k:03d}.txt").read_text(encoding="utf-8") for k in range(len(docs))]
    from rapidfuzz.distance import Levenshtein

    columns = ("CERns b", "CERns a", "brkP b", "brkR b", "brkP a", "brkR a")
    print(f"{'domain':14} {'docs':>4} " + " ".join(f"{c:>8}" for c in columns))
    worst = []
    for domain in [*SOURCES, "all"]:
        rows = [(d, o) for d, o in zip(docs, outputs, strict=True) if domain in ("all", d["domain"])]
        n = sum(len(nows(str(d["truth"]))) for d, _ in rows)
        eb = sum(Levenshtein.distance(nows(str(d["truth"])), nows(str(d["ocr"]))) for d, _ in rows)
        ea = sum(Levenshtein.distance(nows(str(d["truth"])), nows(o)) for d, o in rows)
        sb = [break_stats(str(d["truth"]), str(d["ocr"])) for d, _ in rows]
        sa = [break_stats(str(d["truth"]), o) for d, o in rows]

        def pr(stats: list[tuple[int, int, int, int, int]]) -> tuple[float, float]:
            hits, out_breaks, truth = (
                sum(s[0] for s in stats),
                sum(s[4] for s in stats),
                sum(s[3] for s in stats),
            )
            return 100 * hits / max(1, out_breaks), 100 * hits / max(1, truth)

        (pb, rb), (pa, ra) = pr(sb), pr(sa)
        figures = (f"{100 * eb / n:.2f}%", f"{100 * ea / n:.2f}%", *(f"{x:.1f}" for x in (pb, rb, pa, ra)))
        print(f"{domain:14} {len(rows):>4} " + " ".join(f"{x:>8}" for x in figures))
        if domain == "all":
            worst = sorted(zip(sa, docs, outputs, strict=True), key=lambda x: -x[0][1])[: args.show]
    for stats, d, o in worst:
        print(
            json.dumps(
                {"id": d["id"], "domain": d["domain"], "false": stats[1], "misses": stats[2]},
                ensure_ascii=False,
            )
        )
        print(o[:600])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
