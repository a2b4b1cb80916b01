//! Proposals to the shared library, from both sides: an organisation
//! proposes a process (or a change to the template it came from) after
//! seeing what will leave it, follows its proposals and answers the
//! editors; the library editors (Redaktion) review the queue, comment,
//! ask for changes, reject or release.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{LibraryEditor, OrgAdmin, OrgCtx, OrgEditor, Viewer};
use crate::error::{AppResult, path_id};
use crate::pages::{FormErrors, HtmlForm, Notice, done, form_page, form_result, layout};
use crate::templates::render;
use ablauf_app::i18n::{t, tf};
use ablauf_app::library::propose::{self, Choices, Preview, Proposed, Target};
use ablauf_app::library::review::{self, Review};
use ablauf_domain::{OrgKind, OrgUnitId, ProposalState};
use ablauf_library::Content;
use ablauf_library::personal::Finding;
use ablauf_library::version::Step;
use ablauf_store::library::{CommentRow, ProposalRow};

fn when(d: chrono::DateTime<chrono::Utc>) -> String {
    ablauf_app::i18n::local_datetime(&d)
}

fn proposal_view(p: &ProposalRow) -> Value {
    context! {
        id => p.id.to_string(),
        name => p.name.clone(),
        organization => p.organization_name.clone(),
        org_id => p.organization_id.to_string(),
        process_id => p.process_id.map(|x| x.to_string()),
        state => p.state.code(),
        state_label => t(&p.state.label_key()),
        pending => p.state.is_pending(),
        open => p.state == ProposalState::Open,
        change => p.template_id.is_some() && p.state != ProposalState::Released,
        template_id => p.template_id.map(|x| x.to_string()),
        base => p.base_major.zip(p.base_minor).map(|(a, b)| format!("{a}.{b}")),
        released => p.released_major.zip(p.released_minor).map(|(a, b)| format!("{a}.{b}")),
        note => p.note.clone(),
        reason => p.reason.clone(),
        by => p.created_by_name.clone().unwrap_or_default(),
        created => when(p.created_at),
        updated => when(p.updated_at),
    }
}

fn comments_view(c: &[CommentRow]) -> Vec<Value> {
    c.iter()
        .map(|c| {
            context! {
                author => c.author_name.clone(),
                at => when(c.created_at),
                body => c.body.clone(),
            }
        })
        .collect()
}

fn findings_view(f: &[Finding]) -> Vec<Value> {
    f.iter()
        .map(|f| {
            context! {
                kind => t(f.kind.label_key()),
                label => f.label.clone(),
                text => f.text.clone(),
            }
        })
        .collect()
}

/// What a template's content shows: the neutral Steckbrief's fields that
/// are filled, the roles, and the steps in reading order.
pub fn content_view(c: &Content) -> Value {
    let p = &c.profile;
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut add = |label: &str, value: String| {
        if !value.trim().is_empty() {
            fields.push((label.to_owned(), value));
        }
    };
    add("Name", p.name.clone());
    add("Beschreibung", p.description.clone());
    add(
        "Leistung",
        match &p.service_key {
            Some(k) => format!("{} ({k})", p.service_name),
            None => p.service_name.clone(),
        },
    );
    add("Themenfeld", p.themenfeld.clone());
    add("Lebenslage", p.lebenslage.clone());
    add(
        "Zuständige Rolle",
        p.responsible_role.clone().unwrap_or_default(),
    );
    add("Beteiligte Rollen", p.participating_roles.join(", "));
    add("Auslöser", p.trigger.clone());
    add("Ergebnis", p.result.clone());
    add("Externe Beteiligte", p.external_parties.join(", "));
    add("Rechtsgrundlagen", p.legal_bases.join(", "));
    add("Fachverfahren", p.it_systems.join(", "));
    add("Dokumente", p.documents.join(", "));
    add("Gesetzliche Frist", p.statutory_deadline.clone());
    add(
        "Fälle pro Jahr (Beispiel)",
        p.cases_per_year.map(|c| c.to_string()).unwrap_or_default(),
    );
    add(
        "OZG-Reifegrad",
        p.digitisation_level
            .map(|c| c.to_string())
            .unwrap_or_default(),
    );
    add("Schlagwörter", p.keywords.join(", "));
    add(
        "Geeignet für",
        c.suits
            .iter()
            .map(|k| t(&k.label_key()))
            .collect::<Vec<_>>()
            .join(", "),
    );
    let steps: Vec<Value> = c
        .model
        .steps()
        .into_iter()
        .map(|s| {
            context! {
                subprocess => c.model.subprocess_of(&s.id).map(|sp| sp.name.clone()),
                label => s.label.clone(),
                role => c.model.effective_org_unit(&s.id),
                grade => s.pay_grade.clone(),
                minutes => s.processing_minutes.map(|m| ablauf_domain::format_decimal_de(m, 0)),
                it => s.it_system.clone(),
            }
        })
        .collect();
    let fields: Vec<Value> = fields
        .into_iter()
        .map(|(label, value)| context! { label => label, value => value })
        .collect();
    context! { fields => fields, roles => c.roles(), steps => steps }
}

// --- proposing -------------------------------------------------------------

/// The proposal form as posted: the note, a role name per org unit
/// (`role_<unit id>`), the organisation kinds (`suits`), and the
/// confirmation of the personal-data findings.
fn choices(pairs: &[(String, String)]) -> Choices {
    let mut c = Choices::default();
    for (k, v) in pairs {
        match k.as_str() {
            "note" => c.note = v.clone(),
            "suits" => c.suits.extend(OrgKind::parse(v)),
            "confirm_personal" => c.confirm_personal = v == "on" || v == "1",
            k => {
                if let Some(u) = k.strip_prefix("role_").and_then(OrgUnitId::parse) {
                    c.renames.insert(u, v.clone());
                }
            }
        }
    }
    c
}

fn propose_page(
    viewer: &Viewer,
    ctx: &OrgCtx,
    (p, c): (&Preview, &Choices),
    errors: &FormErrors,
    asked: bool,
) -> AppResult<Response> {
    let roles: Vec<Value> = p
        .roles
        .iter()
        .map(|(id, unit, role)| context! { id => id.to_string(), unit => unit.clone(), role => role.clone() })
        .collect();
    let suits: Vec<Value> = OrgKind::ALL
        .iter()
        .map(|k| {
            context! {
                code => k.code(),
                label => t(&k.label_key()),
                on => if asked { c.suits.contains(k) } else { *k == p.org_kind },
            }
        })
        .collect();
    let target = match &p.target {
        Target::New => None,
        Target::Change { template, base } => Some(context! {
            id => template.id.to_string(),
            name => template.name.clone(),
            base => base.to_string(),
            current => format!("{}.{}", template.major, template.minor),
        }),
    };
    let pending: Vec<Value> = p.pending.iter().map(proposal_view).collect();
    let html = render(
        "library/propose.html",
        context! {
            layout => layout(viewer, Some(ctx), &tf("library.propose_title", &[("name", &p.process.name)]), "register"),
            process => context! { id => p.process.id.to_string(), name => p.process.name.clone() },
            target => target,
            content => content_view(&p.content),
            step_count => p.content.step_count(),
            roles => roles,
            suits => suits,
            findings => findings_view(&p.findings),
            note => c.note.clone(),
            confirmed => c.confirm_personal,
            pending => pending,
            errors => errors,
        },
    )?;
    Ok(form_page(html, errors))
}

pub async fn propose_form(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Path((_, process)): Path<(String, String)>,
) -> AppResult<Response> {
    let process = path_id(&process)?;
    let c = Choices::default();
    let p = propose::preview(&state.store, ctx.id(), process, &c).await?;
    propose_page(&viewer, &ctx, (&p, &c), &FormErrors::default(), false)
}

pub async fn propose_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Path((_, process)): Path<(String, String)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let process = path_id(&process)?;
    let c = choices(&pairs);
    if pairs.iter().any(|(k, _)| k == "preview") {
        let p = propose::preview(&state.store, ctx.id(), process, &c).await?;
        return propose_page(&viewer, &ctx, (&p, &c), &FormErrors::default(), true);
    }
    let r = propose::propose(&state.store, ctx.id(), &ctx.actor(), process, &c).await;
    let errors = match form_result(r, "note")? {
        Ok(Proposed::Created(row)) => {
            return Ok(done(
                &format!("/o/{}/bibliothek/vorschlaege/{}", ctx.id(), row.id),
                "proposal_sent",
            ));
        }
        Ok(Proposed::PersonalData(_)) => {
            FormErrors::single("confirm_personal", "error.personal_data")
        }
        Err(e) => e,
    };
    let p = propose::preview(&state.store, ctx.id(), process, &c).await?;
    propose_page(&viewer, &ctx, (&p, &c), &errors, true)
}

// --- the organisation's proposals -----------------------------------------

pub async fn org_proposals(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgCtx,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    let rows = state
        .store
        .list_proposals(&ProposalState::ALL, Some(ctx.id()))
        .await?;
    let rows: Vec<Value> = rows.iter().map(proposal_view).collect();
    Ok(render(
        "library/org_proposals.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &t("library.org_proposals_title"), "library"),
            proposals => rows,
            notice => n.text(),
        },
    )?
    .into_response())
}

fn org_proposal_page(
    viewer: &Viewer,
    ctx: &OrgCtx,
    (p, comments): (&ProposalRow, &[CommentRow]),
    errors: &FormErrors,
    notice: Option<String>,
) -> AppResult<Response> {
    let content = ablauf_app::library::content(&p.content)?;
    let html = render(
        "library/org_proposal.html",
        context! {
            layout => layout(viewer, Some(ctx), &tf("library.proposal_title", &[("name", &p.name)]), "library"),
            p => proposal_view(p),
            content => content_view(&content),
            comments => comments_view(comments),
            errors => errors,
            notice => notice,
        },
    )?;
    Ok(form_page(html, errors))
}

pub async fn org_proposal(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgCtx,
    Path((_, id)): Path<(String, String)>,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    let p = propose::own_proposal(&state.store, ctx.id(), path_id(&id)?).await?;
    let comments = state.store.proposal_comments(p.id).await?;
    org_proposal_page(
        &viewer,
        &ctx,
        (&p, &comments),
        &FormErrors::default(),
        n.text(),
    )
}

#[derive(Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    body: String,
}

pub async fn org_comment(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Path((_, id)): Path<(String, String)>,
    HtmlForm(f): HtmlForm<CommentForm>,
) -> AppResult<Response> {
    let p = propose::own_proposal(&state.store, ctx.id(), path_id(&id)?).await?;
    let r = review::comment(&state.store, &ctx.actor(), p.id, &f.body).await;
    match form_result(r, "body")? {
        Ok(_) => Ok(done(
            &format!("/o/{}/bibliothek/vorschlaege/{}", ctx.id(), p.id),
            "comment_added",
        )),
        Err(errors) => {
            let comments = state.store.proposal_comments(p.id).await?;
            org_proposal_page(&viewer, &ctx, (&p, &comments), &errors, None)
        }
    }
}

pub async fn org_resubmit(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgEditor,
    Path((_, id)): Path<(String, String)>,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = propose::own_proposal(&state.store, ctx.id(), path_id(&id)?).await?;
    let c = choices(&pairs);
    let r = propose::resubmit(&state.store, ctx.id(), &ctx.actor(), p.id, &c).await;
    let errors = match form_result(r, "note")? {
        Ok(Proposed::Created(_)) => {
            return Ok(done(
                &format!("/o/{}/bibliothek/vorschlaege/{}", ctx.id(), p.id),
                "proposal_resubmitted",
            ));
        }
        Ok(Proposed::PersonalData(_)) => {
            FormErrors::single("confirm_personal", "error.personal_data")
        }
        Err(e) => e,
    };
    let comments = state.store.proposal_comments(p.id).await?;
    org_proposal_page(&viewer, &ctx, (&p, &comments), &errors, None)
}

// --- the editors' desk -------------------------------------------------------

pub async fn queue(
    State(state): State<AppState>,
    viewer: Viewer,
    _editor: LibraryEditor,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    let rows = review::queue(&state.store).await?;
    let (open, returned): (Vec<&ProposalRow>, Vec<&ProposalRow>) =
        rows.iter().partition(|p| p.state == ProposalState::Open);
    let view = |v: Vec<&ProposalRow>| -> Vec<Value> { v.into_iter().map(proposal_view).collect() };
    Ok(render(
        "library/queue.html",
        context! {
            layout => layout(&viewer, None, &t("library.queue_title"), "editorial"),
            open => view(open),
            returned => view(returned),
            notice => n.text(),
        },
    )?
    .into_response())
}

fn review_page(
    viewer: &Viewer,
    r: &Review,
    errors: &FormErrors,
    notice: Option<String>,
) -> AppResult<Response> {
    let findings: Vec<Value> = r
        .findings
        .iter()
        .map(|f| {
            context! {
                severity => match f.severity {
                    ablauf_analysis::Severity::Error => "error",
                    ablauf_analysis::Severity::Warning => "warning",
                    ablauf_analysis::Severity::Info => "info",
                },
                title => ablauf_analysis::rule(f.rule).map(|x| x.title).unwrap_or(f.rule),
                message => f.message.clone(),
            }
        })
        .collect();
    let missing: Vec<&str> = r.missing.iter().map(|m| m.label).collect();
    let against = r.against.as_ref().map(|a| {
        let fields: Vec<Value> = a
            .fields
            .iter()
            .map(|f| context! { field => field_label(&f.field), before => f.before.clone(), after => f.after.clone() })
            .collect();
        let named = |v: &[(String, String)]| -> Vec<String> {
            v.iter().map(|(id, l)| if l.is_empty() { id.clone() } else { l.clone() }).collect()
        };
        context! {
            template => a.template.name.clone(),
            template_id => a.template.id.to_string(),
            base => a.base.to_string(),
            current => a.current.to_string(),
            moved_on => a.base != a.current,
            fields => fields,
            added => named(&a.added),
            removed => named(&a.removed),
            changed => named(&a.changed),
        }
    });
    let own = viewer.current.user.id;
    let html = render(
        "library/review.html",
        context! {
            layout => layout(viewer, None, &tf("library.review_title", &[("name", &r.proposal.name)]), "editorial"),
            p => proposal_view(&r.proposal),
            own => r.proposal.created_by == Some(own),
            content => content_view(&r.content),
            findings => findings,
            blocking => review::blocking(r),
            missing => missing,
            against => against,
            comments => comments_view(&r.comments),
            errors => errors,
            notice => notice,
        },
    )?;
    Ok(form_page(html, errors))
}

/// The German name of a neutral Steckbrief field.
fn field_label(field: &str) -> String {
    let key = format!("library.field.{field}");
    if ablauf_app::i18n::has(&key) {
        t(&key)
    } else {
        field.to_owned()
    }
}

pub async fn review_show(
    State(state): State<AppState>,
    viewer: Viewer,
    _editor: LibraryEditor,
    Path(id): Path<String>,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    let r = review::review(&state.store, path_id(&id)?).await?;
    review_page(&viewer, &r, &FormErrors::default(), n.text())
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    reason: String,
}

#[derive(Deserialize)]
pub struct ReleaseForm {
    #[serde(default)]
    step: String,
    #[serde(default)]
    release_notes: String,
}

/// After a decision: the review page again with its errors, or the queue.
async fn decided<T>(
    state: &AppState,
    viewer: &Viewer,
    id: ablauf_domain::ProposalId,
    r: ablauf_app::Result<T>,
    (field, flash): (&str, &str),
) -> AppResult<Response> {
    match form_result(r, field)? {
        Ok(_) => Ok(done(&format!("/bibliothek/redaktion/{id}"), flash)),
        Err(errors) => {
            let rv = review::review(&state.store, id).await?;
            review_page(viewer, &rv, &errors, None)
        }
    }
}

pub async fn review_comment(
    State(state): State<AppState>,
    viewer: Viewer,
    editor: LibraryEditor,
    Path(id): Path<String>,
    HtmlForm(f): HtmlForm<CommentForm>,
) -> AppResult<Response> {
    let id = path_id(&id)?;
    let r = review::comment(&state.store, &editor.actor(), id, &f.body).await;
    decided(&state, &viewer, id, r, ("body", "comment_added")).await
}

pub async fn review_request_changes(
    State(state): State<AppState>,
    viewer: Viewer,
    editor: LibraryEditor,
    Path(id): Path<String>,
    HtmlForm(f): HtmlForm<DecisionForm>,
) -> AppResult<Response> {
    let id = path_id(&id)?;
    let r = review::request_changes(&state.store, &editor.actor(), id, &f.reason).await;
    decided(&state, &viewer, id, r, ("reason", "proposal_returned")).await
}

pub async fn review_reject(
    State(state): State<AppState>,
    viewer: Viewer,
    editor: LibraryEditor,
    Path(id): Path<String>,
    HtmlForm(f): HtmlForm<DecisionForm>,
) -> AppResult<Response> {
    let id = path_id(&id)?;
    // The reason is asked for in its own field beside the request for
    // changes; its error belongs there.
    let r = match review::reject(&state.store, &editor.actor(), id, &f.reason).await {
        Err(ablauf_app::Error::Invalid(e)) => Err(ablauf_app::Error::Invalid(
            e.renamed("reason", "reject_reason"),
        )),
        r => r,
    };
    decided(
        &state,
        &viewer,
        id,
        r,
        ("reject_reason", "proposal_rejected"),
    )
    .await
}

pub async fn review_release(
    State(state): State<AppState>,
    viewer: Viewer,
    editor: LibraryEditor,
    Path(id): Path<String>,
    HtmlForm(f): HtmlForm<ReleaseForm>,
) -> AppResult<Response> {
    let id = path_id(&id)?;
    let step = if f.step == "major" {
        Step::Major
    } else {
        Step::Minor
    };
    let r = review::release(&state.store, &editor.actor(), id, step, &f.release_notes).await;
    decided(
        &state,
        &viewer,
        id,
        r,
        ("release_notes", "proposal_released"),
    )
    .await
}

/// The role names of a proposal form, by unit, for tests and the API.
pub fn renames(pairs: &HashMap<String, String>) -> HashMap<OrgUnitId, String> {
    pairs
        .iter()
        .filter_map(|(k, v)| OrgUnitId::parse(k).map(|u| (u, v.clone())))
        .collect()
}

// --- the organisation's library setting --------------------------------------

/// Whether the library may name the organisation among a template's users
/// (administrators decide; default: no).
pub async fn usage_form(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgAdmin,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    let public = state.store.library_usage_public(ctx.id()).await?;
    Ok(render(
        "library/usage.html",
        context! {
            layout => layout(&viewer, Some(&ctx), &t("library.usage_title"), "library"),
            public => public,
            notice => n.text(),
        },
    )?
    .into_response())
}

#[derive(Deserialize)]
pub struct UsageForm {
    public: Option<String>,
}

pub async fn usage_save(
    State(state): State<AppState>,
    ctx: OrgAdmin,
    HtmlForm(f): HtmlForm<UsageForm>,
) -> AppResult<Response> {
    let public = f.public.is_some_and(|v| v == "on");
    state
        .store
        .set_library_usage_public(&ctx.actor(), ctx.id(), public)
        .await?;
    Ok(done(
        &format!("/o/{}/verwaltung/bibliothek", ctx.id()),
        "library_usage_saved",
    ))
}
