"""Building a report's blocks together with its labels.

Text is assembled from plain strings and ``Tok``s.  A ``Tok`` is a printed figure that carries
labels: facts (what it is), findings (an injected error it shows) or traps (a correct figure a
careless checker would flag).  ``Ctx`` records where each ``Tok`` lands (block, offset) and a
*needle*, the text just before and including the figure, so ``locate`` can find its PDF page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations
from random import Random
from typing import Optional, Sequence, Union

from ..blocks import LEFT, Block, Heading, Para, Table
from .fmt import plain
from .iv import exact, iv, pct

#: Characters of context before a figure used to find it in the rendered text.
NEEDLE_CONTEXT = 14
WS = re.compile(r"\s+")


def squeeze(s: str) -> str:
    return WS.sub("", s)


@dataclass
class Tok:
    """A printed figure: ``text`` as printed (qualifier, number, unit), ``num`` the number
    itself, found at ``text[at:]``; label dicts gain a ``page`` when the report is located."""

    text: str
    at: int
    num: str
    facts: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    traps: list = field(default_factory=list)
    key: Optional[str] = None       # what quantity this states (statements of one key must agree)
    scale: Decimal = Decimal(1)     # factor to the key's unit (元 → 万元: 1/10000)

    def __str__(self) -> str:
        return self.text


Part = Union[str, Tok]


def value(t: Tok):
    """The interval a statement stands for, in its key's unit."""
    return iv(t.num) * exact(t.scale)


def has_rule(t: Tok, rule: str) -> bool:
    return any(f["rule"] == rule or rule in f.get("also", ()) for f in t.findings if not f.get("knock_on"))


def add_rule(t: Tok, rule: str, why: str) -> None:
    """``t`` (which carries an injected error) is provably wrong under ``rule`` too: name it in
    ``also`` of its first label, or give it a label of its own if it has none."""
    if has_rule(t, rule):
        return
    first = next((f for f in t.findings if not f.get("knock_on")), None)
    if first is None:
        t.findings.append({"rule": rule, "value": t.text[t.at:], "note": why})
        return
    first.setdefault("also", []).append(rule)
    first["note"] += f"; also {rule}: {why}"


def keyed(t: Tok, key: str, scale=1) -> Tok:
    """Mark ``t`` as a statement of the quantity ``key`` (in units of ``1/scale``)."""
    t.key, t.scale = key, Decimal(scale)
    return t


@dataclass
class Mark:
    block: int
    key: tuple
    needle: str
    num_len: int
    tok: Tok
    sent: tuple = ()                # (block, sentence) of text, (block, row) of a table cell
    page: Optional[int] = None


class Ctx:
    """One report under construction: its random source, plan, blocks and labels."""

    def __init__(self, rng: Random, kind: str, dept, year: int,
                 errors: dict[str, str], traps: dict[str, set[str]]) -> None:
        self.rng, self.kind, self.dept, self.year = rng, kind, dept, year
        self.errors = dict(errors)          # rule -> the site that must carry its error
        self.traps = {k: set(v) for k, v in traps.items()}
        self.used_errors: set[str] = set()
        self.blocks: list[Block] = []
        self.marks: list[Mark] = []
        self.loose_traps: list[dict] = []   # traps not tied to one printed figure
        self.ruled = True
        self.sep = rng.random() < 0.5        # thousands separators in money
        self.yuan_decimals = rng.choice((0, 2))
        self.shortfall = False              # a target fell short (no claim may follow)
        self.claim_needed = False           # a shortfall that must be followed by a claim
        self.sums: list[tuple[Tok, list]] = []   # (a total, its breakdown: Toks or printed parts)

    # -- the plan ---------------------------------------------------------------------
    def mode(self, rule: str, site: str) -> str:
        """'error' if this site carries the report's error for ``rule``, 'trap' if it carries
        a trap, else 'clean'."""
        if self.errors.get(rule) == site and rule not in self.used_errors:
            self.used_errors.add(rule)
            return "error"
        if site in self.traps.get(rule, ()):
            self.traps[rule].discard(site)
            return "trap"
        return "clean"

    def peek(self, rule: str, site: str) -> str:
        """What ``mode`` would answer, without using the plan up."""
        if self.errors.get(rule) == site and rule not in self.used_errors:
            return "error"
        return "trap" if site in self.traps.get(rule, ()) else "clean"

    def pick(self, *options):
        return self.rng.choice(options)

    def unused_errors(self) -> list[str]:
        return [r for r in self.errors if r not in self.used_errors]

    # -- figures ----------------------------------------------------------------------
    def tok(self, printed: str, unit: str = "", pre: str = "", kind: Optional[str] = None,
            subject: Optional[str] = None, value: Optional[str] = None) -> Tok:
        """A figure ``pre + printed + unit``; with ``kind`` it is a labelled fact."""
        t = Tok(pre + printed + unit, len(pre), printed)
        if kind:
            fact = {"kind": kind, "value": value or plain(printed)}
            if unit:
                fact["unit"] = unit
            if subject:
                fact["subject"] = subject
            t.facts.append(fact)
        return t

    @staticmethod
    def err(t: Tok, rule: str, note: str, value: Optional[str] = None) -> Tok:
        t.findings.append({"rule": rule, "value": value or t.text[t.at:], "note": note})
        return t

    @staticmethod
    def trap(t: Tok, rule: str, note: str) -> Tok:
        t.traps.append({"rule": rule, "value": t.text[t.at:], "note": note})
        return t

    def breakdown(self, total: Tok, parts: Sequence) -> None:
        """Record that ``total`` is stated as the sum of ``parts`` (a 其中 list, a 合计 row)."""
        self.sums.append((total, list(parts)))

    def loose_trap(self, rule: str, note: str) -> None:
        self.loose_traps.append({"rule": rule, "note": note})

    # -- blocks -----------------------------------------------------------------------
    def _text(self, parts: Sequence[Part]) -> tuple[str, list[tuple[int, Tok]]]:
        out, toks, n = [], [], 0
        for p in parts:
            if isinstance(p, Tok):
                toks.append((n + p.at, p))
                out.append(p.text)
                n += len(p.text)
            else:
                out.append(p)
                n += len(p)
        return "".join(out), toks

    def _mark_text(self, text: str, toks) -> None:
        idx = len(self.blocks)
        for off, t in toks:
            needle = squeeze(text[max(0, off - NEEDLE_CONTEXT):off + len(t.num)])
            self.marks.append(Mark(idx, (0, 0, off), needle, len(squeeze(t.num)), t,
                                   (idx, text.count("。", 0, off))))

    def para(self, *parts: Part) -> None:
        text, toks = self._text(parts)
        self._mark_text(text, toks)
        self.blocks.append(Para(text))

    def heading(self, level: int, *parts: Part) -> None:
        text, toks = self._text(parts)
        self._mark_text(text, toks)
        self.blocks.append(Heading(text, level))

    def table(self, rows: Sequence[Sequence], header_rows: int = 1, caption: Optional[str] = None,
              col_widths=None, ruled: Optional[bool] = None, align: str = "center") -> None:
        idx = len(self.blocks)
        out_rows = []
        for r, row in enumerate(rows):
            cells = []
            for c, cell in enumerate(row):
                if isinstance(cell, Tok):
                    before = [x.text if isinstance(x, Tok) else x for x in row[max(0, c - 3):c]
                              if isinstance(x, (str, Tok))]
                    head = squeeze("".join(before) + cell.text[:cell.at + len(cell.num)])
                    self.marks.append(Mark(idx, (1, r, c), head, len(squeeze(cell.num)), cell, (idx, ("row", r))))
                    cells.append(cell.text)
                elif cell is LEFT or cell is None:
                    cells.append(cell)
                else:
                    cells.append(str(cell))
            out_rows.append(cells)
        self.blocks.append(Table(out_rows, header_rows=header_rows, caption=caption,
                                 col_widths=col_widths,
                                 ruled=self.ruled if ruled is None else ruled, align=align))

    def finalize(self) -> None:
        """Complete the labels of the injected errors from what the report states.

        1. Every pair of placed statements of one quantity that cannot both be true is a
           restated-value finding on the one that carries an injected error: its own label if it
           carries none of another rule, else ``also`` of that label.  A conflict between two
           clean statements is a generator bug.
        2. An execution rate stated in one sentence (or table row) with the spend and the budget
           it is computed from must fit them; a wrong one that carries another rule's error is
           ``also`` a rate-mismatch.
        3. Every recorded total (``breakdown``) must fit its parts unless it carries an injected
           error (then it is ``also`` a sum-mismatch if that is not its rule); where a part is
           restated elsewhere with an injected error and the total does not fit that other value,
           the total gets a label of its own: ``{"rule": "sum-mismatch", "knock_on": true}``, one for
           all the places that restate the total (jixiao tells that story once).
        """
        marks = sorted(self.marks, key=lambda m: (m.block, m.key))
        groups: dict[str, list[Tok]] = {}
        for m in marks:
            if m.tok.key:
                groups.setdefault(m.tok.key, []).append(m.tok)
        for key, toks in groups.items():
            for a, b in combinations(toks, 2):
                if value(a).meets(value(b)):
                    continue
                culprit = b if b.findings and not a.findings else a if a.findings else None
                if culprit is None:
                    raise AssertionError(f"{key}: {a.text} and {b.text} conflict, no error injected")
                other = b if culprit is a else a
                add_rule(culprit, "restated-value", f"{key} also stated as {other.text}")
        self._rates_in_sentences(marks)
        self._sums(groups)

    def _rates_in_sentences(self, marks: list[Mark]) -> None:
        sents: dict[tuple, list[Tok]] = {}
        for m in marks:
            if m.tok.key:
                sents.setdefault(m.sent, []).append(m.tok)
        for toks in sents.values():
            spends = [t for t in toks if t.key == "spend"]
            buds = [t for t in toks if t.key == "budget_adj"]
            if len(spends) != 1 or len(buds) != 1:
                continue
            calc = pct(value(spends[0]), value(buds[0]))
            for r in (t for t in toks if t.key == "exec_rate"):
                if calc.meets(iv(r.num)):
                    if has_rule(r, "rate-mismatch"):
                        raise AssertionError(f"rate-mismatch {r.text} fits {spends[0].text}/{buds[0].text}")
                    continue
                if not r.findings:
                    raise AssertionError(f"{r.text} does not fit {spends[0].text}/{buds[0].text}, no error injected")
                add_rule(r, "rate-mismatch", f"{spends[0].num}÷{buds[0].num} in the same sentence")

    def _sums(self, groups: dict[str, list[Tok]]) -> None:
        told: set[tuple] = set()  # knock-ons labelled: a total restated (text and 合计 row) tells one story
        for total, parts in self.sums:
            ivs = [iv(p.num) if isinstance(p, Tok) else iv(p) for p in parts]
            if not iv(total.num).meets(sum(ivs, exact(0))):
                if has_rule(total, "sum-mismatch"):
                    continue
                if not total.findings:
                    raise AssertionError(f"total {total.text} does not fit its parts, no error injected")
                add_rule(total, "sum-mismatch", "its breakdown adds to " + " + ".join(
                    p.num if isinstance(p, Tok) else p for p in parts))
                continue
            for i, p in enumerate(parts):
                if not isinstance(p, Tok) or not p.key or p.findings:
                    continue
                for o in groups.get(p.key, ()):
                    if o is p or not has_rule(o, "restated-value") or value(o).meets(value(p)):
                        continue
                    alt = ivs[:i] + [value(o) * exact(1 / p.scale)] + ivs[i + 1:]
                    if iv(total.num).meets(sum(alt, exact(0))):
                        continue
                    note = f"knock-on: fits only {p.num}"
                    story = (total.key or id(total), total.num, note)
                    if story not in told:
                        told.add(story)
                        total.findings.append({"rule": "sum-mismatch", "value": total.text[total.at:],
                                               "note": note + f" (not {o.num} as restated)", "knock_on": True})

    # -- labels -----------------------------------------------------------------------
    def labels(self, with_pages: bool) -> dict:
        facts, findings, traps = [], [], []
        for m in sorted(self.marks, key=lambda m: (m.block, m.key)):
            page = m.page if with_pages else None
            facts += [dict(f, page=page) for f in m.tok.facts]
            findings += [dict(f, page=page) for f in m.tok.findings]
            traps += [dict(f, page=page) for f in m.tok.traps]
        traps += self.loose_traps
        return {"kind": self.kind, "department": self.dept.name, "year": self.year,
                "facts": facts, "findings": findings, "traps": traps}
