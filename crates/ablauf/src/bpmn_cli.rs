//! `ablauf bpmn …`: file glue around the `ablauf-bpmn` crate (which does no I/O).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

/// BPMN 2.0: prüfen, verlustfrei umschreiben, Diagramm erzeugen /
/// BPMN 2.0: check, rewrite losslessly, generate a diagram.
#[derive(clap::Subcommand, Debug)]
pub enum BpmnCommand {
    /// Modell prüfen und Befunde ausgeben (Exit-Code 1 bei Fehlern) /
    /// Check a model and print findings (exit code 1 on errors).
    Check {
        /// BPMN-Datei / BPMN file
        file: PathBuf,
    },
    /// Einlesen und unverändert wieder schreiben /
    /// Read and write back unchanged.
    Roundtrip {
        /// Eingabedatei / input file
        input: PathBuf,
        /// Ausgabedatei / output file
        output: PathBuf,
    },
    /// Diagramm (neu) erzeugen: Lanes je Organisationseinheit, von links nach rechts /
    /// Add or replace the diagram: lanes per org unit, left to right.
    Layout {
        /// Eingabedatei / input file
        input: PathBuf,
        /// Ausgabedatei / output file
        output: PathBuf,
    },
}

fn load(path: &Path) -> anyhow::Result<Result<ablauf_bpmn::Definitions, ablauf_bpmn::ReadError>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(ablauf_bpmn::read(
        &bytes,
        &ablauf_bpmn::ReadOptions::default(),
    ))
}

fn report_read_error(path: &Path, e: &ablauf_bpmn::ReadError) {
    eprintln!(
        "{}:{}:{}: Fehler/error [{}]: {} / {}",
        path.display(),
        e.line,
        e.column,
        e.kind.code(),
        e.message_de,
        e.message_en
    );
}

fn save(path: &Path, defs: &ablauf_bpmn::Definitions) -> anyhow::Result<()> {
    std::fs::write(path, ablauf_bpmn::write(defs))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Run a `bpmn` subcommand.
pub fn run(cmd: BpmnCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        BpmnCommand::Check { file } => {
            let defs = match load(&file)? {
                Ok(d) => d,
                Err(e) => {
                    report_read_error(&file, &e);
                    return Ok(ExitCode::from(1));
                }
            };
            let findings = ablauf_bpmn::check(&defs);
            for f in &findings {
                println!("{}:{f}", file.display());
            }
            let errors = findings
                .iter()
                .filter(|f| f.severity == ablauf_bpmn::Severity::Error)
                .count();
            let warnings = findings.len() - errors;
            println!(
                "{errors} Fehler, {warnings} Warnungen / {errors} errors, {warnings} warnings"
            );
            Ok(if errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        BpmnCommand::Roundtrip { input, output } => match load(&input)? {
            Ok(defs) => {
                save(&output, &defs)?;
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                report_read_error(&input, &e);
                Ok(ExitCode::from(1))
            }
        },
        BpmnCommand::Layout { input, output } => match load(&input)? {
            Ok(mut defs) => {
                ablauf_bpmn::layout(&mut defs);
                save(&output, &defs)?;
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                report_read_error(&input, &e);
                Ok(ExitCode::from(1))
            }
        },
    }
}
