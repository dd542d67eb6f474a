"""zhclean.engine.context: the directives (``zhclean: off``/``on``/``ignore``) find the lines a
whole-line pattern finds, in one pass."""

from __future__ import annotations

import regex
from hypothesis import given
from hypothesis import strategies as st

from zhclean.engine.context import IGNORE_RE, directive_lines, ignore_ids, off_regions

# What the directives were before issue 25.8: one pattern of the whole line (quadratic in a long
# line with many "zhclean:"), kept here as the reference.
OFF_REGION = regex.compile(
    r"^[^\n]*\bzhclean:[^\S\n]*off\b[^\n]*$(?:.*?^[^\n]*\bzhclean:[^\S\n]*on\b[^\n]*$|.*\Z)",
    regex.MULTILINE | regex.DOTALL,
)
IGNORE_LINE = regex.compile(
    r"^[^\n]*\bzhclean:[^\S\n]*ignore(?:\[(?P<ids>[^\]\n]*)\])?[^\n]*$", regex.MULTILINE
)

PIECES = st.sampled_from(
    ["zhclean:", " ", "off", "on", "ignore", "[", "]", "a", ",", "中", "\n", "zhclean: off", "zhclean: on"]
)
TEXTS = st.lists(PIECES, max_size=30).map("".join)


@given(TEXTS)
def test_off_regions_are_what_the_line_pattern_finds(text: str) -> None:
    assert list(off_regions(text)) == [(m.start(), m.end()) for m in OFF_REGION.finditer(text)]


@given(TEXTS)
def test_ignore_lines_are_what_the_line_pattern_finds(text: str) -> None:
    found = [(s, e, m.group("ids"), m.start("ids")) for s, e, m in directive_lines(text, IGNORE_RE)]
    expected = [(m.start(), m.end(), m.group("ids"), m.start("ids")) for m in IGNORE_LINE.finditer(text)]
    assert found == expected


def test_the_ids_are_those_of_the_last_directive_on_a_line() -> None:
    text = "a zhclean: ignore[x] b zhclean: ignore[y, z]\n"
    assert ignore_ids(text) == [(39, "y"), (39, "z")]  # where the list starts
