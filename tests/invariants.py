"""Checks every fixture and every generated input must pass."""

from __future__ import annotations

from zhclean import Result, clean_and_explain
from zhclean.core.edits import apply_edits


def check_invariants(text: str, result: Result, **options: object) -> None:
    # Stages replay: applying each stage's edits in order reproduces the output.
    replayed = text
    for stage in result.stages:
        ends = [-1]
        for edit in stage.edits:
            assert edit.start >= ends[-1], f"{stage.filter}: overlapping edits"
            assert 0 <= edit.start <= edit.end <= len(replayed)
            ends.append(edit.end)
        replayed = apply_edits(replayed, stage.edits)
    assert replayed == result.text
    # Every applied edit is reported, positioned in the original text.
    assert len(result.edits) == sum(len(s.edits) for s in result.stages)
    for change in result.items():
        assert 0 <= change.start <= change.end <= len(text)
        assert change.line >= 1 and change.column >= 1
        line_start = text.rfind("\n", 0, change.start) + 1
        assert change.line == text.count("\n", 0, change.start) + 1
        assert change.column == change.start - line_start + 1
    # Unchanged means no edits, and no edits means unchanged.
    assert (result.text != text) == bool(result.edits) or all(e.before == e.after for e in result.edits)
    # Idempotent.
    again = clean_and_explain(result.text, **options)
    assert again.text == result.text, "not idempotent"
    assert not again.edits, f"second run still edits: {again.edits[:3]}"
