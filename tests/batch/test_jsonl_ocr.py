"""--jsonl with an engine's result in the field: RapidOCR's list, or hOCR in a string, cleaned
with its geometry; the field becomes the text."""

from __future__ import annotations

import json
from pathlib import Path

from ..conftest import zhclean
from ..files.test_ocr import HOCR


def _box(x0: float, y0: float, x1: float, y1: float) -> list[list[float]]:
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]


RESULT = [
    [_box(100, 100, 1380, 140), "要因地制宜发展高原特色优势产业，特别是特色农牧业和", 0.95],
    [_box(100, 150, 700, 190), "清洁能源产业。", 0.93],
]


def test_an_engines_result_in_the_field_becomes_its_cleaned_text(tmp_path: Path) -> None:
    records = [
        {"id": 1, "ocr": RESULT},
        {"id": 2, "ocr": HOCR},
        {"id": 3, "ocr": "统-起来"},
        {"id": 4, "ocr": [1, 2]},  # a list that is no engine's result: passes through
    ]
    path = tmp_path / "pages.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    done = zhclean("--jsonl", "--field", "ocr", str(path))
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert out[0] == {"id": 1, "ocr": "要因地制宜发展高原特色优势产业，特别是特色农牧业和清洁能源产业。\n"}
    page = tmp_path / "page.hocr"
    page.write_text(HOCR, encoding="utf-8")
    assert out[1]["ocr"] == zhclean("-q", str(page)).stdout.decode()  # as the file would be
    assert "<span" not in out[1]["ocr"]
    assert out[2] == {"id": 3, "ocr": "统一起来"}
    assert out[3] == {"id": 4, "ocr": [1, 2]}
    assert b"1 record(s) without a string 'ocr' passed through" in done.stderr


def test_a_malformed_result_in_the_field_is_one_line_naming_the_record(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    bad = [[_box(1, 1, 2, 2), "x"]]  # no score
    path.write_text(json.dumps({"ocr": RESULT}) + "\n" + json.dumps({"ocr": bad}) + "\n")
    done = zhclean("--jsonl", "--field", "ocr", "-w", str(path))
    errors = [line for line in done.stderr.decode().splitlines() if line.startswith("error")]
    assert done.returncode == 2
    why = "not enough values to unpack (expected 3, got 2)"
    assert errors == [f"error: {path}:2: field 'ocr': not valid RapidOCR JSON ({why})"]
    assert json.loads(path.read_text().splitlines()[0])["ocr"] == RESULT  # nothing written
