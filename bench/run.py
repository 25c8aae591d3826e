"""`make bench`: the portal under load on PostgreSQL, held against its own floor.

Seeds two databases (scale 0.2 and scale 1), serves the portal with gunicorn on the scale-1
data, drives each main page with wrk (16 connections) as a signed-in user of the right role,
and compares it with two reference views served by the same server in the same run:
`trivial` (plain text) and `floor` (the base layout with a 50-row table from memory).
The reference views are mounted only by this server (bench.settings and bench.urls).
Also times the engagement CSV export of 100,000 rows against a bare CSV stream of the same
rows, and the national evaluation report against WeasyPrint alone on the same HTML.
Writes bench/results/latest.json and prints a short table.
"""

from __future__ import annotations

import json
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
SERVER = "postgres://postgres@127.0.0.1:5432"
DB_SCALE_1 = "improvement_portal_bench"
DB_SMALL = "improvement_portal_bench_small"
PORT = 8765
BASE_URL = f"http://127.0.0.1:{PORT}"
DURATION = os.environ.get("BENCH_DURATION", "8s")
CONNECTIONS = 16


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    role: str


PAGES = [
    Page("dashboard", "/", "principal_adviser"),
    Page("councils list", "/councils/", "principal_adviser"),
    Page("council detail", "/councils/E09000007/", "principal_adviser"),
    Page("engagements list", "/engagements/", "programme_manager"),
    Page(
        "engagements filtered", "/engagements/?strand=intensive&funding=free", "programme_manager"
    ),
    Page("engagement form", "/engagements/new/", "principal_adviser"),
    Page("courses", "/courses/", "councillor"),
    Page("bookings", "/bookings/", "councillor"),
    Page("mentoring board", "/mentoring/board/", "programme_manager"),
    Page("resources search", "/resources/?q=safeguarding", "councillor"),
    Page("reports list", "/reports/", "programme_manager"),
]


def env_for(database: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DATABASE_URL=f"{SERVER}/{database}",
        DEBUG="false",
        SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        MFA_REQUIRED_FOR_STAFF_ROLES="false",
        DJANGO_SETTINGS_MODULE="bench.settings",
        CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def manage(database: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env_for(database),
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def helper(database: str, module: str, *args: str) -> dict:
    """Run a bench helper module under Django with this database; it prints one JSON line."""
    result = subprocess.run(
        [sys.executable, "-m", f"bench.{module}", *args],
        env=env_for(database),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"bench.{module} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def prepare_database(database: str, scale: float) -> float:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{database}"')
    manage(database, "migrate", "--noinput")
    manage(database, "createcachetable")
    started = time.monotonic()
    manage(database, "seed_demo", "--scale", str(scale), "--seed", "2018")
    return time.monotonic() - started


def start_server(database: str) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "improvement_portal.wsgi",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        env=env_for(database),
        cwd=ROOT,
    )
    for _ in range(60):
        try:
            urllib.request.urlopen(f"{BASE_URL}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def wrk(url: str, cookie: str | None = None) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{DURATION}",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench" / "wrk_report.lua"),
    ]
    if cookie:
        command += ["-H", f"Cookie: sessionid={cookie}"]
    output = subprocess.run(
        [*command, BASE_URL + url], capture_output=True, text=True, check=True
    ).stdout
    figures = json.loads(re.search(r"^JSON (.*)$", output, re.M).group(1))
    seconds = figures["duration_us"] / 1e6
    return {
        "rps": round(figures["requests"] / seconds, 1),
        "p50_ms": round(figures["p50_us"] / 1000, 1),
        "p95_ms": round(figures["p95_us"] / 1000, 1),
        "errors": figures["errors"] + figures["non_2xx"],
    }


def median_of(runs: list[dict]) -> dict:
    return {
        key: round(statistics.median(run[key] for run in runs), 1)
        for key in ("rps", "p50_ms", "p95_ms")
    }


def worker_pids(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [int(pid) for pid in children]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def timed_download(url: str, cookie: str, server: subprocess.Popen) -> tuple[float, int, float]:
    """Seconds to stream the whole body, its line count, and the largest worker RSS growth."""
    pids = worker_pids(server)
    before = {pid: rss_mb(pid) for pid in pids}
    peak = dict(before)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid in pids:
                peak[pid] = max(peak[pid], rss_mb(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    request = urllib.request.Request(BASE_URL + url, headers={"Cookie": f"sessionid={cookie}"})
    started = time.monotonic()
    lines = 0
    with urllib.request.urlopen(request, timeout=300) as response:
        for _ in response:
            lines += 1
    seconds = time.monotonic() - started
    done.set()
    sampler.join()
    growth = max(peak[pid] - before[pid] for pid in pids)
    return seconds, lines, growth


def main() -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    print("Seeding scale 0.2 and scale 1 (about two minutes each)…", flush=True)
    seed_small = prepare_database(DB_SMALL, 0.2)
    seed_large = prepare_database(DB_SCALE_1, 1)
    print(f"  seeded in {seed_small:.0f}s and {seed_large:.0f}s", flush=True)

    manage(DB_SCALE_1, "collectstatic", "--noinput", "-v", "0")
    queries_small = helper(DB_SMALL, "queries", json.dumps([p.__dict__ for p in PAGES]))
    queries_large = helper(DB_SCALE_1, "queries", json.dumps([p.__dict__ for p in PAGES]))
    sessions = helper(DB_SCALE_1, "sessions")
    report = helper(DB_SCALE_1, "report_timing")

    server = start_server(DB_SCALE_1)
    try:
        floors, trivials = [], []
        for url in ("/bench/trivial", "/bench/floor"):
            wrk(url)  # warm-up
        trivials.append(wrk("/bench/trivial"))
        floors.append(wrk("/bench/floor"))
        pages = []
        for page in PAGES:
            cookie = sessions[page.role]
            wrk(page.url, cookie)  # warm-up
            figures = wrk(page.url, cookie)
            pages.append({"name": page.name, "url": page.url, "role": page.role, **figures})
        trivials.append(wrk("/bench/trivial"))
        floors.append(wrk("/bench/floor"))
        floor = median_of(floors)
        trivial = median_of(trivials)
        for page in pages:
            page["ratio_to_floor"] = round(page["rps"] / floor["rps"], 2)
            page["queries_small"] = queries_small[page["name"]]["queries"]
            page["queries_scale_1"] = queries_large[page["name"]]["queries"]
            page["first_view_ms"] = queries_large[page["name"]]["first_view_ms"]

        rows = helper(DB_SCALE_1, "export_rows", "100000")["rows"]
        pm = sessions["programme_manager"]
        bare_seconds, _, _ = timed_download("/bench/export-bare.csv", pm, server)
        seconds, lines, growth = timed_download("/engagements/export.csv", pm, server)
    finally:
        server.terminate()
        server.wait()

    results = {
        "pages": pages,
        "trivial": trivial,
        "floor": floor,
        "report": report,
        "export": {
            "rows": rows,
            "lines": lines,
            "seconds": round(seconds, 2),
            "bare_seconds": round(bare_seconds, 2),
            "peak_rss_growth_mb": round(growth, 1),
        },
        "seed_seconds": {"scale_0_2": round(seed_small, 1), "scale_1": round(seed_large, 1)},
        "machine": machine(),
    }
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2))
    print_table(results)


def machine() -> dict:
    with psycopg.connect(f"{SERVER}/postgres") as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    return {"cores": os.cpu_count(), "python": platform.python_version(), "postgresql": postgres}


def print_table(results: dict) -> None:
    floor = results["floor"]
    print(
        f"\n{'page':<24}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'×floor':>8}{'queries 0.2/1':>15}"
        f"{'first ms':>10}  verdict"
    )
    for name in ("trivial", "floor"):
        f = results[name]
        print(f"{name:<24}{f['rps']:>8}{f['p50_ms']:>8}{f['p95_ms']:>8}")
    for page in results["pages"]:
        ok = (
            page["ratio_to_floor"] >= 0.5
            and page["p95_ms"] <= 2 * floor["p95_ms"]
            and page["queries_small"] == page["queries_scale_1"]
            and page["errors"] == 0
        )
        queries = f"{page['queries_small']}/{page['queries_scale_1']}"
        print(
            f"{page['name']:<24}{page['rps']:>8}{page['p50_ms']:>8}{page['p95_ms']:>8}"
            f"{page['ratio_to_floor']:>8}{queries:>15}{page['first_view_ms']:>10}"
            f"  {'ok' if ok else 'MISSES TARGET'}"
        )
    export = results["export"]
    report = results["report"]
    print(
        f"\nexport: {export['rows']} rows in {export['seconds']}s (bare {export['bare_seconds']}s,"
        f" ×{export['seconds'] / max(export['bare_seconds'], 0.001):.2f}),"
        f" peak RSS growth {export['peak_rss_growth_mb']} MB"
    )
    print(
        f"report: {report['seconds']}s (WeasyPrint alone {report['weasyprint_seconds']}s,"
        f" ×{report['ratio']})"
    )
    print(f"\nwritten to {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
