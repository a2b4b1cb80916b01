//! Fuzz the XLSX reader. The input is the worksheet XML of a valid workbook
//! (so the fuzzer explores the sheet, not zip checksums); run it with
//! `-max_len` well above the seeds. A read never panics (calamine's panics
//! are caught and become "unreadable") and never returns more than the
//! limits.
#![no_main]

use std::io::{Cursor, Write};

use ablauf_app::sheet::{self, Cell};
use libfuzzer_sys::fuzz_target;

fn workbook(sheet_xml: &[u8]) -> Vec<u8> {
    let seed = sheet::write_xlsx("T", &["Name".into()], &[vec![Cell::Text("x".into())]])
        .expect("seed workbook");
    let mut zip = zip::ZipArchive::new(Cursor::new(seed)).expect("seed zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("part");
        let name = f.name().expect("name").into_owned();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).expect("read part");
        out.start_file(name.as_str(), opts).expect("start");
        let body = if name == "xl/worksheets/sheet1.xml" { sheet_xml } else { &data };
        out.write_all(body).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = sheet::read(&workbook(data)) {
        assert!(s.rows.len() <= sheet::MAX_ROWS);
        assert!(s.headers.len() <= sheet::MAX_COLUMNS);
        assert!(s.rows.iter().all(|(_, r)| r.len() <= sheet::MAX_COLUMNS));
    }
});
