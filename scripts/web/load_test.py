#!/usr/bin/env python3
"""A bounded load on a running `bcf serve` over loopback: COUNT checks of the planning sample through
POST /api/check from CONNECTIONS keep-alive connections at once. Every answer must be the sample's
findings; prints the median and 99th-percentile latency, the answers per second and the server's peak
resident memory (from /proc, given its process id).

Usage: load_test.py BASE_URL SERVER_PID [COUNT=200] [CONNECTIONS=16]
"""
import concurrent.futures
import http.client
import json
import os
import statistics
import sys
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    base, pid = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    connections = int(sys.argv[4]) if len(sys.argv) > 4 else 16
    url = urllib.parse.urlparse(base)
    body = open(os.path.join(ROOT, "Fixtures/planning-2017-19-sample.xlsx"), "rb").read()
    local = threading.local()
    deadline = time.time() + 300

    def one(_):
        if time.time() > deadline:
            raise SystemExit("load test: over its 300 s bound")
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        started = time.perf_counter()
        local.connection.request("POST", "/api/check?name=sample.xlsx", body=body)
        response = local.connection.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - started
        answer = json.loads(data)
        ok = response.status == 200 and answer[0]["edition"] == "planning-2017-19" and answer[0]["status"] == "passes"
        return ok, elapsed, response.status

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=connections) as pool:
        results = list(pool.map(one, range(count)))
    wall = time.perf_counter() - started
    latencies = sorted(r[1] for r in results)
    wrong = [r[2] for r in results if not r[0]]
    peak = next((line.split()[1] for line in open(f"/proc/{pid}/status") if line.startswith("VmHWM")), "?")
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"{count} checks from {connections} connections in {wall:.1f} s ({count / wall:.1f} per second): "
          f"median {statistics.median(latencies) * 1000:.0f} ms, 99th percentile {p99 * 1000:.0f} ms, "
          f"peak memory {int(peak) // 1024 if peak.isdigit() else peak} MiB, wrong answers {len(wrong)}")
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
