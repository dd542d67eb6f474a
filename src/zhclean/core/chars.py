"""Character classes, written once, with escapes.

Every filter takes its notion of "Han", "Chinese punctuation" or "hyphen-like" from here, so that a
fix to a class reaches every filter. Characters are written as escapes, never literally, so that an
invisible or ambiguous character can never hide in the source. The strings are fragments for use
inside a regular-expression character class (``[...]``).
"""

from __future__ import annotations

from collections.abc import Iterator

# --- Han ideographs ---------------------------------------------------------------------------
HAN = (
    "\u3007"  # IDEOGRAPHIC NUMBER ZERO, used as a Han digit in dates
    "\u3400-\u4dbf"  # CJK Unified Ideographs Extension A
    "\u4e00-\u9fff"  # CJK Unified Ideographs
    "\uf900-\ufaff"  # CJK Compatibility Ideographs
    "\U00020000-\U0003134f"  # Extensions B to G
)

# --- Chinese (full-width) punctuation ----------------------------------------------------------
# Marks that end a clause or a sentence.
CJK_STOPS = (
    "\u3001"  # IDEOGRAPHIC COMMA
    "\u3002"  # IDEOGRAPHIC FULL STOP
    "\uff0c"  # FULLWIDTH COMMA
    "\uff1b"  # FULLWIDTH SEMICOLON
    "\uff1a"  # FULLWIDTH COLON
    "\uff1f"  # FULLWIDTH QUESTION MARK
    "\uff01"  # FULLWIDTH EXCLAMATION MARK
)
CJK_OPENERS = (
    "\u201c"  # LEFT DOUBLE QUOTATION MARK
    "\u2018"  # LEFT SINGLE QUOTATION MARK
    "\u300a"  # LEFT DOUBLE ANGLE BRACKET (book title)
    "\u3008"  # LEFT ANGLE BRACKET
    "\uff08"  # FULLWIDTH LEFT PARENTHESIS
    "\u3010"  # LEFT BLACK LENTICULAR BRACKET
    "\u300c"  # LEFT CORNER BRACKET
    "\u300e"  # LEFT WHITE CORNER BRACKET
    "\u3014"  # LEFT TORTOISE SHELL BRACKET
    "\u3016"  # LEFT WHITE LENTICULAR BRACKET
)
CJK_CLOSERS = (
    "\u201d"  # RIGHT DOUBLE QUOTATION MARK
    "\u2019"  # RIGHT SINGLE QUOTATION MARK
    "\u300b"  # RIGHT DOUBLE ANGLE BRACKET
    "\u3009"  # RIGHT ANGLE BRACKET
    "\uff09"  # FULLWIDTH RIGHT PARENTHESIS
    "\u3011"  # RIGHT BLACK LENTICULAR BRACKET
    "\u300d"  # RIGHT CORNER BRACKET
    "\u300f"  # RIGHT WHITE CORNER BRACKET
    "\u3015"  # RIGHT TORTOISE SHELL BRACKET
    "\u3017"  # RIGHT WHITE LENTICULAR BRACKET
)
CJK_DASH_ELLIPSIS = (
    "\u2014"  # EM DASH (doubled as the Chinese dash)
    "\u2026"  # HORIZONTAL ELLIPSIS (doubled as the Chinese ellipsis)
    "\u00b7"  # MIDDLE DOT (name separator)
    "\u30fb"  # KATAKANA MIDDLE DOT
)
CJK_PUNCT = CJK_STOPS + CJK_OPENERS + CJK_CLOSERS + CJK_DASH_ELLIPSIS

# Text that makes its neighbourhood "Chinese": Han or Chinese punctuation.
CJK = HAN + CJK_PUNCT

# --- Dashes -------------------------------------------------------------------------------------
# Characters an OCR engine or an extractor produces for a horizontal stroke such as one.
HYPHEN_LIKE = (
    "\\-"  # HYPHEN-MINUS (escaped for a character class)
    "\u2010"  # HYPHEN
    "\u2011"  # NON-BREAKING HYPHEN
    "\u2012"  # FIGURE DASH
    "\u2013"  # EN DASH
    "\u2014"  # EM DASH (a lone one; the Chinese dash is doubled)
    "\u2015"  # HORIZONTAL BAR
    "\u2212"  # MINUS SIGN
    "\u2500"  # BOX DRAWINGS LIGHT HORIZONTAL
    "\u2501"  # BOX DRAWINGS HEAVY HORIZONTAL
    "\u30fc"  # KATAKANA-HIRAGANA PROLONGED SOUND MARK
    "\uff0d"  # FULLWIDTH HYPHEN-MINUS
    "\uff70"  # HALFWIDTH KATAKANA-HIRAGANA PROLONGED SOUND MARK
)
YI = "\u4e00"  # CJK UNIFIED IDEOGRAPH-4E00, the numeral one
CHINESE_DASH = "\u2014\u2014"
CHINESE_ELLIPSIS = "\u2026\u2026"

# --- Spaces -------------------------------------------------------------------------------------
# Horizontal spaces that OCR and extraction put where none belongs. The ideographic space
# U+3000 is deliberately absent: documents use it for indentation and after article numbers.
STRAY_SPACE = (
    " "  # SPACE
    "\u00a0"  # NO-BREAK SPACE
    "\u2002-\u200a"  # EN SPACE .. HAIR SPACE
    "\u202f"  # NARROW NO-BREAK SPACE
)
# Everything that counts as trailing whitespace at a line end.
HSPACE = STRAY_SPACE + "\t\u3000"

# --- Invisible and control characters -----------------------------------------------------------
# Removed wherever they are: they have no meaning in plain text.
INVISIBLE_ALWAYS = (
    "\u200b"  # ZERO WIDTH SPACE
    "\u2060"  # WORD JOINER
    "\ufeff"  # ZERO WIDTH NO-BREAK SPACE / BYTE ORDER MARK inside the text
    "\u180e"  # MONGOLIAN VOWEL SEPARATOR (formerly a space)
    "\u2061-\u2064"  # invisible mathematical operators
    "\ufff9-\ufffb"  # interlinear annotation controls
)
# Meaningful in some scripts (ZWJ in emoji and Indic text, ZWNJ in Persian, soft hyphen in
# European words), so removed only next to Han, where they never mean anything.
INVISIBLE_BESIDE_HAN = (
    "\u00ad"  # SOFT HYPHEN
    "\u200c"  # ZERO WIDTH NON-JOINER
    "\u200d"  # ZERO WIDTH JOINER
    "\u200e"  # LEFT-TO-RIGHT MARK
    "\u200f"  # RIGHT-TO-LEFT MARK
)
# C0 and C1 control characters except tab, line feed, carriage return and form feed (a page
# break: Tesseract prints one between pages, pdftotext one after each; see ``pages``).
CONTROL = "\x00-\x08\x0b\x0e-\x1f\x7f-\x9f"
FORM_FEED = "\x0c"

# --- Full-width forms ---------------------------------------------------------------------------
FULLWIDTH_ALNUM = (
    "\uff10-\uff19"  # FULLWIDTH DIGIT ZERO .. NINE
    "\uff21-\uff3a"  # FULLWIDTH LATIN CAPITAL LETTER A .. Z
    "\uff41-\uff5a"  # FULLWIDTH LATIN SMALL LETTER A .. Z
)
FULLWIDTH_OFFSET = 0xFEE0  # full-width form minus its ASCII counterpart

# --- Radicals -----------------------------------------------------------------------------------
RADICALS = (
    "\u2e80-\u2eff"  # CJK Radicals Supplement
    "\u2f00-\u2fdf"  # Kangxi Radicals
)
COMPAT_IDEOGRAPHS = (
    "\uf900-\ufaff"  # CJK Compatibility Ideographs
    "\U0002f800-\U0002fa1f"  # CJK Compatibility Ideographs Supplement
)

# --- Line ends ----------------------------------------------------------------------------------
NEWLINE = "\r\n"  # characters that may end a line; a CR before LF belongs to the line end

# What no clause starts with (的, but not 的确): a mark before it marks lost text, reported by
# detect-text-loss, and is no mark to repair (“四下基层”,的工作作风).
NO_CLAUSE_START = "\u7684(?!\u786e)"


# --- what a terminal must not be sent raw --------------------------------------------------------
# Controls (C0, DEL, C1: a newline would split a diagnostic in two, ESC starts a terminal escape
# sequence), bidirectional controls that reorder what is shown (U+202E makes "txt.exe" of
# "exe.txt") and the line and paragraph separators.
TERMINAL_UNSAFE = (
    "\x00-\x1f\x7f-\x9f"
    "\u061c"  # ARABIC LETTER MARK
    "\u200e\u200f"  # LEFT-TO-RIGHT and RIGHT-TO-LEFT MARK
    "\u2028\u2029"  # LINE and PARAGRAPH SEPARATOR
    "\u202a-\u202e"  # embeddings and overrides
    "\u2066-\u2069"  # isolates
)
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(code: int) -> str:
    return _NAMED_ESCAPES.get(chr(code)) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def _ranges(chars: str) -> Iterator[int]:
    """The code points of a character-class fragment of single characters and ``a-b`` ranges."""
    i = 0
    while i < len(chars):
        if i + 2 < len(chars) and chars[i + 1] == "-":
            yield from range(ord(chars[i]), ord(chars[i + 2]) + 1)
            i += 3
        else:
            yield ord(chars[i])
            i += 1


_UNSAFE_TABLE = {code: _escape(code) for code in _ranges(TERMINAL_UNSAFE)}
_UNSAFE_BUT_TABS = {**_UNSAFE_TABLE, 9: "\t"}


def terminal_safe(text: str, keep_tabs: bool = False) -> str:
    """``text`` with every character of :data:`TERMINAL_UNSAFE` written as an escape (``\\n``,
    ``\\x1b``, ``\\u202e``), as Python's repr writes them; tabs stay where ``keep_tabs``.

    >>> terminal_safe("a\\nb\\x1b[31m\\u202etxt")
    'a\\\\nb\\\\x1b[31m\\\\u202etxt'
    """
    if text.isprintable():  # the common case: nothing to look at
        return text
    return text.translate(_UNSAFE_BUT_TABS if keep_tabs else _UNSAFE_TABLE)
