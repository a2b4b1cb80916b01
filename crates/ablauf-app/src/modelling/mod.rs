//! Modelling a process: reading its model, editing it with building
//! blocks, and saving or importing it as BPMN.
//!
//! A process version stores its model as blocks (JSON), as the BPMN text it
//! was saved as, or both ([`StoredModel`]). [`current_model`] says what a
//! version holds in blocks (reading its BPMN where the structure fits);
//! [`diagram_svg`] (and for print [`diagram_pages`]) and [`bpmn_text`] give
//! what the pages and the API show and hand out. [`load`] reads a process's current model.
//!
//! Tour: [`edit`] applies one editing operation of the block editor on top
//! of the current version (a rebase over others' changes unless they
//! changed the same element), takes changes back, and saves a whole block
//! model (the JSON API); [`bpmn`] checks a BPMN file, saves it with
//! optimistic versions, and keeps a BPMN import waiting for confirmation;
//! [`to_be`] creates and deletes the to-be model (Soll). Every use case
//! that reads or writes a model takes a [`Which`]: the as-is model (Ist)
//! or the to-be model.

pub mod bpmn;
pub mod edit;
pub mod to_be;

use ablauf_domain::ProcessId;
use ablauf_domain::ReferenceKind;
use ablauf_model::{BlockModel, Catalogue};
use ablauf_store::{Actor, OrgId, ProcessRow, Store, StoredModel, VersionRow};

use crate::error::Result;

pub use ablauf_store::Which;
pub use bpmn::{Accepted, BpmnSaved, Finding, PendingBpmn, Prepared, accept_bpmn, save_bpmn};
pub use edit::{Conflict, Edit, Element, Undone, apply, save_model, undo, undo_note};

/// "Petra Adler <admin@…>" → "Petra Adler" (authors are stored with address).
pub fn person(author: &str) -> String {
    author.split(" <").next().unwrap_or(author).to_owned()
}

/// Names of org units and pay grades, for lanes, selects and tables. Model
/// elements name them by id as text ([`ablauf_model`] keeps them opaque).
/// And the organisation's IT systems (its catalogue), which a step names
/// by name.
pub struct Names {
    /// (id, name, depth) in tree order.
    pub units: Vec<(String, String, usize)>,
    pub grades: Vec<(String, String)>,
    pub it_systems: Vec<String>,
}

impl Names {
    pub async fn load(store: &Store, org: OrgId) -> Result<Names> {
        let units = store.list_org_units(org).await?;
        let units =
            crate::register::named_tree(units.iter().map(|u| (u.id, u.parent_id, u.name.clone())))
                .into_iter()
                .map(|(id, name, depth)| (id.to_string(), name, depth))
                .collect();
        let grades = store
            .list_pay_grades(org)
            .await?
            .into_iter()
            .map(|g| (g.id.to_string(), g.name))
            .collect();
        let it_systems = store
            .list_reference_entries(org, IT_SYSTEMS)
            .await?
            .into_iter()
            .map(|e| e.name)
            .collect();
        Ok(Names {
            units,
            grades,
            it_systems,
        })
    }

    /// Whether the catalogue holds an IT system of this name (any case).
    pub fn knows_it_system(&self, name: &str) -> bool {
        let name = name.trim().to_lowercase();
        self.it_systems.iter().any(|s| s.to_lowercase() == name)
    }

    pub fn unit(&self, id: &str) -> Option<String> {
        self.units.iter().find(|u| u.0 == id).map(|u| u.1.clone())
    }

    pub fn grade(&self, id: &str) -> Option<String> {
        self.grades.iter().find(|g| g.0 == id).map(|g| g.1.clone())
    }
}

/// The catalogue kind of IT systems (Fachverfahren).
const IT_SYSTEMS: ReferenceKind = ReferenceKind::ItSystem;

/// Adds an IT system a step names to the organisation's catalogue, unless
/// the catalogue holds one of that name already (the block editor's offer
/// beside a name typed freely).
pub async fn adopt_it_system(store: &Store, org: OrgId, actor: &Actor, name: &str) -> Result<()> {
    let names = Names::load(store, org).await?;
    if name.trim().is_empty() || names.knows_it_system(name) {
        return Ok(());
    }
    crate::register::create_reference_entry(store, org, actor, IT_SYSTEMS, name, "", "").await?;
    Ok(())
}

/// The model of a version in blocks.
#[derive(Debug, Clone, PartialEq)]
pub enum Current {
    Blocks(BlockModel),
    /// Saved as BPMN that does not fit the block structure: why not.
    BpmnOnly(Vec<String>),
    /// No model yet.
    Empty,
}

impl Current {
    /// The blocks to edit: the model, or an empty one to start from (None
    /// for a model that only the BPMN editor can edit).
    pub fn editable(self) -> Option<BlockModel> {
        match self {
            Current::Blocks(m) => Some(m),
            Current::Empty => Some(BlockModel::new()),
            Current::BpmnOnly(_) => None,
        }
    }
}

/// The model of a version: blocks when it has them, otherwise read from
/// its BPMN where the structure allows.
pub fn current_model(v: &VersionRow) -> Current {
    if let Some(json) = &v.model
        && let Ok(m) = BlockModel::from_json(json)
    {
        return Current::Blocks(m);
    }
    if let Some(xml) = &v.model_bpmn {
        return match ablauf_bpmn::read(xml.as_bytes(), &Default::default()) {
            Ok(defs) => match ablauf_model::from_bpmn(&defs) {
                Ok(m) => Current::Blocks(m),
                Err(reasons) => Current::BpmnOnly(reasons),
            },
            Err(e) => Current::BpmnOnly(vec![e.to_string()]),
        };
    }
    Current::Empty
}

/// A process with its current version and what the chosen model holds in
/// blocks.
pub struct Model {
    pub process: ProcessRow,
    /// The current version seen through the chosen model
    /// ([`VersionRow::viewed_as`]).
    pub version: VersionRow,
    pub current: Current,
    /// Whether the process has a to-be model.
    pub has_to_be: bool,
}

impl Model {
    /// What the version stores (blocks and/or BPMN text).
    pub fn stored(&self) -> StoredModel {
        self.version.stored_model()
    }
}

/// The current as-is or to-be model of a process. A to-be model that does
/// not exist is [`crate::Error::NotFound`].
pub async fn load(
    store: &Store,
    org: OrgId,
    (process, which): (ProcessId, Which),
) -> Result<Model> {
    let (row, version) = store.get_process(org, process).await?;
    let has_to_be = version.has_to_be();
    if which == Which::ToBe && !has_to_be {
        return Err(crate::Error::NotFound);
    }
    let version = version.viewed_as(which);
    Ok(Model {
        current: current_model(&version),
        process: row,
        version,
        has_to_be,
    })
}

/// A process and one of its versions (the current one when `version` is
/// None or names it), seen through the chosen model.
pub async fn version_of(
    store: &Store,
    org: OrgId,
    (process, which): (ProcessId, Which),
    version: Option<i64>,
) -> Result<(ProcessRow, VersionRow)> {
    let (row, current) = store.get_process(org, process).await?;
    let v = match version {
        Some(v) if v != row.version => store.get_version(org, process, v).await?,
        _ => current,
    };
    Ok((row, v.viewed_as(which)))
}

/// The diagram of a version as BPMN with a diagram (`None`: no model yet).
fn diagram_defs(v: &VersionRow, title: &str, names: &Names) -> Option<ablauf_bpmn::Definitions> {
    let lane = |u: &str| names.unit(u);
    // A model saved as BPMN keeps its own diagram.
    if let Some(xml) = &v.model_bpmn
        && let Ok(mut defs) = ablauf_bpmn::read(xml.as_bytes(), &Default::default())
    {
        if defs.model().diagrams.is_empty() {
            ablauf_bpmn::layout::layout(&mut defs);
        }
        return Some(defs);
    }
    if let Some(json) = &v.model
        && let Ok(m) = BlockModel::from_json(json)
    {
        if m.subprocesses.is_empty() {
            return None;
        }
        return Some(ablauf_model::to_bpmn(&m, title, &lane));
    }
    None
}

/// The diagram of a version as SVG.
pub fn diagram_svg(v: &VersionRow, title: &str, names: &Names, cat: &Catalogue) -> Option<String> {
    diagram_defs(v, title, names).map(|defs| ablauf_model::render_svg(&defs, cat, title))
}

/// Widest stretch of a diagram on one printed page, in diagram pixels: an
/// A4 landscape page holds about 1000 CSS pixels within its margins, so
/// text prints at four fifths of its size or larger.
pub const PRINT_PAGE_WIDTH: f64 = 1250.0;

/// The diagram of a version cut into stretches for print (empty: no model).
pub fn diagram_pages(v: &VersionRow, title: &str, names: &Names, cat: &Catalogue) -> Vec<String> {
    diagram_defs(v, title, names)
        .map(|defs| ablauf_model::render_svg_pages(&defs, cat, title, PRINT_PAGE_WIDTH))
        .unwrap_or_default()
}

/// The model as BPMN 2.0 with diagram: the stored text when it was saved
/// as BPMN, otherwise generated from the blocks.
pub fn bpmn_text(v: &VersionRow, title: &str, names: &Names) -> Option<String> {
    if let Some(xml) = &v.model_bpmn {
        return Some(xml.clone());
    }
    let m = BlockModel::from_json(v.model.as_ref()?).ok()?;
    let defs = ablauf_model::to_bpmn(&m, title, &|u: &str| names.unit(u));
    Some(String::from_utf8_lossy(&ablauf_bpmn::write(&defs)).into_owned())
}

/// A file name from a process name ("Gewerbeanmeldung" → "gewerbeanmeldung").
pub fn file_stem(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ if !out.is_empty() && !out.ends_with('-') => out.push('-'),
            _ => {}
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "prozess".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_process_names() {
        assert_eq!(
            file_stem("Hundesteuer – An- und Abmeldung"),
            "hundesteuer-an-und-abmeldung"
        );
        assert_eq!(
            file_stem("Gewerbeanmeldung (Übersicht)"),
            "gewerbeanmeldung-uebersicht"
        );
        assert_eq!(file_stem("§§"), "prozess");
        assert_eq!(
            person("Petra Adler <admin@musterstadt.example>"),
            "Petra Adler"
        );
    }
}
