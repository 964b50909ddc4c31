//! Runs the examples written beside each rule, with every rule loaded ([`Example`] says
//! what an example may state).
//!
//! Examples are made to fail when their rule stops working: a row's fields are looked for
//! among the rule's own rows; a grantor or status example must give award rows that the
//! input does not give without that rule; a skip example names the facts it keeps out,
//! and they must appear without the rule. Negatives: the rule gives no row (grantor,
//! status and skip rules: does not match at all).

use serde_json::{Map, Value};

use crate::facts::{Award, DateFact, Quantity};
use crate::pipeline::{extract_text, Facts};
use crate::rules::{Example, Produces, RuleSet, RuleSpec, Specs};

/// One failed example.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub rule: String,
    pub at: String,
    pub message: String,
}

/// How the examples went.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub passed: usize,
    pub failures: Vec<Failure>,
}

/// The tables whose rows an example can name.
const TABLES: [&str; 3] = ["quantities", "dates", "awards"];

/// The table a rule's example fields refer to.
fn table_of(produces: Produces) -> Option<&'static str> {
    match produces {
        Produces::Quantity => Some("quantities"),
        Produces::Date => Some("dates"),
        Produces::Award | Produces::Grantor | Produces::Status => Some("awards"),
        Produces::Skip => None,
    }
}

/// The columns of a fact table, as its rows serialise.
fn columns(table: &str) -> Vec<String> {
    let row = match table {
        "quantities" => serde_json::to_value(Quantity::default()),
        "dates" => serde_json::to_value(DateFact::default()),
        _ => serde_json::to_value(Award::default()),
    };
    match row {
        Ok(Value::Object(m)) => m.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

fn known_fields<'a>(
    fields: impl Iterator<Item = &'a String>,
    table: &str,
    extra: &[&str],
) -> Result<(), String> {
    let cols = columns(table);
    for f in fields {
        if !cols.contains(f) && !extra.contains(&f.as_str()) {
            return Err(format!("example field `{f}` is not a column of {table}"));
        }
    }
    Ok(())
}

/// Checks, when rules load, that examples name only columns of their tables, and that
/// a skip rule's examples say what they suppress.
pub fn check_fields(spec: &RuleSpec) -> Result<(), String> {
    for ex in &spec.examples {
        match table_of(spec.produces) {
            Some(table) => known_fields(ex.fields.keys(), table, &[])?,
            None if ex.suppresses.is_empty() || !ex.fields.is_empty() => {
                return Err("a skip rule's example states `suppresses` and nothing else".into())
            }
            None => {}
        }
        for row in ex.rows.iter().flatten() {
            let table = row
                .get("table")
                .and_then(|t| t.as_str())
                .unwrap_or_default();
            if !TABLES.contains(&table) {
                return Err(format!(
                    "`table = \"{table}\"`: one of {}",
                    TABLES.join(", ")
                ));
            }
            known_fields(row.keys(), table, &["table"])?;
        }
    }
    Ok(())
}

/// Every row of the facts, in text order, each with its table.
fn all_rows(facts: &Facts) -> Vec<(usize, &'static str, Map<String, Value>)> {
    let mut rows = Vec::new();
    let mut add = |table: &'static str, start: usize, v: serde_json::Result<Value>| {
        if let Ok(Value::Object(m)) = v {
            rows.push((start, table, m));
        }
    };
    for q in &facts.quantities {
        add("quantities", q.ev.start, serde_json::to_value(q));
    }
    for d in &facts.dates {
        add("dates", d.ev.start, serde_json::to_value(d));
    }
    for a in &facts.awards {
        add("awards", a.ev.start, serde_json::to_value(a));
    }
    rows.sort_by_key(|r| r.0);
    rows
}

fn field_matches(got: Option<&Value>, want: &toml::Value) -> bool {
    let got = got.unwrap_or(&Value::Null);
    match want {
        toml::Value::String(s) if s == "null" => got.is_null(),
        toml::Value::String(s) => got.as_str() == Some(s.as_str()),
        toml::Value::Integer(i) => got.as_f64().is_some_and(|g| (g - *i as f64).abs() < 1e-9),
        toml::Value::Float(f) => got
            .as_f64()
            .is_some_and(|g| (g - f).abs() < 1e-9 * f.abs().max(1.0)),
        toml::Value::Boolean(b) => got.as_bool() == Some(*b),
        _ => false,
    }
}

fn has_fields(row: &Map<String, Value>, fields: &toml::Table) -> bool {
    fields
        .iter()
        .filter(|(k, _)| k.as_str() != "table")
        .all(|(k, v)| field_matches(row.get(k.as_str()), v))
}

fn show(row: &Map<String, Value>, fields: &toml::Table) -> String {
    let named = fields.keys().filter(|k| k.as_str() != "table");
    let parts: Vec<String> = named
        .map(|k| format!("{k}={}", row.get(k.as_str()).unwrap_or(&Value::Null)))
        .collect();
    parts.join(" ")
}

fn want(fields: &toml::Table) -> String {
    let parts: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
    parts.join(" ")
}

/// The rules without one, for examples that must fail without it.
fn without(specs: &Specs, id: &str) -> Result<RuleSet, String> {
    let mut specs = specs.clone();
    specs.rules.retain(|r| r.id != id);
    RuleSet::compile(specs)
}

/// An example's own claim, checked on the facts of its input.
fn check_example(
    rules: &RuleSet,
    spec: &RuleSpec,
    ex: &Example,
    without: Option<&RuleSet>,
) -> Result<(), String> {
    let input = &ex.input;
    let facts = extract_text(rules, input, ex.published.as_deref());
    let rows = all_rows(&facts);
    if let Some(expected) = &ex.rows {
        exact_rows(input, expected, &rows)?;
    }
    match spec.produces {
        Produces::Skip => check_suppressed(ex, &facts, without),
        Produces::Grantor | Produces::Status => {
            // The award rows the rule feeds: some row with the fields, or exactly `rows`.
            let fed = |facts: &Facts| {
                let rows = all_rows(facts);
                match (&ex.rows, ex.fields.is_empty()) {
                    (Some(expected), true) => exact_rows(input, expected, &rows).is_ok(),
                    _ => rows
                        .iter()
                        .any(|(_, t, r)| *t == "awards" && has_fields(r, &ex.fields)),
                }
            };
            if !fed(&facts) {
                return Err(format!("{input:?}: no award row with {}", want(&ex.fields)));
            }
            let other = without.ok_or("rules do not compile without it")?;
            if fed(&extract_text(other, input, ex.published.as_deref())) {
                return Err(format!(
                    "{input:?}: the award rows are the same without this rule"
                ));
            }
            Ok(())
        }
        _ if ex.fields.is_empty() => Ok(()),
        _ => {
            let own: Vec<&Map<String, Value>> = rows
                .iter()
                .filter(|(_, _, r)| r.get("rule").and_then(|v| v.as_str()) == Some(&spec.id))
                .map(|(_, _, r)| r)
                .collect();
            if own.iter().any(|r| has_fields(r, &ex.fields)) {
                return Ok(());
            }
            let made: Vec<String> = own.iter().map(|r| show(r, &ex.fields)).collect();
            Err(format!(
                "{input:?}: want {} ; rule made [{}]",
                want(&ex.fields),
                made.join(" | ")
            ))
        }
    }
}

/// Every row of the input, in order, against an example's `rows`.
fn exact_rows(
    input: &str,
    expected: &[toml::Table],
    rows: &[(usize, &'static str, Map<String, Value>)],
) -> Result<(), String> {
    let got: Vec<String> = rows
        .iter()
        .map(|(_, t, r)| format!("{t}: {}", r["text"]))
        .collect();
    if expected.len() != rows.len() {
        let (want, have) = (expected.len(), rows.len());
        return Err(format!(
            "{input:?}: {want} rows expected, got {have}: {got:?}"
        ));
    }
    for (i, (want_row, (_, table, row))) in expected.iter().zip(rows).enumerate() {
        let same_table = want_row.get("table").and_then(|t| t.as_str()) == Some(*table);
        if !same_table || !has_fields(row, want_row) {
            let (want, got) = (want(want_row), show(row, want_row));
            return Err(format!(
                "{input:?}: row {i}: want {want} ; got {table}: {got}"
            ));
        }
    }
    Ok(())
}

/// A skip example: none of the suppressed texts is reported; without the rule they are.
fn check_suppressed(ex: &Example, facts: &Facts, without: Option<&RuleSet>) -> Result<(), String> {
    let input = &ex.input;
    let texts = |facts: &Facts| -> Vec<String> {
        let q = facts.quantities.iter().map(|q| q.ev.text.clone());
        let d = facts.dates.iter().map(|d| d.ev.text.clone());
        q.chain(d)
            .chain(facts.awards.iter().map(|a| a.ev.text.clone()))
            .collect()
    };
    let with = texts(facts);
    let other = without.ok_or("rules do not compile without it")?;
    let bare = texts(&extract_text(other, input, ex.published.as_deref()));
    for s in &ex.suppresses {
        if with.contains(s) {
            return Err(format!("{input:?}: {s:?} is still reported"));
        }
        if !bare.contains(s) {
            return Err(format!(
                "{input:?}: {s:?} is not reported without this rule either: the example \
                 tests nothing (without it: {bare:?})"
            ));
        }
    }
    Ok(())
}

fn check_negative(rules: &RuleSet, spec: &RuleSpec, index: usize, neg: &str) -> Result<(), String> {
    match spec.produces {
        Produces::Grantor | Produces::Status | Produces::Skip => {
            let form = crate::normalize::fold(neg);
            if rules.find_all(&form).iter().any(|m| m.rule == index) {
                return Err(format!("{neg:?}: expected no match"));
            }
            Ok(())
        }
        _ => {
            let facts = extract_text(rules, neg, None);
            let texts: Vec<String> = all_rows(&facts)
                .into_iter()
                .filter(|(_, _, r)| r.get("rule").and_then(|v| v.as_str()) == Some(&spec.id))
                .map(|(_, _, r)| r["text"].to_string())
                .collect();
            if texts.is_empty() {
                Ok(())
            } else {
                Err(format!("{neg:?}: expected nothing, got {texts:?}"))
            }
        }
    }
}

/// Runs every example and negative of every rule; `specs` are the ones `rules` was
/// compiled from (examples that must fail without their rule compile the rest).
pub fn run(rules: &RuleSet, specs: &Specs) -> Outcome {
    let mut out = Outcome::default();
    for (index, rule) in rules.rules.iter().enumerate() {
        let spec = &rule.spec;
        let fail = |message: String| Failure {
            rule: spec.id.clone(),
            at: format!("{}:{}", spec.file, spec.line),
            message,
        };
        if spec.examples.is_empty() {
            out.failures.push(fail("the rule has no example".into()));
        }
        let needs_other = matches!(
            spec.produces,
            Produces::Skip | Produces::Grantor | Produces::Status
        );
        let other = needs_other.then(|| without(specs, &spec.id).ok()).flatten();
        let results = spec
            .examples
            .iter()
            .map(|ex| check_example(rules, spec, ex, other.as_ref()))
            .chain(
                spec.negatives
                    .iter()
                    .map(|n| check_negative(rules, spec, index, n)),
            );
        for result in results {
            match result {
                Ok(()) => out.passed += 1,
                Err(message) => out.failures.push(fail(message)),
            }
        }
    }
    out
}
