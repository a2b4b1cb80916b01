//! Starts the real server on a free port against a fresh database (SQLite
//! file or PostgreSQL database of its own) and drives it over HTTP with a
//! cookie-keeping client.

use std::sync::Arc;

use ablauf_demo::Content;
use ablauf_store::{Backend, Store};
use ablauf_web::{AppState, WebConfig};
use reqwest::StatusCode;
use reqwest::cookie::CookieStore;
use tokio::sync::oneshot;

/// Runs one test body on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(app) = $crate::harness::spawn(ablauf_store::Backend::Sqlite).await {
                    super::$name(app).await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::harness::spawn(ablauf_store::Backend::Postgres).await {
                    super::$name(app).await;
                }
            }
        }
    };
}

/// Executes one statement on a [`RawConn`], binding the arguments:
/// `raw_exec!(&mut conn, "UPDATE … WHERE id = $1", id)`.
#[macro_export]
macro_rules! raw_exec {
    ($c:expr, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $c {
            $crate::harness::RawConn::Sqlite(c) => {
                sqlx::query($sql)$(.bind($arg))*.execute(c).await.map(drop)
            }
            $crate::harness::RawConn::Postgres(c) => {
                sqlx::query($sql)$(.bind($arg))*.execute(c).await.map(drop)
            }
        }
        .expect("raw statement")
    };
}

/// A connection of its own to a test's database, for what the store rightly
/// does not offer: holding a lock from outside, writing a row the way an
/// older release did.
pub enum RawConn {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

pub struct TestDb {
    pub url: String,
    backend: Backend,
    name: String,
}

impl TestDb {
    /// A fresh, empty database. For PostgreSQL, None when the server is not
    /// reachable outside CI (under `CI=true` that is a failure).
    pub async fn create(backend: Backend) -> Option<TestDb> {
        let id = uuid::Uuid::new_v4().simple().to_string();
        match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("ablauf-test-{id}.db"));
                Some(TestDb {
                    url: format!("sqlite://{}", path.display()),
                    backend,
                    name: path.display().to_string(),
                })
            }
            Backend::Postgres => {
                let admin = admin_url();
                let name = format!("ablauf_t_{id}");
                let pool = match sqlx::PgPool::connect(&admin).await {
                    Ok(p) => p,
                    Err(e) => {
                        if std::env::var("CI").is_ok_and(|v| v == "true") {
                            panic!("PostgreSQL is required under CI=true: {admin}: {e}");
                        }
                        eprintln!("PostgreSQL not reachable ({e}); skipping the PostgreSQL run");
                        return None;
                    }
                };
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&pool)
                    .await
                    .expect("create test database");
                pool.close().await;
                let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
                Some(TestDb {
                    url: format!("{base}/{name}"),
                    backend,
                    name,
                })
            }
        }
    }
}

fn admin_url() -> String {
    std::env::var("ABLAUF_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match self.backend {
            Backend::Sqlite => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", self.name));
                }
            }
            Backend::Postgres => {
                // Drop needs async; do it on a thread with its own runtime.
                let name = self.name.clone();
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap();
                    rt.block_on(async {
                        if let Ok(pool) = sqlx::PgPool::connect(&admin_url()).await {
                            let _ = sqlx::query(&format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            ))
                            .execute(&pool)
                            .await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

pub struct TestApp {
    pub base: String,
    pub store: Store,
    pub backend: Backend,
    shutdown: Option<oneshot::Sender<()>>,
    pub db: Arc<TestDb>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A server with the default fixture: the platform part of the demo (the
/// operator and the three demo organisations with their people, org units
/// and pay grades, every password "demo"), but no services and no
/// processes, so that each test starts from an empty register it fills
/// itself. Tests rely on these names and accounts.
pub async fn spawn(backend: Backend) -> Option<TestApp> {
    spawn_with(backend, Content::Platform).await
}

/// A server with `content` of the demo; [`Content::Full`] (the register
/// with 30+ processes per organisation, the models and the services, as
/// `ablauf serve --demo` has it) only for the tests that need a big
/// register.
pub async fn spawn_with(backend: Backend, content: Content) -> Option<TestApp> {
    let app = spawn_empty(backend).await?;
    assert!(
        ablauf_demo::seed(&app.store, content)
            .await
            .expect("demo content")
    );
    Some(app)
}

/// A server on an empty database (no accounts).
pub async fn spawn_empty(backend: Backend) -> Option<TestApp> {
    let db = Arc::new(TestDb::create(backend).await?);
    Some(spawn_on(db, WebConfig::default()).await)
}

/// Another server on the same database (several instances, one database).
/// Its public URL is its own address unless `config` names an `https://`
/// one (an instance behind a TLS proxy).
pub async fn spawn_on(db: Arc<TestDb>, mut config: WebConfig) -> TestApp {
    let store = Store::connect(&db.url, 5).await.expect("connect");
    store.migrate().await.expect("migrate");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    if !config.public_url.starts_with("https://") {
        config.public_url = base.clone();
    }
    let state = AppState::new(store.clone(), config);
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(async move {
        ablauf_web::serve(listener, state, async {
            let _ = rx.await;
        })
        .await
        .unwrap();
    });
    TestApp {
        base,
        backend: store.backend(),
        store,
        shutdown: Some(tx),
        db,
    }
}

/// A browser-like client: keeps cookies, does not follow redirects (tests
/// look at them), sends the CSRF token with every form.
pub struct Client {
    pub http: reqwest::Client,
    jar: Arc<reqwest::cookie::Jar>,
    pub base: String,
}

pub struct Resp {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
}

impl Resp {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

impl TestApp {
    pub fn client(&self) -> Client {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        Client {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .cookie_provider(jar.clone())
                .build()
                .unwrap(),
            jar,
            base: self.base.clone(),
        }
    }

    /// A client signed in as `email` with the demo password.
    pub async fn signed_in(&self, email: &str) -> Client {
        let c = self.client();
        let r = c.login(email, "demo").await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "sign-in of {email} failed: {}",
            r.body
        );
        c
    }

    pub async fn org_id(&self, name: &str) -> String {
        self.store
            .list_organizations()
            .await
            .unwrap()
            .into_iter()
            .find(|o| o.name == name)
            .unwrap_or_else(|| panic!("no organisation {name}"))
            .id
            .to_string()
    }

    pub async fn user_id(&self, email: &str) -> String {
        self.store
            .find_user_by_email(email)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no user {email}"))
            .id
            .to_string()
    }

    /// A connection of its own to this server's database.
    pub async fn raw(&self) -> RawConn {
        use sqlx::Connection;
        match self.backend {
            Backend::Sqlite => {
                RawConn::Sqlite(sqlx::SqliteConnection::connect(&self.db.url).await.unwrap())
            }
            Backend::Postgres => {
                RawConn::Postgres(sqlx::PgConnection::connect(&self.db.url).await.unwrap())
            }
        }
    }

    pub async fn audit_count(&self, org: &str) -> i64 {
        let org = ablauf_store::OrgId(uuid::Uuid::parse_str(org).unwrap());
        let f = ablauf_store::AuditFilter {
            limit: 1,
            ..Default::default()
        };
        self.store.list_audit(org, &f).await.unwrap().1
    }
}

async fn into_resp(r: reqwest::Response) -> Resp {
    let status = r.status();
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    Resp {
        status,
        location,
        // Soft hyphens (long words in headings, tiles and tables) are
        // invisible break points: assertions read the text as people see it.
        body: r.text().await.unwrap_or_default().replace('\u{ad}', ""),
    }
}

impl Client {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> Resp {
        into_resp(self.http.get(self.url(path)).send().await.unwrap()).await
    }

    /// The CSRF token of this client (fetching the sign-in page first when
    /// the cookie is not there yet).
    pub async fn csrf(&self) -> String {
        if let Some(t) = self.cookie("ablauf_csrf") {
            return t;
        }
        self.get("/anmelden").await;
        self.cookie("ablauf_csrf")
            .expect("CSRF cookie set by a page")
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        let url = reqwest::Url::parse(&self.base).unwrap();
        let header = self.jar.cookies(&url)?;
        header
            .to_str()
            .ok()?
            .split("; ")
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")).map(str::to_owned))
    }

    /// Posts a form with this client's CSRF token.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("_csrf", &token));
        self.post_raw(path, &all).await
    }

    /// Posts a form exactly as given (no CSRF token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Resp {
        into_resp(
            self.http
                .post(self.url(path))
                .form(fields)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// A download: status, content type and the raw bytes.
    pub async fn get_bytes(&self, path: &str) -> (StatusCode, String, Vec<u8>) {
        let r = self.http.get(self.url(path)).send().await.unwrap();
        let status = r.status();
        let mime = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        (status, mime, r.bytes().await.unwrap().to_vec())
    }

    /// Uploads a file as the form field `file`, with this client's CSRF token.
    pub async fn upload(&self, path: &str, file_name: &str, bytes: Vec<u8>) -> Resp {
        let form = reqwest::multipart::Form::new()
            .text("_csrf", self.csrf().await)
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned()),
            );
        into_resp(
            self.http
                .post(self.url(path))
                .multipart(form)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str) -> Resp {
        self.post("/anmelden", &[("email", email), ("password", password)])
            .await
    }

    pub async fn api_get(&self, path: &str, token: &str) -> Resp {
        into_resp(
            self.http
                .get(self.url(path))
                .bearer_auth(token)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    pub async fn api_post(&self, path: &str, token: &str, body: serde_json::Value) -> Resp {
        into_resp(
            self.http
                .post(self.url(path))
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// A request with a bearer token and, if given, a body of that
    /// content type.
    pub async fn api_send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<(&str, Vec<u8>)>,
    ) -> Resp {
        let mut req = self.http.request(method, self.url(path)).bearer_auth(token);
        if let Some((content_type, bytes)) = body {
            req = req.header("content-type", content_type).body(bytes);
        }
        into_resp(req.send().await.unwrap()).await
    }

    /// An API token for `email` via `POST /api/v1/auth/token`.
    pub async fn token(&self, email: &str) -> String {
        let r = into_resp(
            self.http
                .post(self.url("/api/v1/auth/token"))
                .json(&serde_json::json!({ "email": email, "password": "demo" }))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()["token"].as_str().unwrap().to_owned()
    }
}

/// The value of a hidden or readonly input with the given id or name.
pub fn input_value(html: &str, id: &str) -> Option<String> {
    let re = regex::Regex::new(&format!(r#"id="{id}"[^>]*value="([^"]*)""#)).unwrap();
    re.captures(html)
        .map(|c| c[1].replace("&#x2f;", "/").replace("&amp;", "&"))
}

pub fn urlencode(s: &str) -> String {
    ablauf_web::app::urlencode(s)
}
