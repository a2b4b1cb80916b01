//! The data files and their shapes. Each file is read with serde into the
//! types below; unknown fields are refused, so a misspelt key fails with
//! the file's name, line and column instead of being ignored. References
//! between files are by name (an org unit's name, a person's e-mail
//! address, a reference list entry's name); [`crate::seed`] resolves them.

use ablauf_domain::ReferenceKind;
use std::collections::BTreeMap;

use ablauf_domain::process::{Criticality, ProcessType, Status};
use ablauf_domain::{OrgKind, Role};
use ablauf_model::BlockModel;
use anyhow::{Context, anyhow, bail};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::library_files::Library;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/files.rs"));
}

/// `platform.toml`: the operator and which organisations there are.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    /// The organisations' folders, in the order they are created.
    pub organisations: Vec<String>,
    pub operator: Operator,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    pub email: String,
    pub name: String,
}

/// `<folder>/organisation.toml`: the organisation, its people, org units
/// and pay grades.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub name: String,
    pub kind: OrgKind,
    /// The first person is the organisation's first administrator.
    pub people: Vec<Person>,
    /// Parents come before their children.
    #[serde(default)]
    pub org_units: Vec<Unit>,
    #[serde(default)]
    pub pay_grades: Vec<PayGrade>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub email: String,
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub library_editor: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub name: String,
    #[serde(default)]
    pub short_name: String,
    /// The parent unit's name.
    pub parent: Option<String>,
    /// Positions (Stellen) in full-time equivalents.
    pub positions: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayGrade {
    pub name: String,
    /// Euros per hour as a person types them: "53,80".
    pub hourly_rate: String,
}

/// `<folder>/register.toml`: the process map, the reference lists and the
/// processes.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Register {
    /// Areas of the process map; parents come before their children.
    #[serde(default)]
    pub areas: Vec<Area>,
    #[serde(default)]
    pub it_systems: Vec<Entry>,
    #[serde(default)]
    pub legal_bases: Vec<Entry>,
    #[serde(default)]
    pub external_parties: Vec<Entry>,
    #[serde(default)]
    pub documents: Vec<Entry>,
    #[serde(default, rename = "process")]
    pub processes: Vec<Process>,
}

impl Register {
    /// The reference lists with the kind of each.
    pub fn lists(&self) -> [(ReferenceKind, &[Entry]); 4] {
        [
            (ReferenceKind::ItSystem, &self.it_systems),
            (ReferenceKind::LegalBasis, &self.legal_bases),
            (ReferenceKind::ExternalParty, &self.external_parties),
            (ReferenceKind::Document, &self.documents),
        ]
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub name: String,
    pub parent: Option<String>,
}

/// An entry of a reference list (IT system, legal basis, external party,
/// document).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub name: String,
    #[serde(default)]
    pub detail: String,
    #[serde(default)]
    pub link: String,
}

/// A process: where it sits on the map, its versions oldest first, and
/// optionally a building-block model saved as one more version, and a
/// to-be model (Soll) beside it (created as a copy of the model, then
/// saved: two more versions; needs `model`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Process {
    /// The area's name.
    pub area: Option<String>,
    #[serde(rename = "version")]
    pub versions: Vec<Version>,
    pub model: Option<ModelVersion>,
    pub to_be_model: Option<ToBeVersion>,
}

impl Process {
    /// The name of its last version, for messages.
    pub fn name(&self) -> &str {
        self.versions.last().map_or("", |v| v.name.as_str())
    }
}

/// One saved version of a process: its status, change note and
/// Steckbrief. The fields are those of
/// [`ablauf_domain::process::Profile`], with names where the profile holds
/// ids; the service's name, OZG service, Themenfeld and Lebenslage come
/// from the service catalogue by `service_key`, as in the form.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    pub status: Status,
    pub note: String,
    /// Release this version right after saving it.
    #[serde(default)]
    pub release: bool,
    pub name: String,
    #[serde(default)]
    pub identifier: String,
    #[serde(default)]
    pub description: String,
    pub process_type: Option<ProcessType>,
    /// The owner's e-mail address (a member of the organisation).
    pub owner: Option<String>,
    /// The responsible org unit's name.
    pub org_unit: Option<String>,
    #[serde(default)]
    pub participating_units: Vec<String>,
    #[serde(default)]
    pub trigger: String,
    #[serde(default)]
    pub result: String,
    #[serde(default)]
    pub applicant_involved: bool,
    #[serde(default)]
    pub external_parties: Vec<String>,
    #[serde(default)]
    pub legal_bases: Vec<String>,
    pub service_key: Option<String>,
    pub cases_per_year: Option<u32>,
    #[serde(default)]
    pub statutory_deadline: String,
    #[serde(default)]
    pub it_systems: Vec<String>,
    #[serde(default)]
    pub documents: Vec<String>,
    pub digitisation_level: Option<u8>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub criticality: Criticality,
    #[serde(default)]
    pub max_downtime: String,
    /// A TOML date: `valid_from = 2024-01-01`.
    #[serde(default, deserialize_with = "date")]
    pub valid_from: Option<NaiveDate>,
    #[serde(default, deserialize_with = "date")]
    pub valid_until: Option<NaiveDate>,
}

/// A TOML local date (no time, no offset) as a [`NaiveDate`].
fn date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    use serde::de::Error;
    let Some(value) = Option::<toml::value::Datetime>::deserialize(d)? else {
        return Ok(None);
    };
    let date = match value {
        toml::value::Datetime {
            date: Some(date),
            time: None,
            offset: None,
        } => NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into()),
        _ => None,
    };
    date.map(Some)
        .ok_or_else(|| D::Error::custom(format!("{value} is no date like 2024-01-31")))
}

/// The model version of a process: the file under `<folder>/models/`
/// holding the block model, the change note and whether to release it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelVersion {
    pub file: String,
    pub note: String,
    #[serde(default)]
    pub release: bool,
}

/// The to-be model of a process: the file under `<folder>/models/` and the
/// change note of its save. Released, if at all, with the model (`release`
/// of [`ModelVersion`]), as the last version.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToBeVersion {
    pub file: String,
    pub note: String,
}

/// Everything under `data/`, read.
#[derive(Debug, Clone)]
pub struct Demo {
    pub operator: Operator,
    pub organisations: Vec<OrgFiles>,
    /// `services.csv`: the service catalogue the demo processes name, in the
    /// format of the operator's catalogue import.
    pub services: String,
    /// `library.toml`: the shared library (empty when there is no file).
    pub library: Library,
}

/// One organisation's folder.
#[derive(Debug, Clone)]
pub struct OrgFiles {
    /// The folder under `data/`, e.g. `stadt-musterstadt`.
    pub dir: String,
    pub organisation: Organisation,
    /// Empty when the folder has no `register.toml`.
    pub register: Register,
    /// The block models by file name (under `models/`); org units and pay
    /// grades are named by name.
    pub models: BTreeMap<String, BlockModel>,
}

impl Demo {
    /// The files embedded in this build: (path under `data/`, contents).
    pub fn files() -> &'static [(&'static str, &'static str)] {
        embedded::FILES
    }

    /// Reads the embedded files.
    pub fn load() -> anyhow::Result<Demo> {
        Demo::from_files(Demo::files())
    }

    /// Reads a set of files laid out as under `data/`. Every error names
    /// the file. A file that belongs nowhere is an error too, so that a
    /// misplaced or misnamed file is not silently left out.
    pub fn from_files(files: &[(&str, &str)]) -> anyhow::Result<Demo> {
        let mut by_path: BTreeMap<&str, &str> = files.iter().copied().collect();
        let mut take = |path: &str| by_path.remove(path);
        let platform: Platform = toml_file("platform.toml", take("platform.toml"))?;
        let services = take("services.csv").unwrap_or_default().to_owned();
        let library = match take("library.toml") {
            Some(text) => toml_file("library.toml", Some(text))?,
            None => Library::default(),
        };
        let mut organisations = Vec::new();
        for dir in &platform.organisations {
            let path = format!("{dir}/organisation.toml");
            let organisation = toml_file(&path, take(&path))?;
            let path = format!("{dir}/register.toml");
            let register = match take(&path) {
                Some(text) => toml_file(&path, Some(text))?,
                None => Register::default(),
            };
            organisations.push(OrgFiles {
                dir: dir.clone(),
                organisation,
                register,
                models: BTreeMap::new(),
            });
        }
        for (path, text) in by_path {
            let org = organisations.iter_mut().find_map(|o| {
                let file = path.strip_prefix(&format!("{}/models/", o.dir))?;
                Some((o, file.strip_suffix(".json")?))
            });
            let Some((org, name)) = org else {
                bail!("{path}: not a demo file (see the README of ablauf-demo for where files go)");
            };
            let model = BlockModel::from_json(text).with_context(|| path.to_owned())?;
            org.models.insert(format!("{name}.json"), model);
        }
        Ok(Demo {
            operator: platform.operator,
            organisations,
            services,
            library,
        })
    }
}

fn toml_file<T: serde::de::DeserializeOwned>(path: &str, text: Option<&str>) -> anyhow::Result<T> {
    let text = text.ok_or_else(|| anyhow!("{path}: missing"))?;
    toml::from_str(text).map_err(|e| anyhow!("{path}: {e}"))
}
