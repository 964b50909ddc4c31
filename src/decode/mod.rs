//! Bytes to text, whatever Vietnamese encoding a page used.
//!
//! In order: a BOM; valid UTF-8 (then repaired if it is mojibake, read as a byte font if its
//! characters are legacy bytes shown as Latin-1, or read as VIQR if it plainly is); a charset
//! an HTML page declares, unless it is Latin-1/windows-1252 (byte-font pages declare those);
//! font names in the markup (`.VnTime` → TCVN3, `VNI-Times` → VNI); otherwise the reading
//! that looks most Vietnamese among windows-1258, TCVN3, VNI, windows-1252 and chardetng's
//! guess (with the Vietnamese hint). Undecodable bytes become U+FFFD and are counted.

pub mod legacy;
mod tables;

use encoding_rs::Encoding;

use crate::scan::{scan, Scan};

pub use legacy::{decode_tcvn3, decode_viqr, decode_vni, encode_tcvn3, encode_vni};

/// Decoded text, the encoding's name, and how many characters could not be decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    /// `utf-8`, `windows-1258`, `tcvn3`, `vni`, `viqr`, `utf-8 (mojibake repaired)`, …
    pub encoding: String,
    pub replaced: usize,
    /// The scan of `text`, when one was made of exactly this text (cleaning reuses it).
    pub scan: Option<Scan>,
}

impl Decoded {
    fn new(text: String, encoding: &str) -> Decoded {
        let replaced = text.matches('\u{FFFD}').count();
        Decoded {
            text,
            encoding: encoding.to_string(),
            replaced,
            scan: None,
        }
    }
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

/// The byte font a page names in its markup, if any.
fn font_hint(bytes: &[u8]) -> Option<&'static str> {
    let lower: Vec<u8> = bytes
        .iter()
        .take(1 << 20)
        .map(u8::to_ascii_lowercase)
        .collect();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if has(b".vntime")
        || has(b".vnarial")
        || has(b".vnhelvet")
        || has(b".vncourier")
        || has(b"abc font")
    {
        Some("tcvn3")
    } else if has(b"vni-") || has(b"vni times") {
        Some("vni")
    } else {
        None
    }
}

fn decode_as(bytes: &[u8], name: &str) -> Decoded {
    match name {
        "tcvn3" => Decoded::new(decode_tcvn3(bytes), "tcvn3"),
        "vni" => Decoded::new(decode_vni(bytes), "vni"),
        label => {
            let enc = Encoding::for_label(label.as_bytes()).unwrap_or(encoding_rs::WINDOWS_1252);
            let (text, _) = enc.decode_without_bom_handling(bytes);
            Decoded::new(text.into_owned(), &enc.name().to_ascii_lowercase())
        }
    }
}

/// How much of a text the choice of its encoding looks at.
const SAMPLE: usize = 16 << 10;

/// The encoding whose reading of `sample` looks most Vietnamese, among windows-1258, TCVN3,
/// VNI, windows-1252 and chardetng's guess.
fn best_encoding(sample: &[u8]) -> String {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, true);
    let guess = detector
        .guess(Some(b"vn"), chardetng::Utf8Detection::Allow)
        .name()
        .to_ascii_lowercase();
    // chardetng's guess is read only when it is none of the others (it most often is
    // windows-1252): the same reading would score the same and lose the tie.
    let others = ["windows-1252", guess.as_str()]
        .into_iter()
        .filter(|name| *name == "windows-1252" || !VIETNAMESE_ENCODINGS.contains(name));
    let readings = vietnamese_readings(sample)
        .into_iter()
        .chain(others.map(|name| (legacy::score(&decode_as(sample, name).text), name)));
    highest(readings)
        .map_or("windows-1252", |(_, name)| name)
        .to_string()
}

/// The reading with the highest score, the first of equals.
fn highest<'a>(readings: impl IntoIterator<Item = (i64, &'a str)>) -> Option<(i64, &'a str)> {
    let mut best: Option<(i64, &str)> = None;
    for (score, name) in readings {
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, name));
        }
    }
    best
}

const VIETNAMESE_ENCODINGS: [&str; 3] = ["windows-1258", "tcvn3", "vni"];

/// The readings of `sample` in the Vietnamese encodings that read as Vietnamese words, not
/// only Vietnamese letters (German ä, ö, ü come out as Vietnamese letters in TCVN3), each
/// with its score, in the order of `VIETNAMESE_ENCODINGS`.
fn vietnamese_readings(sample: &[u8]) -> Vec<(i64, &'static str)> {
    VIETNAMESE_ENCODINGS
        .into_iter()
        .filter_map(|name| {
            // Common words are written in lower case, so TCVN3's restored capitals only ever
            // lose some: the cheaper reading in lower case rules most texts out first.
            if name == "tcvn3"
                && !legacy::has_common_words(&legacy::decode_tcvn3_lower_case(sample), 3)
            {
                return None;
            }
            let d = decode_as(sample, name);
            legacy::has_common_words(&d.text, 3).then(|| (legacy::score(&d.text), name))
        })
        .collect()
}

/// The most Vietnamese-looking reading of bytes that are not UTF-8, chosen on a sample.
fn best_reading(bytes: &[u8]) -> Decoded {
    decode_as(bytes, &best_encoding(&bytes[..bytes.len().min(SAMPLE)]))
}

/// Second looks at text that decoded as Unicode: mojibake, byte-font text shown as Latin-1
/// letters, VIQR.
fn reconsider(d: Decoded) -> Decoded {
    let g = scan(&d.text);
    let vietnamese = g.letters;
    if g.mojibake >= 3 && g.mojibake * 2 >= vietnamese {
        if let Some(fixed) = legacy::repair_mojibake(&d.text) {
            if legacy::score(&fixed) > legacy::score(&d.text) {
                return Decoded::new(fixed, &format!("{} (mojibake repaired)", d.encoding));
            }
        }
    }
    if g.odd >= 5 && g.odd >= vietnamese {
        // Byte-font text shown as Latin-1 letters: choose on a sample, then read it all.
        let sample: String = d.text.chars().take(SAMPLE).collect();
        if let Some(sample_bytes) = legacy::as_cp1252_bytes(&sample) {
            // Only a Vietnamese byte font is in question here: the text already reads as
            // Unicode, so chardetng's guesses for other code pages are not asked for.
            let best = highest(vietnamese_readings(&sample_bytes));
            let better_than_shown = |(score, _): &(i64, &str)| *score > legacy::score(&sample) + 10;
            if let Some((_, name)) = best.filter(better_than_shown) {
                if let Some(bytes) = legacy::as_cp1252_bytes(&d.text) {
                    let whole = decode_as(&bytes, name);
                    return Decoded {
                        encoding: format!("{} (in {})", whole.encoding, d.encoding),
                        ..whole
                    };
                }
            }
        }
    }
    if d.text.is_ascii() && legacy::looks_like_viqr(&d.text) {
        return Decoded::new(decode_viqr(&d.text), "viqr");
    }
    Decoded { scan: Some(g), ..d }
}

/// Second looks at text that arrived as a string (a JSON Lines record).
pub fn reconsider_text(text: &str) -> Decoded {
    reconsider(Decoded::new(text.to_string(), "utf-8"))
}

/// UTF-8 with a few bad bytes (a byte appended, a character cut, cp1252 quotes pasted in):
/// its valid multi-byte characters outnumber the bad sequences four to one. Text in a byte
/// font or a code page almost never forms a valid multi-byte sequence, so it stays legacy.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    valid >= 3 && valid >= 4 * invalid
}

/// Why bytes are no text, if they are not: gzip data under a name without `.gz`, or NUL
/// bytes in the first 8 KiB (text in UTF-16 has its BOM and is decoded as such).
pub fn not_text(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Some("gzip data in a file whose name does not end in .gz");
    }
    if Encoding::for_bom(bytes).is_some() {
        return None;
    }
    bytes[..bytes.len().min(8 << 10)]
        .contains(&0)
        .then_some("binary content (NUL bytes), not text")
}

/// Decodes `bytes`; `html` enables the declared-charset and font-name steps.
pub fn decode(bytes: &[u8], html: bool) -> Decoded {
    decode_declared(bytes, html, None)
}

/// Decodes `bytes` whose charset a server declared (HTTP `Content-Type`): it takes the
/// place of a charset the page declares, and is passed over in the same cases.
pub fn decode_declared(bytes: &[u8], html: bool, charset: Option<&str>) -> Decoded {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return reconsider(Decoded::new(
            text.into_owned(),
            &encoding.name().to_ascii_lowercase(),
        ));
    }
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return reconsider(Decoded::new(s.to_string(), "utf-8"));
    }
    if mostly_utf8(bytes) {
        return reconsider(Decoded::new(
            String::from_utf8_lossy(bytes).into_owned(),
            "utf-8",
        ));
    }
    let latin = [encoding_rs::WINDOWS_1252, encoding_rs::UTF_8];
    let served = charset.and_then(|c| Encoding::for_label(c.trim().as_bytes()));
    let declared = served.or_else(|| html.then(|| declared_charset(bytes)).flatten());
    if let Some(enc) = declared.filter(|e| !latin.contains(e)) {
        return decode_as(bytes, enc.name());
    }
    if html {
        if let Some(font) = font_hint(bytes) {
            return decode_as(bytes, font);
        }
    }
    best_reading(bytes)
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
        assert!(
            crate::normalize::clean(&d.text).contains("Huyện ủy"),
            "{}",
            d.text
        );
    }

    #[test]
    fn byte_fonts_found_without_a_declaration() {
        let text = "Uỷ ban nhân dân huyện tặng giấy khen cho 12 tập thể, 54 cá nhân có thành tích xuất sắc.";
        let d = decode(&encode_tcvn3(text), false);
        assert_eq!(
            (d.text.as_str(), d.encoding.as_str(), d.replaced),
            (text, "tcvn3", 0)
        );
        assert_eq!(decode(&encode_vni(text), false).text, text);
        let mut page =
            b"<html><head><meta charset=\"windows-1252\"></head><body><font face=\".VnTime\">"
                .to_vec();
        page.extend(encode_tcvn3(text));
        let d = decode(&page, true);
        assert_eq!(d.encoding, "tcvn3");
        assert!(d.text.contains(text));
    }

    #[test]
    fn second_looks_at_unicode_text() {
        let text = "Uỷ ban nhân dân huyện tặng giấy khen cho 12 tập thể, 54 cá nhân.";
        let (garbled, _, _) = encoding_rs::WINDOWS_1252.decode(text.as_bytes());
        let d = decode(garbled.as_bytes(), false);
        assert_eq!(
            (d.text.as_str(), d.encoding.as_str()),
            (text, "utf-8 (mojibake repaired)")
        );
        let shown: String = encode_tcvn3(text)
            .iter()
            .map(|&b| {
                encoding_rs::WINDOWS_1252
                    .decode(&[b])
                    .0
                    .chars()
                    .next()
                    .unwrap()
            })
            .collect();
        let d = reconsider_text(&shown);
        assert_eq!(
            (d.text.as_str(), d.encoding.as_str()),
            (text, "tcvn3 (in utf-8)")
        );
        let d = reconsider_text(
            "Uy? ban nha^n da^n huye^.n ta(.ng gia^'y khen cho 12 ta^.p the^?, 54 ca' nha^n.",
        );
        assert_eq!((d.text.as_str(), d.encoding.as_str()), (text, "viqr"));
    }

    #[test]
    fn other_latin_languages_are_left_alone() {
        let german = "Die Gemeinde räumt Versäumnisse nach dem Feuer ein. Über die Größe der Schäden wird später berichtet; die Behörden prüfen.";
        assert_eq!(reconsider_text(german).text, german);
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(german);
        let d = decode(&latin1, false);
        assert_eq!(d.text, german, "read as {}", d.encoding);
    }

    #[test]
    fn utf8_with_a_few_bad_bytes_stays_utf8() {
        let seed = "Huyện ủy Cẩm Giàng tặng giấy khen cho 12 tập thể.";
        let mut bytes = seed.as_bytes().to_vec();
        bytes.push(0xFF);
        let d = decode(&bytes, false);
        assert_eq!((d.encoding.as_str(), d.replaced), ("utf-8", 1));
        assert_eq!(d.text, format!("{seed}\u{FFFD}"));
        // A character cut at the end, and cp1252 quotes pasted in, inside an HTML page.
        let body = seed.repeat(3);
        let cut = &body.as_bytes()[..body.len() - 2];
        let page = [b"<meta charset=\"utf-8\">\x93".as_slice(), cut, b" \x94"].concat();
        let d = decode(&page, true);
        assert_eq!((d.encoding.as_str(), d.replaced), ("utf-8", 3));
        assert!(d.text.contains("Huyện ủy Cẩm Giàng"), "{}", d.text);
        // Legacy bytes stay legacy.
        let vni = encode_vni("Huyện ủy Cẩm Giàng tặng giấy khen cho các tập thể");
        assert_eq!(decode(&vni, false).encoding, "vni");
    }

    #[test]
    fn undecodable_bytes_are_counted() {
        let d = decode(b"abc \xFF\xFE def", false);
        assert!(!d.text.is_empty());
        let d = decode_as(b"ab\xE2\x82", "utf-8");
        assert_eq!(d.replaced, 1);
    }
}
