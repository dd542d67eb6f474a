#!/usr/bin/env python3
"""OCR'd pages of our own, for calibrating thresholds (never for reporting them).

    python bench/calibration_pages.py --pages 120 --jobs 2      # slow; resumable

The text is the held-out part of the character model's sources (every 20th line of
``scripts/build_charlm.py``'s corpus: official documents and the Kubernetes documentation, none
of it benchmark text), typeset and degraded as ``scripts/learn_confusions.py`` does (fonts, DPI,
blur, noise, binarisation, rotation, JPEG), and read by Tesseract 5 ``chi_sim`` and RapidOCR.
Page numbers start at 500 000, so no page repeats one the confusions were learned from. The
readings go to ``build/calib/readings.jsonl`` (ignored by git); ``bench/calibrate.py`` reads them.

Needs what ``scripts/learn_confusions.py`` needs (Tesseract, the CJK fonts, Pillow, RapidOCR).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from build_charlm import corpus_lines  # noqa: E402
from learn_confusions import LINE_CHARS, PAGE_LINES, ocr_page  # noqa: E402

OUT = ROOT / "build" / "calib" / "readings.jsonl"
BASE = 500_000
HELD_OUT = 20  # every 20th line: what bench/lm_heldout.py and bench/calibrate.py hold out


def held_out_lines(shared: Path) -> list[str]:
    lines, _ = corpus_lines(shared)
    return [line.strip() for i, line in enumerate(lines) if i % HELD_OUT == 0 and len(line.strip()) >= 10]


def pages(shared: Path, count: int) -> list[str]:
    rng = random.Random(BASE)
    lines = held_out_lines(shared)
    rng.shuffle(lines)
    found, text = [], ""
    for line in lines:
        text += line + "\n"
        if len(text) >= LINE_CHARS * PAGE_LINES:
            found.append(text.strip())
            text = ""
            if len(found) == count:
                break
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--pages", type=int, default=120)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    done = set()
    if OUT.exists():
        for line in OUT.open(encoding="utf-8"):
            row = json.loads(line)
            done.add((row["page"], row["engine"]))
    todo = [
        (BASE + n, engine, text)
        for n, text in enumerate(pages(args.shared, args.pages))
        for engine in ("tesseract", "rapidocr")
        if (BASE + n, engine) not in done
    ]
    with ProcessPoolExecutor(args.jobs) as pool, OUT.open("a", encoding="utf-8") as sink:
        for n, row in enumerate(pool.map(ocr_page, todo, chunksize=1), 1):
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
            sink.flush()
            if n % 20 == 0:
                print(f"{n}/{len(todo)} pages read", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
