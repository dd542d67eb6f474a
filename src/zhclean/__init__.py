"""zhclean: repair OCR and extraction faults in Chinese text, explaining every edit.

>>> import zhclean
>>> zhclean.clean("我们要统-起来,坚定信心")
'我们要统一起来，坚定信心'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .core.config import Config
from .core.edits import Change, Edit, Finding, Kind, Result, Safety
from .core.errors import ConfigError, InputError, OutputError, ZhcleanError
from .engine.pipeline import Pipeline

__version__ = "0.2.0"

__all__ = [
    "Change",
    "Config",
    "ConfigError",
    "Edit",
    "Finding",
    "InputError",
    "Kind",
    "OutputError",
    "Pipeline",
    "Result",
    "Safety",
    "ZhcleanError",
    "clean",
    "clean_and_explain",
]


def _pipeline(text: object, config: Config | None, options: dict[str, Any], caller: str) -> Pipeline:
    from .engine.pipeline import shared_pipeline

    if not isinstance(text, str):
        hint = (
            ": decode it first (bytes.decode, or zhclean.files.documents.decode)"
            if isinstance(text, (bytes, bytearray))
            else ""
        )
        raise TypeError(f"{caller}() takes the text as a str, not {type(text).__name__}{hint}")
    if config is not None:
        if any(v is not None for v in options.values()):
            raise TypeError(f"{caller}(): give either config or the options, not both")
        return shared_pipeline(config)
    return shared_pipeline(Config.from_options(**{k: v for k, v in options.items() if v is not None}))


def clean_and_explain(
    text: str,
    *,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    unsafe_fixes: bool | None = None,
    headers: Iterable[str] | str | None = None,
    mark_gaps: str | None = None,
    extend_allow: Iterable[str] | None = None,
    extend_corrections: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    script: str | None = None,
    markdown: bool | None = None,
    config: Config | None = None,
) -> Result:
    """Clean ``text`` and return the :class:`Result`: the text, and every edit, suggestion and
    finding, positioned in ``text``.

    The options are the fields of :class:`Config` (the keys of ``[tool.zhclean]`` with ``_``
    for ``-``): ``select`` and ``ignore`` filter ids (a list, or one comma-separated string),
    ``unsafe_fixes`` to apply the suggestions too, ``headers`` running headers to remove,
    ``mark_gaps`` a marker to insert where text was lost, ``extend_allow`` words never to
    change, ``extend_corrections`` a project's ``wrong -> right`` pairs, ``script`` (``s``,
    ``t``, ``tw``, ``hk``) to convert whole documents, ``markdown`` for Markdown text. Or pass
    a ready ``config``. An unknown filter id raises :class:`ConfigError`; text that is not a
    ``str`` raises :class:`TypeError`.

    >>> [c.filter for c in clean_and_explain("统-起来", select="fix-hyphen-for-yi").edits]
    ['fix-hyphen-for-yi']
    """
    options = {k: v for k, v in locals().items() if k not in ("text", "config")}
    return _pipeline(text, config, options, "clean_and_explain").run(text)


def clean(
    text: str,
    *,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    unsafe_fixes: bool | None = None,
    headers: Iterable[str] | str | None = None,
    mark_gaps: str | None = None,
    extend_allow: Iterable[str] | None = None,
    extend_corrections: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    script: str | None = None,
    markdown: bool | None = None,
    config: Config | None = None,
) -> str:
    """Clean ``text`` and return the cleaned text (the options are those of
    :func:`clean_and_explain`).

    A text longer than ``zhclean.engine.chunks.stream_chars()`` characters is cleaned in
    paragraph-aligned chunks, as the command line cleans a file that large, so that memory stays
    bounded (and the two agree).

    >>> clean("温家室总理", extend_corrections={"温家室": "温家宝"})
    '温家宝总理'
    """
    options = {k: v for k, v in locals().items() if k not in ("text", "config")}
    from .engine import chunks

    pipeline = _pipeline(text, config, options, "clean")
    if not chunks.is_chunked(len(text)):
        return pipeline.run(text).text
    return "".join(chunks.cleaned_in_chunks(text, lambda chunk: pipeline.run(chunk).text))
