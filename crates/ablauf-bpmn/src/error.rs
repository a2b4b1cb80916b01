//! Read errors with position and a German and an English message.

use std::fmt;

/// What went wrong while reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// Not well-formed XML (or not namespace-well-formed).
    Malformed,
    /// Not UTF-8.
    Encoding,
    /// A DOCTYPE declaration: refused to rule out entity expansion and XXE.
    Doctype,
    /// Input larger than [`crate::ReadOptions::max_bytes`].
    TooLarge,
    /// Nesting deeper than [`crate::ReadOptions::max_depth`].
    TooDeep,
    /// Well-formed XML, but the root is not `bpmn:definitions`.
    NotBpmn,
}

impl ErrorKind {
    /// Stable code for logs, APIs and tests.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Malformed => "xml-malformed",
            ErrorKind::Encoding => "xml-encoding",
            ErrorKind::Doctype => "xml-doctype",
            ErrorKind::TooLarge => "input-too-large",
            ErrorKind::TooDeep => "input-too-deep",
            ErrorKind::NotBpmn => "not-bpmn",
        }
    }
}

/// An input error with 1-based line and column (column counted in bytes, as
/// for findings, so both point at the same place in any editor that counts bytes).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ReadError {
    pub kind: ErrorKind,
    pub line: u32,
    pub column: u32,
    /// Byte offset in the input.
    pub offset: usize,
    pub message_de: String,
    pub message_en: String,
}

impl ReadError {
    pub(crate) fn new(
        kind: ErrorKind,
        input: &[u8],
        offset: usize,
        message_de: String,
        message_en: String,
    ) -> Self {
        let (line, column) = line_col(input, offset);
        ReadError {
            kind,
            line,
            column,
            offset,
            message_de,
            message_en,
        }
    }
}

/// 1-based line and column of a byte offset; only computed on the error path.
pub fn line_col(input: &[u8], offset: usize) -> (u32, u32) {
    let offset = offset.min(input.len());
    let before = &input[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line as u32, col as u32)
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {} / {} [{}]",
            self.line,
            self.column,
            self.message_de,
            self.message_en,
            self.kind.code()
        )
    }
}

impl std::error::Error for ReadError {}
