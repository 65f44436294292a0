"""Run by tests/test_cluster.py in a child interpreter: a Dask cluster's threads stay in the process that
started it and would count against the address-space limit of every reader forked from it afterwards.

    python tests/cluster_probe.py CACHE FILE...

Prints, as JSON: the results of the files run as tasks on a LocalCluster (two worker processes) with
CACHE, the first file again under a 100-character limit, and the result row of a task that failed twice."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

import distributed

from jixiao import batch, cluster
from jixiao.limits import Limits


def _fails(path: str) -> None:
    raise cluster._Crashed(f"{path}: exit code -11")


def main(cache: str, files: list[str]) -> dict:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as local, distributed.Client(local) as client:  # fmt: skip
        on_cluster = cluster.runner(client)
        results = list(batch.run(files, cache=cache, runner=on_cluster))
        limited = list(batch.run(files[-1:], limits=Limits(chars_per_file=100), runner=on_cluster))
        future = client.submit(_fails, "r.pdf", retries=cluster.RETRIES, pure=False)
        distributed.wait(future)
        twice, status = cluster._outcome(future, "r.pdf", "en"), future.status
    return {"results": [asdict(r) for r in results + limited], "twice": asdict(twice), "status": status}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2:]), ensure_ascii=False))
