"""Facts read from scanned pages carry the recognition confidence of their characters."""

from __future__ import annotations

from dataclasses import replace

from ..document import Document
from ..model import Fact


def with_confidence(doc: Document, facts: list[Fact]) -> list[Fact]:
    """Each fact whose figure was recognised from a page image, with the lowest confidence of its characters."""
    if not doc.recognised:
        return facts
    out = []
    for f in facts:
        confidence = doc.confidence(f.evidence.page, f.evidence.bbox)
        out.append(f if confidence is None else replace(f, confidence=confidence))
    return out
