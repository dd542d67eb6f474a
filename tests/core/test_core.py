"""The engine: positions in the original text, the API, and the layering."""

from __future__ import annotations

import subprocess
import sys

import pytest

import zhclean
from zhclean import Config, ConfigError, Pipeline, clean, clean_and_explain
from zhclean.core.edits import Edit, LineIndex, OffsetMap


def test_positions_refer_to_the_original_text() -> None:
    # The marker removal shifts everything after it; later edits must still point at the original.
    text = "甲\n##paidbegin##\n统-起来,好\n"
    result = clean_and_explain(text)
    assert result.text == "甲\n统一起来，好\n"
    by_filter = {c.filter: c for c in result.edits}
    hyphen = by_filter["fix-hyphen-for-yi"]
    assert (hyphen.line, hyphen.column) == (3, 2)
    assert text[hyphen.start : hyphen.end] == "-"
    comma = by_filter["normalize-punctuation"]
    assert (comma.line, comma.column) == (3, 5)
    assert text[comma.start] == ","


def test_positions_after_an_insertion_of_more_characters() -> None:
    text = "发展--闽东,九县"
    result = clean_and_explain(text)
    assert result.text == text  # no damage shown: the author's marks
    text = "发展--闽东,九县丶宁德"
    result = clean_and_explain(text)
    assert result.text == "发展——闽东，九县、宁德"
    comma = next(c for c in result.edits if c.before == ",")
    assert text[comma.start] == "," and comma.column == 7


def test_offset_map_maps_through_stages() -> None:
    offsets = OffsetMap()
    offsets.push([Edit(1, 3, "", "drop")])  # "abcdef" -> "adef"
    offsets.push([Edit(0, 1, "XYZ", "grow")])  # "adef" -> "XYZdef"
    assert offsets.to_original(3) == 3  # 'd'
    assert offsets.to_original(1) == 0  # inside the replacement -> its start
    # The end of 'a' meets the deleted "bc": an end maps past what was deleted there.
    assert offsets.to_original(2, end=True) == 3
    assert offsets.to_original(6) == 6


def test_line_index() -> None:
    index = LineIndex("ab\ncd\r\nef")
    assert index.position(0) == (1, 1)
    assert index.position(3) == (2, 1)
    assert index.position(7) == (3, 1)


def test_clean_text_is_unchanged_and_has_no_items() -> None:
    text = "我们要坚定不移推动高质量发展，2023年GDP增长5.2%。\n"
    result = clean_and_explain(text)
    assert result.text == text and not result.changed and not result.items()


def test_options_are_validated() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'unsafe_fix'"):
        clean("x", unsafe_fix=True)  # type: ignore[call-arg]
    with pytest.raises(ConfigError, match="did you mean 'unsafe_fixes'"):
        Config.from_options(unsafe_fix=True)
    with pytest.raises(ConfigError, match="unknown filter"):
        clean("x", select=["no-such-filter"])
    assert clean("统-起来", select="fix-hyphen-for-yi") == "统一起来"


def test_pipeline_is_picklable_and_reusable() -> None:
    import pickle

    pipe = Pipeline(Config(select=("normalize-punctuation",)))
    clone = pickle.loads(pickle.dumps(pipe))
    assert [f.id for f in clone.filters] == ["normalize-punctuation"]
    assert clone.run("好,的丶谢").text == "好,的、谢"  # ,的: a gap, reported elsewhere


def test_a_later_round_skips_stages_whose_input_is_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    from zhclean.engine.filters import fix_hyphen_for_yi, remove_paywall_markers

    calls: list[str] = []
    for module in (remove_paywall_markers, fix_hyphen_for_yi):
        propose = module.propose

        def spy(text, ctx, propose=propose, name=module.__name__):  # type: ignore[no-untyped-def]
            calls.append(name.rsplit(".", 1)[1])
            return propose(text, ctx)

        monkeypatch.setattr(module, "propose", spy)
    pipe = Pipeline(Config(select=("remove-paywall-markers", "fix-hyphen-for-yi")))
    assert pipe.run("好##paidbegin##的").text == "好的"
    # Round 1: both run, the paywall filter edits. Round 2: it sees its own output and runs
    # again; fix-hyphen-for-yi would see what it saw in round 1, so it is not run again.
    assert calls == ["remove_paywall_markers", "fix_hyphen_for_yi", "remove_paywall_markers"]
    calls.clear()
    assert pipe.run("统-起来##paidbegin##").text == "统一起来"  # the second one edits too
    assert calls == ["remove_paywall_markers", "fix_hyphen_for_yi"] * 2


def test_filter_order_is_the_registry_order() -> None:
    ids = [f.id for f in Pipeline().filters]
    assert ids == [
        "remove-paywall-markers",
        "normalize-unicode",
        "convert-stray-traditional",
        "convert-stray-simplified",
        "apply-project-corrections",
        "remove-page-furniture",
        "remove-noise-lines",
        "remove-break-duplicates",
        "reflow-wrapped-lines",
        "fix-hyphen-for-yi",
        "fix-lookalike-chars",
        "normalize-punctuation",
        "fix-heading-numbering",
        "normalize-spacing",
        "detect-text-loss",
    ]


def test_core_does_not_import_cli_layers() -> None:
    code = (
        "import sys, zhclean; zhclean.clean('统-起来,好');"
        "bad = [m for m in sys.modules if m in ('click', 'rich')"
        " or m.startswith(('zhclean.cli', 'zhclean.batch', 'zhclean.files'))];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_version() -> None:
    assert zhclean.__version__.count(".") == 2
