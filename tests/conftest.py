"""Shared test helpers: table-driven cases live as TOML under tests/cases/."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"


def load_cases(filename: str, table: str = "case") -> list:
    """One pytest.param per [[case]] of tests/cases/<filename>, with the case's name as its id."""
    data = tomllib.loads((CASES / filename).read_text(encoding="utf-8"))
    return [pytest.param(c, id=c["name"]) for c in data[table]]
