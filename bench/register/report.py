#!/usr/bin/env python3
"""Writes bench/register/RESULTS.md from the files run.sh collected in its
work folder (stats-*.json from the generator, measure-*.json from the HTTP
client, pg.json from compare.py, meta-*.tsv,
run.tsv and idle.md from run.sh). stdlib only."""

import argparse
import json
import os
import statistics

NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def load(path):
    return json.load(open(path, encoding="utf-8")) if os.path.exists(path) else None


def tsv(path):
    out = {}
    if os.path.exists(path):
        for line in open(path, encoding="utf-8").read().splitlines():
            if "\t" in line:
                k, v = line.split("\t", 1)
                out[k] = v
    return out


def ms(v, digits=None):
    if v is None:
        return "–"
    if digits is None:
        digits = 2 if v < 10 else 1 if v < 100 else 0
    return f"{v:,.{digits}f} ms"


def secs(v):
    if v is None:
        return "–"
    if v < 120:
        return f"{v:.1f} s"
    return f"{v / 60:.1f} min ({v:,.0f} s)"


def num(v):
    return "–" if v is None else f"{v:,}"


def ratio(a, b):
    if not a or not b:
        return "–"
    r = a / b
    return f"{r:.2f}×" if r < 10 else f"{r:.0f}×"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    w = a.work
    run = tsv(os.path.join(w, "run.tsv"))
    backends = [b for b in run.get("backends", "").split() if os.path.exists(os.path.join(w, f"stats-{b}.json"))]
    stats = {b: load(os.path.join(w, f"stats-{b}.json")) for b in backends}
    meas = {b: load(os.path.join(w, f"measure-{b}.json")) for b in backends}
    meta = {b: tsv(os.path.join(w, f"meta-{b}.tsv")) for b in backends}
    pg = load(os.path.join(w, "pg.json"))
    queries = [q for q in open(a.queries, encoding="utf-8").read().splitlines() if q.strip()]
    L = []
    p = L.append
    n = int(run.get("processes", "0"))

    p(f"# Register benchmark: {n:,} processes in one organisation")
    p("")
    p(f"- Date: {run.get('started')}; commit {run.get('commit')}"
      + (" (working tree had uncommitted changes of other work in progress)" if run.get("dirty") == "yes" else
         " (built from a `git archive` export of that commit)" if run.get("dirty") == "export" else ""))
    p(f"- Machine: {run.get('cpu')}, {run.get('mem')} RAM; server, client and PostgreSQL {run.get('pg_version')} "
      f"share the cores; SQLite through sqlx's bundled library")
    if run.get("binary"):
        p(f"- Server binary: `{run['binary']}`")
    if run.get("note"):
        p(f"- Note: {run['note']}")
    p(f"- Register: {n:,} generated processes in „Stadt Musterstadt“ (plus the demo's own) — "
      "LeiKa names of `../shared/data/leika/leika-ozg.csv` with sub-process and branch-office variants, "
      "local names and internal support processes; descriptions, keywords, services, legal bases, "
      "statuses, areas, org units, owners, criticality and OZG levels vary "
      "(`bench/register/gen/src/main.rs`, seed 42, the same register on both backends)")
    p("- Server: `target/release/ablauf serve`, `ABLAUF_LOG=warn`, default pool (16); one request at a time "
      "over a kept-alive connection, signed in with an API token of admin@musterstadt.example (Administrator)")
    p(f"- Repetitions: search {run.get('search_reps')} per query after {run.get('warmup')} warm-ups; "
      f"register pages {run.get('page_reps')} after 1; export {run.get('export_reps')}; "
      "percentiles are nearest-rank over the timed requests")
    p("")

    # ---------------------------------------------------------------- generation
    p("## Generation (through `Store::create_process`, search index included)")
    p("")
    p("| backend | processes | writers | time | processes/s | slowest single write | database size |")
    p("|---|---:|---:|---:|---:|---:|---:|")
    for b in backends:
        s = stats[b]
        p(f"| {NAMES[b]} | {s['processes']:,} | {s['concurrency']} | {secs(s['seconds']['processes'])} | "
          f"{s['per_second']:,.0f} | {ms(s['slowest_process_seconds'] * 1000)} | {meta[b].get('db_size', '–')}"
          + (f" (search_docs {meta[b]['search_docs_size']})" if meta[b].get("search_docs_size") else "") + " |")
    p("")
    for b in backends:
        s = stats[b]
        extra = f"; then `VACUUM ANALYZE` {meta[b].get('vacuum_s')} s" if meta[b].get("vacuum_s") else ""
        p(f"- {NAMES[b]}: demo content seeded in {s['seconds']['demo_seed']:.1f} s, areas/units/"
          f"{s['legal_bases']} legal bases in {s['seconds']['setup']:.1f} s, whole generator "
          f"{secs(s['seconds']['total'])}{extra}. Status counts: "
          + ", ".join(f"{k} {v:,}" for k, v in s["counts"]["status"].items()))
    p("")

    # ---------------------------------------------------------------- search
    p("## Search: `GET /api/v1/organizations/{org}/search?q=…` (20 hits, the default)")
    p("")
    hdr = "| query |" + "".join(f" {NAMES[b]} p50 | {NAMES[b]} p99 |" for b in backends) + " hits |"
    p(hdr)
    p("|---|" + "---:|---:|" * len(backends) + "---:|")
    worst = {}
    for q in queries:
        cells = []
        totals = []
        for b in backends:
            r = next((x for x in meas[b]["search"] if x["query"] == q), None) if meas[b] else None
            cells += [ms(r.get("p50_ms")) if r else "–", ms(r.get("p99_ms")) if r else "–"]
            if r:
                totals.append(r.get("total"))
                if r.get("p50_ms") is not None and r["p50_ms"] > worst.get(b, ("", 0))[1]:
                    worst[b] = (q, r["p50_ms"])
        # One number when the backends agree (the same generated register).
        shown = sorted({t for t in totals}, key=lambda t: (t is None, t or 0))
        hits = " / ".join(num(t) for t in shown) if shown else "–"
        p(f"| `{q}` | " + " | ".join(cells) + f" | {hits} |")
    cells = []
    for b in backends:
        s = meas[b]["search_all"] if meas[b] else {}
        cells += [f"**{ms(s.get('p50_ms'))}**", f"**{ms(s.get('p99_ms'))}**"]
    p("| **all 20 queries** | " + " | ".join(cells) + " | |")
    cells = []
    for b in backends:
        s = meas[b]["search_floor"] if meas[b] else {}
        cells += [ms(s.get("p50_ms")), ms(s.get("p99_ms"))]
    p("| empty `q` (token check, org lookup, HTTP; no search) | " + " | ".join(cells) + " | 0 |")
    p("")
    p("\"hits\": all matching processes, from the answer's `X-Total-Count` header (the body holds the best 20); "
      "two numbers separated by / when the backends disagree.")
    if worst:
        p("Slowest query by p50: " + "; ".join(f"{NAMES[b]} `{q}` {ms(v)}" for b, (q, v) in worst.items()) + ".")
    p("")
    fs_rows = [(b, (meas[b] or {}).get("first_search")) for b in backends]
    if any(f for _, f in fs_rows):
        p("### First search after the server started: building the organisation's index")
        p("")
        p("The very first request of the search phase (after signing in, before the warm-ups): the server "
          "reads every `search_docs` row of the organisation, folds it and builds the in-memory index "
          "(`ablauf_search::Index`), then answers. Memory: the server's `VmRSS` from `/proc/PID/status` right "
          "before and right after that request; the difference is what the index (and the allocator's "
          "leftovers of the build) keeps. The same query's p50 once the index is built is in the table above.")
        p("")
        p("| backend | query | first request | hits | then p50 | RSS before | RSS after | index memory (RSS after − before) | peak (VmHWM) before → after |")
        p("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        for b, f in fs_rows:
            if not f:
                continue
            r = next((x for x in meas[b]["search"] if x["query"] == f["query"]), {})
            mib = lambda v: "–" if v is None else f"{v:,.0f} MiB"
            delta = (f["rss_after_mib"] - f["rss_before_mib"]) if f.get("rss_after_mib") is not None and f.get("rss_before_mib") is not None else None
            p(f"| {NAMES[b]} | `{f['query']}` | **{ms(f['ms'])}**"
              + ("" if f.get("status") == 200 else f" (status {f.get('status')})")
              + f" | {num(f.get('total'))} | {ms(r.get('p50_ms'))} | {mib(f.get('rss_before_mib'))} | "
              f"{mib(f.get('rss_after_mib'))} | **{mib(delta)}** | {mib(f.get('hwm_before_mib'))} → {mib(f.get('hwm_after_mib'))} |")
        p("")
    # ---------------------------------------------------------------- pages
    p("## Register page `/o/{org}/prozesse`")
    p("")
    p("| view | matching | rows shown |" + "".join(f" {NAMES[b]} p50 | {NAMES[b]} p99 |" for b in backends) + " HTML size |")
    p("|---|---:|---:|" + "---:|---:|" * len(backends) + "---:|")
    if backends and meas[backends[0]]:
        for i, row in enumerate(meas[backends[0]]["pages"]):
            cells = []
            for b in backends:
                r = meas[b]["pages"][i] if meas[b] else {}
                cells += [ms(r.get("p50_ms")), ms(r.get("p99_ms"))]
            match = row.get("matching")
            p(f"| {row['label']} | {num(match) if match is not None else '–'} | {num(row['rows_shown'])} | "
              + " | ".join(cells) + f" | {row['bytes'] / 1e6:.1f} MB |")
    p("")
    p("\"matching\": generated processes the filter selects (the demo's ~30 own processes not counted); "
      "\"rows shown\": table rows or map tiles in the answer.")
    p("")

    # ---------------------------------------------------------------- export
    p("## XLSX export `/o/{org}/prozesse/export?format=xlsx&…`")
    p("")
    p("| backend | filter | matching | answer | time (each run) | size |")
    p("|---|---|---:|---|---|---:|")
    for b in backends:
        e = (meas[b] or {}).get("export") or {}
        if e.get("status") == 200:
            p(f"| {NAMES[b]} | `{e['query']}` | {num(e.get('matching'))} | 200 `{e.get('content_type', '')}`"
              f"{'' if e.get('is_zip') else ' (not a ZIP/XLSX!)'} | "
              + ", ".join(ms(t) for t in e.get("times_ms", [])) + f" | {e.get('bytes', 0) / 1e6:.2f} MB |")
        else:
            p(f"| {NAMES[b]} | `{e.get('query', '')}` | {num(e.get('matching'))} | **{e.get('status', 'not run')}** "
              f"— route not there yet | – | – |")
    p("")

    # ---------------------------------------------------------------- memory
    p("## Server memory")
    p("")
    p("| backend | RSS after start | RSS after the first search (index built) | peak (VmHWM) after all measurements | RSS at the end |")
    p("|---|---:|---:|---:|---:|")
    for b in backends:
        f = (meas[b] or {}).get("first_search") or {}
        after = f"{f['rss_after_mib']:,.0f} MiB" if f.get("rss_after_mib") is not None else "–"
        p(f"| {NAMES[b]} | {meta[b].get('rss_start', '–')} | {after} | **{meta[b].get('vmhwm', '–')}** | {meta[b].get('rss_end', '–')} |")
    p("")

    # ---------------------------------------------------------------- PG FTS
    if pg and "postgres" in backends:
        mp = meas["postgres"]
        p("## Our search against PostgreSQL's full-text search, same rows")
        p("")
        p(f"PostgreSQL: `to_tsvector('german', doc) @@ plainto_tsquery('german', q)` ranked by `ts_rank`, "
          f"`LIMIT 20`, over a table `bench_fts` with one row per process whose `doc` is exactly the text our "
          f"search indexes (`search_docs.fields`: name, keywords, service, legal bases, description, identifier, "
          f"trigger, result, Themenfeld, Lebenslage; {pg['docs']:,} rows of {pg['avg_doc_chars']} characters on "
          f"average). Without an index every row's `to_tsvector` is computed per query; with a GIN index on "
          f"the same expression (built in {pg['gin_build_s']:.1f} s, {pg['gin_size']}; the plan "
          f"{'uses' if pg['gin_plan_uses_index'] else 'does NOT use'} it). Timed in psql (`\\timing`, client "
          f"round trip, id + name + rank, no highlighting); ours is the whole HTTP request on the PostgreSQL "
          f"backend with the index already built (token check, revision check, index lookup, full scoring of "
          f"the best, highlights, names and statuses from SQL, JSON).")
        p("")
        p("| query | ours p50 (HTTP) | PG FTS, no index p50 | PG FTS, GIN p50 | ours / GIN | ours / no index |")
        p("|---|---:|---:|---:|---:|---:|")
        ours_all, gin_all, noidx_all = [], [], []
        for q in queries:
            r = next((x for x in mp["search"] if x["query"] == q), {})
            pq = pg["queries"][q]
            o = r.get("p50_ms")
            g = pq["pg_gin"].get("p50_ms")
            ni = pq["pg_noindex"].get("p50_ms")
            ours_all.append(o)
            gin_all.append(g)
            noidx_all.append(ni)
            p(f"| `{q}` | {ms(o)} | {ms(ni)} | {ms(g)} | {ratio(o, g)} | {ratio(o, ni)} |")
        gm = lambda xs: statistics.geometric_mean([x for x in xs if x]) if all(xs) else None
        p(f"| **geometric mean** | **{ms(gm(ours_all))}** | {ms(gm(noidx_all))} | "
          f"{ms(gm(gin_all))} | **{ratio(gm(ours_all), gm(gin_all))}** | **{ratio(gm(ours_all), gm(noidx_all))}** |")
        p("")
        p("### What each finds")
        p("")
        p("Counts over the whole register. \"ours\" is every document our engine accepts when every stored "
          "document is scored (the recall helper `bench/register/recall` runs `ablauf_search::score_prepared` "
          "over all of them, no index); \"API total\" the `X-Total-Count` the API answered (from the index; "
          "per backend when they differ); "
          "\"PG\" PostgreSQL's matches (no LIMIT), \"PG :*\" the same with every word as a prefix "
          "(`to_tsquery('german', 'word:*')`), which is what a PostgreSQL search-as-you-type would send. "
          "\"API top-20 exact\": the API's first 20 hits carry the 20 best scores of the brute-force set "
          "(ties aside; checked per backend against the scores, the register being the same) — \"no\" would "
          "mean the index missed better matches.")
        p("")
        p("| query | PG tsquery | PG | PG :* | ours | API total | both | ours only: literal | ours only: typo/synonym | PG only | API top-20 exact |")
        p("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")

        def exactness(b, q, pq):
            r = next((x for x in (meas[b] or {}).get("search", []) if x["query"] == q), {})
            api = sorted((h["score"] for h in r.get("top200", [])[:20]), reverse=True)
            best = pq["top20_scores"][: len(api)]
            if not api and not pq["ours_engine"]:
                return "– (no hits)"
            if api and len(api) == min(20, pq["ours_engine"]) and all(abs(x - y) < 1e-3 for x, y in zip(api, best)):
                return "yes"
            if api:
                k = next((i for i, (x, y) in enumerate(zip(api, best)) if abs(x - y) >= 1e-3), len(api) - 1)
                return f"no (hit {k + 1}: score {api[k]:.2f} vs best {best[k]:.2f}; {len(api)} of {min(20, pq['ours_engine'])} hits)" \
                    if k < len(best) else f"no ({len(api)} hits of {min(20, pq['ours_engine'])})"
            return "no (no hits)"

        mismatched_totals = []
        all_exact = True
        for q in queries:
            pq = pg["queries"][q]
            ex = {b: exactness(b, q, pq) for b in backends if meas[b]}
            all_exact &= all(v in ("yes", "– (no hits)") for v in ex.values())
            exact = next(iter(ex.values())) if len(set(ex.values())) == 1 else \
                "; ".join(f"{NAMES[b]}: {v}" for b, v in ex.items())
            tots = {b: next((x.get("total") for x in (meas[b] or {}).get("search", []) if x["query"] == q), None)
                    for b in backends if meas[b]}
            if any(t != pq["ours_engine"] for t in tots.values()):
                mismatched_totals.append(q)
            api_total = num(next(iter(tots.values()))) if len(set(tots.values())) == 1 else \
                " / ".join(f"{NAMES[b]} {num(t)}" for b, t in tots.items())
            p(f"| `{q}` | `{pq['tsquery']}` | {pq['pg']:,} | {pq['pg_prefix']:,} | {pq['ours_engine']:,} | "
              f"{api_total} | {pq['both']:,} | {pq['ours_only_literal']:,} | {pq['ours_only_fuzzy']:,} | "
              f"{pq['pg_only']:,} | {exact} |")
        tot = {k: sum(pg["queries"][q][k] for q in queries)
               for k in ("pg", "ours_engine", "both", "ours_only_literal", "ours_only_fuzzy", "pg_only", "pg_prefix")}
        p(f"| **all** | | {tot['pg']:,} | {tot['pg_prefix']:,} | {tot['ours_engine']:,} | | {tot['both']:,} | "
          f"{tot['ours_only_literal']:,} | {tot['ours_only_fuzzy']:,} | {tot['pg_only']:,} | |")
        p("")
        p(("The API's top 20 were exact for every query on "
           + " and ".join(NAMES[b] for b in backends if meas[b]) + ".") if all_exact else
          "**The API's top 20 were NOT exact for every query** (see the last column).")
        p(("The API's total (`X-Total-Count`) equals the brute-force count for every query."
           if not mismatched_totals else
           "**The API's total differs from the brute-force count** for: "
           + ", ".join(f"`{q}`" for q in mismatched_totals) + "."))
        p("")
        p("\"ours only: literal\" — every query word occurs in the process's text once both are folded (lower case, "
          "ß→ss, umlauts): inside a compound (`anmeldung` in „Gewerbeanmeldung“), as a word start (`bauantr`, "
          "`urlaub` in „Urlaubszeit“), across ß/ss or a hyphen; PostgreSQL's stemmer only matches whole words. "
          "\"typo/synonym\" — only through the typo tolerance (edit distance 1–2 against any part of a word) "
          "or an abbreviation (`kfz`, `kita`): the misspelt query finds what was meant, but this is also where "
          "ours finds things nobody asked for (`urlaub` ≈ „Erlaubnis“, `eheschließung` ≈ „Erschließung“); they "
          "rank below every literal hit.")
        p("")
        p("Examples (distinct process names; ours-only by our score, in [ ] the fields our search highlighted; "
          "PG-only with PostgreSQL's own highlight «…» from `ts_headline`):")
        p("")
        for q in queries:
            pq = pg["queries"][q]
            if not pq["ours_only_literal_examples"] and not pq["ours_only_fuzzy_examples"] and not pq["pg_only_examples"]:
                continue
            p(f"- `{q}`")
            if pq["ours_only_literal_examples"]:
                p("  - ours only, literal: " + "; ".join(f"„{x['name']}“ [{x['fields']}]" for x in pq["ours_only_literal_examples"]))
            if pq["ours_only_fuzzy_examples"]:
                p("  - ours only, typo/synonym: " + "; ".join(f"„{x['name']}“ [{x['fields']}]" for x in pq["ours_only_fuzzy_examples"]))
            if pq["pg_only_examples"]:
                p("  - PG only: " + "; ".join(f"„{x['name']}“ ({x['pg_headline']})" for x in pq["pg_only_examples"]))
        p("")

    # ---------------------------------------------------------------- notes
    p("## Was the machine otherwise idle?")
    p("")
    p(f"Before generating and before measuring, the script waits (up to {run.get('idle_wait')} s) for two "
      "quiet 3-second samples in a row: no rustc and ≤ 10 % CPU busy. The last sample of each wait:")
    p("")
    p("| before | waited | rustc | CPU busy | load (1/5/15) | idle | top processes |")
    p("|---|---:|---|---:|---|---|---|")
    idle = os.path.join(w, "idle.md")
    if os.path.exists(idle):
        L.extend(x for x in open(idle, encoding="utf-8").read().splitlines() if x.strip())
    p("")
    p("During each HTTP measurement the CPU time of the server, PostgreSQL, the client and steal is "
      "accounted against the machine's; a run with rustc seen or > 10 % used by others is repeated "
      f"(up to {run.get('retries', '1')} time(s), on a restarted server so the first search builds the index again) "
      "and marked disturbed if it stays so:")
    p("")
    for b in backends:
        m = meta[b]
        p(f"- {NAMES[b]}: {m.get('cpu', '–')}; attempts {m.get('attempts', '–')}"
          + (" — **⚠ disturbed**" if m.get("disturbed") == "yes" else "")
          + f"; server log: {m.get('server_warnings', '–')} WARN/ERROR lines"
          + (f", e.g. `{m['server_warning_example']}`" if m.get("server_warning_example") else ""))
    p("")
    p("Rerun: `bash bench/register/run.sh` from the repository root (`BENCH_PROCESSES=5000` for a quick check).")
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("\n".join(L) + "\n")


if __name__ == "__main__":
    main()
