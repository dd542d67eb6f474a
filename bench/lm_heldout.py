"""How well the character model tells a misread character from the right one, on held-out lines.

    python bench/lm_heldout.py [--cases 4000] [--seed 1]

The model is trained (as scripts/build_charlm.py trains the shipped one) on all but every 20th
line of its sources; in the held-out lines, one character at a time is replaced by a character
that real OCR read for it (the learned confusions, ``data/ocr_confusions.tsv``). For each case the
model's gain is log10 P(right in context) - log10 P(misread in context), over the five
characters from the replaced one on. Printed: recall (share of misreadings the model would
repair) and precision against clean text (at the same threshold, the share of repairs that are
right when every confusion candidate of every clean position is tried too), per threshold.
This is calibration data: thresholds are chosen here, never on ../shared/bench.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from build_charlm import corpus_lines  # noqa: E402

from zhclean.core.lm import train  # noqa: E402
from zhclean.core.resources import read_tsv  # noqa: E402

WINDOW = 5


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    lines, _ = corpus_lines(args.shared)
    held = [line.strip() for i, line in enumerate(lines) if i % 20 == 0 and len(line.strip()) >= 10]
    model = train(line for i, line in enumerate(lines) if i % 20 != 0)
    misread_as: dict[str, list[str]] = defaultdict(list)  # meant -> what OCR read
    for read, meant, *_ in read_tsv("ocr_confusions.tsv"):
        if len(read) == 1 and len(meant) == 1:
            misread_as[meant].append(read)
    rng = random.Random(args.seed)
    repairs, false_repairs = [], []
    while len(repairs) < args.cases:
        line = rng.choice(held)
        pos = rng.randrange(len(line))
        right = line[pos]
        if right not in misread_as:
            continue
        wrong = rng.choice(misread_as[right])
        damaged = line[:pos] + wrong + line[pos + 1 :]
        repairs.append(model.substitution_gain(damaged, pos, right, WINDOW))
        # The same position in clean text: would a confusion candidate beat the right character?
        reads_for = [m for m, reads in misread_as.items() if right in reads]
        best = max((model.substitution_gain(line, pos, cand, WINDOW) for cand in reads_for), default=-99.0)
        false_repairs.append(best)
    print(f"{len(repairs)} misreadings in {len(held)} held-out lines (model trained without them)")
    columns = f"{'threshold':>9} {'recall':>7} {'false/clean position':>21}"
    print(f"{columns} {'precision at 1 error per 100 chars':>35}")
    for threshold in (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0):
        recall = sum(g > threshold for g in repairs) / len(repairs)
        false = sum(g > threshold for g in false_repairs) / len(false_repairs)
        # With one misreading per 100 characters of which this share are candidates, ...
        tp, fp = recall * 1, false * 100 * (len(repairs) / max(1, len(false_repairs)))
        precision = tp / max(1e-9, tp + fp)
        print(f"{threshold:>9.1f} {100 * recall:>6.1f}% {100 * false:>20.2f}% {100 * precision:>34.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
