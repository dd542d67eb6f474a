"""The holes an adversarial audit found (issue 15), each through a real process on real files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import zhclean

DIRTY = "把思想统-起来,坚定信心。"
CLEAN = "把思想统一起来，坚定信心。"


# --- data lost or changed ------------------------------------------------------------------------


def test_jsonl_written_in_place_is_left_alone_if_changed_meanwhile(tmp_path: Path) -> None:
    from zhclean.batch.jsonl import process_jsonl
    from zhclean.batch.tasks import Mode, Outcome, Settings, Status, Task
    from zhclean.core.config import Config

    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"text": DIRTY}, ensure_ascii=False) + "\n", encoding="utf-8")
    settings = Settings(Config(), Mode.WRITE, jsonl_field="text")
    task = Task(path, Path("c.jsonl"))
    import zhclean.batch.jsonl as jsonl

    real = jsonl._clean_records

    def edit_during_run(*args, **kwargs):  # type: ignore[no-untyped-def]
        changed = real(*args, **kwargs)
        new = tmp_path / "n"
        new.write_text('{"text":"USER EDIT"}\n', encoding="utf-8")
        new.replace(path)  # the user saves their own version while zhclean runs
        return changed

    jsonl._clean_records = edit_during_run
    try:
        out = process_jsonl(task, settings, Outcome(task.name, Status.UNCHANGED))
    finally:
        jsonl._clean_records = real
    assert out.status is Status.FAILED and "changed while it was being cleaned" in out.errors[0]
    assert path.read_text(encoding="utf-8") == '{"text":"USER EDIT"}\n'
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith("zhclean-tmp")] == []


def test_two_inputs_for_one_output_file_are_refused(tmp_path: Path) -> None:
    for d, text in (("d1", DIRTY), ("d2", "第二份文件,完全不同")):
        (tmp_path / d).mkdir()
        (tmp_path / d / "a.txt").write_text(text + "\n", encoding="utf-8")
    (tmp_path / "d1" / "b.txt").write_text(DIRTY + "\n", encoding="utf-8")
    done = zhclean("d1", "d2", "-o", "out", cwd=tmp_path)
    assert done.returncode == 2
    assert b"d1/a.txt, d2/a.txt would all be written here" in done.stderr
    assert not (tmp_path / "out" / "a.txt").exists()
    assert (tmp_path / "out" / "b.txt").read_text(encoding="utf-8") == CLEAN + "\n"


@pytest.mark.parametrize(
    "record",
    [
        '{"id":1,"text":"%s","id":2,"score":0.1000000000000000055511151231257827,"big":1e400}',
        '\ufeff{"text":"%s"}',  # a byte order mark on line 1
        '{ "text" : "%s" , "meta" : { "a" : [ 1 , 2 ] } }',
        '{"text":"%s\\u2028"}',
        '{"text":"\\ud800%s"}',  # a lone surrogate escape
    ],
)
def test_jsonl_changes_only_the_field_string(tmp_path: Path, record: str) -> None:
    path = tmp_path / "c.jsonl"
    lines = [record % DIRTY, record % "没有问题。"]
    path.write_bytes("\n".join(lines).encode("utf-8"))  # no final newline
    done = zhclean("--jsonl", "-w", str(path))
    assert done.returncode == 0, done.stderr
    assert path.read_bytes() == "\n".join([record % CLEAN, record % "没有问题。"]).encode("utf-8")


def test_jsonl_escaped_records_stay_escaped(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"text": DIRTY}) + "\r\n", encoding="ascii")
    assert zhclean("--jsonl", "-w", str(path)).returncode == 0
    assert path.read_bytes() == (json.dumps({"text": CLEAN}) + "\r\n").encode("ascii")


def test_fenced_and_indented_code_blocks_are_left_alone(tmp_path: Path) -> None:
    text = (
        '说明文字,请看代码:\n\n```python\nprint("是的, 好")\n```\n\n'
        '    x = "统-起来, 好"\n\n结束了,谢谢丶再见。\n'
    )
    md = tmp_path / "a.md"
    md.write_text(text, encoding="utf-8")
    assert zhclean("-w", str(md)).returncode == 0
    out = md.read_text(encoding="utf-8")
    assert 'print("是的, 好")' in out and '    x = "统-起来, 好"' in out
    assert out.startswith("说明文字，请看代码：") and "结束了，谢谢、再见。" in out


def test_a_nul_byte_after_the_first_block_makes_a_file_binary(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    data = (DIRTY * 2000).encode("utf-8") + b"\x00" + DIRTY.encode("utf-8")
    path.write_bytes(data)
    done = zhclean("-w", str(path))
    assert b"binary file" in done.stderr
    assert path.read_bytes() == data


def test_hard_links_and_owner_are_kept(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(DIRTY + "\n", encoding="utf-8")
    os.link(first, second)
    if os.geteuid() == 0:
        os.chown(first, 65534, 65534)  # nobody's file, cleaned by root
    assert zhclean("-w", str(first)).returncode == 0
    assert second.read_text(encoding="utf-8") == CLEAN + "\n"
    assert os.stat(first).st_ino == os.stat(second).st_ino
    if os.geteuid() == 0:
        assert (os.stat(first).st_uid, os.stat(first).st_gid) == (65534, 65534)


def test_owner_kept_through_a_rename(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root may give a file to another owner")
    path = tmp_path / "a.txt"
    path.write_text(DIRTY + "\n", encoding="utf-8")
    os.chown(path, 65534, 65534)
    assert zhclean("-w", str(path)).returncode == 0
    assert path.read_text(encoding="utf-8") == CLEAN + "\n"
    assert (os.stat(path).st_uid, os.stat(path).st_gid) == (65534, 65534)


def test_an_encoding_that_makes_mojibake_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(DIRTY * 20 + "\n", encoding="utf-8")
    before = path.read_bytes()
    done = zhclean("--encoding", "latin-1", "-w", str(path))
    assert done.returncode == 2 and b"mojibake" in done.stderr
    assert path.read_bytes() == before
    latin = tmp_path / "b.txt"
    latin.write_bytes("café naïve\n".encode("latin-1"))
    assert zhclean("--encoding", "latin-1", "--check", str(latin)).returncode == 0


# --- crashes and hangs ---------------------------------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
@pytest.mark.parametrize("args", [(), ("--jsonl",)])
def test_devices_are_refused(device: str, args: tuple[str, ...]) -> None:
    done = zhclean(*args, "--check", device, timeout=30)
    assert done.returncode == 2
    assert f"{device}: not a regular file (a device)".encode() in done.stderr


def test_a_device_linked_in_a_tree_and_a_fifo_are_skipped(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "a.txt").write_text(DIRTY + "\n", encoding="utf-8")
    (tree / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(tree / "pipe.txt")
    done = zhclean("--check", str(tree), timeout=30)
    assert done.returncode == 1 and b"1 file checked" in done.stderr
    named = zhclean("--check", str(tree / "pipe.txt"), timeout=30)
    assert named.returncode == 2 and b"not a regular file (a FIFO)" in named.stderr


def test_a_fifo_as_a_word_list_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "words.txt")
    (tmp_path / "zhclean.toml").write_text('extend-allow = "words.txt"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text(DIRTY + "\n", encoding="utf-8")
    done = zhclean("--check", "a.txt", cwd=tmp_path, timeout=30)
    assert done.returncode == 2 and b"words.txt: not a regular file" in done.stderr


def test_stdin_is_read_with_a_bound() -> None:
    from zhclean.core.errors import InputError
    from zhclean.files.documents import read_bounded

    class Endless:
        def read(self, n: int) -> bytes:
            return b"0" * n

    with pytest.raises(InputError, match="larger than"):
        read_bounded(Endless(), "-")  # type: ignore[arg-type]


def test_file_names_that_are_not_utf8(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/\xff\xfe.txt"
    with open(name, "wb") as fh:
        fh.write((DIRTY + "\n").encode("utf-8"))
    for args in (
        ("--check", "--format", "json"),
        ("--diff",),
        ("--check", "--report", str(tmp_path / "r.html")),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "zhclean", *args, os.fsdecode(name)], capture_output=True, timeout=60
        )
        assert done.returncode == 1, done.stderr
        assert b"Traceback" not in done.stderr
        assert b"xfe.txt" in done.stdout + done.stderr  # shown escaped (as \\xff\\xfe.txt)


HOSTILE_NAMES = {
    "newline": ("a\nb.txt", "a\\nb.txt"),
    "escape": ("e\x1b[2J\x1b[31mred.txt", "e\\x1b[2J\\x1b[31mred.txt"),
    "carriage return": ("cr\rx.txt", "cr\\rx.txt"),
    "right-to-left override": ("r\u202etxt.exe", "r\\u202etxt.exe"),
}


@pytest.mark.parametrize("args", [("--check",), ("--check", "--format", "github"), ("--diff",), ("-w",)])
@pytest.mark.parametrize("case", list(HOSTILE_NAMES))
def test_control_characters_in_file_names_are_shown_escaped(
    tmp_path: Path, case: str, args: tuple[str, ...]
) -> None:
    # Issue 25.9: a newline in a name printed as two diagnostics and broke --diff headers; ESC,
    # CR and U+202E reached the terminal. Human-facing output escapes them, as Python's repr does.
    name, shown = HOSTILE_NAMES[case]
    (tmp_path / name).write_text(DIRTY + "\n", encoding="utf-8")
    missing = "no\nsuch\x1b.txt"
    done = zhclean(*args, name, missing, cwd=tmp_path)
    assert done.returncode in (1, 2), done.stderr
    out, err = done.stdout.decode(), done.stderr.decode()
    assert shown in out + err
    assert "no\\nsuch\\x1b.txt: no such file or directory" in err
    for raw in ("\x1b", "\r", "\u202e"):
        assert raw not in out + err
    assert not any(line.startswith(("b.txt", "such")) for line in err.splitlines())
    if args == ("--diff",):
        headers = [line for line in out.splitlines() if line.startswith(("---", "+++"))]
        assert headers == [f"--- {shown}\t(original)", f"+++ {shown}\t(cleaned)"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--encoding", "rot13"), b"'rot13' is not a text encoding"),
        (("--encoding", "base64"), b"'base64' is not a text encoding"),
        (("--output-encoding", "nope"), b"unknown encoding 'nope'"),
        (("--report", "/nonexistent/dir/r.html"), b"the report was not written"),
    ],
)
def test_bad_options_are_one_line(tmp_path: Path, args: tuple[str, ...], message: bytes) -> None:
    (tmp_path / "a.txt").write_text(DIRTY + "\n", encoding="utf-8")
    done = zhclean("--check", *args, "a.txt", cwd=tmp_path)
    assert done.returncode == 2 and message in done.stderr
    assert b"Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("select = [1]", b"zhclean.toml: select: must be a list of strings"),
        ("tool = 5", b"zhclean.toml: tool: unknown key"),
        ("jobs = 0", b"zhclean.toml: jobs: must be at least 1, not 0"),
        ("jobs = -3", b"zhclean.toml: jobs: must be at least 1, not -3"),
        ('jobs = "2"', b"zhclean.toml: jobs: must be an integer, not a string"),
        (
            'select = ["normalize-spacin"]',
            b"select: unknown filter normalize-spacin (did you mean normalize-spacing?)",
        ),
        ('encoding = "rot13"', b"'rot13' is not a text encoding"),
        ('extend-allow = "words.txt"', b"words.txt: not UTF-8 text"),
    ],
)
def test_bad_configuration_is_one_line(tmp_path: Path, config: str, message: bytes) -> None:
    (tmp_path / "words.txt").write_bytes(b"\xff\xfe\x00")
    (tmp_path / "zhclean.toml").write_text(config + "\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(DIRTY + "\n", encoding="utf-8")
    done = zhclean("--check", "a.txt", cwd=tmp_path)
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert done.stderr.count(b"\n") == 1  # one line: no traceback, no usage banner


def test_deeply_nested_record(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    nested = "[" * 100_000 + "]" * 100_000
    path.write_text(f'{{"text":"{DIRTY}","x":{nested}}}\n', encoding="utf-8")
    done = zhclean("--jsonl", "--check", str(path))
    assert done.returncode == 2 and b"nested too deeply" in done.stderr


def test_workers_end_with_their_parent(tmp_path: Path) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    for i in range(24):
        (folder / f"{i}.txt").write_text((DIRTY + "\n") * 20_000, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "zhclean", "-w", "-q", "--jobs", "2", str(folder)],
        env={**os.environ, "ZHCLEAN_PARALLEL_MIN_BYTES": "1"},
    )
    children: set[int] = set()
    for _ in range(100):  # until the workers are up
        children = _children(proc.pid)
        if len(children) >= 2:
            break
        time.sleep(0.1)
    assert children, "no workers started"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    for _ in range(100):  # they end when they see their parent gone (not a timing assertion:
        alive = {pid for pid in children if _alive(pid)}  # only that they end at all)
        if not alive:
            break
        time.sleep(0.1)
    assert not alive, f"workers {alive} outlived their parent"


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# --- disclosure ----------------------------------------------------------------------------------


def test_a_found_configuration_reads_no_file_outside_its_folder(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:SECRET-LINE\n", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(
        f'[tool.zhclean]\nextend-corrections = "{secret}"\n', encoding="utf-8"
    )
    (project / "a.txt").write_text(DIRTY + "\n", encoding="utf-8")
    done = zhclean("--check", "a.txt", cwd=project)
    assert done.returncode == 2 and b"outside the folder of its configuration" in done.stderr
    assert b"SECRET" not in done.stderr + done.stdout
    # Named on the command line, a configuration is trusted, but a file in the wrong format is
    # still not quoted.
    named = zhclean("--config", "pyproject.toml", "--check", "a.txt", cwd=project)
    assert named.returncode == 2 and b"is not wrong<TAB>right" in named.stderr
    assert b"SECRET" not in named.stderr + named.stdout


def test_show_config_names_a_word_list_without_printing_it(tmp_path: Path) -> None:
    (tmp_path / "zhclean.toml").write_text('extend-allow = "words.txt"\n', encoding="utf-8")
    (tmp_path / "words.txt").write_text("机密词一\n机密词二\n", encoding="utf-8")
    done = zhclean("--show-config", cwd=tmp_path)
    assert done.returncode == 0
    assert b'extend-allow = "words.txt"  # 2 entries' in done.stdout
    assert "机密词".encode() not in done.stdout


# --- unclear errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(("codec", "named"), [("utf-16", b"UTF-16"), ("gbk", b"GBK")])
def test_jsonl_that_is_not_utf8_says_what_to_do(tmp_path: Path, codec: str, named: bytes) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes((json.dumps({"text": DIRTY}, ensure_ascii=False) + "\n").encode(codec))
    done = zhclean("--jsonl", "--check", str(path))
    assert done.returncode == 2 and b"looks like " + named in done.stderr and b"iconv" in done.stderr


def test_a_symlink_loop_is_named_as_one(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    done = zhclean("--check", "a", cwd=tmp_path)
    assert done.returncode == 2 and b"a: symbolic link loop" in done.stderr


def test_leftover_temporary_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(CLEAN + "\n", encoding="utf-8")
    (tmp_path / ".a.txt.x1y2.zhclean-tmp").write_text("half", encoding="utf-8")
    done = zhclean("--check", str(tmp_path))
    assert b".a.txt.x1y2.zhclean-tmp: left by an interrupted zhclean run" in done.stderr


def test_a_huge_jsonl_record_is_refused_with_a_way_out(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"text": DIRTY * 100_000}, ensure_ascii=False) + "\n", encoding="utf-8")
    done = zhclean("--jsonl", "--check", "--max-record-size", "1", str(path))
    assert done.returncode == 2 and b"record longer than 1 MiB; raise --max-record-size" in done.stderr
    assert zhclean("--jsonl", "--check", "--max-record-size", "8", str(path)).returncode == 1


def test_a_long_record_field_is_cleaned_in_chunks_as_clean_would(tmp_path: Path) -> None:
    # Issue 25.11: a 74 MB record under --max-record-size 100 peaked at 5.9 GB, the field
    # cleaned whole. Now by the rule clean() follows: past stream_chars(), chunk by chunk
    # (the real case: 0.87 GB). Here the limit is 3 000 characters and a chunk 1 000.
    from zhclean import clean
    from zhclean.engine import chunks

    value = (DIRTY + "\n") * 600  # 7 800 characters
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"text": value}, ensure_ascii=False) + "\n", encoding="utf-8")
    done = zhclean("--jsonl", "-w", "-q", str(path), ZHCLEAN_STREAM_CHARS="3000", ZHCLEAN_CHUNK_CHARS="1000")
    assert done.returncode == 0, done.stderr
    old = (chunks.STREAM_CHARS, chunks.CHUNK_CHARS)
    seen: list[int] = []
    try:
        chunks.STREAM_CHARS, chunks.CHUNK_CHARS = 3000, 1000
        expected = clean(value)
        result = chunks.run_in_chunks(lambda t: seen.append(len(t)) or _run_pipeline(t), value)
    finally:
        chunks.STREAM_CHARS, chunks.CHUNK_CHARS = old
    assert json.loads(path.read_text(encoding="utf-8"))["text"] == expected == result.text
    assert len(seen) >= 7 and max(seen) <= 1000  # the pipeline never held more than a chunk
    assert [c.line for c in result.edits][-1] == 600  # positions in the whole field


def _run_pipeline(text: str):  # type: ignore[no-untyped-def]
    from zhclean import Config, Pipeline

    return Pipeline(Config()).run(text)


def test_utf16_without_a_byte_order_mark_gets_an_encoding_hint(tmp_path: Path) -> None:
    path = tmp_path / "u.txt"
    path.write_bytes(((DIRTY + "\r\n") * 50).encode("utf-16-le"))
    done = zhclean("--check", str(path))
    assert b"binary file (contains NUL bytes), skipped; it reads as UTF-16-LE text" in done.stderr
    assert b"name it with --encoding utf-16-le" in done.stderr
    assert zhclean("--check", "--encoding", "utf-16-le", str(path)).returncode == 1  # it reads
    (tmp_path / "b.txt").write_bytes(bytes(range(256)) * 8)
    assert b"--encoding" not in zhclean("--check", str(tmp_path / "b.txt")).stderr  # binary is binary


def _without_file_permissions() -> list[str] | None:
    """A command prefix under which permission bits hold: none needed for a user; for root,
    setpriv dropping the capabilities that override them; None where neither is possible."""
    if os.geteuid() != 0:
        return []
    import shutil

    if shutil.which("setpriv") is None:
        return None
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]


@pytest.mark.parametrize("mode", ["--check", "-w"])
def test_an_unreadable_folder_in_a_tree_is_an_error_not_a_silent_skip(tmp_path: Path, mode: str) -> None:
    # Issue 25.11: a folder that could not be listed was skipped with no message and exit 0: a
    # CI check passed on a tree it had not read. It is bad input, like an unreadable file.
    prefix = _without_file_permissions()
    if prefix is None:
        pytest.skip("running as root without setpriv: permission bits do not apply")
    tree = tmp_path / "tree"
    (tree / "locked").mkdir(parents=True)
    (tree / "a.txt").write_text(CLEAN, encoding="utf-8")
    (tree / "locked" / "b.txt").write_text(DIRTY, encoding="utf-8")
    (tree / "locked").chmod(0)
    try:
        done = subprocess.run(
            [*prefix, sys.executable, "-m", "zhclean", mode, str(tree)], capture_output=True, timeout=60
        )
    finally:
        (tree / "locked").chmod(0o755)
    assert done.returncode == 2, done.stderr
    assert b"locked: cannot read this folder (Permission denied); its files were skipped" in done.stderr
    assert (tree / "locked" / "b.txt").read_text(encoding="utf-8") == DIRTY


def test_a_large_legacy_file_that_starts_with_ascii_gets_an_offset_and_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "g.txt"
    path.write_bytes(b"a" * 1_100_000 + (CLEAN * 100).encode("gbk"))  # ASCII past the first block
    done = zhclean("--check", str(path), ZHCLEAN_STREAM_BYTES="1000")
    assert done.returncode == 2
    assert (
        b"not valid utf-8 (byte 0xb0 near offset 1100000); if it is GBK or Big5, name it with --encoding"
        in done.stderr
    )
    assert zhclean("--check", "--encoding", "gbk", str(path), ZHCLEAN_STREAM_BYTES="1000").returncode == 0


def test_a_short_run_of_the_command_line_fuzzer() -> None:
    root = Path(__file__).resolve().parent.parent.parent
    done = subprocess.run(
        [
            sys.executable,
            str(root / "scripts" / "fuzz.py"),
            "--cli",
            "--minutes",
            "0.1",
            "--seed",
            "20261201",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no failure" in done.stdout


def test_a_fix_is_idempotent_whatever_damage_the_first_run_saw(tmp_path: Path) -> None:
    """Issue 25, 4: an invisible character made the first run drop 扞→捍 beside a judged 什, and the
    second (seeing no damage) make it; a variant's repair now stands whatever its neighbour."""
    path = tmp_path / "i.txt"
    path.write_bytes("\u200b统什扞卫\n".encode())
    zhclean("-w", "-q", str(path))
    once = path.read_bytes()
    zhclean("-w", "-q", str(path))
    assert path.read_bytes() == once == "统什捍卫\n".encode()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [["{f}"], ["-q", "{f}"], ["--check", "--format", "json", "{f}"], ["--diff", "{f}"], ["-"]],
)
def test_a_failing_stdout_is_one_line_and_exit_2(tmp_path: Path, args: list[str]) -> None:
    """Issue 25, 1: ``zhclean x.txt > /dev/full`` (a full disk) is one line naming stdout."""
    src = tmp_path / "x.txt"
    src.write_text("统-起来，问霄于民。\n" * 2000, encoding="utf-8")
    argv = [a.format(f=src) for a in args]
    with open("/dev/full", "wb") as full:
        run = subprocess.run(
            [sys.executable, "-m", "zhclean", *argv],
            stdin=src.open("rb") if argv == ["-"] else subprocess.DEVNULL,
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    errors = [line for line in run.stderr.decode().splitlines() if line.startswith("error")]
    assert run.returncode == 2, run.stderr.decode()
    assert errors == ["error: cannot write the output (stdout): No space left on device"]
    assert "Traceback" not in run.stderr.decode()


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize("args", [["{f}"], ["-q", "{f}"]])
def test_stdout_to_a_file_on_a_full_disk_is_one_line_and_exit_2(
    tmp_path: Path, args: list[str], streamed: bool
) -> None:
    """Issue 25, 1: ``zhclean src.txt > /mnt/small/x.txt`` exited 0 with a truncated file: under
    PYTHONUNBUFFERED a write to stdout may write part and raise nothing."""
    from ..conftest import small_disk

    src = tmp_path / "src.txt"
    src.write_text("统-起来，问霄于民。\n" * 40_000, encoding="utf-8")  # 1.2 MB, more than the disk
    with small_disk(tmp_path) as (disk, limit):
        with open(disk / "x.txt", "wb") as target:
            run = subprocess.run(
                [sys.executable, "-m", "zhclean", *(a.format(f=src) for a in args)],
                stdout=target,
                stderr=subprocess.PIPE,
                timeout=120,
                preexec_fn=limit,
                env={
                    **os.environ,
                    "PYTHONUNBUFFERED": "1",
                    **({"ZHCLEAN_STREAM_BYTES": "1000"} if streamed else {}),
                },
            )
    err = run.stderr.decode()
    assert run.returncode == 2, err
    assert (
        [line for line in err.splitlines() if line.startswith("error")]
        == [line for line in err.splitlines() if line.startswith("error: cannot write the output (stdout): ")]
        != []
    )
    assert "Traceback" not in err


def test_a_closed_pipe_stays_quiet(tmp_path: Path) -> None:
    """``zhclean big.txt | head``: the reader goes away; no traceback, nothing on stderr."""
    src = tmp_path / "big.txt"
    src.write_text("统-起来，问霄于民。\n" * 20_000, encoding="utf-8")  # 600 KB: more than a pipe holds
    proc = subprocess.Popen(
        [sys.executable, "-m", "zhclean", str(src)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "error" not in err, err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'[tool.zhclean]\nx = "\xff"\n', "pyproject.toml: not UTF-8 (byte 0xff at offset 20)"),
        (b"\xef\xbb\xbf[tool.zhclean]\nignore = []\n", "pyproject.toml: starts with a byte-order mark"),
        (b'[tool.zhclean]\nscript = "x"\n', "pyproject.toml: [tool.zhclean] script: must be one of"),
        (b"[tool.zhclean]\nx = " + b"[" * 5000 + b"]" * 5000 + b"\n", "pyproject.toml: nested too deeply"),
    ],
)
def test_a_bad_configuration_is_one_line_naming_the_file(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    """Issue 25, 5: no traceback on a configuration file, whatever is in it."""
    (tmp_path / "pyproject.toml").write_bytes(content)
    (tmp_path / "t.txt").write_text("统-起来\n", encoding="utf-8")
    run = zhclean("--check", "t.txt", cwd=tmp_path)
    assert run.returncode == 2
    lines = run.stderr.decode().splitlines()
    assert len(lines) == 1 and expected in lines[0], lines


@pytest.mark.parametrize(
    "content", [b'[tool.black]\nx = "\xff"\n', b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n"]
)
def test_another_tools_unreadable_pyproject_is_a_warning(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "pyproject.toml").write_bytes(content)
    (tmp_path / "t.txt").write_text("统-起来\n", encoding="utf-8")
    run = zhclean("--check", "t.txt", cwd=tmp_path)
    assert run.returncode == 1  # the run goes on, and finds the hyphen
    assert run.stderr.decode().startswith("warning: pyproject.toml: ")
    assert "no [tool.zhclean] section" in run.stderr.decode()


def _edit_keeping_size_and_mtime(path: Path) -> None:
    """``dd conv=notrunc`` of a few bytes, then ``touch -d`` of the old mtime (as ``cp -p`` does)."""
    st = path.stat()
    with open(path, "r+b") as fh:
        fh.write("用户".encode())  # six bytes over the first two characters
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns


@pytest.mark.parametrize("kind", ["whole", "streamed", "jsonl"])
def test_an_edit_that_keeps_size_and_mtime_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """Issue 25, 2: the stamp includes ctime, which nothing but the kernel sets."""
    from click.testing import CliRunner

    from zhclean.cli.main import cli
    from zhclean.engine import chunks, pipeline

    path = tmp_path / ("doc.jsonl" if kind == "jsonl" else "doc.txt")
    if kind == "jsonl":
        path.write_text(json.dumps({"text": "把思想统-起来"}, ensure_ascii=False) + "\n", encoding="utf-8")
        args = ["--jsonl", "-w", str(path)]
    else:
        path.write_text(("把思想统-起来,坚定信心。\n\n" * 200), encoding="utf-8")
        args = ["-w", "--jobs", "1", str(path)]
    if kind == "streamed":
        monkeypatch.setattr(chunks, "STREAM_BYTES", 1000)
        monkeypatch.setattr(chunks, "CHUNK_CHARS", 400)
    real_run = pipeline.Pipeline.run
    edited: list[bytes] = []

    def run_and_meanwhile_edit(self, text):  # type: ignore[no-untyped-def]
        result = real_run(self, text)
        if not edited:
            _edit_keeping_size_and_mtime(path)
            edited.append(path.read_bytes())
        return result

    monkeypatch.setattr(pipeline.Pipeline, "run", run_and_meanwhile_edit)
    result = CliRunner().invoke(cli, args)
    assert edited, "the pipeline never ran"
    assert result.exit_code == 2, result.output
    assert "changed while it was being cleaned" in result.stderr
    assert path.read_bytes() == edited[0]
    assert list(tmp_path.glob(".*zhclean-tmp")) == []


@pytest.mark.parametrize(
    "kind, args",
    [
        ("text", ["-w", "a.txt"]),
        ("text", ["a.txt", "-o", "out.txt"]),
        ("streamed", ["-w", "--jobs", "1", "a.txt"]),
        ("jsonl", ["--jsonl", "-w", "a.jsonl"]),
        ("jsonl", ["--jsonl", "a.jsonl", "-o", "out.jsonl"]),
        ("jsonl", ["--jsonl", "a.jsonl", "-o", "out/"]),
    ],
)
def test_a_full_disk_leaves_no_temporary_file_and_the_input_whole(
    tmp_path: Path, kind: str, args: list[str]
) -> None:
    """Issue 25, 6: a write that runs out of room, through a real process on a small disk."""
    from ..conftest import small_disk

    with small_disk(tmp_path) as (disk, limit):
        if kind == "jsonl":
            line = json.dumps({"text": DIRTY * 8}, ensure_ascii=False) + "\n"
            data = (line * (300_000 // len(line.encode()))).encode()
            source = disk / "a.jsonl"
        else:
            data = ((DIRTY * 8 + "\n\n") * 1200).encode()[:300_000].rsplit(b"\n", 1)[0] + b"\n"
            source = disk / "a.txt"
        source.write_bytes(data)
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
        if kind == "streamed":
            env["ZHCLEAN_STREAM_BYTES"] = "50000"
        done = subprocess.run(
            [sys.executable, "-m", "zhclean", "-q", *args],
            cwd=disk,
            capture_output=True,
            timeout=300,
            env=env,
            preexec_fn=limit,
        )
        assert done.returncode == 2, done.stderr
        lines = done.stderr.decode().splitlines()
        assert len(lines) == 1 and "cannot write" in lines[0] and "Traceback" not in lines[0], lines
        assert source.read_bytes() == data
        left = [p.name for p in disk.rglob("*") if "zhclean-tmp" in p.name]
        assert left == []
        assert not (disk / "out.txt").exists() and not (disk / "out.jsonl").exists()
