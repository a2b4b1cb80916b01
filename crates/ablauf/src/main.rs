//! `ablauf`: the one binary of the process platform.
//!
//! `ablauf serve [--demo]` runs the server; `ablauf migrate` applies the
//! database migrations; `ablauf admin create-operator` creates an operator
//! account; `ablauf bpmn …` checks and converts BPMN files.

mod bpmn_cli;
mod config;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use ablauf_app::accounts;
use ablauf_app::i18n::t;
use ablauf_demo::Content;
use ablauf_store::{Actor, Store};
use ablauf_web::AppState;
use anyhow::Context;
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use config::{Config, redact};

#[derive(Parser, Debug)]
#[command(
    name = "ablauf",
    version,
    about = "Ablauf – die offene Prozessplattform für die öffentliche Verwaltung"
)]
struct Cli {
    /// Configuration file (TOML); default: ./ablauf.toml if present.
    #[arg(long, global = true, env = "ABLAUF_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Debug, Default)]
struct DbArgs {
    /// Folder for the embedded database (default: ./ablauf-data).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Database URL: sqlite:… or postgres://user@host/db.
    #[arg(long)]
    database_url: Option<String>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Start the server.
    Serve {
        /// Load demo content into an empty database.
        #[arg(long)]
        demo: bool,
        /// Address and port, e.g. 0.0.0.0:8080.
        #[arg(long)]
        listen: Option<String>,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Apply the database migrations and exit.
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Administrative tasks.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Import data.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Check and convert BPMN 2.0 files.
    Bpmn {
        #[command(subcommand)]
        command: bpmn_cli::BpmnCommand,
    },
}

#[derive(Subcommand, Debug)]
enum ImportCommand {
    /// Import the LeiKa service catalogue from CSV (columns leika_schluessel,
    /// leika_bezeichnung, …); known keys are updated, bad rows reported.
    Services {
        file: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand, Debug)]
enum AdminCommand {
    /// Create an operator account (asks for the password, or reads
    /// ABLAUF_OPERATOR_PASSWORD).
    CreateOperator {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[command(flatten)]
        db: DbArgs,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Bpmn { command } = cli.command {
        return match bpmn_cli::run(command) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("Fehler: {e:#}");
                ExitCode::FAILURE
            }
        };
    }
    let config = match Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("Fehler in der Konfiguration: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    init_logging(&config);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    match runtime.block_on(run(cli.command, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "ablauf stopped with an error");
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(config: &Config) {
    let filter = EnvFilter::try_from_env("ABLAUF_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if config.log_format == "json" {
        builder.json().with_current_span(true).init();
    } else {
        builder.with_ansi(std::io::stderr().is_terminal()).init();
    }
}

fn apply(config: &mut Config, db: DbArgs) {
    if let Some(d) = db.data_dir {
        config.data_dir = d;
    }
    if let Some(u) = db.database_url {
        config.database_url = Some(u);
    }
}

async fn open_store(config: &Config) -> anyhow::Result<Store> {
    let url = config.database_url();
    if url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir).with_context(|| {
            format!(
                "Datenordner {} kann nicht angelegt werden",
                config.data_dir.display()
            )
        })?;
    }
    let store = Store::connect(&url, config.max_connections)
        .await
        .with_context(|| format!("Datenbank {} nicht erreichbar", redact(&url)))?;
    store
        .migrate()
        .await
        .context("Migrationen fehlgeschlagen")?;
    Ok(store)
}

async fn run(command: Command, mut config: Config) -> anyhow::Result<()> {
    match command {
        Command::Serve { demo, listen, db } => {
            apply(&mut config, db);
            if let Some(l) = listen {
                config.listen = l;
            }
            serve(config, demo).await
        }
        Command::Migrate { db } => {
            apply(&mut config, db);
            open_store(&config).await?;
            println!("Migrationen angewendet: {}", config.redacted_database_url());
            Ok(())
        }
        Command::Admin {
            command: AdminCommand::CreateOperator { email, name, db },
        } => {
            apply(&mut config, db);
            let store = open_store(&config).await?;
            create_operator(&store, &email, &name).await
        }
        Command::Import {
            command: ImportCommand::Services { file, db },
        } => {
            apply(&mut config, db);
            let store = open_store(&config).await?;
            import_services(&store, &file).await
        }
        Command::Bpmn { .. } => unreachable!("handled before the runtime starts"),
    }
}

async fn import_services(store: &Store, file: &std::path::Path) -> anyhow::Result<()> {
    let bytes = std::fs::read(file)
        .with_context(|| format!("{} kann nicht gelesen werden", file.display()))?;
    let report = ablauf_app::service_catalogue::import_catalogue(
        store,
        &Actor::system("Kommandozeile"),
        &bytes,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let c = report.counts;
    let mut out = format!(
        "{} Leistungen übernommen: {} neu, {} aktualisiert, {} unverändert.\n",
        report.taken(),
        c.inserted,
        c.updated,
        c.unchanged
    );
    if !report.errors.is_empty() {
        out += &format!("{} Zeilen nicht übernommen:\n", report.errors.len());
        for e in &report.errors {
            out += &format!("  {}\n", ablauf_app::service_catalogue::describe(e));
        }
    }
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = std::io::stdout().write_all(out.as_bytes());
    Ok(())
}

async fn create_operator(store: &Store, email: &str, name: &str) -> anyhow::Result<()> {
    let (password, password_repeat) = match std::env::var("ABLAUF_OPERATOR_PASSWORD") {
        Ok(p) => (p.clone(), p),
        Err(_) => (
            rpassword::prompt_password("Passwort: ")?,
            rpassword::prompt_password("Passwort wiederholen: ")?,
        ),
    };
    let fields = accounts::OperatorFields {
        email: email.to_owned(),
        display_name: name.to_owned(),
        password,
        password_repeat,
    };
    accounts::create_operator(store, &Actor::system("Kommandozeile"), &fields)
        .await
        .map_err(german)?;
    println!("Betreiberkonto {} angelegt.", email.trim().to_lowercase());
    Ok(())
}

/// A use case's error as the German sentences of the catalogue.
fn german(e: ablauf_app::Error) -> anyhow::Error {
    use ablauf_app::Error as E;
    match e {
        E::Invalid(fields) => anyhow::anyhow!(fields.0.into_values().collect::<Vec<_>>().join(" ")),
        E::BadRequest(k) | E::Refused(k) | E::Conflict(k) => anyhow::anyhow!(t(k)),
        E::NotFound => anyhow::anyhow!(t("error.not_found")),
        E::Forbidden => anyhow::anyhow!(t("error.forbidden")),
        E::Busy => anyhow::anyhow!(t("error.busy")),
        E::Internal(e) => e,
    }
}

async fn serve(config: Config, with_demo: bool) -> anyhow::Result<()> {
    let store = open_store(&config).await?;
    tracing::info!(database = %config.redacted_database_url(), "database ready");
    let web = config.web();
    if with_demo && ablauf_demo::seed(&store, Content::Full).await? {
        tracing::info!("demo content written");
    }
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .with_context(|| format!("Adresse {} nicht verfügbar", config.listen))?;
    let addr = listener.local_addr()?;
    let public_url = web.public_url.clone();
    // A fresh instance without accounts: print a one-time setup link.
    if let Some(token) = accounts::offer_setup(&store).await.map_err(german)? {
        println!(
            "Noch kein Konto vorhanden. Einrichtung (einmalig, 24 Stunden gültig):\n  {}/einrichtung/{token}\n\
             oder: ablauf admin create-operator --email … --name …",
            public_url.trim_end_matches('/')
        );
    }
    let state = AppState::new(store, web);
    println!("Ablauf läuft: {public_url}  (lauscht auf {addr}; beenden mit Strg+C)");
    if with_demo {
        println!(
            "Demo-Zugänge: z. B. {} / admin@musterstadt.example, Passwort „{}“",
            ablauf_demo::OPERATOR,
            ablauf_demo::PASSWORD
        );
    }
    let _ = std::io::stdout().flush();
    ablauf_web::serve(listener, state, shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl+C or SIGTERM; the server then finishes requests in flight.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
