"""Tests of zhclean.engine: the pipeline and its filters (golden fixtures, properties, cost)."""
