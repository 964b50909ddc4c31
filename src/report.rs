//! The readable report of a finished run's checks (`thidua check`): per document, the
//! sentence with the figures marked, claimed against expected, and the explanation.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use polars::prelude::*;

use crate::query::scan;

/// How figures are marked: colour on a terminal, brackets elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Colour,
    Plain,
}

impl Style {
    /// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    pub fn detect(terminal: bool) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if terminal && !no_color {
            Style::Colour
        } else {
            Style::Plain
        }
    }

    fn mark(self, s: &str) -> String {
        match self {
            Style::Colour => format!("\x1b[1;31m{s}\x1b[0m"),
            Style::Plain => format!("[[{s}]]"),
        }
    }

    fn bold(self, s: &str) -> String {
        match self {
            Style::Colour => format!("\x1b[1m{s}\x1b[0m"),
            Style::Plain => s.to_string(),
        }
    }
}

struct Row {
    doc_id: String,
    check: String,
    severity: String,
    claimed: Option<f64>,
    expected: Option<f64>,
    message: String,
    sentence: String,
    facts: String,
}

pub(crate) fn strings(df: &DataFrame, name: &str) -> anyhow::Result<Vec<String>> {
    let col = df.column(name)?.cast(&DataType::String)?;
    Ok(col
        .str()?
        .iter()
        .map(|v| v.unwrap_or_default().to_string())
        .collect())
}

pub(crate) fn floats(df: &DataFrame, name: &str) -> anyhow::Result<Vec<Option<f64>>> {
    let col = df.column(name)?.cast(&DataType::Float64)?;
    Ok(col.f64()?.iter().collect())
}

/// Where each figure of `facts` (`; `-separated) first occurs in `sentence`, without
/// overlaps: byte spans, in order.
pub(crate) fn figure_spans(sentence: &str, facts: &str) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for fact in facts.split("; ").filter(|f| !f.is_empty()) {
        let mut from = 0;
        while let Some(p) = sentence[from..].find(fact) {
            let (s, e) = (from + p, from + p + fact.len());
            if spans.iter().all(|&(a, b)| e <= a || b <= s) {
                spans.push((s, e));
                break;
            }
            from = e;
        }
    }
    spans.sort();
    spans
}

/// Marks each figure of `facts` (`; `-separated) where it first occurs in `sentence`.
fn mark_figures(sentence: &str, facts: &str, style: Style) -> String {
    let mut out = String::new();
    let mut at = 0;
    for (s, e) in figure_spans(sentence, facts) {
        out.push_str(&sentence[at..s]);
        out.push_str(&style.mark(&sentence[s..e]));
        at = e;
    }
    out.push_str(&sentence[at..]);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn figure(v: Option<f64>) -> String {
    match v {
        Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => format!("{v}").replace('.', ","),
        None => "-".to_string(),
    }
}

/// The report of the run in `dir`, and how many checks it lists.
pub fn report(dir: &Path, style: Style) -> anyhow::Result<(String, usize)> {
    let checks = scan(dir, "checks")?.collect()?;
    let docs = scan(dir, "documents")?
        .select([col("doc_id"), col("source"), col("title")])
        .collect()?;
    let names: HashMap<String, (String, String)> = strings(&docs, "doc_id")?
        .into_iter()
        .zip(
            strings(&docs, "source")?
                .into_iter()
                .zip(strings(&docs, "title")?),
        )
        .collect();
    let n = checks.height();
    let rows: Vec<Row> = {
        let (doc_id, check, severity) = (
            strings(&checks, "doc_id")?,
            strings(&checks, "check")?,
            strings(&checks, "severity")?,
        );
        let (claimed, expected) = (floats(&checks, "claimed")?, floats(&checks, "expected")?);
        let (message, sentence, facts) = (
            strings(&checks, "message")?,
            strings(&checks, "sentence")?,
            strings(&checks, "facts")?,
        );
        (0..n)
            .map(|i| Row {
                doc_id: doc_id[i].clone(),
                check: check[i].clone(),
                severity: severity[i].clone(),
                claimed: claimed[i],
                expected: expected[i],
                message: message[i].clone(),
                sentence: sentence[i].clone(),
                facts: facts[i].clone(),
            })
            .collect()
    };
    let mut out = String::new();
    let mut current: Option<&str> = None;
    let mut documents = 0;
    for r in &rows {
        if current != Some(r.doc_id.as_str()) {
            current = Some(r.doc_id.as_str());
            documents += 1;
            let (source, title) = names.get(&r.doc_id).cloned().unwrap_or_default();
            let title = if title.is_empty() {
                String::new()
            } else {
                format!(" — {title}")
            };
            writeln!(out, "\n{}{title}", style.bold(&source))?;
        }
        writeln!(
            out,
            "  {} ({}): claimed {}, expected {}",
            style.bold(&r.check),
            r.severity,
            figure(r.claimed),
            figure(r.expected)
        )?;
        writeln!(out, "    {}", mark_figures(&r.sentence, &r.facts, style))?;
        writeln!(out, "    {}", r.message)?;
    }
    let plural = |k: usize, word: &str| {
        if k == 1 {
            format!("1 {word}")
        } else {
            format!("{k} {word}s")
        }
    };
    writeln!(
        out,
        "\n{} in {}",
        plural(n, "check"),
        plural(documents, "document")
    )?;
    Ok((out, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_marked_once_each_in_their_sentence() {
        let s = "05/39 tổ chức hoàn thành nhiệm vụ, đạt tỷ lệ 13,76%; 5/39 khác";
        assert_eq!(
            mark_figures(s, "05/39 tổ chức; 13,76%", Style::Plain),
            "[[05/39 tổ chức]] hoàn thành nhiệm vụ, đạt tỷ lệ [[13,76%]]; 5/39 khác"
        );
        assert_eq!(
            mark_figures("a 12,5% b", "12,5%", Style::Colour),
            "a \x1b[1;31m12,5%\x1b[0m b"
        );
    }
}
