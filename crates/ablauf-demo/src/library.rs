//! `library.toml`: the demo's shared library, and writing it after the
//! registers ([`crate::Content::Full`] only). The library editor is an
//! account of no organisation, named platform-wide. Every template is
//! proposed by a person of its organisation through the propose use case
//! (organisation-neutral, role names from the file; the personal-data
//! check must find nothing — the demo confirms nothing blindly) and
//! released by the editor through the review use case (four eyes). A
//! proposal stays waiting with the editor's question. Then the update
//! scenario: an organisation adopts a template, changes its copy through
//! the model save, the template's source changes its process the same
//! way, proposes that as a change and the editor releases the next
//! version — so the adopter sees an update with a three-way comparison.

use std::collections::{BTreeMap, HashMap};

use ablauf_app::library::propose::{self, Choices, Proposed, Target};
use ablauf_app::library::{content, mapping_json, review};
use ablauf_app::modelling;
use ablauf_app::processes::complete_profile;
use ablauf_app::{FieldErrors, accounts};
use ablauf_domain::process::Status;
use ablauf_domain::{OrgUnitId, ProcessId, ReferenceKind};
use ablauf_library::content::{Mapping, localise};
use ablauf_library::version::Step;
use ablauf_model::BlockModel;
use ablauf_store::library::ProposalRow;
use ablauf_store::register::StoredModel;
use ablauf_store::{Actor, NewAccount, OrgId, RegisterFilter, Save, Store, TemplateId, Which};
use anyhow::{Context, anyhow, bail};

use crate::files::Demo;
pub use crate::library_files::{Changes, Edit, Editor, Library, Proposal, Source, Update, apply};
use crate::report::explain;

/// An organisation as the library's seeding needs it.
pub(crate) struct Org {
    pub dir: String,
    pub id: OrgId,
}

/// Writes the library.
pub(crate) struct Writer<'a> {
    pub store: &'a Store,
    pub actor: &'a Actor,
    pub demo: &'a Demo,
    pub orgs: &'a [Org],
}

const FILE: &str = "library.toml";

impl Writer<'_> {
    pub async fn seed(&self, hash: &str) -> anyhow::Result<()> {
        let lib = &self.demo.library;
        let Some(e) = &lib.editor else {
            return Ok(());
        };
        let editor = self
            .editor(e, hash)
            .await
            .with_context(|| format!("{FILE}: editor {}", e.email))?;
        let mut released: HashMap<(String, String), TemplateId> = HashMap::new();
        for t in &lib.templates {
            let at = || format!("{FILE}: template „{}“ of {}", t.process, t.organisation);
            let row = self.propose(t).await.with_context(at)?;
            let notes = match &t.release_notes {
                Some(n) => n.clone(),
                None => lib.source(&t.organisation)?.release_notes.clone(),
            };
            let (id, _) = review::release(self.store, &editor, row.id, Step::Minor, &notes)
                .await
                .map_err(explain)
                .with_context(at)?;
            released.insert((t.organisation.clone(), t.process.clone()), id);
        }
        for p in &lib.proposals {
            let at = || format!("{FILE}: proposal „{}“ of {}", p.process, p.organisation);
            let row = self.propose(p).await.with_context(at)?;
            if let Some(c) = &p.comment {
                review::comment(self.store, &editor, row.id, c)
                    .await
                    .map_err(explain)
                    .with_context(at)?;
            }
        }
        if let Some(u) = &lib.update {
            let at = || format!("{FILE}: update „{}“", u.template);
            let (source, template) = released
                .iter()
                .find(|((_, p), _)| *p == u.template)
                .map(|((o, _), id)| (o.clone(), *id))
                .ok_or_else(|| anyhow!("no [[template]] of that process"))
                .with_context(at)?;
            self.update(u, &editor, &source, template)
                .await
                .with_context(at)?;
        }
        Ok(())
    }

    /// The editor's account (no organisation), named library editor.
    async fn editor(&self, e: &Editor, hash: &str) -> anyhow::Result<Actor> {
        let account = NewAccount {
            email: &e.email,
            display_name: &e.name,
            password_hash: Some(hash),
        };
        let id = self.store.create_account(self.actor, account).await?;
        self.store.set_library_editor(self.actor, id, true).await?;
        Ok(accounts::actor(&self.store.get_user(id).await?))
    }

    fn org(&self, dir: &str) -> anyhow::Result<OrgId> {
        self.orgs
            .iter()
            .find(|o| o.dir == dir)
            .map(|o| o.id)
            .ok_or_else(|| anyhow!("unknown organisation „{dir}“"))
    }

    /// A member acting (found by e-mail address).
    async fn person(&self, email: &str) -> anyhow::Result<Actor> {
        let user = self
            .store
            .find_user_by_email(email)
            .await?
            .ok_or_else(|| anyhow!("unknown person {email}"))?;
        Ok(accounts::actor(&user))
    }

    async fn process(&self, org: OrgId, name: &str) -> anyhow::Result<ProcessId> {
        let rows = self
            .store
            .list_processes(org, &RegisterFilter::default())
            .await?;
        let mut found = rows.iter().filter(|r| r.name == name);
        match (found.next(), found.next()) {
            (Some(r), None) => Ok(r.id),
            (None, _) => bail!("unknown process „{name}“"),
            _ => bail!("process „{name}“ twice"),
        }
    }

    /// The role names of an organisation's units, by unit id.
    async fn renames(
        &self,
        org: OrgId,
        roles: &[&BTreeMap<String, String>],
    ) -> anyhow::Result<HashMap<OrgUnitId, String>> {
        let units = self.store.list_org_units(org).await?;
        let mut out = HashMap::new();
        for map in roles {
            for (unit, role) in *map {
                let u = units
                    .iter()
                    .find(|u| &u.name == unit)
                    .ok_or_else(|| anyhow!("unknown org unit „{unit}“"))?;
                out.insert(u.id, role.clone());
            }
        }
        Ok(out)
    }

    /// The choices of a proposal from its source and itself.
    async fn choices(&self, org: OrgId, p: &Proposal) -> anyhow::Result<(Actor, Choices)> {
        let source = self.demo.library.source(&p.organisation)?;
        let actor = self.person(&source.proposer).await?;
        let choices = Choices {
            note: p.note.clone().unwrap_or_else(|| source.note.clone()),
            renames: self.renames(org, &[&source.roles, &p.roles]).await?,
            suits: p.suits.clone().unwrap_or_else(|| source.suits.clone()),
            confirm_personal: false,
        };
        Ok((actor, choices))
    }

    /// Proposes a process as a new template.
    async fn propose(&self, p: &Proposal) -> anyhow::Result<ProposalRow> {
        let org = self.org(&p.organisation)?;
        let process = self.process(org, &p.process).await?;
        let (actor, choices) = self.choices(org, p).await?;
        sent(propose::propose(self.store, org, &actor, process, &choices).await)
    }

    /// Saves a changed model of a process as one more version.
    async fn change_model(
        &self,
        (org, process): (OrgId, ProcessId),
        actor: &Actor,
        changes: &Changes,
    ) -> anyhow::Result<()> {
        let (row, v) = self.store.get_process(org, process).await?;
        let json = v.model.ok_or_else(|| anyhow!("no model"))?;
        let mut model = BlockModel::from_json(&json)?;
        apply(&mut model, &changes.edits)?;
        modelling::save_model(
            self.store,
            org,
            actor,
            (process, Which::AsIs),
            row.version,
            &model,
            Some(&changes.note),
        )
        .await
        .map_err(explain)?;
        Ok(())
    }

    async fn update(
        &self,
        u: &Update,
        editor: &Actor,
        source: &str,
        template: TemplateId,
    ) -> anyhow::Result<()> {
        let org = self.org(&u.adopter)?;
        let adopter = self.person(&u.adopted_by).await?;
        let adopted = self
            .adopt(org, &adopter, u, template)
            .await
            .context("adopting")?;
        self.change_model((org, adopted), &adopter, &u.own)
            .await
            .context("own changes")?;
        // The source changes its process and proposes that as a change to
        // the template it is now linked to.
        let source_org = self.org(source)?;
        let process = self.process(source_org, &u.template).await?;
        let entry = self
            .demo
            .library
            .templates
            .iter()
            .find(|t| t.organisation == source && t.process == u.template)
            .ok_or_else(|| anyhow!("no [[template]]"))?;
        let (actor, mut choices) = self.choices(source_org, entry).await?;
        self.change_model((source_org, process), &actor, &u.change)
            .await
            .context("the source's changes")?;
        choices.note = u.change.proposal.clone();
        let preview = propose::preview(self.store, source_org, process, &choices)
            .await
            .map_err(explain)?;
        if !matches!(preview.target, Target::Change { .. }) {
            bail!("the source's process is not linked to the template");
        }
        let row = sent(propose::propose(self.store, source_org, &actor, process, &choices).await)?;
        review::release(
            self.store,
            editor,
            row.id,
            Step::Minor,
            &u.change.release_notes,
        )
        .await
        .map_err(explain)
        .context("releasing the change")?;
        Ok(())
    }

    /// Adopts the template's first version, as the adoption wizard does:
    /// each role to the org unit the file names, pay grades and
    /// reference-list entries by name (entries the organisation lacks are
    /// added to its lists), into the area the file names.
    async fn adopt(
        &self,
        org: OrgId,
        actor: &Actor,
        u: &Update,
        template: TemplateId,
    ) -> anyhow::Result<ProcessId> {
        let store = self.store;
        let version = (1, 0);
        let c = content(&store.get_template_version(template, version).await?.content)
            .map_err(explain)?;
        let units = store.list_org_units(org).await?;
        let mut map = Mapping::default();
        for role in c.roles() {
            let unit = u
                .roles
                .get(&role)
                .ok_or_else(|| anyhow!("role „{role}“ not mapped"))?;
            let id = units
                .iter()
                .find(|x| &x.name == unit)
                .map(|x| x.id)
                .ok_or_else(|| anyhow!("unknown org unit „{unit}“"))?;
            map.roles.insert(role, id);
        }
        for g in store.list_pay_grades(org).await? {
            map.pay_grades.insert(g.name, g.id);
        }
        for e in store.all_reference_entries(org).await? {
            map.entries.entry(e.kind).or_default().insert(e.name, e.id);
        }
        let p = &c.profile;
        for (kind, names) in [
            (ReferenceKind::ItSystem, &p.it_systems),
            (ReferenceKind::LegalBasis, &p.legal_bases),
            (ReferenceKind::ExternalParty, &p.external_parties),
            (ReferenceKind::Document, &p.documents),
        ] {
            for name in names {
                let known = map.entries.get(&kind).is_some_and(|m| m.contains_key(name));
                if !known {
                    let e = ablauf_app::register::create_reference_entry(
                        store, org, actor, kind, name, "", "",
                    )
                    .await
                    .map_err(explain)?;
                    map.entries.entry(kind).or_default().insert(e.name, e.id);
                }
            }
        }
        let (mut profile, model) = localise(&c, &map);
        profile.owner_id = store.find_user_by_email(&u.adopted_by).await?.map(|x| x.id);
        let mut errors = FieldErrors::default();
        complete_profile(store, &mut profile, &mut errors).await?;
        if !errors.is_empty() {
            bail!("{:?}", errors.0);
        }
        let area = store
            .list_areas(org)
            .await?
            .into_iter()
            .find(|a| a.name == u.area)
            .ok_or_else(|| anyhow!("unknown area „{}“", u.area))?;
        let save = Save {
            area_id: Some(area.id),
            status: Status::Modelliert,
            profile,
            note: u.note.clone(),
        };
        let stored = StoredModel {
            blocks: Some(model.to_json()),
            bpmn: None,
        };
        let row = store
            .adopt_template(
                actor,
                org,
                &save,
                &stored,
                (template, version, &mapping_json(&map)),
            )
            .await?;
        Ok(row.id)
    }
}

/// The proposal sent; personal data found is an error listing it (the
/// demo's texts are to hold none).
fn sent(r: ablauf_app::Result<Proposed>) -> anyhow::Result<ProposalRow> {
    match r.map_err(explain)? {
        Proposed::Created(row) => Ok(*row),
        Proposed::PersonalData(findings) => {
            let list: Vec<String> = findings
                .iter()
                .map(|f| format!("{} „{}“ in {}", f.kind.label_key(), f.text, f.label))
                .collect();
            bail!("personal data: {}", list.join("; "))
        }
    }
}
