//! What every handler can reach: the store and the configuration.

use std::sync::Arc;

use crate::config::WebConfig;
use ablauf_store::Store;

/// What every handler can reach. No per-instance state lives here beyond
/// the pool and the configuration: sessions and throttling are in the
/// database, so any number of instances can serve one database.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    /// Each process's landscape summary at its current version.
    pub landscape: Arc<ablauf_app::analysis::LandscapeCache>,
    /// The library's search index of the templates' current versions.
    pub library: Arc<ablauf_app::library::browse::LibraryIndex>,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> Self {
        AppState {
            store,
            config: Arc::new(config),
            landscape: Arc::new(ablauf_app::analysis::LandscapeCache::new()),
            library: Arc::new(ablauf_app::library::browse::LibraryIndex::new()),
        }
    }

    /// Where one-time links point; the link's secret follows.
    pub fn link_base(&self) -> String {
        format!("{}/zugang", self.config.public_url.trim_end_matches('/'))
    }

    pub fn session_ttl(&self) -> chrono::Duration {
        chrono::Duration::hours(self.config.session_hours)
    }
}
