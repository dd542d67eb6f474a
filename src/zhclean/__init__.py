"""zhclean: repair OCR and extraction faults in Chinese text, explaining every edit.

>>> import zhclean
>>> zhclean.clean("我们要统-起来,坚定信心")
'我们要统一起来，坚定信心'
"""

from __future__ import annotations

from typing import Any

from .core.config import Config
from .core.edits import Change, Edit, Finding, Kind, Result, Safety
from .core.errors import ConfigError, InputError, OutputError, ZhcleanError
from .engine.pipeline import Pipeline

__version__ = "0.1.0"

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


def _pipeline(options: dict[str, Any]) -> Pipeline:
    from .engine.pipeline import shared_pipeline

    return shared_pipeline(Config.from_options(**options))


def clean_and_explain(text: str, **options: Any) -> Result:
    """Clean ``text`` and return the result with every edit, suggestion and finding.

    Options are the fields of :class:`Config` (``select``, ``ignore``, ``unsafe_fixes``).
    """
    return _pipeline(options).run(text)


def clean(text: str, **options: Any) -> str:
    """Clean ``text`` and return the cleaned text.

    A text longer than ``chunks.STREAM_CHARS`` characters is cleaned in paragraph-aligned
    chunks, as the command line cleans a file that large, so that memory stays bounded (and the
    two agree).
    """
    from .engine import chunks

    pipeline = _pipeline(options)
    if len(text) <= chunks.STREAM_CHARS:
        return pipeline.run(text).text
    return "".join(chunks.cleaned_in_chunks(text, lambda chunk: pipeline.run(chunk).text))
