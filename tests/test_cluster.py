"""`--dask`: files as tasks on a Dask cluster give what a local batch gives (a LocalCluster of two worker
processes, each task forking its own reader as a local batch does). The cluster runs in a child interpreter
(cluster_probe.py): its threads would stay in this one."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao import batch
from jixiao.pipeline import FileResult

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "seed"
KEYS = ("file", "rule", "severity", "message", "stated", "expected", "page", "line")

pytest.importorskip("distributed", reason="Dask is an optional extra: pip install 'jixiao[dask]'")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("in")
    for name in ("example-word.pdf", "example.txt"):
        shutil.copy(SEED / name, folder / name)
    shutil.copy(sorted((ROOT / "corpus" / "generated").glob("*.pdf"))[0], folder / "generated.pdf")
    (folder / "damaged.pdf").write_bytes(b"%PDF-1.7\n not a PDF body")
    return batch.expand([str(folder)])


@pytest.fixture(scope="module")
def probe(inputs, tmp_path_factory) -> dict:
    cache = tmp_path_factory.mktemp("cache")
    cmd = [sys.executable, str(ROOT / "tests" / "cluster_probe.py"), str(cache), *inputs]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=True).stdout
    return {**json.loads(out), "cache": cache}


def _findings(results) -> dict:
    return {r.path: (r.error_code, [{k: f[k] for k in KEYS} for f in r.findings]) for r in results}


def test_cluster_run_gives_the_local_findings_and_fills_the_cache(inputs, probe):
    there = [FileResult(**r) for r in probe["results"][: len(inputs)]]
    here = list(batch.run(inputs, jobs=1))
    assert _findings(there) == _findings(here)
    assert _findings(there)[inputs[0]][0] == "damaged" and any(r.findings for r in there)  # results come as done
    assert len(list(probe["cache"].glob("*.json"))) == len(inputs)  # the damaged file is remembered too
    again = list(batch.run(inputs, cache=str(probe["cache"]), runner=_no_file_left))
    assert _findings(again) == _findings(here)


def _no_file_left(files, *args):
    assert files == []  # every file came from the cache the cluster filled
    return iter(())


def test_cluster_tasks_keep_the_per_file_limits(inputs, probe):
    limited = FileResult(**probe["results"][-1])
    assert limited.path == inputs[-1] and limited.error_code == "limit-exceeded" and "chars_per_file" in limited.error


def test_a_task_that_fails_twice_is_a_result_row(probe):
    row = probe["twice"]
    assert probe["status"] == "error" and row["error_code"] == "crashed" and "failed twice" in row["error"]
    assert "exit code -11" in row["error"] and row["path"] == "r.pdf"


def _cli(*args: str, before: str = "") -> subprocess.CompletedProcess:
    probe = f"import sys\n{before}\nfrom jixiao.cli import app\nsys.argv = ['jixiao', *{list(args)!r}]\napp()"
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)


def test_cli_dask_local_gives_the_local_output(tmp_path):
    shutil.copy(SEED / "example.txt", tmp_path / "example.txt")
    local = _cli("check", "-q", "-f", "json", str(tmp_path))
    on_dask = _cli("check", "-q", "-f", "json", "--dask", "local", str(tmp_path))
    assert local.returncode == on_dask.returncode == 1, on_dask.stderr
    assert json.loads(on_dask.stdout) == json.loads(local.stdout) and on_dask.stderr == ""


def test_an_unreachable_scheduler_is_one_line(tmp_path):
    shutil.copy(SEED / "example.txt", tmp_path / "example.txt")
    res = _cli(
        "check",
        "--dask",
        "tcp://127.0.0.1:9",
        str(tmp_path),
        before="import jixiao.cluster as c; c.CONNECT_SECONDS = 1",
    )
    assert res.returncode == 2 and res.stderr.count("\n") == 1
    assert res.stderr.startswith("jixiao: --dask: cannot reach the scheduler at tcp://127.0.0.1:9")


def test_without_dask_the_option_says_what_to_install(tmp_path):
    """Dask made unimportable in the child interpreter: one line naming the extra, exit 2, nothing read."""
    shutil.copy(SEED / "example.txt", tmp_path / "example.txt")
    hide = "sys.modules['dask'] = sys.modules['dask.distributed'] = None"
    res = _cli("check", "--dask", "local", str(tmp_path), before=hide)
    assert res.returncode == 2
    assert res.stderr == "jixiao: --dask needs Dask: pip install 'jixiao[dask]' (dask[distributed])\n"
