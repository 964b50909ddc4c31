//! Typed facts built from rule matches: quantities, dates and awards.

pub mod award;
pub mod date;
pub mod quantity;

use serde::Serialize;

use crate::numbers::Convention;
use crate::rules::{Produces, RuleMatch, RuleSet};

/// Where a fact was found. Offsets are byte offsets into the matching form until the
/// document is finished, then characters of `documents.text`.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Evidence {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub sentence: String,
    pub rule: String,
    /// Byte span in the clean text, for checks that read the words between facts.
    #[serde(skip)]
    pub bytes: (usize, usize),
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Quantity {
    pub kind: String,
    pub value: f64,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub unit: Option<String>,
    pub subject: Option<String>,
    pub qualifier: Option<String>,
    pub approx: bool,
    pub per: Option<String>,
    /// Decimals the text states (`18,42%` → 2), for rounding-aware checks.
    pub decimals: u32,
    /// The subject was read right after the figure ("50,7% dân số"), not from context.
    #[serde(skip)]
    pub subject_follows: bool,
    #[serde(flatten)]
    pub ev: Evidence,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct DateFact {
    pub value: String,
    pub precision: String,
    #[serde(flatten)]
    pub ev: Evidence,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Award {
    pub award: String,
    pub class: Option<i64>,
    pub recipient_kind: Option<String>,
    pub count: Option<i64>,
    pub recipient_name: Option<String>,
    pub grantor: Option<String>,
    pub grantor_level: Option<String>,
    pub status: String,
    #[serde(flatten)]
    pub ev: Evidence,
}

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
        self.text.get(self.form.map.to_text(b)..)?.chars().next()
    }

    pub fn group(&self, m: &RuleMatch, name: &str) -> Option<&'a str> {
        m.group_str(self.rules, self.hay, name)
    }

    pub fn evidence(&self, m: &RuleMatch, span: (usize, usize)) -> Evidence {
        Evidence {
            text: self.hay[span.0..span.1].to_string(),
            start: span.0,
            end: span.1,
            sentence: String::new(),
            rule: self.rules.rules[m.rule].id().to_string(),
            bytes: (0, 0),
        }
    }
}

/// A fact of the mentions layer.
#[derive(Debug, Clone, PartialEq)]
pub enum Mention {
    Quantity(Quantity),
    Date(DateFact),
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
