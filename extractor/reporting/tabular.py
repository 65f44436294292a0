"""Records as a table, JSON or CSV (via pandas, one row per record). CSV starts with a byte-order mark
(UTF-8 with BOM, what Excel needs to read Chinese); `outputs.emit` drops it when printing into a pipe."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

BOM = "\ufeff"
TABLE_COLUMNS = ["file", "page", "place", "kind", "subject", "value", "unit", "qualifier", "quote"]


def frame(records: list[dict], columns: list[str]) -> pd.DataFrame:
    import pandas as pd  # only when a table is asked for: pandas takes half a second to import

    return pd.DataFrame(records, columns=columns)


def to_json(records: list[dict]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


def to_csv(records: list[dict], columns: list[str]) -> str:
    df = frame(records, columns)
    for col in ("bbox", "evidence"):
        if col in df:
            df[col] = df[col].map(lambda v: json.dumps(v, ensure_ascii=False) if v is not None else "")
    return BOM + df.to_csv(index=False)


def to_table(records: list[dict], columns: list[str] = TABLE_COLUMNS, width: int = 40, lang: str = "zh") -> str:
    if not records:
        return ""
    return shown(records, columns, width, lang).to_string(index=False) + "\n"


def shown(records: list[dict], columns: list[str], width: int = 40, lang: str = "zh") -> pd.DataFrame:
    """Records as a terminal shows them, in the reader's language (headers, kinds and subjects by name, as
    the workbook shows them): empty where there is nothing (an unreadable file's row), whole numbers whole,
    long subjects and quotes cut at `width`."""
    import pandas as pd

    from .names import HEADERS, KIND, say, subject_name

    if not any(r.get("place") for r in records):  # only Word and Excel files have places
        columns = [c for c in columns if c != "place"]
    df = pd.DataFrame(records, columns=columns, dtype=object).fillna("")
    if "kind" in df:
        df["kind"] = df["kind"].map(lambda k: say(KIND, k, lang) if k else "")
    if "subject" in df:
        df["subject"] = df["subject"].map(lambda s: subject_name(s, lang))
    for col in ("subject", "quote"):
        if col in df:
            df[col] = df[col].map(lambda s: s if len(s) <= width else s[: width - 1] + "…")
    return df.rename(columns={c: say(HEADERS, c, lang) for c in df.columns})
