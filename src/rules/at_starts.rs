//! Rules tried where their starting literals occur: which rules match at a place, and each
//! one's match there with its groups.
//!
//! All rules with starting literals are one lazy DFA (every match kind), run anchored at a
//! place: it tells which rules match there and how far the longest match of each reaches.
//! A rule's own match, with its groups, is then found over that stretch alone: every match at
//! the place ends within it, so the leftmost-first match is the one a search of the whole text
//! would find, without a second DFA pass to find where it ends. A rule whose pattern is
//! one-pass (at each byte, at most one way on: about half of them) is read by a one-pass DFA,
//! the others by a bounded backtracker (a PikeVM where the stretch is too long for its
//! memory). All engines are regex-automata's, linear in the text
//! they read.

use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::Arc;

use regex_automata::dfa::onepass;
use regex_automata::hybrid::dfa::{Cache as DfaCache, OverlappingState, DFA};
use regex_automata::nfa::thompson::backtrack::{self, BoundedBacktracker};
use regex_automata::nfa::thompson::pikevm::PikeVM;
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::captures::Captures;
use regex_automata::util::pool::{Pool, PoolGuard};
use regex_automata::{Anchored, Input, MatchKind};
use regex_syntax::hir::Hir;

/// One thread's working memory for the searches.
#[derive(Debug)]
pub struct Caches {
    set: DfaCache,
    /// By rule: `None` for rules not in the set.
    rules: Vec<Option<EngineCache>>,
}

/// How a rule's match and groups are found at a place.
#[derive(Debug, Clone)]
enum Engine {
    OnePass(Box<onepass::DFA>),
    /// A bounded backtracker, and a PikeVM for a stretch too long for its memory.
    Backtrack(BoundedBacktracker, PikeVM),
}

#[derive(Debug, Clone)]
enum EngineCache {
    OnePass(onepass::Cache),
    Backtrack(backtrack::Cache),
}

impl Engine {
    fn new(nfa: thompson::NFA) -> Result<Engine, String> {
        match onepass::DFA::new_from_nfa(nfa.clone()) {
            Ok(dfa) => Ok(Engine::OnePass(Box::new(dfa))),
            Err(_) => {
                let pikevm = PikeVM::new_from_nfa(nfa.clone()).map_err(|e| e.to_string())?;
                BoundedBacktracker::new_from_nfa(nfa)
                    .map(|bt| Engine::Backtrack(bt, pikevm))
                    .map_err(|e| e.to_string())
            }
        }
    }

    fn create_cache(&self) -> EngineCache {
        match self {
            Engine::OnePass(dfa) => EngineCache::OnePass(dfa.create_cache()),
            Engine::Backtrack(bt, _) => EngineCache::Backtrack(bt.create_cache()),
        }
    }

    fn create_captures(&self) -> Captures {
        match self {
            Engine::OnePass(dfa) => dfa.create_captures(),
            Engine::Backtrack(bt, _) => bt.create_captures(),
        }
    }

    /// An anchored search. A stretch too long for the backtracker's memory is read by the
    /// PikeVM (rare: its cache is made for the search).
    fn search(&self, cache: &mut EngineCache, input: &Input, caps: &mut Captures) {
        match (self, cache) {
            (Engine::OnePass(dfa), EngineCache::OnePass(cache)) => {
                dfa.try_search(cache, input, caps)
                    .expect("a one-pass DFA supports anchored searches, the only ones made");
            }
            (Engine::Backtrack(bt, pikevm), EngineCache::Backtrack(cache)) => {
                if bt.try_search(cache, input, caps).is_err() {
                    pikevm.search(&mut pikevm.create_cache(), input, caps);
                }
            }
            _ => unreachable!("each engine is given its own cache"),
        }
    }
}

type MakeCaches = Arc<dyn Fn() -> Caches + Send + Sync + UnwindSafe + RefUnwindSafe>;
type PoolFn = Box<dyn Fn() -> Caches + Send + Sync + UnwindSafe + RefUnwindSafe>;
/// A thread's caches, taken for one text.
pub type CachesGuard<'a> = PoolGuard<'a, Caches, PoolFn>;

/// The rules with starting literals, ready to be tried at places.
pub struct AtStarts {
    set: DFA,
    /// The rule of each pattern of the set.
    set_rules: Vec<usize>,
    /// Each rule's engine, by rule (`None` for rules not in the set).
    rules: Vec<Option<Engine>>,
    make: MakeCaches,
    caches: Pool<Caches, PoolFn>,
}

/// Where a rule may match: its place, and the end of its longest match there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub rule: usize,
    pub at: usize,
    pub reach: usize,
}

impl AtStarts {
    /// `hirs[i]` is rule `i`'s pattern; `in_set[i]` whether it has starting literals;
    /// `labels[i]` names it in an error (file, line and id). `set_cache` is the lazy DFA's
    /// room per thread.
    pub fn new(
        hirs: &[&Hir],
        in_set: &[bool],
        labels: &[String],
        set_cache: usize,
    ) -> Result<AtStarts, String> {
        let set_rules: Vec<usize> = (0..hirs.len()).filter(|&i| in_set[i]).collect();
        let set_hirs: Vec<&Hir> = set_rules.iter().map(|&i| hirs[i]).collect();
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().which_captures(WhichCaptures::None))
            .build_many_from_hir(&set_hirs)
            .map_err(|e| format!("rule set: {e}"))?;
        let set = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    // A `\b` of a rule given by a user makes the DFA stop at non-ASCII text
                    // instead of refusing the rule; `places` then tries every rule.
                    .unicode_word_boundary(true)
                    .cache_capacity(set_cache),
            )
            .build_from_nfa(nfa)
            .map_err(|e| format!("rule set: {e}"))?;
        let mut rules = vec![None; hirs.len()];
        for &i in &set_rules {
            let nfa = thompson::Compiler::new()
                .build_from_hir(hirs[i])
                .map_err(|e| format!("{}: {e}", labels[i]))?;
            rules[i] = Some(Engine::new(nfa).map_err(|e| format!("{}: {e}", labels[i]))?);
        }
        let make: MakeCaches = {
            let (set, rules) = (set.clone(), rules.clone());
            Arc::new(move || Caches {
                set: set.create_cache(),
                rules: rules
                    .iter()
                    .map(|r| r.as_ref().map(Engine::create_cache))
                    .collect(),
            })
        };
        Ok(AtStarts {
            caches: pool(&make),
            set,
            set_rules,
            rules,
            make,
        })
    }

    /// This thread's caches, for the searches of one text.
    pub fn caches(&self) -> CachesGuard<'_> {
        self.caches.get()
    }

    /// Each rule that matches at each place (in order), with how far its matches there
    /// reach; `keep(rule, place_is_at_edge)` says whether to try it there. Should the lazy
    /// DFA stop (a user's `\b` on non-ASCII text), every rule is tried at every place, up to
    /// the end of the text.
    pub fn places(
        &self,
        caches: &mut Caches,
        hay: &str,
        starts: &[(usize, bool)],
        keep: impl Fn(usize, bool) -> bool,
    ) -> Vec<Place> {
        let mut found = Vec::new();
        let mut reached: Vec<(usize, usize)> = Vec::new(); // (pattern, farthest end)
        for &(at, edge) in starts {
            if self.reached(caches, hay, at, &mut reached).is_err() {
                reached = (0..self.set_rules.len()).map(|p| (p, hay.len())).collect();
            }
            for &(pattern, reach) in &reached {
                let rule = self.set_rules[pattern];
                if keep(rule, edge) {
                    found.push(Place { rule, at, reach });
                }
            }
        }
        found.sort_unstable();
        found
    }

    /// The patterns that match at `at`, each with the end of its longest match.
    fn reached(
        &self,
        caches: &mut Caches,
        hay: &str,
        at: usize,
        reached: &mut Vec<(usize, usize)>,
    ) -> Result<(), regex_automata::MatchError> {
        reached.clear();
        let input = Input::new(hay).range(at..).anchored(Anchored::Yes);
        let mut state = OverlappingState::start();
        loop {
            self.set
                .try_search_overlapping_fwd(&mut caches.set, &input, &mut state)?;
            let Some(m) = state.get_match() else {
                return Ok(());
            };
            let pattern = m.pattern().as_usize();
            match reached.iter_mut().find(|(p, _)| *p == pattern) {
                Some((_, end)) => *end = (*end).max(m.offset()),
                None => reached.push((pattern, m.offset())),
            }
        }
    }

    /// The rule's leftmost-first match at `place.at`, with its groups, in `caps` (made by
    /// `create_captures`). The rule must be one of the set.
    pub fn search(&self, caches: &mut Caches, hay: &str, place: Place, caps: &mut Captures) {
        let (Some(engine), Some(cache)) = (&self.rules[place.rule], &mut caches.rules[place.rule])
        else {
            unreachable!("places are of the set's rules")
        };
        let input = Input::new(hay)
            .span(place.at..place.reach)
            .anchored(Anchored::Yes);
        engine.search(cache, &input, caps);
    }

    /// Room for a rule's groups, as `search` fills them.
    pub fn create_captures(&self, rule: usize) -> Option<Captures> {
        self.rules[rule].as_ref().map(|r| r.create_captures())
    }
}

fn pool(make: &MakeCaches) -> Pool<Caches, PoolFn> {
    let make = make.clone();
    Pool::new(Box::new(move || make()))
}

impl Clone for AtStarts {
    fn clone(&self) -> AtStarts {
        AtStarts {
            set: self.set.clone(),
            set_rules: self.set_rules.clone(),
            rules: self.rules.clone(),
            caches: pool(&self.make),
            make: self.make.clone(),
        }
    }
}

impl std::fmt::Debug for AtStarts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AtStarts")
            .field("set_rules", &self.set_rules)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_starts(patterns: &[&str]) -> AtStarts {
        let hirs: Vec<Hir> = patterns
            .iter()
            .map(|p| regex_syntax::parse(p).unwrap())
            .collect();
        let labels: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        AtStarts::new(
            &hirs.iter().collect::<Vec<_>>(),
            &vec![true; hirs.len()],
            &labels,
            1 << 20,
        )
        .unwrap()
    }

    #[test]
    fn places_reach_the_longest_match_and_search_finds_the_first() {
        let rules = at_starts(&["[0-9]+ xã", "12|12 xã nam"]);
        let hay = "12 xã nam, 3 xã";
        let mut caches = rules.caches();
        let starts = [(0, true), (1, false), (12, true)];
        let places = rules.places(&mut caches, hay, &starts, |_, edge| edge);
        let place = |rule, at, reach| Place { rule, at, reach };
        assert_eq!(
            places,
            vec![place(0, 0, 6), place(0, 12, 17), place(1, 0, 10)]
        );
        // Leftmost-first: `12` is written before `12 xã nam`, though both match.
        let mut caps = rules.create_captures(1).unwrap();
        rules.search(&mut caches, hay, places[2], &mut caps);
        assert_eq!(caps.get_match().map(|m| m.range()), Some(0..2));
    }

    #[test]
    fn a_unicode_word_boundary_tries_every_rule_to_the_end() {
        let rules = at_starts(&[r"\bxã\b", "[0-9]+"]);
        let hay = "xã 12";
        let mut caches = rules.caches();
        let places = rules.places(&mut caches, hay, &[(0, true)], |_, _| true);
        let reach = hay.len();
        assert_eq!(
            places,
            vec![
                Place {
                    rule: 0,
                    at: 0,
                    reach
                },
                Place {
                    rule: 1,
                    at: 0,
                    reach
                }
            ]
        );
    }

    #[test]
    fn a_long_stretch_is_read_by_either_engine() {
        let rules = at_starts(&["[0-9]+[ ]*xã", "[0-9]+[ ]*xã|[0-9]+[ ]*x"]);
        assert!(matches!(rules.rules[0], Some(Engine::OnePass(_))));
        let Some(Engine::Backtrack(bt, _)) = &rules.rules[1] else {
            panic!("not one-pass")
        };
        let hay = format!("1{}xã", " ".repeat(1 << 20));
        // The backtracker refuses the stretch: the PikeVM reads it.
        let input = Input::new(&hay).anchored(Anchored::Yes);
        assert!(bt
            .try_search(&mut bt.create_cache(), &input, &mut bt.create_captures())
            .is_err());
        let mut caches = rules.caches();
        for rule in [0, 1] {
            let mut caps = rules.create_captures(rule).unwrap();
            let whole = Place {
                rule,
                at: 0,
                reach: hay.len(),
            };
            rules.search(&mut caches, &hay, whole, &mut caps);
            assert_eq!(caps.get_match().map(|m| m.range()), Some(0..hay.len()));
            let short = Place {
                rule,
                at: 0,
                reach: "1 2 xã".len(),
            };
            rules.search(&mut caches, "1 2 xã", short, &mut caps);
            assert_eq!(caps.get_match(), None, "`1 2` is not a number");
        }
    }
}
