//! Rows out of the text: the separator (comma or semicolon, as the header row uses), the header
//! row read into a [`Layout`], then records a chunk at a time, by the `csv` crate.

use std::io::{self, BufRead, BufReader, Read};

use super::headers::{self, Column, HeaderProblem, Layout};
use super::{CHUNK_ROWS, FileProblem, ImportKind, Report};
use crate::i18n::Msg;

/// The rows of a file.
pub struct Rows<R: Read> {
    reader: csv::Reader<BufReader<R>>,
    /// The columns.
    pub layout: Layout,
    record: csv::StringRecord,
    done: bool,
}

/// Why a file's rows cannot be read at all.
pub enum Opened {
    /// The file is refused.
    Problem(FileProblem),
    /// It could not be read.
    Io(io::Error),
}

/// The separator the first line uses most: `;` (Polish Excel) or `,`.
fn separator(first_line: &[u8]) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for b in first_line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

impl<R: Read> Rows<R> {
    /// Reads the header row of `text` (UTF-8).
    pub fn open(text: R, kind: ImportKind) -> Result<Self, Opened> {
        let mut buffered = BufReader::with_capacity(64 * 1024, text);
        let start = buffered.fill_buf().map_err(Opened::Io)?;
        let first_line = start.split(|b| *b == b'\n').next().unwrap_or(start);
        let delimiter = separator(first_line);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .trim(csv::Trim::All)
            .has_headers(true)
            .from_reader(buffered);
        let header = match reader.headers() {
            Ok(header) => header.clone(),
            Err(e) => {
                return Err(match e.into_kind() {
                    csv::ErrorKind::Io(e) => Opened::Io(e),
                    _ => Opened::Problem(FileProblem::Binary),
                });
            }
        };
        let layout = headers::read_header(kind, header.iter()).map_err(|p| {
            Opened::Problem(match p {
                HeaderProblem::Unknown(c) => FileProblem::UnknownColumns(c),
                HeaderProblem::Missing(c) => FileProblem::MissingColumns(c),
            })
        })?;
        Ok(Self {
            reader,
            layout,
            record: csv::StringRecord::new(),
            done: false,
        })
    }

    /// The next rows, up to [`CHUNK_ROWS`], each with its line; empty at the end. A row with the
    /// wrong number of fields is refused in `report` rather than returned; blank lines are
    /// skipped.
    pub fn next_chunk(&mut self, report: &mut Report) -> io::Result<Vec<Row>> {
        let mut chunk = Vec::new();
        while !self.done && chunk.len() < CHUNK_ROWS {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => self.done = true,
                Ok(true) => {
                    let line = self.record.position().map_or(0, csv::Position::line);
                    if self.record.iter().all(str::is_empty) {
                        continue;
                    }
                    report.rows += 1;
                    if self.record.len() != self.layout.width {
                        report.refuse(
                            line,
                            Msg::new("import-row-width")
                                .arg("found", self.record.len())
                                .arg("expected", self.layout.width),
                        );
                        continue;
                    }
                    chunk.push(Row {
                        line,
                        fields: self.record.clone(),
                    });
                }
                Err(e) => {
                    let line = e.position().map_or(0, csv::Position::line);
                    match e.into_kind() {
                        csv::ErrorKind::Io(e) => return Err(e),
                        _ => {
                            report.rows += 1;
                            report.refuse(line, Msg::new("import-row-unreadable"));
                        }
                    }
                }
            }
        }
        Ok(chunk)
    }
}

/// One row of the file.
pub struct Row {
    /// Its line (the header is line 1).
    pub line: u64,
    fields: csv::StringRecord,
}

impl Row {
    /// The field of `column`; empty when the file has no such (optional) column.
    pub fn get<'r>(&'r self, layout: &Layout, column: Column) -> &'r str {
        layout
            .index(column)
            .and_then(|i| self.fields.get(i))
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_header_row_chooses_the_separator() {
        assert_eq!(super::separator(b"Nazwa firmy;Domena;\"a,b\""), b';');
        assert_eq!(super::separator(b"Company name,Primary domain"), b',');
    }
}
