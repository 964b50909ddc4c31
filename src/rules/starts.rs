//! Where a rule's matches can start, for all rules in one pass over the text.
//!
//! Most rules begin with a digit, a number word or a named form ("bằng khen", "huân
//! chương"): the literals every match of a rule starts with are read from its pattern
//! (regex-syntax's prefix extraction), and one Aho-Corasick automaton finds them all. Each
//! rule is then tried, anchored, only where one of its literals occurs, instead of being
//! searched for over the whole text. A rule whose matches may start anywhere (`[^ ,]+…`) is
//! searched for over the whole text as before.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};
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
    automaton: DFA,
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
        let automaton = DFA::builder()
            .match_kind(MatchKind::Standard)
            .start_kind(StartKind::Unanchored)
            .prefilter(false)
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
        for (at, literal) in self.occurrences(hay.as_bytes()) {
            let at_edge = edge(hay, at);
            if !at_edge && !self.inside_words[literal] {
                continue;
            }
            out.push((at, at_edge));
        }
        // Overlapping matches come in the order of their ends, several at one start.
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Every occurrence of every literal in `hay`, as (start, literal).
    ///
    /// The automaton's next state depends on the one before, and its table is larger than
    /// the processor's nearest cache: one walk waits on each lookup. So a long text is cut
    /// into stretches walked side by side, whose lookups overlap (measured on the bulk
    /// archive: the pass took 7.9% of a run with one walk, 5.0% with four; two or eight did
    /// worse). Each walk reads past its stretch by the longest literal's length, and keeps
    /// the literals that start in its stretch.
    fn occurrences(&self, hay: &[u8]) -> Vec<(usize, usize)> {
        const LANES: usize = 4;
        let dfa = &self.automaton;
        let start = dfa
            .start_state(Anchored::No)
            .expect("built for unanchored searches");
        let walks = |lanes: usize| {
            let stretch = hay.len().div_ceil(lanes);
            let reach = dfa.max_pattern_len().saturating_sub(1);
            (0..lanes).map(move |l| {
                let from = (l * stretch).min(hay.len());
                Walk {
                    bytes: &hay[from..(from + stretch + reach).min(hay.len())],
                    from,
                    stretch,
                    state: start,
                }
            })
        };
        let mut found = Vec::new();
        if hay.len() < 1024 {
            for mut walk in walks(1) {
                walk.walk_rest(dfa, 0, &mut found);
            }
            return found;
        }
        let mut lanes: [Walk; LANES] = {
            let mut all = walks(LANES);
            std::array::from_fn(|_| all.next().expect("one walk a lane"))
        };
        // All walks in step while each has bytes left (the last is the shortest), then each
        // to its end.
        let together = lanes.iter().map(|w| w.bytes.len()).min().unwrap_or(0);
        for i in 0..together {
            for walk in lanes.iter_mut() {
                walk.step(dfa, i, &mut found);
            }
        }
        for walk in lanes.iter_mut() {
            walk.walk_rest(dfa, together, &mut found);
        }
        found
    }
}

/// One walk of the automaton over a stretch of the text and the bytes after it.
struct Walk<'h> {
    bytes: &'h [u8],
    /// Where `bytes` begin in the text.
    from: usize,
    /// Literals starting in the first `stretch` bytes are this walk's.
    stretch: usize,
    state: StateID,
}

impl Walk<'_> {
    /// Reads byte `i`: the next state, and the literals that end there.
    #[inline(always)]
    fn step(&mut self, dfa: &DFA, i: usize, found: &mut Vec<(usize, usize)>) {
        self.state = dfa.next_state(Anchored::No, self.state, self.bytes[i]);
        if dfa.is_match(self.state) {
            self.record(dfa, i + 1, found);
        }
    }

    /// Steps from byte `from` to the end of the walk's bytes.
    fn walk_rest(&mut self, dfa: &DFA, from: usize, found: &mut Vec<(usize, usize)>) {
        for i in from..self.bytes.len() {
            self.step(dfa, i, found);
        }
    }

    /// The literals of the state reached after `end` bytes that start in the stretch.
    #[inline(never)]
    fn record(&self, dfa: &DFA, end: usize, found: &mut Vec<(usize, usize)>) {
        for i in 0..dfa.match_len(self.state) {
            let literal = dfa.match_pattern(self.state, i);
            let begins = end - dfa.pattern_len(literal);
            if begins < self.stretch {
                found.push((self.from + begins, literal.as_usize()));
            }
        }
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

    #[test]
    fn walks_side_by_side_find_every_occurrence_once() {
        let literals = ["ab", "b", "abcab", "cabca", "bằng khen"];
        let rules = [Some(
            literals.iter().map(|l| l.as_bytes().to_vec()).collect(),
        )];
        let starts = Starts::new(&rules, &[false]).unwrap();
        // Long enough for four walks; occurrences straddle every stretch's end.
        for len in [0, 1, 5, 1023, 1024, 1025, 4099] {
            let hay: String = "abcabcab bằng khen ".chars().cycle().take(len).collect();
            let mut found: Vec<(usize, &str)> = starts
                .occurrences(hay.as_bytes())
                .into_iter()
                .map(|(at, literal)| {
                    let id = aho_corasick::PatternID::new(literal).unwrap();
                    (at, &hay[at..at + starts.automaton.pattern_len(id)])
                })
                .collect();
            found.sort_unstable();
            let mut expected: Vec<(usize, &str)> = (0..hay.len())
                .flat_map(|at| literals.iter().map(move |l| (at, *l)))
                .filter(|(at, l)| hay.as_bytes()[*at..].starts_with(l.as_bytes()))
                .collect();
            expected.sort_unstable();
            assert_eq!(found, expected, "{len}");
        }
    }
}
