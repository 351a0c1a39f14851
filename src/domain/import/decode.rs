//! Bytes into text: which of the accepted encodings a file is in (UTF-8 with or without BOM, or
//! Windows-1250, what Polish Excel saves), and a reader that yields it as UTF-8. The whole file is
//! looked at once, streaming, before any row is read: a file is one encoding throughout.

use std::io::{self, Read};

use encoding_rs::{CoderResult, DecoderResult, UTF_8, WINDOWS_1250};

use super::FileProblem;

/// The encoding of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8; `bom`: it starts with a byte order mark.
    Utf8 {
        /// Starts with EF BB BF.
        bom: bool,
    },
    /// Windows-1250 (Central European, Polish Excel's "CSV").
    Windows1250,
}

/// Bytes of Windows-1250 that name no character (WHATWG maps them to C1 controls).
const UNDEFINED_1250: [u8; 5] = [0x81, 0x83, 0x88, 0x90, 0x98];

/// Reads the whole of `source` once and says which encoding it is in: UTF-8 if every byte reads
/// as UTF-8, else Windows-1250. Refuses a file over `max_bytes`, an empty one (nothing but a BOM
/// and white space) and a binary one (a NUL byte or another control character, or bytes that are
/// neither UTF-8 nor Windows-1250 text).
pub fn sniff(mut source: impl Read, max_bytes: u64) -> Result<Encoding, Sniffed> {
    let mut decoder = UTF_8.new_decoder_without_bom_handling();
    let mut utf8 = true;
    let mut undefined_1250 = false;
    let mut non_ws: u64 = 0;
    let mut total: u64 = 0;
    let mut first = [0u8; 3];
    let mut buf = vec![0u8; 64 * 1024];
    let mut scratch = vec![0u8; 3 * 64 * 1024 + 16];
    loop {
        let n = source.read(&mut buf).map_err(Sniffed::Io)?;
        if n == 0 {
            break;
        }
        let chunk = &buf[..n];
        for (i, b) in chunk.iter().enumerate() {
            let at = total + i as u64;
            if at < 3 {
                first[at as usize] = *b;
            }
        }
        total += n as u64;
        if total > max_bytes {
            return Err(Sniffed::Problem(FileProblem::TooLarge { max: max_bytes }));
        }
        if chunk
            .iter()
            .any(|b| *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        {
            return Err(Sniffed::Problem(FileProblem::Binary));
        }
        undefined_1250 |= chunk.iter().any(|b| UNDEFINED_1250.contains(b));
        non_ws += chunk.iter().filter(|b| !b.is_ascii_whitespace()).count() as u64;
        if utf8 {
            let (result, _, _) =
                decoder.decode_to_utf8_without_replacement(chunk, &mut scratch, false);
            utf8 = !matches!(result, DecoderResult::Malformed(..));
        }
    }
    if utf8 {
        let (result, _, _) = decoder.decode_to_utf8_without_replacement(&[], &mut scratch, true);
        utf8 = !matches!(result, DecoderResult::Malformed(..));
    }
    let bom = total >= 3 && first == [0xEF, 0xBB, 0xBF];
    // Only a BOM and white space is empty too.
    if non_ws <= if bom { 3 } else { 0 } {
        return Err(Sniffed::Problem(FileProblem::Empty));
    }
    match (utf8, undefined_1250) {
        (true, _) => Ok(Encoding::Utf8 { bom }),
        (false, false) => Ok(Encoding::Windows1250),
        (false, true) => Err(Sniffed::Problem(FileProblem::Binary)),
    }
}

/// Why [`sniff`] stopped.
#[derive(Debug)]
pub enum Sniffed {
    /// The file is refused.
    Problem(FileProblem),
    /// It could not be read.
    Io(io::Error),
}

/// Yields `inner`'s text as UTF-8 (without a BOM).
pub struct Utf8Reader<R> {
    inner: R,
    encoding: Encoding,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    skip_bom: bool,
}

impl<R: Read> Utf8Reader<R> {
    /// A reader of `inner`, in `encoding`.
    pub fn new(inner: R, encoding: Encoding) -> Self {
        Self {
            inner,
            encoding,
            decoder: WINDOWS_1250.new_decoder_without_bom_handling(),
            input: vec![0u8; 64 * 1024],
            start: 0,
            end: 0,
            eof: false,
            skip_bom: matches!(encoding, Encoding::Utf8 { bom: true }),
        }
    }
}

impl<R: Read> Read for Utf8Reader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.skip_bom {
            self.skip_bom = false;
            let mut bom = [0u8; 3];
            self.inner.read_exact(&mut bom)?;
        }
        if let Encoding::Utf8 { .. } = self.encoding {
            return self.inner.read(out);
        }
        if out.len() < 4 {
            // Room for at least one decoded character (Windows-1250 decodes to at most 3 bytes).
            let mut tmp = [0u8; 4];
            let n = self.read(&mut tmp)?;
            let n = n.min(out.len());
            out[..n].copy_from_slice(&tmp[..n]);
            return Ok(n);
        }
        loop {
            if self.start == self.end && !self.eof {
                self.end = self.inner.read(&mut self.input)?;
                self.start = 0;
                self.eof = self.end == 0;
            }
            let (result, read, written, _) =
                self.decoder
                    .decode_to_utf8(&self.input[self.start..self.end], out, self.eof);
            self.start += read;
            if written > 0 || self.eof {
                return Ok(written);
            }
            if result == CoderResult::OutputFull {
                return Ok(written);
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> String {
        let enc = sniff(bytes, 1 << 20).ok().unwrap();
        let mut s = String::new();
        Utf8Reader::new(bytes, enc).read_to_string(&mut s).unwrap();
        s
    }

    #[test]
    fn each_accepted_encoding_reads_as_utf8() {
        assert_eq!(text("Łódź;x\n".as_bytes()), "Łódź;x\n");
        assert_eq!(text(b"\xEF\xBB\xBFa,b\n"), "a,b\n");
        // "Łódź" in Windows-1250.
        assert_eq!(text(b"\xA3\xF3d\x9F;x\n"), "Łódź;x\n");
        assert!(matches!(
            sniff(&b"a\0b"[..], 100),
            Err(Sniffed::Problem(FileProblem::Binary))
        ));
        assert!(matches!(
            sniff(&b"\xEF\xBB\xBF \r\n"[..], 100),
            Err(Sniffed::Problem(FileProblem::Empty))
        ));
        assert!(matches!(
            sniff(&b""[..], 100),
            Err(Sniffed::Problem(FileProblem::Empty))
        ));
        assert!(matches!(
            sniff(&b"abcdef"[..], 3),
            Err(Sniffed::Problem(FileProblem::TooLarge { max: 3 }))
        ));
        assert!(matches!(
            sniff(&b"\x81\x83\xff"[..], 100),
            Err(Sniffed::Problem(FileProblem::Binary))
        ));
    }
}
