//! Pattern rules kept as data in `patterns/`: compiled once, matched on the matching form.
//!
//! A rule's pattern is a regular expression (the `regex` crate: linear time) that may name
//! sub-patterns defined once in `[defs]` as `{name}`. Patterns are folded like the text
//! (lower case, one spelling of each variant), so a rule written in either spelling matches
//! both. A prefilter (one `RegexSet` over the document) skips rules that cannot match.

pub mod load;

use std::collections::BTreeMap;
use std::path::Path;

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

use crate::normalize::fold;
pub use load::{RuleSpec, Specs};

/// Room for each lazy DFA: the unit and vocabulary alternations need more states than the
/// default, and a cache that fills up is rebuilt over and over (measured: 56% of a run).
const DFA_CACHE: usize = 16 << 20;

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
    pub regex: Regex,
    /// Whether a match must start and end at a word edge (default true).
    pub boundary: bool,
}

impl Rule {
    pub fn id(&self) -> &str {
        &self.spec.id
    }

    /// A string attribute of the rule (`kind`, `award`, `unit`, `level`, `status`…).
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.spec.attrs.get(key).and_then(|v| v.as_str())
    }

    pub fn flag(&self, key: &str) -> bool {
        self.spec
            .attrs
            .get(key)
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }
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
        let idx = rules.rules[self.rule]
            .regex
            .capture_names()
            .position(|n| n == Some(name))?;
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
    prefilter: RegexSet,
    /// Counted nouns naming award recipients (matching form) → recipient kind.
    pub recipients: BTreeMap<String, String>,
    /// `{unit}` and `{qualifier}` anchored at the start, for reading a figure's context.
    pub unit_at_start: Option<Regex>,
    pub qualifier_at_start: Option<Regex>,
}

/// Replaces `{name}` by its definition, recursively.
fn expand(
    pattern: &str,
    defs: &BTreeMap<String, load::DefSpec>,
    depth: usize,
) -> Result<String, String> {
    if depth > 16 {
        return Err("sub-patterns refer to each other in a loop".into());
    }
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let escaped = rest[..open].ends_with('\\') && !rest[..open].ends_with("\\\\");
        let close = rest[open..].find('}').map(|c| open + c);
        let name = close.map(|c| &rest[open + 1..c]);
        match name {
            Some(n)
                if !escaped
                    && !n.is_empty()
                    && n.chars().next().unwrap().is_ascii_lowercase()
                    && n.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') =>
            {
                let def = defs
                    .get(n)
                    .ok_or_else(|| format!("unknown sub-pattern {{{n}}}"))?;
                out.push_str(&rest[..open]);
                out.push_str("(?:");
                out.push_str(
                    &expand(&def.pattern, defs, depth + 1)
                        .map_err(|e| format!("in {{{n}}}: {e}"))?,
                );
                out.push(')');
                rest = &rest[close.unwrap() + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    Ok(out)
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

fn layer_of(spec: &RuleSpec) -> Result<Layer, String> {
    Ok(match spec.produces.as_str() {
        "quantity" | "date" => Layer::Mentions,
        "award" => Layer::Awards,
        "grantor" => Layer::Grantors,
        "status" => Layer::Statuses,
        "skip" => match spec
            .attrs
            .get("layer")
            .and_then(|v| v.as_str())
            .unwrap_or("mentions")
        {
            "mentions" => Layer::Mentions,
            "awards" => Layer::Awards,
            other => return Err(format!("unknown layer `{other}` (mentions, awards)")),
        },
        other => {
            return Err(format!(
                "unknown `produces = \"{other}\"` (quantity, date, award, grantor, status, skip)"
            ))
        }
    })
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether a match starts and ends at word edges. A number may not continue a number
/// (`1.637`, `12/2022`, `Covid-19`).
fn at_edges(hay: &str, start: usize, end: usize) -> bool {
    let mut before = hay[..start].chars().rev();
    let mut after = hay[end..].chars();
    let first = hay[start..].chars().next();
    let last = hay[..end].chars().next_back();
    if let Some(first) = first.filter(|c| is_word(*c)) {
        match (before.next(), before.next()) {
            (Some(p), _) if is_word(p) => return false,
            (Some(p), Some(pp))
                if first.is_ascii_digit() && matches!(p, '.' | ',' | '/' | '-') && is_word(pp) =>
            {
                return false
            }
            _ => {}
        }
    }
    if let Some(last) = last.filter(|c| is_word(*c)) {
        match (after.next(), after.next()) {
            (Some(n), _) if is_word(n) => return false,
            (Some(n), Some(nn))
                if last.is_ascii_digit() && matches!(n, '.' | ',' | '/') && nn.is_ascii_digit() =>
            {
                return false
            }
            _ => {}
        }
    }
    true
}

impl RuleSet {
    /// Compiles every rule; an error names the file, line and rule.
    pub fn compile(specs: Specs) -> Result<RuleSet, String> {
        let mut rules = Vec::with_capacity(specs.rules.len());
        let mut seen = std::collections::HashSet::new();
        for spec in specs.rules {
            let at = format!("{}:{}: rule {}", spec.file, spec.line, spec.id);
            if !seen.insert(spec.id.clone()) {
                return Err(format!("{at}: a rule with this id already exists"));
            }
            let layer = layer_of(&spec).map_err(|e| format!("{at}: {e}"))?;
            let expanded =
                expand(&spec.pattern, &specs.defs, 0).map_err(|e| format!("{at}: {e}"))?;
            let folded = fold_pattern(&expanded);
            let regex = RegexBuilder::new(&folded)
                .dfa_size_limit(DFA_CACHE)
                .build()
                .map_err(|e| format!("{at}: bad pattern: {e}"))?;
            let boundary = spec
                .attrs
                .get("boundary")
                .and_then(|v| v.as_bool())
                .unwrap_or(true);
            rules.push(Rule {
                spec,
                layer,
                regex,
                boundary,
            });
        }
        let prefilter = RegexSetBuilder::new(rules.iter().map(|r| r.regex.as_str()))
            .dfa_size_limit(DFA_CACHE * 4)
            .build()
            .map_err(|e| format!("rule prefilter: {e}"))?;
        let recipients = specs
            .recipients
            .into_iter()
            .map(|(k, v)| (fold(&k), v))
            .collect();
        let anchored = |name: &str| -> Result<Option<Regex>, String> {
            if !specs.defs.contains_key(name) {
                return Ok(None);
            }
            let def = &specs.defs[name];
            let expanded = expand(&format!("{{{name}}}"), &specs.defs, 0)
                .map_err(|e| format!("{}:{}: {{{name}}}: {e}", def.file, def.line))?;
            Regex::new(&format!("^(?:{})", fold_pattern(&expanded)))
                .map(Some)
                .map_err(|e| format!("{}:{}: {{{name}}}: {e}", def.file, def.line))
        };
        let unit_at_start = anchored("unit")?;
        let qualifier_at_start = anchored("qualifier")?;
        Ok(RuleSet {
            rules,
            prefilter,
            recipients,
            unit_at_start,
            qualifier_at_start,
        })
    }

    /// Built-in rules, with `dir`'s rules added or replacing them.
    pub fn load(dir: Option<&Path>) -> Result<RuleSet, String> {
        RuleSet::compile(Specs::load(dir)?)
    }

    /// Every match of every rule that can match `hay` (the matching form), unresolved.
    pub fn find_all(&self, hay: &str) -> Vec<RuleMatch> {
        let mut out = Vec::new();
        for idx in self.prefilter.matches(hay).iter() {
            let rule = &self.rules[idx];
            let mut at = 0;
            while at <= hay.len() {
                let Some(caps) = rule.regex.captures_at(hay, at) else {
                    break;
                };
                let m = caps.get(0).unwrap();
                let step = m.start() + hay[m.start()..].chars().next().map_or(1, char::len_utf8);
                if m.is_empty() || (rule.boundary && !at_edges(hay, m.start(), m.end())) {
                    at = step;
                    continue;
                }
                let groups = caps
                    .iter()
                    .map(|g| g.map(|g| (g.start(), g.end())))
                    .collect();
                out.push(RuleMatch {
                    rule: idx,
                    start: m.start(),
                    end: m.end(),
                    groups,
                });
                at = m.end();
            }
        }
        out
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

    fn specs(src: &str) -> Specs {
        let mut s = Specs::default();
        s.add_file("test.toml", src).unwrap();
        s
    }

    #[test]
    fn sub_patterns_expand_and_fold() {
        let rs = RuleSet::compile(specs(
            "[defs]\nnum = '[0-9]+'\n[[rule]]\nid = 'x'\nproduces = 'quantity'\npattern = '{num} Chiến sỹ\\S*'\n",
        ))
        .unwrap();
        assert_eq!(rs.rules[0].regex.as_str(), "(?:[0-9]+) chiến sĩ\\S*");
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
        assert_eq!(err, "t.toml:1: rule a: rule has no `produces`");
    }

    #[test]
    fn matches_respect_word_edges() {
        let rs = RuleSet::compile(specs(
            "[[rule]]\nid = 'n'\nproduces = 'quantity'\npattern = '[0-9]+ xã'\n",
        ))
        .unwrap();
        let hay = "covid-19 xã, 12 xã, a3 xã, 4 xãx";
        let found: Vec<&str> = rs
            .find_all(hay)
            .iter()
            .map(|m| &hay[m.start..m.end])
            .collect();
        assert_eq!(found, vec!["12 xã"]);
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
