//! Tables in and out: XLSX (rust_xlsxwriter to write, calamine to read) and
//! CSV as German spreadsheet programs write it (semicolons, UTF-8 with BOM
//! out; UTF-8 or Windows-1252, `;`, `,` or tab in). Every cell becomes text
//! on the way in, so the register's import has one path for both formats.

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
/// Most bytes the XLSX parts may unpack to (a zip bomb is refused).
const MAX_UNPACKED: u64 = 256 * 1024 * 1024;

/// Reads an XLSX (recognised by its zip signature) or CSV file. Errors are
/// message keys about the whole file.
pub fn read(bytes: &[u8]) -> Result<Sheet, &'static str> {
    if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Err("error.sheet_old_excel")
    } else {
        read_csv(bytes)
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Sheet, &'static str> {
    use calamine::{Data, Reader, Xlsx};
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| "error.sheet_unreadable")?;
    let mut unpacked = 0u64;
    for i in 0..zip.len() {
        let f = zip.by_index(i).map_err(|_| "error.sheet_unreadable")?;
        unpacked = unpacked.saturating_add(f.size());
    }
    if unpacked > MAX_UNPACKED {
        return Err("error.sheet_too_large");
    }
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|_| "error.sheet_unreadable")?;
    let range = book
        .worksheet_range_at(0)
        .ok_or("error.sheet_empty")?
        .map_err(|_| "error.sheet_unreadable")?;
    let first_row = range.start().map(|(r, _)| u64::from(r)).unwrap_or(0);
    let mut rows = range.rows().enumerate().map(|(i, r)| {
        let cells = r
            .iter()
            .map(|c| match c {
                Data::Empty => String::new(),
                Data::String(s) => s.clone(),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                Data::Float(f) => f.to_string(),
                Data::Int(i) => i.to_string(),
                Data::Bool(b) => if *b { "ja" } else { "nein" }.to_owned(),
                Data::DateTime(d) => d
                    .as_datetime()
                    .map(|d| d.date().format("%d.%m.%Y").to_string())
                    .unwrap_or_default(),
                Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Error(_) => String::new(),
            })
            .collect::<Vec<_>>();
        (first_row + i as u64 + 1, cells)
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
    // Line numbers from byte offsets (quoted cells may span lines).
    let newlines: Vec<u64> = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i as u64)
        .collect();
    // (The csv crate puts a record's start at the `\n` of a CRLF before it.)
    let line_at = |byte: u64| newlines.partition_point(|&nl| nl <= byte) as u64 + 1;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| "error.sheet_unreadable")?;
        let line = record.position().map(|p| line_at(p.byte())).unwrap_or(0);
        rows.push((line, record.iter().map(str::to_owned).collect::<Vec<_>>()));
        if rows.len() > MAX_ROWS + 1 {
            return Err("error.sheet_too_many_rows");
        }
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
    let mut out = Vec::new();
    for (line, cells) in rows {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.push((line, cells));
        if out.len() > MAX_ROWS {
            return Err("error.sheet_too_many_rows");
        }
    }
    Ok(Sheet { headers, rows: out })
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

/// CSV for German spreadsheet programs: UTF-8 with BOM, semicolons.
pub fn write_csv(headers: &[String], rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        let _ = w.write_record(headers);
        for row in rows {
            let _ = w.write_record(row.iter().map(|c| match c {
                Cell::Text(s) => s.clone(),
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
