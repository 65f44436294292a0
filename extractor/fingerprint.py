"""What identifies a finding or a figure across versions of a report: never its page, line or box, which
move when a page or a paragraph is inserted before it, but its rule, the file's name, its subject and the
values involved.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: a run answered from the cache loads no model (nor its patterns)
    from .model import Fact, Finding

LOCAL_INDEX = re.compile(r"#\d+")  # 合计#2, 项目支出#7: a table's or a paragraph's number, which shifts
LIST_NUMBER = re.compile(r"[（(]?\d+[)）.、．](?!\d)")  # 2.修缮工程验收合格率: renumbered when an item is added
QUOTE_CHARS = 40  # of a finding without facts, this much of its first quote stands for its subject


def stable_subject(subject: str) -> str:
    """A subject as records show it, without the numbers of the paragraph or table it is confined to and
    without list numbers."""
    return LIST_NUMBER.sub("", LOCAL_INDEX.sub("", subject))


def finding_subject(finding: Finding, facts_by_id: dict[int, Fact]) -> str:
    """The subjects of the facts a finding rests on (sorted, stable); without facts, its first quote."""
    names = sorted({stable_subject(str(facts_by_id[i].subject)) for i in finding.facts if i in facts_by_id})
    if names:
        return " | ".join(n for n in names if n) or ""
    quote = finding.evidence[0].quote if finding.evidence else ""
    return "".join(quote.split())[:QUOTE_CHARS]


def fingerprint(record: dict) -> tuple[str, str, str, str, str]:
    """A finding record's identity: rule, file name (not its folder), subject, stated and expected values."""
    return (
        record.get("rule", ""),
        Path(record.get("file", "")).name,
        record.get("subject", ""),
        record.get("stated", ""),
        record.get("expected", ""),
    )
