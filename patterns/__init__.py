"""Language knowledge as data: each TOML file holds named patterns with examples and counter-examples.

`load(name)` returns {key: Pattern}; tests check every example matches and no counter-example does.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import regex

from .precompiled import compiled

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Pattern:
    name: str
    regex: regex.Pattern
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    value: object = None  # optional payload (a base year, a kind name, ...)
    subject: str = ""  # optional: the subject a match's figure gets, as the reader names it (建党)


@cache
def load(name: str) -> dict[str, Pattern]:
    data = tomllib.loads((HERE / f"{name}.toml").read_text(encoding="utf-8"))
    out = {}
    for key, spec in data.items():
        out[key] = Pattern(
            key,
            compiled(spec["regex"], regex.VERBOSE if spec.get("verbose") else 0),
            tuple(spec.get("examples", ())),
            tuple(spec.get("counter_examples", ())),
            spec.get("value"),
            spec.get("subject", ""),
        )
    return out


# what lets a pattern look beyond its own match: anchors, lookarounds, word boundaries (read conservatively)
LOOKS_AROUND = compiled(r"\^|\$|\(\?<?[=!]|\\[bBAZzGmMKY]")


def found_nowhere(pattern: regex.Pattern, text: str) -> bool:
    """True when neither `text` nor any stretch of it holds a match: a pattern that looks at nothing beyond
    its match matches within a stretch only where it matches within the whole (one search spares many)."""
    return not LOOKS_AROUND.search(pattern.pattern) and pattern.search(text) is None


def first_match(name: str, text: str) -> str | None:
    """The key of the first pattern of `name`, in file order, found in `text` (None when none is)."""
    return next((key for key, pat in load(name).items() if pat.regex.search(text)), None)


@lru_cache(maxsize=4096)  # tables ask for the same headers and cells again and again
def column_kind(header: str) -> str | None:
    """The fact kind a table column holds, from its header (columns.toml) without its bracketed notes
    (tables.toml header_annotation: 得分（分值*执行率） holds scores); a header that is all note is read whole."""
    bare = load("tables")["header_annotation"].regex.sub("", header)
    return first_match("columns", bare if bare.strip() else header)


def files() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.toml"))
