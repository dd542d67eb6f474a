#!/usr/bin/env python3
"""Fit fix-lookalike-chars' noisy channel and choose its thresholds, on held-back data only.

    python bench/calibrate.py [--shared ../shared]

The data, none of it in ../shared/bench and none of it seen by the character model used here
(a model trained as the shipped one is, without every 5th line of its sources):

- OCR'd pages of those held-out lines (``bench/calibration_pages.py``: Tesseract and RapidOCR
  on typeset, degraded pages): real misreadings amid real damage;
- the held-out lines (not on the pages) as clean documents of about 3 000 characters, and as
  single paragraphs: every edit there is wrong;
- the held-out lines with misreadings injected (0.3, 1 or 3 in 100 characters; half from the
  learned confusions, the rare ones too, which the filter does not know, half from glyph
  neighbours and shape groups, for engines we did not measure) and half-width commas.

Every look-alike the filter weighs is recorded with its features (``RECORD``) and labelled by
aligning the text the filter saw with the truth. The documents are split in two by a hash: the
weights are fitted (logistic regression) on one half, the thresholds read off the other.
Printed: the weights (to paste into ``COEF``), and the precision and recall of the decisions
at each threshold on the second half.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import zlib
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))

from build_charlm import corpus_lines  # noqa: E402
from calibration_pages import HELD_OUT as PAGES_HELD_OUT  # noqa: E402
from calibration_pages import OUT  # noqa: E402
from lookalike import _aligned  # noqa: E402

import zhclean.core.lm  # noqa: E402
import zhclean.engine.filters.fix_lookalike_chars as lookalike  # noqa: E402
from zhclean import clean_and_explain  # noqa: E402
from zhclean.core.resources import read_tsv  # noqa: E402

MODEL = ROOT / "build" / "calib" / "charlm-heldout.npz"
# Every 5th line is held out of the model (the pages are typeset from every 20th: a subset).
HELD_OUT = 5
DOC_CHARS = 3000
COLUMNS = lookalike.COEF  # the features without the word model


def held_out_model(lines: list[str]) -> zhclean.core.lm.CharModel:
    if not MODEL.exists():
        model = zhclean.core.lm.train(line for i, line in enumerate(lines) if i % HELD_OUT != 0)
        zhclean.core.lm.save(model, str(MODEL), "held-out calibration model")
    return zhclean.core.lm.load(MODEL)


def documents(lines: list[str]) -> list[tuple[str, str, str]]:
    """(kind, text, truth) of every calibration document."""
    held = [
        line.strip()
        for i, line in enumerate(lines)
        if i % HELD_OUT == 0 and i % PAGES_HELD_OUT and len(line.strip()) >= 10
    ]
    docs = []
    for row in map(json.loads, OUT.open(encoding="utf-8")):
        docs.append((f"ocr-{row['engine']}", row["ocr"], row["truth"]))
    rng = random.Random(7)
    groups, text = [], ""
    for line in held:
        text += line + "\n"
        if len(text) >= DOC_CHARS:
            groups.append(text)
            text = ""
    misread_as: dict[str, list[str]] = defaultdict(list)
    for read, meant, *_ in read_tsv("ocr_confusions.tsv"):
        misread_as[meant].append(read)
    # Glyph neighbours stand for the engines and fonts we did not measure: a neighbour is
    # misread as its neighbour (the table is symmetric enough for this).
    looks_like: dict[str, list[str]] = defaultdict(list)
    for char, items, *_ in read_tsv("lookalikes.tsv"):
        for item in items.split(" "):
            if item and int(item[1:]) >= 85:
                looks_like[item[0]].append(char)
    # And the shape groups of data/confusions.tsv (Unihan, pycorrector): characters that share
    # a component, as other engines and typists confuse them.
    shaped: dict[str, list[str]] = defaultdict(list)
    for char, _variants, shapes, *_ in read_tsv("confusions.tsv"):
        for other in shapes:
            shaped[other].append(char)
    sources = (misread_as, looks_like, shaped)
    for n, text in enumerate(groups):
        if n % 2:
            docs.append(("clean", text, text))
            if n % 4 == 1:  # and as paragraphs, as a JSON Lines corpus has them
                docs.extend(("clean", line, line) for line in text.splitlines())
            continue
        rate = (0.003, 0.01, 0.03)[n // 2 % 3]
        chars = list(text)
        for i, ch in enumerate(chars):
            if rng.random() < rate:
                table = sources[rng.choice((0, 0, 1, 2))]
                if table.get(ch):
                    chars[i] = rng.choice(table[ch])
            elif ch == "\uff0c" and rng.random() < 0.3:
                chars[i] = ","
        noisy = "".join(chars)
        if n % 4 == 2:
            docs.extend(
                ("injected", a, b) for a, b in zip(noisy.splitlines(), text.splitlines(), strict=True)
            )
        else:
            docs.append(("injected", noisy, text))
    return docs


def collect(docs):  # type: ignore[no-untyped-def]
    """(document, kind, position, candidate, right, features, context) of every look-alike
    weighed; the features end with the system word model's gain when it is installed (the
    filter weighs them without it here, so that both sets of weights see the same decisions)."""
    words = zhclean.core.lm.word_model()
    rows = []
    for n, (kind, text, truth) in enumerate(docs):
        lookalike.RECORD = []
        clean_and_explain(text)
        meant: dict[tuple[str, int], str] = {}
        for seen, p, cand, features, run, k in lookalike.RECORD:
            if (seen, -1) not in meant:
                meant[seen, -1] = ""
                for i, _read, right, _replaced in _aligned(seen, truth):
                    meant[seen, i] = right
            if words is not None:
                features += (max(-10.0, min(10.0, words.substitution_gain(run, k, cand))),)
            where = f"{seen[max(0, p - 8) : p]}[{seen[p]}>{cand}|{meant.get((seen, p))}]{seen[p + 1 : p + 8]}"
            rows.append((n, kind, p, cand, meant.get((seen, p)) == cand, features, where))
        lookalike.RECORD = None
    return rows


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> np.ndarray:
    """Logistic regression by Newton's method, with a little ridge."""
    w = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -50, 50)))
        grad = x.T @ (p - y) + l2 * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def decisions(rows, w):  # type: ignore[no-untyped-def]
    """Per weighed position: (posterior of the best look-alike, whether it is right, kind), the
    posterior as the filter takes it (``lookalike.posterior``)."""
    by_place: dict[tuple[int, int], list[tuple[float, bool, str]]] = defaultdict(list)
    for n, kind, p, _cand, right, features, _where in rows:
        prob = 1 / (1 + math.exp(-max(-50, min(50, float(np.dot(w, features))))))
        by_place[n, p].append((prob, right, kind))
    found = []
    for scored in by_place.values():
        scored.sort(reverse=True)
        found.append((lookalike.posterior([prob for prob, _, _ in scored]), scored[0][1], scored[0][2]))
    return found


def end_to_end(docs, second: set[int]) -> None:  # type: ignore[no-untyped-def]
    """The filter itself, with the fitted weights, on the second half: its safe edits and its
    suggestions, right or wrong (vetoes and the document's own evidence included)."""
    from zhclean import clean_and_explain as run

    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    size: dict[str, int] = defaultdict(int)
    wrong_safe = []
    for n in sorted(second):
        kind, text, truth = docs[n]
        size[kind] += len(text.encode())
        meant = {i: right for i, _read, right, _ in _aligned(text, truth)}
        for edit in run(text, unsafe_fixes=True).edits:
            if edit.filter != "fix-lookalike-chars":
                continue
            safety = "suggestion" if "; " in edit.reason else "safe"
            ok = meant.get(edit.start) == edit.after
            tally[kind, safety][0 if ok else 1] += 1
            if safety == "safe" and not ok:
                wrong_safe.append(f"{kind} {text[max(0, edit.start - 6) : edit.start + 7]!r} -> {edit.after}")
    for (kind, safety), (ok, bad) in sorted(tally.items()):
        print(f"  {kind:14} {safety:10} {ok:4} right {bad:4} wrong   ({size[kind] / 1e6:.2f} MB)")
    for line in wrong_safe:
        print("  wrong safe:", line)


def _half(document: int) -> int:
    """Which half a document is in: 0, fitted on; 1, where the thresholds are read."""
    return zlib.crc32(str(document).encode()) % 2


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    lines, _ = corpus_lines(args.shared)
    model = held_out_model(lines)
    zhclean.core.lm.char_model = lambda: model  # type: ignore[assignment]
    docs = documents(lines)
    system_words = lookalike._word_model
    lookalike._word_model = lambda: None  # the filter decides without it while recording
    rows = collect(docs)
    kinds = sorted({d[0] for d in docs})
    print(f"{len(docs)} documents ({', '.join(f'{k} {sum(d[0] == k for d in docs)}' for k in kinds)})")
    print(f"{len(rows)} look-alikes weighed, {sum(r[4] for r in rows)} right")
    second = {n for n in range(len(docs)) if _half(n)}
    clean_chars = sum(len(docs[n][1].encode()) for n in second if docs[n][0] == "clean")
    with_words = zhclean.core.lm.word_model() is not None
    variants = [("COEF", len(COLUMNS))] + ([("COEF_WORDS", len(COLUMNS) + 1)] if with_words else [])
    for name, width in variants:
        fit_rows = [r for r in rows if not _half(r[0])]
        x = np.array([r[5][:width] for r in fit_rows])
        w = fit(x, np.array([float(r[4]) for r in fit_rows]))
        print(f"\n{name} = (" + ", ".join(f"{v:.3f}" for v in w) + f")  # fitted on {len(fit_rows)}")
        found = decisions([(*r[:5], r[5][:width], r[6]) for r in rows if _half(r[0])], w)
        positives = sum(right for _, right, _ in found)
        print(f"second half: {len(found)} positions weighed, {positives} with the right one among them")
        print(f"{'P >=':>6} {'edits':>6} {'right':>6} {'precision':>9} {'recall':>7} {'false/MB clean':>14}")
        for tau in (0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999):
            chosen = [(right, kind) for prob, right, kind in found if prob >= tau]
            right = sum(r for r, _ in chosen)
            false_clean = sum(1 for r, k in chosen if k == "clean" and not r)
            print(
                f"{tau:>6} {len(chosen):>6} {right:>6} {right / max(1, len(chosen)):>9.1%} "
                f"{right / max(1, positives):>7.1%} {false_clean / max(1e-9, clean_chars / 1e6):>14.2f}"
            )
        setattr(lookalike, name, tuple(float(v) for v in w))
        lookalike._word_model = system_words if name == "COEF_WORDS" else (lambda: None)
        end_to_end(docs, second)
    return 0


if __name__ == "__main__":
    sys.exit(main())
