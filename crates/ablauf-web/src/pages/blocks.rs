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
use crate::pages::{FormErrors, HtmlForm, Notice, done, layout, saved};
use crate::templates::render;
use ablauf_app::block_catalogue::{
    self, BlockFields, Entry, OrgBlock, OrgBlocks, OrgCategory, org_blocks,
};
use ablauf_app::i18n::{t, tf};
use ablauf_model::{ICONS, icon};

/// The icon preselected for a new block.
const DEFAULT_ICON: &str = "dokument";

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
    block_form: &BlockFields,
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
        "admin/blocks.html",
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

/// The list page again with a form's errors, the catalogue read anew.
async fn render_list_again(
    state: &AppState,
    viewer: &Viewer,
    ctx: &OrgCtx,
    block_form: &BlockFields,
    category_form: &NewCategoryForm,
    errors: &FormErrors,
) -> AppResult<Html<String>> {
    let blocks = org_blocks(&state.store, ctx.id()).await?;
    render_list(
        viewer,
        ctx,
        &blocks,
        None,
        block_form,
        category_form,
        errors,
    )
}

pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgAdmin,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    let blocks = org_blocks(&state.store, ctx.id()).await?;
    let form = BlockFields {
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
    ctx: OrgAdmin,
    HtmlForm(f): HtmlForm<BlockFields>,
) -> AppResult<Response> {
    let r = block_catalogue::create_block(&state.store, &ctx.actor(), ctx.id(), &f).await;
    saved(
        r,
        Some("name"),
        &base(&ctx),
        "block_created",
        async |errors| {
            render_list_again(
                &state,
                &viewer,
                &ctx,
                &f,
                &NewCategoryForm::default(),
                &errors,
            )
            .await
        },
    )
    .await
}

/// "Kategorie hinzufügen": a category of the organisation's own.
pub async fn create_category(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: OrgAdmin,
    HtmlForm(f): HtmlForm<NewCategoryForm>,
) -> AppResult<Response> {
    let r =
        block_catalogue::create_category(&state.store, &ctx.actor(), ctx.id(), &f.category_name)
            .await;
    saved(
        r,
        Some("name"),
        &base(&ctx),
        "block_category_created",
        async |mut errors| {
            // This form's name field is `category_name` (beside the new block's
            // `name` on the same page).
            if let Some(message) = errors.0.shift_remove("name") {
                errors.0.insert("category_name".into(), message);
            }
            let block_form = BlockFields {
                icon: DEFAULT_ICON.into(),
                ..Default::default()
            };
            render_list_again(&state, &viewer, &ctx, &block_form, &f, &errors).await
        },
    )
    .await
}

/// The block of the path and its category, or 404.
fn find_block<'a>(blocks: &'a OrgBlocks, key: &str) -> AppResult<(&'a OrgCategory, &'a OrgBlock)> {
    blocks.find_block(key).ok_or(AppError::NotFound)
}

fn render_block_edit(
    viewer: &Viewer,
    ctx: &OrgCtx,
    category: &OrgCategory,
    block: &OrgBlock,
    form: &BlockFields,
    errors: &FormErrors,
) -> AppResult<Html<String>> {
    render(
        "admin/block_edit.html",
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
    ctx: OrgAdmin,
    Path((_, key)): Path<(String, String)>,
) -> AppResult<Response> {
    let blocks = org_blocks(&state.store, ctx.id()).await?;
    let (category, block) = find_block(&blocks, &key)?;
    let form = BlockFields {
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
    ctx: OrgAdmin,
    Path((_, key)): Path<(String, String)>,
    HtmlForm(f): HtmlForm<BlockFields>,
) -> AppResult<Response> {
    let r = block_catalogue::update_block(&state.store, &ctx.actor(), ctx.id(), &key, &f).await;
    saved(r, None, &base(&ctx), "saved", async |errors| {
        let blocks = org_blocks(&state.store, ctx.id()).await?;
        let (category, block) = find_block(&blocks, &key)?;
        render_block_edit(&viewer, &ctx, category, block, &f, &errors)
    })
    .await
}

/// Hides or shows a block or category, back to the list with a message.
async fn set_hidden(
    state: &AppState,
    ctx: &OrgCtx,
    entry: Entry<'_>,
    hidden: bool,
) -> AppResult<Response> {
    block_catalogue::set_hidden(&state.store, &ctx.actor(), ctx.id(), entry, hidden).await?;
    let flash = match (entry, hidden) {
        (Entry::Block(_), true) => "block_hidden",
        (Entry::Block(_), false) => "block_shown",
        (Entry::Category(_), true) => "block_category_hidden",
        (Entry::Category(_), false) => "block_category_shown",
    };
    Ok(done(&base(ctx), flash))
}

/// Hides (`HIDE`) or shows again a block, or (`CATEGORY`) a category with
/// all its blocks: hidden, it is no longer offered for new steps; models
/// that use it keep it. Reversible, so without a confirmation.
pub async fn set_visibility<const CATEGORY: bool, const HIDE: bool>(
    State(state): State<AppState>,
    ctx: OrgAdmin,
    Path((_, key)): Path<(String, String)>,
) -> AppResult<Response> {
    let entry = if CATEGORY {
        Entry::Category(&key)
    } else {
        Entry::Block(&key)
    };
    set_hidden(&state, &ctx, entry, HIDE).await
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
        "admin/block_category_edit.html",
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
    ctx: OrgAdmin,
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
    ctx: OrgAdmin,
    Path((_, key)): Path<(String, String)>,
    HtmlForm(f): HtmlForm<CategoryForm>,
) -> AppResult<Response> {
    let r =
        block_catalogue::update_category(&state.store, &ctx.actor(), ctx.id(), &key, &f.name).await;
    saved(r, None, &base(&ctx), "saved", async |errors| {
        let blocks = org_blocks(&state.store, ctx.id()).await?;
        let category = find_category(&blocks, &key)?;
        render_category_edit(&viewer, &ctx, category, &f, &errors)
    })
    .await
}
