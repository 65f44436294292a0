"""People counted and broken down at once in a bracket (在职人员18人（公务员12人、机关工人2人、事业人员5人）): the
bracket's counts, in the total's unit, with nothing but their names between them, are its parts. The bracket
may list only some kinds, so the breakdown is open: only parts over the total are wrong."""

from __future__ import annotations

from jixiao.patterns.precompiled import compiled

from ..model import Kind, Relation

OPENS = compiled(r"\s*[（(]")
BETWEEN = compiled(r"^[（(]?[\p{Han}\s]{1,12}$|^[、，,；;]\s*[\p{Han}\s]{1,12}$")  # a part's name, then the next
CLOSES = compiled(r"\s*[）)]")


def link_bracket_counts(ex, sentences: dict[int, list], text: str) -> None:
    summed = {f.relation.total for f in ex.facts if f.kind == Kind.SUM and f.relation}
    for facts in sentences.values():
        facts = sorted(facts, key=lambda f: f.evidence.start)
        for k, total in enumerate(facts):
            if total.kind != Kind.COUNT or total.id in summed or not OPENS.match(text, total.evidence.end):
                continue
            parts = _parts(facts[k + 1 :], total, text)
            if len(parts) >= 2:
                ex.add_about(Kind.SUM, total, relation=Relation(total=total.id, parts=tuple(p.id for p in parts)),
                             open_ended=True)  # fmt: skip


def _parts(after: list, total, text: str) -> list:
    """The counts filling the bracket right after `total`, or [] when anything else stands in it."""
    parts, at = [], total.evidence.end
    for f in after:
        if not BETWEEN.match(text[at : f.evidence.start].strip(" ")):
            return []
        if f.kind != Kind.COUNT or f.quantity.base_unit != total.quantity.base_unit or f.quantity.qualifier:
            return []
        parts.append(f)
        at = f.evidence.end
        if CLOSES.match(text, at):
            return parts
    return []
