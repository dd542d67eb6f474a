"""The core layer: edits and positions, character classes, configuration, errors, and the
shipped data (lexicons, tables, language models), loaded lazily.
"""
