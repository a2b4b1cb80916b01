//! The organisation's building-block catalogue (Bausteine): administrators
//! rename default blocks and categories, choose icons, hide and show them,
//! and add blocks and categories of their own. Nothing is deleted: models
//! store block keys, and a hidden block keeps working in them. Hiding is
//! reversible, so it asks no confirmation.

use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::{OrgAdmin, OrgCtx, Viewer};
use crate::error::{AppError, AppResult};
use crate::pages::{FormErrors, HtmlForm, Notice, done, layout, unprocessable};
use crate::templates::render;
use ablauf_app::block_catalogue::{OrgBlock, OrgBlocks, OrgCategory, org_blocks};
use ablauf_app::i18n::{t, tf};
use ablauf_domain::{Invalid, required_text};
use ablauf_model::{ICONS, icon};
use ablauf_store::{BlockInput, CategoryInput, StoreError};

/// Longest name of a block or category (characters).
const NAME_MAX: usize = 60;
/// Longest description of a block (characters).
const DESCRIPTION_MAX: usize = 200;
/// The icon preselected for a new block.
const DEFAULT_ICON: &str = "dokument";

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct BlockForm {
    /// Only when adding a block.
    #[serde(default)]
    category: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    icon: String,
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct NewCategoryForm {
    #[serde(default)]
    category_name: String,
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct CategoryForm {
    #[serde(default)]
    name: String,
}

struct ValidBlock {
    name: String,
    description: String,
    icon: String,
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

impl BlockForm {
    /// Checks name, description and icon; the name must be new in the
    /// category (`own` is the block being edited, which may keep its name).
    fn validate(
        &self,
        category: Option<&OrgCategory>,
        own: Option<&str>,
        errors: &mut FormErrors,
    ) -> Option<ValidBlock> {
        let name = errors.check(required_text("name", &self.name, NAME_MAX));
        let description = errors.check(optional_text(
            "description",
            &self.description,
            DESCRIPTION_MAX,
        ));
        let icon = match self.icon.trim() {
            "" => {
                errors.add("icon", "blocks.icon_required");
                None
            }
            k if icon(k).is_none() => {
                errors.add("icon", "blocks.icon_unknown");
                None
            }
            k => Some(k.to_owned()),
        };
        if let (Some(n), Some(c)) = (&name, category)
            && c.blocks
                .iter()
                .any(|b| Some(b.key.as_str()) != own && same_name(&b.name, n))
        {
            errors.add("name", "blocks.name_taken");
            return None;
        }
        Some(ValidBlock {
            name: name?,
            description: description?,
            icon: icon?,
        })
    }
}

/// Checks a category name: required, bounded, new among the categories
/// (`own` is the category being edited).
fn valid_category_name(
    field: &'static str,
    raw: &str,
    blocks: &OrgBlocks,
    own: Option<&str>,
    errors: &mut FormErrors,
) -> Option<String> {
    let name = errors.check(required_text(field, raw, NAME_MAX))?;
    if blocks
        .categories
        .iter()
        .any(|c| Some(c.key.as_str()) != own && same_name(&c.name, &name))
    {
        errors.add(field, "blocks.category_name_taken");
        return None;
    }
    Some(name)
}

/// An optional text: trimmed, bounded, without control characters.
fn optional_text(field: &'static str, raw: &str, max_chars: usize) -> Result<String, Invalid> {
    let trimmed = raw.trim();
    if trimmed.chars().count() > max_chars {
        return Err(Invalid::new(field, "error.too_long"));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(Invalid::new(field, "error.control_chars"));
    }
    Ok(trimmed.to_owned())
}

fn base(ctx: &OrgCtx) -> String {
    format!("/o/{}/verwaltung/bausteine", ctx.id())
}

/// Every icon, for the choice.
fn icons() -> Vec<Value> {
    ICONS
        .iter()
        .map(|i| context! { key => i.key, name => i.name, path => i.svg_path })
        .collect()
}

fn block_value(b: &OrgBlock) -> Value {
    let i = icon(&b.icon);
    context! {
        key => &b.key,
        name => &b.name,
        description => &b.description,
        icon => &b.icon,
        icon_name => i.map(|i| i.name),
        icon_path => i.map(|i| i.svg_path),
        hidden => b.hidden,
        custom => b.custom,
    }
}

fn category_value(c: &OrgCategory) -> Value {
    context! {
        key => &c.key,
        name => &c.name,
        hidden => c.hidden,
        custom => c.custom,
        blocks => c.blocks.iter().map(block_value).collect::<Vec<_>>(),
    }
}

/// The list page, with the two "add" forms.
fn render_list(
    viewer: &Viewer,
    ctx: &OrgCtx,
    blocks: &OrgBlocks,
    notice: Option<String>,
    block_form: &BlockForm,
    category_form: &NewCategoryForm,
    errors: &FormErrors,
) -> AppResult<Html<String>> {
    let options: Vec<Value> = blocks
        .categories
        .iter()
        .map(|c| {
            let label = if c.hidden {
                tf("blocks.category_option_hidden", &[("name", &c.name)])
            } else {
                c.name.clone()
            };
            context! { id => &c.key, label => label, selected => c.key == block_form.category }
        })
        .collect();
    render(
        "blocks.html",
        context! {
            layout => layout(viewer, Some(ctx), &t("blocks.title"), "blocks"),
            notice => notice,
            categories => blocks.categories.iter().map(category_value).collect::<Vec<_>>(),
            category_options => options,
            icons => icons(),
            form => block_form,
            category_form => category_form,
            errors => errors,
        },
    )
}

async fn list_with_errors(
    state: &AppState,
    viewer: &Viewer,
    ctx: &OrgCtx,
    block_form: &BlockForm,
    category_form: &NewCategoryForm,
    errors: &FormErrors,
) -> AppResult<Response> {
    let blocks = org_blocks(&state.store, ctx.id()).await?;
    Ok(unprocessable(render_list(
        viewer,
        ctx,
        &blocks,
        None,
        block_form,
        category_form,
        errors,
    )?))
}

pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgAdmin(ctx): OrgAdmin,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    let blocks = org_blocks(&state.store, ctx.id()).await?;
    let form = BlockForm {
        icon: DEFAULT_ICON.into(),
        ..Default::default()
    };
    Ok(render_list(
        &viewer,
        &ctx,
        &blocks,
        n.text(),
        &form,
        &NewCategoryForm::default(),
        &FormErrors::default(),
    )?
    .into_response())
}

/// "Baustein hinzufügen": a block of the organisation's own; its key is made
/// from the name and is unique.
pub async fn create_block(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgAdmin(ctx): OrgAdmin,
    HtmlForm(f): HtmlForm<BlockForm>,
) -> AppResult<Response> {
    let blocks = org_blocks(&state.store, ctx.id()).await?;
    let mut errors = FormErrors::default();
    let category = blocks.category(f.category.trim());
    if category.is_none() {
        errors.add("category", "blocks.category_required");
    }
    let valid = f.validate(category, None, &mut errors);
    let (Some(category), Some(v)) = (category, valid) else {
        return Ok(unprocessable(render_list(
            &viewer,
            &ctx,
            &blocks,
            None,
            &f,
            &NewCategoryForm::default(),
            &errors,
        )?));
    };
    let input = BlockInput {
        key: blocks.new_block_key(&v.name),
        category_key: category.key.clone(),
        name: v.name,
        description: v.description,
        icon: v.icon,
        hidden: false,
        custom: true,
    };
    match state
        .store
        .create_block_type(&ctx.actor(), ctx.id(), &input)
        .await
    {
        Ok(_) => Ok(done(&base(&ctx), "block_created")),
        Err(StoreError::Conflict(key)) => {
            let errors = FormErrors::single("name", key);
            list_with_errors(
                &state,
                &viewer,
                &ctx,
                &f,
                &NewCategoryForm::default(),
                &errors,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// "Kategorie hinzufügen": a category of the organisation's own.
pub async fn create_category(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgAdmin(ctx): OrgAdmin,
    HtmlForm(f): HtmlForm<NewCategoryForm>,
) -> AppResult<Response> {
    let blocks = org_blocks(&state.store, ctx.id()).await?;
    let mut errors = FormErrors::default();
    let block_form = BlockForm {
        icon: DEFAULT_ICON.into(),
        ..Default::default()
    };
    let Some(name) = valid_category_name(
        "category_name",
        &f.category_name,
        &blocks,
        None,
        &mut errors,
    ) else {
        return Ok(unprocessable(render_list(
            &viewer,
            &ctx,
            &blocks,
            None,
            &block_form,
            &f,
            &errors,
        )?));
    };
    let input = CategoryInput {
        key: blocks.new_category_key(&name),
        name,
        hidden: false,
        custom: true,
    };
    match state
        .store
        .create_block_category(&ctx.actor(), ctx.id(), &input)
        .await
    {
        Ok(_) => Ok(done(&base(&ctx), "block_category_created")),
        Err(StoreError::Conflict(key)) => {
            let errors = FormErrors::single("category_name", key);
            list_with_errors(&state, &viewer, &ctx, &block_form, &f, &errors).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The block of the path and its category, or 404.
fn find_block<'a>(blocks: &'a OrgBlocks, key: &str) -> AppResult<(&'a OrgCategory, &'a OrgBlock)> {
    blocks
        .categories
        .iter()
        .find_map(|c| c.blocks.iter().find(|b| b.key == key).map(|b| (c, b)))
        .ok_or(AppError::NotFound)
}

fn render_block_edit(
    viewer: &Viewer,
    ctx: &OrgCtx,
    category: &OrgCategory,
    block: &OrgBlock,
    form: &BlockForm,
    errors: &FormErrors,
) -> AppResult<Html<String>> {
    render(
        "block_edit.html",
        context! {
            layout => layout(
                viewer,
                Some(ctx),
                &tf("blocks.edit_title", &[("name", &block.name)]),
                "blocks",
            ),
            block => block_value(block),
            category => context! { key => &category.key, name => &category.name, hidden => category.hidden },
            icons => icons(),
            form => form,
            errors => errors,
        },
    )
}

pub async fn edit_block(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgAdmin(ctx): OrgAdmin,
    Path((_, key)): Path<(String, String)>,
) -> AppResult<Response> {
    let blocks = org_blocks(&state.store, ctx.id()).await?;
    let (category, block) = find_block(&blocks, &key)?;
    let form = BlockForm {
        category: category.key.clone(),
        name: block.name.clone(),
        description: block.description.clone(),
        icon: block.icon.clone(),
    };
    Ok(render_block_edit(
        &viewer,
        &ctx,
        category,
        block,
        &form,
        &FormErrors::default(),
    )?
    .into_response())
}

/// Renames a block, changes its description or icon. A default block gets
/// an override row; the organisation's own block is updated.
pub async fn update_block(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgAdmin(ctx): OrgAdmin,
    Path((_, key)): Path<(String, String)>,
    HtmlForm(f): HtmlForm<BlockForm>,
) -> AppResult<Response> {
    let blocks = org_blocks(&state.store, ctx.id()).await?;
    let (category, block) = find_block(&blocks, &key)?;
    let mut errors = FormErrors::default();
    let Some(v) = f.validate(Some(category), Some(&block.key), &mut errors) else {
        return Ok(unprocessable(render_block_edit(
            &viewer, &ctx, category, block, &f, &errors,
        )?));
    };
    let input = BlockInput {
        key: block.key.clone(),
        category_key: block.category_key.clone(),
        name: v.name,
        description: v.description,
        icon: v.icon,
        hidden: block.hidden,
        custom: block.custom,
    };
    state
        .store
        .upsert_block_type(&ctx.actor(), ctx.id(), &input)
        .await?;
    Ok(done(&base(&ctx), "saved"))
}

async fn set_block_hidden(
    state: &AppState,
    ctx: &OrgCtx,
    key: &str,
    hidden: bool,
) -> AppResult<Response> {
    let blocks = org_blocks(&state.store, ctx.id()).await?;
    let (_, block) = find_block(&blocks, key)?;
    let flash = if hidden {
        "block_hidden"
    } else {
        "block_shown"
    };
    if block.hidden != hidden {
        let input = BlockInput {
            key: block.key.clone(),
            category_key: block.category_key.clone(),
            name: block.name.clone(),
            description: block.description.clone(),
            icon: block.icon.clone(),
            hidden,
            custom: block.custom,
        };
        state
            .store
            .upsert_block_type(&ctx.actor(), ctx.id(), &input)
            .await?;
    }
    Ok(done(&base(ctx), flash))
}

/// Hides a block: no longer offered for new steps; models that use it keep
/// it. Reversible, so without a confirmation.
pub async fn hide_block(
    State(state): State<AppState>,
    OrgAdmin(ctx): OrgAdmin,
    Path((_, key)): Path<(String, String)>,
) -> AppResult<Response> {
    set_block_hidden(&state, &ctx, &key, true).await
}

pub async fn show_block(
    State(state): State<AppState>,
    OrgAdmin(ctx): OrgAdmin,
    Path((_, key)): Path<(String, String)>,
) -> AppResult<Response> {
    set_block_hidden(&state, &ctx, &key, false).await
}

fn find_category<'a>(blocks: &'a OrgBlocks, key: &str) -> AppResult<&'a OrgCategory> {
    blocks.category(key).ok_or(AppError::NotFound)
}

fn render_category_edit(
    viewer: &Viewer,
    ctx: &OrgCtx,
    category: &OrgCategory,
    form: &CategoryForm,
    errors: &FormErrors,
) -> AppResult<Html<String>> {
    render(
        "block_category_edit.html",
        context! {
            layout => layout(
                viewer,
                Some(ctx),
                &tf("blocks.category_edit_title", &[("name", &category.name)]),
                "blocks",
            ),
            category => category_value(category),
            form => form,
            errors => errors,
        },
    )
}

pub async fn edit_category(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgAdmin(ctx): OrgAdmin,
    Path((_, key)): Path<(String, String)>,
) -> AppResult<Response> {
    let blocks = org_blocks(&state.store, ctx.id()).await?;
    let category = find_category(&blocks, &key)?;
    let form = CategoryForm {
        name: category.name.clone(),
    };
    Ok(
        render_category_edit(&viewer, &ctx, category, &form, &FormErrors::default())?
            .into_response(),
    )
}

pub async fn update_category(
    State(state): State<AppState>,
    viewer: Viewer,
    OrgAdmin(ctx): OrgAdmin,
    Path((_, key)): Path<(String, String)>,
    HtmlForm(f): HtmlForm<CategoryForm>,
) -> AppResult<Response> {
    let blocks = org_blocks(&state.store, ctx.id()).await?;
    let category = find_category(&blocks, &key)?;
    let mut errors = FormErrors::default();
    let Some(name) =
        valid_category_name("name", &f.name, &blocks, Some(&category.key), &mut errors)
    else {
        return Ok(unprocessable(render_category_edit(
            &viewer, &ctx, category, &f, &errors,
        )?));
    };
    let input = CategoryInput {
        key: category.key.clone(),
        name,
        hidden: category.hidden,
        custom: category.custom,
    };
    state
        .store
        .upsert_block_category(&ctx.actor(), ctx.id(), &input)
        .await?;
    Ok(done(&base(&ctx), "saved"))
}

async fn set_category_hidden(
    state: &AppState,
    ctx: &OrgCtx,
    key: &str,
    hidden: bool,
) -> AppResult<Response> {
    let blocks = org_blocks(&state.store, ctx.id()).await?;
    let category = find_category(&blocks, key)?;
    let flash = if hidden {
        "block_category_hidden"
    } else {
        "block_category_shown"
    };
    if category.hidden != hidden {
        let input = CategoryInput {
            key: category.key.clone(),
            name: category.name.clone(),
            hidden,
            custom: category.custom,
        };
        state
            .store
            .upsert_block_category(&ctx.actor(), ctx.id(), &input)
            .await?;
    }
    Ok(done(&base(ctx), flash))
}

/// Hides a category with all its blocks (for new steps; models keep them).
/// Reversible, so without a confirmation.
pub async fn hide_category(
    State(state): State<AppState>,
    OrgAdmin(ctx): OrgAdmin,
    Path((_, key)): Path<(String, String)>,
) -> AppResult<Response> {
    set_category_hidden(&state, &ctx, &key, true).await
}

pub async fn show_category(
    State(state): State<AppState>,
    OrgAdmin(ctx): OrgAdmin,
    Path((_, key)): Path<(String, String)>,
) -> AppResult<Response> {
    set_category_hidden(&state, &ctx, &key, false).await
}
