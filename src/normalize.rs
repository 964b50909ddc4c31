//! Two forms of an article's text.
//!
//! `clean` gives the text every offset refers to: NFC, invisible characters dropped, NBSP as a
//! space, `Ð`/`ð` as `Đ`/`đ` in Vietnamese text (legacy fonts wrote the one for the other;
//! Icelandic keeps its eth), line ends as `\n`.
//!
//! `MatchForm` is what rules run on: lower case, the new tone-mark placement (`hoà` → `hòa`,
//! `thuỷ` → `thủy`) and `i` for a syllable-final `y` after a consonant (`sỹ` → `sĩ`). It has
//! exactly as many characters as the clean text, so a span found in it maps back one to one.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::scan::{scan, Scan};

/// Characters that carry no text and only break matching.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// The article text all offsets refer to.
pub fn clean(raw: &str) -> String {
    clean_owned(raw.to_string(), None)
}

/// `clean` of a string the caller gives up: unchanged text is returned without a copy.
/// `scanned` is the scan of exactly `raw`, when one was made already.
pub fn clean_owned(raw: String, scanned: Option<Scan>) -> String {
    // Characters are replaced before composing, so that a dropped invisible character does
    // not leave a letter and its combining mark uncomposed.
    let scanned = scanned.unwrap_or_else(|| scan(&raw));
    let vietnamese = scanned.vietnamese;
    let replaced: String = if scanned.needs_replacing {
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
                '\u{00D0}' if vietnamese => out.push('Đ'),
                '\u{00F0}' if vietnamese => out.push('đ'),
                c if is_invisible(c) => {}
                c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
                c => out.push(c),
            }
        }
        out
    } else {
        raw
    };
    if (scanned.surely_nfc && !scanned.needs_replacing)
        || is_nfc_quick(replaced.chars()) == IsNormalized::Yes
    {
        replaced
    } else {
        let composed: String = replaced.nfc().collect();
        // Text written with combining marks shows its Vietnamese letters only once composed
        // ("Vie\u{302}\u{323}t" is "Việt"): its Ð/ð are read then, so that cleaning twice
        // gives what cleaning once gives.
        if !vietnamese && composed.contains(['\u{00D0}', '\u{00F0}']) && scan(&composed).vietnamese
        {
            composed.replace('\u{00D0}', "Đ").replace('\u{00F0}', "đ")
        } else {
            composed
        }
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

/// Every toned lower-case vowel with its base and tone, sorted by character.
static TONE_INDEX: std::sync::LazyLock<Vec<(char, char, usize)>> = std::sync::LazyLock::new(|| {
    let mut v: Vec<(char, char, usize)> = TONED
        .iter()
        .flat_map(|(base, toned)| {
            std::iter::once((*base, *base, 0))
                .chain(toned.iter().enumerate().map(|(i, t)| (*t, *base, i + 1)))
        })
        .collect();
    v.sort();
    v
});

/// Splits a lower-case vowel into its base and tone (1..=5), or `None` for a non-vowel.
fn split_tone(c: char) -> Option<(char, usize)> {
    if c.is_ascii() {
        return matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y').then_some((c, 0));
    }
    let index = &*TONE_INDEX;
    index
        .binary_search_by(|e| e.0.cmp(&c))
        .ok()
        .map(|i| (index[i].1, index[i].2))
}

fn with_tone(base: char, tone: usize) -> char {
    if tone == 0 {
        return base;
    }
    TONED
        .iter()
        .find(|(b, _)| *b == base)
        .map(|(_, t)| t[tone - 1])
        .unwrap_or(base)
}

fn is_vowel(c: char) -> bool {
    split_tone(c).is_some()
}

/// Whether a character is alphabetic. The Latin blocks Vietnamese is written in are answered
/// without Unicode's tables, whose lookup is slow.
pub(crate) fn is_letter(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphabetic(),
        // Latin-1's letters (not × or ÷), Latin Extended-A and B, Latin Extended Additional
        0xC0..=0x24F => !matches!(c, '×' | '÷'),
        0x1E00..=0x1EFF => true,
        _ => c.is_alphabetic(),
    }
}

fn is_consonant(c: char) -> bool {
    is_letter(c) && !is_vowel(c)
}

/// Lower case without changing the number of characters. Vietnamese letters are looked up
/// directly: their upper and lower case sit side by side in their Unicode blocks.
fn lower(c: char) -> char {
    let u = c as u32;
    match u {
        0x41..=0x5A => return char::from_u32(u + 32).unwrap(),
        0x00..=0x7F => return c,
        0xC0..=0xDE if u != 0xD7 => return char::from_u32(u + 32).unwrap(),
        0xDF..=0xFF => return c,
        0x1EA0..=0x1EF9 => return char::from_u32(u | 1).unwrap(),
        0x0102 | 0x0110 | 0x0128 | 0x0168 | 0x01A0 | 0x01AF => {
            return char::from_u32(u + 1).unwrap()
        }
        0x0103 | 0x0111 | 0x0129 | 0x0169 | 0x01A1 | 0x01B0 => return c,
        _ => {}
    }
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

/// The matching form of `text`: see the module documentation.
pub fn fold(text: &str) -> String {
    fold_mapped(text).0
}

/// A name in the new tone placement, keeping its case and its `y` ("Thuỷ Nguyên" → "Thủy
/// Nguyên"; "Mỹ Đức" stays): one spelling of a name for every way it is written.
pub fn canonical_spelling(s: &str) -> String {
    let folded = fold(s);
    let is_base = |c: char, base: char| split_tone(c).is_some_and(|(b, _)| b == base);
    s.chars()
        .zip(folded.chars())
        .map(|(o, f)| {
            let lo = lower(o);
            if lo == f || (is_base(lo, 'y') && is_base(f, 'i')) {
                o
            } else if o.is_uppercase() {
                f.to_uppercase().next().unwrap_or(f)
            } else {
                f
            }
        })
        .collect()
}

/// Whether a lower-case character is one a folding rule starts at (o/u of a tone move, a y).
fn starts_rule(c: char) -> bool {
    matches!(c, 'o' | 'u' | 'y' | 'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ')
}

/// The ASCII bytes the matching form keeps whatever follows them (lowered): all but the
/// letters a folding rule may start at, y, o and u in either case.
const ASCII_KEPT: [bool; 256] = {
    let mut kept = [false; 256];
    let mut b = 0;
    while b < 0x80 {
        kept[b] = !matches!(b as u8, b'y' | b'Y' | b'o' | b'O' | b'u' | b'U');
        b += 1;
    }
    kept
};

/// How many bytes `kept_in_block` looks at together.
const BLOCK: usize = 16;

/// How many of the `BLOCK` bytes from `at` (a character start) the matching form keeps as
/// they are, ASCII lowered, before the first character `kept_len` does not keep; `None` near
/// the end of the text. Written without branches, so that the compiler compares the bytes
/// side by side.
fn kept_in_block(bytes: &[u8], at: usize) -> Option<usize> {
    let window = bytes.get(at..at + BLOCK + 2)?;
    let window: &[u8; BLOCK + 2] = window.try_into().expect("a window of BLOCK + 2 bytes");
    let mut not_kept = [0u8; BLOCK];
    for k in 0..BLOCK {
        not_kept[k] = u8::from(!kept_byte(window[k], window[k + 1], window[k + 2]));
    }
    Some((u128::from_le_bytes(not_kept).trailing_zeros() / 8) as usize)
}

/// `kept_len(…) != 0` for a byte `x` followed by `n1` and `n2`, without branches; true for a
/// continuation byte, whose character starts before it.
#[inline(always)]
fn kept_byte(x: u8, n1: u8, n2: u8) -> bool {
    let ascii_lower = x | 0x20;
    let ascii = (x < 0x80)
        & (ascii_lower != b'y')
        & !(((ascii_lower == b'o') | (ascii_lower == b'u')) & (n1 >= 0x80));
    let continuation = x & 0xC0 == 0x80;
    let latin1 = (x == 0xC3) & (n1 >= 0xA0) & (n1 != 0xBD);
    let c4 = (x == 0xC4) & ((n1 == 0x83) | (n1 == 0x91) | (n1 == 0xA9));
    let c5 = (x == 0xC5) & (n1 == 0xA9);
    let c6 = (x == 0xC6) & ((n1 == 0xA1) | (n1 == 0xB0));
    // Lower case of Latin Extended Additional (odd code points), from U+1EA1 to U+1EF1: the
    // y's above it are not kept.
    let extended = (x == 0xE1)
        & (n2 & 1 == 1)
        & (((n1 == 0xBA) & (n2 >= 0xA1)) | ((n1 == 0xBB) & (n2 <= 0xB1)));
    ascii | continuation | latin1 | c4 | c5 | c6 | extended
}

/// The UTF-8 length of the character at `at` if the matching form keeps it as it is (ASCII
/// capitals lowered) and no folding rule starts at it: lower-case letters and ASCII capitals
/// but the y's (an o or u only before ASCII, since a tone moves only onto a toned vowel),
/// digits and punctuation. 0 for the others, which are read one by one.
fn kept_len(bytes: &[u8], at: usize) -> usize {
    let next = |k: usize| bytes.get(at + k).copied().unwrap_or(0);
    match bytes[at] {
        b'y' | b'Y' => 0,
        b'o' | b'u' | b'O' | b'U' => (next(1) < 0x80) as usize,
        0..=0x7F => 1,
        // à to ÿ but ý
        0xC3 if next(1) >= 0xA0 && next(1) != 0xBD => 2,
        // ă, đ, ĩ, ũ, ơ, ư
        0xC4 if matches!(next(1), 0x83 | 0x91 | 0xA9) => 2,
        0xC5 if next(1) == 0xA9 => 2,
        0xC6 if matches!(next(1), 0xA1 | 0xB0) => 2,
        // Latin Extended Additional from U+1EA0: the lower-case letters are the odd ones; the
        // y's are ỳ, ỵ, ỷ, ỹ.
        0xE1 => {
            let u = 0x1000 | ((next(1) as u32 & 0x3F) << 6) | (next(2) as u32 & 0x3F);
            let lower = (0x1EA1..=0x1EF9).contains(&u) && u & 1 == 1;
            (lower && !matches!(u, 0x1EF3 | 0x1EF5 | 0x1EF7 | 0x1EF9)) as usize * 3
        }
        _ => 0,
    }
}

/// The matching form, and the `(form, text)` offsets where their difference changes (empty
/// when every character kept its UTF-8 length). One pass over the bytes: ASCII is lowered in
/// place, other characters through `lower`; only an o, u or y looks at what follows.
fn fold_mapped(text: &str) -> (String, Vec<(u32, u32)>) {
    fold_mapped_with(text, true)
}

/// The matching form and its points, with the kept runs read a block at a time or (for the
/// tests) one character at a time.
fn fold_mapped_with(text: &str, blocks: bool) -> (String, Vec<(u32, u32)>) {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut points: Vec<(u32, u32)> = Vec::new();
    // A character changed its length: the next character start may need a point.
    let mut shifted = false;
    let (mut p2, mut p1) = (' ', ' ');
    let char_at = |i: usize| -> Option<(char, usize)> {
        text.get(i..)
            .and_then(|t| t.chars().next())
            .map(|c| (lower(c), c.len_utf8()))
    };
    let mut i = 0;
    while i < bytes.len() {
        if shifted {
            shifted = false;
            let (pf, pt) = points.last().copied().unwrap_or((0, 0));
            if out.len() as i64 - i as i64 != pf as i64 - pt as i64 {
                points.push((out.len() as u32, i as u32));
            }
        }
        let x = bytes[i];
        // A run of characters the form keeps as they are is copied at once.
        let mut j = i;
        while j < bytes.len() {
            // Vietnamese text changes character class every few bytes: sixteen bytes are
            // looked at side by side, with no branch a character.
            match kept_in_block(bytes, j).filter(|_| blocks) {
                Some(BLOCK) => {
                    j += BLOCK;
                    // The block's last character may end in the next bytes.
                    while bytes.get(j).is_some_and(|&b| b & 0xC0 == 0x80) {
                        j += 1;
                    }
                    continue;
                }
                // The first byte not kept starts a character.
                Some(kept) => {
                    j += kept;
                    break;
                }
                None => {}
            }
            // Most bytes are ASCII the form keeps: a table says so without `kept_len`'s cases.
            if ASCII_KEPT[bytes[j] as usize] {
                j += 1;
                continue;
            }
            match kept_len(bytes, j) {
                0 => break,
                len => j += len,
            }
        }
        if j > i {
            let from = out.len();
            out.push_str(&text[i..j]);
            out[from..].make_ascii_lowercase();
            let mut last = out[from..].chars().rev();
            let (end, before) = (last.next(), last.next());
            p2 = before.unwrap_or(p1);
            p1 = end.unwrap_or(p1);
            i = j;
            continue;
        }
        let (mut c, len) = if x < 0x80 {
            ((x as char).to_ascii_lowercase(), 1)
        } else {
            char_at(i).unwrap()
        };
        if !starts_rule(c) {
            shifted |= c.len_utf8() != len;
            out.push(c);
            p2 = p1;
            p1 = c;
            i += len;
            continue;
        }
        let (next, next_len) = char_at(i + len).unwrap_or((' ', 0));
        // Old tone placement on an open oa/oe/uy: the tone moves to the first vowel, and the
        // pair is written at once.
        if c == 'o' || c == 'u' {
            let after = char_at(i + len + next_len).map_or(' ', |x| x.0);
            if let Some((base, tone)) = split_tone(next).filter(|_| !is_letter(after)) {
                let pair = (c == 'o' && (base == 'a' || base == 'e')) || (c == 'u' && base == 'y');
                let qu = c == 'u' && (p1 == 'q' || p1 == 'g');
                if pair && tone > 0 && !qu && !is_vowel(p1) {
                    let first = with_tone(c, tone);
                    out.push(first);
                    // The second character starts where the difference has moved.
                    points.push((out.len() as u32, (i + len) as u32));
                    out.push(base);
                    shifted = true;
                    p2 = first;
                    p1 = base;
                    i += len + next_len;
                    continue;
                }
            }
        }
        // A syllable whose only vowel is a final y after a consonant: sỹ/sĩ, lý/lí, kỹ/kĩ.
        if c != 'o'
            && c != 'u'
            && is_consonant(p1)
            && !is_vowel(p2)
            && !is_letter(next)
            && p1 != 'q'
        {
            if let Some((_, tone)) = split_tone(c) {
                c = with_tone('i', tone);
            }
        }
        shifted |= c.len_utf8() != len;
        out.push(c);
        p2 = p1;
        p1 = c;
        i += len;
    }
    // The end too: "Mỹ" → "mĩ" differs only after its last character.
    let (pf, pt) = points.last().copied().unwrap_or((0, 0));
    let end = (out.len() as u32, bytes.len() as u32);
    if end.0 as i64 - end.1 as i64 != pf as i64 - pt as i64 {
        points.push(end);
    }
    if !points.is_empty() {
        if points[0] != (0, 0) {
            points.insert(0, (0, 0));
        }
        if points.last() != Some(&end) {
            points.push(end);
        }
    }
    (out, points)
}

/// A byte offset into the matching form: where rules match.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FormByte(pub usize);

/// A byte offset into the clean text (`documents.text`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextByte(pub usize);

/// Maps byte offsets of a matching form back to byte offsets of the clean text, at character
/// boundaries (the two forms have the same characters, some of another UTF-8 length).
#[derive(Debug, Clone)]
pub enum OffsetMap {
    /// Every character kept its UTF-8 length: offsets are the same.
    Identity,
    /// `(form, text)` offsets of each character where the difference between the two changes
    /// (and of the end); between two points the difference holds.
    Points(Vec<(u32, u32)>),
}

impl OffsetMap {
    pub fn to_text(&self, b: FormByte) -> TextByte {
        TextByte(self.form_to_text(b.0))
    }

    /// The matching-form offset of a clean-text offset.
    pub fn from_text(&self, b: TextByte) -> FormByte {
        FormByte(self.text_to_form(b.0))
    }

    fn form_to_text(&self, b: usize) -> usize {
        match self {
            OffsetMap::Identity => b,
            OffsetMap::Points(p) => {
                let i = p
                    .partition_point(|&(f, _)| f as usize <= b)
                    .saturating_sub(1);
                (b as i64 + p[i].1 as i64 - p[i].0 as i64) as usize
            }
        }
    }

    fn text_to_form(&self, b: usize) -> usize {
        match self {
            OffsetMap::Identity => b,
            OffsetMap::Points(p) => {
                let i = p
                    .partition_point(|&(_, t)| t as usize <= b)
                    .saturating_sub(1);
                (b as i64 + p[i].0 as i64 - p[i].1 as i64) as usize
            }
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
        let (folded, points) = fold_mapped(clean);
        let map = if points.is_empty() {
            OffsetMap::Identity
        } else {
            OffsetMap::Points(points)
        };
        MatchForm { text: folded, map }
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
        CharCounter {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The character index of byte offset `b`; steps back when asked for an earlier offset
    /// (overlapping facts), counting only the stretch between.
    pub fn at(&mut self, b: TextByte) -> usize {
        let b = b.0;
        if b < self.byte {
            self.chars -= self.text[b..self.byte].chars().count();
            self.byte = b;
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
    fn letters_are_the_alphabetic_characters() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn blocks_keep_what_kept_len_keeps() {
        // As in UTF-8: after a lead byte come continuation bytes.
        let continuation = 0x80..=0xBFu8;
        for x in 0..=255u8 {
            let after = |lead: bool| if lead { continuation.clone() } else { 0..=255 };
            for n1 in after(x >= 0xC0) {
                for n2 in after(x >= 0xE0) {
                    let kept = x & 0xC0 == 0x80 || kept_len(&[x, n1, n2], 0) > 0;
                    assert_eq!(kept_byte(x, n1, n2), kept, "{x:x} {n1:x} {n2:x}");
                }
            }
        }
    }

    #[test]
    fn blocks_read_side_by_side_fold_as_one_character_at_a_time() {
        let texts = crate::scan::tests::mixed_texts(20_000);
        let mut blocks = 0;
        for text in &texts {
            let by_character = fold_mapped_with(text, false);
            assert_eq!(fold_mapped_with(text, true), by_character, "{text:?}");
            blocks += usize::from(kept_in_block(text.as_bytes(), 0) == Some(BLOCK));
        }
        // Both ways were taken.
        assert!(blocks > 1_000, "{blocks}");
        let every: String = texts.concat();
        let by_blocks = fold_mapped_with(&every, true);
        assert_eq!(by_blocks, fold_mapped_with(&every, false));
        // Characters changed their length: a toned y after a consonant became an i.
        assert!(by_blocks.1.len() > 100, "{}", by_blocks.1.len());
    }

    #[test]
    fn kept_characters_are_lower_case_and_start_no_rule() {
        let mut kept = 0;
        for c in (0..0x2100).filter_map(char::from_u32) {
            let s = format!("{c}a");
            let len = kept_len(s.as_bytes(), 0);
            if len > 0 {
                // An o or u is kept only before ASCII, where its rule does nothing; an ASCII
                // capital is lowered as it is copied.
                let rule = starts_rule(lower(c)) && !matches!(lower(c), 'o' | 'u');
                let copied = c.to_ascii_lowercase();
                assert_eq!((lower(c), rule, len), (copied, false, c.len_utf8()), "{c}");
                kept += 1;
            }
        }
        for c in "àáâãèéêìíòóôõùúăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữự".chars()
        {
            assert!(kept_len(c.to_string().as_bytes(), 0) > 0, "{c}");
        }
        for c in "yYýỳỷỹỵÀẠĐƠ".chars() {
            assert_eq!(kept_len(c.to_string().as_bytes(), 0), 0, "{c}");
        }
        // The ASCII table agrees with `kept_len` before ASCII and before a toned vowel.
        for b in 0..0x80u8 {
            let before_vowel = [&[b][..], "à".as_bytes()].concat();
            let kept = [kept_len(&[b, b'a'], 0), kept_len(&before_vowel, 0)];
            assert_eq!(ASCII_KEPT[b as usize], kept == [1, 1], "{b}");
        }
        assert_eq!(kept_len("oà".as_bytes(), 0), 0, "an o before a toned vowel");
        assert_eq!(kept_len("Oà".as_bytes(), 0), 0, "an O before a toned vowel");
        assert_eq!(kept_len("on".as_bytes(), 0), 1);
        assert_eq!(kept_len("On".as_bytes(), 0), 1);
        // ASCII but y and Y, Latin-1 from à but ý, six Vietnamese letters, the lower-case
        // half of U+1EA0–U+1EF9 but four y's.
        assert_eq!(kept, (128 - 2) + (32 - 1) + 6 + (45 - 4));
    }

    #[test]
    fn clean_drops_invisible_and_fixes_eth() {
        assert_eq!(clean("Ðả\u{200B}ng\u{00A0}ký\r\nx"), "Đảng ký\nx");
        // Icelandic keeps its eth: no letter only Vietnamese writes.
        assert_eq!(
            clean("Mikil örtröð í Lögmannsrétti"),
            "Mikil örtröð í Lögmannsrétti"
        );
    }

    #[test]
    fn clean_composes_to_nfc() {
        // "Việt" with the tone marks as combining characters.
        assert_eq!(clean("Vie\u{0302}\u{0323}t"), "Việt");
        // Its Vietnamese letters appear once composed: the eth is read as Đ then, and a
        // second cleaning changes nothing (found by the property test).
        let once = clean("\u{00D0}Vie\u{0302}\u{0323}t");
        assert_eq!(once, "ĐViệt");
        assert_eq!(clean(&once), once);
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
        // In capitals: the letters before a rule are read lowered.
        assert_eq!(fold("HOÀ BÌNH"), "hòa bình");
        assert_eq!(fold("KỸ"), "kĩ");
        assert_eq!(fold("QUÝ"), "quý");
    }

    #[test]
    fn match_form_maps_back_when_lengths_change() {
        let text = "Mỹ và kỳ";
        let m = MatchForm::new(text);
        assert_eq!(m.text, "mĩ và kì");
        let start = m.text.find("kì").unwrap();
        let end = start + "kì".len();
        assert_eq!(
            &text[m.map.to_text(FormByte(start)).0..m.map.to_text(FormByte(end)).0],
            "kỳ"
        );
    }

    #[test]
    fn match_form_maps_back_when_only_the_last_character_changes() {
        let text = "Ông Mỹ";
        let m = MatchForm::new(text);
        assert_eq!(m.text, "ông mĩ");
        assert_eq!(m.map.to_text(FormByte(m.text.len())), TextByte(text.len()));
        assert_eq!(
            m.map.from_text(TextByte(text.len())),
            FormByte(m.text.len())
        );
        let old = MatchForm::new("hoà bình");
        assert_eq!(old.text, "hòa bình");
        assert_eq!(
            old.map.to_text(FormByte(old.text.find('a').unwrap())).0,
            "hoà bình".find('à').unwrap()
        );
    }

    #[test]
    fn char_counter_counts_scalars() {
        let mut c = CharCounter::new("Việt Nam");
        assert_eq!(c.at(TextByte("Việt".len())), 4);
        assert_eq!(c.at(TextByte("Việt Nam".len())), 8);
        assert_eq!(c.at(TextByte(0)), 0);
    }
}
