//! Building-block process models for Ablauf, and their bridge to BPMN 2.0.
//!
//! Pure domain code: no I/O, no async. Bytes and strings in and out.
//!
//! ```
//! use ablauf_model::{BlockModel, Catalogue, Op, from_bpmn, model_to_svg, to_bpmn};
//!
//! let mut m = BlockModel::new();
//! let sp = m
//!     .apply(&Op::AddSubprocess { after: None, name: "Eingang".into(), org_unit: Some("unit-1".into()) })?
//!     .focus
//!     .unwrap();
//! let op = Op::InsertStep { container: sp, after: None, block: "formell-pruefen".into(), label: "Antrag prüfen".into() };
//! assert_eq!(ablauf_model::describe(&op), "Schritt „Antrag prüfen“ eingefügt");
//! m.apply(&op)?;
//! assert!(m.validate_with(&Catalogue::default()).is_empty());
//!
//! let names = |unit: &str| (unit == "unit-1").then(|| "Bürgerbüro".to_owned());
//! let defs = to_bpmn(&m, "Gewerbeanmeldung", &names);
//! assert_eq!(from_bpmn(&defs), Ok(m.clone()));
//! let svg = model_to_svg(&m, "Gewerbeanmeldung", &names, &Catalogue::default());
//! assert!(svg.starts_with("<svg") && svg.contains("Bürgerbüro"));
//! # Ok::<(), ablauf_model::OpError>(())
//! ```
//!
//! # Tour
//!
//! - [`model`]: [`BlockModel`] → [`Subprocess`] → [`Item`] (a [`StepItem`], a
//!   variant or a parallel part, both [`Branching`]s with [`Branch`]es holding
//!   items again). The serde JSON form (camelCase, empty fields left out) is
//!   what storage keeps. Ids are unique in the whole model;
//!   [`BlockModel::new_id`] makes fresh ones.
//! - [`ops`]: the editing operations the editor posts ([`Op`]),
//!   [`BlockModel::apply`] with German [`OpError`]s, [`describe`] for the
//!   undo list.
//! - [`validate`]: [`BlockModel::validate`] / [`BlockModel::validate_with`]
//!   give German [`Finding`]s (share sums, ranges, times, labels, branches,
//!   unknown blocks).
//! - [`catalogue`]: the default block catalogue of PRODUCT.md
//!   ([`default_catalogue`]), the organisation's view [`Catalogue`] (hidden
//!   blocks are still found), [`MEDIA`]. [`icons`]: the block icons ([`ICONS`]).
//! - [`bridge`]: [`to_bpmn`] and [`from_bpmn`]. [`svg`]: [`render_svg`],
//!   [`model_to_svg`]. [`text`]: label widths and wrapping with German
//!   hyphenation.
//! - [`merge`]: [`diff`] of two versions by element id (added, removed,
//!   changed, moved) and the three-way [`merge::merge`] of two versions
//!   made from one base, naming the elements that conflict.
//! - [`three_way`]: the attribute-by-attribute [`three_way::changes`] of a
//!   template update (base, theirs, ours) with its conflicts, and
//!   [`three_way::apply`], which takes the chosen ones into ours.
//!
//! # Block model ↔ BPMN
//!
//! | block model | BPMN 2.0 |
//! | --- | --- |
//! | the model | one `process` (name = process name) with one `startEvent` and one `endEvent`; the items of all subprocesses in order between them, joined by `sequenceFlow`s |
//! | subprocess | `<ablauf:subprocess id name orgUnit/>` in the process's `extensionElements`, in model order; its steps name it in `ablauf:step/@subprocess`, its top-level variants and parallel parts in `ablauf:subprocess` on the splitting and the joining gateway |
//! | org unit | `ablauf:step/@orgUnit` (the step's own, else its subprocess's); the diagram gets a lane per org unit, named through the `names` callback |
//! | step | `task` (id = step id, name = label), `documentation` = description, `ablauf:step` with `blockType`, `orgUnit`, `payGrade`, times (ISO 8601 durations), `share`, `itSystem`, `medium`, channels, `notes`, `subprocess`, documents and legal bases |
//! | variant | `exclusiveGateway` split (id = variant id, name = label) … `exclusiveGateway` join; one outgoing flow per branch (id = branch id, name = branch label, `ablauf:probability` = share) |
//! | parallel part | `parallelGateway` split … `parallelGateway` join, one outgoing flow per branch (no probability) |
//! | empty branch | a flow straight from split to join |
//!
//! Generated elements (events, joins, other flows, lanes, pool, diagram) get
//! ids that no model id uses. Model ids that are not valid XML ids are
//! replaced on export.
//!
//! [`from_bpmn`] reverses this for any process built the same way: one
//! process (a collaboration with one pool is fine), one start, one end, tasks
//! with a block type, and exclusive/parallel gateways that split and join in
//! properly nested pairs (series-parallel). Anything else yields every reason
//! in German, naming the elements. Without `ablauf:subprocess` declarations
//! (models drawn elsewhere) consecutive steps of one org unit become a
//! subprocess named after their lane.
//!
//! Round trip: `from_bpmn(read(write(to_bpmn(m))))` gives `m` back, with two
//! normalisations: a step's org unit equal to its subprocess's reads back as
//! inherited (`None`), and times are kept to the second (ISO durations);
//! negative times and empty strings in optional fields are not exported.

pub mod bridge;
pub mod catalogue;
pub mod icons;
pub mod merge;
pub mod model;
pub mod ops;
pub mod svg;
pub mod text;
pub mod three_way;
pub mod validate;

pub use bridge::{from_bpmn, to_bpmn};
pub use catalogue::{Block, Catalogue, Category, MEDIA, default_catalogue, medium_label};
pub use icons::{ICONS, Icon, icon};
pub use merge::{Diff, diff};
pub use model::{BlockModel, Branch, Branching, Item, StepItem, Subprocess};
pub use ops::{Applied, Op, OpError, describe};
pub use svg::{model_to_svg, model_to_svg_pages, render_svg, render_svg_pages};
pub use validate::{Finding, Severity};

/// Re-exported so users need not depend on `ablauf-bpmn` for step documents.
pub use ablauf_bpmn::{Direction, StepDocument};
