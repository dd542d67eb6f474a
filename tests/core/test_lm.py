"""The character model: a proper distribution, reproducible from its sources, and useful."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from zhclean.core.lm import char_model, load, save, train

LINES = ["我们要推动高质量发展。", "推动高质量发展是首要任务。", "我们要坚定信心。"] * 3


@pytest.mark.parametrize("history", ["推动", "我们", "未见", "。我"])
def test_every_history_gives_a_distribution(history: str) -> None:
    model = train(LINES)
    total = sum(10 ** model.logprobs(history + ch)[2] for ch in model.chars[1:])
    assert total == pytest.approx(1.0, abs=2e-3)  # (16-bit values)


def test_seen_text_is_likelier_than_a_misreading() -> None:
    model = train(LINES)
    assert model.logprob("推动高质量发展", start=True) > model.logprob("推动高盾量发展", start=True)


def test_save_and_load_give_the_same_model(tmp_path: Path) -> None:
    model = train(LINES)
    save(model, str(tmp_path / "m.npz"), "test")
    again = load(tmp_path / "m.npz")
    assert again.chars == model.chars
    for name in ("unigram", "bigram_keys", "bigram_term", "trigram_keys", "history_gamma"):
        assert np.array_equal(getattr(again, name), getattr(model, name))


def test_the_build_script_is_reproducible_and_leaves_out_benchmark_text(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    (shared / "data" / "corpus" / "laws").mkdir(parents=True)
    (shared / "data" / "corpus" / "xinwen_lianbo").mkdir(parents=True)
    (shared / "bench").mkdir()
    (shared / "data" / "corpus" / "laws" / "a.txt").write_text(
        "第一条 为了规范管理，制定本条例。\n第二条 本条例自公布之日起施行。\n", encoding="utf-8"
    )
    (shared / "data" / "corpus" / "xinwen_lianbo" / "n.txt").write_text(
        "新闻联播的文字。\n", encoding="utf-8"
    )
    truth = {"truth": "本条例自公布之日起施行。"}
    (shared / "bench" / "b.jsonl").write_text(json.dumps(truth, ensure_ascii=False) + "\n", encoding="utf-8")
    script = Path(__file__).resolve().parent.parent.parent / "scripts" / "build_charlm.py"
    outs = []
    for name in ("one.npz", "two.npz"):
        done = subprocess.run(
            [sys.executable, str(script), "--shared", str(shared), "--out", str(tmp_path / name)],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        assert "1 lines left out as benchmark text" in done.stdout
        outs.append(load(tmp_path / name))
    assert outs[0].chars == outs[1].chars and np.array_equal(outs[0].trigram_keys, outs[1].trigram_keys)
    assert "新" not in outs[0].chars and "施" not in outs[0].chars  # no news, no benchmark line


def test_the_shipped_model_tells_misreadings_from_text() -> None:
    lm = char_model()
    for right, wrong in (
        ("坚决捍卫党中央", "坚决扞卫党中央"),
        ("推动高质量发展", "推动高盾量发展"),
        ("银行贷款", "银行货款"),
    ):
        assert lm.logprob(right, start=True) > lm.logprob(wrong, start=True) + 3


def test_substitution_gains_are_the_one_at_a_time_gains() -> None:
    lm = char_model()
    text = "我们要更加自觉忠诚扞卫两个确立。推动高质量发展"
    places = [(p, c) for p in (0, 1, 9, len(text) - 1) for c in "捍国的"]
    together = lm.substitution_gains(text, places)
    one_at_a_time = [lm.substitution_gain(text, p, c, 5) for p, c in places]
    assert list(together) == pytest.approx(one_at_a_time)
    assert len(lm.substitution_gains(text, [])) == 0


def _system_word_model():  # type: ignore[no-untyped-def]
    """The system word model; CI installs it and sets ZHCLEAN_REQUIRE_WORD_MODEL=1, so that
    there these tests run rather than skip."""
    import os

    from zhclean.core.lm import word_model

    found = word_model()
    if found is None:
        if os.environ.get("ZHCLEAN_REQUIRE_WORD_MODEL"):
            pytest.fail("the system word model is required here but not found")
        pytest.skip("no system word model (libime-data-language-model and zhclean[lm])")
    return found


def test_the_word_model_is_optional(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from zhclean.core.lm import word_model

    try:
        monkeypatch.setenv("ZHCLEAN_WORD_MODEL", "none")
        word_model.cache_clear()
        assert word_model() is None
        monkeypatch.setenv("ZHCLEAN_WORD_MODEL", str(tmp_path / "missing.lm"))
        word_model.cache_clear()
        assert word_model() is None
    finally:
        word_model.cache_clear()


def test_the_word_model_prefers_the_right_word() -> None:
    words = _system_word_model()
    assert words.segment("我们要推动高质量发展") == ["我们", "要", "推动", "高", "质量", "发展"]
    assert words.substitution_gain("我们要推动高盾量发展", 6, "质") > 3
    assert words.substitution_gain("坚决扞卫国家安全", 2, "捍") > 3
    assert words.substitution_gain("坚决捍卫国家安全", 2, "扞") < -3
