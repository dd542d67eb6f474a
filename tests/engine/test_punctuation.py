"""normalize-punctuation: what is certain is applied, what is a guess is suggested."""

from __future__ import annotations

from zhclean import Safety, clean, clean_and_explain


def test_a_dot_between_han_is_a_misread_mark_suggested_as_a_comma() -> None:
    text = "加上上年结转收入三十一亿元.全年收入总数三百零三亿元。\n"
    result = clean_and_explain(text, select=["normalize-punctuation"])
    assert result.text == text  # which mark it stands for, print does not say
    assert [(s.before, s.after, s.safety) for s in result.suggestions] == [(".", "\uff0c", Safety.UNSAFE)]
    assert clean(text, select=["normalize-punctuation"], unsafe_fixes=True) == text.replace(".", "\uff0c")


def test_a_dot_that_ends_a_line_is_a_full_stop() -> None:
    assert (
        clean("全年收入总数三百零三亿元.\n", select=["normalize-punctuation"])
        == "全年收入总数三百零三亿元。\n"
    )


def test_in_a_line_typed_with_ascii_marks_a_dot_between_han_is_its_full_stop() -> None:
    text = "收入增长了三成,支出增长了两成.全年收支平衡。\n"
    expected = "收入增长了三成，支出增长了两成。全年收支平衡。\n"
    assert clean(text, select=["normalize-punctuation"]) == expected
