"""Shipped word evidence, loaded on first use and shared by the filters that need it."""

from __future__ import annotations

from functools import cache

from .resources import read_tsv


@cache
def yi_trigrams() -> frozenset[str]:
    """Trigrams ``X一Y`` attested in official documents or jieba's dictionary."""
    return frozenset(row[0] for row in read_tsv("yi_trigrams.tsv"))


@cache
def yi_right() -> frozenset[str]:
    """Characters that follow 一 far more often than chance (measure words and fixed partners)."""
    return frozenset(row[0] for row in read_tsv("yi_right.tsv"))
