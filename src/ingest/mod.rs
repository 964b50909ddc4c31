//! Inputs to a stream of items, one per document, in a deterministic order.
//!
//! Files and folders (walked recursively, names sorted): `.txt`, `.html`/`.htm`, either with
//! `.gz`, and JSON Lines archives (`.jsonl`, `.ndjson`, `.jsonl.gz`, `.ndjson.gz`) whose
//! objects carry `text` or `html` and optionally `id`, `url`, `title`, `published`. `-` reads
//! JSON Lines from standard input. Anything else still yields an item, skipped or failed,
//! so that every input gets a `documents` row.
//!
//! Memory stays bounded whatever an input's size or compression ratio: a file is read up to
//! `MAX_INPUT_BYTES` and a JSON Lines record up to the same, the rest skipped and counted.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;

mod http;
mod warc;

use warc::WarcRecords;

/// The form of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    JsonLines,
    Warc,
    Other,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::JsonLines => "jsonl",
            Format::Warc => "warc",
            Format::Other => "other",
        }
    }
}

/// A JSON Lines record's fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    pub text: Option<String>,
    pub html: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    /// The district and province the record says it is about.
    pub district: Option<String>,
    pub province: Option<String>,
    /// How the line was decoded when it was not valid UTF-8 (its strings were read from
    /// that decoding, bad bytes as U+FFFD).
    pub encoding: Option<String>,
}

/// No article needs more: a file or record beyond it is a dump or a trap (the text itself
/// is then cut to `pipeline::MAX_TEXT_BYTES`). HTML around a long text fits well within.
pub const MAX_INPUT_BYTES: usize = 16 << 20;

#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// A whole file's bytes, decompressed.
    Bytes(Vec<u8>),
    /// The first `MAX_INPUT_BYTES` of a longer file, and how long it was.
    Cut {
        bytes: Vec<u8>,
        total: u64,
    },
    Record(Record),
    /// A page or text an archive fetched (a WARC record).
    Fetched(Fetched),
    /// Not a form the tool reads: the reason.
    Skipped(String),
    /// Could not be read: the message.
    Failed(String),
}

/// A page or text as a web archive holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched {
    /// The body, its transfer and content codings undone, within `MAX_INPUT_BYTES`.
    pub bytes: Vec<u8>,
    /// The record's length when it was read in part (over `MAX_INPUT_BYTES`).
    pub cut_from: Option<u64>,
    /// The charset the server declared.
    pub charset: Option<String>,
    pub url: Option<String>,
    /// When the archive fetched it (`WARC-Date`, UTC).
    pub fetched: Option<String>,
}

/// One document to process.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The path as given, or the archive path with `#id` (or `:line`) of the record.
    pub source: String,
    pub format: Format,
    pub payload: Payload,
    /// Bytes read for it (for progress).
    pub size: usize,
}

/// The form of a file from its name, and whether it is gzip-compressed.
pub fn classify(path: &Path) -> (Format, bool) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let (stem, gz) = match name.strip_suffix(".gz") {
        Some(s) => (s.to_string(), true),
        None => (name, false),
    };
    let format = match stem.rsplit_once('.').map(|(_, e)| e) {
        Some("txt" | "text") => Format::Text,
        Some("html" | "htm" | "xhtml") => Format::Html,
        Some("jsonl" | "ndjson") => Format::JsonLines,
        Some("warc") => Format::Warc,
        _ => Format::Other,
    };
    (format, gz)
}

enum Source {
    Path(PathBuf),
    Stdin,
    /// What walking a folder found instead of a file: an unreadable entry, a link loop.
    Found(Box<Item>),
}

struct LineReader {
    source: String,
    reader: Box<dyn BufRead + Send>,
    line: usize,
}

/// A file of many documents being read.
enum Archive {
    Lines(LineReader),
    Warc(WarcRecords),
}

/// The stream of items of a run's inputs.
pub struct Inputs {
    queue: VecDeque<Source>,
    current: Option<Archive>,
}

/// The files below `dir`, names sorted, hidden ones left out, each folder walked once:
/// links are followed, but not back into a folder being walked. An entry that cannot be
/// read, or a link loop, becomes a row of its own.
fn walk(dir: &Path, out: &mut VecDeque<Source>) {
    let hidden =
        |e: &walkdir::DirEntry| e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !hidden(e));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => out.push_back(Source::Path(e.into_path())),
            Err(e) => {
                let path = e.path().unwrap_or(dir).display().to_string();
                let payload = match e.loop_ancestor() {
                    Some(a) => {
                        Payload::Skipped(format!("a link back to {}: walked once", a.display()))
                    }
                    None => Payload::Failed(format!(
                        "cannot read: {}",
                        e.io_error().map_or(e.to_string(), |io| io.to_string())
                    )),
                };
                out.push_back(Source::Found(Box::new(Item {
                    source: path,
                    format: Format::Other,
                    payload,
                    size: 0,
                })));
            }
        }
    }
}

impl Inputs {
    /// Expands folders; a missing input is kept so that it yields a failed item.
    pub fn new(inputs: &[PathBuf]) -> Inputs {
        let mut queue = VecDeque::new();
        for input in inputs {
            if input.as_os_str() == "-" {
                queue.push_back(Source::Stdin);
            } else if input.is_dir() {
                walk(input, &mut queue);
            } else {
                queue.push_back(Source::Path(input.clone()));
            }
        }
        Inputs {
            queue,
            current: None,
        }
    }

    fn open(path: &Path, gz: bool) -> io::Result<Box<dyn Read + Send>> {
        let f = File::open(path)?;
        Ok(if gz {
            Box::new(MultiGzDecoder::new(f))
        } else {
            Box::new(f)
        })
    }

    fn file_item(path: &Path) -> Option<Item> {
        let source = path.display().to_string();
        let (format, gz) = classify(path);
        let fail = |format, msg: String| Item {
            source: source.clone(),
            format,
            payload: Payload::Failed(msg),
            size: 0,
        };
        match format {
            Format::Other => {
                let reason = if path.exists() {
                    "not a form the tool reads (.txt, .html, .jsonl, .warc, optionally .gz)"
                } else {
                    "no such file"
                };
                let payload = if path.exists() {
                    Payload::Skipped(reason.into())
                } else {
                    Payload::Failed(reason.into())
                };
                Some(Item {
                    source,
                    format,
                    payload,
                    size: 0,
                })
            }
            Format::JsonLines | Format::Warc => None,
            _ => match Self::open(path, gz).and_then(read_capped) {
                Ok((bytes, total)) => Some(Item {
                    source,
                    format,
                    size: bytes.len(),
                    payload: if total > bytes.len() as u64 {
                        Payload::Cut { bytes, total }
                    } else {
                        Payload::Bytes(bytes)
                    },
                }),
                Err(e) => Some(fail(format, format!("cannot read: {e}"))),
            },
        }
    }

    fn next_record(&mut self) -> Option<Item> {
        let cur = match self.current.as_mut()? {
            Archive::Lines(lines) => lines,
            Archive::Warc(records) => {
                let item = records.next_item();
                if item.is_none() {
                    self.current = None;
                }
                return item;
            }
        };
        let mut buf = Vec::new();
        loop {
            buf.clear();
            cur.line += 1;
            match read_line_capped(&mut cur.reader, &mut buf, MAX_INPUT_BYTES) {
                Ok(0) => {
                    self.current = None;
                    return None;
                }
                Ok(n) if n > buf.len() => {
                    let mb = n as f64 / f64::from(1 << 20);
                    let limit = MAX_INPUT_BYTES >> 20;
                    return Some(Item {
                        source: format!("{}:{}", cur.source, cur.line),
                        format: Format::JsonLines,
                        payload: Payload::Failed(format!(
                            "line {}: a record of {mb:.1} MB, over the limit of {limit} MB: not read",
                            cur.line
                        )),
                        size: buf.len(),
                    });
                }
                Ok(n) => {
                    if buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(parse_record(&cur.source, cur.line, &buf, n));
                }
                Err(e) => {
                    let item = Item {
                        source: format!("{}:{}", cur.source, cur.line),
                        format: Format::JsonLines,
                        payload: Payload::Failed(format!("line {}: cannot read: {e}", cur.line)),
                        size: 0,
                    };
                    self.current = None;
                    return Some(item);
                }
            }
        }
    }
}

/// Reads up to `MAX_INPUT_BYTES`, then skips the rest, counting it: the bytes and the
/// length of the whole.
fn read_capped(reader: impl Read) -> io::Result<(Vec<u8>, u64)> {
    let mut reader = reader;
    let mut bytes = Vec::new();
    reader
        .by_ref()
        .take(MAX_INPUT_BYTES as u64)
        .read_to_end(&mut bytes)?;
    let total = bytes.len() as u64 + io::copy(&mut reader, &mut io::sink())?;
    Ok((bytes, total))
}

/// Reads a line into `buf` (its newline included) keeping at most `cap` bytes, and skips
/// the rest of a longer one; the length of the whole line (0 at the end).
fn read_line_capped(reader: &mut dyn BufRead, buf: &mut Vec<u8>, cap: usize) -> io::Result<usize> {
    let mut total = 0;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(total);
        }
        let (used, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let room = cap.saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..used.min(room)]);
        reader.consume(used);
        total += used;
        if done {
            return Ok(total);
        }
    }
}

/// The first of `keys` that holds a string or a number; a string is moved out, not copied
/// (each field is read once, under keys no other field has).
fn string_field(v: &mut serde_json::Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match v.get_mut(*k)? {
        serde_json::Value::String(s) => Some(std::mem::take(s)),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

fn parse_record(source: &str, line: usize, bytes: &[u8], size: usize) -> Item {
    let fail = |msg: String| Item {
        source: format!("{source}:{line}"),
        format: Format::JsonLines,
        payload: Payload::Failed(format!("line {line}: {msg}")),
        size,
    };
    // A line that is not UTF-8 (a bad byte, a legacy encoding) is decoded like a file, so
    // that one byte does not cost the record.
    let (parsed, encoding) = match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => (serde_json::from_str(s), None),
        Err(_) => {
            let decoded = crate::decode::decode(bytes, false);
            (serde_json::from_str(&decoded.text), Some(decoded.encoding))
        }
    };
    let mut value: serde_json::Value = match parsed {
        Ok(v) => v,
        Err(e) => return fail(format!("not JSON: {e}")),
    };
    if !value.is_object() {
        return fail("not a JSON object".into());
    }
    let id = string_field(&mut value, &["id", "doc_id"]);
    let record = Record {
        text: string_field(&mut value, &["text", "content", "body"]),
        html: string_field(&mut value, &["html"]),
        title: string_field(&mut value, &["title"]),
        published: string_field(
            &mut value,
            &["published", "date", "published_at", "datePublished"],
        ),
        url: string_field(&mut value, &["url"]),
        district: string_field(&mut value, &["district"]),
        province: string_field(&mut value, &["province"]),
        encoding,
    };
    let source = match id {
        Some(id) => format!("{source}#{id}"),
        None => format!("{source}:{line}"),
    };
    if record.text.is_none() && record.html.is_none() {
        return Item {
            source,
            format: Format::JsonLines,
            payload: Payload::Failed(format!("line {line}: no `text` or `html` field")),
            size,
        };
    }
    Item {
        source,
        format: Format::JsonLines,
        payload: Payload::Record(record),
        size,
    }
}

impl Iterator for Inputs {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if self.current.is_some() {
                if let Some(item) = self.next_record() {
                    return Some(item);
                }
                continue;
            }
            match self.queue.pop_front()? {
                Source::Found(item) => return Some(*item),
                Source::Stdin => {
                    self.current = Some(Archive::Lines(LineReader {
                        source: "-".into(),
                        reader: Box::new(BufReader::new(io::stdin())),
                        line: 0,
                    }));
                }
                Source::Path(path) => {
                    let (format, gz) = classify(&path);
                    if !matches!(format, Format::JsonLines | Format::Warc) {
                        return Self::file_item(&path);
                    }
                    match Self::open(&path, gz) {
                        Ok(r) => {
                            let source = path.display().to_string();
                            let reader = Box::new(BufReader::with_capacity(1 << 20, r));
                            self.current = Some(if format == Format::Warc {
                                Archive::Warc(WarcRecords::new(source, reader))
                            } else {
                                Archive::Lines(LineReader {
                                    source,
                                    reader,
                                    line: 0,
                                })
                            });
                        }
                        Err(e) => {
                            return Some(Item {
                                source: path.display().to_string(),
                                format,
                                payload: Payload::Failed(format!("cannot read: {e}")),
                                size: 0,
                            })
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_names() {
        assert_eq!(classify(Path::new("a/B.HTML.gz")), (Format::Html, true));
        assert_eq!(classify(Path::new("x.jsonl.gz")), (Format::JsonLines, true));
        assert_eq!(classify(Path::new("x.txt")), (Format::Text, false));
        assert_eq!(classify(Path::new("crawl.WARC.gz")), (Format::Warc, true));
        assert_eq!(classify(Path::new("MANIFEST.tsv")), (Format::Other, false));
    }

    #[test]
    fn long_lines_are_skipped_and_measured() {
        let long = MAX_INPUT_BYTES + 10;
        let data = [vec![b'x'; long], b"\n{}\n".to_vec()].concat();
        let mut reader = BufReader::with_capacity(1 << 16, data.as_slice());
        let mut buf = Vec::new();
        assert_eq!(
            read_line_capped(&mut reader, &mut buf, MAX_INPUT_BYTES).unwrap(),
            long + 1
        );
        assert_eq!(buf.len(), MAX_INPUT_BYTES);
        buf.clear();
        assert_eq!(
            read_line_capped(&mut reader, &mut buf, MAX_INPUT_BYTES).unwrap(),
            3
        );
        assert_eq!(buf, b"{}\n");
        buf.clear();
        assert_eq!(
            read_line_capped(&mut reader, &mut buf, MAX_INPUT_BYTES).unwrap(),
            0
        );
        let (bytes, total) = read_capped(data.as_slice()).unwrap();
        assert_eq!((bytes.len(), total), (MAX_INPUT_BYTES, data.len() as u64));
    }

    #[test]
    fn bad_record_names_its_line() {
        let item = parse_record("a.jsonl", 3, b"{\"id\": 7, \"text\": ", 17);
        assert_eq!(item.source, "a.jsonl:3");
        assert!(matches!(&item.payload, Payload::Failed(m) if m.starts_with("line 3: not JSON")));
        let item = parse_record("a.jsonl", 4, br#"{"id": 7, "title": "T"}"#, 20);
        assert_eq!(item.source, "a.jsonl#7");
        assert_eq!(
            item.payload,
            Payload::Failed("line 4: no `text` or `html` field".into())
        );
    }
}
