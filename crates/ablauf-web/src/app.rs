//! Builds the application (router, middleware, state) and serves it.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::auth::csrf;
use crate::error::ErrorInfo;
use crate::routes;
pub use crate::state::AppState;

// `font-src data:`: the BPMN editor's icon font is inlined in its stylesheet.
const CSP: &str = "default-src 'self'; img-src 'self' data:; font-src 'self' data:; style-src 'self'; script-src 'self'; \
                   object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

pub fn build_app(state: AppState) -> Router {
    let x_request_id = HeaderName::from_static("x-request-id");
    routes::table()
        .router
        .fallback(|| async { crate::error::AppError::NotFound })
        .layer(middleware::from_fn_with_state(state.clone(), csrf::layer))
        .layer(middleware::from_fn_with_state(state.clone(), crate::input::guard))
        // The limits are `body_limit`'s, per route kind, not axum's 2 MiB.
        .layer(DefaultBodyLimit::disable())
        .layer(middleware::from_fn(error_shape))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(CatchPanicLayer::new())
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request| {
                let id = req
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
            }),
        )
        .layer(PropagateRequestIdLayer::new(x_request_id.clone()))
        .layer(SetRequestIdLayer::new(x_request_id, MakeRequestUuid))
        .with_state(state)
}

/// Shapes error answers for their audience: JSON under `/api`, a redirect
/// to the sign-in page for a signed-out browser, the German page otherwise.
async fn error_shape(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let query = req.uri().query().map(str::to_owned);
    let is_get = req.method() == axum::http::Method::GET;
    let mut resp = next.run(req).await;
    let Some(info) = resp.extensions_mut().remove::<ErrorInfo>() else {
        return resp;
    };
    let status = resp.status();
    let mut shaped = if path.starts_with("/api/") {
        info.json(status)
    } else if status == StatusCode::UNAUTHORIZED {
        let target = if is_get {
            let full = match query {
                Some(q) => format!("{path}?{q}"),
                None => path,
            };
            format!("/anmelden?weiter={}", urlencode(&full))
        } else {
            "/anmelden".to_owned()
        };
        Redirect::to(&target).into_response()
    } else {
        error_page(status, &info.message)
    };
    // Keep cookies set on the way out (the CSRF cookie of a new browser).
    for v in resp.headers().get_all(header::SET_COOKIE) {
        shaped.headers_mut().append(header::SET_COOKIE, v.clone());
    }
    if let Some(v) = resp.headers().get(header::RETRY_AFTER) {
        shaped.headers_mut().insert(header::RETRY_AFTER, v.clone());
    }
    shaped
}

/// The German error page. It stands alone (no layout) because it must
/// render even when the layout's data cannot be loaded.
fn error_page(status: StatusCode, message: &str) -> Response {
    let html = crate::templates::environment_ref()
        .get_template("layout/error.html")
        .and_then(|tpl| {
            tpl.render(minijinja::context! {
                status => status.as_u16(),
                message => message,
                signed_out => status == StatusCode::UNAUTHORIZED,
            })
        })
        .unwrap_or_else(|_| {
            format!("<!doctype html><html lang=\"de\"><title>Fehler</title><p>{message}</p>")
        });
    (status, Html(html)).into_response()
}

pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|e| e.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}

/// Serves until `shutdown` resolves, then finishes the requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let store = state.store.clone();
    // Expired sessions, links and old login failures are removed hourly.
    let pruner = tokio::spawn({
        let store = store.clone();
        async move {
            let mut tick = tokio::time::interval(Duration::from_secs(3600));
            loop {
                tick.tick().await;
                if let Err(e) = store.prune_expired().await {
                    tracing::warn!(error = %e, "pruning expired rows failed");
                }
            }
        }
    });
    // Imports whose server ended before they did are undone (checked every
    // minute; a run counts as stopped after two minutes without progress).
    let recovery = tokio::spawn({
        let store = store.clone();
        async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                if let Err(e) = ablauf_app::register::import::recover_stopped(&store).await {
                    tracing::warn!(error = %e, "undoing stopped imports failed");
                }
            }
        }
    });
    let app = build_app(state);
    let result = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    pruner.abort();
    recovery.abort();
    store.close().await;
    result
}
