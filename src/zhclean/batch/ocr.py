"""Structured OCR output (hOCR, ALTO, Tesseract TSV, RapidOCR JSON, searchable PDF): read with its geometry,
cleaned to plain text.

The text goes where a text file's would (stdout, ``-o DIR/<name>.txt``, ``--check``, ``--diff``
against the text the engine's lines give); ``--write`` is refused: it would replace the engine's
output with text.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..core.errors import InputError, ZhcleanError
from .tasks import Mode, Outcome, Settings, Status, Task, _failed, _report_items, count_result, unified_diff


def structured_format(task: Task) -> str | None:
    """The OCR format of a task's file, by its first bytes or its name's claim; None for text."""
    from ..files.ocr import SNIFF_BYTES, claimed, sniff, sniff_file

    if task.data is not None:
        return claimed(task.relative.name) or sniff(task.data[:SNIFF_BYTES])
    if task.path is None:
        return None
    # a PDF named on the command line is read as one even without a text layer (to say so);
    # the folder walk leaves such scans alone
    return sniff_file(task.path) or claimed(task.path.name)


def text_name(relative: Path) -> Path:
    """``d0001t.hocr`` -> ``d0001t.txt``, ``page.alto.xml`` -> ``page.txt``."""
    name = relative.name
    for suffix in (".alto.xml", ".r.json", ".t.hocr", ".t.pdf"):
        if name.lower().endswith(suffix):
            return relative.with_name(name[: -len(suffix)] + ".txt")
    return relative.with_suffix(".txt")


def process_ocr(task: Task, settings: Settings, out: Outcome, fmt: str) -> Outcome:
    from ..engine.geometry import render
    from ..files.documents import read_bytes, write_atomic
    from ..files.ocr import read_ocr
    from .tasks import file_target, task_pipeline

    name = task.name
    if settings.mode is Mode.WRITE:
        return _failed(
            out,
            f"{name}: is {fmt} output of an OCR engine; --write would replace it with text: "
            "print it, or use -o DIR (writes DIR/<name>.txt)",
        )
    try:
        if task.data is not None:
            data = task.data
        else:
            assert task.path is not None
            data, _ = read_bytes(task.path, name)
        doc = read_ocr(data, name, fmt)
    except InputError as exc:
        return _failed(out, str(exc))
    try:
        rendered = render(doc)
        result = task_pipeline(task, settings).run(rendered.text, rendered)
    except Exception as exc:  # a bug in a filter: reported for this file, the batch goes on
        return _failed(out, f"{name}: internal error in zhclean ({type(exc).__name__}: {exc})")
    out.size = len(rendered.text)
    out.status = Status.CHANGED if result.changed else Status.UNCHANGED
    count_result(out, result)
    data_out = result.text.encode("utf-8")
    try:
        if settings.mode is Mode.PRINT:
            out.stdout = data_out
        elif settings.mode is Mode.DIFF and result.changed:
            out.stdout = unified_diff(name, rendered.text, result.text).encode("utf-8")
        elif settings.mode is Mode.OUTPUT:
            target = file_target(replace(task, relative=text_name(task.relative)), settings)
            assert target is not None
            write_atomic(target, data_out)
    except ZhcleanError as exc:
        return _failed(out, str(exc))
    _report_items(settings, name, result, out)
    return out
