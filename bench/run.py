#!/usr/bin/env python3
"""Benchmarks for zhclean: a script, never timed assertions in tests.

    python bench/run.py                       # everything, default sizes
    python bench/run.py throughput startup    # some sections
    python bench/run.py jobs --tree-mb 100    # --jobs 1 vs 2 on a generated tree
    python bench/run.py --json results.json   # also write the figures as JSON

Inputs are built here: the sample documents of fixtures/ and, when present, the official
documents of ../shared/data/corpus (not the news transcripts), repeated to size. Sections:

- throughput: MB/s of the whole default pipeline and of each filter alone (as a pipeline, and
  one pass of its proposals), on one core, and of the peers on the same text (autocorrect-py,
  OpenCC t2s, ftfy, when installed), with ratios;
- texts (not in the default run: ``python bench/run.py texts --sizes 1,4,16``): the three
  texts of issue 17 — (a) the official documents shuffled by paragraph, (b) the sample document
  repeated, (c) the real OCR readings repeated — with MB/s, CPU per MB at each size, rounds,
  the five largest shares of time by filter, and ftfy's MB/s on the same text;
- startup: wall time of ``zhclean --check`` on five small files in a fresh process, and the
  import time of the package (``python -X importtime``);
- jobs: ``zhclean --check --jobs 1`` and ``--jobs 2`` on a tree of files, and their ratio;
- memory: peak resident memory of ``zhclean --check`` on one large file (streamed in
  paragraph-aligned chunks) and on a JSON Lines corpus of the same size (not in the default run:
  ``python bench/run.py memory --memory-mb 1024``);
- dask: ``zhclean.dask.clean_jsonl`` on a JSON Lines corpus with 1 and 2 local worker processes
  (needs ``pip install 'zhclean[dask]'``; not in the default run).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
OFFICIAL = ("gov_work_reports", "cpc_congress_reports", "laws")


def sample_text() -> str:
    """A mix of dirty sample documents and clean official text, about 4 MB."""
    parts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures").glob("*/*.in.txt"))]
    corpus = SHARED / "data" / "corpus"
    for folder in OFFICIAL:
        for path in sorted((corpus / folder).glob("*.txt"))[:20]:
            parts.append(path.read_text(encoding="utf-8"))
    return "\n\n".join(parts)


def sized(text: str, megabytes: float) -> str:
    target = int(megabytes * 1024 * 1024)
    reps = max(1, target // max(1, len(text.encode("utf-8"))) + 1)
    data = (text + "\n\n") * reps
    return data[: target // 3]  # about 3 bytes a character in UTF-8


def throughput(megabytes: float) -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "src"))
    from zhclean import Config, Pipeline
    from zhclean.engine.filters import REGISTRY

    text = sized(sample_text(), megabytes)
    size_mb = len(text.encode("utf-8")) / 1e6
    results: dict[str, float] = {}

    def rate(pipe: Pipeline) -> float:
        pipe.run(text[:20000])  # load data once
        times = []
        for _ in range(2):
            t0 = time.perf_counter()
            pipe.run(text)
            times.append(time.perf_counter() - t0)
        return size_mb / min(times)

    results["pipeline"] = rate(Pipeline())
    for flt in REGISTRY:
        results[flt.id] = rate(Pipeline(Config(select=(flt.id,))))
    # One pass of a filter's proposals on the text, without applying them: a pipeline runs a
    # filter again in a second round when the first changed the text, so a filter that edits
    # costs up to twice its one-pass time in the lines above.
    for flt in REGISTRY:
        results[f"{flt.id} (one pass)"] = one_pass(flt, text, size_mb)
    # Peers, on the same text in the same run (optional, bench-only: pip install autocorrect-py
    # ftfy). Each does less: autocorrect-py spaces and punctuation only, OpenCC t2s converts
    # script only, ftfy repairs mojibake only.
    for name, fn in _peers().items():
        fn(text[:20000])
        times = []
        for _ in range(2):
            t0 = time.perf_counter()
            fn(text)
            times.append(time.perf_counter() - t0)
        results[f"peer: {name}"] = size_mb / min(times)
        results[f"pipeline / {name}"] = results["pipeline"] / results[f"peer: {name}"]
    return results


def text_a(megabytes: float) -> str:
    """(a) The official documents shuffled by paragraph: varied clean text (nothing repeats
    until the corpus is used up)."""
    import random

    paragraphs = []
    for folder in OFFICIAL:
        for path in sorted((SHARED / "data" / "corpus" / folder).glob("*.txt")):
            paragraphs += [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    random.Random(1).shuffle(paragraphs)
    return _to_size(paragraphs, megabytes)


def text_b(megabytes: float) -> str:
    """(b) The sample document, repeated: a dirty scraped report."""
    return _to_size(
        [(ROOT / "fixtures" / "pipeline" / "report-ocr.in.txt").read_text(encoding="utf-8")], megabytes
    )


def text_c(megabytes: float) -> str:
    """(c) The OCR readings of ../shared/bench/real.jsonl, repeated: real engine output."""
    rows = [json.loads(line)["ocr"] for line in (SHARED / "bench" / "real.jsonl").open(encoding="utf-8")]
    return _to_size(rows, megabytes)


def _to_size(parts: list[str], megabytes: float) -> str:
    out, size = [], 0
    while size < megabytes * 1e6:
        for part in parts:
            out.append(part)
            size += len(part.encode("utf-8")) + 2
            if size >= megabytes * 1e6:
                break
    return "\n\n".join(out)


def texts(sizes: list[float]) -> dict[str, float]:
    """The three texts of issue 17, each through the default pipeline on one core: MB/s, CPU
    seconds per MB at each size (linear when they stay level), rounds, and each filter's share
    of the time at the first size; ftfy on the same text when installed."""
    sys.path.insert(0, str(ROOT / "src"))
    import zhclean.engine.pipeline as pipeline_module
    from zhclean import Pipeline

    results: dict[str, float] = {}
    spent: dict[str, float] = {}
    rounds = [0]
    stage, round_ = pipeline_module._Run._stage, pipeline_module._Run.round

    def timed_stage(self, flt, propose):  # type: ignore[no-untyped-def]
        t0 = time.process_time()
        try:
            return stage(self, flt, propose)
        finally:
            spent[flt.id] = spent.get(flt.id, 0.0) + time.process_time() - t0

    def counted_round(self):  # type: ignore[no-untyped-def]
        rounds[0] += 1
        return round_(self)

    pipe = Pipeline()
    peers = {k: v for k, v in _peers().items() if k.startswith("ftfy")}
    for name, make in (("a clean corpus", text_a), ("b dirty sample", text_b), ("c real OCR", text_c)):
        for n, mb in enumerate(sizes):
            text = make(mb)
            size = len(text.encode("utf-8")) / 1e6
            pipe.run(text[:20000])  # load the data once
            spent.clear()
            rounds[0] = 0
            pipeline_module._Run._stage, pipeline_module._Run.round = timed_stage, counted_round
            try:
                t0 = time.process_time()
                pipe.run(text)
                cpu = time.process_time() - t0
            finally:
                pipeline_module._Run._stage, pipeline_module._Run.round = stage, round_
            results[f"{name} {mb:g} MB: CPU s/MB"] = cpu / size
            if n == 0:
                results[f"{name}: MB/s"] = size / cpu
                results[f"{name}: rounds"] = rounds[0]
                for fid, seconds in sorted(spent.items(), key=lambda kv: -kv[1])[:5]:
                    results[f"{name}: share {fid}"] = seconds / cpu
                for peer, fn in peers.items():
                    t0 = time.process_time()
                    fn(text)  # type: ignore[operator]
                    results[f"{name}: peer {peer} MB/s"] = size / (time.process_time() - t0)
        first, last = sizes[0], sizes[-1]
        results[f"{name}: CPU/MB at {last:g} / at {first:g} MB"] = (
            results[f"{name} {last:g} MB: CPU s/MB"] / results[f"{name} {first:g} MB: CPU s/MB"]
        )
    return results


def one_pass(flt, text: str, size_mb: float) -> float:  # type: ignore[no-untyped-def]
    from zhclean import Config
    from zhclean.engine.context import Context

    for propose in flt.passes:
        list(propose(text[:20000], Context(Config())))
    times = []
    for _ in range(2):
        t0 = time.perf_counter()
        for propose in flt.passes:
            list(propose(text, Context(Config())))
        times.append(time.perf_counter() - t0)
    return size_mb / min(times)


def _peers() -> dict[str, object]:
    peers: dict[str, object] = {}
    try:
        import autocorrect_py

        peers["autocorrect-py format"] = autocorrect_py.format
    except ImportError:
        print("(autocorrect-py not installed: pip install autocorrect-py)", file=sys.stderr)
    import opencc

    peers["OpenCC t2s"] = opencc.OpenCC("t2s").convert
    try:
        import ftfy

        peers["ftfy fix_text"] = ftfy.fix_text
    except ImportError:
        print("(ftfy not installed: pip install ftfy)", file=sys.stderr)
    return peers


def startup() -> dict[str, float]:
    tmp = Path(tempfile.mkdtemp())
    try:
        for i in range(5):
            (tmp / f"s{i}.txt").write_text("我们要把思想统一起来，坚定信心。\n" * 20, encoding="utf-8")
        exe = shutil.which("zhclean") or "zhclean"
        walls = []
        for _ in range(7):
            t0 = time.perf_counter()
            subprocess.run(
                [exe, "--check", *map(str, sorted(tmp.iterdir()))], capture_output=True, check=False
            )
            walls.append(time.perf_counter() - t0)
        proc = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import zhclean"], capture_output=True, text=True
        )
        total = 0
        for line in proc.stderr.splitlines():
            m = re.match(r"import time:\s+\d+\s+\|\s+(\d+)\s+\|\s+zhclean$", line)
            if m:
                total = int(m.group(1))
        return {"check_5_files_s": statistics.median(walls), "import_zhclean_ms": total / 1000}
    finally:
        shutil.rmtree(tmp)


def jobs(tree_mb: float) -> dict[str, float]:
    text = sample_text()
    tmp = Path(tempfile.mkdtemp())
    try:
        per_file = 100 * 1024
        files = int(tree_mb * 1024 * 1024 // per_file)
        chunk = sized(text, per_file / (1024 * 1024))
        for i in range(files):
            folder = tmp / f"d{i // 100:03}"
            folder.mkdir(exist_ok=True)
            (folder / f"f{i:05}.txt").write_text(chunk, encoding="utf-8")
        exe = shutil.which("zhclean") or "zhclean"
        out = {}
        for n in (1, 2):
            t0 = time.perf_counter()
            subprocess.run(
                [exe, "--check", "-q", "--jobs", str(n), str(tmp)], capture_output=True, check=False
            )
            out[f"jobs_{n}_s"] = time.perf_counter() - t0
        out["speedup"] = out["jobs_1_s"] / out["jobs_2_s"]
        out["tree_mb"] = files * per_file / (1024 * 1024)
        return out
    finally:
        shutil.rmtree(tmp)


def memory(megabytes: float) -> dict[str, float]:
    """Peak resident memory of ``zhclean --check`` on one large file and on a JSON Lines corpus."""

    text = sample_text()
    tmp = Path(tempfile.mkdtemp())
    try:
        big = tmp / "big.txt"
        jsonl = tmp / "corpus.jsonl"
        target = int(megabytes * 1024 * 1024)
        unit = (text + "\n\n").encode("utf-8")
        with open(big, "wb") as fh:
            while fh.tell() < target:
                fh.write(unit)
        record = (json.dumps({"text": text[:3000]}, ensure_ascii=False) + "\n").encode("utf-8")
        with open(jsonl, "wb") as fh:
            while fh.tell() < target:
                fh.write(record)
        exe = shutil.which("zhclean") or "zhclean"
        out: dict[str, float] = {"size_mb": megabytes}
        for name, args in (("file", [str(big)]), ("jsonl", ["--jsonl", str(jsonl)])):
            t0 = time.perf_counter()
            proc = subprocess.Popen(
                [exe, "--check", "-q", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            _, _status, usage = os.wait4(proc.pid, 0)
            out[f"{name}_peak_rss_mb"] = usage.ru_maxrss / 1024
            out[f"{name}_s"] = time.perf_counter() - t0

        return out
    finally:
        shutil.rmtree(tmp)


def dask_workers(megabytes: float) -> dict[str, float]:
    """Throughput of ``zhclean.dask.clean_jsonl`` with 1 and 2 local worker processes."""
    sys.path.insert(0, str(ROOT / "src"))
    from dask.distributed import Client, LocalCluster

    from zhclean import Config
    from zhclean.dask import clean_jsonl

    text = sample_text()
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    tmp = Path(tempfile.mkdtemp())
    try:
        corpus = tmp / "corpus.jsonl"
        target = int(megabytes * 1024 * 1024)
        with open(corpus, "w", encoding="utf-8") as fh:
            i = 0
            while fh.tell() < target:
                fh.write(
                    json.dumps({"id": i, "text": paragraphs[i % len(paragraphs)]}, ensure_ascii=False) + "\n"
                )
                i += 1
        size = corpus.stat().st_size / 1e6
        out: dict[str, float] = {"size_mb": size}
        for workers in (1, 2):
            with (
                LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
                ) as cluster,
                Client(cluster),
            ):
                clean_jsonl(str(corpus), str(tmp / "warm"), Config(), blocksize="1MiB")  # data loaded
                t0 = time.perf_counter()
                clean_jsonl(str(corpus), str(tmp / f"out{workers}"), Config(), blocksize="1MiB")
                out[f"{workers}_worker_mb_s"] = size / (time.perf_counter() - t0)
        out["speedup"] = out["2_worker_mb_s"] / out["1_worker_mb_s"]
        return out
    finally:
        shutil.rmtree(tmp)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sections", nargs="*", default=["throughput", "startup", "jobs"])
    ap.add_argument("--mb", type=float, default=4.0, help="text size for throughput (MB)")
    ap.add_argument("--tree-mb", type=float, default=100.0, help="tree size for jobs (MB)")
    ap.add_argument("--memory-mb", type=float, default=1024.0, help="file size for memory (MB)")
    ap.add_argument("--dask-mb", type=float, default=20.0, help="corpus size for dask (MB)")
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    ap.add_argument("--sizes", default="1,4", help="texts: sizes in MB, comma-separated (1,4,16,64)")
    args = ap.parse_args()
    figures: dict[str, dict[str, float]] = {}
    for section in args.sections:
        if section == "throughput":
            figures[section] = throughput(args.mb)
        elif section == "texts":
            figures[section] = texts([float(x) for x in args.sizes.split(",")])
        elif section == "startup":
            figures[section] = startup()
        elif section == "jobs":
            figures[section] = jobs(args.tree_mb)
        elif section == "memory":
            figures[section] = memory(args.memory_mb)
        elif section == "dask":
            figures[section] = dask_workers(args.dask_mb)
        else:
            ap.error(f"unknown section {section!r}")
        for key, value in figures[section].items():
            unit = "MB/s" if section == "throughput" and "/" not in key else ""
            unit = "MB/s" if section == "texts" and key.endswith("MB/s") else unit
            print(f"{section:<11} {key:<52} {value:10.3f} {unit}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
