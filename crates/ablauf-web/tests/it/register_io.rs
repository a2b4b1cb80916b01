//! The register as a spreadsheet: export to XLSX and CSV with German
//! headers and names, import with preview, per-row errors, all-or-nothing
//! apply, and conflicts with edits made since the export.

use ablauf_app::sheet;
use ablauf_domain::process::{Profile, Status};
use ablauf_store::{Actor, OrgId, Save};
use reqwest::StatusCode;

use crate::both;
use crate::harness::{Client, TestApp};

struct Setup {
    org: String,
    oid: OrgId,
    c: Client,
    process: ablauf_store::ProcessId,
}

async fn setup(app: &TestApp) -> Setup {
    let org = app.org_id("Stadt Musterstadt").await;
    let oid = OrgId(org.parse().unwrap());
    let c = app.signed_in("modellierer@musterstadt.example").await;
    let actor = Actor::system("Test");
    let area = app
        .store
        .create_area(&actor, oid, None, "Kernprozesse")
        .await
        .unwrap();
    app.store
        .create_area(&actor, oid, None, "Unterstützungsprozesse")
        .await
        .unwrap();
    let it = app
        .store
        .create_reference_entry(
            &actor,
            oid,
            ablauf_domain::ReferenceKind::ItSystem,
            "Gewerbe-Fachverfahren",
            "",
            "",
        )
        .await
        .unwrap();
    let unit = app
        .store
        .list_org_units(oid)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.name == "Sachgebiet Gewerbe")
        .unwrap();
    let row = app
        .store
        .create_process(
            &actor,
            oid,
            &Save {
                area_id: Some(area.id),
                status: Status::Dokumentiert,
                profile: Profile {
                    name: "Gewerbeanmeldung".into(),
                    identifier: "P-32.1-001".into(),
                    description: "Anzeige eines Gewerbes".into(),
                    org_unit_id: Some(unit.id),
                    it_systems: vec![it.id],
                    cases_per_year: Some(1200),
                    digitisation_level: Some(2),
                    keywords: vec!["Gewerbe".into(), "Anzeige".into()],
                    valid_from: chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
                    ..Default::default()
                },
                note: String::new(),
            },
        )
        .await
        .unwrap();
    Setup {
        org,
        oid,
        c,
        process: row.id,
    }
}

pub(crate) fn col(s: &sheet::Sheet, header: &str) -> usize {
    s.headers
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no column {header}: {:?}", s.headers))
}

/// A CSV file from header names and rows.
pub(crate) fn csv(headers: &[&str], rows: &[Vec<&str>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(vec![]);
    w.write_record(headers).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.into_inner().unwrap()
}

pub(crate) async fn count(app: &TestApp, oid: OrgId) -> i64 {
    app.store.count_processes(oid).await.unwrap()
}

/// Uploads, follows to the preview, returns (preview URL, preview HTML).
pub(crate) async fn upload(c: &Client, org: &str, name: &str, bytes: Vec<u8>) -> (String, String) {
    let r = c
        .upload(&format!("/o/{org}/prozesse/import"), name, bytes)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let url = r.location.unwrap();
    let page = c.get(&url).await;
    assert_eq!(page.status, StatusCode::OK);
    (url, page.body)
}

both!(the_register_exports_to_excel_and_csv_with_german_headers_and_names);
async fn the_register_exports_to_excel_and_csv_with_german_headers_and_names(app: TestApp) {
    let s = setup(&app).await;
    // A Betrachter may export too.
    let viewer = app.signed_in("betrachter@musterstadt.example").await;
    let page = viewer
        .get(&format!("/o/{}/prozesse?ansicht=tabelle", s.org))
        .await;
    assert!(page.body.contains("Als Excel exportieren"));
    assert!(!page.body.contains("Aus Excel/CSV importieren"));
    let (status, mime, bytes) = viewer
        .get_bytes(&format!("/o/{}/prozesse/export?format=xlsx", s.org))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        mime,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let book = sheet::read(&bytes).unwrap();
    assert_eq!(book.rows.len(), 1);
    let row = &book.rows[0].1;
    assert_eq!(row[col(&book, "Name")], "Gewerbeanmeldung");
    assert_eq!(row[col(&book, "Bereich")], "Kernprozesse");
    assert_eq!(
        row[col(&book, "Zuständige Organisationseinheit")],
        "Sachgebiet Gewerbe"
    );
    assert_eq!(row[col(&book, "Fachverfahren")], "Gewerbe-Fachverfahren");
    assert_eq!(row[col(&book, "Status")], "dokumentiert");
    assert_eq!(row[col(&book, "Fallzahl pro Jahr")], "1200");
    assert_eq!(row[col(&book, "Gültig ab")], "01.01.2026");
    assert_eq!(row[col(&book, "Prozess-ID")], s.process.to_string());
    // Filters on every column, header row frozen.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(xml.contains("<autoFilter ref=\"A1:"), "no filters");
    assert!(xml.contains("state=\"frozen\""));

    // The filter of the table applies to the export.
    let (_, _, bytes) = viewer
        .get_bytes(&format!(
            "/o/{}/prozesse/export?format=csv&status=freigegeben",
            s.org
        ))
        .await;
    assert_eq!(sheet::read(&bytes).unwrap().rows.len(), 0);
    let (status, mime, bytes) = viewer
        .get_bytes(&format!("/o/{}/prozesse/export?format=csv", s.org))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(mime.starts_with("text/csv"));
    assert!(bytes.starts_with(b"\xEF\xBB\xBFProzess-ID;Version;Name;"));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("Gewerbeanmeldung"));
    assert!(text.contains("Gewerbe; Anzeige"));
}

both!(an_import_shows_a_preview_and_applies_all_rows_in_one_go);
async fn an_import_shows_a_preview_and_applies_all_rows_in_one_go(app: TestApp) {
    let s = setup(&app).await;
    let id = s.process.to_string();
    let file = csv(
        &[
            "Prozess-ID",
            "Version",
            "Name",
            "Kurzbeschreibung",
            "Bereich",
            "Zuständige Organisationseinheit",
            "Fachverfahren",
            "Fallzahl pro Jahr",
            "Status",
            "Farbe",
        ],
        &[
            vec![
                id.as_str(),
                "1",
                "Gewerbeanmeldung",
                "Anzeige eines Gewerbes, auch online",
                "Kernprozesse",
                "Sachgebiet Gewerbe",
                "Gewerbe-Fachverfahren",
                "1.250",
                "dokumentiert",
                "blau",
            ],
            vec![
                "",
                "",
                "Sondernutzungserlaubnis",
                "Erlaubnis für Tische vor dem Café",
                "kernprozesse",
                "Sachgebiet Gewerbe",
                "",
                "",
                "identifiziert",
                "",
            ],
        ],
    );
    let (url, preview) = upload(&s.c, &s.org, "register.csv", file).await;
    assert!(
        preview.contains("1 neu, 1 geändert, 0 unverändert, 0 fehlerhaft"),
        "{preview}"
    );
    assert!(preview.contains("Farbe"), "unknown columns are named");
    assert!(preview.contains("Import übernehmen (2 Prozesse)"));
    // Nothing is saved before the confirmation.
    assert_eq!(count(&app, s.oid).await, 1);

    let r = s.c.post(&url, &[]).await;
    assert_eq!(
        r.location,
        Some(format!("/o/{}/prozesse?hinweis=import_applied", s.org))
    );
    assert_eq!(count(&app, s.oid).await, 2);
    let (row, v) = app.store.get_process(s.oid, s.process).await.unwrap();
    assert_eq!(row.version, 2);
    assert_eq!(v.note, "Import aus Excel/CSV");
    let p = v.profile();
    assert_eq!(p.description, "Anzeige eines Gewerbes, auch online");
    assert_eq!(p.cases_per_year, Some(1250));
    // Columns the file does not have keep their values.
    assert_eq!(p.identifier, "P-32.1-001");
    assert_eq!(p.keywords, ["Gewerbe", "Anzeige"]);
    let found = app
        .store
        .list_processes(s.oid, &Default::default())
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.name == "Sondernutzungserlaubnis")
        .expect("new process imported");
    assert!(found.area_id.is_some(), "area matched case-insensitively");
    // Imported processes are searchable at once.
    let hits =
        s.c.get(&format!("/o/{}/suche?q=sondernutzung", s.org))
            .await;
    assert!(
        hits.body.contains(&format!("prozesse&#x2f;{}", found.id)),
        "{}",
        hits.body
    );
    // The pending import is gone: applying twice is impossible.
    assert_eq!(s.c.post(&url, &[]).await.status, StatusCode::NOT_FOUND);

    // An unchanged export round-trips as "nothing to do", for XLSX too.
    let (_, _, xlsx) =
        s.c.get_bytes(&format!("/o/{}/prozesse/export?format=xlsx", s.org))
            .await;
    let (_, preview) = upload(&s.c, &s.org, "export.xlsx", xlsx).await;
    assert!(
        preview.contains("0 neu, 0 geändert, 2 unverändert, 0 fehlerhaft"),
        "{preview}"
    );
    assert!(!preview.contains("Import übernehmen"));
}

both!(faulty_rows_are_reported_by_line_and_nothing_is_imported);
async fn faulty_rows_are_reported_by_line_and_nothing_is_imported(app: TestApp) {
    let s = setup(&app).await;
    let file = csv(
        &[
            "Name",
            "Bereich",
            "OZG-Reifegrad (0–4)",
            "Gültig ab",
            "Prozessverantwortlich",
            "Prozess-ID",
        ],
        &[
            vec![
                "Wohngeld",
                "Kernprozesse",
                "3",
                "01.02.2026",
                "Jonas Becker",
                "",
            ],
            vec!["Parkausweis", "Gibt es nicht", "7", "32.01.2026", "", ""],
            vec!["", "", "", "", "niemand@example.org", ""],
            vec![
                "Altlast",
                "",
                "",
                "",
                "",
                "00000000-0000-0000-0000-000000000000",
            ],
        ],
    );
    let (url, preview) = upload(&s.c, &s.org, "fehler.csv", file).await;
    assert!(
        preview.contains("1 neu, 0 geändert, 0 unverändert, 3 fehlerhaft"),
        "{preview}"
    );
    for expected in [
        "Bereich: „Gibt es nicht“ gibt es nicht.",
        "OZG-Reifegrad (0–4): Der OZG-Reifegrad liegt zwischen 0 und 4.",
        "„32.01.2026“ ist kein Datum",
        "Prozessverantwortlich: „niemand@example.org“ gibt es nicht.",
        "Name: ",
        "Einen Prozess mit der ID",
    ] {
        assert!(preview.contains(expected), "missing {expected}: {preview}");
    }
    // Line numbers as the spreadsheet shows them (header is line 1).
    assert!(preview.contains("<td class=\"num\">3</td>"));
    assert!(!preview.contains("Import übernehmen"));
    // Applying anyway is refused, and not even the good row is saved.
    let r = s.c.post(&url, &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Es wurde nichts übernommen"));
    assert_eq!(count(&app, s.oid).await, 1);

    // Files that are no table at all.
    let r =
        s.c.upload(
            &format!("/o/{}/prozesse/import", s.org),
            "kaputt.xlsx",
            b"PK\x03\x04kaputt".to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Die Datei lässt sich nicht lesen"));
    let r =
        s.c.upload(
            &format!("/o/{}/prozesse/import", s.org),
            "liste.csv",
            b"Titel;Farbe\nA;blau\n".to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("keine Spalte „Name“"));
}

both!(edits_made_since_the_export_or_the_preview_are_never_overwritten);
async fn edits_made_since_the_export_or_the_preview_are_never_overwritten(app: TestApp) {
    let s = setup(&app).await;
    let (_, _, export) =
        s.c.get_bytes(&format!("/o/{}/prozesse/export?format=csv", s.org))
            .await;
    let book = sheet::read(&export).unwrap();
    let mut row = book.rows[0].1.clone();
    row[col(&book, "Kurzbeschreibung")] = "Aus der Tabelle".into();
    let headers: Vec<&str> = book.headers.iter().map(String::as_str).collect();
    let changed = |extra: bool| {
        let mut rows = vec![row.iter().map(String::as_str).collect::<Vec<_>>()];
        if extra {
            let mut new = vec![""; headers.len()];
            new[col(&book, "Name")] = "Neuer Prozess aus der Tabelle";
            rows.push(new);
        }
        csv(&headers, &rows)
    };
    // Someone saves between preview and apply: the apply fails whole.
    let (url, preview) = upload(&s.c, &s.org, "a.csv", changed(true)).await;
    assert!(preview.contains("1 neu, 1 geändert"), "{preview}");
    let (_, v) = app.store.get_process(s.oid, s.process).await.unwrap();
    let other = Save {
        area_id: None,
        status: Status::Dokumentiert,
        profile: Profile {
            description: "Von Petra im Formular".into(),
            ..v.profile()
        },
        note: String::new(),
    };
    app.store
        .save_process(&Actor::system("Petra Adler"), s.oid, s.process, 1, &other)
        .await
        .unwrap();
    let r = s.c.post(&url, &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("nicht übernommen"), "{}", r.body);
    assert_eq!(count(&app, s.oid).await, 1, "the new row was rolled back");
    let (row_now, v) = app.store.get_process(s.oid, s.process).await.unwrap();
    assert_eq!(row_now.version, 2);
    assert_eq!(v.profile().description, "Von Petra im Formular");

    // Uploading the old export again: the row is refused with who changed it.
    let (_, preview) = upload(&s.c, &s.org, "b.csv", changed(false)).await;
    assert!(preview.contains("1 fehlerhaft"), "{preview}");
    assert!(
        preview.contains("beruht auf Version 1, aktuell ist Version 2 von Petra Adler"),
        "{preview}"
    );
}

/// A valid workbook of the register with its part `name` replaced.
fn workbook_with(name: &str, content: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let seed = sheet::write_xlsx(
        "Prozessregister",
        &["Name".into()],
        &[vec![sheet::Cell::Text("Gewerbeanmeldung".into())]],
    )
    .unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(seed)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let part = f.name().unwrap().into_owned();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.start_file(part.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(if part == name {
            content.as_bytes()
        } else {
            &data
        })
        .unwrap();
    }
    out.finish().unwrap().into_inner()
}

both!(hostile_workbooks_are_refused_with_a_german_message_and_the_server_stays_up);
async fn hostile_workbooks_are_refused_with_a_german_message_and_the_server_stays_up(app: TestApp) {
    let s = setup(&app).await;
    let sheet_of = |refs: &[&str]| {
        let cells: String = refs
            .iter()
            .map(|r| format!(r#"<c r="{r}" t="inlineStr"><is><t>Name</t></is></c>"#))
            .collect();
        format!(
            r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row>{cells}</row></sheetData></worksheet>"#
        )
    };
    let sheet1 = "xl/worksheets/sheet1.xml";
    let cases = [
        (
            workbook_with(sheet1, &sheet_of(&["A1", "XFD1048576"])),
            "jenseits der 256. Spalte",
        ),
        (
            workbook_with(
                "xl/sharedStrings.xml",
                r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="10000000000"><si><t>Name</t></si></sst>"#,
            ),
            "mehr als 4.000.000 Zellen",
        ),
        (
            workbook_with(sheet1, &sheet_of(&["A1", "A99999999999999"])),
            "Die Datei lässt sich nicht lesen",
        ),
        (
            format!("Name{}\nx\n", ";".repeat(300)).into_bytes(),
            "jenseits der 256. Spalte",
        ),
    ];
    for (bytes, message) in cases {
        assert!(bytes.len() < 10_000);
        let r =
            s.c.upload(
                &format!("/o/{}/prozesse/import", s.org),
                "boese.xlsx",
                bytes,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(r.body.contains(message), "{message}: {}", r.body);
        assert_eq!(s.c.get("/healthz").await.status, StatusCode::OK);
    }
    // Two cells far apart are read as two rows, not a block of 32 × 1 M.
    let (_, page) = upload(
        &s.c,
        &s.org,
        "weit.xlsx",
        workbook_with(sheet1, &sheet_of(&["A1", "AF1048576"])),
    )
    .await;
    assert!(page.contains("1048576"), "{page}");
}

both!(the_csv_export_neutralises_formulas_and_the_import_reads_them_back);
async fn the_csv_export_neutralises_formulas_and_the_import_reads_them_back(app: TestApp) {
    let s = setup(&app).await;
    let actor = Actor::system("Test");
    let name = "=HYPERLINK(\"http://evil.example\";\"Klick\")";
    let description = "=cmd|' /C calc'!A0";
    let keyword = "@SUMME(A1)";
    app.store
        .create_process(
            &actor,
            s.oid,
            &Save {
                area_id: None,
                status: Status::Identifiziert,
                profile: Profile {
                    name: name.into(),
                    description: description.into(),
                    trigger: "-Antrag".into(),
                    result: "+Bescheid".into(),
                    keywords: vec![keyword.into()],
                    ..Default::default()
                },
                note: String::new(),
            },
        )
        .await
        .unwrap();
    let (status, _, bytes) =
        s.c.get_bytes(&format!("/o/{}/prozesse/export?format=csv", s.org))
            .await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8(bytes.clone()).unwrap();
    // No cell starts with a formula character.
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    for record in r.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }
    assert!(text.contains("'=HYPERLINK"), "{text}");
    assert!(text.contains("'-Antrag"));
    // The XLSX export keeps the plain text.
    let (_, _, xlsx) =
        s.c.get_bytes(&format!("/o/{}/prozesse/export?format=xlsx", s.org))
            .await;
    let book = sheet::read(&xlsx).unwrap();
    assert!(book.rows.iter().any(|(_, r)| r[col(&book, "Name")] == name));
    // Importing the CSV export changes nothing.
    let (_, preview) = upload(&s.c, &s.org, "export.csv", bytes).await;
    assert!(
        preview.contains("0 neu, 0 geändert, 2 unverändert, 0 fehlerhaft"),
        "{preview}"
    );
}
