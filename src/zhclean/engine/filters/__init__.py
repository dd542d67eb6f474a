"""The filter registry. Its order is the pipeline order.

Adding a filter: its module here, one line in ``_MODULES``, a fixture folder, and the README's
generated filter list (``python scripts/update_readme.py``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...core.edits import Proposal
    from ..context import Context

# Order matters: markers go before anything looks at their neighbours; code points are
# normalised before any rule matches characters; the hyphen rule claims `-` between Han before
# the punctuation rule would turn a lone dash into a Chinese dash; spacing comes last so that it
# sees the final punctuation; text loss is judged on the finished text.
_MODULES = (
    "remove_paywall_markers",
    "normalize_unicode",
    "convert_stray_traditional",
    "convert_stray_simplified",
    "apply_project_corrections",
    "remove_page_furniture",
    "remove_noise_lines",
    "remove_break_duplicates",
    "reflow_wrapped_lines",
    "fix_hyphen_for_yi",
    "fix_lookalike_chars",
    "normalize_punctuation",
    "fix_heading_numbering",
    "normalize_spacing",
    "detect_text_loss",
)


@dataclass(frozen=True)
class Filter:
    """A filter module, loaded on first use."""

    module_name: str

    @cached_property
    def module(self) -> ModuleType:
        return importlib.import_module(f"{__name__}.{self.module_name}")

    @property
    def id(self) -> str:
        return self.module_name.replace("_", "-")

    @property
    def doc(self) -> str:
        return (self.module.__doc__ or "").strip()

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0].rstrip(".") if self.doc else ""

    @property
    def signals_damage(self) -> bool:
        """Whether this filter's repairs show OCR or extraction damage (``SIGNALS_DAMAGE``)."""
        return bool(getattr(self.module, "SIGNALS_DAMAGE", False))

    @property
    def passes(self) -> tuple[Callable[[str, Context], Iterable[Proposal]], ...]:
        """The filter's passes: ``PASSES`` if it has several, else its ``propose``.

        Each pass sees the text as the previous pass left it, so a filter whose rules depend on
        each other (marks before the pairs they form) stays idempotent.
        """
        passes = getattr(self.module, "PASSES", None)
        return tuple(passes) if passes else (self.module.propose,)


REGISTRY: tuple[Filter, ...] = tuple(Filter(m) for m in _MODULES)
BY_ID: dict[str, Filter] = {f.id: f for f in REGISTRY}
