//! One pass over a text's bytes that tells later stages what they need to know: whether it
//! holds characters that cleaning replaces, whether it is surely NFC already, and how many
//! characters suggest a misreading (misread legacy bytes, mojibake). Decoding and cleaning
//! both read it, so the text is scanned once.

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Scan {
    /// A character `clean` replaces or drops (controls, NBSP, invisible characters, Ð/ð).
    pub needs_replacing: bool,
    /// Every character is surely NFC: below the combining marks (U+0300), in Latin Extended
    /// Additional (precomposed Vietnamese), or punctuation and currency.
    pub surely_nfc: bool,
    /// Characters Vietnamese text does not use but misread legacy bytes produce.
    pub odd: usize,
    /// Lead characters of UTF-8 read as windows-1252: `Ã`, `Ä`, `Æ`, `á»`/`áº`.
    pub mojibake: usize,
    /// A letter only Vietnamese writes: ă, đ, ĩ, ũ, ơ, ư, or one of Latin Extended Additional
    /// (ạ, ế, ữ…).
    pub vietnamese: bool,
    /// How many Vietnamese letters with a diacritic there are (à and é count too: see
    /// `legacy::is_vietnamese_letter`).
    pub letters: usize,
}

/// A character that Vietnamese text does not use but misread legacy bytes produce. It is
/// defined here, where the scan counts such characters, so that decoding (which also scores
/// readings by them) depends on the scan and not the other way round.
pub fn is_odd(c: char) -> bool {
    matches!(c as u32,
        0x0080..=0x009F | 0x00A1..=0x00A9 | 0x00AC | 0x00AE | 0x00B4..=0x00B9 | 0x00BE
        | 0x00C4..=0x00C7 | 0x00CB | 0x00CE | 0x00CF | 0x00D1 | 0x00D6..=0x00D8 | 0x00DB | 0x00DC
        | 0x00DE | 0x00DF | 0x00E4..=0x00E7 | 0x00EB | 0x00EE | 0x00EF | 0x00F1 | 0x00F6..=0x00F8
        | 0x00FB | 0x00FC | 0x00FE | 0x00FF | 0x0152 | 0x0153 | 0x0160 | 0x0161 | 0x0178 | 0x017D
        | 0x017E | 0x0192 | 0x02C6 | 0x02DC | 0x2020 | 0x2021 | 0x2030 | 0x2122 | 0xFFFD)
}

/// Whether the character before `at` (a character start) is `á`: C3 is always a lead byte,
/// so C3 A1 just before `at` is always `á`.
fn after_a_acute(b: &[u8], at: usize) -> bool {
    at >= 2 && b[at - 2..at] == [0xC3, 0xA1]
}

// The letters the scan knows without another look, by their bytes. Written with `&` and `|`
// (no branches), so that `plain_block` can test sixteen bytes side by side with them.

/// A character of Latin Extended Additional (ạ, ế, ữ…): lead byte E1, then BA or BB.
#[inline(always)]
fn is_extended(x: u8, n1: u8) -> bool {
    (x == 0xE1) & ((n1 == 0xBA) | (n1 == 0xBB))
}

/// Of those, a letter (U+1EA0 to U+1EF9), by its second and third bytes.
#[inline(always)]
fn is_extended_letter(n1: u8, n2: u8) -> bool {
    ((n1 == 0xBA) & (n2 >= 0xA0)) | ((n1 == 0xBB) & (n2 <= 0xB9))
}

/// A lower-case Latin-1 letter of `legacy::is_vietnamese_letter` (à á â ã è é ê ì í ò ó ô õ
/// ù ú ý), by its second byte after C3.
#[inline(always)]
fn is_latin1_letter(x: u8, n1: u8) -> bool {
    (x == 0xC3)
        & ((0xA0..=0xA3).contains(&n1)
            | (0xA8..=0xAA).contains(&n1)
            | (n1 == 0xAC)
            | (n1 == 0xAD)
            | (0xB2..=0xB5).contains(&n1)
            | (n1 == 0xB9)
            | (n1 == 0xBA)
            | (n1 == 0xBD))
}

/// ă, đ, ĩ, ũ, ơ, ư and their capitals: letters only Vietnamese writes, neither odd nor
/// replaced.
#[inline(always)]
fn is_only_vietnamese(x: u8, n1: u8) -> bool {
    ((x == 0xC4)
        & ((n1 == 0x82) | (n1 == 0x83) | (n1 == 0x90) | (n1 == 0x91) | (n1 == 0xA8) | (n1 == 0xA9)))
        | ((x == 0xC5) & ((n1 == 0xA8) | (n1 == 0xA9)))
        | ((x == 0xC6) & ((n1 == 0xA0) | (n1 == 0xA1) | (n1 == 0xAF) | (n1 == 0xB0)))
}

/// How many bytes `plain_block` looks at together.
const BLOCK: usize = 16;

/// What a block of plain characters adds to the scan.
struct PlainBlock {
    /// How many bytes from the block's start are plain: printable ASCII, tabs and line
    /// feeds, and Vietnamese letters that need no other look.
    plain: usize,
    letters: usize,
    vietnamese: bool,
}

/// The plain start of the `BLOCK` bytes from `at` (a character start), what its characters
/// add to the scan; `None` near the end of the text. Written without branches, so that the
/// compiler compares the bytes side by side.
fn plain_block(b: &[u8], at: usize) -> Option<PlainBlock> {
    let window = b.get(at..at + BLOCK + 2)?;
    let w: &[u8; BLOCK + 2] = window.try_into().expect("a window of BLOCK + 2 bytes");
    let (mut not_plain, mut letter, mut vietnamese) = ([0u8; BLOCK], [0u8; BLOCK], [0u8; BLOCK]);
    for k in 0..BLOCK {
        let (x, n1, n2) = (w[k], w[k + 1], w[k + 2]);
        let ascii = ((0x20..0x7F).contains(&x)) | (x == b'\n') | (x == b'\t');
        let continuation = x & 0xC0 == 0x80;
        let extended = is_extended(x, n1);
        let extended_letter = extended & is_extended_letter(n1, n2);
        let latin1 = is_latin1_letter(x, n1);
        let only_vietnamese = is_only_vietnamese(x, n1);
        not_plain[k] = u8::from(!(ascii | continuation | extended | latin1 | only_vietnamese));
        letter[k] = u8::from(extended_letter | latin1 | only_vietnamese);
        vietnamese[k] = u8::from(extended | only_vietnamese);
    }
    let plain = (u128::from_le_bytes(not_plain).trailing_zeros() / 8) as usize;
    // Bytes from the first that is not plain on count for nothing.
    let within = |flags: [u8; BLOCK]| {
        (0..BLOCK)
            .map(|k| usize::from(flags[k] & u8::from(k < plain)))
            .sum::<usize>()
    };
    Some(PlainBlock {
        plain,
        letters: within(letter),
        vietnamese: within(vietnamese) > 0,
    })
}

/// Where the run of printable ASCII (0x20 to 0x7E) from `at` ends, read eight bytes at a
/// time; the last few bytes of a run are left to the caller.
fn printable_ascii_end(b: &[u8], mut at: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    // Whether some byte of `w` is below `n` (n <= 0x80), for bytes below 0x80.
    let has_less = |w: u64, n: u8| w.wrapping_sub(ONES * n as u64) & !w & HIGH != 0;
    while let Some(chunk) = b.get(at..at + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if w & HIGH != 0 || has_less(w, 0x20) || has_less(w ^ (ONES * 0x7F), 1) {
            break;
        }
        at += 8;
    }
    at
}

/// What the later stages need to know of `text` (see `Scan`), in one pass.
pub fn scan(text: &str) -> Scan {
    scan_with(text, true)
}

/// The scan, with the plain blocks read side by side or (for the tests) one character at a
/// time.
fn scan_with(text: &str, blocks: bool) -> Scan {
    let b = text.as_bytes();
    let mut out = Scan {
        surely_nfc: true,
        ..Scan::default()
    };
    let mut i = 0;
    while i < b.len() {
        // Markup and scripts are long runs of printable ASCII: a word of eight bytes at a
        // time. Vietnamese text changes character class every few bytes: sixteen bytes are
        // looked at side by side, with no branch a character.
        let ascii_end = if blocks { printable_ascii_end(b, i) } else { i };
        if ascii_end > i {
            i = ascii_end;
            continue;
        }
        if let Some(block) = plain_block(b, i).filter(|_| blocks) {
            out.letters += block.letters;
            out.vietnamese |= block.vietnamese;
            i += block.plain;
            if block.plain == BLOCK {
                // The block's last character may end in the next bytes.
                while b.get(i).is_some_and(|&x| x & 0xC0 == 0x80) {
                    i += 1;
                }
                continue;
            }
        }
        let Some(&x) = b.get(i) else { break };
        if (0x20..0x7F).contains(&x) {
            // A run of printable ASCII; a long one (markup, scripts) is read a word at a time.
            let run = i;
            i += 1;
            while i < b.len() && (0x20..0x7F).contains(&b[i]) {
                i += 1;
                if i - run == 16 {
                    i = printable_ascii_end(b, i);
                }
            }
            continue;
        }
        let (n1, n2) = (
            b.get(i + 1).copied().unwrap_or(0),
            b.get(i + 2).copied().unwrap_or(0),
        );
        // The most frequent letters need none of the checks below: Latin Extended Additional
        // (ạ, ế, ữ…) and the lower-case Latin-1 letters of `legacy::is_vietnamese_letter`
        // (à, é, ô…), here by their second byte.
        if is_extended(x, n1) {
            out.vietnamese = true;
            out.letters += usize::from(is_extended_letter(n1, n2));
            i += 3;
            continue;
        }
        if is_latin1_letter(x, n1) {
            out.letters += 1;
            i += 2;
            continue;
        }
        if is_only_vietnamese(x, n1) {
            out.vietnamese = true;
            out.letters += 1;
            i += 2;
            continue;
        }
        // Which characters clean replaces, and which may not be NFC.
        match x {
            b'\n' | b'\t' => {}
            0..=0x1F | 0x7F => out.needs_replacing = true,
            // U+0080–U+00A0 (C1 controls, NBSP), U+00AD, U+00D0, U+00F0
            0xC2 if matches!(n1, 0x80..=0xA0 | 0xAD) => out.needs_replacing = true,
            0xC3 if matches!(n1, 0x90 | 0xB0) => out.needs_replacing = true,
            0xC0..=0xCB => {}
            0xCC..=0xDF => out.surely_nfc = false,
            // U+2007, U+200B–U+200D, U+202F, U+2060
            0xE2 if (n1 == 0x80 && matches!(n2, 0x87 | 0x8B..=0x8D | 0xAF))
                || (n1 == 0x81 && n2 == 0xA0) =>
            {
                out.needs_replacing = true
            }
            // Latin Extended Additional; punctuation U+2002–U+206F; currency U+20A0–U+20BF
            0xE1 if matches!(n1, 0xB8..=0xBB) => {}
            0xE2 if (n1 == 0x80 && n2 >= 0x82)
                || n1 == 0x81
                || (n1 == 0x82 && matches!(n2, 0xA0..=0xBF)) => {}
            // U+FEFF
            0xEF if n1 == 0xBB && n2 == 0xBF => out.needs_replacing = true,
            0x80..=0xBF => {}
            _ => out.surely_nfc = false,
        }
        // Which characters suggest a misreading: only these lead bytes can start one.
        let c = match x {
            0xC2 | 0xC3 => char::from_u32(((x as u32 & 0x03) << 6) | (n1 as u32 & 0x3F)),
            0xC5 | 0xC6 | 0xCB | 0xE2 | 0xEF => text[i..].chars().next(),
            _ => None,
        };
        match c {
            Some(c) => {
                out.odd += is_odd(c) as usize;
                out.letters +=
                    (x == 0xC3 && crate::decode::legacy::is_vietnamese_letter(c)) as usize;
                if matches!(c, 'Ã' | 'Ä' | 'Æ') || (after_a_acute(b, i) && matches!(c, '»' | 'º'))
                {
                    out.mojibake += 1;
                }
                i += c.len_utf8();
            }
            None => {
                // The text is UTF-8: the lead byte tells the character's length, and its
                // continuation bytes need no look.
                i += match x {
                    0..=0x7F => 1,
                    0x80..=0xDF => 2,
                    0xE0..=0xEF => 3,
                    _ => 4,
                };
            }
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Texts that mix, at every offset, the characters the scan and the matching form tell
    /// apart: ASCII (y, o and u among it), Vietnamese letters in both cases, controls, NBSP, odd
    /// and mojibake characters, combining marks, other scripts.
    pub(crate) fn mixed_texts(count: usize) -> Vec<String> {
        let alphabet: Vec<char> = "aAbBcoOuUyYqg 09.,\n\t\r\u{1}\u{7f}\
            àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ\
            ÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ\
            \u{a0}\u{ad}Ððº»ÃÄÆ¬¸äöß\u{300}\u{301}\u{323}\u{200b}\u{feff}–“€😀ḁἈ中"
            .chars()
            .collect();
        // A linear congruential generator: the same texts on every run.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        };
        (0..count)
            .map(|_| {
                // Mostly plain lower-case text, as in articles, with the rest sprinkled in.
                let len = next(80);
                (0..len)
                    .map(|_| match next(4) {
                        0 => alphabet[next(alphabet.len())],
                        _ => "anh tiên của người huyện được"
                            .chars()
                            .nth(next(29))
                            .expect("a letter of the phrase"),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn blocks_read_side_by_side_scan_as_one_character_at_a_time() {
        let texts = mixed_texts(20_000);
        let mut blocks = 0;
        for text in &texts {
            assert_eq!(scan_with(text, true), scan_with(text, false), "{text:?}");
            blocks +=
                usize::from(plain_block(text.as_bytes(), 0).is_some_and(|b| b.plain == BLOCK));
        }
        // Both ways were taken.
        assert!(blocks > 1_000, "{blocks}");
        let every: String = texts.concat();
        assert_eq!(scan_with(&every, true), scan_with(&every, false));
        assert!(scan(&every).letters > 100_000);
    }

    #[test]
    fn finds_what_cleaning_and_decoding_need() {
        let s = scan("Việt Nam");
        assert_eq!(
            s,
            Scan {
                needs_replacing: false,
                surely_nfc: true,
                odd: 0,
                mojibake: 0,
                vietnamese: true,
                letters: 1,
            }
        );
        assert!(!scan("Mikil örtröð í Lögmannsrétti").vietnamese);
        assert!(scan("đ").vietnamese && scan("ư").vietnamese && !scan("ýá").vietnamese);
        assert!(scan("a\u{00A0}b").needs_replacing);
        assert!(scan("a\u{200B}b").needs_replacing);
        assert!(!scan("Vie\u{0302}\u{0323}t").surely_nfc);
        let (garbled, _, _) = encoding_rs::WINDOWS_1252.decode("Việt Nam tặng".as_bytes());
        assert!(scan(&garbled).mojibake >= 2, "{garbled}");
        assert_eq!(scan("Hu¬ng Ph¸t").odd, 2);
    }

    #[test]
    fn long_ascii_runs_are_read_whole() {
        let plain = "The quick brown fox jumps over the lazy dog, 0123456789 <div>~</div>";
        assert_eq!(scan(plain), scan("x"));
        for at in 0..plain.len() {
            for (odd, replaced) in [("\u{7f}", true), ("\u{1}", true), ("\t", false)] {
                let text = format!("{}{odd}{}", &plain[..at], &plain[at..]);
                assert_eq!(scan(&text).needs_replacing, replaced, "{odd:?} at {at}");
            }
            let text = format!("{}Ã{}", &plain[..at], &plain[at..]);
            assert_eq!(scan(&text).mojibake, 1, "at {at}");
        }
    }

    #[test]
    fn counts_letters_and_misreadings_exactly() {
        // "á»" and "áº" (Latin Extended Additional read as windows-1252) count, and so do Ã,
        // Ä, Æ; a » after another letter does not.
        let s = scan("Viá»‡t táº·ng à» Ã Ä Æ");
        assert_eq!((s.mojibake, s.odd, s.letters), (5, 4, 4));
        let s = scan("Ủy ban nhân dân tặng bằng khen à é ô ý");
        assert_eq!(
            (s.mojibake, s.odd, s.letters, s.vietnamese),
            (0, 0, 9, true)
        );
    }
}
