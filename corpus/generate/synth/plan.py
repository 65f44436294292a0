"""The corpus plan: which reports exist and which errors and traps each one carries.

Counts are balanced: every rule gets ``ERRORS_PER_RULE`` injected errors and about as many
traps, spread over the reports so that no report carries much more than the others; a few
reports per kind stay clean (no errors, traps only).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from random import Random
from typing import Optional

from ..layout import TABLE_TEXT_STYLES
from .world import DEPTS, Dept

RULES = ("rate-mismatch", "restated-value", "sum-mismatch", "formula-mismatch", "rule-not-applied",
         "count-mismatch", "points-mismatch", "target-not-met", "out-of-range", "stale-reference")
KINDS = (("department", 24), ("project", 22), ("table", 20))
YEARS = (2021, 2022, 2023)
ERRORS_PER_RULE = 13
TRAPS_PER_RULE = 16
CLEAN_PER_KIND = 2
TXT_TWINS = 20
#: Rules whose errors cannot share one report (they live in the same written-out average).
EXCLUSIVE = {frozenset(("rule-not-applied", "formula-mismatch"))}
SHORT = {"department": "dept", "project": "proj", "table": "table"}


@dataclass
class Spec:
    name: str
    kind: str
    dept: Dept
    year: int
    project: Optional[str] = None
    flavour: str = ""
    errors: dict = field(default_factory=dict)
    traps: dict = field(default_factory=dict)
    txt_style: Optional[str] = None
    clean: bool = False


def _sites(kind: str):
    from . import dept, project, table
    mod = {"department": dept, "project": project, "table": table}[kind]
    return mod.SITES, mod.TRAP_SITES


def plan(seed: int) -> list[Spec]:
    rng = Random(f"plan:{seed}")
    specs: list[Spec] = []
    i = 0
    for kind, n in KINDS:
        depts = list(DEPTS)
        rng.shuffle(depts)
        for k in range(n):
            d = depts[k % len(depts)]
            year = YEARS[(k + k // len(depts)) % 3]
            proj = rng.choice(d.projects) if kind != "department" else None
            flavour = rng.choice(("project", "project", "department")) if kind == "table" else ""
            name = f"synth-{i + 1:02d}-{SHORT[kind]}-{d.domain}-{year}"
            specs.append(Spec(name, kind, d, year, proj, flavour, clean=k < CLEAN_PER_KIND))
            i += 1
    for rule in RULES:
        _assign(rng, specs, rule, ERRORS_PER_RULE, errors=True)
    for rule in RULES:
        _assign(rng, specs, rule, TRAPS_PER_RULE, errors=False)
    twins = rng.sample(range(len(specs)), TXT_TWINS)
    for j, s in enumerate(sorted(twins)):
        specs[s].txt_style = TABLE_TEXT_STYLES[j % len(TABLE_TEXT_STYLES)]
    return specs


def _assign(rng: Random, specs: list[Spec], rule: str, count: int, errors: bool) -> None:
    pool = [s for s in specs if rule in _sites(s.kind)[0 if errors else 1]
            and not (errors and s.clean)
            and not any(frozenset((rule, r)) in EXCLUSIVE for r in s.errors)]
    for _ in range(count):
        if not pool:
            return
        load = (lambda s: len(s.errors)) if errors else (lambda s: sum(len(v) for v in s.traps.values()))
        low = min(load(s) for s in pool)
        s = rng.choice([s for s in pool if load(s) == low])
        pool.remove(s)
        sites, trap_sites = _sites(s.kind)
        if errors:
            s.errors[rule] = rng.choice(sites[rule])
        else:
            options = [x for x in trap_sites[rule] if x != s.errors.get(rule)]
            if options:
                s.traps[rule] = {rng.choice(options)}
