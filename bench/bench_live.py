"""Benchmark: `deploylint drift --live` against a local moto server.

Three accounts, each served by a fresh ``moto.server.ThreadedMotoServer`` on 127.0.0.1:

- ``guide``: the guide's production stack (tests/live/stack.py): 1 VPC, 4 subnets,
  3 security groups, the ECS service, RDS, ElastiCache, OpenSearch, S3, 2 alarms, 3 log
  groups;
- ``large``: the same plus 200 security groups and 500 log groups tagged for the
  environment (each log group's tags are one more call);
- ``1000``: the same plus 300 security groups and 685 log groups: 1,000 live resources.

Targets (issue 16): the guide's stack <= 0.8 s wall, 1,000 live resources <= 3 s. The
table puts each figure beside the last recorded one (``--before``, by default
``results-live-2026-12-06.json``, measured before the issue 16 §5 work).

For each, ``deploylint drift tests/live/configs --env production --live`` runs as a whole
process (--runs times after one warm-up; wall and CPU time, user + system, median and
minimum) and the collector runs once in-process to count API calls and retries. The load
average before and after each account's runs is recorded: on a shared machine the wall
time is roughly the CPU time times the contention, so compare CPU times across loads.
Never contacts AWS: fake credentials, explicit endpoint.

``--deploylint EXECUTABLE`` (repeatable) times other builds instead of this environment's:
with two or more, the builds run in turn, run by run, against the same server, so that they
share the load (compare main's build with a branch's in one sitting).

    python bench/bench_live.py
    python bench/bench_live.py --runs 5 --json figures.json
    python bench/bench_live.py --accounts guide --runs 7 \
        --deploylint /work/venv/bin/deploylint --deploylint .venv/bin/deploylint
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BEFORE = REPO / "bench" / "results-live-2026-12-06.json"
TARGETS = {"guide": 0.8, "1000": 3.0}  # seconds of wall time (issue 16 §5)
sys.path.insert(0, str(REPO))

FAKE = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}


def grow(endpoint: str, groups: int, log_groups: int) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from tests.live.stack import ENV, client

    ec2 = client(endpoint, "ec2")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "tag:Component", "Values": ["network"]}])
    vpc_id = vpc["Vpcs"][0]["VpcId"]
    logs = client(endpoint, "logs")

    def group(n: int) -> None:
        ec2.create_security_group(
            GroupName=f"svc{n:03d}-sg",
            Description="bench",
            VpcId=vpc_id,
            TagSpecifications=[
                {"ResourceType": "security-group", "Tags": [{"Key": "Environment", "Value": ENV}]}
            ],
        )

    def log_group(n: int) -> None:
        logs.create_log_group(
            logGroupName=f"/bench/{ENV}/svc{n:03d}",
            tags={"Environment": ENV, "Stream": f"svc{n:03d}"},
        )

    for n in range(groups):  # moto's EC2 backend is not safe for concurrent creates
        group(n)
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(log_group, range(log_groups)))


def measure(
    name: str, groups: int, log_groups: int, runs: int, builds: list[str | None]
) -> list[dict[str, Any]]:
    """One account on one moto server: every build timed in turn, run by run (so that each
    sees the same load), then the collector once in-process. ``None`` is this
    environment's deploylint (``python -m deploylint``)."""
    from moto.server import ThreadedMotoServer
    from tests.live.stack import REGION, provision

    from deploylint.live.collector import Collector, Connection

    load_before = os.getloadavg()[0]
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        import requests

        requests.post(f"{endpoint}/moto-api/reset", timeout=10)  # moto's state is per process
        provision(endpoint)
        if groups or log_groups:
            grow(endpoint, groups, log_groups)
        args = [
            "drift",
            str(REPO / "tests" / "live" / "configs"),
            "--env",
            "production",
            "--live",
            "--endpoint-url",
            endpoint,
            "--format",
            "json",
            "--no-config",
        ]
        commands = [
            [build, *args] if build else [sys.executable, "-m", "deploylint", *args]
            for build in builds
        ]
        times: list[list[float]] = [[] for _ in builds]
        cpus: list[list[float]] = [[] for _ in builds]
        findings = [0 for _ in builds]
        server = resource.getrusage(resource.RUSAGE_SELF)  # moto's threads live in this process
        for n in range(runs + 1):
            for b, command in enumerate(commands):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                done = subprocess.run(
                    command, capture_output=True, text=True, env={**os.environ, **FAKE}
                )
                elapsed = time.perf_counter() - start
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
                if done.returncode == 2:
                    raise SystemExit(f"drift failed ({command[0]}): {done.stderr}")
                findings[b] = len(json.loads(done.stdout)["findings"])
                if n:  # the first run warms moto up (and writes what a build caches)
                    times[b].append(elapsed)
                    cpus[b].append(cpu)
        served = resource.getrusage(resource.RUSAGE_SELF)
        server_cpu = (served.ru_utime + served.ru_stime - server.ru_utime - server.ru_stime) / (
            (runs + 1) * len(builds)
        )
        start = time.perf_counter()
        snap = Collector(Connection(endpoint_url=endpoint), REGION).collect("production")
        collect = time.perf_counter() - start
    finally:
        moto.stop()
    return [
        {
            "account": name,
            **({"build": build} if build else {}),
            "security_groups": len(snap.of("security-group")),
            "log_groups": len(snap.of("log-group")),
            "drift_wall_s": round(statistics.median(times[b]), 2),
            "drift_wall_min_s": round(min(times[b]), 2),
            "drift_cpu_s": round(statistics.median(cpus[b]), 2),
            "drift_cpu_min_s": round(min(cpus[b]), 2),
            "server_cpu_s": round(server_cpu, 2),  # the moto server's CPU per run (mean)
            "load_average_before": round(load_before, 1),
            "load_average": round(os.getloadavg()[0], 1),
            "collect_s": round(collect, 2),
            "api_calls": snap.calls,
            "retries": snap.retries,
            "findings": findings[b],
            "runs": runs,
        }
        for b, build in enumerate(builds)
    ]


def compile_package() -> None:
    """Write deploylint's .pyc files, as ``pip install`` does for a wheel (bench.py does the
    same): under ``PYTHONDONTWRITEBYTECODE=1`` an editable install would otherwise compile
    its modules on every run, which no installed copy does."""
    import compileall

    import deploylint

    compileall.compile_dir(Path(deploylint.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--before", type=Path, default=BEFORE, help="earlier figures to show beside these"
    )
    parser.add_argument(
        "--accounts", nargs="+", default=["guide", "large", "1000"], choices=list(ACCOUNTS)
    )
    parser.add_argument(
        "--deploylint",
        action="append",
        metavar="EXECUTABLE",
        help="a deploylint executable to time (default: this environment's); repeat it to "
        "compare builds run by run on the same server and load",
    )
    args = parser.parse_args()
    os.environ.update(FAKE)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    compile_package()
    builds: list[str | None] = list(args.deploylint or [None])
    rows = [
        row for name in args.accounts for row in measure(name, *ACCOUNTS[name], args.runs, builds)
    ]
    before = {r["account"]: r for r in json.loads(args.before.read_text(encoding="utf-8"))}
    print(table(rows, before, args.before.name))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


ACCOUNTS = {"guide": (0, 0), "large": (200, 500), "1000": (300, 685)}


def table(rows: list[dict[str, Any]], before: dict[str, dict[str, Any]], name: str) -> str:
    """Markdown: each account's wall and CPU (median, min) beside the earlier figures."""

    def was(account: str, key: str) -> str:
        value = before.get(account, {}).get(key)
        return f"{value:.2f} s" if isinstance(value, int | float) else "n/a"

    lines = [
        f"| account | SGs | log groups | wall median (min) | before ({name}) | target "
        "| CPU median (min) | CPU before | moto CPU | collect | API calls | findings | load |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in rows:
        account = r["account"]
        target = TARGETS.get(account)
        shown = f"{account} ({r['build']})" if r.get("build") else account
        verdict = ""
        if target is not None:
            met = r["drift_wall_s"] <= target  # the median: a lucky minimum proves nothing
            verdict = f"<= {target:.1f} s ({'met' if met else 'not met'} by the median)"
        lines.append(
            f"| {shown} | {r['security_groups']} | {r['log_groups']} | "
            f"{r['drift_wall_s']:.2f} s ({r['drift_wall_min_s']:.2f} s) | "
            f"{was(account, 'drift_wall_s')} | {verdict} | "
            f"{r['drift_cpu_s']:.2f} s ({r['drift_cpu_min_s']:.2f} s) | "
            f"{was(account, 'drift_cpu_s')} | {r['server_cpu_s']:.2f} s | "
            f"{r['collect_s']:.2f} s | {r['api_calls']} "
            f"({before.get(account, {}).get('api_calls', 'n/a')}) | {r['findings']} | "
            f"{r['load_average_before']:.1f}-{r['load_average']:.1f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
