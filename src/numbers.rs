//! Reading numbers as Vietnamese pages write them.
//!
//! Digits: `.` groups thousands and `,` marks decimals (`1.637`, `18,42`, `05`); a page may
//! use the English convention instead (`3,462,461`, `1,234.5`). Words: `hai`, `mười hai`,
//! `hai mươi lăm`, `một trăm`, `ba nghìn`.

use crate::lexicon::Lexicon;

/// How a document writes its numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Convention {
    #[default]
    Vietnamese,
    English,
}

impl Convention {
    /// English when the text has a number only the English convention reads: two comma
    /// groups (`3,462,461`) or a comma group before a decimal point (`1,234.5`).
    pub fn detect(text: &str) -> Convention {
        let b = text.as_bytes();
        let digit = |i: usize| i < b.len() && b[i].is_ascii_digit();
        let group =
            |i: usize| b.get(i) == Some(&b',') && (1..=3).all(|k| digit(i + k)) && !digit(i + 4);
        // Only a comma can start a group.
        for i in memchr::memchr_iter(b',', b) {
            if i >= 1 && digit(i - 1) && group(i) {
                let next = b.get(i + 4);
                if next == Some(&b',') && group(i + 4) {
                    return Convention::English;
                }
                if next == Some(&b'.') && digit(i + 5) {
                    return Convention::English;
                }
            }
        }
        Convention::Vietnamese
    }
}

/// Parses a number written in digits; `None` when it is not one.
pub fn parse_digits(s: &str, convention: Convention) -> Option<f64> {
    let s = s.trim();
    if s.is_empty()
        || !s
            .bytes()
            .all(|c| c.is_ascii_digit() || c == b'.' || c == b',')
    {
        return None;
    }
    if !s.as_bytes()[0].is_ascii_digit() || !s.as_bytes()[s.len() - 1].is_ascii_digit() {
        return None;
    }
    let (group, decimal) = match convention {
        Convention::Vietnamese => ('.', ','),
        Convention::English => (',', '.'),
    };
    // A lone group separator not followed by exactly three digits is a decimal mark
    // written the other way (`2.5` on a Vietnamese page).
    let groups: Vec<&str> = s.split(decimal).collect();
    if groups.len() > 2 {
        return None;
    }
    let int_part = groups[0];
    let parts: Vec<&str> = int_part.split(group).collect();
    let plain_int = if parts.len() > 1 && parts[1..].iter().all(|p| p.len() == 3) {
        parts.concat()
    } else if parts.len() == 2 && groups.len() == 1 {
        format!("{}.{}", parts[0], parts[1])
    } else if parts.len() == 1 {
        parts[0].to_string()
    } else {
        return None;
    };
    let text = match groups.get(1) {
        Some(frac) if !plain_int.contains('.') => format!("{plain_int}.{frac}"),
        Some(_) => return None,
        None => plain_int,
    };
    text.parse().ok()
}

/// The number of decimals a digit string states (`18,42` → 2), after the convention.
pub fn stated_decimals(s: &str, convention: Convention) -> u32 {
    let decimal = match convention {
        Convention::Vietnamese => ',',
        Convention::English => '.',
    };
    s.rsplit_once(decimal)
        .map(|(_, f)| f.len() as u32)
        .unwrap_or(0)
}

/// Parses number words in the matching form (`mười hai` → 12, `hai mươi lăm` → 25,
/// `một trăm` → 100, `ba nghìn` → 3000); `None` when the words are not a number. The words
/// are the lexicon's `digit_words`, `ten_words`, `tens_words`, `hundred_words` and `scale`.
pub fn parse_words(s: &str, lexicon: &Lexicon) -> Option<f64> {
    let mut total: u64 = 0; // completed thousands/millions groups
    let mut group: u64 = 0; // below the current scale word
    let mut last: Option<u64> = None; // the digit word waiting for mươi/trăm
    let mut any = false;
    for w in s.split_whitespace() {
        any = true;
        if lexicon.ten_words.contains(w) {
            group += last.take().unwrap_or(0) + 10;
        } else if lexicon.tens_words.contains(w) {
            group += last.take()? * 10;
        } else if lexicon.hundred_words.contains(w) {
            group += last.take().unwrap_or(1) * 100;
        } else if let Some(scale) = lexicon.scale.value(w) {
            group += last.take().unwrap_or(0);
            total += group.max(1) * scale as u64;
            group = 0;
        } else {
            let d = lexicon.digit_words.value(w)? as u64;
            if let Some(prev) = last.take() {
                group += prev; // "trăm linh năm": the 0 of linh adds nothing
            }
            last = Some(d);
        }
    }
    if !any {
        return None;
    }
    Some((total + group + last.unwrap_or(0)) as f64)
}

/// Ordinal words of a rank (`thứ nhất`, `thứ nhì`, `thứ tư`).
pub fn parse_ordinal(s: &str, lexicon: &Lexicon) -> Option<f64> {
    lexicon
        .ordinal_words
        .value(s)
        .or_else(|| parse_words(s, lexicon))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;
    use Convention::*;

    #[test]
    fn vietnamese_digits() {
        assert_eq!(parse_digits("1.637", Vietnamese), Some(1637.0));
        assert_eq!(parse_digits("18,42", Vietnamese), Some(18.42));
        assert_eq!(parse_digits("05", Vietnamese), Some(5.0));
        assert_eq!(parse_digits("1.234.567,5", Vietnamese), Some(1234567.5));
        assert_eq!(parse_digits("2.5", Vietnamese), Some(2.5));
        assert_eq!(parse_digits("1,2,3", Vietnamese), None);
    }

    #[test]
    fn english_digits() {
        assert_eq!(Convention::detect("Tổng lượt truy cập3,462,461"), English);
        assert_eq!(
            Convention::detect("đạt 18,42% và 1.637 cá nhân"),
            Vietnamese
        );
        assert_eq!(parse_digits("3,462,461", English), Some(3462461.0));
        assert_eq!(parse_digits("1,234.5", English), Some(1234.5));
    }

    #[test]
    fn decimals_stated() {
        assert_eq!(stated_decimals("18,42", Vietnamese), 2);
        assert_eq!(stated_decimals("18", Vietnamese), 0);
    }

    #[test]
    fn number_words() {
        let lex = RuleSet::load(None).unwrap().lexicon;
        assert_eq!(parse_words("hai", &lex), Some(2.0));
        assert_eq!(parse_words("mười", &lex), Some(10.0));
        assert_eq!(parse_words("mười hai", &lex), Some(12.0));
        assert_eq!(parse_words("hai mươi lăm", &lex), Some(25.0));
        assert_eq!(parse_words("hai mươi mốt", &lex), Some(21.0));
        assert_eq!(parse_words("một trăm", &lex), Some(100.0));
        assert_eq!(parse_words("một trăm linh năm", &lex), Some(105.0));
        assert_eq!(parse_words("ba nghìn", &lex), Some(3000.0));
        assert_eq!(parse_words("hai nghìn năm trăm", &lex), Some(2500.0));
        assert_eq!(
            parse_words("hai mươi mốt nghìn không trăm mười một", &lex),
            Some(21011.0)
        );
        assert_eq!(parse_words("hai chục", &lex), Some(20.0));
        assert_eq!(parse_words("ba triệu", &lex), Some(3e6));
        assert_eq!(parse_words("tập", &lex), None);
    }
}
