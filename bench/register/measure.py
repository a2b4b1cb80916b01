#!/usr/bin/env python3
"""HTTP client of the register benchmark (bench/register/run.sh); stdlib only.

Signs in with an API token (POST /api/v1/auth/token) and measures, one
request at a time over a kept-alive connection:

* first of all, one search (the first query) on the freshly started
  server: it builds the organisation's in-memory search index from
  search_docs; timed, with the server's VmRSS/VmHWM (/proc/PID/status)
  right before and right after it (--pid);
* GET /api/v1/organizations/{org}/search?q=… for every query (warm-up, then N repetitions),
  with the total of matching processes (header X-Total-Count), plus the
  same request with an empty query (authentication + HTTP, no search) as
  the floor;
* the register page /o/{org}/prozesse: the map (default), the table, and
  the table filtered by status, area, org unit, owner, criticality, OZG
  level, a combination, and sorted;
* GET /o/{org}/prozesse/export?format=xlsx with a filter matching about
  10 % of the register (10,000 of 100,000 processes).

Also keeps the first 200 hits of each query (ids) for the comparison with
PostgreSQL's full-text search. Writes one JSON file.

usage: measure.py --base URL --stats STATS.json --queries FILE --out OUT.json
                  [--pid SERVER_PID] [--reps 20] [--warmup 3] [--page-reps 10] [--export-reps 3]
"""

import argparse
import http.client
import json
import re
import sys
import time
import urllib.parse


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    s = sorted(values)
    k = max(1, -(-len(s) * p // 100))  # ceil(n * p / 100), at least 1
    return s[min(len(s), int(k)) - 1]


class Client:
    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port or 80
        self.conn = None
        self.token = None

    def _connect(self):
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=600)

    def request(self, method, path, body=None, headers=None):
        """Returns (status, headers, body bytes, seconds)."""
        h = dict(headers or {})
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        for attempt in (1, 2):
            if self.conn is None:
                self._connect()
            try:
                t0 = time.perf_counter()
                self.conn.request(method, path, body=body, headers=h)
                r = self.conn.getresponse()
                data = r.read()
                dt = time.perf_counter() - t0
                if r.getheader("connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return r.status, dict(r.getheaders()), data, dt
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A kept-alive connection the server closed: reconnect once.
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise

    def sign_in(self, email, password):
        status, _, data, _ = self.request(
            "POST",
            "/api/v1/auth/token",
            body=json.dumps({"email": email, "password": password}),
            headers={"Content-Type": "application/json"},
        )
        if status != 200:
            sys.exit(f"POST /api/v1/auth/token answered {status}: {data[:300]!r}")
        self.token = json.loads(data)["token"]


def timed(client, path, reps, warmup, expect=200, label=None):
    """Warm-up, then `reps` timed GETs. Returns (times, last status, last body, headers)."""
    status, headers, body = None, {}, b""
    for _ in range(warmup):
        status, headers, body, _ = client.request("GET", path)
        if status != expect:
            return [], status, body, headers
    times = []
    for _ in range(reps):
        status, headers, body, dt = client.request("GET", path)
        if status != expect:
            print(f"measure: {label or path}: {status}", file=sys.stderr)
            return times, status, body, headers
        times.append(dt)
    return times, status, body, headers


def proc_status(pid):
    """VmRSS and VmHWM of a process in MiB (None without a pid)."""
    out = {"rss_mib": None, "hwm_mib": None}
    if not pid:
        return out
    try:
        for line in open(f"/proc/{pid}/status", encoding="utf-8"):
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                out["rss_mib" if k == "VmRSS" else "hwm_mib"] = int(v.split()[0]) / 1024
    except OSError:
        pass
    return out


def header(headers, name):
    return {k.lower(): v for k, v in headers.items()}.get(name.lower())


def total_of(headers):
    v = header(headers, "x-total-count")
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def summary(times):
    if not times:
        return {"n": 0}
    return {
        "n": len(times),
        "p50_ms": percentile(times, 50) * 1000,
        "p99_ms": percentile(times, 99) * 1000,
        "min_ms": min(times) * 1000,
        "max_ms": max(times) * 1000,
        "mean_ms": sum(times) / len(times) * 1000,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--stats", required=True, help="JSON written by register-gen")
    ap.add_argument("--queries", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--email", default="admin@musterstadt.example")
    ap.add_argument("--password", default="demo")
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--page-reps", type=int, default=10)
    ap.add_argument("--export-reps", type=int, default=3)
    ap.add_argument("--pid", type=int, default=0, help="the server's pid, for its memory")
    a = ap.parse_args()

    stats = json.load(open(a.stats, encoding="utf-8"))
    org = stats["organization_id"]
    queries = [q for q in open(a.queries, encoding="utf-8").read().splitlines() if q.strip()]
    c = Client(a.base)
    c.sign_in(a.email, a.password)
    out = {"organization_id": org, "search": [], "pages": [], "export": None}

    def log(msg):
        print(f"[measure {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    # --- search --------------------------------------------------------------
    base_q = f"/api/v1/organizations/{org}/search?q="
    # The very first search of the organisation on this server: builds its
    # in-memory index from every search_docs row, then answers.
    before = proc_status(a.pid)
    path = base_q + urllib.parse.quote(queries[0])
    status, headers, body, dt = c.request("GET", path)
    after = proc_status(a.pid)
    out["first_search"] = {
        "query": queries[0], "status": status, "ms": dt * 1000, "total": total_of(headers),
        "hits": len(json.loads(body)) if status == 200 else 0,
        "rss_before_mib": before["rss_mib"], "rss_after_mib": after["rss_mib"],
        "hwm_before_mib": before["hwm_mib"], "hwm_after_mib": after["hwm_mib"],
    }
    if status != 200:
        sys.exit(f"first search {path} answered {status}: {body[:300]!r}")
    fs = out["first_search"]
    log(f"first search {queries[0]!r} (builds the index): {fs['ms']:.0f} ms, {fs['total']} matching; "
        + (f"RSS {fs['rss_before_mib']:.0f} → {fs['rss_after_mib']:.0f} MiB, peak {fs['hwm_after_mib']:.0f} MiB"
           if fs["rss_after_mib"] is not None else "no pid given, memory not read"))
    times, status, _, _ = timed(c, base_q, a.reps, a.warmup)
    out["search_floor"] = summary(times) | {"status": status}
    log(f"search floor (empty q): p50 {out['search_floor'].get('p50_ms', 0):.2f} ms")
    all_times = []
    for q in queries:
        path = base_q + urllib.parse.quote(q)
        times, status, body, headers = timed(c, path, a.reps, a.warmup, label=q)
        hits = json.loads(body) if status == 200 else []
        total = total_of(headers) if status == 200 else None
        # The first 200 hits (the API's maximum) for the comparison.
        s200, h200, b200, t200 = c.request("GET", path + "&limit=200")
        top200 = [{"id": h["id"], "name": h["name"], "score": h["score"],
                   "fields": sorted({m["field"] for m in h["matches"]})}
                  for h in (json.loads(b200) if s200 == 200 else [])]
        row = summary(times) | {
            "query": q,
            "status": status,
            "hits_top20": len(hits),
            "total": total,
            "total_limit200": total_of(h200) if s200 == 200 else None,
            "top20": [h["id"] for h in hits],
            "top200": top200,
            "limit200_ms": t200 * 1000,
        }
        out["search"].append(row)
        all_times += times
        log(f"search {q!r}: p50 {row.get('p50_ms', 0):.1f} ms, p99 {row.get('p99_ms', 0):.1f} ms, "
            f"{total} matching, {len(hits)} returned (limit 200: {len(top200)} in {t200 * 1000:.0f} ms)")
    out["search_all"] = summary(all_times)

    # --- register page ---------------------------------------------------------
    counts = stats["counts"]

    def biggest(kind):
        items = [(n, k) for k, n in counts[kind].items() if k]
        return max(items) if items else (0, "")

    n_area, area = biggest("area")
    n_unit, unit = biggest("unit")
    n_owner, owner = biggest("owner")
    area_name = next((x["name"] for x in stats["areas"] if x["id"] == area), area)
    unit_name = next((x["name"] for x in stats["units"] if x["id"] == unit), unit)
    st = counts["status"]
    crit = counts["criticality"]
    lv = counts["level"]
    demo = stats.get("demo_processes", 0)
    variants = [
        ("map (default view)", "", stats["register_total"]),
        ("table, no filter", "ansicht=tabelle", stats["register_total"]),
        ("table, sorted by last change (desc)", "ansicht=tabelle&sort=updated&dir=desc", stats["register_total"]),
        ("table, status = analysiert", "ansicht=tabelle&status=analysiert", st.get("analysiert", 0)),
        ("table, status = freigegeben", "ansicht=tabelle&status=freigegeben", st.get("freigegeben", 0)),
        (f"table, area = {area_name}", f"ansicht=tabelle&area={area}", n_area),
        (f"table, org unit = {unit_name}", f"ansicht=tabelle&unit={unit}", n_unit),
        ("table, owner = most frequent", f"ansicht=tabelle&owner={owner}", n_owner),
        ("table, criticality = kritisch", "ansicht=tabelle&criticality=kritisch", crit.get("kritisch", 0)),
        ("table, OZG level = 4", "ansicht=tabelle&level=4", lv.get("4", 0)),
        ("table, kritisch + analysiert, sorted by name desc",
         "ansicht=tabelle&status=analysiert&criticality=kritisch&sort=name&dir=desc", None),
    ]
    reg = f"/o/{org}/prozesse"
    for label, qs, expected in variants:
        path = reg + ("?" + qs if qs else "")
        times, status, body, _ = timed(c, path, a.page_reps, 1, label=label)
        text = body.decode("utf-8", "replace")
        rows = len(re.findall(r'<th scope="row">', text)) if "ansicht=tabelle" in qs else \
            len(re.findall(r'<li class="tile', text))
        row = summary(times) | {
            "label": label, "query": qs, "status": status, "bytes": len(body),
            "rows_shown": rows, "matching": expected,
        }
        out["pages"].append(row)
        log(f"page {label}: p50 {row.get('p50_ms', 0):.0f} ms, {rows} rows shown "
            f"(matching ≈ {expected}), {len(body) / 1e6:.1f} MB")

    # --- export ------------------------------------------------------------------
    # A filter matching about 10 % of the register: the status closest to it.
    target = stats["register_total"] / 10
    status_pick = min((s for s in st if st[s]), key=lambda s: abs(st[s] - target))
    qs = f"format=xlsx&status={status_pick}"
    path = f"{reg}/export?{qs}"
    exp = {"query": qs, "matching": st[status_pick] + 0, "demo_processes_not_counted": demo}
    status, headers, body, dt = c.request("GET", path)
    if status != 200:
        exp |= {"status": status, "error": body[:300].decode("utf-8", "replace"), "first_ms": dt * 1000}
        log(f"export: {status} for {path}")
    else:
        times = [dt]
        for _ in range(a.export_reps - 1):
            s2, headers, body, dt = c.request("GET", path)
            if s2 != 200:
                break
            times.append(dt)
        ctype = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
        exp |= summary(times) | {
            "status": status, "bytes": len(body), "content_type": ctype,
            "is_zip": body[:2] == b"PK",
            "times_ms": [t * 1000 for t in times],
        }
        log(f"export {qs}: {[round(t * 1000) for t in times]} ms, {len(body) / 1e6:.2f} MB, {ctype}")
    out["export"] = exp

    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
