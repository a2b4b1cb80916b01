#!/usr/bin/env python3
"""PostgreSQL full-text side of the register benchmark (bench/register/run.sh);
stdlib only, talks to the database through the psql command-line tool.

  compare.py pg --psql "ARGS" --org UUID --queries FILE --work DIR --recall BIN --out OUT.json
                [--reps 20] [--noindex-reps 1] [--limit 20]
      On the PostgreSQL database the app wrote:
      1. bench_fts(process_id, organization_id, name, doc): one row per
         process, doc = the same field texts our search indexes
         (search_docs.fields, name first), joined by spaces;
      2. the documents to DIR/docs.tsv, and runs the recall helper over them
         (every document our engine accepts, by scoring each one: the
         brute-force reference for the in-memory index);
      3. times, per query, PostgreSQL's full-text search
         to_tsvector('german', doc) @@ plainto_tsquery('german', q), ranked
         by ts_rank, LIMIT like ours: without an index (computed per row),
         then with a GIN index on the same expression;
      4. collects the full match sets of both for the recall comparison.
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import time
import unicodedata

TIME_RE = re.compile(r"^Time: ([0-9.]+) ms", re.M)


def log(msg):
    print(f"[compare {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def percentile(values, p):
    s = sorted(values)
    k = max(1, -(-len(s) * p // 100))
    return s[min(len(s), int(k)) - 1]


def summary(ms):
    if not ms:
        return {"n": 0}
    return {"n": len(ms), "p50_ms": percentile(ms, 50), "p99_ms": percentile(ms, 99),
            "min_ms": min(ms), "max_ms": max(ms)}


def fold(s):
    """Roughly ablauf-search's folding: lower case, ß→ss, accents off,
    ae/oe/ue→a/o/u, anything else than letters and digits separates words."""
    s = unicodedata.normalize("NFD", s.lower().replace("ß", "ss"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    return re.sub(r"[^0-9a-z]+", " ", s)


def lit(s):
    return "'" + s.replace("'", "''") + "'"


# ----------------------------------------------------------------- PostgreSQL

class Psql:
    def __init__(self, args):
        self.base = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"] + shlex.split(args)

    def run(self, sql, tuples=False):
        cmd = self.base + (["-At", "-F", "\t"] if tuples else [])
        r = subprocess.run(cmd, input=sql, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"psql failed: {r.stderr.strip()}\n--- SQL ---\n{sql[:2000]}")
        return r.stdout

    def timings(self, statements):
        """Runs the statements in one session with \\timing; returns ms per statement."""
        script = "\\timing on\n\\o /dev/null\n" + "".join(s.rstrip(";") + ";\n" for s in statements)
        out = self.run(script)
        times = [float(t) for t in TIME_RE.findall(out)]
        if len(times) != len(statements):
            sys.exit(f"expected {len(statements)} timings, got {len(times)}")
        return times


def fts_sql(org_lit, q, limit):
    return ("SELECT process_id, name, ts_rank(to_tsvector('german', doc), tq) AS rank "
            f"FROM bench_fts, plainto_tsquery('german', {lit(q)}) tq "
            f"WHERE organization_id = {org_lit} AND to_tsvector('german', doc) @@ tq "
            f"ORDER BY rank DESC LIMIT {limit}")


def prefix_tsquery(q):
    words = re.findall(r"\w+", q)
    return " & ".join(w + ":*" for w in words)


def pg(a):
    psql = Psql(a.psql)
    org_lit = lit(a.org) + "::uuid"
    queries = [q for q in open(a.queries, encoding="utf-8").read().splitlines() if q.strip()]
    os.makedirs(a.work, exist_ok=True)
    res = {"queries": {}, "notes": []}

    log("building bench_fts from search_docs")
    t0 = time.time()
    psql.run(f"""
DROP TABLE IF EXISTS bench_fts;
CREATE TABLE bench_fts AS
SELECT d.process_id, d.organization_id, p.name,
       (SELECT string_agg(x.e ->> 1, ' ' ORDER BY x.n)
          FROM json_array_elements(d.fields::json) WITH ORDINALITY AS x(e, n)) AS doc
  FROM search_docs d JOIN processes p ON p.id = d.process_id;
ANALYZE bench_fts;
""")
    row = psql.run(f"SELECT COUNT(*), COALESCE(AVG(length(doc)), 0)::int FROM bench_fts WHERE organization_id = {org_lit}",
                   tuples=True).strip().split("\t")
    res["docs"], res["avg_doc_chars"] = int(row[0]), int(row[1])
    res["build_table_s"] = time.time() - t0

    docs_tsv = os.path.join(a.work, "docs.tsv")
    names_tsv = os.path.join(a.work, "names.tsv")
    psql.run(f"""\\copy (SELECT d.process_id, x.e ->> 0, x.e ->> 1 FROM search_docs d, json_array_elements(d.fields::json) WITH ORDINALITY AS x(e, n) WHERE d.organization_id = {org_lit} ORDER BY d.process_id, x.n) TO {lit(docs_tsv)}
\\copy (SELECT process_id, name FROM bench_fts WHERE organization_id = {org_lit}) TO {lit(names_tsv)}
""")
    texts = {}
    for line in open(docs_tsv, encoding="utf-8").read().splitlines():
        pid, _, text = line.split("\t", 2)
        texts[pid] = texts.get(pid, "") + " " + text.replace("\\n", " ").replace("\\t", " ")
    folded = {pid: fold(t) for pid, t in texts.items()}
    names = {}
    for line in open(names_tsv, encoding="utf-8").read().splitlines():
        pid, name = line.split("\t", 1)
        names[pid] = name.replace("\\t", "\t").replace("\\n", " ").replace("\\\\", "\\")

    log("running our engine over every document (recall helper)")
    qfile = os.path.join(a.work, "queries.txt")
    with open(qfile, "w", encoding="utf-8") as f:
        f.write("\n".join(queries) + "\n")
    t0 = time.time()
    r = subprocess.run([a.recall, docs_tsv, qfile, a.work], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"recall helper failed: {r.stderr}")
    res["recall_helper_log"] = r.stderr.strip().splitlines()
    res["recall_helper_s"] = time.time() - t0
    ours_all = {q: {} for q in queries}
    for line in open(os.path.join(a.work, "ours-all.tsv"), encoding="utf-8").read().splitlines():
        q, pid, score, name_hit, kinds = line.split("\t")
        ours_all[q][pid] = (float(score), name_hit == "1", kinds)

    # Full match sets of PostgreSQL (plain and prefix).
    log("collecting PostgreSQL's match sets")
    for q in queries:
        pg_ids = set(psql.run(
            f"SELECT process_id FROM bench_fts WHERE organization_id = {org_lit} "
            f"AND to_tsvector('german', doc) @@ plainto_tsquery('german', {lit(q)})", tuples=True).split())
        pq = prefix_tsquery(q)
        pg_prefix = int(psql.run(
            f"SELECT COUNT(*) FROM bench_fts WHERE organization_id = {org_lit} "
            f"AND to_tsvector('german', doc) @@ to_tsquery('german', {lit(pq)})", tuples=True).strip() or 0)
        tsq = psql.run(f"SELECT plainto_tsquery('german', {lit(q)})::text", tuples=True).strip()
        ours = ours_all[q]
        both = pg_ids & ours.keys()
        ours_only = sorted(ours.keys() - pg_ids, key=lambda p: (-ours[p][0], names.get(p, "")))
        pg_only = sorted(pg_ids - ours.keys(), key=lambda p: names.get(p, ""))

        def distinct(ids, n=4):
            seen, out = set(), []
            for p in ids:
                nm = names.get(p, p)
                if nm not in seen:
                    seen.add(nm)
                    out.append((p, nm))
                if len(out) == n:
                    break
            return out

        # Ours-only split: every query word occurs literally (after folding) in
        # the text — inside a compound, as a prefix, across ß/ss or umlaut
        # spellings, or glued across a hyphen — or only with a typo or
        # through a synonym (kfz → Kraftfahrzeug).
        words = fold(q).split()

        def literal(pid):
            ws = folded.get(pid, "").split()

            def found(w):
                # Inside one word, or from the start of a word across the
                # next one or two ("Gewerbe-Anmeldung" for gewerbeanmeldung).
                return any(w in x for x in ws) or any(
                    "".join(ws[i:i + 3]).startswith(w) for i in range(len(ws)))

            return all(found(w) for w in words)

        ours_literal = [p for p in ours_only if literal(p)]
        ours_fuzzy = [p for p in ours_only if not literal(p)]

        def where(pid):
            return ours[pid][2].replace("_", " ")
        ex_pg = distinct(pg_only)
        # Where PostgreSQL found the PG-only examples (its own highlight).
        pg_heads = []
        for pid, nm in ex_pg:
            h = psql.run(
                "SELECT ts_headline('german', doc, plainto_tsquery('german', "
                f"{lit(q)}), 'MaxFragments=1, MaxWords=10, MinWords=4, StartSel=«, StopSel=»') "
                f"FROM bench_fts WHERE process_id = {lit(pid)}::uuid", tuples=True).strip()
            pg_heads.append({"name": nm, "pg_headline": h})
        top = sorted((v[0] for v in ours.values()), reverse=True)
        res["queries"][q] = {
            "tsquery": tsq,
            "prefix_tsquery": pq,
            "pg": len(pg_ids),
            "pg_prefix": pg_prefix,
            "ours_engine": len(ours),
            "ours_name_hits": sum(1 for v in ours.values() if v[1]),
            "both": len(both),
            "ours_only": len(ours_only),
            "pg_only": len(pg_only),
            "ours_only_literal": len(ours_literal),
            "ours_only_fuzzy": len(ours_fuzzy),
            "ours_only_literal_examples": [{"name": nm, "fields": where(p)} for p, nm in distinct(ours_literal, 3)],
            "ours_only_fuzzy_examples": [{"name": nm, "fields": where(p)} for p, nm in distinct(ours_fuzzy, 3)],
            "pg_only_examples": pg_heads,
            "top20_scores": top[:20],
            "top200_scores": top[:200],
        }
        log(f"{q!r}: PG {len(pg_ids)} (prefix {pg_prefix}), ours {len(ours)}, both {len(both)}, "
            f"ours only {len(ours_only)}, PG only {len(pg_only)}")

    # Timings: PostgreSQL without an index, with a GIN index.
    log(f"timing PostgreSQL FTS without an index ({a.noindex_reps} runs per query, no warm-up: each is a full scan)")
    for q in queries:
        t = psql.timings([fts_sql(org_lit, q, a.limit)] * a.noindex_reps)
        res["queries"][q]["pg_noindex"] = summary(t) | {"all_ms": t}
    log("building the GIN index")
    t0 = time.time()
    psql.run("CREATE INDEX bench_fts_gin ON bench_fts USING gin (to_tsvector('german', doc)); ANALYZE bench_fts;")
    res["gin_build_s"] = time.time() - t0
    res["gin_size"] = psql.run("SELECT pg_size_pretty(pg_relation_size('bench_fts_gin'))", tuples=True).strip()
    plan = psql.run("EXPLAIN " + fts_sql(org_lit, queries[0], a.limit), tuples=True)
    res["gin_plan_uses_index"] = "bench_fts_gin" in plan
    log(f"timing PostgreSQL FTS with the GIN index ({a.reps} runs per query after 3 warm-ups)")
    for q in queries:
        t = psql.timings([fts_sql(org_lit, q, a.limit)] * (a.reps + 3))[3:]
        res["queries"][q]["pg_gin"] = summary(t) | {"all_ms": t}
    psql.run("DROP TABLE bench_fts")
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(res, f, ensure_ascii=False, indent=1)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("pg")
    p.add_argument("--psql", required=True, help='connection arguments for psql, e.g. "-h 127.0.0.1 -U postgres -d db"')
    p.add_argument("--org", required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--recall", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--reps", type=int, default=20)
    p.add_argument("--noindex-reps", type=int, default=1)
    p.add_argument("--limit", type=int, default=20)
    a = ap.parse_args()
    pg(a)


if __name__ == "__main__":
    main()
