"""The library API: typed options, clear errors, one name per setting."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

import zhclean
from zhclean import Config, clean, clean_and_explain
from zhclean.files.configfile import KEYS


@pytest.mark.parametrize("bad", [None, b"\xe7\xbb\x9f-\xe8\xb5\xb7", 3])
def test_text_that_is_not_str_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match=f"takes the text as a str, not {type(bad).__name__}"):
        clean(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="clean_and_explain"):
        clean_and_explain(bad)  # type: ignore[arg-type]


def test_bytes_get_a_hint() -> None:
    with pytest.raises(TypeError, match="decode it first"):
        clean(b"abc")  # type: ignore[arg-type]


def test_options_are_spelled_out_and_typed() -> None:
    for function in (clean, clean_and_explain):
        params = inspect.signature(function).parameters
        options = [p for p in params.values() if p.kind is inspect.Parameter.KEYWORD_ONLY]
        assert {p.name for p in options} == {f.name for f in dataclasses.fields(Config)} | {"config"}
        assert all(p.annotation != "Any" for p in options)


def test_config_fields_are_the_configuration_keys() -> None:
    fields = {f.name for f in dataclasses.fields(Config)} - {"markdown"}  # markdown: by file suffix
    keys = {k.replace("-", "_") for k in KEYS}
    assert fields <= keys, fields - keys


def test_options_and_config_agree() -> None:
    text = "温家室总理作报告，统-起来"
    by_options = clean(text, extend_corrections={"温家室": "温家宝"}, ignore="fix-hyphen-for-yi")
    config = Config(extend_corrections=(("温家室", "温家宝"),), ignore=("fix-hyphen-for-yi",))
    assert by_options == clean(text, config=config) == "温家宝总理作报告，统-起来"
    with pytest.raises(TypeError, match="either config or the options"):
        clean(text, config=config, unsafe_fixes=True)


def test_every_public_name_has_a_docstring() -> None:
    for name in zhclean.__all__:
        assert inspect.getdoc(getattr(zhclean, name)), name


def test_config_takes_the_forms_clean_takes() -> None:
    from zhclean.core.config import Config

    config = Config(ignore="normalize-spacing, fix-lookalike-chars", mark_gaps=True, headers="页眉")
    assert config.ignore == ("normalize-spacing", "fix-lookalike-chars")
    assert config.mark_gaps == "\u3014\u2026\u3015"
    assert config.headers == ("页眉",)
    assert Config(mark_gaps=False).mark_gaps is None


def test_mark_gaps_true_inserts_the_default_marker() -> None:
    assert zhclean.clean("同人民群众近平同志强调。", mark_gaps=True) == "同人民群众〔…〕近平同志强调。"
