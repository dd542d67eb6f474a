"""fix-lookalike-chars: the evidence rules, the safety tiers and the data behind them."""

from __future__ import annotations

import pytest

from zhclean import Safety, clean, clean_and_explain
from zhclean.core.lexicon import names_from, word, words_from
from zhclean.engine.filters.fix_lookalike_chars import candidates

FILTER = ["fix-lookalike-chars"]


def _lookalikes(text: str, **options: object) -> list[tuple[str, str, Safety]]:
    result = clean_and_explain(text, **options)
    changes = [*result.edits, *result.suggestions]
    return [(c.before, c.after, c.safety) for c in changes if c.filter == FILTER[0]]


def test_glyph_neighbours_cover_misreadings_shape_tables_miss() -> None:
    # 圃/国 and 凹/四 share no four-corner code; their glyphs are alike.
    assert "国" in candidates("圃")
    assert "四" in candidates("凹")
    assert candidates("圃")["国"] >= 0.8


def test_dictionary_lookups() -> None:
    assert word("国家") is not None and word("国家")[0] > 10_000
    assert word("圃家") is None
    assert word("王先谦") == (word("王先谦")[0], True)  # a name: shows text right, never evidence
    assert "王先谦" in names_from("王")
    assert "国家" in words_from("国")


def test_a_clear_misreading_is_repaired_even_in_clean_text() -> None:
    # The character model and the dictionary agree overwhelmingly: the prior cannot outweigh them.
    assert _lookalikes("我们要推动高盾量发展。") == [("盾", "质", Safety.SAFE)]


def test_a_document_damaged_elsewhere_gets_the_fix() -> None:
    # The same sentence in a text whose other repairs (Kangxi radicals for characters) show OCR
    # damage: a misreading is likelier, and the fix is safe.
    damaged = "我们要推动高盾量发展。\n⼈民群众的获得感不断增强，⽣活⽔平持续提⾼。"
    assert ("盾", "质", Safety.SAFE) in _lookalikes(damaged)
    assert clean(damaged).startswith("我们要推动高质量发展。")


def test_misreadings_in_company_show_damage() -> None:
    # 乎稳 alone in a clean sentence: a misreading is a hundred times rarer there (the prior).
    alone = "推动经济乎稳发展。"
    assert _lookalikes(alone) == [("乎", "平", Safety.UNSAFE)]
    # A second suspect shows the text damaged: the same evidence is now enough.
    company = "推动经济乎稳发展,深化国资国企改草。"
    assert _lookalikes(company) == [("乎", "平", Safety.SAFE), ("草", "革", Safety.SAFE)]
    # One suspect in a long clean text is still alone.
    long = alone + "各级政府要坚持以人民为中心的发展思想，持续增进民生福祉。" * 20
    assert _lookalikes(long) == [("乎", "平", Safety.UNSAFE)]


def test_the_prior_is_what_holds_a_repair_back_in_clean_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import zhclean.engine.filters.fix_lookalike_chars as flt
    from zhclean.engine.pipeline import _SHARED

    monkeypatch.setattr(flt, "CLEAN_ODDS", 1.0)  # as if the document showed damage
    _SHARED.clear()
    try:
        assert _lookalikes("推动经济乎稳发展。") == [("乎", "平", Safety.SAFE)]
    finally:
        _SHARED.clear()


def test_a_pair_a_clean_document_writes_twice_is_meant() -> None:
    text = "中莫两国友好交往源远流长。中莫关系不断发展。"
    assert _lookalikes(text) == []


def test_no_stale_suggestion_for_a_fix_applied_in_a_later_round() -> None:
    text = "三是坚决维护圃家安全。我们要推动高盾量发展。"
    result = clean_and_explain(text, select=FILTER)
    assert result.text == "三是坚决维护国家安全。我们要推动高质量发展。"
    assert result.suggestions == []


@pytest.mark.parametrize(
    ("text", "doubt"),
    [
        ("市长龚正陪同下，先后考察了企业。", "name"),  # a surname starting a token
        ("开展“悦读中国”全民阅读活动。", "quotation"),  # a coinage in quotation marks
        ("中莫两国友好交往源远流长。", None),  # a country abbreviation; suggested at most
    ],
)
def test_names_coinages_and_variants_are_never_fixed(text: str, doubt: str | None) -> None:
    assert clean(text) == text
    for _, _, safety in _lookalikes(text):
        assert safety is Safety.UNSAFE
    reasons = [c.reason for c in clean_and_explain(text).suggestions]
    if doubt and reasons:  # suggested at most, and then with the doubt said
        assert any(doubt in r for r in reasons), reasons


def test_a_phrase_the_official_documents_write_is_not_judged() -> None:
    # 铸魂 and 顽瘴痼疾 are missing from the dictionaries, but the documents write them.
    text = "用党的创新理论凝心铸魂，坚决破除顽瘴痼疾。"
    assert _lookalikes(text) == []


def test_the_document_writing_both_phrases_is_no_evidence() -> None:
    text = "划分核酸阳性诊疗区和核酸阴性诊疗区。"
    assert clean(text) == text
    assert _lookalikes(text) == []


def test_a_traditional_document_is_left_alone() -> None:
    text = "我們要把思想統一起來，堅定信心。國家的發展離不開人民。"
    assert _lookalikes(text) == []


def test_the_text_as_written_wins_where_the_model_prefers_it() -> None:
    assert _lookalikes("控制器负责创建、扩缩和删除容器组。") == []  # 扩缩 (scale); 扩编 a word too
    text = "需要出售的要按照国家规范的办法进行，坚决制止名卖实送、半卖半送和逃废银行债务。"
    assert _lookalikes(text) == []  # 半卖半送 is right


def test_a_dot_the_document_writes_as_a_tick_elsewhere() -> None:
    # 、 read as 。 between words the document writes with 、 twice: a suggestion in clean text ...
    clean_text = "力戒形式主义、官僚主义。要反对形式主义、官僚主义。形式主义。官僚主义是大敌。"
    assert _lookalikes(clean_text) == [("。", "、", Safety.UNSAFE)]
    # ... and a repair where the other repairs show the text damaged.
    damaged = "力戒形式主义、官僚主义,要反对形式主义、官僚主义,形式主义。官僚主义是大敌,我们要统-思想。"
    assert (
        clean(damaged)
        == "力戒形式主义、官僚主义，要反对形式主义、官僚主义，形式主义、官僚主义是大敌，我们要统一思想。"
    )
    # Written so once and 、 once: no evidence either way.
    assert _lookalikes("力戒形式主义、官僚主义。形式主义。官僚主义是大敌。") == []


def test_a_sentence_end_before_a_word_the_document_lists_is_not_a_misread_comma() -> None:
    """。 for 、 needs a list item before it (”形式主义。官僚主义), not a clause."""
    from zhclean import clean_and_explain

    from ..conftest import FIXTURES

    text = (FIXTURES / "fix-lookalike-chars" / "ok_a_sentence_end_before_a_listed_word.in.txt").read_text()
    result = clean_and_explain(text, select=["fix-lookalike-chars"])
    assert not result.suggestions and not result.edits
    item = clean_and_explain("形式主义。官僚主义是大敌。要反对形式主义、官僚主义，形式主义、官僚主义害人。\n")
    assert [c.after for c in item.suggestions] == ["、"]
