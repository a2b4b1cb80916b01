//! The shared library: library editors, templates and their versions,
//! proposals with their comments, and the lineage of organisations'
//! processes that came from a template. Template content is kept as the
//! JSON `ablauf-library` writes; the store does not read it.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::audit::Change;
use crate::db::{Tx, exec, fetch, scalar};
use crate::refs::Refs;
use crate::register::{
    Save, StoredModel, create_in, insert_reference_entry, save_model_and_profile_in,
};
use crate::units::insert_pay_grade;
use crate::{
    Actor, CommentId, OrgId, ProcessId, ProcessRow, ProposalId, Result, Store, StoreError,
    TemplateId, UserId, new_id,
};
use ablauf_domain::ProposalState;

/// A template as the library lists it (the columns of its current version).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TemplateRow {
    pub id: TemplateId,
    pub name: String,
    pub major: i64,
    pub minor: i64,
    pub service_key: Option<String>,
    pub service_name: String,
    pub themenfeld: String,
    pub lebenslage: String,
    /// Organisation kind codes, separated by spaces ('' = any).
    pub suits: String,
    pub step_count: i64,
    pub source_organization_id: Option<OrgId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What the template's list columns say, from the version being released.
#[derive(Debug, Clone, Default)]
pub struct TemplateMeta {
    pub name: String,
    pub service_key: Option<String>,
    pub service_name: String,
    pub themenfeld: String,
    pub lebenslage: String,
    pub suits: String,
    pub step_count: i64,
}

/// One released version of a template.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TemplateVersionRow {
    pub template_id: TemplateId,
    pub major: i64,
    pub minor: i64,
    /// `ablauf_library::Content` as JSON.
    pub content: String,
    pub release_notes: String,
    pub released_by: Option<UserId>,
    pub released_at: DateTime<Utc>,
    pub proposal_id: Option<ProposalId>,
}

/// A proposal, with the proposing organisation's and person's names.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ProposalRow {
    pub id: ProposalId,
    pub organization_id: OrgId,
    pub organization_name: String,
    pub process_id: Option<ProcessId>,
    pub process_version: i64,
    /// Set when the proposal changes a template.
    pub template_id: Option<TemplateId>,
    pub base_major: Option<i64>,
    pub base_minor: Option<i64>,
    pub name: String,
    pub note: String,
    /// `ablauf_library::Content` as JSON.
    pub content: String,
    /// `ablauf_library::Mapping` as JSON: the proposing organisation's
    /// reading of the content's names.
    pub mapping: String,
    pub state: ProposalState,
    pub reason: String,
    pub created_by: Option<UserId>,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<DateTime<Utc>>,
    pub released_major: Option<i64>,
    pub released_minor: Option<i64>,
}

/// What a new proposal holds.
#[derive(Debug, Clone)]
pub struct NewProposal {
    pub process_id: ProcessId,
    pub process_version: i64,
    pub template_id: Option<TemplateId>,
    pub base: Option<(i64, i64)>,
    pub name: String,
    pub note: String,
    pub content: String,
    pub mapping: String,
}

/// What an adoption creates in the organisation's catalogues, with the
/// ids chosen beforehand.
#[derive(Debug, Clone, Default)]
pub struct NewCatalogue {
    pub pay_grades: Vec<(ablauf_domain::PayGradeId, String, ablauf_domain::HourlyRate)>,
    pub entries: Vec<(ablauf_domain::EntryId, ablauf_domain::ReferenceKind, String)>,
}

/// A comment on a proposal.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct CommentRow {
    pub id: CommentId,
    pub proposal_id: ProposalId,
    pub author_id: Option<UserId>,
    pub author_name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// Where a process of an organisation came from.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct LineageRow {
    pub process_id: ProcessId,
    pub organization_id: OrgId,
    pub template_id: TemplateId,
    pub major: i64,
    pub minor: i64,
    /// `ablauf_library::Mapping` as JSON.
    pub mapping: String,
    pub skipped_major: Option<i64>,
    pub skipped_minor: Option<i64>,
    /// Adopted from the library (false: the organisation proposed it).
    pub adopted: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A process whose template has a newer version than the one it is based
/// on (and the organisation did not skip that one).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct UpdateNotice {
    pub process_id: ProcessId,
    pub process_name: String,
    pub template_id: TemplateId,
    pub template_name: String,
    pub major: i64,
    pub minor: i64,
    pub new_major: i64,
    pub new_minor: i64,
}

/// A library editor as the operator lists them.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct LibraryEditorRow {
    pub user_id: UserId,
    pub email: String,
    pub display_name: String,
    pub granted_at: DateTime<Utc>,
}

/// How many processes are based on one version of a template.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct UsageRow {
    pub major: i64,
    pub minor: i64,
    pub processes: i64,
    pub organizations: i64,
}

const PROPOSAL_SELECT: &str = "SELECT p.id, p.organization_id, o.name AS organization_name, \
     p.process_id, p.process_version, p.template_id, p.base_major, p.base_minor, p.name, p.note, \
     p.content, p.mapping, p.state, p.reason, p.created_by, u.display_name AS created_by_name, p.created_at, \
     p.updated_at, p.decided_by, p.decided_at, p.released_major, p.released_minor \
     FROM proposals p JOIN organizations o ON o.id = p.organization_id \
     LEFT JOIN users u ON u.id = p.created_by";

impl Store {
    // --- library editors -------------------------------------------------

    /// Whether the person is a library editor (Redaktion).
    pub async fn is_library_editor(&self, user: UserId) -> Result<bool> {
        let mut c = self.conn().await?;
        let n = scalar!(
            &mut c,
            fetch_one,
            i64,
            "SELECT COUNT(*) FROM library_editors WHERE user_id = $1",
            user
        )?;
        Ok(n > 0)
    }

    /// Every library editor, by name.
    pub async fn list_library_editors(&self) -> Result<Vec<LibraryEditorRow>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            LibraryEditorRow,
            "SELECT u.id AS user_id, u.email, u.display_name, e.granted_at \
             FROM library_editors e JOIN users u ON u.id = e.user_id ORDER BY u.display_name, u.email"
        )?)
    }

    /// Names a person library editor, or takes the grant back. Recorded in
    /// the platform's audit trail.
    pub async fn set_library_editor(
        &self,
        actor: &Actor,
        user: UserId,
        editor: bool,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let email = scalar!(
            &mut tx,
            fetch_optional,
            String,
            "SELECT email FROM users WHERE id = $1",
            user
        )?
        .ok_or(StoreError::NotFound)?;
        let n = if editor {
            exec!(
                &mut tx,
                "INSERT INTO library_editors (user_id, granted_by, granted_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (user_id) DO NOTHING",
                user,
                actor.user_id,
                Utc::now()
            )?
        } else {
            exec!(
                &mut tx,
                "DELETE FROM library_editors WHERE user_id = $1",
                user
            )?
        };
        if n == 0 {
            return tx.commit().await;
        }
        let (action, key) = if editor {
            (
                "library.editor_granted",
                "audit_summary.library_editor_granted",
            )
        } else {
            (
                "library.editor_revoked",
                "audit_summary.library_editor_revoked",
            )
        };
        Change::new(None, action, "user", key)
            .entity(user)
            .arg("email", &email)
            .commit(tx, actor)
            .await
    }

    // --- templates ---------------------------------------------------------

    /// Every template, by name.
    pub async fn list_templates(&self) -> Result<Vec<TemplateRow>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            TemplateRow,
            "SELECT * FROM templates ORDER BY lower(name), id"
        )?)
    }

    pub async fn get_template(&self, id: TemplateId) -> Result<TemplateRow> {
        let mut c = self.conn().await?;
        fetch!(
            &mut c,
            fetch_optional,
            TemplateRow,
            "SELECT * FROM templates WHERE id = $1",
            id
        )?
        .ok_or(StoreError::NotFound)
    }

    /// Every version of a template, newest first.
    pub async fn template_versions(&self, id: TemplateId) -> Result<Vec<TemplateVersionRow>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            TemplateVersionRow,
            "SELECT * FROM template_versions WHERE template_id = $1 ORDER BY major DESC, minor DESC",
            id
        )?)
    }

    pub async fn get_template_version(
        &self,
        id: TemplateId,
        (major, minor): (i64, i64),
    ) -> Result<TemplateVersionRow> {
        let mut c = self.conn().await?;
        fetch!(
            &mut c,
            fetch_optional,
            TemplateVersionRow,
            "SELECT * FROM template_versions WHERE template_id = $1 AND major = $2 AND minor = $3",
            id,
            major,
            minor
        )?
        .ok_or(StoreError::NotFound)
    }

    /// How many processes (and organisations) are based on each version.
    pub async fn template_usage(&self, id: TemplateId) -> Result<Vec<UsageRow>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            UsageRow,
            "SELECT major, minor, COUNT(*) AS processes, COUNT(DISTINCT organization_id) AS organizations \
             FROM process_lineage WHERE template_id = $1 GROUP BY major, minor \
             ORDER BY major DESC, minor DESC",
            id
        )?)
    }

    /// The organisations using a template that allow being named, by name.
    pub async fn template_public_users(&self, id: TemplateId) -> Result<Vec<String>> {
        let mut c = self.conn().await?;
        Ok(scalar!(
            &mut c,
            fetch_all,
            String,
            "SELECT DISTINCT o.name FROM process_lineage l JOIN organizations o ON o.id = l.organization_id \
             WHERE l.template_id = $1 AND o.library_usage_public ORDER BY o.name",
            id
        )?)
    }

    /// Whether the organisation allows the library to name it among a
    /// template's users.
    pub async fn library_usage_public(&self, org: OrgId) -> Result<bool> {
        let mut c = self.conn().await?;
        Ok(scalar!(
            &mut c,
            fetch_one,
            bool,
            "SELECT library_usage_public FROM organizations WHERE id = $1",
            org
        )?)
    }

    pub async fn set_library_usage_public(
        &self,
        actor: &Actor,
        org: OrgId,
        public: bool,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        exec!(
            &mut tx,
            "UPDATE organizations SET library_usage_public = $2 WHERE id = $1",
            org,
            public
        )?;
        Change::new(
            org,
            "library.usage_public_set",
            "organization",
            "audit_summary.library_usage_public_set",
        )
        .entity(org)
        .after(&public)
        .commit(tx, actor)
        .await
    }

    // --- proposals -------------------------------------------------------

    pub async fn create_proposal(
        &self,
        actor: &Actor,
        org: OrgId,
        p: &NewProposal,
    ) -> Result<ProposalRow> {
        let mut tx = self.begin().await?;
        let id = ProposalId(new_id());
        let now = Utc::now();
        exec!(
            &mut tx,
            "INSERT INTO proposals (id, organization_id, process_id, process_version, template_id, \
             base_major, base_minor, name, note, content, mapping, state, reason, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, '', $13, $14, $14)",
            id,
            org,
            p.process_id,
            p.process_version,
            p.template_id,
            p.base.map(|b| b.0),
            p.base.map(|b| b.1),
            &p.name,
            &p.note,
            &p.content,
            &p.mapping,
            ProposalState::Open,
            actor.user_id,
            now
        )?;
        Change::new(
            org,
            "library.proposed",
            "proposal",
            "audit_summary.library_proposed",
        )
        .entity(id)
        .arg("name", &p.name)
        .record(&mut tx, actor)
        .await?;
        let row = proposal_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(row)
    }

    pub async fn get_proposal(&self, id: ProposalId) -> Result<ProposalRow> {
        let mut c = self.conn().await?;
        let sql = format!("{PROPOSAL_SELECT} WHERE p.id = $1");
        fetch!(&mut c, fetch_optional, ProposalRow, &sql, id)?.ok_or(StoreError::NotFound)
    }

    /// Proposals in the given states, newest change first; only those of
    /// `org` when given.
    pub async fn list_proposals(
        &self,
        states: &[ProposalState],
        org: Option<OrgId>,
    ) -> Result<Vec<ProposalRow>> {
        let mut c = self.conn().await?;
        let codes: Vec<String> = states.iter().map(|s| format!("'{}'", s.code())).collect();
        let sql = format!(
            "{PROPOSAL_SELECT} WHERE p.state IN ({}) AND ($1 IS NULL OR p.organization_id = $1) \
             ORDER BY p.updated_at DESC",
            codes.join(", ")
        );
        let org: Option<uuid::Uuid> = org.map(Into::into);
        Ok(fetch!(&mut c, fetch_all, ProposalRow, &sql, org)?)
    }

    /// The proposals made from one process, newest first.
    pub async fn proposals_of_process(
        &self,
        org: OrgId,
        process: ProcessId,
    ) -> Result<Vec<ProposalRow>> {
        let mut c = self.conn().await?;
        let sql = format!(
            "{PROPOSAL_SELECT} WHERE p.organization_id = $1 AND p.process_id = $2 ORDER BY p.created_at DESC"
        );
        Ok(fetch!(&mut c, fetch_all, ProposalRow, &sql, org, process)?)
    }

    /// Moves a proposal from one of `from` to `to` (request changes,
    /// reject), with a reason. Refused when it is in another state by now.
    pub async fn decide_proposal(
        &self,
        actor: &Actor,
        id: ProposalId,
        from: &[ProposalState],
        to: ProposalState,
        reason: &str,
    ) -> Result<ProposalRow> {
        let mut tx = self.begin().await?;
        let before = proposal_in(&mut tx, id).await?;
        if !from.contains(&before.state) {
            return Err(StoreError::Refused("error.proposal_state"));
        }
        exec!(
            &mut tx,
            "UPDATE proposals SET state = $2, reason = $3, decided_by = $4, decided_at = $5, updated_at = $5 \
             WHERE id = $1",
            id,
            to,
            reason,
            actor.user_id,
            Utc::now()
        )?;
        Change::new(
            before.organization_id,
            format!("library.proposal_{}", to.code()),
            "proposal",
            "audit_summary.library_proposal_decided",
        )
        .entity(id)
        .arg("name", &before.name)
        .arg_key("state", to.label_key())
        .record(&mut tx, actor)
        .await?;
        let row = proposal_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// The proposer's new content for a proposal the editors sent back;
    /// it waits for them again.
    pub async fn resubmit_proposal(
        &self,
        actor: &Actor,
        org: OrgId,
        id: ProposalId,
        (process_version, content, mapping, note): (i64, &str, &str, &str),
    ) -> Result<ProposalRow> {
        let mut tx = self.begin().await?;
        let before = proposal_in(&mut tx, id).await?;
        if before.organization_id != org {
            return Err(StoreError::NotFound);
        }
        if !before.state.is_pending() {
            return Err(StoreError::Refused("error.proposal_state"));
        }
        exec!(
            &mut tx,
            "UPDATE proposals SET state = $2, content = $3, note = $4, process_version = $5, updated_at = $6, \
             mapping = $7 WHERE id = $1",
            id,
            ProposalState::Open,
            content,
            note,
            process_version,
            Utc::now(),
            mapping
        )?;
        Change::new(
            org,
            "library.proposal_resubmitted",
            "proposal",
            "audit_summary.library_proposal_resubmitted",
        )
        .entity(id)
        .arg("name", &before.name)
        .record(&mut tx, actor)
        .await?;
        let row = proposal_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(row)
    }

    pub async fn add_proposal_comment(
        &self,
        actor: &Actor,
        id: ProposalId,
        body: &str,
    ) -> Result<CommentRow> {
        let mut tx = self.begin().await?;
        proposal_in(&mut tx, id).await?;
        let cid = CommentId(new_id());
        let now = Utc::now();
        exec!(
            &mut tx,
            "INSERT INTO proposal_comments (id, proposal_id, author_id, author_name, body, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            cid,
            id,
            actor.user_id,
            &actor.name,
            body,
            now
        )?;
        exec!(
            &mut tx,
            "UPDATE proposals SET updated_at = $2 WHERE id = $1",
            id,
            now
        )?;
        let row = fetch!(
            &mut tx,
            fetch_one,
            CommentRow,
            "SELECT * FROM proposal_comments WHERE id = $1",
            cid
        )?;
        tx.commit().await?;
        Ok(row)
    }

    pub async fn proposal_comments(&self, id: ProposalId) -> Result<Vec<CommentRow>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            CommentRow,
            "SELECT * FROM proposal_comments WHERE proposal_id = $1 ORDER BY created_at, id",
            id
        )?)
    }

    /// Releases an open proposal as a template version: a new template
    /// (version 1.0) or the next version of the template it changes, which
    /// must still be at `current` (else a conflict). The proposing
    /// process, where it still exists, is then based on that version with
    /// `mapping`. Answers the template.
    pub async fn release_proposal(
        &self,
        actor: &Actor,
        id: ProposalId,
        current: Option<(i64, i64)>,
        version: (i64, i64),
        release_notes: &str,
        (content, meta): (&str, &TemplateMeta),
    ) -> Result<TemplateId> {
        let mut tx = self.begin().await?;
        let p = proposal_in(&mut tx, id).await?;
        if p.state != ProposalState::Open {
            return Err(StoreError::Refused("error.proposal_state"));
        }
        let now = Utc::now();
        let template = match (p.template_id, current) {
            (Some(t), Some((cmaj, cmin))) => {
                let n = exec!(
                    &mut tx,
                    "UPDATE templates SET name = $2, major = $3, minor = $4, service_key = $5, service_name = $6, \
                     themenfeld = $7, lebenslage = $8, suits = $9, step_count = $10, updated_at = $11 \
                     WHERE id = $1 AND major = $12 AND minor = $13",
                    t,
                    &meta.name,
                    version.0,
                    version.1,
                    meta.service_key.clone(),
                    &meta.service_name,
                    &meta.themenfeld,
                    &meta.lebenslage,
                    &meta.suits,
                    meta.step_count,
                    now,
                    cmaj,
                    cmin
                )?;
                if n == 0 {
                    return Err(StoreError::Conflict("error.template_moved_on"));
                }
                t
            }
            (None, None) => {
                let t = TemplateId(new_id());
                exec!(
                    &mut tx,
                    "INSERT INTO templates (id, name, major, minor, service_key, service_name, themenfeld, \
                     lebenslage, suits, step_count, source_organization_id, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
                    t,
                    &meta.name,
                    version.0,
                    version.1,
                    meta.service_key.clone(),
                    &meta.service_name,
                    &meta.themenfeld,
                    &meta.lebenslage,
                    &meta.suits,
                    meta.step_count,
                    p.organization_id,
                    now
                )?;
                t
            }
            _ => return Err(StoreError::Conflict("error.template_moved_on")),
        };
        exec!(
            &mut tx,
            "INSERT INTO template_versions (template_id, major, minor, content, release_notes, released_by, \
             released_at, proposal_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            template,
            version.0,
            version.1,
            content,
            release_notes,
            actor.user_id,
            now,
            id
        )?;
        exec!(
            &mut tx,
            "UPDATE proposals SET state = $2, decided_by = $3, decided_at = $4, updated_at = $4, \
             released_major = $5, released_minor = $6, template_id = $7 WHERE id = $1",
            id,
            ProposalState::Released,
            actor.user_id,
            now,
            version.0,
            version.1,
            template
        )?;
        if let Some(process) = p.process_id {
            let exists = scalar!(
                &mut tx,
                fetch_one,
                i64,
                "SELECT COUNT(*) FROM processes WHERE id = $1 AND organization_id = $2",
                process,
                p.organization_id
            )?;
            if exists > 0 {
                exec!(
                    &mut tx,
                    "INSERT INTO process_lineage (process_id, organization_id, template_id, major, minor, mapping, \
                     adopted, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
                     ON CONFLICT (process_id) DO UPDATE SET template_id = excluded.template_id, \
                     major = excluded.major, minor = excluded.minor, mapping = excluded.mapping, \
                     skipped_major = NULL, skipped_minor = NULL, updated_at = excluded.updated_at",
                    process,
                    p.organization_id,
                    template,
                    version.0,
                    version.1,
                    &p.mapping,
                    false,
                    now
                )?;
            }
        }
        Change::new(
            p.organization_id,
            "library.released",
            "template",
            "audit_summary.library_released",
        )
        .entity(template)
        .arg("name", &meta.name)
        .arg("version", format!("{}.{}", version.0, version.1))
        .record(&mut tx, actor)
        .await?;
        tx.commit().await?;
        Ok(template)
    }

    // --- lineage -----------------------------------------------------------

    pub async fn get_lineage(&self, org: OrgId, process: ProcessId) -> Result<Option<LineageRow>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_optional,
            LineageRow,
            "SELECT * FROM process_lineage WHERE organization_id = $1 AND process_id = $2",
            org,
            process
        )?)
    }

    /// The organisation's processes whose template moved on past the
    /// version they are based on and past a version the organisation
    /// skipped, by process name.
    pub async fn update_notices(&self, org: OrgId) -> Result<Vec<UpdateNotice>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            UpdateNotice,
            "SELECT l.process_id, p.name AS process_name, t.id AS template_id, t.name AS template_name, \
             l.major, l.minor, t.major AS new_major, t.minor AS new_minor \
             FROM process_lineage l JOIN templates t ON t.id = l.template_id \
             JOIN processes p ON p.id = l.process_id \
             WHERE l.organization_id = $1 \
             AND (t.major > l.major OR (t.major = l.major AND t.minor > l.minor)) \
             AND NOT (l.skipped_major IS NOT NULL AND t.major = l.skipped_major AND t.minor = l.skipped_minor) \
             ORDER BY lower(p.name), p.id",
            org
        )?)
    }

    /// Hides the notice of the template's version `version` for a process
    /// until the next one.
    pub async fn skip_template_version(
        &self,
        actor: &Actor,
        org: OrgId,
        process: ProcessId,
        version: (i64, i64),
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = exec!(
            &mut tx,
            "UPDATE process_lineage SET skipped_major = $3, skipped_minor = $4, updated_at = $5 \
             WHERE organization_id = $1 AND process_id = $2",
            org,
            process,
            version.0,
            version.1,
            Utc::now()
        )?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Change::new(
            org,
            "library.update_skipped",
            "process",
            "audit_summary.library_update_skipped",
        )
        .entity(process)
        .arg("version", format!("{}.{}", version.0, version.1))
        .commit(tx, actor)
        .await
    }

    /// Adopts a template: the pay grades and reference-list entries the
    /// organisation lacks (`new`, with the ids the localised profile and
    /// model already use), a new process with the localised Steckbrief and
    /// model, based on `template` at `version`, all in one transaction.
    pub async fn adopt_template(
        &self,
        actor: &Actor,
        org: OrgId,
        (save, model, new): (&Save, &StoredModel, &NewCatalogue),
        (template, version, mapping): (TemplateId, (i64, i64), &str),
    ) -> Result<ProcessRow> {
        let mut tx = self.begin().await?;
        for (id, name, rate) in &new.pay_grades {
            insert_pay_grade(&mut tx, actor, org, (*id, name, *rate)).await?;
        }
        for (id, kind, name) in &new.entries {
            insert_reference_entry(&mut tx, actor, org, (*id, *kind, name), ("", "")).await?;
        }
        let mut refs = Refs::new(org);
        let created = create_in(&mut tx, actor, &mut refs, org, save).await?;
        let row = save_model_and_profile_in(
            &mut tx,
            actor,
            &mut refs,
            org,
            (created.id, created.version),
            save,
            model,
        )
        .await?;
        let now = Utc::now();
        exec!(
            &mut tx,
            "INSERT INTO process_lineage (process_id, organization_id, template_id, major, minor, mapping, \
             adopted, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
            row.id,
            org,
            template,
            version.0,
            version.1,
            mapping,
            true,
            now
        )?;
        Change::new(
            org,
            "library.adopted",
            "process",
            "audit_summary.library_adopted",
        )
        .entity(row.id)
        .arg("name", &save.profile.name)
        .arg("version", format!("{}.{}", version.0, version.1))
        .record(&mut tx, actor)
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Saves the result of a template update as a new version of the
    /// process (if `expected_version` is still current) and bases the
    /// process on the template's `version`.
    pub async fn take_template_update(
        &self,
        actor: &Actor,
        org: OrgId,
        (process, expected_version): (ProcessId, i64),
        save: &Save,
        model: &StoredModel,
        (version, mapping): ((i64, i64), &str),
    ) -> Result<ProcessRow> {
        let mut tx = self.begin().await?;
        let mut refs = Refs::new(org);
        let row = save_model_and_profile_in(
            &mut tx,
            actor,
            &mut refs,
            org,
            (process, expected_version),
            save,
            model,
        )
        .await?;
        let n = exec!(
            &mut tx,
            "UPDATE process_lineage SET major = $3, minor = $4, mapping = $5, skipped_major = NULL, \
             skipped_minor = NULL, updated_at = $6 WHERE organization_id = $1 AND process_id = $2",
            org,
            process,
            version.0,
            version.1,
            mapping,
            Utc::now()
        )?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        tx.commit().await?;
        Ok(row)
    }
}

async fn proposal_in(tx: &mut Tx, id: ProposalId) -> Result<ProposalRow> {
    let sql = format!("{PROPOSAL_SELECT} WHERE p.id = $1");
    fetch!(tx, fetch_optional, ProposalRow, &sql, id)?.ok_or(StoreError::NotFound)
}
