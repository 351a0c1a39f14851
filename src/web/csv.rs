//! CSV for people's spreadsheets: RFC 4180 (quoted where needed, CRLF line ends) written by the
//! `csv` crate, and every cell that a spreadsheet would read as a formula neutralized first.

use std::borrow::Cow;

use crate::error::AppError;

/// A value that a spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, tab
/// or CR) with a leading `'`, which spreadsheets show as text; any other value unchanged. The
/// CSV quoting comes after, around the guarded value.
pub fn formula_safe(value: &str) -> Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// A piece of a CSV document (say, one chunk of a streamed export), written line by line.
pub struct CsvBuf {
    out: ::csv::Writer<Vec<u8>>,
}

impl CsvBuf {
    /// An empty piece with room for about `bytes`.
    pub fn with_capacity(bytes: usize) -> Self {
        Self {
            out: ::csv::WriterBuilder::new()
                .terminator(::csv::Terminator::CRLF)
                .quote_style(::csv::QuoteStyle::Necessary)
                .from_writer(Vec::with_capacity(bytes)),
        }
    }

    /// The next cell of the current line, guarded by [`formula_safe`].
    pub fn cell(&mut self, value: &str) -> Result<(), AppError> {
        self.out
            .write_field(formula_safe(value).as_bytes())
            .map_err(csv_error)
    }

    /// Ends the current line.
    pub fn end_line(&mut self) -> Result<(), AppError> {
        self.out.write_record(None::<&[u8]>).map_err(csv_error)
    }

    /// A whole line of cells.
    pub fn line<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> Result<(), AppError> {
        for cell in cells {
            self.cell(cell)?;
        }
        self.end_line()
    }

    /// The bytes written.
    pub fn into_bytes(self) -> Result<Vec<u8>, AppError> {
        self.out
            .into_inner()
            .map_err(|e| AppError::Internal(anyhow::anyhow!("CSV buffer: {}", e.error())))
    }
}

fn csv_error(e: ::csv::Error) -> AppError {
    AppError::Internal(anyhow::Error::new(e).context("writing CSV"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn lines(cells: &[&[&str]]) -> String {
        let mut csv = CsvBuf::with_capacity(64);
        for line in cells {
            csv.line(line.iter().copied()).unwrap();
        }
        String::from_utf8(csv.into_bytes().unwrap()).unwrap()
    }

    /// One cell as written among others (a line of one empty cell is written `""`, as RFC 4180
    /// needs to tell it from no line).
    fn csv_cell(value: &str) -> String {
        let line = lines(&[&[value, "x"]]);
        line.strip_suffix(",x\r\n").expect("one line").to_owned()
    }

    #[test]
    fn plain_cells_pass_unchanged() {
        assert_eq!(csv_cell(""), "");
        assert_eq!(csv_cell("Contoso Distribution"), "Contoso Distribution");
        assert_eq!(csv_cell("Zażółć Sp. z o.o."), "Zażółć Sp. z o.o.");
        assert_eq!(csv_cell("a=b"), "a=b");
    }

    #[test]
    fn cells_with_separators_are_quoted_with_doubled_quotes() {
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(csv_cell("cr\rhere"), "\"cr\rhere\"");
        assert_eq!(
            csv_cell("Acme, \"Quoted\"\nInc"),
            "\"Acme, \"\"Quoted\"\"\nInc\""
        );
    }

    #[test]
    fn formula_like_cells_are_neutralized_inside_the_quoting() {
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("+48 22 000"), "'+48 22 000");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("\rx"), "\"'\rx\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("=a,b"), "\"'=a,b\"");
    }

    #[test]
    fn lines_join_cells_and_end_with_crlf() {
        assert_eq!(lines(&[&["a", "b,c", ""]]), "a,\"b,c\",\r\n");
        assert_eq!(lines(&[&["a"], &["b"]]), "a\r\nb\r\n");
    }
}
