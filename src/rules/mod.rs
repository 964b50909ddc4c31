//! Pattern rules kept as data in `patterns/`: compiled once, matched on the matching form.
//!
//! A rule's pattern is a regular expression (regex-automata, the `regex` crate's engine:
//! linear time) that may name
//! sub-patterns defined once in `[defs]` as `{name}`. Patterns are folded like the text
//! (lower case, one spelling of each variant), so a rule written in either spelling matches
//! both. Rules are tried only where their starting literals occur (`starts`).

pub mod at_starts;
pub mod factor;
pub mod load;
pub mod starts;

use std::collections::BTreeMap;
use std::path::Path;

use regex::Regex;
use regex_automata::{meta, Input};
use regex_syntax::hir::{Hir, HirKind};

use crate::lexicon::Lexicon;
use crate::normalize::fold;
pub use load::{
    AwardSpec, Example, Level, Produces, QuantityKind, RecipientKind, RuleSpec, SkipLayer, Specs,
    StatusWord,
};

/// Room for each rule's lazy DFA, per thread: the unit and vocabulary alternations need more
/// states than the default, and a cache that fills up is rebuilt over and over (measured: 56%
/// of a run, when each rule searched whole documents).
const DFA_CACHE: usize = 16 << 20;
/// Room for the lazy DFA of all rules tried together at each start, per thread: with the
/// patterns' alternations as tries it holds every state the bulk archive reaches (12 MB);
/// at 8 MiB it was cleared and rebuilt ten times, 3% of a run (docs/measurements.md).
const START_SET_DFA_CACHE: usize = 16 << 20;

/// Which facts compete with each other for the same characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layer {
    /// Quantities, dates and the spans that are neither (document numbers, names).
    Mentions,
    /// Forms of commendation.
    Awards,
    /// Who grants an award.
    Grantors,
    /// Granted or proposed.
    Statuses,
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub spec: RuleSpec,
    pub layer: Layer,
    /// The pattern, expanded and folded.
    pub pattern: String,
    /// The pattern parsed, its alternations as tries.
    hir: Hir,
    /// The names of its groups, by index (the whole match, 0, has none).
    group_names: Vec<Option<String>>,
    /// A regex searching the whole text: built when the rule is compiled for a rule that
    /// may start anywhere, on first use for the others (they are tried at places, by
    /// `at_starts`).
    regex: std::sync::OnceLock<meta::Regex>,
    /// Whether a match must start and end at a word edge (default true).
    pub boundary: bool,
}

impl Rule {
    pub fn id(&self) -> &str {
        &self.spec.id
    }

    /// The rule's regex over a whole text.
    pub fn regex(&self) -> &meta::Regex {
        self.regex.get_or_init(|| {
            build_regex(&self.hir).expect("the rule's pattern compiled for its other engines")
        })
    }
}

fn build_regex(hir: &Hir) -> Result<meta::Regex, String> {
    meta::Builder::new()
        .configure(meta::Config::new().hybrid_cache_capacity(DFA_CACHE))
        .build_from_hir(hir)
        .map_err(|e| e.to_string())
}

/// The names of a pattern's groups by index, as the regex engines number them.
fn group_names(hir: &Hir) -> Vec<Option<String>> {
    fn walk(hir: &Hir, names: &mut Vec<Option<String>>) {
        match hir.kind() {
            HirKind::Capture(c) => {
                let index = c.index as usize;
                if names.len() <= index {
                    names.resize(index + 1, None);
                }
                names[index] = c.name.as_deref().map(str::to_string);
                walk(&c.sub, names);
            }
            HirKind::Concat(subs) | HirKind::Alternation(subs) => {
                subs.iter().for_each(|sub| walk(sub, names))
            }
            HirKind::Repetition(r) => walk(&r.sub, names),
            _ => {}
        }
    }
    let mut names = vec![None];
    walk(hir, &mut names);
    names
}

/// One match of one rule: byte ranges in the matching form.
#[derive(Debug, Clone)]
pub struct RuleMatch {
    pub rule: usize,
    pub start: usize,
    pub end: usize,
    groups: Vec<Option<(usize, usize)>>,
}

impl RuleMatch {
    /// The span of a named group, if it took part in the match.
    pub fn group(&self, rules: &RuleSet, name: &str) -> Option<(usize, usize)> {
        // A rule has a few groups: comparing their names is quicker than hashing this one.
        let idx = rules.rules[self.rule]
            .group_names
            .iter()
            .position(|group| group.as_deref() == Some(name))?;
        self.groups.get(idx).copied().flatten()
    }

    pub fn group_str<'h>(&self, rules: &RuleSet, hay: &'h str, name: &str) -> Option<&'h str> {
        self.group(rules, name).map(|(s, e)| &hay[s..e])
    }

    /// The mention: the `m` group when the rule has one (context words stay outside), else all.
    pub fn mention(&self, rules: &RuleSet) -> (usize, usize) {
        self.group(rules, "m").unwrap_or((self.start, self.end))
    }
}

/// All rules, compiled, with their prefilter.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// Where each rule's matches can start.
    starts: starts::Starts,
    /// The rules with starting literals, tried where a literal starts.
    at_starts: at_starts::AtStarts,
    /// Counted nouns naming award recipients (matching form) → recipient kind.
    pub recipients: BTreeMap<String, RecipientKind>,
    /// The forms of commendation award rules may name.
    pub vocabulary: BTreeMap<String, AwardSpec>,
    /// The named word lists.
    pub lexicon: Lexicon,
    /// Districts and provinces, from the lexicon's place words.
    pub places: crate::places::Places,
    /// Page chrome, from the lexicon's chrome words.
    pub chrome: crate::chrome::Chrome,
    /// `{unit}` and `{qualifier}` anchored at the start, for reading a figure's context.
    pub unit_at_start: Option<Regex>,
    pub qualifier_at_start: Option<Regex>,
}

/// Replaces `{name}` by its definition, recursively.
fn expand(pattern: &str, sources: &Sources, depth: usize) -> Result<String, String> {
    if depth > 16 {
        return Err("sub-patterns refer to each other in a loop".into());
    }
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let escaped = rest[..open].ends_with('\\') && !rest[..open].ends_with("\\\\");
        let close = rest[open..].find('}').map(|c| open + c);
        let name = close
            .map(|c| &rest[open + 1..c])
            .filter(|n| !escaped && is_name(n));
        let Some(n) = name else {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        };
        let inner = match (sources.defs.get(n), sources.lexicon.get(n)) {
            (Some(def), _) => {
                expand(&def.pattern, sources, depth + 1).map_err(|e| format!("in {{{n}}}: {e}"))?
            }
            (None, Some(list)) => list.pattern(),
            (None, None) => return Err(format!("unknown sub-pattern {{{n}}}")),
        };
        out.push_str(&rest[..open]);
        out.push_str("(?:");
        out.push_str(&inner);
        out.push(')');
        rest = &rest[close.unwrap() + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// What `{name}` may refer to: a sub-pattern, else a word list.
struct Sources<'a> {
    defs: &'a BTreeMap<String, load::DefSpec>,
    lexicon: &'a Lexicon,
}

/// A sub-pattern name: `{unit}`, `{num2}`; not a repetition such as `{2,4}`.
fn is_name(n: &str) -> bool {
    n.starts_with(|c: char| c.is_ascii_lowercase())
        && n.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Folds the literal text of a pattern like the document text, leaving escapes (`\S`,
/// `\p{L}`) and group names as written.
pub fn fold_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut literal = String::new();
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        let verbatim = if rest.starts_with("(?P<") || rest.starts_with("(?<") {
            rest.find('>').map(|e| e + 1)
        } else if c == '\\' {
            let mut it = rest.char_indices().skip(1);
            match it.next() {
                Some((i, n))
                    if matches!(n, 'p' | 'P' | 'x' | 'u') && rest[i + 1..].starts_with('{') =>
                {
                    rest.find('}').map(|e| e + 1)
                }
                Some((i, n)) => Some(i + n.len_utf8()),
                None => Some(1),
            }
        } else {
            None
        };
        match verbatim {
            Some(len) => {
                out.push_str(&fold(&literal));
                literal.clear();
                out.push_str(&rest[..len]);
                rest = &rest[len..];
            }
            None => {
                literal.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out.push_str(&fold(&literal));
    out
}

fn layer_of(spec: &RuleSpec) -> Layer {
    match spec.produces {
        Produces::Quantity | Produces::Date => Layer::Mentions,
        Produces::Award => Layer::Awards,
        Produces::Grantor => Layer::Grantors,
        Produces::Status => Layer::Statuses,
        Produces::Skip => match spec.layer.unwrap_or_default() {
            SkipLayer::Mentions => Layer::Mentions,
            SkipLayer::Awards => Layer::Awards,
        },
    }
}

/// The keys a rule must have, and may have, for what it produces.
fn check_keys(spec: &RuleSpec, vocabulary: &BTreeMap<String, AwardSpec>) -> Result<(), String> {
    let known = |id: &Option<String>, key: &str| match id {
        Some(id) if !vocabulary.contains_key(id) => {
            Err(format!("`{key} = \"{id}\"` is not in the award vocabulary"))
        }
        _ => Ok(()),
    };
    known(&spec.award, "award")?;
    known(&spec.collective, "collective")?;
    let only = |present: bool, key: &str, what: Produces| {
        if present && spec.produces != what {
            Err(format!("`{key}` is for rules that produce {what:?}").to_lowercase())
        } else {
            Ok(())
        }
    };
    only(spec.kind.is_some(), "kind", Produces::Quantity)?;
    only(spec.unit.is_some(), "unit", Produces::Quantity)?;
    only(spec.range, "range", Produces::Quantity)?;
    only(!spec.refuse.is_empty(), "refuse", Produces::Quantity)?;
    only(spec.award.is_some(), "award", Produces::Award)?;
    only(spec.collective.is_some(), "collective", Produces::Award)?;
    only(spec.conferred, "conferred", Produces::Award)?;
    only(spec.needs_recipients, "needs_recipients", Produces::Award)?;
    only(spec.level.is_some(), "level", Produces::Grantor)?;
    only(spec.status.is_some(), "status", Produces::Status)?;
    only(spec.layer.is_some(), "layer", Produces::Skip)?;
    let needs = |present: bool, key: &str| {
        if present {
            Ok(())
        } else {
            Err(format!("a rule that produces {:?} needs `{key}`", spec.produces).to_lowercase())
        }
    };
    match spec.produces {
        Produces::Award => needs(spec.award.is_some(), "award"),
        Produces::Grantor => needs(spec.level.is_some(), "level"),
        Produces::Status => needs(spec.status.is_some(), "status"),
        _ => Ok(()),
    }
}

/// A letter or digit (`char::is_alphanumeric`, with the Latin blocks answered quickly).
pub(crate) fn is_word(c: char) -> bool {
    crate::normalize::is_letter(c) || c.is_numeric()
}

/// Whether a match starts and ends at word edges. A number may not continue a number
/// (`1.637`, `12/2022`) or a word (`Covid-19`, `F.16`); after a word and a comma it starts
/// anew (`16 báo cáo,13 công văn`: a space left out).
fn at_edges(hay: &str, start: usize, end: usize) -> bool {
    starts_at_edge(hay, start) && ends_at_edge(hay, end)
}

/// The start half of `at_edges`: it depends on the text alone, so rules are not tried where
/// it fails.
fn starts_at_edge(hay: &str, start: usize) -> bool {
    let mut before = hay[..start].chars().rev();
    let Some(first) = hay[start..].chars().next().filter(|c| is_word(*c)) else {
        return true;
    };
    match (before.next(), before.next()) {
        (Some(p), _) if is_word(p) => false,
        (Some(p), Some(pp))
            if first.is_ascii_digit()
                && (matches!(p, '.' | '/' | '-') && is_word(pp)
                    || p == ',' && pp.is_ascii_digit()) =>
        {
            false
        }
        _ => true,
    }
}

fn ends_at_edge(hay: &str, end: usize) -> bool {
    let mut after = hay[end..].chars();
    let Some(last) = hay[..end].chars().next_back().filter(|c| is_word(*c)) else {
        return true;
    };
    match (after.next(), after.next()) {
        (Some(n), _) if is_word(n) => false,
        (Some(n), Some(nn))
            if last.is_ascii_digit() && matches!(n, '.' | ',' | '/') && nn.is_ascii_digit() =>
        {
            false
        }
        _ => true,
    }
}

impl RuleSet {
    /// Compiles every rule; an error names the file, line and rule.
    pub fn compile(specs: Specs) -> Result<RuleSet, String> {
        let lexicon = Lexicon::from_specs(specs.lists)?;
        if let Some((name, def)) = specs.defs.iter().find(|(n, _)| lexicon.get(n).is_some()) {
            let (file, line) = (&def.file, def.line);
            return Err(format!(
                "{file}:{line}: `{name}` is both a sub-pattern and a list"
            ));
        }
        let sources = Sources {
            defs: &specs.defs,
            lexicon: &lexicon,
        };
        let mut rules = Vec::with_capacity(specs.rules.len());
        let mut prefixes = Vec::with_capacity(specs.rules.len());
        let mut labels = Vec::with_capacity(specs.rules.len());
        let mut seen = std::collections::HashSet::new();
        for spec in specs.rules {
            let at = format!("{}:{}: rule {}", spec.file, spec.line, spec.id);
            if !seen.insert(spec.id.clone()) {
                return Err(format!("{at}: a rule with this id already exists"));
            }
            check_keys(&spec, &specs.vocabulary).map_err(|e| format!("{at}: {e}"))?;
            crate::rule_tests::check_fields(&spec).map_err(|e| format!("{at}: {e}"))?;
            let layer = layer_of(&spec);
            let expanded = expand(&spec.pattern, &sources, 0).map_err(|e| format!("{at}: {e}"))?;
            let pattern = fold_pattern(&expanded);
            let hir = regex_syntax::Parser::new()
                .parse(&pattern)
                .map(factor::factor)
                .map_err(|e| format!("{at}: bad pattern: {e}"))?;
            let starts_with = starts::prefixes(&hir);
            let regex = std::sync::OnceLock::new();
            if starts_with.is_none() {
                let built = build_regex(&hir).map_err(|e| format!("{at}: bad pattern: {e}"))?;
                regex.set(built).expect("a new cell");
            }
            prefixes.push(starts_with);
            labels.push(at);
            let boundary = spec.boundary;
            rules.push(Rule {
                spec,
                layer,
                pattern,
                group_names: group_names(&hir),
                hir,
                regex,
                boundary,
            });
        }
        let boundaries: Vec<bool> = rules.iter().map(|r| r.boundary).collect();
        let starts = starts::Starts::new(&prefixes, &boundaries)?;
        let in_set: Vec<bool> = prefixes.iter().map(Option::is_some).collect();
        let hirs: Vec<&Hir> = rules.iter().map(|r| &r.hir).collect();
        let at_starts = at_starts::AtStarts::new(&hirs, &in_set, &labels, START_SET_DFA_CACHE)?;
        let recipients = specs
            .recipients
            .into_iter()
            .map(|(k, v)| (fold(&k), v))
            .collect();
        let anchored = |name: &str| -> Result<Option<Regex>, String> {
            let Some(def) = specs.defs.get(name) else {
                return Ok(None);
            };
            let at = format!("{}:{}: {{{name}}}", def.file, def.line);
            let expanded =
                expand(&format!("{{{name}}}"), &sources, 0).map_err(|e| format!("{at}: {e}"))?;
            Regex::new(&format!("^(?:{})", fold_pattern(&expanded)))
                .map(Some)
                .map_err(|e| format!("{at}: {e}"))
        };
        let unit_at_start = anchored("unit")?;
        let qualifier_at_start = anchored("qualifier")?;
        Ok(RuleSet {
            rules,
            starts,
            at_starts,
            recipients,
            vocabulary: specs.vocabulary,
            places: crate::places::Places::new(&lexicon)?,
            chrome: crate::chrome::Chrome::new(&lexicon)?,
            lexicon,
            unit_at_start,
            qualifier_at_start,
        })
    }

    /// Built-in rules, with `dir`'s rules added or replacing them.
    pub fn load(dir: Option<&Path>) -> Result<RuleSet, String> {
        RuleSet::compile(Specs::load(dir)?)
    }

    /// Every match of every rule in `hay` (the matching form), unresolved: by rule, then in
    /// text order. Each rule's matches are its leftmost-first matches, one after another,
    /// that keep to word edges.
    pub fn find_all(&self, hay: &str) -> Vec<RuleMatch> {
        let mut caches = self.at_starts.caches();
        let starts = self.starts.find(hay, starts_at_edge);
        let keep = |rule: usize, edge: bool| edge || !self.rules[rule].boundary;
        let places = self.at_starts.places(&mut caches, hay, &starts, keep);
        let mut out = Vec::new();
        let mut rest = &places[..];
        for idx in 0..self.rules.len() {
            let (mine, later) = rest.split_at(rest.partition_point(|p| p.rule == idx));
            rest = later;
            if self.starts.anywhere.binary_search(&idx).is_ok() {
                self.search_everywhere(idx, hay, &mut out);
            } else {
                self.search_at(&mut caches, hay, mine, &mut out);
            }
        }
        out
    }

    /// A rule's matches, each anchored at a place where one starts (in order): the same
    /// leftmost matches an unanchored search finds.
    fn search_at(
        &self,
        caches: &mut at_starts::Caches,
        hay: &str,
        places: &[at_starts::Place],
        out: &mut Vec<RuleMatch>,
    ) {
        let Some(&first) = places.first() else {
            return;
        };
        let mut caps = self
            .at_starts
            .create_captures(first.rule)
            .expect("a rule of the set");
        let mut from = 0;
        for &place in places {
            if place.at < from {
                continue;
            }
            self.at_starts.search(caches, hay, place, &mut caps);
            if let Some(end) = self.keep(place.rule, hay, &caps, out) {
                from = end;
            }
        }
    }

    /// A rule's matches, each the leftmost from the end of the one before (or the character
    /// after a match that was not kept).
    fn search_everywhere(&self, idx: usize, hay: &str, out: &mut Vec<RuleMatch>) {
        let regex = self.rules[idx].regex();
        let mut caps = regex.create_captures();
        let mut from = 0;
        while from <= hay.len() {
            regex.search_captures(&Input::new(hay).range(from..), &mut caps);
            let Some(m) = caps.get_match() else { break };
            from = match self.keep(idx, hay, &caps, out) {
                Some(end) => end,
                None => m.start() + hay[m.start()..].chars().next().map_or(1, char::len_utf8),
            };
        }
    }

    /// Adds a match that is not empty and keeps to word edges; gives its end.
    fn keep(
        &self,
        rule: usize,
        hay: &str,
        caps: &regex_automata::util::captures::Captures,
        out: &mut Vec<RuleMatch>,
    ) -> Option<usize> {
        let m = caps.get_match()?;
        if m.is_empty() || (self.rules[rule].boundary && !at_edges(hay, m.start(), m.end())) {
            return None;
        }
        out.push(RuleMatch {
            rule,
            start: m.start(),
            end: m.end(),
            groups: caps.iter().map(|g| g.map(|g| (g.start, g.end))).collect(),
        });
        Some(m.end())
    }
}

/// A candidate that takes part in overlap resolution.
pub trait Candidate {
    fn span(&self) -> (usize, usize);
    fn priority(&self) -> i32;
    fn order(&self) -> usize;
}

/// Keeps, among overlapping candidates, the one that contains the other, then the longer,
/// then the higher priority, then the rule written first; the result is in text order.
pub fn resolve<T: Candidate>(mut cands: Vec<T>) -> Vec<T> {
    cands.sort_by(|a, b| {
        let (sa, ea) = a.span();
        let (sb, eb) = b.span();
        (eb - sb)
            .cmp(&(ea - sa))
            .then(b.priority().cmp(&a.priority()))
            .then(a.order().cmp(&b.order()))
            .then(sa.cmp(&sb))
    });
    let mut taken: Vec<(usize, usize)> = Vec::new(); // sorted, disjoint
    let mut kept = Vec::new();
    for c in cands {
        let (s, e) = c.span();
        let i = taken.partition_point(|&(_, te)| te <= s);
        if i < taken.len() && taken[i].0 < e {
            continue;
        }
        taken.insert(i, (s, e));
        kept.push(c);
    }
    kept.sort_by_key(|c| c.span());
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in lexicon and vocabulary with one file of rules.
    fn specs(src: &str) -> Specs {
        let mut s = Specs::load(None).unwrap();
        s.rules.clear();
        s.add_file("test.toml", src).unwrap();
        s
    }

    #[test]
    fn sub_patterns_expand_and_fold() {
        let rs = RuleSet::compile(specs(
            "[defs]\nnum = '[0-9]+'\n[[rule]]\nid = 'x'\nproduces = 'quantity'\n\
             pattern = '{num} Chiến sỹ\\S*'\n",
        ))
        .unwrap();
        assert_eq!(rs.rules[0].pattern, "(?:[0-9]+) chiến sĩ\\S*");
    }

    #[test]
    fn bad_rule_names_file_line_and_rule() {
        let err = RuleSet::compile(specs(
            "\n[[rule]]\nid = 'broken'\nproduces = 'quantity'\npattern = '([0-9]'\n",
        ))
        .unwrap_err();
        assert!(
            err.starts_with("test.toml:2: rule broken: bad pattern:"),
            "{err}"
        );
        let err = RuleSet::compile(specs(
            "[[rule]]\nid = 'u'\nproduces = 'quantity'\npattern = '{nope}'\n",
        ))
        .unwrap_err();
        assert_eq!(err, "test.toml:1: rule u: unknown sub-pattern {nope}");
        let mut s = Specs::default();
        let err = s
            .add_file("t.toml", "[[rule]]\nid = 'a'\npattern = 'x'\n")
            .unwrap_err();
        assert!(
            err.starts_with("t.toml:1: missing field `produces`"),
            "{err}"
        );
    }

    /// The texts of one quantity rule's matches in `hay`.
    fn matches_of<'h>(pattern: &str, hay: &'h str) -> Vec<&'h str> {
        let rule = format!("[[rule]]\nid = 'n'\nproduces = 'quantity'\npattern = '{pattern}'\n");
        let rs = RuleSet::compile(specs(&rule)).unwrap();
        let found = rs.find_all(hay);
        found.iter().map(|m| &hay[m.start..m.end]).collect()
    }

    #[test]
    fn matches_respect_word_edges() {
        let hay = "covid-19 xã, 12 xã, a3 xã, 4 xãx, 1,5 xã, báo cáo,7 xã";
        assert_eq!(matches_of("[0-9]+ xã", hay), vec!["12 xã", "7 xã"]);
    }

    #[test]
    fn a_rule_with_a_unicode_word_boundary_still_matches() {
        assert_eq!(matches_of("[0-9]+ xã\\b", "12 xã, 3 xãy"), vec!["12 xã"]);
    }

    #[test]
    fn anchored_search_at_starts_finds_what_a_search_everywhere_finds() {
        let rs = RuleSet::load(None).unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut texts = vec![
            "Về thi đua khen thưởng, 12 xã, 1.637 hộ; ngày 3/5/2023 Ban thi đua-khen thưởng"
                .to_string(),
        ];
        for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
            texts.push(std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
        let mut compared = 0;
        for text in &texts {
            let hay = crate::normalize::MatchForm::new(text).text;
            let mut everywhere = Vec::new();
            for idx in 0..rs.rules.len() {
                rs.search_everywhere(idx, &hay, &mut everywhere);
            }
            let found = rs.find_all(&hay);
            let key = |m: &RuleMatch| (m.rule, m.start, m.end, m.groups.clone());
            assert_eq!(
                found.iter().map(key).collect::<Vec<_>>(),
                everywhere.iter().map(key).collect::<Vec<_>>()
            );
            compared += found.len();
        }
        assert!(compared > 100, "{compared}");
    }

    #[test]
    fn factored_rules_match_as_written() {
        let rs = RuleSet::load(None).unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        // The corpus and every rule's examples.
        let examples = rs.rules.iter().flat_map(|r| &r.spec.examples);
        let hays: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .chain(examples.map(|e| e.input.clone()))
            .map(|text| crate::normalize::MatchForm::new(&text).text)
            .collect();
        let (mut compared, mut smaller) = (0, 0);
        for rule in &rs.rules {
            let written = regex_syntax::parse(&rule.pattern).unwrap();
            let plain = meta::Regex::builder().build_from_hir(&written).unwrap();
            let engines_names: Vec<Option<String>> = (plain.group_info())
                .pattern_names(regex_automata::PatternID::ZERO)
                .map(|name| name.map(str::to_string))
                .collect();
            assert_eq!(rule.group_names, engines_names, "{}", rule.id());
            for hay in &hays {
                let found = factor::group_spans(rule.regex(), hay);
                assert_eq!(found, factor::group_spans(&plain, hay), "{}", rule.id());
                compared += found.len();
            }
            let states = |hir: &regex_syntax::hir::Hir| {
                regex_automata::nfa::thompson::NFA::compiler()
                    .build_from_hir(hir)
                    .unwrap()
                    .states()
                    .len()
            };
            smaller += (states(&factor::factor(written.clone())) < states(&written)) as usize;
        }
        assert!(compared > 1000, "{compared}");
        // The rules that name word lists: counts, awards, grantors…
        assert!(smaller > 20, "{smaller}");
    }

    struct C(usize, usize, i32, usize);
    impl Candidate for C {
        fn span(&self) -> (usize, usize) {
            (self.0, self.1)
        }
        fn priority(&self) -> i32 {
            self.2
        }
        fn order(&self) -> usize {
            self.3
        }
    }

    #[test]
    fn overlap_policy() {
        let kept = resolve(vec![
            C(0, 4, 9, 0),
            C(0, 10, 0, 1),
            C(8, 14, 0, 2),
            C(20, 24, 1, 3),
            C(20, 24, 5, 4),
        ]);
        let spans: Vec<(usize, usize, usize)> = kept.iter().map(|c| (c.0, c.1, c.3)).collect();
        assert_eq!(spans, vec![(0, 10, 1), (20, 24, 4)]);
    }
}
