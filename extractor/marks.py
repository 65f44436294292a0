"""The marks jixiao writes into its own output files, so that a folder search can tell them from reports
(search.py): a workbook's document properties, an annotated PDF's document information, an HTML report's
generator meta tag."""

from __future__ import annotations

CREATOR = "jixiao"
WORKBOOK_KEYWORD = "jixiao-output"  # in a workbook's keywords (docProps/core.xml)
ANNOTATED_KEY = "/JixiaoAnnotatedCopy"  # a key of an annotated copy's document information dictionary
HTML_GENERATOR = '<meta name="generator" content="jixiao">'  # in the head of an HTML report


def mark_workbook(book) -> None:
    """Mark an openpyxl workbook as one jixiao wrote."""
    book.properties.creator = CREATOR
    book.properties.keywords = WORKBOOK_KEYWORD
