"""Tests of zhclean.core: edits, data tables, language models."""
