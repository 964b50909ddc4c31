//! WARC files (ISO 28500: `.warc`, and `.warc.gz` compressed per record or whole) to
//! items. A `response` record (an HTTP response), a `resource` or a `conversion` record of
//! HTML or text is a document; a record of another status or media type is a skipped row
//! with the reason; `warcinfo`, `request`, `metadata` and `revisit` records hold no
//! document and give no row.
//!
//! Read here rather than with a WARC crate because every read is bounded: a header block
//! within `MAX_HEADER_BYTES`, a record's body within `MAX_INPUT_BYTES` (the rest skipped
//! and counted), so that a hostile or broken archive costs neither memory nor the run.

use std::io::{self, BufRead, Read};

use super::http;
use super::{read_line_capped, Fetched, Format, Item, Payload, MAX_INPUT_BYTES};

/// A record's header block is a few hundred bytes; more is not a WARC file.
const MAX_HEADER_BYTES: usize = 64 << 10;

/// The records of one WARC file, read one at a time.
pub struct WarcRecords {
    path: String,
    reader: Box<dyn BufRead + Send>,
    /// Records read so far.
    records: usize,
    /// Bytes read so far (of the decompressed stream), where the next record starts.
    offset: u64,
    /// The file cannot be read past a broken record.
    ended: bool,
}

/// A record's named fields, and where it starts.
struct Header {
    fields: Vec<(String, String)>,
    offset: u64,
}

impl Header {
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl WarcRecords {
    pub fn new(path: String, reader: Box<dyn BufRead + Send>) -> WarcRecords {
        WarcRecords {
            path,
            reader,
            records: 0,
            offset: 0,
            ended: false,
        }
    }

    /// The next item of the file, or `None` at its end.
    pub fn next_item(&mut self) -> Option<Item> {
        while !self.ended {
            let header = match self.read_header() {
                Ok(Some(h)) => h,
                Ok(None) => return None,
                Err(message) => return Some(self.broken(message)),
            };
            self.records += 1;
            let Some(length) = header
                .get("content-length")
                .and_then(|l| l.parse::<u64>().ok())
            else {
                return Some(self.broken("no Content-Length".into()));
            };
            let (block, complete) = match self.read_block(length) {
                Ok(read) => read,
                Err(e) => return Some(self.broken(format!("cannot read: {e}"))),
            };
            if !complete {
                self.ended = true;
                return Some(Item {
                    source: self.source_of(&header),
                    format: Format::Warc,
                    payload: Payload::Failed(format!(
                        "record at byte {}: cut short, the file ends inside it",
                        header.offset
                    )),
                    size: 0,
                });
            }
            let kind = header.get("warc-type").unwrap_or("").to_ascii_lowercase();
            if matches!(kind.as_str(), "response" | "resource" | "conversion") {
                return Some(self.document(&header, &kind, block, length));
            }
        }
        None
    }

    /// A row for a record that ends the reading of the file.
    fn broken(&mut self, message: String) -> Item {
        self.ended = true;
        Item {
            source: format!("{}#{}", self.path, self.records + 1),
            format: Format::Warc,
            payload: Payload::Failed(format!("record {}: {message}", self.records + 1)),
            size: 0,
        }
    }

    /// Reads a header block; `Ok(None)` at the end of the file.
    fn read_header(&mut self) -> Result<Option<Header>, String> {
        let mut line = Vec::new();
        // Records end with two line breaks; some writers add more.
        loop {
            line.clear();
            let n = read_line_capped(&mut self.reader, &mut line, MAX_HEADER_BYTES)
                .map_err(|e| format!("cannot read: {e}"))?;
            if n == 0 {
                return Ok(None);
            }
            self.offset += n as u64;
            if !line.iter().all(u8::is_ascii_whitespace) {
                break;
            }
        }
        let offset = self.offset - line.len() as u64;
        if !line.starts_with(b"WARC/") {
            let start = String::from_utf8_lossy(&line[..line.len().min(20)]).into_owned();
            return Err(format!("at byte {offset}: not a WARC record ({start:?})"));
        }
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut size = line.len();
        loop {
            line.clear();
            let n = read_line_capped(&mut self.reader, &mut line, MAX_HEADER_BYTES)
                .map_err(|e| format!("cannot read: {e}"))?;
            self.offset += n as u64;
            size += n;
            if n == 0 || size > MAX_HEADER_BYTES {
                return Err(format!("at byte {offset}: header block not ended"));
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                return Ok(Some(Header { fields, offset }));
            }
            match (
                text.starts_with([' ', '\t']),
                fields.last_mut(),
                text.split_once(':'),
            ) {
                (true, Some((_, value)), _) => {
                    value.push(' ');
                    value.push_str(text.trim());
                }
                (_, _, Some((name, value))) => {
                    fields.push((name.trim().to_string(), value.trim().to_string()))
                }
                _ => return Err(format!("at byte {offset}: header line without a name")),
            }
        }
    }

    /// Reads a block of `length` bytes, keeping at most `MAX_INPUT_BYTES`: the bytes kept
    /// and whether the whole block was there.
    fn read_block(&mut self, length: u64) -> io::Result<(Vec<u8>, bool)> {
        let keep = length.min(MAX_INPUT_BYTES as u64);
        let mut block = Vec::with_capacity(keep as usize);
        (&mut self.reader).take(keep).read_to_end(&mut block)?;
        let skipped = io::copy(&mut (&mut self.reader).take(length - keep), &mut io::sink())?;
        let read = block.len() as u64 + skipped;
        self.offset += read;
        Ok((block, read == length))
    }

    /// `path#<record id>`, or `path#<record number>` without an id.
    fn source_of(&self, header: &Header) -> String {
        let id = header
            .get("warc-record-id")
            .map(|id| id.trim_matches(['<', '>']).to_string())
            .unwrap_or_else(|| self.records.to_string());
        format!("{}#{id}", self.path)
    }

    /// The item of a record that may hold a document.
    fn document(&self, header: &Header, kind: &str, block: Vec<u8>, length: u64) -> Item {
        let source = self.source_of(header);
        let skipped = |reason: String| Item {
            source: source.clone(),
            format: Format::Other,
            payload: Payload::Skipped(reason),
            size: 0,
        };
        let (record_type, _) = http::content_type(header.get("content-type"));
        let is_http = record_type
            .as_deref()
            .is_some_and(|t| t.starts_with("application/http"));
        let (media_type, charset, body) = if kind == "response" && is_http {
            match http::parse(&block) {
                Ok(r) if r.status != 200 => return skipped(format!("HTTP status {}", r.status)),
                Ok(r) => (r.media_type, r.charset, r.body),
                Err(message) => {
                    return Item {
                        payload: Payload::Failed(message),
                        ..skipped(String::new())
                    }
                }
            }
        } else if kind == "response" {
            let t = record_type.unwrap_or_else(|| "no type".into());
            return skipped(format!("a response record of {t}, not HTTP"));
        } else {
            let (media, charset) = http::content_type(header.get("content-type"));
            (media, charset, block)
        };
        let format = match media_type.as_deref() {
            Some("text/html" | "application/xhtml+xml") => Format::Html,
            Some("text/plain") => Format::Text,
            Some(other) => return skipped(format!("media type {other}, not HTML or text")),
            None if body.trim_ascii_start().starts_with(b"<") => Format::Html,
            None => Format::Text,
        };
        Item {
            source,
            format,
            size: length as usize,
            payload: Payload::Fetched(Fetched {
                bytes: body,
                cut_from: (length > MAX_INPUT_BYTES as u64).then_some(length),
                charset,
                url: header.get("warc-target-uri").map(str::to_string),
                fetched: header.get("warc-date").map(str::to_string),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, id: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\n\
             WARC-Target-URI: https://example.vn/{id}\r\nWARC-Date: 2024-03-05T10:20:30Z\r\n\
             Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn items(bytes: Vec<u8>) -> Vec<Item> {
        let mut records = WarcRecords::new("a.warc".into(), Box::new(io::Cursor::new(bytes)));
        std::iter::from_fn(|| records.next_item()).collect()
    }

    fn summary(items: &[Item]) -> Vec<(String, &'static str, String)> {
        items
            .iter()
            .map(|i| {
                let what = match &i.payload {
                    Payload::Fetched(f) => String::from_utf8_lossy(&f.bytes).into_owned(),
                    Payload::Skipped(r) | Payload::Failed(r) => r.clone(),
                    other => format!("{other:?}"),
                };
                (i.source.clone(), i.format.name(), what)
            })
            .collect()
    }

    #[test]
    fn documents_skipped_records_and_records_without_rows() {
        let http = |status: &str, ctype: &str, body: &str| {
            format!("HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n\r\n{body}").into_bytes()
        };
        let mut warc = record(
            "warcinfo",
            "0",
            "application/warc-fields",
            b"software: x\r\n",
        );
        let page = http("200 OK", "text/html; charset=utf-8", "<p>12 tập thể</p>");
        warc.extend(record(
            "request",
            "1",
            "application/http; msgtype=request",
            b"GET / HTTP/1.1\r\n\r\n",
        ));
        warc.extend(record(
            "response",
            "2",
            "application/http; msgtype=response",
            &page,
        ));
        let missing = http("404 Not Found", "text/html", "gone");
        warc.extend(record(
            "response",
            "3",
            "application/http; msgtype=response",
            &missing,
        ));
        let image = http("200 OK", "image/png", "\u{89}PNG");
        warc.extend(record(
            "response",
            "4",
            "application/http; msgtype=response",
            &image,
        ));
        warc.extend(record(
            "resource",
            "5",
            "text/plain",
            "54 cá nhân".as_bytes(),
        ));
        warc.extend(record(
            "metadata",
            "6",
            "application/warc-fields",
            b"via: x\r\n",
        ));
        let got = summary(&items(warc));
        let want = [
            ("a.warc#urn:uuid:2", "html", "<p>12 tập thể</p>"),
            ("a.warc#urn:uuid:3", "other", "HTTP status 404"),
            (
                "a.warc#urn:uuid:4",
                "other",
                "media type image/png, not HTML or text",
            ),
            ("a.warc#urn:uuid:5", "text", "54 cá nhân"),
        ]
        .map(|(s, f, w)| (s.to_string(), f, w.to_string()));
        assert_eq!(got, want);
    }

    #[test]
    fn a_record_keeps_its_url_time_and_charset() {
        let page =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1258\r\n\r\n<p>x</p>";
        let item = items(record(
            "response",
            "7",
            "application/http; msgtype=response",
            page,
        ))
        .remove(0);
        let Payload::Fetched(f) = item.payload else {
            panic!("{:?}", item.payload)
        };
        assert_eq!(
            (f.url.as_deref(), f.fetched.as_deref(), f.charset.as_deref()),
            (
                Some("https://example.vn/7"),
                Some("2024-03-05T10:20:30Z"),
                Some("windows-1258")
            )
        );
    }

    #[test]
    fn a_broken_file_ends_with_a_row_naming_the_record() {
        let mut warc = record("resource", "1", "text/plain", "12 hộ".as_bytes());
        let at = warc.len();
        warc.extend(b"<html>not a record</html>\r\n");
        let got = summary(&items(warc));
        assert_eq!(got[1].0, "a.warc#2");
        let want = format!("record 2: at byte {at}: not a WARC record (\"<html>not a record</\")");
        assert_eq!(got[1].2, want);
        let mut cut = record(
            "resource",
            "1",
            "text/plain",
            b"12 h\xe1\xbb\x99 gia \xc4\x91\xc3\xacnh",
        );
        cut.truncate(cut.len() - 10);
        let got = summary(&items(cut));
        assert_eq!(got.len(), 1);
        assert!(
            got[0].2.starts_with("record at byte 0: cut short"),
            "{:?}",
            got[0]
        );
        // A record that holds no document still says the file was cut.
        let mut request = record(
            "request",
            "9",
            "application/http",
            b"GET / HTTP/1.1\r\n\r\n",
        );
        request.truncate(request.len() - 8);
        let got = summary(&items(request));
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "a.warc#urn:uuid:9");
        assert!(
            got[0].2.starts_with("record at byte 0: cut short"),
            "{:?}",
            got[0]
        );
        let endless = b"WARC/1.1\r\n"
            .iter()
            .chain(&[b'x'; 70_000])
            .copied()
            .collect();
        let got = summary(&items(endless));
        assert_eq!(got[0].2, "record 1: at byte 0: header block not ended");
    }
}
