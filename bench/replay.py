"""Replays the mixed run's (person, address) pairs in one process and says where the CPU time
goes: the web process's own, and the database server's for its connection (bench only).

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... python -m bench.mixed /tmp/mixed.txt
    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... python -m bench.replay /tmp/mixed.txt 700

Takes the same shuffled sample every time, reads each page once (templates loaded, connection
open, as a warm worker has), then reads them all again timed. PostgreSQL's figure comes from
its backend process's CPU counters (``/proc/PID/stat``), so it needs the server on this machine.
Run it alternately on two checkouts to compare code: this machine's noise is a fifth either way.
"""

from __future__ import annotations

import gc
import os
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

import django

django.setup()

from django.conf import settings
from django.db import connection
from django.test import Client


def kind(url: str) -> str:
    """The page an address is an instance of: ``/councils/<gss>/``, ``/courses/<pk>/``, …"""
    path, _, query = url.partition("?")
    path = re.sub(r"/E\d{8}/", "/<gss>/", path)
    path = re.sub(r"/\d+/", "/<pk>/", path)
    path = re.sub(r"^/resources/[a-z0-9-]+/$", "/resources/<slug>/", path)
    return path + ("?…" if query else "")


def database_cpu_ms() -> float:
    """CPU time PostgreSQL's process for this connection has used, in milliseconds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def main() -> None:
    pairs = [line.split() for line in Path(sys.argv[1]).read_text().splitlines() if line]
    random.Random(1).shuffle(pairs)
    pairs = pairs[: int(sys.argv[2])] if len(sys.argv) > 2 else pairs
    clients: dict[str, Client] = {}
    for key, url in pairs:
        client = clients.setdefault(key, Client())
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        client.get(url)
    gc.collect()
    gc.freeze()
    cpu: dict[str, float] = {}
    count = Counter[str]()
    database_before, wall = database_cpu_ms(), time.perf_counter()
    for key, url in pairs:
        started = time.process_time()
        response = clients[key].get(url)
        cpu[kind(url)] = cpu.get(kind(url), 0.0) + time.process_time() - started
        count[kind(url)] += 1
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    wall = time.perf_counter() - wall
    database = database_cpu_ms() - database_before
    total = sum(cpu.values())
    print(
        f"{len(pairs)} requests: web process {total * 1000 / len(pairs):.2f} ms of CPU each, "
        f"PostgreSQL {database / len(pairs):.2f} ms, wall {wall * 1000 / len(pairs):.2f} ms"
    )
    for name, seconds in sorted(cpu.items(), key=lambda item: -item[1]):
        print(
            f"  {name:<32}{count[name]:>6}{seconds * 1000 / count[name]:>8.2f} ms"
            f"{100 * seconds / total:>7.1f}%"
        )


if __name__ == "__main__":
    main()
