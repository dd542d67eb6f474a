"""Tests of zhclean.batch: batches, streaming, JSON Lines, the HTML report, Dask."""
