"""Records as pandas DataFrames whose figures are numbers: the library's `facts_frame` and `findings_frame`.

Records carry decimals as strings (nothing lost); here they become float64 (NaN for none, ±inf for an open
bound such as 不少于) or, with numbers="decimal", `Decimal` objects, beside the exact strings (`text`: the
figure as printed; `stated`, `expected`: as the finding says them). Counts and places are nullable integers.
"""

from __future__ import annotations

from decimal import Decimal

from .records import CELL_COLUMNS, FACT_COLUMNS, FACT_NUMBERS, FINDING_COLUMNS, decimal, figure

INTEGERS = ("id", "decimals", "page", "line", "table", "row", "col")
FINDING_NUMBERS = {"stated_value": "stated", "expected_value": "expected"}  # number column: its string's column


def _numbers(values: list[Decimal | None], numbers: str, index):
    """A column of figures: float64 (NaN for none), or Decimal objects (None for none)."""
    import pandas as pd

    if numbers == "decimal":
        return pd.Series(values, index=index, dtype=object)
    if numbers == "float":
        return pd.Series([float(v) if v is not None else float("nan") for v in values], index=index, dtype=float)
    raise ValueError(f"numbers must be 'float' or 'decimal', not {numbers!r}")


def _frame(rows: list[dict], columns: list[str]):
    import pandas as pd  # only when a frame is asked for: pandas takes half a second to import

    df = pd.DataFrame(rows, columns=columns)
    for col in INTEGERS:
        if col in df:
            df[col] = pd.array([None if v is None or v != v else int(v) for v in df[col]], dtype="Int64")
    return df


def facts_frame(rows: list[dict], numbers: str = "float"):
    """One row per fact; `value`, `base_value`, `lo`, `hi` as numbers."""
    df = _frame(rows, FACT_COLUMNS)
    for col in FACT_NUMBERS:
        df[col] = _numbers([decimal(v) for v in df[col]], numbers, df.index)
    return df


def findings_frame(rows: list[dict], numbers: str = "float"):
    """One row per finding; `stated_value` and `expected_value`, the figures the strings hold, beside them."""
    df = _frame(rows, FINDING_COLUMNS)
    for col, source in FINDING_NUMBERS.items():
        df.insert(
            df.columns.get_loc(source) + 1, col, _numbers([_figure_value(s) for s in df[source]], numbers, df.index)
        )
    return df


def cells_frame(rows: list[dict]):
    return _frame(rows, CELL_COLUMNS)


def _figure_value(s) -> Decimal | None:
    got = figure(s) if isinstance(s, str) else None
    return got[0] if got else None
