//! Vietnamese text in the encodings that predate Unicode on the web: the byte fonts TCVN3 and
//! VNI, the ASCII convention VIQR (`Vie^.t Nam`), and UTF-8 once misread as windows-1252 and
//! saved again (`Viá»‡t`). Decoders, encoders (for tests and round trips), and the score that
//! tells which reading of some bytes is Vietnamese.

use std::collections::HashMap;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

use super::tables::{LETTERS, TCVN3, VNI};
use crate::scan::is_odd;

/// windows-1252 for one byte (the WHATWG mapping: undefined bytes are C1 controls).
fn cp1252(b: u8) -> char {
    let (s, _, _) = encoding_rs::WINDOWS_1252.decode(std::slice::from_ref(&b));
    s.chars().next().unwrap_or('\u{FFFD}')
}

/// The byte of a character in windows-1252, if it has one.
fn to_cp1252(c: char) -> Option<u8> {
    static MAP: LazyLock<HashMap<char, u8>> =
        LazyLock::new(|| (0x80..=0xFFu8).map(|b| (cp1252(b), b)).collect());
    if (c as u32) < 0x80 {
        Some(c as u8)
    } else {
        MAP.get(&c).copied()
    }
}

static TCVN3_DECODE: LazyLock<[char; 256]> = LazyLock::new(|| {
    let mut t = [' '; 256];
    for (b, slot) in t.iter_mut().enumerate() {
        *slot = if b < 0x80 {
            b as u8 as char
        } else {
            cp1252(b as u8)
        };
    }
    // Lower case first, so that a byte shared by both cases reads as lower case.
    for (i, &b) in TCVN3.iter().enumerate().rev() {
        t[b as usize] = LETTERS[i];
    }
    t
});

/// Letters whose upper case TCVN3 cannot write in the same font.
fn shares_byte_with_upper(c: char) -> bool {
    let i = LETTERS.iter().position(|&l| l == c);
    matches!(i, Some(i) if i < 67 && TCVN3[i] == TCVN3[i + 67])
}

fn upper(c: char) -> char {
    c.to_uppercase().next().unwrap_or(c)
}

/// TCVN3 read byte by byte, each letter in lower case where a byte stands for both cases:
/// `decode_tcvn3` without the capitals it restores after.
pub fn decode_tcvn3_lower_case(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| TCVN3_DECODE[b as usize]).collect()
}

/// Decodes TCVN3. Upper-case accented vowels share bytes with lower case, so their case is
/// put back from where they stand: upper case in a word whose other letters are (two or more
/// of them), anywhere in an all-capitals line, and at the start of a sentence.
pub fn decode_tcvn3(bytes: &[u8]) -> String {
    let mut chars: Vec<char> = bytes.iter().map(|&b| TCVN3_DECODE[b as usize]).collect();
    let words: Vec<(usize, usize)> = {
        let mut w = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_alphabetic() {
                let s = i;
                while i < chars.len() && chars[i].is_alphabetic() {
                    i += 1;
                }
                w.push((s, i));
            } else {
                i += 1;
            }
        }
        w
    };
    // Per line, how many letters of known case are upper and lower case.
    let mut line_of = vec![0usize; chars.len()];
    let mut lines: Vec<(usize, usize)> = vec![(0, 0)];
    for (i, &c) in chars.iter().enumerate() {
        line_of[i] = lines.len() - 1;
        if c == '\n' {
            lines.push((0, 0));
        } else if c.is_alphabetic() && !shares_byte_with_upper(c) {
            let l = lines.last_mut().unwrap();
            if c.is_uppercase() {
                l.0 += 1
            } else {
                l.1 += 1
            }
        }
    }
    let caps_line = |i: usize| {
        let (up, low) = lines[line_of[i]];
        up >= 2 && up * 4 >= (up + low) * 3
    };
    // A word of capitals as far as the letters of known case tell (two or more of them).
    let caps_word = |(s, e): (usize, usize), chars: &[char]| {
        let known: Vec<&char> = chars[s..e]
            .iter()
            .filter(|&&c| !shares_byte_with_upper(c))
            .collect();
        known.len() >= 2 && known.iter().all(|c| c.is_uppercase())
    };
    for (k, &(s, e)) in words.iter().enumerate() {
        if !chars[s..e].iter().any(|&c| shares_byte_with_upper(c)) {
            continue;
        }
        // Inside a run of capital words on one line: "… ĐỘI NGŨ CÁN BỘ."
        let same_line = |w: (usize, usize)| line_of[w.0] == line_of[s];
        let prev_caps = k > 0 && same_line(words[k - 1]) && caps_word(words[k - 1], &chars);
        let next_caps = match words.get(k + 1).filter(|&&w| same_line(w)) {
            Some(&w) => {
                caps_word(w, &chars) || chars[e..w.0].iter().any(|c| ".,;:!?)".contains(*c))
            }
            None => true,
        };
        let in_caps_run = prev_caps && next_caps;
        let known: Vec<char> = chars[s..e]
            .iter()
            .copied()
            .filter(|&c| !shares_byte_with_upper(c))
            .collect();
        let known_upper = !known.is_empty() && known.iter().all(|c| c.is_uppercase());
        let mut j = s;
        while j > 0 && chars[j - 1].is_whitespace() && chars[j - 1] != '\n' {
            j -= 1;
        }
        // After a full stop, a line end, a quote, or a tag of the page the text sits in.
        let sentence_start =
            j == 0 || matches!(chars[j - 1], '.' | '!' | '?' | '\n' | '"' | '“' | ':' | '>');
        let whole_word =
            (known_upper || known.is_empty()) && (known.len() >= 2 || caps_line(s) || in_caps_run);
        for (i, c) in chars.iter_mut().enumerate().take(e).skip(s) {
            if shares_byte_with_upper(*c)
                && (whole_word || (i == s && sentence_start && !known_upper))
            {
                *c = upper(*c);
            }
        }
    }
    chars.into_iter().collect()
}

/// Encodes text as TCVN3 (characters it cannot write become `?`).
pub fn encode_tcvn3(text: &str) -> Vec<u8> {
    text.nfc()
        .map(|c| match LETTERS.iter().position(|&l| l == c) {
            Some(i) => TCVN3[i],
            None => to_cp1252(c)
                .filter(|b| *b < 0x80 || !TCVN3.contains(b))
                .unwrap_or(b'?'),
        })
        .collect()
}

static VNI_DECODE: LazyLock<HashMap<Vec<u8>, char>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for (i, seq) in VNI.iter().enumerate() {
        m.insert(seq.to_vec(), LETTERS[i]);
    }
    // Marks are also written in the other case than their letter.
    for (i, seq) in VNI.iter().enumerate() {
        if seq.len() == 2 && seq[1] >= 0xC0 {
            m.entry(vec![seq[0], seq[1] ^ 0x20]).or_insert(LETTERS[i]);
        }
    }
    m
});

/// Decodes VNI: a letter and a mark byte, or one byte of its own; other bytes as windows-1252.
pub fn decode_vni(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        // Every VNI sequence holds a byte above ASCII: ASCII before ASCII is itself.
        if bytes[i] < 0x80 && bytes.get(i + 1).is_none_or(|&b| b < 0x80) {
            out.push(bytes[i] as char);
            i += 1;
        } else if let Some(&c) = bytes.get(i..i + 2).and_then(|pair| VNI_DECODE.get(pair)) {
            out.push(c);
            i += 2;
        } else if let Some(&c) = VNI_DECODE.get(&bytes[i..i + 1]) {
            out.push(c);
            i += 1;
        } else {
            out.push(if bytes[i] < 0x80 {
                bytes[i] as char
            } else {
                cp1252(bytes[i])
            });
            i += 1;
        }
    }
    out
}

/// Encodes text as VNI (characters it cannot write become `?`).
pub fn encode_vni(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for c in text.nfc() {
        match LETTERS.iter().position(|&l| l == c) {
            Some(i) => out.extend_from_slice(VNI[i]),
            None => out.push(to_cp1252(c).unwrap_or(b'?')),
        }
    }
    out
}

/// Reads VIQR: a vowel, then `^ ( +` for its shape, then `` ` ' ? ~ . `` for its tone; `dd`
/// for đ; a backslash keeps the next mark literal.
pub fn decode_viqr(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() && "^(+`'?~.".contains(chars[i + 1]) {
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if (c == 'd' || c == 'D') && matches!(chars.get(i + 1), Some('d' | 'D')) {
            out.push(if c == 'D' { 'Đ' } else { 'đ' });
            i += 2;
            continue;
        }
        if !"aeiouyAEIOUY".contains(c) {
            out.push(c);
            i += 1;
            continue;
        }
        let mut letter = c.to_string();
        let mut j = i + 1;
        let shape = match (c.to_ascii_lowercase(), chars.get(j)) {
            ('a' | 'e' | 'o', Some('^')) => Some('\u{0302}'),
            ('a', Some('(')) => Some('\u{0306}'),
            ('o' | 'u', Some('+')) => Some('\u{031B}'),
            _ => None,
        };
        if let Some(s) = shape {
            letter.push(s);
            j += 1;
        }
        let tone = match chars.get(j) {
            Some('`') => Some('\u{0300}'),
            Some('\'') => Some('\u{0301}'),
            Some('?') => Some('\u{0309}'),
            Some('~') => Some('\u{0303}'),
            Some('.') => Some('\u{0323}'),
            _ => None,
        };
        // `.` and `?` after a vowel are tones, unless they end a sentence: then a capital, a
        // line end or the end of the text follows.
        let ends_sentence = matches!(chars.get(j), Some('.' | '?'))
            && match (chars.get(j + 1), chars.get(j + 2)) {
                (None, _) | (Some('\n'), _) => true,
                (Some(' '), Some(n)) => n.is_uppercase(),
                (Some(' '), None) => true,
                _ => false,
            };
        let tone = tone.filter(|_| !ends_sentence);
        if let Some(t) = tone {
            letter.push(t);
            j += 1;
        }
        out.extend(letter.nfc());
        i = j;
    }
    out
}

/// Whether a text is plainly VIQR: no Vietnamese letters, many syllables with VIQR marks.
pub fn looks_like_viqr(text: &str) -> bool {
    let mut words = 0usize;
    let mut marked = 0usize;
    for w in text.split_whitespace().take(5000) {
        words += 1;
        let b = w.as_bytes();
        let has_mark = b.windows(2).any(|p| {
            b"aeiouyAEIOUY".contains(&p[0]) && b"^(+`~".contains(&p[1])
                || (b"aeiouyAEIOUY".contains(&p[0]) && b"'?.".contains(&p[1]))
                    && w.len() > 2
                    && p.as_ptr() as usize - b.as_ptr() as usize + 2 < b.len()
        });
        marked += has_mark as usize;
        if w.chars().any(is_vietnamese_letter) {
            return false;
        }
    }
    words >= 5 && marked * 5 >= words
}

/// Repairs UTF-8 that was read as windows-1252 and saved again; `None` if it is not that.
pub fn repair_mojibake(text: &str) -> Option<String> {
    let bytes: Option<Vec<u8>> = text.chars().map(to_cp1252).collect();
    String::from_utf8(bytes?).ok()
}

/// A Vietnamese letter with a diacritic (precomposed).
pub fn is_vietnamese_letter(c: char) -> bool {
    matches!(c as u32,
        0x00C0..=0x00C3 | 0x00C8..=0x00CA | 0x00CC | 0x00CD | 0x00D2..=0x00D5 | 0x00D9 | 0x00DA
        | 0x00DD | 0x00E0..=0x00E3 | 0x00E8..=0x00EA | 0x00EC | 0x00ED | 0x00F2..=0x00F5 | 0x00F9
        | 0x00FA | 0x00FD | 0x0102 | 0x0103 | 0x0110 | 0x0111 | 0x0128 | 0x0129 | 0x0168 | 0x0169
        | 0x01A0 | 0x01A1 | 0x01AF | 0x01B0 | 0x1EA0..=0x1EF9)
}

/// Whether a text holds at least `n` frequent Vietnamese words (a reading in the wrong
/// encoding of a Vietnamese text, or a text in another language, has next to none). It reads
/// only as far as the `n`th.
pub fn has_common_words(text: &str, n: usize) -> bool {
    let common = &crate::lexicon::builtin().common_words;
    n == 0
        || text
            .split(|c: char| !crate::normalize::is_letter(c))
            .filter(|w| !w.is_ascii() && common.contains(w))
            .nth(n - 1)
            .is_some()
}

/// How Vietnamese a reading looks: common words and letters with diacritics count for it,
/// characters that only misread bytes produce count against it.
pub fn score(text: &str) -> i64 {
    let common = &crate::lexicon::builtin().common_words;
    let mut s = 0i64;
    for w in text.split(|c: char| !crate::normalize::is_letter(c)) {
        if !w.is_ascii() && common.contains(w) {
            s += 10;
        }
    }
    let mut prev_vowel = false;
    for c in text.chars() {
        if is_vietnamese_letter(c) {
            s += 2;
        } else if is_odd(c) {
            s -= 5;
        } else if matches!(
            c,
            '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}'
        ) && prev_vowel
        {
            s += 2; // windows-1258 writes tones as combining marks
        }
        prev_vowel = is_vowel(c);
    }
    s
}

/// A Vietnamese vowel without a tone mark, the letter a combining tone mark follows.
#[rustfmt::skip]
fn is_vowel(c: char) -> bool {
    matches!(c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
        | 'A' | 'Ă' | 'Â' | 'E' | 'Ê' | 'I' | 'O' | 'Ô' | 'Ơ' | 'U' | 'Ư' | 'Y')
}

/// The bytes of text made of windows-1252 characters (legacy bytes shown as Latin letters).
pub fn as_cp1252_bytes(text: &str) -> Option<Vec<u8>> {
    text.chars().map(to_cp1252).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Uỷ ban nhân dân huyện tặng Giấy khen cho 12 tập thể. Ông Đặng Văn Ước nói: ĐỘI NGŨ CÁN BỘ.";

    #[test]
    fn the_scan_counts_vietnamese_letters_as_by_decoding_every_character() {
        let every: String = (0x80..0x2100).filter_map(char::from_u32).collect();
        for text in [
            SAMPLE,
            "Mikil örtröð — Straße, €5, 日本語 ĂăĐđƠơƯư ạỹ",
            "",
            &every,
        ] {
            let naive = text.chars().filter(|&c| is_vietnamese_letter(c)).count();
            assert_eq!(crate::scan::scan(text).letters, naive, "{text}");
        }
        assert_eq!(crate::scan::scan("ĂăĐđƠơƯư ạỹ ä").letters, 10);
        assert_eq!(crate::scan::scan(&every).letters, 134);
    }

    #[test]
    fn tcvn3_round_trip_keeps_case_where_neighbours_tell() {
        let bytes = encode_tcvn3(SAMPLE);
        assert!(bytes.iter().all(|&b| b != b'?'));
        assert_eq!(decode_tcvn3(&bytes), SAMPLE);
        assert_eq!(encode_tcvn3("à"), vec![0xB5]);
        assert_eq!(encode_tcvn3("Đ"), vec![0xA7]);
    }

    #[test]
    fn vni_round_trip() {
        let bytes = encode_vni(SAMPLE);
        assert_eq!(decode_vni(&bytes), SAMPLE);
        assert_eq!(encode_vni("ờ"), vec![0xF4, 0xF8]);
        // A mark in the other case still reads.
        assert_eq!(decode_vni(b"A\xF8"), "À");
    }

    #[test]
    fn every_vni_sequence_holds_a_byte_above_ascii() {
        // decode_vni reads ASCII before ASCII as itself without a look-up.
        assert!(VNI_DECODE.keys().all(|seq| seq.iter().any(|&b| b >= 0x80)));
    }

    #[test]
    fn common_words_are_counted_up_to_the_number_asked() {
        // "của", "các", "được" count; "Của" does not (the list is lower case), nor "cua"
        // without its marks, nor an ASCII word such as "khen".
        let text = "Của cua của các được khen";
        assert!(has_common_words(text, 3));
        assert!(!has_common_words(text, 4));
        assert!(has_common_words("", 0));
        assert!(!has_common_words("Ha Noi and the cua", 1));
    }

    #[test]
    fn common_words_are_lower_case() {
        // Restored capitals then only ever lose common words (decode::vietnamese_readings).
        let common = &crate::lexicon::builtin().common_words;
        assert!(common.words().all(|w| w.to_lowercase() == w));
    }

    #[test]
    fn viqr_reads() {
        assert_eq!(decode_viqr("Vie^.t Nam"), "Việt Nam");
        assert_eq!(
            decode_viqr("ddu+o+.c ta(.ng gia^'y khen."),
            "được tặng giấy khen."
        );
        assert_eq!(decode_viqr("Ha` No^.i?"), "Hà Nội?");
        assert!(looks_like_viqr(
            "UBND huye^.n ta(.ng gia^'y khen cho 12 ta^.p the^? va` 54 ca' nha^n."
        ));
        assert!(!looks_like_viqr(
            "UBND huyện tặng giấy khen cho 12 tập thể."
        ));
    }

    #[test]
    fn mojibake_repairs() {
        let original = "Huyện ủy tặng giấy khen";
        let (garbled, _, _) = encoding_rs::WINDOWS_1252.decode(original.as_bytes());
        assert_ne!(garbled, original);
        assert_eq!(repair_mojibake(&garbled).as_deref(), Some(original));
    }

    #[test]
    fn score_prefers_the_right_reading() {
        let bytes = encode_tcvn3(SAMPLE);
        let as_1252: String = bytes.iter().map(|&b| cp1252(b)).collect();
        assert!(score(&decode_tcvn3(&bytes)) > score(&as_1252));
        assert!(score(&decode_tcvn3(&bytes)) > score(&decode_vni(&bytes)));
        let vni = encode_vni(SAMPLE);
        assert!(score(&decode_vni(&vni)) > score(&decode_tcvn3(&vni)));
    }
}
