//! Where a rule's matches can start, for all rules in one pass over the text.
//!
//! Most rules begin with a digit, a number word or a named form ("bằng khen", "huân
//! chương"): the literals every match of a rule starts with are read from its pattern
//! (regex-syntax's prefix extraction), and one Aho-Corasick automaton finds them all. Each
//! rule is then tried, anchored, only where one of its literals occurs, instead of being
//! searched for over the whole text. A rule whose matches may start anywhere (`[^ ,]+…`) is
//! searched for over the whole text as before.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::Hir;

/// The literals every match of `hir` starts with; `None` when a match may start anywhere.
pub fn prefixes(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let mut extractor = Extractor::new();
    extractor
        .kind(ExtractKind::Prefix)
        // Vietnamese letter classes (`[aăâ]`, `[0-9]`) and short lists stay finite.
        .limit_class(32)
        .limit_repeat(4)
        .limit_literal_len(24)
        .limit_total(4096);
    let seq = extractor.extract(hir);
    let literals = seq.literals()?;
    if literals.is_empty() || literals.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    Some(literals.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// The literals of all rules, found in one pass.
#[derive(Debug, Clone)]
pub struct Starts {
    automaton: AhoCorasick,
    /// For each literal, whether a rule that may start inside a word begins with it.
    inside_words: Vec<bool>,
    /// Rules without starting literals, in order: searched for over the whole text.
    pub anywhere: Vec<usize>,
}

impl Starts {
    /// `prefixes[i]` are rule `i`'s starting literals, or `None` for a rule that may start
    /// anywhere.
    /// `boundary[i]`: whether rule `i` keeps to word edges.
    pub fn new(prefixes: &[Option<Vec<Vec<u8>>>], boundary: &[bool]) -> Result<Starts, String> {
        let mut literals: Vec<(&[u8], bool)> = Vec::new();
        for (rule, list) in prefixes.iter().enumerate() {
            literals.extend(list.iter().flatten().map(|l| (&l[..], !boundary[rule])));
        }
        // Sorted with `true` first, so that dedup keeps a literal once, with `true` if any.
        literals.sort_unstable_by(|a, b| a.0.cmp(b.0).then(b.1.cmp(&a.1)));
        literals.dedup_by_key(|l| l.0);
        let inside_words = literals.iter().map(|l| l.1).collect();
        let literals: Vec<&[u8]> = literals.into_iter().map(|l| l.0).collect();
        let anywhere = (0..prefixes.len())
            .filter(|&i| prefixes[i].is_none())
            .collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&literals)
            .map_err(|e| format!("rule starts: {e}"))?;
        Ok(Starts {
            automaton,
            inside_words,
            anywhere,
        })
    }

    /// The places in `hay` where a literal of some rule starts, in order, each with
    /// `edge(place)`: whether a match that keeps to word edges may start there. A place
    /// off the edges is left out when only rules that keep to them start with its literal.
    pub fn find(&self, hay: &str, edge: impl Fn(&str, usize) -> bool) -> Vec<(usize, bool)> {
        let mut out: Vec<(usize, bool)> = Vec::new();
        for m in self.automaton.find_overlapping_iter(hay) {
            let at = m.start();
            let at_edge = edge(hay, at);
            if !at_edge && !self.inside_words[m.pattern().as_usize()] {
                continue;
            }
            out.push((at, at_edge));
        }
        // Overlapping matches come in the order of their ends, several at one start.
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hir(pattern: &str) -> Hir {
        regex_syntax::parse(pattern).unwrap()
    }

    #[test]
    fn prefixes_of_numbers_words_and_open_starts() {
        let digits = prefixes(&hir("[0-9]+ xã")).unwrap();
        let firsts: std::collections::BTreeSet<u8> = digits.iter().map(|l| l[0]).collect();
        assert_eq!(firsts, (b'0'..=b'9').collect());
        let words = prefixes(&hir("(?:bằng|giấy) khen")).unwrap();
        assert_eq!(
            words,
            vec!["bằng khen".as_bytes().to_vec(), "giấy khen".into()]
        );
        assert_eq!(prefixes(&hir("[^ ,]+ khen")), None);
        assert_eq!(prefixes(&hir("(?:x)?.* y")), None);
    }

    #[test]
    fn starts_are_found_in_order_with_their_edges() {
        let digits = ["1", "2", "3"].map(|d| d.as_bytes().to_vec()).to_vec();
        let rules = [Some(digits), Some(vec!["xã ".into(), "ã 3".into()]), None];
        let starts = Starts::new(&rules, &[false, true, true]).unwrap();
        assert_eq!(starts.anywhere, vec![2]);
        let edge = |hay: &str, at: usize| {
            !hay[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        };
        let found = starts.find("12 xã, xã 3", edge);
        // "2" inside "12" is kept for the first rule; "ã 3" inside "xã" is left out.
        assert_eq!(found, vec![(0, true), (1, false), (8, true), (12, true)]);
    }
}
