#!/usr/bin/env python3
"""Fuzz the whole pipeline for a while: no exception, idempotent, edits replay, nothing lost.

    python scripts/fuzz.py --minutes 10 [--seed N]

Inputs mix arbitrary Unicode, Chinese text with the faults the filters repair, unpaired
surrogates (from undecodable bytes via surrogateescape), control characters, long lines with no
newline, and runs of spaces, dashes, quotes, markers and digits. Each input is checked with the
invariants of the test suite; the first failure is written to fuzz-failure.txt and the run stops
with exit code 1. At the end it prints how many inputs it tried.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.invariants import check_invariants  # noqa: E402

from zhclean import clean_and_explain  # noqa: E402
from zhclean.resources import read_tsv  # noqa: E402

PIECES = [
    "统-起来",
    "第-批",
    "##paidbegin##",
    "＃＃paid end＃＃",
    "(一)",
    '"四下基层"',
    "“ 党的",
    "--",
    "——",
    "...",
    "。。。",
    "，，",
    "丶",
    "·",
    "\u2f08",
    "\u2ea0",
    "\uf900",
    "ＡＢＣ１２３",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\x07",
    "\u3000\u3000",
    "\r\n",
    "\n\n",
    "— 12 —",
    "第 3 页",
    "一一",
    "近平",
    "〔…〕",
    "zhclean: off",
    "zhclean: on",
    "https://a.org/x,y",
    "3.14",
    "1,000",
    "12:30",
    "扞卫",
    "问霄于民",
    "開放",
    "我們",
    " " * 20,
    "-" * 30,
    "“" * 5,
    "1" * 40,
    "\udcff",
    "\ud800",
    "a" * 200,
]
# Common characters: those of the shipped bigram table (official documents).
HAN = "".join(sorted({ch for row in read_tsv("bigrams.tsv") for ch in row[0]}))
MARKS = "，。；：？！、“”‘’（）《》【】「」『』——……·,.;:?!()[]\"'-–—－ %％#＃"


def random_text(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.1:
        return (
            "".join(chr(rng.randrange(0x20, 0x2FFFF)) for _ in range(rng.randrange(1, 200)))
            .encode("utf-8", "surrogatepass")
            .decode("utf-8", "replace")
        )
    if kind < 0.15:
        raw = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300)))
        return raw.decode("utf-8", "surrogateescape")  # unpaired surrogates
    if kind < 0.165:
        return rng.choice(HAN) * rng.randrange(10_000, 200_000)  # a long line with no newline
    if kind < 0.17:
        unit = "".join(rng.choice(HAN + MARKS) for _ in range(50))
        return unit * 20_000  # a 1 MB line of mixed text with no newline
    parts = []
    for _ in range(rng.randrange(1, 60)):
        r = rng.random()
        if r < 0.4:
            parts.append("".join(rng.choice(HAN) for _ in range(rng.randrange(1, 30))))
        elif r < 0.7:
            parts.append(rng.choice(MARKS))
        elif r < 0.9:
            parts.append(rng.choice(PIECES))
        else:
            parts.append(rng.choice(["\n", "\n\n", " ", "\t", "\r\n"]))
    return "".join(parts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    rng = random.Random(seed)
    deadline = time.monotonic() + args.minutes * 60
    tried = 0
    while time.monotonic() < deadline:
        text = random_text(rng)
        unsafe = rng.random() < 0.3
        try:
            check_invariants(text, clean_and_explain(text, unsafe_fixes=unsafe), unsafe_fixes=unsafe)
        except Exception as exc:  # report the input, whatever went wrong
            Path("fuzz-failure.txt").write_text(text, encoding="utf-8", errors="surrogateescape")
            where = f"seed {seed}, unsafe_fixes={unsafe}"
            print(f"FAILED after {tried} inputs ({where}): {type(exc).__name__}: {exc}")
            print("the input is in fuzz-failure.txt")
            return 1
        tried += 1
    print(f"{tried} inputs, no failure (seed {seed}, {args.minutes:g} minutes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
