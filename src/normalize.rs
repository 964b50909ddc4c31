//! Two forms of an article's text.
//!
//! `clean` gives the text every offset refers to: NFC, invisible characters dropped, NBSP as a
//! space, `Ð`/`ð` as `Đ`/`đ`, line ends as `\n`.
//!
//! `MatchForm` is what rules run on: lower case, the new tone-mark placement (`hoà` → `hòa`,
//! `thuỷ` → `thủy`) and `i` for a syllable-final `y` after a consonant (`sỹ` → `sĩ`). It has
//! exactly as many characters as the clean text, so a span found in it maps back one to one.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Characters that carry no text and only break matching.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// Whether `clean` would change nothing but composition: no byte of a character it replaces.
fn needs_cleaning(raw: &str) -> bool {
    let b = raw.as_bytes();
    b.iter().enumerate().any(|(i, &x)| match x {
        b'\n' | b'\t' => false,
        0..=0x1F | 0x7F => true,
        // U+0080–U+00A0 (C1 controls, NBSP), U+00AD, U+00D0, U+00F0
        0xC2 => matches!(b.get(i + 1), Some(0x80..=0xA0 | 0xAD)),
        0xC3 => matches!(b.get(i + 1), Some(0x90 | 0xB0)),
        // U+2007, U+200B–U+200D, U+202F, U+2060
        0xE2 => matches!((b.get(i + 1), b.get(i + 2)), (Some(0x80), Some(0x87 | 0x8B..=0x8D | 0xAF)) | (Some(0x81), Some(0xA0))),
        // U+FEFF
        0xEF => matches!((b.get(i + 1), b.get(i + 2)), (Some(0xBB), Some(0xBF))),
        _ => false,
    })
}

/// The article text all offsets refer to.
pub fn clean(raw: &str) -> String {
    // Characters are replaced before composing, so that a dropped invisible character does
    // not leave a letter and its combining mark uncomposed.
    let replaced: std::borrow::Cow<str> = if needs_cleaning(raw) {
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    out.push('\n');
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                }
                '\u{00A0}' | '\u{2007}' | '\u{202F}' => out.push(' '),
                '\u{00D0}' => out.push('Đ'),
                '\u{00F0}' => out.push('đ'),
                c if is_invisible(c) => {}
                c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
                c => out.push(c),
            }
        }
        out.into()
    } else {
        raw.into()
    };
    if is_nfc_quick(replaced.chars()) == IsNormalized::Yes {
        replaced.into_owned()
    } else {
        replaced.nfc().collect()
    }
}

/// A base vowel and its five toned forms (huyền, sắc, hỏi, ngã, nặng).
const TONED: [(char, [char; 5]); 12] = [
    ('a', ['à', 'á', 'ả', 'ã', 'ạ']),
    ('ă', ['ằ', 'ắ', 'ẳ', 'ẵ', 'ặ']),
    ('â', ['ầ', 'ấ', 'ẩ', 'ẫ', 'ậ']),
    ('e', ['è', 'é', 'ẻ', 'ẽ', 'ẹ']),
    ('ê', ['ề', 'ế', 'ể', 'ễ', 'ệ']),
    ('i', ['ì', 'í', 'ỉ', 'ĩ', 'ị']),
    ('o', ['ò', 'ó', 'ỏ', 'õ', 'ọ']),
    ('ô', ['ồ', 'ố', 'ổ', 'ỗ', 'ộ']),
    ('ơ', ['ờ', 'ớ', 'ở', 'ỡ', 'ợ']),
    ('u', ['ù', 'ú', 'ủ', 'ũ', 'ụ']),
    ('ư', ['ừ', 'ứ', 'ử', 'ữ', 'ự']),
    ('y', ['ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ']),
];

/// Splits a lower-case vowel into its base and tone (1..=5), or `None` for a non-vowel.
fn split_tone(c: char) -> Option<(char, usize)> {
    for (base, toned) in TONED {
        if c == base {
            return Some((base, 0));
        }
        if let Some(i) = toned.iter().position(|&t| t == c) {
            return Some((base, i + 1));
        }
    }
    None
}

fn with_tone(base: char, tone: usize) -> char {
    if tone == 0 {
        return base;
    }
    TONED.iter().find(|(b, _)| *b == base).map(|(_, t)| t[tone - 1]).unwrap_or(base)
}

fn is_vowel(c: char) -> bool {
    split_tone(c).is_some()
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic()
}

fn is_consonant(c: char) -> bool {
    is_letter(c) && !is_vowel(c)
}

/// Lower case without changing the number of characters.
fn lower(c: char) -> char {
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

/// The matching form of `text`: see the module documentation.
pub fn fold(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().map(lower).collect();
    let n = chars.len();
    let at = |chars: &[char], i: isize| -> char {
        if i < 0 || i as usize >= n {
            ' '
        } else {
            chars[i as usize]
        }
    };
    for i in 0..n {
        let c = chars[i];
        let next = at(&chars, i as isize + 1);
        let after = at(&chars, i as isize + 2);
        let prev = at(&chars, i as isize - 1);
        // Old tone placement on an open oa/oe/uy: move the tone to the first vowel.
        if (c == 'o' || c == 'u') && !is_letter(after) {
            if let Some((base, tone)) = split_tone(next) {
                let pair = (c == 'o' && (base == 'a' || base == 'e')) || (c == 'u' && base == 'y');
                let qu = c == 'u' && (prev == 'q' || prev == 'g');
                if pair && tone > 0 && !qu && !is_vowel(prev) {
                    chars[i] = with_tone(c, tone);
                    chars[i + 1] = base;
                }
            }
        }
    }
    for i in 0..n {
        // A syllable whose only vowel is a final y after a consonant: sỹ/sĩ, lý/lí, kỹ/kĩ.
        if let Some(('y', tone)) = split_tone(chars[i]) {
            let prev = at(&chars, i as isize - 1);
            let before = at(&chars, i as isize - 2);
            let next = at(&chars, i as isize + 1);
            if is_consonant(prev) && !is_vowel(before) && !is_letter(next) && prev != 'q' {
                chars[i] = with_tone('i', tone);
            }
        }
    }
    chars.into_iter().collect()
}

/// Maps byte offsets of a matching form back to byte offsets of the clean text.
#[derive(Debug, Clone)]
pub enum OffsetMap {
    /// Every character kept its UTF-8 length: offsets are the same.
    Identity,
    /// `table[b]` is the clean-text offset of matching-form offset `b` (one entry past the end).
    Table(Vec<u32>),
}

impl OffsetMap {
    pub fn to_text(&self, b: usize) -> usize {
        match self {
            OffsetMap::Identity => b,
            OffsetMap::Table(t) => t[b] as usize,
        }
    }

    /// The matching-form offset of clean-text offset `b` (the first that maps to it).
    pub fn from_text(&self, b: usize) -> usize {
        match self {
            OffsetMap::Identity => b,
            OffsetMap::Table(t) => t.partition_point(|&x| (x as usize) < b),
        }
    }
}

/// The matching form with its map to the clean text.
#[derive(Debug, Clone)]
pub struct MatchForm {
    pub text: String,
    pub map: OffsetMap,
}

impl MatchForm {
    pub fn new(clean: &str) -> MatchForm {
        let folded = fold(clean);
        if folded.len() == clean.len()
            && folded.chars().zip(clean.chars()).all(|(a, b)| a.len_utf8() == b.len_utf8())
        {
            return MatchForm { text: folded, map: OffsetMap::Identity };
        }
        let mut table = Vec::with_capacity(folded.len() + 1);
        let mut clean_pos = 0u32;
        for (f, c) in folded.chars().zip(clean.chars()) {
            for _ in 0..f.len_utf8() {
                table.push(clean_pos);
            }
            clean_pos += c.len_utf8() as u32;
        }
        table.push(clean_pos);
        MatchForm { text: folded, map: OffsetMap::Table(table) }
    }
}

/// Counts characters up to byte offsets, for offsets requested in increasing order.
pub struct CharCounter<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCounter<'a> {
    pub fn new(text: &'a str) -> Self {
        CharCounter { text, byte: 0, chars: 0 }
    }

    /// The character index of byte offset `b`; rewinds when asked for an earlier offset.
    pub fn at(&mut self, b: usize) -> usize {
        if b < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..b].chars().count();
        self.byte = b;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_invisible_and_fixes_eth() {
        assert_eq!(clean("Ða\u{200B}ng\u{00A0}ký\r\nx"), "Đang ký\nx");
    }

    #[test]
    fn clean_composes_to_nfc() {
        // "Việt" with the tone marks as combining characters.
        assert_eq!(clean("Vie\u{0302}\u{0323}t"), "Việt");
    }

    #[test]
    fn fold_joins_spelling_variants() {
        assert_eq!(fold("hoà"), fold("hòa"));
        assert_eq!(fold("Uỷ ban"), "ủy ban");
        assert_eq!(fold("thuỷ"), "thủy");
        assert_eq!(fold("khoẻ"), "khỏe");
        assert_eq!(fold("chiến sỹ"), "chiến sĩ");
        assert_eq!(fold("kỹ"), "kĩ");
        assert_eq!(fold("Lý"), "lí");
        // Tone belongs on the second vowel when a consonant follows, and qu is a consonant.
        assert_eq!(fold("hoàn"), "hoàn");
        assert_eq!(fold("quý"), "quý");
        assert_eq!(fold("ngày"), "ngày");
    }

    #[test]
    fn match_form_maps_back_when_lengths_change() {
        let text = "Mỹ và kỳ";
        let m = MatchForm::new(text);
        assert_eq!(m.text, "mĩ và kì");
        let start = m.text.find("kì").unwrap();
        let end = start + "kì".len();
        assert_eq!(&text[m.map.to_text(start)..m.map.to_text(end)], "kỳ");
    }

    #[test]
    fn char_counter_counts_scalars() {
        let mut c = CharCounter::new("Việt Nam");
        assert_eq!(c.at("Việt".len()), 4);
        assert_eq!(c.at("Việt Nam".len()), 8);
        assert_eq!(c.at(0), 0);
    }
}
