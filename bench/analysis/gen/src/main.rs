//! Runs the analysis benchmark on one database and prints its results as
//! a Markdown section (see `bench/analysis/run.sh`).
//!
//! ```sh
//! analysis-bench --database-url sqlite:///tmp/a/ablauf.db --processes 100000
//! ```
//!
//! Options: `--database-url URL` (required, a fresh database),
//! `--processes N` (100000), `--seed S` (42), `--reps R` (50 timed runs
//! per question), `--pg-reps R` (5 timed jsonpath runs per question).

use std::time::Instant;

use analysis_bench::{Config, Pool, backend_name, generate, measure, prepare_pg, rss_mib};
use anyhow::{Context, bail};

fn ms(d: std::time::Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut cfg = Config {
        url: String::new(),
        processes: 100_000,
        seed: 42,
        reps: 50,
        pg_reps: 5,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().context("a value after the option");
        match a.as_str() {
            "--database-url" => cfg.url = val()?,
            "--processes" => cfg.processes = val()?.parse()?,
            "--seed" => cfg.seed = val()?.parse()?,
            "--reps" => cfg.reps = val()?.parse()?,
            "--pg-reps" => cfg.pg_reps = val()?.parse()?,
            other => bail!("unknown option {other}"),
        }
    }
    if cfg.url.is_empty() {
        bail!("--database-url is required");
    }
    let store = ablauf_store::Store::connect(&cfg.url, 8).await?;
    store.migrate().await?;
    eprintln!("generating {} processes …", cfg.processes);
    let g = generate(&store, &cfg).await?;
    let org = g.org.context("organisation")?;
    eprintln!("{} steps; preparing …", g.steps);
    let pool = Pool::connect(&cfg.url).await?;
    let pg_prep = prepare_pg(&pool).await?;
    // A fresh store handle: the first query loads the index from the table.
    let store = ablauf_store::Store::connect(&cfg.url, 8).await?;
    let rss_before = rss_mib();
    let t = Instant::now();
    let first = analysis_bench::questions().remove(0);
    ablauf_app::patterns::run(&store, org, first.query, 100).await?;
    let cold = t.elapsed();
    let rss_after = rss_mib();
    eprintln!("index loaded in {} ms; measuring …", ms(cold));
    let timed = measure(&store, &pool, org, &cfg).await?;

    // The landscape: the first request after start analyses every model,
    // later ones only what changed (here: nothing) and apply rates.
    let cache = ablauf_app::analysis::LandscapeCache::new();
    let t = Instant::now();
    let first_view = ablauf_app::analysis::landscape(&store, &cache, org).await?;
    let land_cold = t.elapsed();
    let rss_land = rss_mib();
    let mut land = Vec::new();
    for _ in 0..cfg.reps.min(20) {
        let t = Instant::now();
        ablauf_app::analysis::landscape(&store, &cache, org).await?;
        land.push(t.elapsed());
    }
    land.sort();
    let pct = |v: &[std::time::Duration], p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];

    // The Analyse tab of a 200-step model.
    let big = analysis_bench::big_process(&store, org, 200).await?;
    let mut tab = Vec::new();
    for _ in 0..cfg.reps {
        let t = Instant::now();
        ablauf_app::analysis::process_analysis(&store, org, big, ablauf_store::Which::AsIs).await?;
        tab.push(t.elapsed());
    }
    tab.sort();

    println!("### {}\n", backend_name(&store));
    println!(
        "{} processes, {} steps ({} variants, {} parallel parts); bulk load {:.1} s, step index rows from the stored models {:.1} s{}.\n",
        g.processes,
        g.steps,
        g.variants,
        g.parallels,
        g.load.as_secs_f64(),
        g.index_rows.as_secs_f64(),
        if pg_prep.is_zero() {
            String::new()
        } else {
            format!(
                "; jsonb column + GIN index for the comparison {:.1} s",
                pg_prep.as_secs_f64()
            )
        }
    );
    println!(
        "First query after start (loads the in-memory index from `process_steps`): {} ms; resident memory {:.0} MiB before, {:.0} MiB after.\n",
        ms(cold),
        rss_before,
        rss_after
    );
    let pg = timed.iter().any(|t| t.pg.is_some());
    if pg {
        println!(
            "| Question | Processes found | p50 ms | p99 ms | jsonpath hits | jsonpath p50 ms | jsonpath p99 ms | GIN used | Ratio (p50) | Same hits |"
        );
        println!("|---|---:|---:|---:|---:|---:|---:|---|---:|---|");
    } else {
        println!("| Question | Processes found | p50 ms | p99 ms | Same hits as the models |");
        println!("|---|---:|---:|---:|---|");
    }
    for t in &timed {
        match t.pg {
            Some((hits, p50, p99, gin)) => println!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {:.0}× | {} |",
                t.name,
                t.total,
                ms(t.p50),
                ms(t.p99),
                hits,
                ms(p50),
                ms(p99),
                if gin { "yes" } else { "no" },
                p50.as_secs_f64() / t.p50.as_secs_f64().max(1e-6),
                if t.same_hits { "yes" } else { "**NO**" }
            ),
            None => println!(
                "| {} | {} | {} | {} | {} |",
                t.name,
                t.total,
                ms(t.p50),
                ms(t.p99),
                if t.same_hits { "yes" } else { "**NO**" }
            ),
        }
    }
    println!();
    println!(
        "Landscape of all {} processes ({:.0} FTE in all; `ablauf_app::analysis::landscape`, the use case behind `/o/{{org}}/analysen` and `GET …/analysis/landscape`): first request after start (analyses every model) {} ms, resident memory {:.0} MiB after; later requests p50 {} ms, p99 {} ms ({} runs).\n",
        first_view.landscape.processes,
        first_view.landscape.fte,
        ms(land_cold),
        rss_land,
        ms(pct(&land, 0.5)),
        ms(pct(&land, 0.99)),
        land.len()
    );
    println!(
        "Analyse tab of a 200-step model (`ablauf_app::analysis::process_analysis`: load, parse, analyse): p50 {} ms, p99 {} ms ({} runs).\n",
        ms(pct(&tab, 0.5)),
        ms(pct(&tab, 0.99)),
        tab.len()
    );
    if timed.iter().any(|t| !t.same_hits) {
        bail!("hits differ");
    }
    Ok(())
}
