"""Project configuration: ``[tool.zhclean]`` in pyproject.toml, or zhclean.toml / .zhclean.toml.

Found by walking up from the working directory (the first file that has zhclean settings wins),
or named with ``--config``. Keys are kebab-case like the command-line flags; an unknown key is an
error that names the nearest known one. Command-line flags win over the file.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.config import did_you_mean
from ..core.errors import ConfigError

CONFIG_NAMES = ("pyproject.toml", "zhclean.toml", ".zhclean.toml")
MAX_LIST_BYTES = 64 * 1024 * 1024  # a word list or corrections file larger than this is refused

# key -> (type, description); the type is checked when the file is read.
KEYS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "select": (list, "filters to run"),
    "ignore": (list, "filters not to run"),
    "unsafe-fixes": (bool, "also apply edits that are only likely right"),
    "mark-gaps": ((bool, str), "insert a marker where text was lost (true: 〔…〕)"),
    "headers": (list, "running headers to remove at page tops"),
    "script": (str, "convert whole documents: s, t, tw or hk"),
    "include": (list, "glob patterns of files to clean in directories"),
    "exclude": (list, "glob patterns of files and folders to leave alone"),
    "extend-exclude": (list, "more patterns to leave alone, on top of exclude"),
    "force-exclude": (bool, "apply the exclude patterns to files named on the command line too"),
    "respect-gitignore": (bool, "skip what the repository's .gitignore ignores"),
    "jobs": (int, "worker processes"),
    "encoding": (str, "read files in this encoding instead of detecting it"),
    "output-encoding": (str, "write files in this encoding"),
    "jsonl": (bool, "clean one field of each record of JSON Lines files"),
    "field": (str, "the field --jsonl cleans"),
    "max-record-size": (int, "refuse a JSON Lines record longer than this many MiB"),
    "extend-allow": ((list, str), "words never to change: a list, or a file with one word a line"),
    "extend-corrections": ((dict, str), "wrong -> right pairs to apply: a table, or a TSV file"),
}


@dataclass
class FileConfig:
    """The settings read from a configuration file, with where they came from."""

    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)


def _load_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise ConfigError(f"{_shown(path)}: cannot read ({exc.strerror or exc})") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ConfigError(
            f"{_shown(path)}: starts with a byte-order mark, which TOML does not allow (save it without)"
        )
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{_shown(path)}: not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{_shown(path)}: not valid TOML ({exc})") from None
    except RecursionError:
        raise ConfigError(f"{_shown(path)}: nested too deeply to read") from None


# Configuration files passed over because they could not be read and hold no zhclean section
# (another tool's pyproject.toml): the CLI prints each as a warning.
SKIPPED: list[str] = []


def _section(path: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    tool = data.get("tool")
    section = tool.get("zhclean") if isinstance(tool, dict) else None
    if section is not None and not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool.zhclean] must be a table, not {type(section).__name__}")
    if path.name == "pyproject.toml":
        return section
    return section if section is not None else data  # zhclean.toml: its top level is the section


def find_config(start: Path) -> Path | None:
    """The first configuration file with zhclean settings, from ``start`` upward."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                if name != "pyproject.toml":
                    return candidate
                try:
                    data = _load_toml(candidate)
                except ConfigError as exc:
                    if b"tool.zhclean" in _head(candidate):
                        raise
                    # Not ours to judge: a warning, and the search goes on upward.
                    SKIPPED.append(f"{exc}; it has no [tool.zhclean] section, so it is skipped")
                    continue
                if _section(candidate, data) is not None:
                    return candidate
    return None


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return b""


SCRIPTS = ("s", "t", "tw", "hk")


def load(path: Path | None, start: Path | None = None) -> FileConfig:
    """Read ``path``, or the configuration found upward from ``start``; validate its keys."""
    if path is None:
        path = find_config(start or Path.cwd())
        if path is None:
            return FileConfig()
    data = _section(path, _load_toml(path)) or {}
    place = where(path)
    for key, value in data.items():
        if key not in KEYS:
            close = did_you_mean(key, KEYS).replace("'", "")
            raise ConfigError(f"{place}{key}: unknown key{close}")
        expected = KEYS[key][0]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            kind = (
                expected.__name__ if isinstance(expected, type) else " or ".join(t.__name__ for t in expected)
            )
            got = type(value).__name__
            raise ConfigError(f"{place}{key}: must be {_article(kind)}, not {_article(got)}")
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{place}{key}: must be a list of strings")
        if isinstance(value, dict) and not all(isinstance(v, str) for v in value.values()):
            raise ConfigError(f"{place}{key}: must map strings to strings")
        if key == "script" and value not in SCRIPTS:
            raise ConfigError(f"{place}script: must be one of {', '.join(SCRIPTS)}, not {value!r}")
        if key in ("jobs", "max-record-size") and value < 1:
            raise ConfigError(f"{place}{key}: must be at least 1, not {value}")
        if key in ("encoding", "output-encoding"):
            problem = codec_problem(value)
            if problem:
                raise ConfigError(f"{place}{key}: {problem}")
    return FileConfig(path, dict(data))


def where(path: Path) -> str:
    """``pyproject.toml: [tool.zhclean] `` or ``zhclean.toml: ``: how a message names the place
    of a key."""
    return f"{_shown(path)}: {'[tool.zhclean] ' if path.name == 'pyproject.toml' else ''}"


def _shown(path: Path) -> str:
    """A configuration file's name as a message shows it: relative to the working directory
    when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


_TYPE_NAMES = {"int": "integer", "str": "string", "bool": "boolean", "list": "list", "dict": "table"}


def _article(kind: str) -> str:
    words = " or ".join(_TYPE_NAMES.get(k, k) for k in kind.split(" or "))
    return ("an " if words[0] in "aeiou" else "a ") + words


def codec_problem(name: str) -> str | None:
    """Why ``name`` is no encoding of text (unknown, or a codec such as rot13 or base64), or None."""
    import codecs

    try:
        info = codecs.lookup(name)
    except LookupError:
        return f"unknown encoding {name!r}"
    if not getattr(info, "_is_text_encoding", True):
        return f"{name!r} is not a text encoding"
    return None


def read_word_list(value: list[str] | str, base: Path, confined: bool = True) -> tuple[str, ...]:
    """Words from a list, or from a file (one word a line; ``#`` comments)."""
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    lines = _read_lines(_data_file(base, value, confined))
    return tuple(line.split("\t")[0] for line in lines)


def _data_file(base: Path, value: str, confined: bool) -> Path:
    """A file a configuration names: relative to the configuration's folder, and inside it (a
    configuration found in an untrusted repository must not make zhclean read other files)."""
    path = (base / value).resolve()
    if confined and not path.is_relative_to(base.resolve()):
        raise ConfigError(f"{value}: outside the folder of its configuration ({base}); refused")
    if not path.exists():
        raise ConfigError(f"{base / value}: no such file")
    if not path.is_file():
        raise ConfigError(f"{base / value}: not a regular file; a word list must be one")
    return path


def read_corrections(
    value: dict[str, str] | str, base: Path, confined: bool = True
) -> tuple[tuple[str, str], ...]:
    """``wrong -> right`` pairs from a table, or from a TSV file (wrong<TAB>right)."""
    if isinstance(value, dict):
        pairs = [(str(k), str(v)) for k, v in value.items()]
    else:
        pairs = []
        path = _data_file(base, value, confined)
        for number, line in enumerate(_read_lines(path), 1):
            parts = line.split("\t")
            if len(parts) < 2:
                # (no content quoted: the file may not be a list of corrections at all)
                raise ConfigError(f"{path}: entry {number} is not wrong<TAB>right")
            pairs.append((parts[0], parts[1]))
    for wrong, right in pairs:
        if not wrong or wrong == right:
            raise ConfigError(f"correction {wrong!r} -> {right!r} changes nothing")
    return tuple(pairs)


def _read_lines(path: Path) -> list[str]:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_LIST_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_LIST_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_LIST_BYTES // (1024 * 1024)} MiB; not a word list")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
