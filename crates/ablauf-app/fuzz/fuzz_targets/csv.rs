//! Fuzz the CSV reader: any bytes that do not start like a zip or an old
//! Excel file. A read never panics and never returns more than the limits.
#![no_main]

use ablauf_app::sheet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"PK") || data.starts_with(&[0xD0, 0xCF]) {
        return;
    }
    if let Ok(s) = sheet::read(data) {
        assert!(s.rows.len() <= sheet::MAX_ROWS);
        assert!(s.headers.len() <= sheet::MAX_COLUMNS);
        assert!(s.rows.iter().all(|(_, r)| r.len() <= sheet::MAX_COLUMNS));
    }
});
