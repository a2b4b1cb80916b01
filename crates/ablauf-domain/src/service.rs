//! The federal service catalogue (LeiKa, with the OZG services it belongs
//! to): reading it from CSV with a report of every row that cannot be taken.

use std::collections::HashMap;

use crate::Invalid;

/// A LeiKa key: exactly 14 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
#[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
pub struct LeikaKey(String);

impl LeikaKey {
    pub fn parse(raw: &str) -> Option<LeikaKey> {
        let k = raw.trim();
        (k.len() == 14 && k.bytes().all(|b| b.is_ascii_digit())).then(|| LeikaKey(k.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for LeikaKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

// The one type of a service: read from the catalogue file, kept by the
// store (`ServiceRow` adds what only storage needs), answered by the API.
/// One service of the federal service catalogue (LeiKa).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ServiceDto))]
pub struct Service {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub leika_key: LeikaKey,
    pub name: String,
    /// LeiKa "Typisierung" (1–5, e.g. "2/3"): which level regulates and executes it.
    pub typisierung: String,
    pub legal_basis: String,
    pub ozg_id: String,
    pub ozg_service: String,
    pub lebenslage: String,
    pub themenfeld: String,
}

/// A row that was not taken, with its line in the file (1-based, the
/// header is line 1) and a message key saying why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub reason: &'static str,
    /// The offending value, shortened, so the person can find it.
    pub value: String,
}

#[derive(Debug, Default)]
pub struct ParsedCatalogue {
    pub services: Vec<Service>,
    pub errors: Vec<RowError>,
}

const COLUMNS: [&str; 8] = [
    "leika_schluessel",
    "leika_bezeichnung",
    "typisierung",
    "rechtsgrundlage",
    "ozg_id",
    "ozg_leistung",
    "lebenslage",
    "themenfeld",
];

fn short(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s.to_owned()
    }
}

/// Reads the catalogue. The whole file is refused (Err) only when it cannot
/// be a catalogue at all (not UTF-8, no key or name column); otherwise every
/// good row is returned and every bad row reported. Commas and semicolons
/// (German spreadsheet exports) are both understood; column order is free.
pub fn parse_catalogue(bytes: &[u8]) -> Result<ParsedCatalogue, Invalid> {
    let file = "file";
    let text =
        std::str::from_utf8(bytes).map_err(|_| Invalid::new(file, "error.import_not_utf8"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header_line = text.lines().next().unwrap_or("");
    let delimiter = if header_line.contains(';') && !header_line.contains(',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|_| Invalid::new(file, "error.import_no_header"))?
        .clone();
    let index: HashMap<&str, usize> = COLUMNS
        .iter()
        .filter_map(|c| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(c))
                .map(|i| (*c, i))
        })
        .collect();
    if !index.contains_key("leika_schluessel") || !index.contains_key("leika_bezeichnung") {
        return Err(Invalid::new(file, "error.import_no_header"));
    }
    // Line numbers from byte offsets: the csv crate's own line counter
    // lags behind on CRLF files, and people look rows up by line.
    let newlines: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let line_at = |byte: u64| newlines.partition_point(|&nl| (nl as u64) <= byte) as u64 + 1;
    let mut out = ParsedCatalogue::default();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| line_at(p.byte())).unwrap_or(0);
                out.errors.push(RowError {
                    line,
                    reason: "import.row_unreadable",
                    value: String::new(),
                });
                continue;
            }
        };
        let line = record.position().map(|p| line_at(p.byte())).unwrap_or(0);
        let get = |c: &str| {
            index
                .get(c)
                .and_then(|&i| record.get(i))
                .unwrap_or("")
                .trim()
                .to_owned()
        };
        if record.len() != headers.len() {
            out.errors.push(RowError {
                line,
                reason: "import.columns",
                value: record.len().to_string(),
            });
            continue;
        }
        let raw_key = get("leika_schluessel");
        let Some(key) = LeikaKey::parse(&raw_key) else {
            out.errors.push(RowError {
                line,
                reason: "import.key_invalid",
                value: short(&raw_key),
            });
            continue;
        };
        let name = get("leika_bezeichnung");
        if name.is_empty() {
            out.errors.push(RowError {
                line,
                reason: "import.name_missing",
                value: raw_key,
            });
            continue;
        }
        if name.chars().count() > 500 || name.chars().any(char::is_control) {
            out.errors.push(RowError {
                line,
                reason: "import.name_invalid",
                value: short(&name),
            });
            continue;
        }
        if let Some(first) = seen.insert(key.as_str().to_owned(), line) {
            out.errors.push(RowError {
                line,
                reason: "import.key_duplicate",
                value: format!("{} (Zeile {first})", key.as_str()),
            });
            continue;
        }
        out.services.push(Service {
            leika_key: key,
            name,
            typisierung: get("typisierung"),
            legal_basis: get("rechtsgrundlage"),
            ozg_id: get("ozg_id"),
            ozg_service: get("ozg_leistung"),
            lebenslage: get("lebenslage"),
            themenfeld: get("themenfeld"),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_fourteen_digits() {
        assert!(LeikaKey::parse(" 99012001000000 ").is_some());
        for bad in [
            "nicht im LeiKa",
            "3233",
            "9901200100000x",
            "990120010000000",
            "",
        ] {
            assert!(LeikaKey::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn good_rows_are_taken_bad_rows_reported_with_line_and_reason() {
        let csv = "leika_schluessel,leika_bezeichnung,typisierung,rechtsgrundlage,ozg_id,ozg_leistung,lebenslage,themenfeld\n\
                   99012001000000,Abbruchgenehmigung,4,,10513,Abbruchgenehmigung,Bauen & Immobilien,Bauen & Wohnen\n\
                   nicht im LeiKa,Irgendwas,1,,1,x,y,z\n\
                   99012001000000,Doppelt,4,,1,x,y,z\n\
                   99012001001000,,4,,1,x,y,z\n\
                   \"99012001002000\",\"Mit, Komma\",4,\"§ 1 [http://x]\",1,x,y,z\n\
                   99012001003000,zu wenig\n";
        let p = parse_catalogue(csv.as_bytes()).unwrap();
        assert_eq!(p.services.len(), 2);
        assert_eq!(p.services[1].name, "Mit, Komma");
        assert_eq!(p.services[1].legal_basis, "§ 1 [http://x]");
        let reasons: Vec<_> = p.errors.iter().map(|e| (e.line, e.reason)).collect();
        assert_eq!(
            reasons,
            [
                (3, "import.key_invalid"),
                (4, "import.key_duplicate"),
                (5, "import.name_missing"),
                (7, "import.columns"),
            ]
        );
    }

    #[test]
    fn line_numbers_count_crlf_and_quoted_newlines() {
        let csv = "leika_schluessel,leika_bezeichnung,rechtsgrundlage\r\nnicht im LeiKa,A,\r\n99000000000001,B,\"zwei\r\nZeilen\"\r\n123,C,\r\n";
        let p = parse_catalogue(csv.as_bytes()).unwrap();
        let lines: Vec<_> = p.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 5]);
        assert_eq!(p.services.len(), 1);
    }

    #[test]
    fn semicolons_bom_and_column_order() {
        let csv =
            "\u{feff}leika_bezeichnung;leika_schluessel\nHundesteuer Anmeldung;99105005000000\n";
        let p = parse_catalogue(csv.as_bytes()).unwrap();
        assert_eq!(p.services[0].leika_key.as_str(), "99105005000000");
        assert_eq!(p.services[0].name, "Hundesteuer Anmeldung");
    }

    #[test]
    fn a_file_that_is_no_catalogue_is_refused_whole() {
        assert_eq!(
            parse_catalogue(b"\xff\xfe").unwrap_err().key,
            "error.import_not_utf8"
        );
        assert_eq!(
            parse_catalogue(b"a,b\n1,2\n").unwrap_err().key,
            "error.import_no_header"
        );
        assert_eq!(
            parse_catalogue(b"").unwrap_err().key,
            "error.import_no_header"
        );
    }
}
