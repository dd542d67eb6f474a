"""The adjacent pairs of a text: which fit (are common bigrams), and how often each is written.

fix-lookalike-chars judges a character only where neither of its pairs fits, and weighs what
the document itself writes; finding those positions must not cost a Python step per character.
Two ways give the same answer (``tests/core/test_pairs.py`` checks that they do):

- a short text (a pre-commit file) is scanned with ``map``, ``bytes`` and a bytes regex, all of
  which run in C;
- a long one (``VECTOR_MIN`` characters or more: a large file's chunk, a corpus) with NumPy: its
  code points as an array, each pair looked up in a bitmap of the bigram table's pairs and,
  as one 42-bit integer, counted with ``numpy.unique``. NumPy is imported only then, so
  start-up stays quick.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from itertools import compress
from typing import Any, Protocol

VECTOR_MIN = 100_000  # characters from which NumPy pays for its import
SHIFT = 21  # bits of a code point
UNFIT_RE = re.compile(b"(?=\x00\x00)")  # a position whose left and right pairs do not fit
INVERT = bytes([1, 0]) + bytes(254)  # bytes.translate table: 0 <-> 1


class Suspect(Protocol):
    """Whether a character may be judged (called on the few characters that fit neither
    neighbour, so a short text asks about few), and ``universe()``: every character for which
    the answer may be yes (the long-text path asks about all of them once)."""

    def __call__(self, char: str, /) -> bool: ...

    def universe(self) -> Iterable[str]: ...


class Scan:
    """What the scan found: ``positions`` (in order) where a suspect character fits neither
    neighbour, ``fitting`` (how many pairs fit), ``written`` (``written[pair]``: how often the
    document writes the pair; ``pair in written``) and ``unfit`` (the same for a pair that does
    not fit; 0 for one that fits)."""

    __slots__ = ("fitting", "positions", "unfit", "written")

    def __init__(self, positions: list[int], fitting: int, written: Any, unfit: Any) -> None:
        self.positions = positions
        self.fitting = fitting
        self.written = written
        self.unfit = unfit


def scan(text: str, table: dict[str, int], suspect: Suspect) -> Scan:
    """Scan ``text`` for the characters ``suspect`` accepts that fit neither neighbour."""
    if not text:
        return Scan([], 0, Counter(), Counter())
    if len(text) >= VECTOR_MIN:
        return _scan_vector(text, table, suspect)
    return _scan_c(text, table, suspect)


def _scan_c(text: str, table: dict[str, int], suspect: Suspect) -> Scan:
    # One flag per pair. (The pairs are made three times rather than kept in a list: that list
    # would take far more memory than the text.)
    fitting = bytes(map(table.__contains__, map(str.__add__, text, text[1:])))
    written = Counter(map(str.__add__, text, text[1:]))
    unfit = Counter(compress(map(str.__add__, text, text[1:]), fitting.translate(INVERT)))
    flags = b"\x00" + fitting + b"\x00"  # a run's first character has only its right pair
    positions = [p for p in map(_start, UNFIT_RE.finditer(flags)) if suspect(text[p])]
    return Scan(positions, fitting.count(1), written, unfit)


def _start(match: re.Match[bytes]) -> int:
    return match.start()


class _Counts:
    """Pair counts keyed by the pairs' integers, looked up by the pairs themselves."""

    __slots__ = ("counts", "fits")

    def __init__(self, counts: dict[int, int], fits: dict[str, int] | None = None) -> None:
        self.counts = counts
        self.fits = fits

    def __contains__(self, pair: str) -> bool:
        return len(pair) == 2 and (ord(pair[0]) << SHIFT | ord(pair[1])) in self.counts

    def __getitem__(self, pair: str) -> int:
        if len(pair) != 2 or (self.fits is not None and pair in self.fits):
            return 0
        return self.counts.get(ord(pair[0]) << SHIFT | ord(pair[1]), 0)


def _scan_vector(text: str, table: dict[str, int], suspect: Suspect) -> Scan:
    import numpy as np

    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    keys = points[:-1].astype(np.int64) << SHIFT | points[1:]
    fit = _fit(points, table)
    unfit_left = np.concatenate(([True], ~fit))
    unfit_right = np.concatenate((~fit, [True]))
    judge = _suspect_mask(suspect)
    mask = unfit_left & unfit_right & (points < len(judge))
    mask[mask] = judge[points[mask]]
    positions = np.flatnonzero(mask).tolist()
    unique, counts = np.unique(keys, return_counts=True)
    pair_counts = dict(zip(unique.tolist(), counts.tolist(), strict=True))
    return Scan(positions, int(fit.sum()), _Counts(pair_counts), _Counts(pair_counts, table))


def _fit(points: Any, table: dict[str, int]) -> Any:
    """Whether each pair of ``points`` is in ``table``: one bit per pair of the table's
    characters (a few thousand, so a few megabytes), looked up in one step for all pairs."""
    import numpy as np

    index, size, bits = _table_bits(table)
    ids = index[np.minimum(points, len(index) - 1)]
    left, right = ids[:-1], ids[1:]
    both = (left >= 0) & (right >= 0)
    pair = np.where(both, left * size + right, 0)
    return both & ((bits[pair >> 3] >> (pair & 7)) & 1).astype(bool)


_BITS: dict[int, Any] = {}


def _table_bits(table: dict[str, int]) -> Any:
    """For a table of pairs (it lives as long as the process): a dense number for each of its
    characters (-1 for others; the last slot stands for every code point beyond), and a bitmap
    of its pairs by those numbers."""
    found = _BITS.get(id(table))
    if found is None:
        import numpy as np

        chars = sorted({c for pair in table if len(pair) == 2 for c in pair})
        index = np.full(max(map(ord, chars), default=0) + 2, -1, dtype=np.int32)
        index[[ord(c) for c in chars]] = np.arange(len(chars))
        size = len(chars)
        if size * size >= 2**31:
            raise ValueError(f"{size} characters: their pair numbers do not fit in 32 bits")
        flags = np.zeros(size * size, dtype=bool)
        flags[[index[ord(p[0])] * size + index[ord(p[1])] for p in table if len(p) == 2]] = True
        found = _BITS[id(table)] = (index, size, np.packbits(flags, bitorder="little"))
    return found


@cache
def _suspect_mask(suspect: Suspect) -> Any:
    """One flag per code point, up to the highest suspect: whether ``suspect`` accepts it. Only
    the characters of ``suspect.universe()`` are asked: a suspect must be one of them."""
    import numpy as np

    points = [ord(c) for c in suspect.universe() if suspect(c)]
    mask = np.zeros(max(points, default=0) + 1, dtype=bool)
    mask[points] = True
    return mask
