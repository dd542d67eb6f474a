"""The Dask integration on a local cluster of worker processes: same output as the CLI."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from zhclean import Config, Pipeline

from ..conftest import FIXTURES

dask = pytest.importorskip("dask")  # a test dependency: present in CI (pyproject's test extra)
distributed = pytest.importorskip("distributed")

from zhclean.dask import Stats, clean_jsonl, clean_parquet  # noqa: E402


def _corpus(path: Path, records: int = 300) -> list[dict[str, object]]:
    """Records made of the fixtures' paragraphs, dirty and clean, and some without text."""
    paragraphs = [
        p
        for f in sorted(FIXTURES.glob("*/*.in.txt"))
        for p in f.read_text(encoding="utf-8").split("\n\n")
        if p.strip()
    ]
    rnd = random.Random(7)
    rows: list[dict[str, object]] = []
    for i in range(records):
        if i % 50 == 49:
            rows.append({"id": i, "meta": "no text"})
        else:
            rows.append({"id": i, "text": "\n\n".join(rnd.sample(paragraphs, 2))})
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return rows


def _expected_stats(rows: list[dict[str, object]], config: Config) -> Stats:
    pipeline = Pipeline(config)
    stats = Stats()
    for row in rows:
        text = row.get("text")
        stats.count(pipeline.run(text) if isinstance(text, str) else None)
    return stats


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as c:
            yield c


def test_jsonl_on_two_workers_equals_the_cli(tmp_path: Path, client) -> None:  # type: ignore[no-untyped-def]
    rows = _corpus(tmp_path / "in.jsonl")
    cli = tmp_path / "cli.jsonl"
    subprocess.run(
        [sys.executable, "-m", "zhclean", "-q", "--jsonl", str(tmp_path / "in.jsonl"), "-o", str(cli)],
        check=True,
    )
    import dask.bag as db

    assert db.read_text(str(tmp_path / "in.jsonl"), blocksize=20_000).npartitions > 2  # really split
    stats = clean_jsonl(str(tmp_path / "in.jsonl"), str(tmp_path / "out"), Config(), blocksize=20_000)
    # The output keeps the input's name, and is the CLI's byte for byte.
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["in.jsonl"]
    assert (tmp_path / "out" / "in.jsonl").read_bytes() == cli.read_bytes()
    assert stats == _expected_stats(rows, Config())
    assert stats.changed > 0 and stats.passed_through == 6
    assert len(client.scheduler_info()["workers"]) == 2


def test_each_file_keeps_its_name_and_a_clash_is_refused(tmp_path: Path, client) -> None:  # type: ignore[no-untyped-def]
    for name in ("a", "b"):
        _corpus(tmp_path / "in" / f"{name}.jsonl", records=30)
    clean_jsonl(str(tmp_path / "in" / "*.jsonl"), str(tmp_path / "out"), Config(), blocksize=4_000)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.jsonl", "b.jsonl"]
    for name in ("a", "b"):
        cli = subprocess.run(
            [sys.executable, "-m", "zhclean", "-q", "--jsonl", str(tmp_path / "in" / f"{name}.jsonl")],
            capture_output=True,
        ).stdout
        assert (tmp_path / "out" / f"{name}.jsonl").read_bytes() == cli
    _corpus(tmp_path / "other" / "a.jsonl", records=5)
    with pytest.raises(ValueError, match=r"a\.jsonl: more than one input of this name"):
        clean_jsonl(
            [str(tmp_path / "in" / "a.jsonl"), str(tmp_path / "other" / "a.jsonl")], str(tmp_path / "o2")
        )


def test_the_readme_recipe_runs_as_a_script(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent.parent / "README.md").read_text(encoding="utf-8")
    recipe = "# clean_corpus.py" + readme.split("# clean_corpus.py")[1].split("```")[0]
    (tmp_path / "clean_corpus.py").write_text(recipe, encoding="utf-8")
    _corpus(tmp_path / "corpus" / "a.jsonl", records=20)
    done = subprocess.run([sys.executable, "clean_corpus.py"], cwd=tmp_path, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert [p.name for p in (tmp_path / "clean").iterdir()] == ["a.jsonl"]


def test_configuration_reaches_the_workers(tmp_path: Path, client) -> None:  # type: ignore[no-untyped-def]
    rows = _corpus(tmp_path / "in.jsonl", records=60)
    config = Config(select=("normalize-punctuation",))
    stats = clean_jsonl(str(tmp_path / "in.jsonl"), str(tmp_path / "out"), config, blocksize=5_000)
    assert set(stats.per_filter) == {"normalize-punctuation"}
    assert stats == _expected_stats(rows, config)


def test_parquet_column(tmp_path: Path, client) -> None:  # type: ignore[no-untyped-def]
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    rows = _corpus(tmp_path / "in.jsonl", records=120)
    frame = pd.DataFrame({"id": [r["id"] for r in rows], "text": [r.get("text") for r in rows]})
    source = tmp_path / "in"
    source.mkdir()
    for i in range(3):  # three files: three partitions
        frame.iloc[i * 40 : (i + 1) * 40].to_parquet(source / f"part.{i}.parquet", index=False)
    stats = clean_parquet(str(source), str(tmp_path / "out"), "text", Config())
    out = pd.concat(
        pd.read_parquet(p)
        for p in sorted((tmp_path / "out").glob("*.parquet"), key=lambda p: int(p.stem[5:]))
    )
    pipeline = Pipeline()
    expected = [pipeline.run(t).text if isinstance(t, str) else None for t in frame["text"]]
    assert list(out["id"]) == list(frame["id"])
    assert [t if isinstance(t, str) else None for t in out["text"]] == expected
    assert stats == _expected_stats(rows, Config())


def test_what_ships_to_a_worker_is_small() -> None:
    import pickle

    pipeline = Pipeline(Config(ignore=("normalize-spacing",)))
    pipeline.run("把思想统-起来")  # data loaded in this process
    shipped = pickle.dumps(pipeline)
    assert len(shipped) < 2_000  # the configuration, not the tables
    assert pickle.loads(shipped).run("把思想统-起来").text == "把思想统一起来"


def test_an_output_that_is_its_input_is_refused(tmp_path: Path) -> None:
    """Issue 25, 3: checked before any work, so no cluster is needed."""
    _corpus(tmp_path / "in" / "a.jsonl", records=5)
    before = (tmp_path / "in" / "a.jsonl").read_bytes()
    for target in ("in", "in/", "./in", "link"):
        if target == "link":
            (tmp_path / "link").symlink_to(tmp_path / "in")
        with pytest.raises(ValueError, match=r"a\.jsonl: the output would replace its input"):
            clean_jsonl(str(tmp_path / "in" / "a.jsonl"), str(tmp_path / target))
        with pytest.raises(ValueError, match="would replace its input"):
            clean_jsonl([str(tmp_path / "in" / "*.jsonl")], str(tmp_path / target))
    assert (tmp_path / "in" / "a.jsonl").read_bytes() == before


def test_parquet_into_its_own_folder_is_refused(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    source = tmp_path / "in"
    source.mkdir()
    pd.DataFrame({"text": ["统-起来"]}).to_parquet(source / "part.0.parquet", index=False)
    before = (source / "part.0.parquet").read_bytes()
    with pytest.raises(ValueError, match="would be written into its input"):
        clean_parquet(str(source), str(source))
    with pytest.raises(ValueError, match="would replace its input"):
        clean_parquet(str(source / "part.0.parquet"), str(source))
    assert (source / "part.0.parquet").read_bytes() == before


def test_a_bad_record_names_file_and_line_and_writes_nothing(tmp_path: Path, client) -> None:  # type: ignore[no-untyped-def]
    rows = _corpus(tmp_path / "in.jsonl", records=200)
    lines = (tmp_path / "in.jsonl").read_bytes().splitlines(keepends=True)
    lines[150] = b'{"text": "broken\n'
    (tmp_path / "in.jsonl").write_bytes(b"".join(lines))
    with pytest.raises(ValueError, match=r"in\.jsonl:151: not a JSON record"):
        clean_jsonl(str(tmp_path / "in.jsonl"), str(tmp_path / "out"), blocksize=5_000)
    assert not (tmp_path / "out" / "in.jsonl").exists()
    lines[150] = json.dumps(rows[150], ensure_ascii=False).replace("的", "").encode("gbk") + b"\n"
    (tmp_path / "in.jsonl").write_bytes(b"".join(lines))
    cli = subprocess.run(
        [sys.executable, "-m", "zhclean", "-q", "--jsonl", str(tmp_path / "in.jsonl")], capture_output=True
    )
    assert b"in.jsonl:151: not UTF-8" in cli.stderr
    with pytest.raises(ValueError, match=r"in\.jsonl:151: not UTF-8"):
        clean_jsonl(str(tmp_path / "in.jsonl"), str(tmp_path / "out"), blocksize=5_000)
    from zhclean.dask import clean_lines

    with pytest.raises(ValueError, match=r"part:12: not a JSON record"):
        clean_lines(['{"text": "a"}\n', "{\n"], Config(), name="part", first=11)
