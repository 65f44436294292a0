"""Document → Facts: text facts, subjects, tables, relations, enumerations, formulas."""

from __future__ import annotations

from ..document import Document
from . import labels, relations
from .project_forms import by_project
from .recognised import with_confidence
from .restated_counts import link_restated_counts
from .segments import split_sentences
from .tables import extract_tables
from .textfacts import Extraction, Fact, attach_rules, extract_span, extract_years
from .twin_totals import name_twin_totals


def extract(doc: Document) -> list[Fact]:
    """All facts of a document, in text order, then table facts, then relations between facts."""
    ex = Extraction(doc, report_kind=labels.report_kind(doc.text[:200]), report_year=labels.report_year(doc.text[:200]))
    spans = split_sentences(doc)
    for span in spans:
        extract_span(ex, span)
    attach_rules(ex, spans)
    extract_years(ex, spans)
    extract_tables(ex)
    relations.link(ex, spans)
    link_restated_counts(ex)
    name_twin_totals(ex)  # after the breakdowns: a form's side-by-side columns are no 其中 list
    return with_confidence(doc, by_project(ex.projects, ex.facts))
