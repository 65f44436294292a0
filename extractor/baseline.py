"""Baselines: findings once reviewed and accepted, recorded so that later checks report only new ones.

The file is JSON, in a stable order, one entry per distinct fingerprint (see fingerprint.py) with how many
times it occurs in its file; the message is kept for the reader and never compared:

```json
{"version": 1, "findings": [
  {"file": "report.pdf", "rule": "rate-mismatch", "subject": "部门整体", "stated": "91.12%",
   "expected": "90.27%", "count": 1, "message": "执行率91.12%与同处所列数字不符：…"}]}
```
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from .fingerprint import fingerprint
from .journal import atomic_write_text
from .messages import say

VERSION = 1
KEYS = ("rule", "file", "subject", "stated", "expected")  # the fingerprint, as the file names its parts


class BaselineError(ValueError):
    """A baseline file that cannot be used: the message (messages.py, in either language) names the file
    and what to do."""

    def __init__(self, key: str, **values):
        self.key, self.values = key, values
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh") -> str:
        return say(self.key, lang, **self.values)


def accepted(results) -> Counter:
    """The fingerprints of every finding of `results`, counted (an unreadable file's row is no finding)."""
    return Counter(fingerprint(f) for r in results if not r.error for f in r.findings)


def render(results) -> str:
    """The baseline recording every finding of `results` as accepted."""
    counts = accepted(results)
    message = {}
    for r in results:
        for f in [] if r.error else r.findings:
            message.setdefault(fingerprint(f), f.get("message", ""))
    entries = [
        {"file": key[1], "rule": key[0], "subject": key[2], "stated": key[3], "expected": key[4]}
        | {"count": n, "message": message[key]}
        for key, n in sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[0][2:]))
    ]
    return json.dumps({"version": VERSION, "findings": entries}, ensure_ascii=False, indent=2) + "\n"


def write(path: Path, results) -> int:
    """Record the findings of `results` in `path` (written whole or not at all); how many were recorded."""
    atomic_write_text(path, render(results))
    return sum(len(r.findings) for r in results if not r.error)


def load(path: Path) -> Counter:
    """The accepted fingerprints of a baseline file, counted."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError("no_baseline", file=path) from None
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise BaselineError("bad_baseline", file=path, why=e) from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError("old_baseline", file=path, version=VERSION)
    counts: Counter = Counter()
    for k, entry in enumerate(data["findings"]):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(key), str) for key in KEYS):
            raise BaselineError("baseline_keys", file=path, k=k + 1, keys=", ".join(KEYS))
        count = entry.get("count", 1)
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise BaselineError("baseline_count", file=path, k=k + 1)
        counts[fingerprint(entry)] += count
    return counts


class Suppressor:
    """Drops the findings a baseline accepts, result by result as a batch streams: each accepted entry is
    used as often as it was counted, over the whole batch."""

    def __init__(self, baseline: Counter):
        self.left, self.dropped, self.checked = Counter(baseline), 0, set()

    def __call__(self, res) -> None:
        if not res.error:
            self.checked.add(Path(res.path).name)
        kept = []
        for f in res.findings:
            key = fingerprint(f)
            if self.left[key] > 0:
                self.left[key] -= 1
                self.dropped += 1
            else:
                kept.append(f)
        res.findings = kept

    def gone(self) -> int:
        """How many accepted findings of the files checked no longer occur."""
        return sum(n for key, n in self.left.items() if key[1] in self.checked)


def suppress(results, baseline: Counter) -> tuple[int, int]:
    """Drop from `results` the findings the baseline accepts; (how many were dropped, how many accepted
    ones of the files checked no longer occur)."""
    drop = Suppressor(baseline)
    for r in results:
        drop(r)
    return drop.dropped, drop.gone()
