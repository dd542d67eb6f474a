#!/usr/bin/env python3
"""Build the character trigram model that ships as ``src/zhclean/data/charlm.npz``.

    python scripts/build_charlm.py [--shared ../shared] [--out PATH]

Sources, whose licences allow shipping what is derived from them:
- the official documents of ``shared/data/corpus`` (government work reports, CPC congress
  reports, laws: not protected by copyright, PRC Copyright Law art. 5). The news transcripts in
  the same folder are never read: they may not be shipped.
- the Chinese Kubernetes documentation of ``shared/data/corpus-extra/tech_docs`` (CC BY 4.0,
  © The Kubernetes Authors; credited in the README and in the file's header).

Every line that shares a run of 12 characters with the ground truth of a benchmark in
``shared/bench`` is left out, so that the benchmark scores of anything built on the model are
measured on text it has not seen.
The build is deterministic: the same sources give the same file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from zhclean.core.lm import MIN_TRIGRAM, load, save, train  # noqa: E402

FOLDERS = (
    "corpus/gov_work_reports",
    "corpus/cpc_congress_reports",
    "corpus/laws",
    "corpus-extra/tech_docs",
)
HEADER = (
    "Character trigram model (interpolated Kneser-Ney) of: the official documents of "
    "shared/data/corpus (government work reports, CPC congress reports, laws; not protected by "
    "copyright, PRC Copyright Law art. 5) and the Chinese Kubernetes documentation "
    "(CC BY 4.0, (c) The Kubernetes Authors, https://kubernetes.io/zh-cn/docs/). "
    "Built by scripts/build_charlm.py; benchmark texts excluded."
)


SHINGLE = 12  # a corpus line sharing a run of this many characters with a benchmark text is left out


def benchmark_shingles(shared: Path) -> set[str]:
    """Every run of SHINGLE characters of the benchmarks' ground truth."""
    found: set[str] = set()
    for path in sorted((shared / "bench").rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            truth = str(json.loads(line).get("truth") or "")
            for part in truth.split():
                found.update(part[i : i + SHINGLE] for i in range(len(part) - SHINGLE + 1))
    return found


def corpus_lines(shared: Path) -> tuple[list[str], int]:
    """The training lines, and how many were left out as benchmark text."""
    shingles = benchmark_shingles(shared)
    data = shared / "data"
    lines: list[str] = []
    left_out = 0
    for folder in FOLDERS:
        for path in sorted((data / folder).glob("*.txt")):
            for line in path.read_text(encoding="utf-8").splitlines():
                compact = "".join(line.split())
                if any(compact[i : i + SHINGLE] in shingles for i in range(len(compact) - SHINGLE + 1)):
                    left_out += 1
                    continue
                lines.append(line)
    return lines, left_out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "zhclean" / "data" / "charlm.npz")
    args = ap.parse_args()
    lines, left_out = corpus_lines(args.shared)
    model = train(lines)
    save(model, str(args.out), HEADER)
    again = load(args.out)
    trigrams = f"{len(again.trigram_keys)} trigrams (seen >= {MIN_TRIGRAM} times)"
    print(
        f"{args.out}: {sum(len(x) for x in lines)} characters trained, {again.size} in the vocabulary, "
        f"{len(again.bigram_keys)} bigrams, {trigrams}, "
        f"{args.out.stat().st_size / 1e6:.1f} MB; {left_out} lines left out as benchmark text"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
