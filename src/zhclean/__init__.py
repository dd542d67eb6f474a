"""zhclean: repair OCR and extraction faults in Chinese text, explaining every edit.

>>> import zhclean
>>> zhclean.clean("我们要统-起来,坚定信心")
'我们要统一起来，坚定信心'
"""

from __future__ import annotations

import os
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
    "clean_document",
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


def clean_document(
    source: bytes | str | os.PathLike[str],
    *,
    format: str | None = None,
    config: Config | None = None,
    **options: Any,
) -> Result:
    """Clean an OCR engine's structured output to plain text, with what its geometry shows.

    ``source`` is the file's bytes, or its path (a ``str`` is a path here: text has no
    geometry; use :func:`clean` for it). ``format`` is ``hocr``, ``alto``, ``tsv``,
    ``rapidocr`` or ``pdf`` (a searchable PDF's text layer); without it the first bytes tell.
    The options are those of :func:`clean`. Returns the :class:`Result` of the text the
    engine's lines give (``result.original``) and its cleaning (``result.text``); a file that
    is not what it claims is an :class:`InputError`.

    >>> hocr = (
    ...     "<div class='ocr_page' title='bbox 0 0 900 900'><span class='ocr_line' title='bbox 0 0 900 40'>"
    ...     "<span class='ocrx_word' title='bbox 0 0 300 40; x_wconf 95'>统-起来</span></span></div>"
    ... )
    >>> clean_document(hocr.encode()).text
    '统一起来\\n'
    """
    from pathlib import Path

    from .engine.geometry import render
    from .files.ocr import SNIFF_BYTES, claimed, read_ocr, sniff

    name = "<bytes>"
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        name = os.fspath(source)
        data = Path(name).read_bytes()
    fmt = format or sniff(data[:SNIFF_BYTES]) or claimed(name)
    if fmt is None:
        raise InputError(f"{name}: not hOCR, ALTO, Tesseract TSV, RapidOCR JSON or a PDF")
    rendered = render(read_ocr(data, name, fmt))
    pipeline = _pipeline(rendered.text, config, options, "clean_document")
    return pipeline.run(rendered.text, rendered)
