#!/usr/bin/env python3
"""Learn which characters real OCR engines misread as which, and how often.

Shape tables (four-corner codes, stroke orders) explain synthetic swaps, but most confusions of
real engines are engine- and font-specific (蔡 for 替, 画 for 函). So this script measures them:

1. sample sentences from the official documents of ``shared/data/corpus`` (never the news
   transcripts, and never a sentence that is in ``shared/bench``, which must stay unseen);
2. typeset them as pages in the fonts documents use (Song/Ming, Kai, Hei; 10-14 pt at 150-300
   DPI) and degrade them (blur, noise, low contrast, JPEG, slight rotation);
3. read each page with Tesseract 5 ``chi_sim`` (Debian) and RapidOCR (PyPI, models in the wheel);
4. align the engine's text with the truth and count one-for-one Han substitutions.

Development only: it needs ``apt-get install tesseract-ocr tesseract-ocr-chi-sim fonts-noto-cjk
fonts-arphic-ukai fonts-arphic-uming fonts-wqy-zenhei`` and ``pip install pillow
rapidocr-onnxruntime rapidfuzz``. The pages and readings are cached in ``build/ocr/`` (ignored by
git), so a run can be resumed and the counting redone:

    python scripts/learn_confusions.py --pages 600 --jobs 2     # OCR (slow; resumable)
    python scripts/learn_confusions.py --count                  # write data/ocr_confusions.tsv

The output, ``src/zhclean/data/ocr_confusions.tsv``, ships: it is derived from public-domain
text (PRC Copyright Law art. 5) and the engines' readings of it.
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import random
import re
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
CACHE = ROOT / "build" / "ocr"
OUT = ROOT / "src" / "zhclean" / "data" / "ocr_confusions.tsv"
SHIPPABLE_CORPUS = ("gov_work_reports", "cpc_congress_reports", "laws")
HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
SENTENCE_RE = re.compile(r"[^。！？\n]{12,120}[。！？]")
FONTS = {  # style: (file, face name that must appear in the face's family)
    "song": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
    "ming": ("/usr/share/fonts/truetype/arphic/uming.ttc", "AR PL UMing CN"),
    "kai": ("/usr/share/fonts/truetype/arphic/ukai.ttc", "AR PL UKai CN"),
    "hei": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    "zenhei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "WenQuanYi Zen Hei"),
}
LINE_CHARS = 28
PAGE_LINES = 18
USEFUL = 200  # uses in the documents that make a character fully worth reading
COVER_BASE = 100_000  # page numbers of the pages chosen for coverage
MIN_COUNT = 2  # a confusion seen once may be an alignment accident


def sentences(shared: Path) -> list[str]:
    held_out = calibration_sentences(shared)
    for name in ("real.jsonl", "synthetic.jsonl", "clean.jsonl"):
        path = shared / "bench" / name
        if path.exists():
            for line in path.open(encoding="utf-8"):
                row = json.loads(line)
                held_out.update(SENTENCE_RE.findall(row.get("truth") or row.get("text") or ""))
    found: list[str] = []
    for folder in SHIPPABLE_CORPUS:
        for path in sorted((shared / "data" / "corpus" / folder).rglob("*.txt")):
            text = path.read_text(encoding="utf-8")
            found.extend(s.strip() for s in SENTENCE_RE.findall(text) if s.strip() not in held_out)
    return [s for s in found if len(HAN_RE.findall(s)) >= 10]


def calibration_sentences(shared: Path) -> set[str]:
    """The sentences of the lines bench/calibrate.py holds back (every 5th line of the character
    model's sources): the confusions are never learned from the text they are calibrated on."""
    from build_charlm import corpus_lines

    lines, _ = corpus_lines(shared)
    return {s.strip() for i, line in enumerate(lines) if i % 5 == 0 for s in SENTENCE_RE.findall(line)}


def _face(style: str, size: int):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    path, family = FONTS[style]
    for index in range(8):
        try:
            font = ImageFont.truetype(path, size, index=index)
        except OSError:
            break
        if family in " ".join(font.getname()):
            return font
    return ImageFont.truetype(path, size)


def render(page: int, text: str) -> tuple[bytes, dict[str, object]]:
    """Typeset ``text`` as a degraded page; returns PNG bytes and what was done."""
    from PIL import Image, ImageDraw, ImageFilter

    rnd = random.Random(page)
    style = rnd.choice(sorted(FONTS))
    dpi = rnd.choice((150, 200, 300))
    points = rnd.choice((10, 10.5, 12, 14))
    size = round(points * dpi / 72)
    font = _face(style, size)
    lines = [text[i : i + LINE_CHARS] for i in range(0, len(text), LINE_CHARS)]
    width = size * (LINE_CHARS + 4)
    height = round(size * 1.8) * (len(lines) + 2)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        draw.text((size * 2, size + n * round(size * 1.8)), line, font=font, fill=0)
    scale = rnd.choice((0.6, 0.5, 0.42, 0.36))  # a coarser scan than the nominal DPI
    if scale < 1:
        small = (round(width * scale), round(height * scale))
        image = image.resize(small, Image.BILINEAR).resize((width, height), Image.BILINEAR)
    blur = rnd.choice((0.3, 0.6, 0.9, 1.2))
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur * dpi / 200))
    noise = rnd.choice((0, 20, 40, 60))
    if noise:
        image = Image.blend(image, Image.effect_noise(image.size, noise), 0.25)
    contrast = rnd.choice((1.0, 1.0, 0.6, 0.45))
    if contrast < 1:
        image = image.point(lambda v: int(255 - (255 - v) * contrast))
    if rnd.random() < 0.4:  # binarised scan: thin strokes break, thick ones merge
        cut = rnd.choice((110, 140, 170))
        image = image.point(lambda v: 0 if v < cut else 255)
    angle = rnd.choice((0, 0, 0.3, -0.4, 0.7))
    if angle:
        image = image.rotate(angle, fillcolor=255, expand=True)
    quality = rnd.choice((30, 50, 75, 95))
    jpeg = io.BytesIO()
    image.save(jpeg, "JPEG", quality=quality)
    png = io.BytesIO()
    Image.open(io.BytesIO(jpeg.getvalue())).save(png, "PNG")
    how = {"font": style, "dpi": dpi, "pt": points, "scale": scale, "blur": blur, "noise": noise}
    return png.getvalue(), how


_RAPID = None


def read_tesseract(png: bytes) -> str:
    done = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", "6"],
        input=png,
        capture_output=True,
        check=False,
    )
    return done.stdout.decode("utf-8", "replace")


def read_rapidocr(png: bytes) -> str:
    global _RAPID
    if _RAPID is None:
        from rapidocr_onnxruntime import RapidOCR

        _RAPID = RapidOCR()
    result, _ = _RAPID(png)
    return "\n".join(item[1] for item in result or [])


def ocr_page(job: tuple[int, str, str]) -> dict[str, object]:
    page, engine, text = job
    png, how = render(page, text)
    read = read_tesseract if engine == "tesseract" else read_rapidocr
    return {"page": page, "engine": engine, "truth": text, "ocr": read(png), **how}


def page_texts(pool_text: list[str], pages: int) -> list[str]:
    """The first ``pages`` pages of the shuffled sentences, in order (the original sampling)."""
    texts, cursor = [], 0
    for _ in range(pages):
        text = ""
        while len(text) < LINE_CHARS * PAGE_LINES and cursor < len(pool_text):
            text += pool_text[cursor]
            cursor += 1
        texts.append(text)
    return texts


def covering_texts(pool_text: list[str], pages: int, seen: collections.Counter[str]) -> list[str]:
    """Pages of sentences chosen for the characters read least so far: the engines' confusions
    are a long tail over the characters, and sentences in corpus order read the common ones
    over and over (的 thousands of times, 袭 a few). A character's worth grows with how often
    the documents use it, up to USEFUL times (a chemical element's name is worth little)."""
    freq = collections.Counter(c for s in pool_text for c in HAN_RE.findall(s))
    texts: list[str] = []
    used: set[int] = set()
    batch = 20  # pages chosen between re-scorings
    while len(texts) < pages:

        def need(i: int) -> float:
            chars = set(HAN_RE.findall(pool_text[i]))
            return sum(min(1, freq[c] / USEFUL) / (1 + seen[c]) for c in chars) / (len(pool_text[i]) + 20)

        order = sorted((i for i in range(len(pool_text)) if i not in used), key=need, reverse=True)
        cursor = 0
        for _ in range(min(batch, pages - len(texts))):
            text = ""
            while len(text) < LINE_CHARS * PAGE_LINES and cursor < len(order):
                i = order[cursor]
                cursor += 1
                used.add(i)
                text += pool_text[i]
                seen.update(HAN_RE.findall(pool_text[i]))
            texts.append(text)
    return texts


def run_ocr(shared: Path, pages: int, jobs: int, cover: int = 0) -> None:
    import os

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract: one thread per worker
    pool_text = sentences(shared)
    rnd = random.Random(2026)
    rnd.shuffle(pool_text)
    CACHE.mkdir(parents=True, exist_ok=True)
    out = CACHE / "readings.jsonl"
    done = set()
    if out.exists():
        for line in out.open(encoding="utf-8"):
            row = json.loads(line)
            done.add((row["page"], row["engine"]))
    texts = page_texts(pool_text, pages)
    if cover:
        # Chosen from what the first pages read, numbered from COVER_BASE: the same pages (and
        # render seeds) on a rerun, so a run can be resumed.
        previous = set(s for t in texts for s in SENTENCE_RE.findall(t))
        rest = [s for s in pool_text if s not in previous]
        seen = collections.Counter(c for t in texts for c in HAN_RE.findall(t))
        chosen = covering_texts(rest, cover, seen)
    todo = []
    for page, text in enumerate(texts):
        for engine in ("tesseract", "rapidocr"):
            if (page, engine) not in done:
                todo.append((page, engine, text))
    if cover:
        for n, text in enumerate(chosen):
            for engine in ("tesseract", "rapidocr"):
                if (COVER_BASE + n, engine) not in done:
                    todo.append((COVER_BASE + n, engine, text))
    with ProcessPoolExecutor(jobs) as pool, out.open("a", encoding="utf-8") as sink:
        for n, row in enumerate(pool.map(ocr_page, todo, chunksize=1), 1):
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
            sink.flush()
            if n % 20 == 0:
                print(f"{n}/{len(todo)} pages read", file=sys.stderr)


def substitutions(
    truth: str, ocr: str
) -> tuple[collections.Counter[tuple[str, str]], collections.Counter[str]]:
    """One-for-one Han substitutions (read, meant) in an alignment of ``ocr`` with ``truth``,
    and how often each Han character was read where the alignment is trustworthy."""
    from rapidfuzz.distance import Levenshtein

    t = "".join(HAN_RE.findall(truth) or [])
    o = "".join(HAN_RE.findall(ocr) or [])
    subs: collections.Counter[tuple[str, str]] = collections.Counter()
    reads: collections.Counter[str] = collections.Counter()
    for op in Levenshtein.opcodes(o, t):
        if op.tag == "equal":
            reads.update(o[op.src_start : op.src_end])
        elif op.tag == "replace" and op.src_end - op.src_start == op.dest_end - op.dest_start <= 2:
            for a, b in zip(o[op.src_start : op.src_end], t[op.dest_start : op.dest_end], strict=True):
                subs[a, b] += 1
                reads[a] += 1
    return subs, reads


def count() -> str:
    subs: collections.Counter[tuple[str, str]] = collections.Counter()
    reads: collections.Counter[str] = collections.Counter()
    engines: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    pages = collections.Counter()
    distinct = set()
    for line in (CACHE / "readings.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        pages[row["engine"]] += 1
        distinct.add(row["page"])
        s, r = substitutions(row["truth"], row["ocr"])
        subs.update(s)
        reads.update(r)
        for pair in s:
            engines[pair].add(row["engine"])
    header = [
        "# Confusions of real OCR engines: a character read, the character meant, how often,",
        "# and the share of that character's readings that were this confusion.",
        f"# Measured by scripts/learn_confusions.py: {len(distinct)} pages typeset from the",
        "# official documents of shared/data/corpus (PRC Copyright Law art. 5; not the news",
        "# transcripts, not the benchmark's paragraphs, not the lines bench/calibrate.py holds",
        "# back) in Song/Ming/Kai/Hei fonts, degraded, and read",
        f"# by Tesseract 5 chi_sim ({pages['tesseract']} pages) and RapidOCR ({pages['rapidocr']}); the",
        "# pages from 100 000 on were chosen for the characters read least (--cover).",
        f"# Kept: seen at least {MIN_COUNT} times. Do not edit by hand.",
        "read\tmeant\tcount\tshare\tengines",
    ]
    rows = [
        f"{a}\t{b}\t{n}\t{n / reads[a]:.3f}\t{','.join(sorted(engines[a, b]))}"
        for (a, b), n in sorted(subs.items(), key=lambda kv: (-kv[1], kv[0]))
        if n >= MIN_COUNT and a != b
    ]
    return "\n".join(header + rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--cover", type=int, default=0, help="and this many pages of the characters read least so far"
    )
    parser.add_argument("--count", action="store_true", help="count the cached readings")
    args = parser.parse_args(argv)
    if args.count:
        OUT.write_text(count(), encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}", file=sys.stderr)
    else:
        run_ocr(args.shared, args.pages, args.jobs, args.cover)
    return 0


if __name__ == "__main__":
    sys.exit(main())
