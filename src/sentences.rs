//! Sentence splitting that keeps decimals (`18,42`), thousands (`1.637`), dates (`12.1`)
//! and abbreviations (`TP.`, `Q.`, `TS.`) inside their sentence.

use crate::lexicon::WordList;

/// A sentence as a byte range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

fn opens_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '-' | '–' | '•')
}

/// The word just before byte `dot` (letters, digits, `.` and `/`), in lower case.
fn word_before(text: &str, dot: usize) -> String {
    let head = &text[..dot];
    let start = head
        .char_indices()
        .rev()
        .find(|(_, c)| !(crate::rules::is_word(*c) || *c == '.' || *c == '/'))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    head[start..].to_lowercase()
}

/// An abbreviation of the lexicon's `abbreviations` keeps its sentence going.
fn is_abbreviation(word: &str, abbreviations: &WordList) -> bool {
    let n = word.chars().count();
    // A lone capital initial ("Nguyễn V. A") also keeps the sentence going.
    abbreviations.contains(word) || (n == 1 && word.chars().all(|c| c.is_alphabetic()))
}

/// No sentence of an article is longer (the longest of 35,414 news articles with a fact:
/// about 8 KB); a longer run without a sentence end is a list or a trap, and every fact in
/// it carries its sentence, so it is split at a space before this length.
pub const MAX_SENTENCE_BYTES: usize = 8 << 10;

/// Splits `text` into sentences; blank stretches between them belong to none.
pub fn split(text: &str, abbreviations: &WordList) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut push = |mut s: usize, e: usize| {
        while e - s > MAX_SENTENCE_BYTES {
            let mut cut = s + MAX_SENTENCE_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let cut = text[s..cut].rfind(' ').map_or(cut, |i| s + i + 1);
            push_trimmed(&mut out, text, s, cut);
            s = cut;
        }
        push_trimmed(&mut out, text, s, e);
    };
    let mut start = 0;
    let mut at = 0;
    // Every sentence end starts with a byte among these (`…` is E2 80 A6), found with SIMD:
    // the common ones first, then the rare ones before it.
    let bytes = text.as_bytes();
    let next_candidate = |from: usize| {
        let common = memchr::memchr3(b'\n', b'.', 0xE2, &bytes[from..]).map(|i| from + i);
        let before = common.unwrap_or(bytes.len());
        memchr::memchr2(b'!', b'?', &bytes[from..before])
            .map(|i| from + i)
            .or(common)
    };
    while let Some(pos) = next_candidate(at) {
        let c = text[pos..].chars().next().expect("a character starts here");
        at = pos + c.len_utf8();
        if c == '\n' {
            push(start, pos);
            start = at;
            continue;
        }
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // Take a run of closing punctuation and quotes with it.
        let (mut end, mut run) = (pos, 0);
        for c in text[pos..]
            .chars()
            .take_while(|c| matches!(c, '.' | '!' | '?' | '…' | '"' | '”' | '’' | ')'))
        {
            end += c.len_utf8();
            run += 1;
        }
        let rest = &text[end..];
        let space_then_open = rest.starts_with(char::is_whitespace)
            && rest
                .chars()
                .find(|c| !c.is_whitespace())
                .is_some_and(opens_sentence);
        if space_then_open
            && !(c == '.' && run == 1 && is_abbreviation(&word_before(text, pos), abbreviations))
        {
            push(start, end);
            start = end;
        }
        at = end;
    }
    push(start, text.len());
    out
}

/// Adds the sentence `s..e` of `text` without its surrounding blanks, if anything is left.
fn push_trimmed(out: &mut Vec<Sentence>, text: &str, s: usize, e: usize) {
    let piece = &text[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if s + lead < e - trail {
        out.push(Sentence {
            start: s + lead,
            end: e - trail,
        });
    }
}

/// The index of the sentence holding byte `b`, if any.
pub fn index_of(sentences: &[Sentence], b: usize) -> Option<usize> {
    let i = sentences.partition_point(|s| s.end <= b);
    (i < sentences.len() && sentences[i].start <= b).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abbreviations() -> WordList {
        crate::rules::RuleSet::load(None)
            .unwrap()
            .lexicon
            .abbreviations
    }

    fn texts(t: &str) -> Vec<&str> {
        split(t, &abbreviations())
            .iter()
            .map(|s| &t[s.start..s.end])
            .collect()
    }

    #[test]
    fn keeps_numbers_and_abbreviations() {
        let t = "Có 1.637 cá nhân, đạt 18,42% ngày 12.1. Tại TP. Hồ Chí Minh, TS. Lan nói. Hết";
        assert_eq!(
            texts(t),
            vec![
                "Có 1.637 cá nhân, đạt 18,42% ngày 12.1.",
                "Tại TP. Hồ Chí Minh, TS. Lan nói.",
                "Hết"
            ]
        );
    }

    #[test]
    fn lines_end_sentences() {
        assert_eq!(
            texts("Tiêu đề\n\n14/01/2023 09:46\nNội dung một. Hai!"),
            vec!["Tiêu đề", "14/01/2023 09:46", "Nội dung một.", "Hai!"]
        );
    }

    #[test]
    fn a_run_without_an_end_is_split_at_a_space_within_the_bound() {
        let clause = "tặng giấy khen cho 12 tập thể, ";
        let text = clause.repeat((3 * MAX_SENTENCE_BYTES + 100) / clause.len() + 1);
        let got = split(&text, &abbreviations());
        assert_eq!(got.len(), 4);
        assert!(got.iter().all(|s| s.end - s.start <= MAX_SENTENCE_BYTES));
        assert!(got.windows(2).all(|w| text[..w[1].start].ends_with(' ')));
        let solid = "x".repeat(MAX_SENTENCE_BYTES + 5);
        let got = split(&solid, &abbreviations());
        assert_eq!(
            got,
            [
                Sentence {
                    start: 0,
                    end: MAX_SENTENCE_BYTES
                },
                Sentence {
                    start: MAX_SENTENCE_BYTES,
                    end: MAX_SENTENCE_BYTES + 5
                }
            ]
        );
    }

    #[test]
    fn ellipses_and_closing_quotes_end_with_their_sentence() {
        assert_eq!(
            texts("Anh nói: “Đạt 100%…” Sau đó… “Tặng” 5 người?) Còn – ý kiến."),
            vec![
                "Anh nói: “Đạt 100%…”",
                "Sau đó…",
                "“Tặng” 5 người?)",
                "Còn – ý kiến."
            ]
        );
        // A run of ends is one end; an abbreviation's dot is not one.
        assert_eq!(texts("Xong!!! Q. Ba"), vec!["Xong!!!", "Q. Ba"]);
    }

    #[test]
    fn finds_sentence_of_offset() {
        let t = "Một. Hai.";
        let s = split(t, &abbreviations());
        let hai = t.find("Hai").unwrap();
        assert_eq!(index_of(&s, 0), Some(0));
        assert_eq!(index_of(&s, hai), Some(1));
        assert_eq!(index_of(&s, hai - 1), None);
    }
}
