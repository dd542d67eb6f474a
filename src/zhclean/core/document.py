"""The document model every reader produces: pages of blocks of lines of words, with geometry
and confidences where the input has them (an OCR engine's hOCR, ALTO, TSV or result list) and
none where it has not (plain text).

Coordinates are pixels of the page image, origin top left, y down; a box is (x0, y0, x1, y1).
A confidence is a probability, 0 to 1 (Tesseract's 0-100 ``x_wconf`` is divided by 100).
"""

from __future__ import annotations

from dataclasses import dataclass, field

Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    box: Box | None = None
    confidence: float | None = None


@dataclass(slots=True)
class Line:
    words: list[Word]
    box: Box | None = None
    baseline_slope: float | None = None  # hOCR's baseline: dy/dx of the line

    @property
    def confidence(self) -> float | None:
        """The lowest confidence of its words (a line is as doubtful as its worst word)."""
        known = [w.confidence for w in self.words if w.confidence is not None]
        return min(known) if known else None


@dataclass(slots=True)
class Block:
    lines: list[Line] = field(default_factory=list)
    box: Box | None = None


@dataclass(slots=True)
class Page:
    blocks: list[Block] = field(default_factory=list)
    width: float | None = None
    height: float | None = None

    @property
    def lines(self) -> list[Line]:
        return [line for block in self.blocks for line in block.lines]


@dataclass(slots=True)
class Document:
    """What an engine read: its pages in order, and the format it came in."""

    pages: list[Page]
    source: str  # "hocr", "alto", "tsv", "rapidocr", "pdf", "text"
    # Whether a word's box has the word's own height: a PDF's text layer gives each word its
    # line's (the font size), so there only widths tell a speck from a character.
    word_heights: bool = True
