"""The engine layer: the pipeline and its filters, and the analyses they share (lines and
layout, pages, protected spans, chunks).
"""
