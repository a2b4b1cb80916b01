//! Tables in and out: XLSX (rust_xlsxwriter to write, calamine to read) and
//! CSV as German spreadsheet programs write it (semicolons, UTF-8 with BOM
//! out; UTF-8 or Windows-1252, `;`, `,` or tab in). Every cell becomes text
//! on the way in, so the register's import has one path for both formats.

use std::borrow::Cow;
use std::io::Cursor;

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// A table as read from a file: the header row and the data rows with the
/// line (CSV) or row number (XLSX) people find them under.
#[derive(Debug, Default)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
}

/// A cell to write.
pub enum Cell {
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

/// Excel number format of dates as German readers expect them.
const GERMAN_DATE: &str = "dd.mm.yyyy";

/// Most rows an import takes, so a huge file cannot exhaust memory.
pub const MAX_ROWS: usize = 100_000;
/// Most columns a row may reach (the register has 35).
pub const MAX_COLUMNS: usize = 256;
/// Most cells (counted up to each row's last cell) a table may hold, and
/// most distinct texts an XLSX file may declare: the memory a read takes
/// is bounded by this, whatever the file claims about its size.
pub const MAX_CELLS: usize = 4_000_000;
/// Most bytes the XLSX parts may unpack to (a zip bomb is refused).
const MAX_UNPACKED: u64 = 256 * 1024 * 1024;

/// Reads an XLSX (recognised by its zip signature) or CSV file. Errors are
/// message keys about the whole file.
///
/// Memory stays proportional to the cells the file really holds: nothing is
/// allocated from a size the file declares (used range, string count)
/// before it is checked against [`MAX_ROWS`], [`MAX_COLUMNS`] and
/// [`MAX_CELLS`].
pub fn read(bytes: &[u8]) -> Result<Sheet, &'static str> {
    if bytes.starts_with(b"PK\x03\x04") {
        // The XLSX parser is third-party code fed with hostile input: a
        // panic in it (e.g. an arithmetic overflow on an absurd cell
        // reference) is an unreadable file, not a failed request.
        std::panic::catch_unwind(|| read_xlsx(bytes)).unwrap_or(Err("error.sheet_unreadable"))
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Err("error.sheet_old_excel")
    } else {
        read_csv(bytes)
    }
}

/// Rows collected cell by cell, whatever order the file lists them in,
/// refusing a table beyond the limits before it grows.
#[derive(Default)]
struct Collector {
    rows: std::collections::BTreeMap<u64, Vec<String>>,
    budget: Budget,
}

/// Rows and cells taken so far, refused beyond the limits.
#[derive(Default)]
struct Budget {
    rows: usize,
    cells: usize,
}

impl Budget {
    /// Takes one more row (the header row included).
    fn row(&mut self) -> Result<(), &'static str> {
        self.rows += 1;
        if self.rows > MAX_ROWS + 1 {
            return Err("error.sheet_too_many_rows");
        }
        Ok(())
    }

    /// Takes `n` more cells.
    fn cells(&mut self, n: usize) -> Result<(), &'static str> {
        self.cells += n;
        if self.cells > MAX_CELLS {
            return Err("error.sheet_too_many_cells");
        }
        Ok(())
    }
}

impl Collector {
    /// Puts `value` at (`row`, `col`), both 0-based; a row is as long as its
    /// last cell.
    fn put(&mut self, row: u64, col: usize, value: String) -> Result<(), &'static str> {
        if col >= MAX_COLUMNS {
            return Err("error.sheet_too_many_columns");
        }
        if !self.rows.contains_key(&row) {
            self.budget.row()?;
        }
        let cells = self.rows.entry(row).or_default();
        if col >= cells.len() {
            self.budget.cells(col + 1 - cells.len())?;
            cells.resize(col + 1, String::new());
        }
        cells[col] = value;
        Ok(())
    }
}

/// Checks the declared string count of every shared-strings part before
/// calamine reserves memory for it.
fn check_shared_strings(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<(), &'static str> {
    use quick_xml::events::Event;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
        .map(|n| n.into_owned())
        .collect();
    for name in names {
        let part = zip.by_name(&name).map_err(|_| "error.sheet_unreadable")?;
        let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(part));
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                    for a in e.attributes() {
                        let a = a.map_err(|_| "error.sheet_unreadable")?;
                        let key = a.key.local_name();
                        if key.as_ref() != "uniqueCount" && key.as_ref() != "count" {
                            continue;
                        }
                        // Only plain digits within the limit pass.
                        let n = Some(a.value.as_ref())
                            .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
                            .and_then(|v| v.parse::<u64>().ok());
                        match n {
                            Some(n) if n <= MAX_CELLS as u64 => {}
                            _ => return Err("error.sheet_too_many_cells"),
                        }
                    }
                    break;
                }
                Ok(Event::Eof) => break,
                Err(_) => return Err("error.sheet_unreadable"),
                Ok(_) => {}
            }
            if buf.len() > 1 << 20 {
                return Err("error.sheet_unreadable");
            }
        }
    }
    Ok(())
}

fn read_xlsx(bytes: &[u8]) -> Result<Sheet, &'static str> {
    use calamine::{DataRef, Reader, Xlsx};
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| "error.sheet_unreadable")?;
    let mut unpacked = 0u64;
    for i in 0..zip.len() {
        let f = zip.by_index(i).map_err(|_| "error.sheet_unreadable")?;
        unpacked = unpacked.saturating_add(f.size());
    }
    if unpacked > MAX_UNPACKED {
        return Err("error.sheet_too_large");
    }
    check_shared_strings(&mut zip)?;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|_| "error.sheet_unreadable")?;
    let first = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or("error.sheet_empty")?;
    // Cell by cell: the used range a file declares (or spans with two far
    // apart cells) is never allocated.
    let mut cells = book
        .worksheet_cells_reader(&first)
        .map_err(|_| "error.sheet_unreadable")?;
    let mut table = Collector::default();
    while let Some(cell) = cells.next_cell().map_err(|_| "error.sheet_unreadable")? {
        let text = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
            DataRef::SharedString(s) => (*s).to_owned(),
            DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            DataRef::Float(f) => f.to_string(),
            DataRef::Int(i) => i.to_string(),
            DataRef::Bool(b) => if *b { "ja" } else { "nein" }.to_owned(),
            DataRef::DateTime(d) => d
                .as_datetime()
                .map(|d| d.date().format("%d.%m.%Y").to_string())
                .unwrap_or_default(),
            DataRef::Error(_) => String::new(),
        };
        let (row, col) = cell.get_position();
        table.put(u64::from(row), col as usize, text)?;
    }
    // The table starts at its leftmost used column, as Excel's used range.
    let left = table
        .rows
        .values()
        .filter_map(|r| r.iter().position(|c| !c.is_empty()))
        .min()
        .unwrap_or(0);
    let mut rows = table.rows.into_iter().map(|(r, mut cells)| {
        cells.drain(..left.min(cells.len()));
        (r + 1, cells)
    });
    let Some((_, headers)) = rows.next() else {
        return Err("error.sheet_empty");
    };
    finish(headers, rows)
}

fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        // What Excel on Windows writes as "CSV (Trennzeichen-getrennt)".
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

fn read_csv(bytes: &[u8]) -> Result<Sheet, &'static str> {
    let text = decode(bytes);
    let header = text.lines().next().unwrap_or("");
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| header.bytes().filter(|b| b == d).count())
        .unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    // Line numbers counted as the records go by (quoted cells may span
    // lines; the csv crate puts a record's start at the `\n` of a CRLF
    // before it).
    let (mut line, mut counted) = (1u64, 0usize);
    let mut budget = Budget::default();
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|_| "error.sheet_unreadable")?
    {
        if let Some(p) = record.position() {
            let end = (p.byte() as usize + 1).min(text.len());
            if end > counted {
                line += text.as_bytes()[counted..end]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count() as u64;
                counted = end;
            }
        }
        budget.row()?;
        if record.len() > MAX_COLUMNS {
            return Err("error.sheet_too_many_columns");
        }
        budget.cells(record.len())?;
        rows.push((
            line,
            record
                .iter()
                .map(|c| original(c).to_owned())
                .collect::<Vec<_>>(),
        ));
    }
    let mut rows = rows.into_iter();
    let Some((_, headers)) = rows.next() else {
        return Err("error.sheet_empty");
    };
    finish(headers, rows)
}

fn finish(
    headers: Vec<String>,
    rows: impl Iterator<Item = (u64, Vec<String>)>,
) -> Result<Sheet, &'static str> {
    let headers: Vec<String> = headers.into_iter().map(|h| h.trim().to_owned()).collect();
    if headers.iter().all(String::is_empty) {
        return Err("error.sheet_empty");
    }
    let rows = rows
        .filter(|(_, cells)| !cells.iter().all(|c| c.trim().is_empty()))
        .collect();
    Ok(Sheet { headers, rows })
}

/// An XLSX workbook with one sheet: bold frozen header row, filters on
/// every column, widths fitted to the content.
pub fn write_xlsx(
    sheet_name: &str,
    headers: &[String],
    rows: &[Vec<Cell>],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet_name)?;
    let bold = Format::new()
        .set_bold()
        .set_background_color("D9E2F3")
        .set_text_wrap();
    let date = Format::new().set_num_format(GERMAN_DATE);
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count().min(40)).collect();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            match cell {
                Cell::Text(s) if s.is_empty() => {}
                Cell::Text(s) => {
                    ws.write_string(r, col, s)?;
                    widths[c] = widths[c].max(s.chars().count().min(60));
                }
                Cell::Number(n) => {
                    ws.write_number(r, col, *n)?;
                }
                Cell::Date(d) => {
                    ws.write_datetime_with_format(r, col, d, &date)?;
                    widths[c] = widths[c].max(10);
                }
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w as f64 + 2.0).clamp(8.0, 62.0))?;
    }
    ws.set_freeze_panes(1, 0)?;
    if !headers.is_empty() {
        ws.autofilter(0, 0, rows.len() as u32, headers.len() as u16 - 1)?;
    }
    book.save_to_buffer()
}

/// Whether a spreadsheet program would read `text` as a formula (or, after
/// a leading `'`, as the neutralised form of one).
fn formula_like(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => true,
        Some(b'\'') => formula_like(&text[1..]),
        _ => false,
    }
}

/// Text as a CSV cell: what a spreadsheet program would run as a formula
/// gets the `'` prefix they show as "text" (OWASP's CSV injection advice).
fn neutralised(text: &str) -> Cow<'_, str> {
    if formula_like(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The text a CSV cell written by [`neutralised`] came from; any other
/// cell as it is.
fn original(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => cell,
    }
}

/// CSV for German spreadsheet programs: UTF-8 with BOM, semicolons. Text
/// that would run as a formula is neutralised ([`read`] takes it back).
pub fn write_csv(headers: &[String], rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        let _ = w.write_record(headers.iter().map(|h| neutralised(h).into_owned()));
        for row in rows {
            let _ = w.write_record(row.iter().map(|c| match c {
                Cell::Text(s) => neutralised(s).into_owned(),
                Cell::Number(n) if n.fract() == 0.0 => format!("{}", *n as i64),
                Cell::Number(n) => n.to_string().replace('.', ","),
                Cell::Date(d) => d.format("%d.%m.%Y").to_string(),
            }));
        }
        let _ = w.flush();
    }
    out
}

/// Reads a whole zip entry (for tests of written workbooks).
#[cfg(test)]
fn zip_entry(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (Vec<String>, Vec<Vec<Cell>>) {
        (
            vec!["Name".into(), "Fallzahl".into(), "Gültig ab".into()],
            vec![
                vec![
                    Cell::Text("Straßenreinigung; Winterdienst".into()),
                    Cell::Number(1200.0),
                    Cell::Date(NaiveDate::from_ymd_opt(2026, 1, 31).unwrap()),
                ],
                vec![
                    Cell::Text("Hundesteuer – An- und Abmeldung".into()),
                    Cell::Text(String::new()),
                    Cell::Text(String::new()),
                ],
            ],
        )
    }

    #[test]
    fn xlsx_round_trips_with_filters_and_frozen_header() {
        let (h, rows) = sample();
        let bytes = write_xlsx("Prozessregister", &h, &rows).unwrap();
        let sheet = zip_entry(&bytes, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains("<autoFilter ref=\"A1:C3\""), "{sheet}");
        assert!(sheet.contains("state=\"frozen\""));
        let back = read(&bytes).unwrap();
        assert_eq!(back.headers, h);
        assert_eq!(back.rows.len(), 2);
        assert_eq!(
            back.rows[0],
            (
                2,
                vec![
                    "Straßenreinigung; Winterdienst".to_owned(),
                    "1200".into(),
                    "31.01.2026".into()
                ]
            )
        );
        assert_eq!(back.rows[1].0, 3);
    }

    #[test]
    fn csv_round_trips_and_reads_what_excel_writes() {
        let (h, rows) = sample();
        let bytes = write_csv(&h, &rows);
        assert!(bytes.starts_with(b"\xEF\xBB\xBFName;Fallzahl;"));
        let back = read(&bytes).unwrap();
        assert_eq!(back.headers, h);
        assert_eq!(back.rows[0].1[0], "Straßenreinigung; Winterdienst");
        assert_eq!(back.rows[0].1[2], "31.01.2026");
        // Windows-1252, commas, a quoted cell spanning two lines, a blank row.
        let latin: Vec<u8> =
            b"Name,Beschreibung\r\nStra\xDFe,\"zwei\r\nZeilen\"\r\n,\r\nM\xFCll,x\r\n".to_vec();
        let back = read(&latin).unwrap();
        assert_eq!(back.headers, ["Name", "Beschreibung"]);
        assert_eq!(
            back.rows[0],
            (2, vec!["Straße".into(), "zwei\r\nZeilen".into()])
        );
        assert_eq!(back.rows[1], (5, vec!["Müll".into(), "x".into()]));
    }

    /// `xlsx` with its part `name` replaced by `content`.
    fn with_part(xlsx: &[u8], name: &str, content: &[u8]) -> Vec<u8> {
        use std::io::{Read, Write};
        let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let part = f.name().unwrap().into_owned();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            out.start_file(part.as_str(), opts).unwrap();
            out.write_all(if part == name { content } else { &data })
                .unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    fn seed_xlsx() -> Vec<u8> {
        let (h, rows) = sample();
        write_xlsx("Prozessregister", &h, &rows).unwrap()
    }

    /// A worksheet of inline-string cells at the given references.
    fn sheet_xml(cells: &[&str]) -> String {
        let cells: String = cells
            .iter()
            .map(|r| format!(r#"<c r="{r}" t="inlineStr"><is><t>x</t></is></c>"#))
            .collect();
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row>{cells}</row></sheetData></worksheet>"#
        )
    }

    const SHEET: &str = "xl/worksheets/sheet1.xml";

    #[test]
    fn declared_or_spanned_sizes_are_refused_before_allocating() {
        let seed = seed_xlsx();
        let far = with_part(&seed, SHEET, sheet_xml(&["A1", "XFD1048576"]).as_bytes());
        assert!(far.len() < 10_000);
        assert_eq!(read(&far).unwrap_err(), "error.sheet_too_many_columns");
        let strings = r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="10000000000"><si><t>Name</t></si></sst>"#;
        let declared = with_part(&seed, "xl/sharedStrings.xml", strings.as_bytes());
        assert_eq!(read(&declared).unwrap_err(), "error.sheet_too_many_cells");
        // Two cells far apart are two rows, not a 32 × 1,048,576 block.
        let tall = with_part(&seed, SHEET, sheet_xml(&["A1", "AF1048576"]).as_bytes());
        let back = read(&tall).unwrap();
        assert_eq!(back.headers, ["x"]);
        assert_eq!(back.rows.len(), 1);
        assert_eq!(back.rows[0].0, 1_048_576);
        assert_eq!(back.rows[0].1.len(), 32);
        // A reference beyond any integer is an unreadable file.
        let absurd = with_part(&seed, SHEET, sheet_xml(&["A99999999999999"]).as_bytes());
        assert_eq!(read(&absurd).unwrap_err(), "error.sheet_unreadable");
        // Many rows, each cell counted.
        let many: Vec<String> = (1..=MAX_ROWS + 2).map(|r| format!("A{r}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let rows = with_part(&seed, SHEET, sheet_xml(&many).as_bytes());
        assert_eq!(read(&rows).unwrap_err(), "error.sheet_too_many_rows");
    }

    #[test]
    fn csv_beyond_the_limits_is_refused() {
        let wide = ";".repeat(MAX_COLUMNS) + "\nx\n";
        assert_eq!(
            read(wide.as_bytes()).unwrap_err(),
            "error.sheet_too_many_columns"
        );
        let line = format!("{}\n", ";".repeat(MAX_COLUMNS - 1));
        let cells = line.repeat(MAX_CELLS / MAX_COLUMNS + 1);
        assert_eq!(
            read(cells.as_bytes()).unwrap_err(),
            "error.sheet_too_many_cells"
        );
        let rows = "a\n".repeat(MAX_ROWS + 2);
        assert_eq!(
            read(rows.as_bytes()).unwrap_err(),
            "error.sheet_too_many_rows"
        );
    }

    #[test]
    fn the_limits_are_the_ones_the_messages_name() {
        let de = |k: &str| crate::i18n::t(&format!("error.{k}"));
        let german = ablauf_model::validate::german_thousands;
        assert!(de("sheet_too_many_rows").contains(&german(MAX_ROWS)));
        assert!(de("sheet_too_many_cells").contains(&german(MAX_CELLS)));
        assert!(de("sheet_too_many_columns").contains(&format!("{MAX_COLUMNS}.")));
    }

    /// Fuzzing in every test run: random mutations of small valid XLSX and
    /// CSV files, for a bounded time. The readers may refuse, but never
    /// panic (calamine included: its panics are not caught here) and never
    /// return more than the limits allow. (Longer runs: `fuzz/`.)
    #[test]
    fn mutated_tables_never_panic_and_stay_within_the_limits() {
        use rand::{Rng, SeedableRng, rngs::StdRng};
        let mut rng = StdRng::seed_from_u64(14);
        let seed = seed_xlsx();
        let parts: Vec<(&str, String)> = [
            "xl/sharedStrings.xml",
            SHEET,
            "xl/workbook.xml",
            "xl/styles.xml",
        ]
        .into_iter()
        .map(|p| (p, zip_entry(&seed, p)))
        .collect();
        let csv_seed = write_csv(&sample().0, &sample().1);
        let tokens: [&[u8]; 12] = [
            b"XFD1048576",
            b"99999999999",
            b"<c r=\"B2\" t=\"s\"><v>0</v></c>",
            b"<row r=\"7\">",
            b"</row>",
            b"uniqueCount=\"7\"",
            b"\"",
            b";",
            b"\r\n",
            b"&amp;",
            b"<is><t>y</t></is>",
            b"\xFF",
        ];
        let mutate = |rng: &mut StdRng, data: &mut Vec<u8>| {
            for _ in 0..rng.gen_range(1..4) {
                let at = rng.gen_range(0..=data.len());
                match rng.gen_range(0..4) {
                    0 => data
                        .splice(
                            at..at,
                            tokens[rng.gen_range(0..tokens.len())].iter().copied(),
                        )
                        .for_each(drop),
                    1 if at < data.len() => data[at] = rng.r#gen(),
                    2 => {
                        let end = (at + rng.gen_range(0..64)).min(data.len());
                        data.drain(at..end);
                    }
                    _ => {
                        let end = (at + rng.gen_range(0..200)).min(data.len());
                        let chunk = data[at..end].to_vec();
                        data.splice(at..at, chunk).for_each(drop);
                    }
                }
            }
        };
        let check = |r: Result<Sheet, &'static str>| {
            if let Ok(s) = r {
                assert!(s.rows.len() <= MAX_ROWS);
                assert!(s.headers.len() <= MAX_COLUMNS);
                let cells: usize = s.rows.iter().map(|(_, r)| r.len()).sum();
                assert!(cells <= MAX_CELLS);
                assert!(s.rows.iter().all(|(_, r)| r.len() <= MAX_COLUMNS));
            }
        };
        let started = std::time::Instant::now();
        let mut runs = 0;
        while started.elapsed() < std::time::Duration::from_secs(10) && runs < 3000 {
            let (name, xml) = &parts[rng.gen_range(0..parts.len())];
            let mut data = xml.clone().into_bytes();
            mutate(&mut rng, &mut data);
            check(read(&with_part(&seed, name, &data)));
            let mut csv = csv_seed.clone();
            mutate(&mut rng, &mut csv);
            check(read(&csv));
            runs += 1;
        }
        assert!(runs > 50, "only {runs} runs");
    }

    #[test]
    fn csv_neutralises_formulas_and_reads_them_back() {
        let texts = [
            "=HYPERLINK(\"http://evil.example\";\"x\")",
            "=cmd|' /C calc'!A0",
            "+49 30 1234",
            "-Rückfrage",
            "@SUM(A1)",
            "\tTab",
            "\rWagenrücklauf",
            "'=schon mit Apostroph",
            "''+zwei",
            "'nur Apostroph",
            "Gewerbe - Anzeige",
        ];
        let rows: Vec<Vec<Cell>> = texts
            .iter()
            .map(|t| vec![Cell::Text((*t).into())])
            .collect();
        let bytes = write_csv(&["Name".into()], &rows);
        let text = String::from_utf8(bytes.clone()).unwrap();
        let mut r = csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(true)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        for (record, t) in r.records().zip(texts) {
            let written = record.unwrap()[0].to_owned();
            assert!(
                !matches!(
                    written.as_bytes()[0],
                    b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'
                ),
                "{written:?}"
            );
            let expected = if formula_like(t) {
                format!("'{t}")
            } else {
                t.to_owned()
            };
            assert_eq!(written, expected);
        }
        let back = read(&bytes).unwrap();
        let back: Vec<&str> = back.rows.iter().map(|(_, r)| r[0].as_str()).collect();
        assert_eq!(back, texts);
        // XLSX keeps plain strings.
        let xlsx = write_xlsx("T", &["Name".into()], &rows).unwrap();
        assert!(zip_entry(&xlsx, "xl/sharedStrings.xml").contains("<t>=cmd|' /C calc'!A0</t>"));
        let back = read(&xlsx).unwrap();
        assert_eq!(back.rows[1].1[0], texts[1]);
    }

    #[test]
    fn files_that_are_no_table_are_refused_whole() {
        assert_eq!(read(b"").unwrap_err(), "error.sheet_empty");
        assert_eq!(
            read(b"PK\x03\x04garbage").unwrap_err(),
            "error.sheet_unreadable"
        );
        assert_eq!(
            read(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0]).unwrap_err(),
            "error.sheet_old_excel"
        );
    }
}
