//! An HTTP response as a web archive stores it: the status, the media type and charset of
//! `Content-Type`, and the body with its transfer coding (chunked) and content coding
//! (gzip, deflate, br) undone, within `MAX_INPUT_BYTES`.

use std::io::Read;

use super::MAX_INPUT_BYTES;

/// A response's parts that decide what its body is.
#[derive(Debug, PartialEq)]
pub struct Response {
    pub status: u16,
    /// The media type, lower case, without parameters (`text/html`).
    pub media_type: Option<String>,
    pub charset: Option<String>,
    pub body: Vec<u8>,
}

/// Headers a response may carry; more is a broken or hostile record.
const MAX_HEADERS: usize = 256;

/// Reads a stored response; `Err` says why it cannot be read.
pub fn parse(raw: &[u8]) -> Result<Response, String> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut response = httparse::Response::new(&mut headers);
    let body_at = match response.parse(raw) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Err("HTTP headers cut off".into()),
        Err(e) => return Err(format!("HTTP headers: {e}")),
    };
    let header = |name: &str| -> Option<String> {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase())
    };
    let (media_type, charset) = content_type(header("content-type").as_deref());
    let mut body = raw[body_at..].to_vec();
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        body = dechunk(&body).unwrap_or(body);
    }
    if let Some(coding) = header("content-encoding") {
        body = decompress(&body, &coding)?;
    }
    Ok(Response {
        status: response.code.unwrap_or(0),
        media_type,
        charset,
        body,
    })
}

/// The media type and charset of a `Content-Type` value.
pub fn content_type(value: Option<&str>) -> (Option<String>, Option<String>) {
    let Some(value) = value else {
        return (None, None);
    };
    let mut parts = value.split(';');
    let media = parts
        .next()
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']).to_string())
    });
    (media, charset)
}

/// The body of a chunked transfer; `None` when it is not chunked after all (archivers
/// that store the body decoded often keep the header). A body cut short keeps its chunks.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size_field = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size_hex = size_field.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        let take = size.min(rest.len());
        out.extend_from_slice(&rest[..take]);
        rest = &rest[take..];
        if rest.len() < 2 {
            return Some(out);
        }
        rest = &rest[2..];
    }
}

/// Undoes a content coding, keeping at most `MAX_INPUT_BYTES` of what it gives.
fn decompress(body: &[u8], coding: &str) -> Result<Vec<u8>, String> {
    let reader: Box<dyn Read + '_> = match coding {
        "identity" | "" => return Ok(body.to_vec()),
        "gzip" | "x-gzip" => Box::new(flate2::read::MultiGzDecoder::new(body)),
        // `deflate` is zlib-wrapped by the standard, raw by some servers.
        "deflate" if body.first().is_some_and(|b| b & 0x0f == 8) => {
            Box::new(flate2::read::ZlibDecoder::new(body))
        }
        "deflate" => Box::new(flate2::read::DeflateDecoder::new(body)),
        "br" => Box::new(brotli_decompressor::Decompressor::new(body, 4096)),
        other => {
            return Err(format!(
                "content coding `{other}` is not one the tool reads"
            ))
        }
    };
    let mut out = Vec::new();
    reader
        .take(MAX_INPUT_BYTES as u64)
        .read_to_end(&mut out)
        .map_err(|e| format!("content coding `{coding}`: {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn response(headers: &str, body: &[u8]) -> Vec<u8> {
        let mut raw = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
        raw.extend_from_slice(body);
        raw
    }

    #[test]
    fn reads_status_type_and_charset() {
        let raw = b"HTTP/1.1 404 Not Found\r\nContent-Type: Text/HTML; Charset=\"windows-1258\"\r\n\r\n<p>x</p>";
        let r = parse(raw).unwrap();
        assert_eq!(
            (
                r.status,
                r.media_type.as_deref(),
                r.charset.as_deref(),
                r.body.as_slice()
            ),
            (
                404,
                Some("text/html"),
                Some("windows-1258"),
                b"<p>x</p>".as_slice()
            )
        );
    }

    #[test]
    fn undoes_chunks_and_compression() {
        let chunked = response(
            "Transfer-Encoding: chunked\r\n",
            b"4\r\nHuy\xe1\r\n3;ext=1\r\n\xbb\x87n\r\n0\r\n\r\n",
        );
        assert_eq!(parse(&chunked).unwrap().body, "Huyện".as_bytes());
        // Stored already decoded, the header kept: read as it is.
        let plain = response(
            "Transfer-Encoding: chunked\r\n",
            b"<p>12 t\xe1\xba\xadp th\xe1\xbb\x83</p>",
        );
        assert_eq!(parse(&plain).unwrap().body, "<p>12 tập thể</p>".as_bytes());
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all("12 tập thể".as_bytes()).unwrap();
        let gzipped = response("Content-Encoding: gzip\r\n", &gz.finish().unwrap());
        assert_eq!(parse(&gzipped).unwrap().body, "12 tập thể".as_bytes());
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(b"deflated").unwrap();
        let deflated = response("Content-Encoding: deflate\r\n", &z.finish().unwrap());
        assert_eq!(parse(&deflated).unwrap().body, b"deflated");
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        assert_eq!(
            parse(b"HTTP/1.1 200 OK\r\nContent-Ty"),
            Err("HTTP headers cut off".into())
        );
        assert!(parse(b"\x00\x01garbage\r\n\r\n")
            .unwrap_err()
            .starts_with("HTTP headers: "));
        let zstd = response("Content-Encoding: zstd\r\n", b"...");
        assert_eq!(
            parse(&zstd),
            Err("content coding `zstd` is not one the tool reads".into())
        );
        let broken = response("Content-Encoding: gzip\r\n", b"\x1f\x8b\x08\x00 not gzip");
        assert!(parse(&broken)
            .unwrap_err()
            .starts_with("content coding `gzip`: "));
    }
}
