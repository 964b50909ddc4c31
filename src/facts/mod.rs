//! Typed facts built from rule matches: quantities, dates and awards.

pub mod award;
pub mod date;
pub mod quantity;

use crate::normalize::FormByte;
use crate::numbers::Convention;
use crate::rules::{Produces, RuleMatch, RuleSet};
pub use crate::schema::{Award, DateFact, Evidence, Quantity};

/// A publication date, the reference for dates without a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ymd {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Ymd {
    /// Reads the date part of an ISO 8601 value (`2023-01-10`, `2023-01-10T16:33`).
    pub fn parse_iso(s: &str) -> Option<Ymd> {
        let d = s.get(..10)?;
        let mut it = d.split('-');
        let year = it.next()?.parse().ok()?;
        let month = it.next()?.parse().ok()?;
        let day = it.next()?.parse().ok()?;
        Some(Ymd { year, month, day })
    }
}

/// What builders need besides the match.
pub struct Context<'a> {
    pub rules: &'a RuleSet,
    /// The matching form.
    pub hay: &'a str,
    pub convention: Convention,
    pub published: Option<Ymd>,
    /// The clean text the matching form was made from, for what folding hides (case).
    pub form: &'a crate::normalize::MatchForm,
    pub text: &'a str,
}

impl<'a> Context<'a> {
    /// The clean-text character at byte `b` of the matching form.
    pub fn original_at(&self, b: usize) -> Option<char> {
        self.text
            .get(self.form.map.to_text(FormByte(b)).0..)?
            .chars()
            .next()
    }

    pub fn group(&self, m: &RuleMatch, name: &str) -> Option<&'a str> {
        m.group_str(self.rules, self.hay, name)
    }

    /// A group's words one space apart, as the lexicon writes them (a pattern's space
    /// matches any run of spaces).
    pub fn words(&self, m: &RuleMatch, name: &str) -> Option<String> {
        self.group(m, name).map(one_spaced)
    }

    pub fn evidence(&self, m: &RuleMatch, span: (usize, usize)) -> Evidence {
        Evidence {
            text: self.hay[span.0..span.1].to_string(),
            rule: self.rules.rules[m.rule].id().to_string(),
            form: (FormByte(span.0), FormByte(span.1)),
            ..Evidence::default()
        }
    }
}

/// A fact of the mentions layer.
#[derive(Debug, Clone, PartialEq)]
pub enum Mention {
    Quantity(Quantity),
    Date(DateFact),
}

/// Words one space apart: a captured noun or word of the lexicon without its inner runs of
/// white space.
pub fn one_spaced(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Builds the facts of one mentions-layer match; `None` rejects the match (a date with
/// month 13, a ratio that is really a day and month), `Some(vec![])` claims the span for
/// nothing (document numbers, names).
pub fn build_mention(ctx: &Context, m: &RuleMatch) -> Option<Vec<Mention>> {
    let rule = &ctx.rules.rules[m.rule];
    match rule.spec.produces {
        Produces::Quantity => {
            quantity::build(ctx, m).map(|qs| qs.into_iter().map(Mention::Quantity).collect())
        }
        Produces::Date => date::build(ctx, m).map(|d| vec![Mention::Date(d)]),
        _ => Some(Vec::new()),
    }
}
