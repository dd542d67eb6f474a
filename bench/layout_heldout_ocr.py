#!/usr/bin/env python3
"""Held-back OCR'd documents with the engine's geometry: typeset, drawn, read by Tesseract.

    python bench/layout_heldout_ocr.py [--docs 20] [--seed 1] [--jobs 2]   # then it scores

``bench/layout_heldout.py`` makes held-back documents as text; this one draws them, so that
the engine's own output can be compared in both forms, on documents nobody tuned against: runs
of paragraphs of the shared corpora (official documents, laws, Kubernetes documentation,
Wikipedia articles, verse), each paragraph's first line indented by two characters (verse set
flush, a line each), hard-wrapped at 18-42 Han, paged at 24-34 lines with a running header and a
centred page number, turned by up to 0.6 degrees, drawn in a Noto CJK face and read by
``tesseract -l chi_sim --psm 6`` into text and hOCR. Written to ``build/layout-heldout/``
(ignored by git) in the form of ``../shared/bench/docs`` (``real.jsonl`` and
``layout/<doc>.t.hocr``), then scored with ``../shared/bench/score_docs.py`` twice: the text as
Tesseract prints it, and the hOCR.

Needs Tesseract with chi_sim, fonts-noto-cjk and Pillow.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from layout_heldout import SHARED, SOURCES, _width, _wrap  # noqa: E402

OUT = ROOT / "build" / "layout-heldout"
FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
]
EM = 32


def plan(path: Path, domain: str, rng: random.Random) -> dict[str, object]:
    paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").splitlines() if p.strip()]
    start = rng.randrange(max(1, len(paragraphs) - 10))
    chosen = paragraphs[start : start + rng.randint(6, 12)]
    columns = 2 * rng.randint(18, 42)
    printed: list[tuple[str, int]] = []  # (line, indent in ems)
    for para in chosen:
        if domain == "poetry":
            printed.append((para, 0))
            continue
        lines = _wrap(para, columns - 4)  # the first line is two characters shorter
        first, rest = lines[0], "".join(lines[1:])
        printed.append((first, 2))
        printed.extend((line, 0) for line in (_wrap(rest, columns) if rest else []))
    per_page = rng.randint(24, 34)
    return {
        "id": path.stem[:40],
        "domain": domain,
        "truth": "\n".join(chosen),
        "columns": columns,
        "pages": [printed[i : i + per_page] for i in range(0, len(printed), per_page)],
        "header": path.stem.replace("_", " ")[:20],
        "font": rng.choice([f for f in FONTS if Path(f).exists()]),
        "angles": [rng.uniform(-0.6, 0.6) for _ in range(0, len(printed), per_page)],
    }


def read_page(job: tuple[dict[str, object], int, str]) -> tuple[str, str]:
    """Draw page ``n`` of a planned document and read it: (text, hOCR)."""
    from PIL import Image, ImageDraw, ImageFont

    doc, n, folder = job
    body: list[tuple[str, int]] = doc["pages"][n]  # type: ignore[index]
    font = ImageFont.truetype(str(doc["font"]), EM)
    width = 2 * 3 * EM + int(doc["columns"]) * EM // 2  # type: ignore[call-overload]
    step = int(1.6 * EM)
    image = Image.new("L", (width, 6 * EM + (len(body) + 3) * step), 255)
    draw = ImageDraw.Draw(image)
    draw.text((3 * EM, 2 * EM), str(doc["header"]), font=font, fill=0)
    y = 2 * EM + 2 * step
    for line, indent in body:
        draw.text((3 * EM + indent * EM, y), line, font=font, fill=0)
        y += step
    number = f"- {n + 1} -"
    draw.text(((width - EM * sum(_width(c) for c in number) // 2) // 2, y + step), number, font=font, fill=0)
    image = image.rotate(float(doc["angles"][n]), expand=True, fillcolor=255)  # type: ignore[index]
    base = Path(folder) / f"{doc['id']}_p{n + 1}"
    image.save(base.with_suffix(".png"))
    subprocess.run(
        ["tesseract", base.with_suffix(".png").name, base.name, "-l", "chi_sim", "--psm", "6", "txt", "hocr"],
        cwd=folder,
        check=True,
        capture_output=True,
        env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},
    )
    text = base.with_suffix(".txt").read_text(encoding="utf-8")
    return text, base.with_suffix(".hocr").read_text(encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    files = [(p, d) for d, folder in SOURCES.items() for p in sorted(folder.glob("*.txt"))]
    rng.shuffle(files)
    by_domain: dict[str, list[Path]] = {}
    for p, d in files:
        by_domain.setdefault(d, []).append(p)
    chosen = [
        (by_domain[d][i], d) for i in range(args.docs) for d in sorted(by_domain) if i < len(by_domain[d])
    ]
    docs = [plan(p, d, rng) for p, d in chosen[: args.docs]]
    (OUT / "layout").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, ProcessPoolExecutor(args.jobs) as pool:
        jobs = [(doc, n, tmp) for doc in docs for n in range(len(doc["pages"]))]  # type: ignore[arg-type]
        read = dict(zip(((j[0]["id"], j[1]) for j in jobs), pool.map(read_page, jobs), strict=True))
    with open(OUT / "real.jsonl", "w", encoding="utf-8") as rows:
        for doc in docs:
            pages = [read[doc["id"], n] for n in range(len(doc["pages"]))]  # type: ignore[arg-type]
            ocr = "\f".join(text for text, _ in pages).rstrip()
            hocr = OUT / "layout" / f"{doc['id']}.t.hocr"
            hocr.write_text("".join(h for _, h in pages), encoding="utf-8")
            row = {"id": f"{doc['id']}t", "doc_id": doc["id"], "domain": doc["domain"]}
            row["engine"] = "tesseract 5"
            rows.write(json.dumps({**row, "truth": doc["truth"], "ocr": ocr}, ensure_ascii=False) + "\n")
    score = SHARED / "bench" / "score_docs.py"
    cmd = "zhclean -q {in} -o {out}"
    for extra in ([], ["--layout", str(OUT / "layout"), "--format", "hocr"]):
        print("== " + ("hOCR" if extra else "text"), flush=True)
        run = [sys.executable, str(score), "--cmd", cmd, "--data", str(OUT), "--set", "real", *extra]
        subprocess.run(run, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
