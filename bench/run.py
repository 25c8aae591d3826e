"""`make bench`: the portal under load on PostgreSQL, held against its own floor.

Seeds two databases (scale 0.2 and scale 1), serves the portal with gunicorn on the scale-1
data, drives each main page with wrk (16 connections) as a signed-in user of the right role,
and compares it with two reference views served by the same server in the same run:
`trivial` (plain text) and `floor` (the base layout with a 50-row table from memory).
The reference views are mounted only by this server (bench.settings and bench.urls).
Each page's first view (the server's time for it, rendered from the database as every view is)
is timed next to the floor's in one process, and a mixed run drives many signed-in people of
every role over many addresses at random (bench/mixed.py, bench/wrk_mixed.lua), read only and
again while another process logs one engagement a second (bench/writer.py).
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
# Both databases are dropped and made afresh; BENCH_DATABASE names them on a shared server.
DB_SCALE_1 = os.environ.get("BENCH_DATABASE", "improvement_portal_bench")
DB_SMALL = f"{DB_SCALE_1}_small"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE_URL = f"http://127.0.0.1:{PORT}"
DURATION = os.environ.get("BENCH_DURATION", "8s")
CONNECTIONS = 16
# The floor page again, for a signed-in person: the layout every portal page is drawn in.
SIGNED_IN_FLOOR = "floor, signed in"
SIGNED_IN_FLOOR_ROLE = "principal_adviser"


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


def wrk(url: str, cookie: str | None = None, *, addresses: Path | None = None) -> dict:
    """wrk's figures for one address, or for random (person, page) pairs from ``addresses``."""
    script = "wrk_mixed.lua" if addresses else "wrk_report.lua"
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{DURATION}",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench" / script),
    ]
    if cookie:
        command += ["-H", f"Cookie: sessionid={cookie}"]
    command.append(BASE_URL + url)
    if addresses:
        command += ["--", str(addresses)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures = json.loads(re.search(r"^JSON (.*)$", output, re.M).group(1))
    seconds = figures["duration_us"] / 1e6
    return {
        "rps": round(figures["requests"] / seconds, 1),
        "p50_ms": round(figures["p50_us"] / 1000, 1),
        "p95_ms": round(figures["p95_us"] / 1000, 1),
        "errors": figures["errors"] + figures["non_2xx"],
    }


def mixed_while_writing(database: str, addresses: Path) -> tuple[dict, int]:
    """The mixed run while another process logs one engagement a second; and how many it did."""
    seconds = float(DURATION.rstrip("s")) + 2
    writer = subprocess.Popen(
        [sys.executable, "-m", "bench.writer", str(seconds)],
        env=env_for(database),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        figures = wrk("/", addresses=addresses)
    finally:
        output, _ = writer.communicate(timeout=60)
    if writer.returncode != 0:
        raise SystemExit("bench.writer failed")
    return figures, json.loads(output.strip().splitlines()[-1])["logged"]


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
    addresses = RESULTS / "mixed_addresses.txt"
    mix = helper(DB_SCALE_1, "mixed", str(addresses))

    server = start_server(DB_SCALE_1)
    try:
        floors, trivials, signed_in_floors = [], [], []
        signed_in = sessions[SIGNED_IN_FLOOR_ROLE]
        for url in ("/bench/trivial", "/bench/floor"):
            wrk(url)  # warm-up
        wrk("/bench/floor", signed_in)
        trivials.append(wrk("/bench/trivial"))
        floors.append(wrk("/bench/floor"))
        signed_in_floors.append(wrk("/bench/floor", signed_in))
        pages = []
        for page in PAGES:
            cookie = sessions[page.role]
            wrk(page.url, cookie)  # warm-up
            figures = wrk(page.url, cookie)
            pages.append({"name": page.name, "url": page.url, "role": page.role, **figures})
        mixed = {"mixed, read only": wrk("/", addresses=addresses)}
        mixed["mixed, one engagement logged a second"], logged = mixed_while_writing(
            DB_SCALE_1, addresses
        )
        trivials.append(wrk("/bench/trivial"))
        floors.append(wrk("/bench/floor"))
        signed_in_floors.append(wrk("/bench/floor", signed_in))

        rows = helper(DB_SCALE_1, "export_rows", "100000")["rows"]
        pm = sessions["programme_manager"]
        bare_seconds, _, _ = timed_download("/bench/export-bare.csv", pm, server)
        seconds, lines, growth = timed_download("/engagements/export.csv", pm, server)
    finally:
        server.terminate()
        server.wait()

    results = build_results(
        pages=pages,
        floors=floors,
        trivials=trivials,
        signed_in_floors=signed_in_floors,
        queries_small=queries_small,
        queries_large=queries_large,
        mixed=mixed,
    )
    results["mix"] = {**mix, "engagements_logged": logged}
    results["report"] = report
    results["export"] = {
        "rows": rows,
        "lines": lines,
        "seconds": round(seconds, 2),
        "bare_seconds": round(bare_seconds, 2),
        "peak_rss_growth_mb": round(growth, 1),
    }
    results["seed_seconds"] = {"scale_0_2": round(seed_small, 1), "scale_1": round(seed_large, 1)}
    results["machine"] = machine()
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2))
    print_table(results)


def build_results(
    *,
    pages: list[dict],
    floors: list[dict],
    trivials: list[dict],
    signed_in_floors: list[dict] | None = None,
    queries_small: dict,
    queries_large: dict,
    mixed: dict[str, dict],
) -> dict:
    """Each page and mixed run against the floor measured in the same run and server."""
    floor = median_of(floors)
    floor_first_view_ms = queries_large["floor"]["first_view_ms"]
    floor_cpu_ms = queries_large["floor"].get("first_view_cpu_ms")
    for page in pages:
        measured = queries_large[page["name"]]
        page["ratio_to_floor"] = round(page["rps"] / floor["rps"], 2)
        page["queries_small"] = queries_small[page["name"]]["queries"]
        page["queries_scale_1"] = measured["queries"]
        page["first_view_ms"] = measured["first_view_ms"]
        page["first_view_ratio"] = round(measured["first_view_ms"] / floor_first_view_ms, 2)
        if floor_cpu_ms and "first_view_cpu_ms" in measured:
            page["first_view_cpu_ms"] = measured["first_view_cpu_ms"]
            page["first_view_cpu_ratio"] = round(measured["first_view_cpu_ms"] / floor_cpu_ms, 2)
    ratios = sorted(page["first_view_ratio"] for page in pages)
    results = {
        "pages": pages,
        "trivial": median_of(trivials),
        "floor": floor,
        "floor_first_view_ms": floor_first_view_ms,
        "floor_first_view_cpu_ms": floor_cpu_ms,
        "median_first_view_ratio": round(statistics.median(ratios), 2) if ratios else None,
        "mixed": [
            {
                "name": name,
                "rps": figures["rps"],
                "p50_ms": figures["p50_ms"],
                "p95_ms": figures["p95_ms"],
                "ratio_to_floor": round(figures["rps"] / floor["rps"], 2),
                "p95_to_floor": round(figures["p95_ms"] / floor["p95_ms"], 2),
                "errors": figures["errors"],
            }
            for name, figures in mixed.items()
        ],
    }
    signed_in = queries_large.get(SIGNED_IN_FLOOR)
    if signed_in_floors and signed_in:
        # Context for every ratio above: the floor's layout for a signed-in person, no queries
        # of its own, measured in the same run.
        figures = median_of(signed_in_floors)
        results["floor_signed_in"] = {
            **figures,
            "ratio_to_floor": round(figures["rps"] / floor["rps"], 2),
            "queries": signed_in["queries"],
            "first_view_ms": signed_in["first_view_ms"],
            "first_view_ratio": round(signed_in["first_view_ms"] / floor_first_view_ms, 2),
        }
    return results


def machine() -> dict:
    with psycopg.connect(f"{SERVER}/postgres") as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    return {"cores": os.cpu_count(), "python": platform.python_version(), "postgresql": postgres}


def print_table(results: dict) -> None:
    print(
        f"\n{'page':<24}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'×floor':>8}{'queries 0.2/1':>15}"
        f"{'first ms':>10}{'×floor':>8}  verdict"
    )
    for name in ("trivial", "floor"):
        f = results[name]
        print(f"{name:<24}{f['rps']:>8}{f['p50_ms']:>8}{f['p95_ms']:>8}")
    print(f"{'floor, first view':<71}{results['floor_first_view_ms']:>10}{1.0:>8}")
    if "floor_signed_in" in results:
        f = results["floor_signed_in"]
        queries = f"{f['queries']}/{f['queries']}"
        print(
            f"{SIGNED_IN_FLOOR:<24}{f['rps']:>8}{f['p50_ms']:>8}{f['p95_ms']:>8}"
            f"{f['ratio_to_floor']:>8}{queries:>15}{f['first_view_ms']:>10}{f['first_view_ratio']:>8}"
        )
    for page in results["pages"]:
        ok = (
            page["first_view_ratio"] <= 3
            and page["queries_small"] == page["queries_scale_1"]
            and page["errors"] == 0
        )
        queries = f"{page['queries_small']}/{page['queries_scale_1']}"
        print(
            f"{page['name']:<24}{page['rps']:>8}{page['p50_ms']:>8}{page['p95_ms']:>8}"
            f"{page['ratio_to_floor']:>8}{queries:>15}{page['first_view_ms']:>10}"
            f"{page['first_view_ratio']:>8}  {'ok' if ok else 'MISSES TARGET'}"
        )
    print(f"median first view ×floor: {results['median_first_view_ratio']} (target 2)")
    for run in results["mixed"]:
        ok = run["ratio_to_floor"] >= 0.5 and run["p95_to_floor"] <= 3 and run["errors"] == 0
        print(
            f"{run['name']:<40}{run['rps']:>8}{run['p50_ms']:>8}{run['p95_ms']:>8}"
            f"{run['ratio_to_floor']:>8}  errors {run['errors']}  {'ok' if ok else 'MISSES TARGET'}"
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
