"""Tests of zhclean.files: discovery, encodings, atomic writes."""
