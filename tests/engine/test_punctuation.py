"""normalize-punctuation: what is certain is applied, what is a guess is suggested."""

from __future__ import annotations

from zhclean import Safety, clean, clean_and_explain

# A misread mark elsewhere (丶 for 、) is the evidence that the document is OCR output.
DAMAGE = "会议强调丶各地区要抓好落实。\n"


def test_a_dot_between_han_is_a_misread_mark_suggested_as_a_comma() -> None:
    text = DAMAGE + "加上上年结转收入三十一亿元.全年收入总数三百零三亿元。\n"
    result = clean_and_explain(text, select=["normalize-punctuation"])
    assert "亿元.全年" in result.text  # which mark it stands for, print does not say
    assert [(s.before, s.after, s.safety) for s in result.suggestions] == [(".", "\uff0c", Safety.UNSAFE)]
    assert "亿元，全年" in clean(text, select=["normalize-punctuation"], unsafe_fixes=True)


def test_a_dot_between_han_in_a_document_without_damage_is_left_unreported() -> None:
    text = "加上上年结转收入三十一亿元.全年收入总数三百零三亿元。\n"
    result = clean_and_explain(text, select=["normalize-punctuation"])
    assert result.text == text and not result.suggestions and not result.edits


def test_a_dot_that_ends_a_line_is_a_full_stop_where_the_document_writes_full_stops() -> None:
    body = "全年财政收入稳定增长。各项支出得到保障。重点领域投入加大。民生持续改善。\n"
    assert (
        clean(body + "全年收入总数三百零三亿元.\n", select=["normalize-punctuation"])
        == body + "全年收入总数三百零三亿元。\n"
    )
    # A document that ends its sentences so throughout: its convention, without damage.
    text = "全年收入总数三百零三亿元.\n支出二百亿元.\n"
    assert clean(text, select=["normalize-punctuation"]) == text
    assert clean(DAMAGE + text, select=["normalize-punctuation"]).endswith("亿元。\n支出二百亿元。\n")


def test_in_a_line_typed_with_ascii_marks_a_dot_between_han_is_its_full_stop() -> None:
    text = "收入增长了三成,支出增长了两成.全年收支平衡。\n"
    expected = "收入增长了三成，支出增长了两成。全年收支平衡。\n"
    assert clean(DAMAGE + text, select=["normalize-punctuation"]) == DAMAGE.replace("丶", "、") + expected
    assert clean(text, select=["normalize-punctuation"]) == text  # the author's ASCII marks


def test_a_stray_half_width_mark_follows_the_document_and_a_consistent_one_stays() -> None:
    stray = "我们要坚持，要发展，要创新，要开放，要共享,这是方向。\n"
    assert clean(stray) == stray.replace(",", "，")
    consistent = "本手冊頁說明 GNU 版本的 tar 程式, 它是一個檔案打包工具, 可以打包。\n"
    assert clean(consistent) == consistent


def test_brackets_around_a_number_keep_their_width() -> None:
    text = "央视网消息（新闻联播）：今天（22日）举行（第一次）会议（全体）。\n\n(更新时间戳: 1766409029413)\n"
    assert clean(text) == text
