"""Clean corpora on a Dask cluster: JSON Lines and Parquet, with the CLI's pipeline and results.

Dask is the engine this module plugs into (see the README for why not Ray or Spark)::

    from dask.distributed import Client
    from zhclean import Config
    from zhclean.dask import clean_jsonl

    client = Client("tcp://scheduler:8786")          # or Client() for the cores of this machine
    stats = clean_jsonl("s3://corpus/*.jsonl", "s3://clean/", Config(), field="text")
    print(stats)  # documents, changed, edits per filter, suggestions, findings

Every record goes through :func:`zhclean.batch.jsonl.clean_line`, the function the CLI's ``--jsonl``
mode uses, so a record comes out byte for byte as ``zhclean --jsonl`` writes it. What a task
ships to a worker is the small :class:`~zhclean.Config`; each worker process builds its
:class:`~zhclean.Pipeline` once and loads the data tables on first use. Statistics are summed
across partitions with :class:`Stats`.

Needs ``pip install 'zhclean[dask]'`` (dask, distributed; pandas and pyarrow for Parquet).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .batch.jsonl import clean_line, why_not_utf8
from .core.config import Config
from .core.errors import InputError

if TYPE_CHECKING:
    from .engine.pipeline import Pipeline

__all__ = ["Stats", "clean_jsonl", "clean_lines", "clean_parquet"]


@dataclass
class Stats:
    """What a run did, summed over partitions and workers."""

    documents: int = 0  # records with the field
    changed: int = 0
    edits: int = 0
    suggestions: int = 0
    findings: int = 0
    passed_through: int = 0  # records without a string field (and blank lines)
    per_filter: Counter[str] = field(default_factory=Counter)

    def __add__(self, other: Stats) -> Stats:
        return Stats(
            self.documents + other.documents,
            self.changed + other.changed,
            self.edits + other.edits,
            self.suggestions + other.suggestions,
            self.findings + other.findings,
            self.passed_through + other.passed_through,
            self.per_filter + other.per_filter,
        )

    def count(self, result: Any) -> None:
        if result is None:
            self.passed_through += 1
            return
        self.documents += 1
        self.changed += result.changed
        self.edits += len(result.edits)
        self.suggestions += len(result.suggestions)
        self.findings += len(result.findings)
        self.per_filter.update(c.filter for c in result.edits)


def _pipeline(config: Config) -> Pipeline:
    from .engine.pipeline import shared_pipeline

    return shared_pipeline(config)


def clean_lines(
    lines: list[str], config: Config, field: str = "text", name: str = "<lines>", first: int = 1
) -> tuple[list[str], Stats]:
    """Clean a partition of JSON Lines (each with its line ending, as ``dask.bag.read_text``
    gives them). Returns the lines to write and the partition's statistics. A line that is not
    a JSON record is a ValueError naming ``name`` and its line number (``first`` is the number
    of the partition's first line), as the CLI names it."""
    out, stats, bad = _clean_lines(lines, config, field)
    if bad is not None:
        index, reason = bad
        raise ValueError(f"{name}:{first + index}: {reason}")
    return out, stats


def _clean_lines(
    lines: list[str], config: Config, field: str
) -> tuple[list[str], Stats, tuple[int, str] | None]:
    """The cleaned lines and statistics, and (index, reason) of the first line that is not a
    record, where the cleaning stopped."""
    pipeline = _pipeline(config)
    stats = Stats()
    out = []
    for index, line in enumerate(lines):
        try:
            raw, result = clean_line(line.encode("utf-8", "surrogateescape"), pipeline, field)
        except UnicodeDecodeError:
            return out, stats, (index, why_not_utf8(line.encode("utf-8", "surrogateescape")))
        except ValueError as exc:
            return out, stats, (index, f"not a JSON record ({exc})")
        except InputError as exc:  # an engine's result in the field that is not valid
            return out, stats, (index, str(exc))
        stats.count(result)
        out.append(raw.decode("utf-8", "surrogateescape"))
    return out, stats, None


def clean_jsonl(
    source: str | list[str],
    target: str,
    config: Config | None = None,
    field: str = "text",
    blocksize: int | str | None = "64MiB",
) -> Stats:
    """Clean JSON Lines files into the folder ``target``, each under its own name
    (``corpus/a.jsonl`` -> ``clean/a.jsonl``), on the current Dask client; return the summed
    statistics.

    A file larger than ``blocksize`` is cleaned in several partitions at once (cut at line
    ends), then written in order by one task; two inputs with the same name (from different
    folders) are refused, as ``zhclean -o DIR`` refuses them, and so is a ``target`` where an
    output would replace its input. A line that is not a JSON record is a ValueError naming the
    file and the line (``corpus/a.jsonl:501: not a JSON record (...)``), and that file's output
    is not written. (One difference from the CLI: a last record without a line end gets one.)
    """
    import posixpath

    import dask
    import dask.bag as db
    import fsspec

    config = config or Config()
    fs, _, paths = fsspec.get_fs_token_paths(source)
    names = [posixpath.basename(p) for p in paths]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"{', '.join(twice)}: more than one input of this name; clean them one at a time")
    out_fs, _, (root,) = fsspec.get_fs_token_paths(target)
    outputs = [posixpath.join(root, name) for name in names]
    _refuse_overwriting(fs, paths, out_fs, outputs)
    out_fs.makedirs(root, exist_ok=True)
    protocol = fs.protocol[0] if isinstance(fs.protocol, tuple) else fs.protocol
    written = []
    for path, name in zip(paths, names, strict=True):
        url = path if protocol in ("file", "local") else f"{protocol}://{path}"
        bag = db.read_text(url, blocksize=blocksize, encoding="utf-8", errors="surrogateescape")
        parts = bag.map_partitions(_clean_partition, config, field).to_delayed()
        written.append(dask.delayed(_write_jsonl)(f"{target.rstrip('/')}/{name}", url, *parts))
    (total,) = dask.compute(dask.delayed(sum)(written, Stats()))
    return total


def _same_file(fs: Any, path: str, out_fs: Any, out: str) -> bool:
    """Whether two paths of two filesystems name one file (through symbolic links, locally)."""
    import os

    from fsspec.implementations.local import LocalFileSystem

    if type(fs) is not type(out_fs):
        return False
    if isinstance(fs, LocalFileSystem):
        return os.path.realpath(path) == os.path.realpath(out)
    return bool(fs._strip_protocol(path).rstrip("/") == out_fs._strip_protocol(out).rstrip("/"))


def _refuse_overwriting(fs: Any, paths: list[str], out_fs: Any, outputs: list[str]) -> None:
    for out in outputs:
        for path in paths:
            if _same_file(fs, path, out_fs, out):
                raise ValueError(f"{path}: the output would replace its input; choose another target")


def _write_jsonl(path: str, source: str, *parts: list[tuple[list[str], Stats, Any]]) -> Stats:
    """Write the cleaned lines of a file's partitions, in order; their statistics summed. A
    partition that met a line that is not a record fails the file before anything is written."""
    import fsspec

    first = 1
    for part in parts:
        for lines, _, bad in part:
            if bad is not None:
                index, reason = bad
                raise ValueError(f"{source}:{first + index}: {reason}")
            first += len(lines)
    total = Stats()
    with fsspec.open(path, "w", encoding="utf-8", newline="", errors="surrogateescape") as fh:
        for part in parts:
            for lines, stats, _ in part:
                for line in lines:
                    fh.write(line if line.endswith("\n") else line + "\n")
                total = total + stats
    return total


def _clean_partition(lines: list[str], config: Config, field: str) -> list[tuple[list[str], Stats, Any]]:
    return [_clean_lines(list(lines), config, field)]


def clean_parquet(
    source: str,
    target: str,
    column: str = "text",
    config: Config | None = None,
) -> Stats:
    """Clean one string column of a Parquet dataset into the folder ``target``
    (``part.0.parquet``, ``part.1.parquet``..., other columns unchanged), partition by partition
    on the current Dask client; returns the summed statistics. A ``target`` that is the source
    folder, or where a part would replace an input file, is refused."""
    import posixpath

    import dask
    import dask.dataframe as dd
    import fsspec

    config = config or Config()
    in_fs, _, sources = fsspec.get_fs_token_paths(source)
    inputs = [f for s in sources for f in (in_fs.find(s) if in_fs.isdir(s) else [s])]
    fs, _, (root,) = fsspec.get_fs_token_paths(target)
    for s in sources:  # writing parts into the folder being read would mix them in
        if in_fs.isdir(s) and _same_file(in_fs, s, fs, root):
            raise ValueError(f"{s}: the output would be written into its input; choose another target")
    parts = dd.read_parquet(source).to_delayed()
    _refuse_overwriting(
        in_fs, inputs, fs, [posixpath.join(root, f"part.{i}.parquet") for i in range(len(parts))]
    )
    fs.makedirs(root, exist_ok=True)
    written = [
        dask.delayed(_clean_and_write)(part, f"{target.rstrip('/')}/part.{i}.parquet", column, config)
        for i, part in enumerate(parts)
    ]
    (total,) = dask.compute(dask.delayed(sum)(written, Stats()))
    return total


def _clean_and_write(frame: Any, path: str, column: str, config: Config) -> Stats:
    frame, stats = _clean_frame(frame, column, config)
    frame.to_parquet(path, index=False)
    return stats


def _clean_frame(frame: Any, column: str, config: Config) -> tuple[Any, Stats]:
    pipeline = _pipeline(config)
    stats = Stats()
    frame = frame.copy()
    values = []
    for value in frame[column]:
        if isinstance(value, str):
            result = pipeline.run(value)
            stats.count(result)
            values.append(result.text)
        else:
            stats.count(None)
            values.append(value)
    frame[column] = frame[column].__class__(values, index=frame.index, dtype=frame[column].dtype)
    return frame, stats
