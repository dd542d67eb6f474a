#!/usr/bin/env python3
"""Measure which characters look alike, from their glyphs, and write ``data/lookalikes.tsv``.

Four-corner codes and stroke orders miss most look-alikes (圃 for 国, 凹 for 四, 炔 for 快).
This script draws every character in three typefaces that documents use (Noto Serif CJK SC for
Song, Noto Sans CJK SC for Hei, AR PL UKai for Kai), blurs the bitmaps the way a scan does, and
compares them: the similarity of two characters is the mean, over the typefaces, of the
correlation of their blurred bitmaps. For every character read (GB 2312 and every character of
the official documents) it keeps the most similar characters that the official documents use,
since the character meant is a common one.

Development only: ``apt-get install fonts-noto-cjk fonts-arphic-ukai`` and ``pip install pillow
numpy``. The fonts are free (SIL OFL 1.1, Arphic Public License); only the similarity figures
ship, not the glyphs.

    python scripts/build_lookalikes.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "zhclean" / "data" / "lookalikes.tsv"
SHIPPABLE_CORPUS = ("gov_work_reports", "cpc_congress_reports", "laws")
HAN_RE = re.compile(r"[\u4e00-\u9fff]")
FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", "AR PL UKai CN"),
)
SIZE = 32  # bitmap side, pixels
BLUR = 1.2  # Gaussian radius, pixels: a scan's blur
KEEP = 10  # neighbours kept per character
MIN_SIMILARITY = 0.80  # below this two glyphs are not confused


def characters(shared: Path) -> tuple[list[str], set[str]]:
    common: set[str] = set()
    for folder in SHIPPABLE_CORPUS:
        for path in sorted((shared / "data" / "corpus" / folder).rglob("*.txt")):
            common.update(HAN_RE.findall(path.read_text(encoding="utf-8")))
    gb2312 = set()
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                gb2312.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return sorted(common | {c for c in gb2312 if HAN_RE.fullmatch(c)}), common


def bitmaps(chars: list[str], path: str, family: str):  # type: ignore[no-untyped-def]
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    font = None
    for index in range(8):
        try:
            face = ImageFont.truetype(path, SIZE - 4, index=index)
        except OSError:
            break
        if family in " ".join(face.getname()):
            font = face
            break
    if font is None:
        sys.exit(f"font not found: {family} in {path}")
    rows = []
    for char in chars:
        image = Image.new("L", (SIZE, SIZE), 0)
        ImageDraw.Draw(image).text((2, -4), char, font=font, fill=255)
        image = image.filter(ImageFilter.GaussianBlur(BLUR))
        rows.append(np.asarray(image, dtype=np.float32).ravel())
    matrix = np.stack(rows)
    matrix -= matrix.mean(axis=1, keepdims=True)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-6
    return matrix


def build(shared: Path, keep: int = KEEP, min_similarity: float = MIN_SIMILARITY) -> str:
    import numpy as np

    chars, common = characters(shared)
    targets = [i for i, c in enumerate(chars) if c in common]
    similarity = np.zeros((len(chars), len(targets)), dtype=np.float32)
    for path, family in FONTS:
        matrix = bitmaps(chars, path, family)
        similarity += matrix @ matrix[targets].T
    similarity /= len(FONTS)
    rows = []
    for i, char in enumerate(chars):
        order = np.argsort(-similarity[i])[: keep + 1]
        near = [
            f"{chars[targets[j]]}{round(float(similarity[i, j]) * 100)}"
            for j in order
            if chars[targets[j]] != char and similarity[i, j] >= min_similarity
        ][:keep]
        if near:
            rows.append(f"{char}\t{' '.join(near)}")
    header = (
        "# Characters that look alike: a character, then the characters of the official documents\n"
        "# whose glyphs are most like it, each with its similarity in percent (the correlation of\n"
        "# blurred 32-pixel bitmaps, averaged over Noto Serif CJK SC, Noto Sans CJK SC and AR PL\n"
        f"# UKai; kept: the {keep} nearest at {round(min_similarity * 100)} % or more). Characters:\n"
        "# GB 2312 and those of shared/data/corpus/{gov_work_reports,cpc_congress_reports,laws}\n"
        "# (PRC Copyright Law art. 5). Built by scripts/build_lookalikes.py; do not edit by hand.\n"
        "char\tneighbours\n"
    )
    return header + "".join(f"{r}\n" for r in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--keep", type=int, default=KEEP, help="neighbours kept per character")
    parser.add_argument("--min-similarity", type=float, default=MIN_SIMILARITY)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.out.write_text(build(args.shared, args.keep, args.min_similarity), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
