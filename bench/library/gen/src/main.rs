//! Runs the library benchmark on one database and prints its results as a
//! Markdown section (see `bench/library/run.sh`).
//!
//! ```sh
//! library-bench --database-url sqlite:///tmp/l/ablauf.db --templates 5000
//! ```
//!
//! Options: `--database-url URL` (required, a fresh database),
//! `--templates N` (5000), `--organisations N` (1000), `--adoptions N`
//! (100 per template), `--own N` (300 adopted processes of the organisation
//! measured), `--reps R` (50 timed runs per measurement), `--seed S` (42),
//! `--catalogue FILE` (the LeiKa CSV; a short built-in list without it).

use std::time::Duration;

use anyhow::{Context, bail};
use library_bench::{Config, Pool, Stats, backend_name, generate};

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2}")
    } else {
        format!("{ms:.1}")
    }
}

fn ratio(ours: Duration, peer: Duration) -> String {
    let r = peer.as_secs_f64() / ours.as_secs_f64().max(1e-9);
    if r < 10.0 {
        format!("{r:.1}×")
    } else {
        format!("{r:.0}×")
    }
}

fn row(what: &str, s: &Stats) -> String {
    format!(
        "| {what} | {} | {} | {} | {} |",
        ms(s.p50),
        ms(s.p99),
        ms(s.mean),
        s.runs
    )
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut cfg = Config {
        url: String::new(),
        templates: 5_000,
        organisations: 1_000,
        adoptions: 100,
        own: 300,
        seed: 42,
        reps: 50,
        catalogue: None,
    };
    let mut search_only = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().context("a value after the option");
        match a.as_str() {
            "--database-url" => cfg.url = val()?,
            "--templates" => cfg.templates = val()?.parse()?,
            "--organisations" => cfg.organisations = val()?.parse()?,
            "--adoptions" => cfg.adoptions = val()?.parse()?,
            "--own" => cfg.own = val()?.parse()?,
            "--seed" => cfg.seed = val()?.parse()?,
            "--reps" => cfg.reps = val()?.parse()?,
            "--catalogue" => cfg.catalogue = Some(val()?.into()),
            "--search-only" => search_only = true,
            other => bail!("unknown option {other}"),
        }
    }
    if cfg.url.is_empty() {
        bail!("--database-url is required");
    }
    let store = ablauf_store::Store::connect(&cfg.url, 8).await?;
    store.migrate().await?;
    eprintln!(
        "generating {} templates, {} adoptions each …",
        cfg.templates, cfg.adoptions
    );
    let g = generate(&store, &cfg).await?;
    let pool = Pool::connect(&cfg.url).await?;
    // A fresh store handle, as after a start.
    let store = ablauf_store::Store::connect(&cfg.url, 8).await?;
    eprintln!("loaded in {:.1} s; searching …", g.load.as_secs_f64());
    let search = library_bench::search::run(&store, &pool, cfg.reps).await?;
    let experiment = library_bench::search::experiment(&store, &pool, cfg.reps).await?;
    if search_only {
        println!("### {} (search only)\n", backend_name(&store));
        library_bench::search::print(&search);
        library_bench::search::print_experiment(&experiment);
        return Ok(());
    }
    eprintln!("template page …");
    let page = library_bench::template_page(&store, &pool, &g, cfg.reps).await?;
    eprintln!("update notices …");
    let notices = library_bench::update_notices(&store, &pool, &g, cfg.reps).await?;
    eprintln!("adoption …");
    let adopt = library_bench::adoption(&store, &g, cfg.reps.min(20)).await?;
    eprintln!("three-way …");
    let three = library_bench::three_way(200, cfg.reps);

    println!("### {}\n", backend_name(&store));
    println!(
        "{} organisations, {} templates ({} versions), {} adopted processes with their lineage rows \
         ({} of them in Stadt Musterstadt); bulk load {:.1} s.\n",
        g.organisations,
        g.templates,
        g.template_versions,
        g.lineage,
        g.own.len(),
        g.load.as_secs_f64()
    );
    library_bench::search::print(&search);
    library_bench::search::print_experiment(&experiment);

    println!(
        "**Template page** (the data behind it, for 50 templates with {} adoptions each among {} lineage rows):\n",
        page.processes, g.lineage
    );
    println!("| Measurement | p50 ms | p99 ms | mean ms | runs |");
    println!("|---|---:|---:|---:|---:|");
    println!(
        "{}",
        row(
            "`ablauf_app::library::browse::template` (the page's use case, with the figures of the model)",
            &page.use_case
        )
    );
    println!(
        "{}",
        row(
            "`get_template` + `template_versions` + `template_usage` + `template_public_users`",
            &page.store_fns
        )
    );
    println!(
        "{}",
        row(
            "usage only (`template_usage` + `template_public_users`)",
            &page.usage
        )
    );
    println!(
        "{}",
        row(
            "peer: the same usage queries without the index `process_lineage_template`",
            &page.usage_without_index
        )
    );
    println!(
        "\nThe index `process_lineage_template` makes the usage queries **{}** faster at the median.\n",
        ratio(page.usage.p50, page.usage_without_index.p50)
    );

    println!(
        "**Update notices** of Stadt Musterstadt (`store.update_notices`, the start page's list; {} adopted processes, {} with a newer template version not skipped):\n",
        notices.adopted, notices.notices
    );
    println!("| Measurement | p50 ms | p99 ms | mean ms | runs |");
    println!("|---|---:|---:|---:|---:|");
    println!(
        "{}",
        row(
            "`ablauf_app::library::update::notices` (one query: `store.update_notices`)",
            &notices.query
        )
    );
    println!(
        "{}",
        row(
            "peer: per process `get_lineage` + `get_template` (same notices)",
            &notices.per_process
        )
    );
    println!(
        "{}",
        row(
            "peer: `update_notices(org)` without the index `process_lineage_org`",
            &notices.without_index
        )
    );
    println!(
        "\nThe one query is **{}** faster than asking process by process, and the index **{}** at the median.\n",
        ratio(notices.query.p50, notices.per_process.p50),
        ratio(notices.query.p50, notices.without_index.p50)
    );

    println!(
        "**Adoption** of a {}-step template into Stadt Musterstadt (every role and pay grade mapped):\n",
        adopt.steps
    );
    println!("| Measurement | p50 ms | p99 ms | mean ms | runs |");
    println!("|---|---:|---:|---:|---:|");
    println!(
        "{}",
        row(
            "`ablauf_app::library::adopt::adopt` (wizard data, mapping checks, `localise`, `store.adopt_template`)",
            &adopt.use_case
        )
    );
    println!(
        "{}",
        row(
            "its store part: template + version, `localise`, `store.adopt_template` (process, version, lineage, audit)",
            &adopt.adopt
        )
    );
    println!(
        "{}",
        row(
            "peer: the same process by hand — `store.create_process` + `modelling::save_model`",
            &adopt.by_hand
        )
    );
    println!(
        "\nAdopting takes {} the time of creating and saving the same process by hand (p50).\n",
        format_args!(
            "{:.2}×",
            adopt.use_case.p50.as_secs_f64() / adopt.by_hand.p50.as_secs_f64().max(1e-9)
        )
    );
    print_three(&three);
    Ok(())
}

fn print_three(t: &library_bench::ThreeWayTimes) {
    println!(
        "**Three-way comparison and merge** of a {}-step model (pure; the template changed 10 labels, 8 times, added 5 and removed 3 steps, renamed a subprocess, changed the description and keywords; the organisation changed 8 times, 7 notes, added 4 and removed 2 steps, its cases per year and description): {} changes offered, {} of them conflicts.\n",
        t.steps, t.changes, t.conflicts
    );
    println!("| Measurement | p50 ms | p99 ms | mean ms | runs |");
    println!("|---|---:|---:|---:|---:|");
    println!("{}", row("`ablauf_library::update::compare`", &t.compare));
    println!(
        "{}",
        row(
            "`ablauf_library::update::apply` (every change that does not conflict taken)",
            &t.apply
        )
    );
    println!(
        "{}",
        row(
            &format!(
                "peer: `ablauf_model::merge::merge` on the same models (element level; names {} conflicts, merges nothing then)",
                t.merge_conflicts
            ),
            &t.merge
        )
    );
    println!(
        "\nCompare + apply take {:.1}× the element-level merge (p50).\n",
        (t.compare.p50 + t.apply.p50).as_secs_f64() / t.merge.p50.as_secs_f64().max(1e-9)
    );
}
