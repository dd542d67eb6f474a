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
slower than ``--budget`` seconds is reported. About one case in three also meets one of the
troubles a run meets besides its input: stdout on a full device (``/dev/full``), a disk that
fills (``RLIMIT_FSIZE``), the file edited while it is cleaned (same size, mtime put back), a
file name with a newline, ESC, U+202E and CR, ``--diff`` applied against what ``-w`` writes, the
command line against ``clean()``; inputs include lines of a few megabytes and word lists of
50 000 words. The summary line counts each.
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


def cli_case(rng: random.Random, folder: Path) -> tuple[list[str], Path, str, str | None, dict]:
    """Write one input file and choose the options: (args, path, text, jsonl original, what
    kind of case it is)."""

    text = random_text(rng)
    if len(text) > 300_000:
        text = text[:300_000]
    if rng.random() < 0.02:  # a few megabytes on one line
        unit = "".join(rng.choice(HAN + MARKS) for _ in range(50))
        text = unit * rng.randrange(40_000, 80_000)
    kind = rng.choice(["txt", "txt", "md", "jsonl"])
    encoding = rng.choice(["utf-8", "utf-8-sig", "gbk", "utf-16"]) if kind != "jsonl" else "utf-8"
    crlf = rng.random() < 0.3
    if crlf:
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
    configured = rng.random() < 0.3
    if configured:
        words = ["问霄", "近平"]
        if rng.random() < 0.2:  # a large word list, with some of the text's own words in it
            words += ["".join(rng.choice(HAN) for _ in range(rng.randrange(2, 8))) for _ in range(50_000)]
            words += [text[i : i + rng.randrange(2, 6)] for i in range(0, min(len(text), 5000), 97)]
        words = [w for w in words if w.strip() and "\n" not in w and "\r" not in w]
        (folder / "allow.txt").write_text("\n".join(words) + "\n", encoding="utf-8", errors="replace")
        config.write_text(
            'extend-allow = "allow.txt"\nextend-corrections = {"扞卫" = "捍卫"}\n', encoding="utf-8"
        )
    elif config.exists():
        config.unlink()
    meta = {"kind": kind, "encoding": encoding, "crlf": crlf, "configured": configured}
    return args, path, text, original, meta


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
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                cli_main(args)
            except SystemExit as exc:
                return int(exc.code or 0), ""
            except Exception:
                return 99, traceback.format_exc()
        return 0, ""
    finally:
        os.chdir(here)
        out.flush()
        LAST_OUTPUT[:] = [out.buffer.getvalue(), err.getvalue()]  # type: ignore[attr-defined]


LAST_OUTPUT: list = [b"", ""]  # stdout bytes and stderr of the last run_cli


# --- the classes of trouble a run may meet besides its input (issue 25.12) ------------------
HOSTILE = "\n\x1b[31m\u202e\r"


def _subprocess(args: list[str], cwd: Path, streaming: bool, **kwargs):  # type: ignore[no-untyped-def]
    import os
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    if streaming:
        env.update(ZHCLEAN_STREAM_BYTES="2000", ZHCLEAN_CHUNK_CHARS="700")
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "zhclean", *args],
        cwd=cwd,
        env=env,
        stderr=subprocess.PIPE,
        timeout=300,
        **kwargs,
    )


def _failing_stdout(args, path, given, meta, streaming):  # type: ignore[no-untyped-def]
    """Printing to a full device: one line naming stdout, exit 2."""
    if not Path("/dev/full").exists():
        return None
    with open("/dev/full", "wb") as full:
        done = _subprocess([*args, path.name], path.parent, streaming, stdout=full)
    err = done.stderr.decode("utf-8", "replace")
    if "Traceback" in err:
        return f"printing to /dev/full: {err[-2000:]}"
    if done.returncode == 2 and not err.strip():
        return "printing to /dev/full: exit 2 and nothing said"
    if done.returncode in (0, 1) and path.stat().st_size > 0 and "skipped" not in err:
        return f"printing to /dev/full: exit {done.returncode}, the output lost without a word"
    if done.returncode not in (0, 1, 2):
        return f"printing to /dev/full: exit {done.returncode}"
    return None


def _full_disk(args, path, given, meta, streaming):  # type: ignore[no-untyped-def]
    """-w where no file may grow past half the input: old content or new, no temporary file."""
    import resource
    import signal

    copy = path.with_name("full" + path.suffix)
    copy.write_bytes(given)
    limit = max(1, len(given) // 2)

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = _subprocess([*args, "-q", "-w", copy.name], path.parent, streaming, preexec_fn=small_disk)
    err = done.stderr.decode("utf-8", "replace")
    left = [p.name for p in path.parent.iterdir() if p.name.endswith(".zhclean-tmp")]
    try:
        if "Traceback" in err or done.returncode not in (0, 1, 2):
            return f"-w on a full disk: exit {done.returncode}: {err[-2000:]}"
        if left:
            return f"-w on a full disk left {left}"
        if copy.read_bytes() not in (given, path.read_bytes()):
            return "-w on a full disk left a fragment"
        return None
    finally:
        copy.unlink()


def _changed_mid_run(args, path, given, meta, streaming):  # type: ignore[no-untyped-def]
    """Someone edits the file (same size, mtime put back) while it is cleaned: left as theirs."""
    import os

    from zhclean.engine import pipeline

    if not given:
        return None
    path.write_bytes(given)
    st = os.stat(path)
    theirs = (b"#" if given[:1] != b"#" else b"$") + given[1:]
    original, calls = pipeline.Pipeline.run, []

    def run(self, text):  # type: ignore[no-untyped-def]
        if not calls:
            calls.append(1)
            path.write_bytes(theirs)
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        return original(self, text)

    pipeline.Pipeline.run = run
    try:
        code, trace = run_cli([*args, "-q", "-w", path.name], path.parent)
    finally:
        pipeline.Pipeline.run = original
    if trace:
        return trace
    if calls and path.read_bytes() != theirs:
        return f"a file changed during the run was overwritten (exit {code})"
    return None


def _hostile_name(args, path, given, meta, streaming):  # type: ignore[no-untyped-def]
    """A name with a newline, ESC, U+202E and CR: shown escaped, never raw."""
    name = path.with_name(f"a{HOSTILE}b{path.suffix}")
    name.write_bytes(given)
    try:
        _, trace = run_cli([*args, "--check", name.name, f"gone{HOSTILE}.txt"], path.parent)
        out, err = LAST_OUTPUT
        printed = out.decode("utf-8", "replace") + err
        if trace:
            return trace
        if any(ch in printed for ch in "\x1b\r\u202e"):
            return "a control character of a file name reached the terminal"
        if any(
            line.startswith(("\x1b", "b" + path.suffix, ".txt: no such")) for line in printed.splitlines()
        ):
            return "a newline in a file name split a line"
        return None
    finally:
        name.unlink()


def _apply_diff(old: str, diff: str) -> str:
    """A unified diff applied to ``old`` (lines end at line feeds)."""
    import re

    parts = old.split("\n")
    lines = [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    out, at, pending = [], 0, diff.split("\n")
    i = 2  # past the --- and +++ header
    while i < len(pending):
        m = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@", pending[i])
        if not m:
            i += 1
            continue
        start = int(m[1]) - (0 if m[2] == "0" else 1)
        out.extend(lines[at:start])
        at = start
        i += 1
        while i < len(pending) and not pending[i].startswith("@@"):
            line = pending[i]
            no_newline = i + 1 < len(pending) and pending[i + 1].startswith("\\ No newline")
            body = line[1:] + ("" if no_newline else "\n")
            if line.startswith(" "):
                out.append(lines[at])
                at += 1
            elif line.startswith("-"):
                at += 1
            elif line.startswith("+"):
                out.append(body)
            i += 2 if no_newline else 1
    out.extend(lines[at:])
    return "".join(out)


def _diff_is_write(args, path, given, meta, streaming):  # type: ignore[no-untyped-def]
    """What --diff shows, applied to the input, is what -w writes."""
    if meta["kind"] == "jsonl" or meta["encoding"] != "utf-8" or b"\x00" in given:
        return None
    copy = path.with_name("d" + path.suffix)
    copy.write_bytes(given)
    try:
        code, trace = run_cli([*args, "--diff", copy.name], path.parent)
        diff = LAST_OUTPUT[0].decode("utf-8", "surrogateescape")
        if trace:
            return trace
        if code == 2:
            return None  # undecodable: nothing shown, nothing written
        code, trace = run_cli([*args, "-q", "-w", copy.name], path.parent)
        written = copy.read_bytes().decode("utf-8", "surrogateescape")
        shown = (
            _apply_diff(given.decode("utf-8", "surrogateescape"), diff)
            if diff
            else given.decode("utf-8", "surrogateescape")
        )
        if trace:
            return trace
        if shown != written:
            return "--diff shows other changes than -w writes"
        return None
    finally:
        copy.unlink()


def _cli_is_library(args, path, given, meta, streaming):  # type: ignore[no-untyped-def]
    """-w on a plain UTF-8 file writes what clean() returns for its text."""
    from zhclean import clean

    if meta["kind"] != "txt" or meta["encoding"] != "utf-8" or meta["configured"] or b"\x00" in given:
        return None
    options: dict = {}
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg in ("--select", "--ignore"):
            options[arg[2:]] = rest.pop(0)
        elif arg == "--script":
            options["script"] = rest.pop(0)
        elif arg in ("--unsafe-fixes", "--mark-gaps"):
            options[arg[2:].replace("-", "_")] = True
        else:
            return None
    bom = b"\xef\xbb\xbf" if given.startswith(b"\xef\xbb\xbf") else b""  # the file's, not text
    try:
        text = given[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        return None
    copy = path.with_name("lib" + path.suffix)
    copy.write_bytes(given)
    try:
        code, trace = run_cli([*args, "-q", "-w", copy.name], path.parent)
        if trace:
            return trace
        if code != 2 and copy.read_bytes() != bom + clean(text, **options).encode("utf-8"):
            return "the command line and clean() disagree"
        return None
    finally:
        copy.unlink()


TROUBLES = [_failing_stdout, _full_disk, _changed_mid_run, _hostile_name, _diff_is_write, _cli_is_library]


def fuzz_cli(rng: random.Random, deadline: float, budget: float, seed: int, skip: int = 0) -> int:
    import json
    import tempfile

    from zhclean.engine import chunks

    tried = slow = 0
    troubles: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        while time.monotonic() < deadline:
            args, path, _text, original, meta = cli_case(rng, folder)
            trouble = rng.choice(TROUBLES) if rng.random() < 0.3 else None
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
            if not problem and trouble is not None:
                problem = trouble(args, path, given, meta, streaming)
                if problem:
                    problem = f"{trouble.__name__[1:]}: {problem}"
                else:
                    troubles[trouble.__name__[1:]] = troubles.get(trouble.__name__[1:], 0) + 1
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
    met = ", ".join(f"{n} {name}" for name, n in sorted(troubles.items()))
    print(f"{tried} command lines, no failure, {slow} slow (seed {seed}); besides: {met or 'nothing'}")
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
