//! Writing a [`Demo`] into a store, through the use cases a person's
//! forms and imports take: the service catalogue through
//! [`import_catalogue`], org units and pay grades through [`structure`],
//! areas, reference-list entries, Steckbriefe and releases through
//! [`register`] (every profile checked and completed by
//! [`complete_profile`] first), block models through [`modelling`]. Only
//! the operator, the organisations and their people are written with the
//! store's methods: the account use cases hash each person's password,
//! and the demo gives all accounts one hash of the well-known password to
//! start quickly. Names are resolved to the ids the store gave, in file
//! order, so a reference must come after what it names (a parent before
//! its child).

use ablauf_domain::ReferenceKind;
use std::collections::HashMap;

use ablauf_app::FieldErrors;
use ablauf_app::modelling;
use ablauf_app::password;
use ablauf_app::processes::complete_profile;
use ablauf_app::register::{self, ProfileSaved};
use ablauf_app::service_catalogue::{describe, import_catalogue};
use ablauf_app::structure::{self, GradeFields, UnitFields};
use ablauf_domain::Role;
use ablauf_domain::process::Profile;
use ablauf_domain::{AreaId, EntryId, OrgUnitId, PayGradeId, ProcessId, UserId};
use ablauf_model::{BlockModel, Item};
use ablauf_store::{Actor, NewAccount, OrgId, Save, Store, Which};
use anyhow::{Context, anyhow, bail};

use crate::files::{Demo, OrgFiles, Process, Version};
use crate::report::explain;
use crate::{Content, PASSWORD, library};

impl Demo {
    /// Writes the demo into an empty instance; `false` (and nothing
    /// written) when the instance already has organisations.
    pub async fn seed(&self, store: &Store, content: Content) -> anyhow::Result<bool> {
        if store.count_organizations().await? > 0 {
            return Ok(false);
        }
        let actor = Actor::system("Demo-Inhalte");
        if content == Content::Full {
            // The services the demo processes name, so that picking and
            // filtering by service work before the real catalogue is
            // imported.
            let report = import_catalogue(store, &actor, self.services.as_bytes())
                .await
                .context("services.csv")?;
            if let Some(e) = report.errors.first() {
                bail!("services.csv: {}", describe(e));
            }
        }
        // One hash for all demo accounts keeps the start quick; they share
        // the well-known password anyway.
        let hash = password::hash_blocking(PASSWORD.to_owned()).await?;
        store
            .create_operator(&actor, &self.operator.email, &self.operator.name, &hash)
            .await
            .context("platform.toml: operator")?;
        let mut orgs = Vec::new();
        for org in &self.organisations {
            let w = Writer {
                store,
                actor: &actor,
                files: org,
            };
            let id = w.seed(&hash, content).await?;
            orgs.push(library::Org {
                dir: org.dir.clone(),
                id,
            });
        }
        if content == Content::Full {
            let w = library::Writer {
                store,
                actor: &actor,
                demo: self,
                orgs: &orgs,
            };
            w.seed(&hash).await?;
        }
        Ok(true)
    }
}

/// What names resolve to in one organisation: the ids the store gave.
#[derive(Default)]
struct Names {
    /// By e-mail address.
    people: HashMap<String, UserId>,
    units: HashMap<String, OrgUnitId>,
    grades: HashMap<String, PayGradeId>,
    areas: HashMap<String, AreaId>,
    /// By (kind, name).
    entries: HashMap<(ReferenceKind, String), EntryId>,
}

/// The id of `name` in `ids`, or an error saying which `what` is unknown.
fn find<I: Copy>(ids: &HashMap<String, I>, what: &str, name: &str) -> anyhow::Result<I> {
    ids.get(name)
        .copied()
        .ok_or_else(|| anyhow!("unknown {what} „{name}“"))
}

fn find_all<I: Copy>(
    ids: &HashMap<String, I>,
    what: &str,
    names: &[String],
) -> anyhow::Result<Vec<I>> {
    names.iter().map(|n| find(ids, what, n)).collect()
}

/// The id of a parent (of an org unit, an area), which must come first.
fn parent<I: Copy>(ids: &HashMap<String, I>, name: Option<&str>) -> anyhow::Result<Option<I>> {
    name.map(|p| find(ids, "parent", p)).transpose()
}

/// Notes a new name; a name twice could not be told apart.
fn learn<I>(ids: &mut HashMap<String, I>, what: &str, name: &str, id: I) -> anyhow::Result<()> {
    if ids.insert(name.to_owned(), id).is_some() {
        bail!("{what} „{name}“ twice");
    }
    Ok(())
}

impl Names {
    fn entries(&self, kind: ReferenceKind, names: &[String]) -> anyhow::Result<Vec<EntryId>> {
        names
            .iter()
            .map(|n| {
                self.entries
                    .get(&(kind, n.clone()))
                    .copied()
                    .ok_or_else(|| anyhow!("unknown {} „{n}“", kind.code()))
            })
            .collect()
    }

    /// The Steckbrief of a version, with ids for names. The service fields
    /// stay empty: [`complete_profile`] fills them from the catalogue.
    fn profile(&self, v: &Version) -> anyhow::Result<Profile> {
        Ok(Profile {
            name: v.name.clone(),
            identifier: v.identifier.clone(),
            description: v.description.clone(),
            service_key: v.service_key.clone(),
            process_type: v.process_type,
            owner_id: v
                .owner
                .as_deref()
                .map(|o| find(&self.people, "person", o))
                .transpose()?,
            org_unit_id: v
                .org_unit
                .as_deref()
                .map(|u| find(&self.units, "org unit", u))
                .transpose()?,
            trigger: v.trigger.clone(),
            result: v.result.clone(),
            participating_units: find_all(&self.units, "org unit", &v.participating_units)?,
            external_parties: self.entries(ReferenceKind::ExternalParty, &v.external_parties)?,
            applicant_involved: v.applicant_involved,
            legal_bases: self.entries(ReferenceKind::LegalBasis, &v.legal_bases)?,
            cases_per_year: v.cases_per_year,
            statutory_deadline: v.statutory_deadline.clone(),
            it_systems: self.entries(ReferenceKind::ItSystem, &v.it_systems)?,
            documents: self.entries(ReferenceKind::Document, &v.documents)?,
            digitisation_level: v.digitisation_level,
            keywords: v.keywords.clone(),
            criticality: v.criticality,
            max_downtime: v.max_downtime.clone(),
            valid_from: v.valid_from,
            valid_until: v.valid_until,
            ..Profile::default()
        })
    }

    /// Replaces the org-unit and pay-grade names of a model by their ids.
    fn model(&self, m: &mut BlockModel) -> anyhow::Result<()> {
        fn look<I: Copy + std::fmt::Display>(
            field: &mut Option<String>,
            ids: &HashMap<String, I>,
            what: &str,
        ) -> anyhow::Result<()> {
            if let Some(name) = field.as_deref() {
                *field = Some(find(ids, what, name)?.to_string());
            }
            Ok(())
        }
        fn items(list: &mut [Item], names: &Names) -> anyhow::Result<()> {
            for it in list {
                match it {
                    Item::Step(s) => {
                        look(&mut s.org_unit, &names.units, "org unit")
                            .with_context(|| format!("step {} „{}“", s.id, s.label))?;
                        look(&mut s.pay_grade, &names.grades, "pay grade")
                            .with_context(|| format!("step {} „{}“", s.id, s.label))?;
                    }
                    Item::Variant(b) | Item::Parallel(b) => {
                        for br in &mut b.branches {
                            items(&mut br.items, names)?;
                        }
                    }
                }
            }
            Ok(())
        }
        for sp in &mut m.subprocesses {
            look(&mut sp.org_unit, &self.units, "org unit")
                .with_context(|| format!("subprocess {} „{}“", sp.id, sp.name))?;
            items(&mut sp.items, self)?;
        }
        Ok(())
    }
}

/// Writes one organisation's folder.
struct Writer<'a> {
    store: &'a Store,
    actor: &'a Actor,
    files: &'a OrgFiles,
}

impl Writer<'_> {
    async fn seed(&self, hash: &str, content: Content) -> anyhow::Result<OrgId> {
        let (org, names) = self.organisation(hash).await?;
        if content == Content::Full {
            self.register(org, names).await?;
        }
        Ok(org)
    }

    /// `organisation.toml`: the organisation, people, org units, pay grades.
    async fn organisation(&self, hash: &str) -> anyhow::Result<(OrgId, Names)> {
        let (store, actor) = (self.store, self.actor);
        let file = format!("{}/organisation.toml", self.files.dir);
        let o = &self.files.organisation;
        let mut names = Names::default();
        let Some((admin, others)) = o.people.split_first() else {
            bail!("{file}: no people (the first is the first administrator)");
        };
        if admin.role != Role::Administrator || admin.library_editor {
            bail!(
                "{file}: the first person, {}, is the first administrator and no library editor",
                admin.email
            );
        }
        let account = |email, display_name| NewAccount {
            email,
            display_name,
            password_hash: Some(hash),
        };
        let (org, admin_id) = store
            .create_organization(actor, &o.name, o.kind, account(&admin.email, &admin.name))
            .await
            .with_context(|| format!("{file}: organisation „{}“", o.name))?;
        learn(&mut names.people, "person", &admin.email, admin_id)?;
        for p in others {
            let id = store
                .add_member(actor, org.id, account(&p.email, &p.name), p.role)
                .await
                .with_context(|| format!("{file}: person {}", p.email))?;
            if p.library_editor {
                store.set_library_editor(actor, id, true).await?;
            }
            learn(&mut names.people, "person", &p.email, id).with_context(|| file.clone())?;
        }
        for u in &o.org_units {
            let at = || format!("{file}: org unit „{}“", u.name);
            let parent_id = parent(&names.units, u.parent.as_deref()).with_context(at)?;
            let fields = UnitFields {
                name: u.name.clone(),
                short_name: u.short_name.clone(),
                parent_id: parent_id.map(|p| p.to_string()).unwrap_or_default(),
                positions: u
                    .positions
                    .map(|p| ablauf_domain::format_decimal_de(p, 2))
                    .unwrap_or_default(),
            };
            let unit = structure::create_org_unit(store, actor, org.id, &fields)
                .await
                .map_err(explain)
                .with_context(at)?;
            learn(&mut names.units, "org unit", &u.name, unit.id).with_context(at)?;
        }
        for g in &o.pay_grades {
            let at = || format!("{file}: pay grade „{}“", g.name);
            let fields = GradeFields {
                name: g.name.clone(),
                rate: g.hourly_rate.clone(),
            };
            let grade = structure::create_pay_grade(store, actor, org.id, &fields)
                .await
                .map_err(explain)
                .with_context(at)?;
            learn(&mut names.grades, "pay grade", &g.name, grade.id).with_context(at)?;
        }
        Ok((org.id, names))
    }

    /// `register.toml` and the models: areas, reference lists, processes.
    async fn register(&self, org: OrgId, mut names: Names) -> anyhow::Result<()> {
        let (store, actor) = (self.store, self.actor);
        let file = format!("{}/register.toml", self.files.dir);
        let r = &self.files.register;
        for a in &r.areas {
            let at = || format!("{file}: area „{}“", a.name);
            let parent = parent(&names.areas, a.parent.as_deref()).with_context(at)?;
            let area = register::create_area(store, org, actor, parent, &a.name)
                .await
                .map_err(explain)
                .with_context(at)?;
            learn(&mut names.areas, "area", &a.name, area.id).with_context(at)?;
        }
        for (kind, list) in r.lists() {
            for e in list {
                let at = || format!("{file}: {} „{}“", kind.code(), e.name);
                let entry = register::create_reference_entry(
                    store, org, actor, kind, &e.name, &e.detail, &e.link,
                )
                .await
                .map_err(explain)
                .with_context(at)?;
                if names
                    .entries
                    .insert((kind, e.name.clone()), entry.id)
                    .is_some()
                {
                    bail!("{}: twice", at());
                }
            }
        }
        for p in &r.processes {
            self.process(org, &names, p)
                .await
                .with_context(|| format!("{file}: process „{}“", p.name()))?;
        }
        Ok(())
    }

    /// Saves a process's versions in order, then its model.
    async fn process(&self, org: OrgId, names: &Names, p: &Process) -> anyhow::Result<()> {
        let (store, actor) = (self.store, self.actor);
        let area_id = p
            .area
            .as_deref()
            .map(|a| find(&names.areas, "area", a))
            .transpose()?;
        let mut row: Option<(ProcessId, i64)> = None;
        for (i, v) in p.versions.iter().enumerate() {
            let at = || format!("version {}", i + 1);
            let mut profile = names.profile(v).with_context(at)?;
            let mut errors = FieldErrors::default();
            complete_profile(store, &mut profile, &mut errors).await?;
            if !errors.is_empty() {
                let list: Vec<String> = errors.0.iter().map(|(f, m)| format!("{f}: {m}")).collect();
                bail!("{}: {}", at(), list.join("; "));
            }
            let save = Save {
                area_id,
                status: v.status,
                profile,
                note: v.note.clone(),
            };
            let (id, version) = match &row {
                None => {
                    let r = register::create_process(store, org, actor, &save)
                        .await
                        .map_err(explain)
                        .with_context(at)?;
                    (r.id, r.version)
                }
                Some((id, expected)) => {
                    match register::save_profile(store, org, actor, *id, *expected, &save)
                        .await
                        .map_err(explain)
                        .with_context(at)?
                    {
                        ProfileSaved::Saved { version } => (*id, version),
                        ProfileSaved::Conflict(_) => bail!("{}: saved meanwhile", at()),
                    }
                }
            };
            row = Some(
                self.release(org, id, version, v.release)
                    .await
                    .with_context(at)?,
            );
        }
        let Some((id, version)) = row else {
            bail!("no versions");
        };
        if let Some(m) = &p.model {
            let at = || format!("{}/models/{}", self.files.dir, m.file);
            let mut model = self
                .files
                .models
                .get(&m.file)
                .cloned()
                .ok_or_else(|| anyhow!("no such file"))
                .with_context(at)?;
            names.model(&mut model).with_context(at)?;
            let mut saved = modelling::save_model(
                store,
                org,
                actor,
                (id, Which::AsIs),
                version,
                &model,
                Some(&m.note),
            )
            .await
            .map_err(explain)
            .with_context(at)?;
            if let Some(t) = &p.to_be_model {
                let at = || format!("{}/models/{}", self.files.dir, t.file);
                let mut to_be = self
                    .files
                    .models
                    .get(&t.file)
                    .cloned()
                    .ok_or_else(|| anyhow!("no such file"))
                    .with_context(at)?;
                names.model(&mut to_be).with_context(at)?;
                // As a modeller does it: a copy of the Ist, then changed.
                let created = modelling::to_be::create(store, org, actor, id)
                    .await
                    .map_err(explain)
                    .with_context(at)?;
                saved = modelling::save_model(
                    store,
                    org,
                    actor,
                    (id, Which::ToBe),
                    created.version,
                    &to_be,
                    Some(&t.note),
                )
                .await
                .map_err(explain)
                .with_context(at)?;
            }
            self.release(org, id, saved.version, m.release)
                .await
                .with_context(at)?;
        } else if p.to_be_model.is_some() {
            bail!("{}: a to-be model needs a model", p.name());
        }
        Ok(())
    }

    /// Releases `version` when the file says so (as an administrator
    /// would); the version after it, which is the same.
    async fn release(
        &self,
        org: OrgId,
        id: ProcessId,
        version: i64,
        release: bool,
    ) -> anyhow::Result<(ProcessId, i64)> {
        if !release {
            return Ok((id, version));
        }
        let row = register::release(
            self.store,
            org,
            self.actor,
            Role::Administrator,
            id,
            version,
        )
        .await
        .map_err(explain)?;
        Ok((id, row.version))
    }
}
