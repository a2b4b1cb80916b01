//! The `ablauf` binary end to end: migrate, create an operator, serve on
//! SQLite and on PostgreSQL (configured by environment), the first-start
//! setup link, and a graceful stop on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn ablauf() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ablauf"));
    c.env("ABLAUF_LOG", "warn")
        .env_remove("ABLAUF_DATABASE_URL");
    c
}

fn temp_dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("ablauf-cli-{}", uuid_like()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn uuid_like() -> String {
    format!("{}-{:?}", std::process::id(), Instant::now())
        .replace(|c: char| !c.is_ascii_alphanumeric(), "")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A minimal HTTP GET; returns (status, body).
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut text = String::new();
    s.read_to_string(&mut text).ok()?;
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Some((status, body))
}

fn wait_ready(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Some((200, body)) = get(port, "/readyz") {
            assert!(body.contains("ready"));
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("server on port {port} did not become ready");
}

/// Stops the server with SIGTERM and expects a clean exit.
fn terminate(mut child: Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(code) = child.try_wait().unwrap() {
            assert!(code.success(), "server exited with {code}");
            return;
        }
        assert!(
            Instant::now() < deadline,
            "server did not stop after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn migrate_create_operator_and_serve_on_sqlite() {
    let dir = temp_dir();
    let data = dir.to_str().unwrap();
    let out = ablauf()
        .args(["migrate", "--data-dir", data])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Migrationen angewendet"));

    let create = |pw: &str| {
        ablauf()
            .args([
                "admin",
                "create-operator",
                "--email",
                "Betrieb@Land.example",
                "--name",
                "Betrieb",
                "--data-dir",
                data,
            ])
            .env("ABLAUF_OPERATOR_PASSWORD", pw)
            .output()
            .unwrap()
    };
    let short = create("kurz");
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("mindestens 10 Zeichen"));
    let ok = create("ein sicheres Passwort");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("betrieb@land.example"));
    let again = create("ein sicheres Passwort");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("bereits ein Konto"));

    // With an account, no setup link is offered.
    let port = free_port();
    let mut child = ablauf()
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
            data,
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    wait_ready(port);
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("Ablauf läuft"), "{first}");
    assert_eq!(get(port, "/healthz").map(|r| r.0), Some(200));
    assert_eq!(
        get(port, "/o/00000000-0000-0000-0000-000000000000").map(|r| r.0),
        Some(303)
    );
    terminate(child);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_fresh_instance_prints_a_setup_link() {
    let dir = temp_dir();
    let port = free_port();
    let mut child = ablauf()
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
            dir.to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    wait_ready(port);
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let text: Vec<String> = (0..3).filter_map(|_| lines.next()?.ok()).collect();
    let link = text
        .iter()
        .find_map(|l| {
            l.trim()
                .strip_prefix(&format!("http://127.0.0.1:{port}"))
                .map(str::to_owned)
        })
        .unwrap_or_else(|| panic!("no setup link in {text:?}"));
    assert!(link.starts_with("/einrichtung/"));
    let (status, body) = get(port, &link).unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("Betreiberkonto anlegen"));
    terminate(child);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn serves_on_postgres_from_the_environment() {
    let admin = std::env::var("ABLAUF_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!("ablauf_cli_{}", std::process::id());
    let psql = |sql: &str| {
        Command::new("psql")
            .args([admin.as_str(), "-q", "-c", sql])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    };
    if !psql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")) {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "PostgreSQL is required under CI=true"
        );
        eprintln!("PostgreSQL not reachable; skipping");
        return;
    }
    assert!(psql(&format!("CREATE DATABASE {name}")));
    let base = admin.rsplit_once('/').unwrap().0;
    let port = free_port();
    let child = ablauf()
        .args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}")])
        .env("ABLAUF_DATABASE_URL", format!("{base}/{name}"))
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    wait_ready(port);
    let (status, body) = get(port, "/anmelden").unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("Anmelden"));
    terminate(child);
    // The demo content went into PostgreSQL.
    let out = Command::new("psql")
        .args([
            &format!("{base}/{name}"),
            "-tAc",
            "SELECT COUNT(*) FROM organizations",
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "3");
    psql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
}
