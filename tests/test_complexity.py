"""No filter's cost grows faster than its input (no catastrophic backtracking, no quadratic loop).

Each filter gets adversarial input at 1x and 10x size; the 10x run may take at most 30 times as
long as the 1x run (a generous ratio, not an absolute time: linear cost gives 10, quadratic 100).
"""

from __future__ import annotations

import time

import pytest

from zhclean import Config, Pipeline, clean
from zhclean.filters import REGISTRY

PATTERNS = {
    "spaces": "中 " * 50 + "文",
    # A long sentence line with many spaces between Han runs (found by scripts/fuzz.py: the
    # spacing rule searched from the line's start for every space).
    "sentence_spaces": "中文 “国家” 发展，" * 10 + "。",
    "dashes": "统-" * 20 + "-" * 30,
    "quotes": '"中' * 30 + "“" * 20,
    "brackets": "(中" * 30 + "（" * 20,
    "markers": "#" * 40 + "＃paid" * 5,
    "digits": "1" * 50 + "年",
    "yi": "一" * 40 + "一 一",
    "lines": "中文\n" * 20 + "\n" * 20,
    "dots": "." * 50 + "…" * 10,
    "lookalikes": "问霄于民，问需于民，忠诚扞卫，银行货款，",
    "wrapped": ("国家鼓励已经建成的工业集聚区开展以节水为重点内容的绿色高质量转型\n" * 3) + "— 3 —\n",
}
UNIT = 40  # repetitions at 1x


def _cost(pipe: Pipeline, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        pipe.run(text)
        best = min(best, time.perf_counter() - t0)
    return max(best, 1e-3)


@pytest.mark.parametrize("flt", [f.id for f in REGISTRY])
def test_cost_grows_linearly(flt: str) -> None:
    pipe = Pipeline(Config(select=(flt,), mark_gaps="〔…〕"))
    for name, pattern in PATTERNS.items():
        small, large = pattern * UNIT, pattern * (UNIT * 10)
        pipe.run(small)  # load data
        ratio = _cost(pipe, large) / _cost(pipe, small)
        assert ratio < 30, f"{flt} on {name}: 10x input took {ratio:.0f}x as long"


def test_lone_surrogates_do_not_break_anything() -> None:
    text = "统-起来\udcff開放我們的发展，问霄于民\ud800。"
    assert clean(clean(text)) == clean(text)
