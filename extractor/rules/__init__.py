"""The rule registry. One module per rule: ID, SEVERITY (the most it reports), a docstring with a
consistent and an inconsistent example, and `check(ctx)` yielding Findings.
"""

from __future__ import annotations

import importlib
import traceback
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the registry's names need no model: a run answered from the cache loads none
    from ..model import Finding
    from .context import Context

RULE_MODULES = [
    "rate_mismatch",
    "restated_value",
    "sum_mismatch",
    "formula_mismatch",
    "rule_not_applied",
    "count_mismatch",
    "points_mismatch",
    "target_not_met",
    "out_of_range",
    "stale_reference",
    "impossible_date",
    "table_not_read",
]


def rule_ids() -> list[str]:
    """The rules' IDs without importing them (each module is named after its ID; a test holds them to it)."""
    return [m.replace("_", "-") for m in RULE_MODULES]


def all_rules() -> dict[str, ModuleType]:
    mods = [importlib.import_module(f"{__name__}.{m}") for m in RULE_MODULES]
    return {m.ID: m for m in mods}


def check_known(names: list[str]) -> None:
    """KeyError naming the ones that are no rule's ID (no rule module is imported)."""
    unknown = [r for r in names if r not in rule_ids()]
    if unknown:
        raise KeyError(", ".join(unknown))


def select_rules(select: list[str] | None = None, ignore: list[str] | None = None) -> dict[str, ModuleType]:
    check_known((select or []) + (ignore or []))
    rules = all_rules()
    if select:
        rules = {k: v for k, v in rules.items() if k in select}
    return {k: v for k, v in rules.items() if k not in (ignore or [])}


def run(ctx: Context, rules: dict[str, ModuleType]) -> list[Finding]:
    """Run each rule; a rule that raises becomes one internal-error finding and the others go on."""
    from ..model import Finding
    from .recognised import cap_recognised
    from .stories import one_story

    out: list[Finding] = []
    for rule_id, mod in rules.items():
        try:
            out.extend(mod.check(ctx))
        except Exception as e:  # noqa: BLE001 - a broken rule must not stop the run
            detail = "".join(traceback.format_exception_only(type(e), e)).strip()
            out.append(
                Finding(
                    ctx.doc.path,
                    "internal-error",
                    "error",
                    f"规则 {rule_id} 内部错误：{detail}",
                    f"rule {rule_id} failed: {detail}",
                    "",
                    "",
                    (),
                )
            )
    return cap_recognised(ctx, one_story(ctx, out))
