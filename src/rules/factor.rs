//! Alternations rewritten as tries: `cá nhân|cán bộ|tập thể` → `(?:cá(?: nhân|n bộ)|tập thể)`.
//!
//! A word list (`{unit}` holds hundreds of nouns) becomes an alternation that a backtracking
//! engine tries alternative by alternative: each failed try costs a few steps, at every
//! place a rule is tried. Grouped by their first character, with common prefixes written
//! once, the alternatives that can match are reached in a few steps, and the automata built
//! from the pattern get fewer states.
//!
//! The rewrite keeps every match, leftmost-first included:
//! - two alternatives that start with different characters never both match at one place,
//!   so their order does not matter, and an alternative may move next to an earlier one
//!   with its first character across such alternatives only;
//! - a literal prefix matches in one way only, so `pA|pB` and `p(?:A|B)` try the same paths
//!   in the same order;
//! - any other alternative (a class, a repetition, a group) stays where it is and is not
//!   crossed.

use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};

/// `hir` with every alternation grouped by first character and its common prefixes
/// factored out.
pub fn factor(hir: Hir) -> Hir {
    match hir.kind() {
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => return hir,
        _ => {}
    }
    match hir.into_kind() {
        HirKind::Alternation(subs) => factor_alternation(subs.into_iter().map(factor).collect()),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(factor).collect()),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(factor(*c.sub)),
            ..c
        }),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(factor(*r.sub)),
            ..r
        }),
        _ => unreachable!("leaves are returned above"),
    }
}

/// The literal an alternative starts with, if it starts with one.
fn leading_literal(hir: &Hir) -> Option<&str> {
    let bytes = match hir.kind() {
        HirKind::Literal(lit) => &lit.0,
        HirKind::Concat(subs) => match subs.first().map(Hir::kind) {
            Some(HirKind::Literal(lit)) => &lit.0,
            _ => return None,
        },
        _ => return None,
    };
    // Patterns are text; a literal of bytes that are not UTF-8 (a byte class's) is left
    // alone.
    std::str::from_utf8(bytes).ok().filter(|s| !s.is_empty())
}

/// `hir` without the first `n` bytes of its leading literal.
fn strip_prefix(hir: Hir, n: usize) -> Hir {
    match hir.into_kind() {
        HirKind::Literal(lit) => Hir::literal(&lit.0[n..]),
        HirKind::Concat(mut subs) => {
            let HirKind::Literal(lit) = subs[0].kind() else {
                unreachable!("only alternatives with a leading literal are stripped")
            };
            subs[0] = Hir::literal(&lit.0[n..]);
            Hir::concat(subs)
        }
        _ => unreachable!("only alternatives with a leading literal are stripped"),
    }
}

/// The longest common prefix of some strings, in whole characters.
fn common_prefix<'a>(mut words: impl Iterator<Item = &'a str>) -> &'a str {
    let Some(first) = words.next() else {
        return "";
    };
    let mut len = first.len();
    for w in words {
        len = first
            .char_indices()
            .zip(w.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(len);
    }
    &first[..len]
}

/// How deep prefixes are factored within one alternation: a word list's branch points
/// are a few dozen characters apart at most, and a pattern written to nest deeper keeps
/// its alternatives below this depth as written.
const MAX_DEPTH: usize = 64;

fn factor_alternation(subs: Vec<Hir>) -> Hir {
    factor_alternation_at(subs, 0)
}

fn factor_alternation_at(subs: Vec<Hir>, depth: usize) -> Hir {
    if depth == MAX_DEPTH {
        return Hir::alternation(subs);
    }
    // Groups in order; `None` first characters are the alternatives that start otherwise.
    let mut groups: Vec<(Option<char>, Vec<Hir>)> = Vec::new();
    for sub in subs {
        let first = leading_literal(&sub).and_then(|s| s.chars().next());
        // Join the latest group with the same first character, if every group after it
        // starts with another character.
        let joined = first.and_then(|c| {
            for (i, (g, _)) in groups.iter().enumerate().rev() {
                match g {
                    Some(x) if *x == c => return Some(i),
                    Some(_) => continue,
                    None => return None,
                }
            }
            None
        });
        match joined {
            Some(g) => groups[g].1.push(sub),
            None => groups.push((first, vec![sub])),
        }
    }
    let alternatives = groups
        .into_iter()
        .map(|(first, mut members)| {
            if first.is_none() || members.len() == 1 {
                return members.pop().expect("a group has members");
            }
            let prefix = common_prefix(members.iter().filter_map(leading_literal)).to_string();
            let rest = members
                .into_iter()
                .map(|m| strip_prefix(m, prefix.len()))
                .collect();
            Hir::concat(vec![
                Hir::literal(prefix.as_bytes()),
                factor_alternation_at(rest, depth + 1),
            ])
        })
        .collect();
    Hir::alternation(alternatives)
}

/// Every leftmost-first match of `re` in `hay`, as the spans of its groups: for tests that
/// compare two ways of writing a pattern.
#[cfg(test)]
pub(super) fn group_spans(
    re: &regex_automata::meta::Regex,
    hay: &str,
) -> Vec<Vec<Option<(usize, usize)>>> {
    re.captures_iter(hay)
        .map(|c| {
            (0..c.group_len())
                .map(|i| c.get_group(i).map(|s| (s.start, s.end)))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::meta::Regex;

    /// Asserts that `pattern` is factored into `expected`.
    fn factors_into(pattern: &str, expected: &str) {
        let factored = factor(regex_syntax::parse(pattern).unwrap());
        assert_eq!(
            factored,
            regex_syntax::parse(expected).unwrap(),
            "{pattern}"
        );
    }

    #[test]
    fn alternatives_are_grouped_by_first_character_and_prefixes_written_once() {
        factors_into("cá nhân|tập thể|cán bộ|cá", "cá(?: nhân|n bộ|)|tập thể");
        factors_into("hộ|học sinh|hộ nghèo", "h(?:ộ(?:| nghèo)|ọc sinh)");
    }

    #[test]
    fn alternatives_that_may_start_alike_are_not_crossed() {
        // `[a-z]+` may match where `ab` does: `ab` cannot move before it.
        factors_into("ax|[a-z]+|ab", "ax|[a-z]+|ab");
        // Behind another first character it may.
        factors_into("ax|b|ab", "a(?:x|b)|b");
    }

    #[test]
    fn inner_alternations_and_groups_are_factored() {
        factors_into(
            "(?P<u>xã|xóm)(?:[ \t]+(?:cá nhân|cán bộ))?",
            "(?P<u>x(?:ã|óm))(?:[ \t]+cá(?: nhân|n bộ))?",
        );
    }

    /// Every leftmost-first match, with its groups, of both patterns in `hay`.
    fn same_matches(pattern: &str, hay: &str) {
        let hir = regex_syntax::parse(pattern).unwrap();
        let plain = Regex::builder().build_from_hir(&hir).unwrap();
        let trie = Regex::builder().build_from_hir(&factor(hir)).unwrap();
        assert_eq!(
            group_spans(&plain, hay),
            group_spans(&trie, hay),
            "{pattern}"
        );
    }

    #[test]
    fn matches_and_groups_are_unchanged() {
        let hay = "cán bộ, cá nhân và 3 hộ nghèo, học sinh; ax ab abc b xóm xã";
        for pattern in [
            "cá nhân|tập thể|cán bộ|cá",
            "(?P<n>[0-9]+) (?P<u>hộ|học sinh|hộ nghèo)",
            "(?P<a>ab|a)(?P<b>bc|c)?",
            "a(?:b|x)|[a-z]+|ab",
            "(?:c|cá|cán)(?: |n)",
            "x(?P<y>ã|óm)|x",
        ] {
            same_matches(pattern, hay);
        }
    }

    #[test]
    fn deeply_nested_prefixes_keep_their_matches() {
        // Each word extends the next: one level of prefixes a word, 200 deep (factored to
        // `MAX_DEPTH`, the rest as written).
        let words: Vec<String> = (1..=200).rev().map(|n| "ab".repeat(n)).collect();
        let pattern = words.join("|");
        let hay = format!("{} {}", "ab".repeat(150), "ab".repeat(3));
        let factored = factor(regex_syntax::parse(&pattern).unwrap());
        let re = Regex::builder().build_from_hir(&factored).unwrap();
        let found: Vec<usize> = re.find_iter(&hay).map(|m| m.len()).collect();
        assert_eq!(found, vec![300, 6]);
        same_matches(&pattern, &hay);
    }
}
