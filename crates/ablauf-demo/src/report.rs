//! Errors of the seeding as a developer reads them.

use anyhow::anyhow;

/// A use case's refusal as an error a developer reads: the field messages
/// in German, the rest as they come.
pub(crate) fn explain(e: ablauf_app::Error) -> anyhow::Error {
    match e {
        ablauf_app::Error::Invalid(errors) => {
            let list: Vec<String> = errors.0.iter().map(|(f, m)| format!("{f}: {m}")).collect();
            anyhow!("{}", list.join("; "))
        }
        other => anyhow!(other),
    }
}
