//! Runs the examples written beside each rule, with every rule loaded.
//!
//! A positive example passes when some row made by that rule has every field the example
//! names (`input` is the text, `published` the publication date; the string "null" expects
//! an empty field). A negative example passes when the rule makes no row from it. A skip
//! rule's example passes when no quantity is reported from it.

use serde_json::Value;

use crate::pipeline::{extract_text, Facts};
use crate::rules::RuleSet;

/// One failed example.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub rule: String,
    pub at: String,
    pub message: String,
}

/// How a rule's examples went.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub passed: usize,
    pub failures: Vec<Failure>,
}

fn rows_of(facts: &Facts, rule: &str) -> Vec<Value> {
    let mut rows = Vec::new();
    let to = |v: Result<Value, _>| v.unwrap_or(Value::Null);
    rows.extend(
        facts
            .quantities
            .iter()
            .filter(|q| q.ev.rule == rule)
            .map(|q| to(serde_json::to_value(q))),
    );
    rows.extend(
        facts
            .dates
            .iter()
            .filter(|d| d.ev.rule == rule)
            .map(|d| to(serde_json::to_value(d))),
    );
    rows.extend(
        facts
            .awards
            .iter()
            .filter(|a| a.ev.rule == rule)
            .map(|a| to(serde_json::to_value(a))),
    );
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

/// Runs every example of every rule.
pub fn run(rules: &RuleSet) -> Outcome {
    let mut out = Outcome::default();
    for rule in &rules.rules {
        let spec = &rule.spec;
        let at = format!("{}:{}", spec.file, spec.line);
        let fail = |message: String| Failure {
            rule: spec.id.clone(),
            at: at.clone(),
            message,
        };
        for ex in &spec.examples {
            let input = ex.get("input").and_then(|v| v.as_str()).unwrap_or_default();
            let published = ex.get("published").and_then(|v| v.as_str());
            let facts = extract_text(rules, input, published);
            if spec.produces == "skip" {
                if facts.quantities.is_empty() {
                    out.passed += 1;
                } else {
                    let got: Vec<&str> = facts
                        .quantities
                        .iter()
                        .map(|q| q.ev.text.as_str())
                        .collect();
                    out.failures.push(fail(format!(
                        "{input:?}: expected no quantity, got {got:?}"
                    )));
                }
                continue;
            }
            let rows = rows_of(&facts, &spec.id);
            let wanted: Vec<(&String, &toml::Value)> = ex
                .iter()
                .filter(|(k, _)| k.as_str() != "input" && k.as_str() != "published")
                .collect();
            if rows.iter().any(|row| {
                wanted
                    .iter()
                    .all(|(k, v)| field_matches(row.get(k.as_str()), v))
            }) {
                out.passed += 1;
            } else {
                let want: Vec<String> = wanted.iter().map(|(k, v)| format!("{k}={v}")).collect();
                let got: Vec<String> = rows
                    .iter()
                    .map(|r| {
                        wanted
                            .iter()
                            .map(|(k, _)| {
                                format!("{k}={}", r.get(k.as_str()).unwrap_or(&Value::Null))
                            })
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect();
                out.failures.push(fail(format!(
                    "{input:?}: want {} ; rule made [{}]",
                    want.join(" "),
                    got.join(" | ")
                )));
            }
        }
        for neg in &spec.negatives {
            let facts = extract_text(rules, neg, None);
            let rows = rows_of(&facts, &spec.id);
            if rows.is_empty() {
                out.passed += 1;
            } else {
                let texts: Vec<&str> = rows
                    .iter()
                    .filter_map(|r| r.get("text").and_then(|t| t.as_str()))
                    .collect();
                out.failures
                    .push(fail(format!("{neg:?}: expected nothing, got {texts:?}")));
            }
        }
    }
    out
}
