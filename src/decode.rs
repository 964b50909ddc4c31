//! Bytes to text: a BOM, then a charset the HTML declares, then valid UTF-8, then a guess
//! (chardetng with the Vietnamese top-level domain as hint) decoded with encoding_rs.

use encoding_rs::Encoding;

/// Decoded text, the encoding's name, and how many bytes could not be decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub encoding: String,
    pub replaced: usize,
}

/// The charset an HTML page declares in its first 4 KiB (`<meta charset>` or http-equiv).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    Encoding::for_label(label.as_bytes())
}

fn decode_with(bytes: &[u8], encoding: &'static Encoding) -> Decoded {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let replaced = if had_errors { text.matches('\u{FFFD}').count() } else { 0 };
    Decoded { text: text.into_owned(), encoding: encoding.name().to_ascii_lowercase(), replaced }
}

/// Decodes `bytes`; `html` enables the declared-charset step.
pub fn decode(bytes: &[u8], html: bool) -> Decoded {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return decode_with(&bytes[bom..], encoding);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded { text: s.to_string(), encoding: "utf-8".into(), replaced: 0 };
    }
    if html {
        if let Some(enc) = declared_charset(bytes).filter(|e| *e != encoding_rs::UTF_8) {
            return decode_with(bytes, enc);
        }
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"vn"), chardetng::Utf8Detection::Allow);
    decode_with(bytes, guess)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_bom() {
        assert_eq!(decode("Việt".as_bytes(), false).encoding, "utf-8");
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("Việt".as_bytes());
        assert_eq!(decode(&b, false).text, "Việt");
    }

    #[test]
    fn declared_windows_1258() {
        // "Huyện ủy" in windows-1258: ê + combining dot below, u + combining hook above.
        let bytes = b"<meta charset=\"windows-1258\"><p>Huy\xEA\xF2n u\xD2y</p>";
        let d = decode(bytes, true);
        assert_eq!(d.encoding, "windows-1258");
        assert_eq!(d.replaced, 0);
        assert!(crate::normalize::clean(&d.text).contains("Huyện ủy"), "{}", d.text);
    }
}
