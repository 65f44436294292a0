"""Settings from a configuration file: `[tool.jixiao]` in pyproject.toml or the top level of jixiao.toml,
found from the working directory upwards (the first folder holding one wins; in one folder jixiao.toml wins
over pyproject.toml). Options given on the command line win over the file.

```toml
select = ["rate-mismatch", "sum-mismatch"]   # or ignore = [...]
fail-on = "error"
format = "json"                              # check's output format
lang = "en"
jobs = 2
year = 2023                                  # the report year when a report's title does not state it
[severity]                                   # in pyproject.toml: [tool.jixiao.severity]
restated-value = "warning"
```
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_NAME = "jixiao.toml"
PYPROJECT = "pyproject.toml"
SEVERITIES = ("error", "warning", "info")
FAIL_ON = (*SEVERITIES, "never")
LANGS = ("zh", "en")
YEARS = range(1949, 2201)  # a plausible report year


class ConfigError(ValueError):
    """A configuration file that cannot be used: the message names the file and the key, in Chinese and
    in English (`message(lang)`)."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(en)

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@dataclass
class Settings:
    """What a configuration file sets; `values` holds only the keys the file gives, by option name."""

    source: Path | None = None
    values: dict = field(default_factory=dict)  # select, ignore, fail_on, format, lang, jobs, year
    severity: dict[str, str] = field(default_factory=dict)  # rule → severity

    def pick(self, name: str, current, given: bool):
        """The value an option takes: the command line's when given there, else the file's, else its default."""
        return current if given or name not in self.values else self.values[name]


def find(start: Path) -> Path | None:
    """The configuration file that applies in `start`: the nearest folder upwards holding jixiao.toml, or a
    pyproject.toml with a [tool.jixiao] table."""
    for folder in (start.resolve(), *start.resolve().parents):
        own = folder / CONFIG_NAME
        if own.is_file():
            return own
        project = folder / PYPROJECT
        if project.is_file() and "jixiao" in _read(project).get("tool", {}):
            return project
    return None


def load(path: Path, rules: list[str], formats: list[str]) -> Settings:
    """The settings of one file, every key and value checked (`rules` and `formats` are the known ones)."""
    data = _read(path)
    if path.name == PYPROJECT:
        table = data.get("tool", {}).get("jixiao")
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: 没有 [tool.jixiao] 表", f"{path}: no [tool.jixiao] table")
        data, prefix = table, "tool.jixiao."
    else:
        prefix = ""
    check = _Checker(path, prefix, rules, formats)
    settings = Settings(path)
    for key, value in data.items():
        if key == "severity":
            settings.severity = check.severity(value)
        elif key in check.keys:
            settings.values[key.replace("-", "_")] = check.keys[key](key, value)
        else:
            raise check.unknown(key, [*check.keys, "severity"])
    return settings


def settle(explicit: Path | None, ignore_files: bool, rules: list[str], formats: list[str]) -> Settings:
    """The settings that apply: from `explicit` (--config), none (--no-config), or the file found upwards."""
    if ignore_files:
        return Settings()
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: 配置文件不存在", f"{explicit}: no such configuration file")
        return load(explicit, rules, formats)
    found = find(Path.cwd())
    return load(found, rules, formats) if found else Settings()


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: 不是有效的 TOML，请检查语法", f"{path}: not valid TOML ({e})") from None
    except (OSError, UnicodeDecodeError) as e:
        zh = f"{path}: 无法读取，请检查权限，并存为 UTF-8"
        raise ConfigError(zh, f"{path}: cannot be read ({e})") from None


class _Checker:
    """Checks one file's keys; every complaint names the file and the key."""

    def __init__(self, path: Path, prefix: str, rules: list[str], formats: list[str]):
        self.path, self.prefix, self.rules, self.formats = path, prefix, rules, formats
        self.keys = {
            "select": self.rule_list,
            "ignore": self.rule_list,
            "fail-on": lambda k, v: self.choice(k, v, FAIL_ON),
            "format": lambda k, v: self.choice(k, v, self.formats),
            "lang": lambda k, v: self.choice(k, v, LANGS),
            "jobs": self.jobs,
            "year": self.year,
        }

    def bad(self, key: str, zh: str, en: str) -> ConfigError:
        where = f"{self.path}: {self.prefix}{key}: "
        return ConfigError(where + zh, where + en)

    def unknown(self, key: str, known: list[str]) -> ConfigError:
        close = difflib.get_close_matches(key, known, n=1)
        if close:
            return self.bad(key, f"未知的键（是否想写 {close[0]!r}？）", f"unknown key (did you mean {close[0]!r}?)")
        return self.bad(key, f"未知的键；可用的键：{', '.join(known)}", f"unknown key; known keys: {', '.join(known)}")

    def choice(self, key: str, value, allowed) -> str:
        if value not in allowed:
            listed = ", ".join(allowed)
            raise self.bad(key, f"{value!r} 不是 {listed} 之一", f"{value!r} is not one of {listed}")
        return value

    def rule_list(self, key: str, value) -> list[str]:
        if isinstance(value, str):
            value = [s.strip() for s in value.split(",") if s.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.bad(key, "须为规则标识的列表", "must be a list of rule identifiers")
        for rule in value:
            if rule not in self.rules:
                raise self.bad(
                    key, f"未知的规则 {rule!r}；见 `jixiao rules`", f"unknown rule {rule!r}; see `jixiao rules`"
                )
        return value

    def jobs(self, key: str, value) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.bad(
                key,
                f"须为不小于 1 的整数（不是 {value!r}）",
                f"must be a whole number of workers, at least 1 (not {value!r})",
            )
        return value

    def year(self, key: str, value) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value not in YEARS:
            raise self.bad(key, f"须为年份，如 2023（不是 {value!r}）", f"must be a year such as 2023 (not {value!r})")
        return value

    def severity(self, value) -> dict[str, str]:
        if not isinstance(value, dict):
            table = 'rule = "error" | "warning" | "info"'
            raise self.bad("severity", f"须为 {table} 的表", f"must be a table of {table}")
        for rule, level in value.items():
            if rule not in self.rules:
                raise self.bad(f"severity.{rule}", "未知的规则；见 `jixiao rules`", "unknown rule; see `jixiao rules`")
            self.choice(f"severity.{rule}", level, SEVERITIES)
        return dict(value)


def apply_severity(results, severity: dict[str, str]) -> None:
    """Give each finding of a rule named in `severity` the severity set for it."""
    if severity:
        for r in results:
            for f in r.findings:
                f["severity"] = severity.get(f["rule"], f["severity"])
