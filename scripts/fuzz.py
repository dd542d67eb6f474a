#!/usr/bin/env python3
"""Fuzz the whole pipeline for a while: no exception, idempotent, edits replay, nothing lost.

    python scripts/fuzz.py --minutes 10 [--seed N] [--cli]

Inputs mix arbitrary Unicode, Chinese text with the faults the filters repair, unpaired
surrogates (from undecodable bytes via surrogateescape), control characters, long lines with no
newline, and runs of spaces, dashes, quotes, markers and digits. Each input is checked with the
invariants of the test suite; the first failure is written to fuzz-failure.json (in CLI mode,
fuzz-failure.<suffix>) and the run stops with exit code 1. At the end it prints how many inputs it tried.

With ``--cli`` the command line is fuzzed end to end instead: each input is written to a file
(UTF-8, UTF-8 with BOM, GBK, UTF-16; LF or CRLF; as plain text, Markdown, or a JSON Lines
record), and cleaned with random options (``--select`` / ``--ignore``, ``--unsafe-fixes``,
``--mark-gaps``, ``--script``, a configuration with corrections and an allow list, streaming in
small chunks). A run must end with exit 0, 1 or 2 and no traceback; ``-w`` twice must change
nothing the second time; a JSON Lines record keeps every field but the cleaned one; an input
slower than ``--budget`` seconds is reported.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.invariants import check_invariants  # noqa: E402

from zhclean import clean_and_explain  # noqa: E402
from zhclean.core.resources import read_tsv  # noqa: E402

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


FILTERS = [
    "normalize-unicode",
    "remove-paywall-markers",
    "normalize-spacing",
    "normalize-punctuation",
    "reflow-wrapped-lines",
    "remove-page-furniture",
    "remove-noise-lines",
    "fix-hyphen-for-yi",
    "fix-lookalike-chars",
    "detect-text-loss",
]


def cli_case(rng: random.Random, folder: Path) -> tuple[list[str], Path, str, str | None]:
    """Write one input file and choose the options: (args, path, text, jsonl original)."""

    text = random_text(rng)
    if len(text) > 300_000:
        text = text[:300_000]
    kind = rng.choice(["txt", "txt", "md", "jsonl"])
    encoding = rng.choice(["utf-8", "utf-8-sig", "gbk", "utf-16"]) if kind != "jsonl" else "utf-8"
    if rng.random() < 0.3:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    path = folder / f"input.{kind}"
    original = None
    if kind == "jsonl":
        original = json.dumps(
            {"id": 1, "text": text, "x": [1.50, "统-起来"]}, ensure_ascii=rng.random() < 0.5
        )
        data = (original + "\n").encode("utf-8", "surrogatepass")
    else:
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:  # undecodable bytes where it can (\udcff), else "?"
            try:
                data = text.encode("utf-8", "surrogateescape")
            except UnicodeEncodeError:
                data = text.encode(encoding, "replace")
    path.write_bytes(data)
    args: list[str] = []
    if kind == "jsonl":
        args.append("--jsonl")
    if rng.random() < 0.3:
        args += ["--select", ",".join(rng.sample(FILTERS, rng.randrange(1, 4)))]
    elif rng.random() < 0.3:
        args += ["--ignore", rng.choice(FILTERS)]
    if rng.random() < 0.2:
        args.append("--unsafe-fixes")
    if rng.random() < 0.2:
        args.append("--mark-gaps")
    if rng.random() < 0.1:
        args += ["--script", rng.choice(["s", "t"])]
    config = folder / "zhclean.toml"
    if rng.random() < 0.3:
        (folder / "allow.txt").write_text("问霄\n近平\n", encoding="utf-8")
        config.write_text(
            'extend-allow = "allow.txt"\nextend-corrections = {"扞卫" = "捍卫"}\n', encoding="utf-8"
        )
    elif config.exists():
        config.unlink()
    return args, path, text, original


def run_cli(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run the command line in this process; (exit code, traceback or "")."""
    import contextlib
    import io
    import os
    import traceback

    from zhclean.cli.main import main as cli_main

    here = os.getcwd()
    os.chdir(cwd)
    err = io.StringIO()
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            try:
                cli_main(args)
            except SystemExit as exc:
                return int(exc.code or 0), ""
            except Exception:
                return 99, traceback.format_exc()
        return 0, ""
    finally:
        os.chdir(here)


def fuzz_cli(rng: random.Random, deadline: float, budget: float, seed: int, skip: int = 0) -> int:
    import json
    import tempfile

    from zhclean.engine import chunks

    tried = slow = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        while time.monotonic() < deadline:
            args, path, _text, original = cli_case(rng, folder)
            streaming = rng.random() < 0.2
            if tried < skip:  # --skip: draw the case, to reach a reported one quickly
                tried += 1
                continue
            chunks.STREAM_BYTES = 2000 if streaming else 16 * 1024 * 1024
            chunks.CHUNK_CHARS = 700 if streaming else 1 << 20
            given = path.read_bytes()
            started = time.monotonic()
            code, trace = run_cli([*args, "-q", "-w", path.name], folder)
            first = path.read_bytes()
            _, trace2 = run_cli([*args, "-q", "-w", path.name], folder)
            took = time.monotonic() - started
            problem = trace or trace2
            if not problem and code not in (0, 1, 2):
                problem = f"exit code {code}"
            if not problem and code in (0, 1) and path.read_bytes() != first:
                problem = "a second -w changed the file again"
            if not problem and original is not None and code in (0, 1):
                before, after = json.loads(original), json.loads(path.read_bytes())
                if {k: v for k, v in before.items() if k != "text"} != {
                    k: v for k, v in after.items() if k != "text"
                }:
                    problem = "a JSON Lines record lost or changed another field"
            if took > budget:
                slow += 1
                print(f"slow: {took:.1f} s for {args} on {len(first)} bytes (seed {seed}, input {tried})")
            if problem:
                target = Path("fuzz-failure" + path.suffix)
                target.write_bytes(given)
                where = f"seed {seed}, args {args}, streaming={streaming}"
                print(f"FAILED after {tried} inputs ({where}): {problem}")
                print(f"the input is in {target} (--skip {tried} reaches it again)")
                return 1
            tried += 1
    print(f"{tried} command lines, no failure, {slow} slow (seed {seed})")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--cli", action="store_true", help="fuzz the command line end to end")
    ap.add_argument("--budget", type=float, default=10.0, help="seconds an input may take (--cli)")
    ap.add_argument("--skip", type=int, default=0, help="--cli: draw this many cases without running them")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    rng = random.Random(seed)
    deadline = time.monotonic() + args.minutes * 60
    if args.cli:
        return fuzz_cli(rng, deadline, args.budget, seed, args.skip)
    tried = 0
    while time.monotonic() < deadline:
        text = random_text(rng)
        unsafe = rng.random() < 0.3
        try:
            check_invariants(text, clean_and_explain(text, unsafe_fixes=unsafe), unsafe_fixes=unsafe)
        except Exception as exc:  # report the input, whatever went wrong
            # Any string, lone surrogates included, survives as JSON (surrogateescape cannot
            # write a lone high surrogate, and the failing input was lost).
            Path("fuzz-failure.json").write_text(json.dumps(text) + "\n", encoding="ascii")
            where = f"seed {seed}, unsafe_fixes={unsafe}"
            print(f"FAILED after {tried} inputs ({where}): {type(exc).__name__}: {exc}")
            print("the input is in fuzz-failure.json (a JSON string: json.loads it)")
            return 1
        tried += 1
    print(f"{tried} inputs, no failure (seed {seed}, {args.minutes:g} minutes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
