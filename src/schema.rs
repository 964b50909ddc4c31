//! The five tables of a run: the row types and, beside them, each table's columns in
//! order (name, type, value), from which the polars schema of every format comes. Commands
//! that only read tables (`query`, `check`) need this module and nothing of the extractor.

use polars::prelude::*;
use serde::Serialize;

use crate::normalize::{FormByte, TextByte};

/// The tables of a run, in the order they are listed.
pub const TABLES: [&str; 5] = ["documents", "quantities", "awards", "dates", "checks"];

/// The file formats a run writes its tables in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    Parquet,
    Csv,
    Ndjson,
}

impl OutFormat {
    pub const ALL: [OutFormat; 3] = [OutFormat::Parquet, OutFormat::Csv, OutFormat::Ndjson];

    pub fn extension(self) -> &'static str {
        match self {
            OutFormat::Parquet => "parquet",
            OutFormat::Csv => "csv",
            OutFormat::Ndjson => "ndjson",
        }
    }
}

/// A `documents` row: one per input, whatever became of it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocumentRow {
    pub doc_id: String,
    pub source: String,
    pub format: String,
    pub encoding: Option<String>,
    pub title: Option<String>,
    /// ISO 8601 as written (`2023-01-14`, `2023-01-14T08:30`), Vietnam local time.
    pub published: Option<String>,
    /// When an archive fetched the page (a WARC record's date), ISO 8601.
    pub fetched: Option<String>,
    pub url: Option<String>,
    /// The district and province the article is about, official names (`places.rs`).
    pub district: Option<String>,
    pub province: Option<String>,
    /// The General Statistics Office's codes, and the province of 2025 it became.
    pub district_code: Option<String>,
    pub province_code: Option<String>,
    pub province_2025: Option<String>,
    pub text: Option<String>,
    pub n_chars: u64,
    /// Characters that could not be decoded (U+FFFD in the text).
    pub n_replaced: u64,
    pub n_quantities: u64,
    pub n_awards: u64,
    pub n_dates: u64,
    pub n_checks: u64,
    /// `ok`, `warning` (undecodable bytes), `empty`, `skipped` or `error`.
    pub status: String,
    pub error: Option<String>,
}

/// Where a fact was found. A fact is built on the matching form (`form`); when its
/// document is finished it gets its span of the clean text (`bytes`) and the characters of
/// `documents.text` that the tables give (`start`, `end`).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Evidence {
    pub text: String,
    /// Characters of `documents.text`: `text[start..end]` is the fact's `text`.
    pub start: usize,
    pub end: usize,
    pub sentence: String,
    pub rule: String,
    /// Byte span in the matching form, where the rule matched.
    #[serde(skip)]
    pub form: (FormByte, FormByte),
    /// Byte span in the clean text, for checks that read the words between facts.
    #[serde(skip)]
    pub bytes: (TextByte, TextByte),
}

impl Evidence {
    /// Where the fact starts in the matching form.
    pub fn form_start(&self) -> usize {
        self.form.0 .0
    }

    /// Where the fact ends in the matching form.
    pub fn form_end(&self) -> usize {
        self.form.1 .0
    }
}

/// A `quantities` row.
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

/// A `dates` row.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct DateFact {
    pub value: String,
    pub precision: String,
    #[serde(flatten)]
    pub ev: Evidence,
}

/// An `awards` row.
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

/// A `checks` row. `start` and `end` are bytes of the clean text until the pipeline turns
/// them into characters, like every fact's.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Check {
    pub check: String,
    /// `error`, or `warning` where the figure is off only by how it was rounded.
    pub severity: String,
    pub claimed: f64,
    pub expected: Option<f64>,
    pub message: String,
    /// The figures involved as written, `; `-separated, and where they start.
    pub facts: String,
    pub fact_starts: String,
    #[serde(flatten)]
    pub ev: Evidence,
}

/// One column: its name and its values, one per row.
fn col<'a, R, T>(name: &str, rows: &'a [R], value: impl Fn(&'a R) -> T) -> Column
where
    Series: NamedFrom<Vec<T>, [T]>,
{
    Series::new(name.into(), rows.iter().map(value).collect::<Vec<T>>()).into()
}

/// A column of days (polars `Date`), null where there is none.
fn date_col<R>(name: &str, rows: &[R], value: impl Fn(&R) -> Option<chrono::NaiveDate>) -> Column {
    let days = col(name, rows, |r| value(r).map(crate::days::epoch_days));
    days.cast(&DataType::Date).expect("days cast to dates")
}

/// A column of local times as written (polars `Datetime` in milliseconds, no zone).
fn datetime_col<R>(name: &str, rows: &[R], iso: impl Fn(&R) -> Option<&str>) -> Column {
    let millis = col(name, rows, |r| iso(r).and_then(crate::days::epoch_millis));
    millis
        .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
        .expect("milliseconds cast to datetimes")
}

/// A count or an offset, signed so that readers can subtract them.
fn int(n: usize) -> i64 {
    n as i64
}

fn frame(height: usize, columns: Vec<Column>) -> DataFrame {
    DataFrame::new(height, columns).expect("columns of one table have one height")
}

/// A fact of one document: its `doc_id` and the fact.
pub type Keyed<'a, T> = (&'a str, &'a T);

fn doc_id<T>(rows: &[Keyed<T>]) -> Column {
    col("doc_id", rows, |(d, _)| *d)
}

/// The evidence columns the fact tables end with.
fn evidence<'a, T>(rows: &'a [Keyed<'a, T>], ev: impl Fn(&'a T) -> &'a Evidence) -> Vec<Column> {
    vec![
        col("text", rows, |(_, r)| ev(r).text.as_str()),
        col("start", rows, |(_, r)| int(ev(r).start)),
        col("end", rows, |(_, r)| int(ev(r).end)),
        col("sentence", rows, |(_, r)| ev(r).sentence.as_str()),
        col("rule", rows, |(_, r)| ev(r).rule.as_str()),
    ]
}

pub fn documents_frame(rows: &[&DocumentRow]) -> DataFrame {
    let columns = vec![
        col("doc_id", rows, |r| r.doc_id.as_str()),
        col("source", rows, |r| r.source.as_str()),
        col("format", rows, |r| r.format.as_str()),
        col("encoding", rows, |r| r.encoding.as_deref()),
        col("title", rows, |r| r.title.as_deref()),
        datetime_col("published", rows, |r| r.published.as_deref()),
        datetime_col("fetched", rows, |r| r.fetched.as_deref()),
        col("url", rows, |r| r.url.as_deref()),
        col("district", rows, |r| r.district.as_deref()),
        col("province", rows, |r| r.province.as_deref()),
        col("district_code", rows, |r| r.district_code.as_deref()),
        col("province_code", rows, |r| r.province_code.as_deref()),
        col("province_2025", rows, |r| r.province_2025.as_deref()),
        col("text", rows, |r| r.text.as_deref()),
        col("n_chars", rows, |r| r.n_chars as i64),
        col("n_replaced", rows, |r| r.n_replaced as i64),
        col("n_quantities", rows, |r| r.n_quantities as i64),
        col("n_awards", rows, |r| r.n_awards as i64),
        col("n_dates", rows, |r| r.n_dates as i64),
        col("n_checks", rows, |r| r.n_checks as i64),
        col("status", rows, |r| r.status.as_str()),
        col("error", rows, |r| r.error.as_deref()),
    ];
    frame(rows.len(), columns)
}

pub fn quantities_frame(rows: &[Keyed<Quantity>]) -> DataFrame {
    let mut columns = vec![
        doc_id(rows),
        col("kind", rows, |(_, q)| q.kind.as_str()),
        col("value", rows, |(_, q)| q.value),
        col("numerator", rows, |(_, q)| q.numerator),
        col("denominator", rows, |(_, q)| q.denominator),
        col("unit", rows, |(_, q)| q.unit.as_deref()),
        col("subject", rows, |(_, q)| q.subject.as_deref()),
        col("qualifier", rows, |(_, q)| q.qualifier.as_deref()),
        col("approx", rows, |(_, q)| q.approx),
        col("per", rows, |(_, q)| q.per.as_deref()),
        col("decimals", rows, |(_, q)| i64::from(q.decimals)),
    ];
    columns.extend(evidence(rows, |q| &q.ev));
    frame(rows.len(), columns)
}

pub fn awards_frame(rows: &[Keyed<Award>]) -> DataFrame {
    let mut columns = vec![
        doc_id(rows),
        col("award", rows, |(_, a)| a.award.as_str()),
        col("class", rows, |(_, a)| a.class),
        col("recipient_kind", rows, |(_, a)| a.recipient_kind.as_deref()),
        col("count", rows, |(_, a)| a.count),
        col("recipient_name", rows, |(_, a)| a.recipient_name.as_deref()),
        col("grantor", rows, |(_, a)| a.grantor.as_deref()),
        col("grantor_level", rows, |(_, a)| a.grantor_level.as_deref()),
        col("status", rows, |(_, a)| a.status.as_str()),
    ];
    columns.extend(evidence(rows, |a| &a.ev));
    frame(rows.len(), columns)
}

pub fn dates_frame(rows: &[Keyed<DateFact>]) -> DataFrame {
    let mut columns = vec![
        doc_id(rows),
        col("value", rows, |(_, d)| d.value.as_str()),
        col("precision", rows, |(_, d)| d.precision.as_str()),
        date_col("first_day", rows, |(_, d)| {
            crate::days::span(&d.value).map(|s| s.0)
        }),
        date_col("last_day", rows, |(_, d)| {
            crate::days::span(&d.value).map(|s| s.1)
        }),
    ];
    columns.extend(evidence(rows, |d| &d.ev));
    frame(rows.len(), columns)
}

pub fn checks_frame(rows: &[Keyed<Check>]) -> DataFrame {
    let mut columns = vec![
        doc_id(rows),
        col("check", rows, |(_, c)| c.check.as_str()),
        col("severity", rows, |(_, c)| c.severity.as_str()),
        col("claimed", rows, |(_, c)| c.claimed),
        col("expected", rows, |(_, c)| c.expected),
        col("message", rows, |(_, c)| c.message.as_str()),
    ];
    // A check's evidence has no rule; the facts it involves follow it.
    columns.extend(evidence(rows, |c| &c.ev).into_iter().take(4));
    columns.push(col("facts", rows, |(_, c)| c.facts.as_str()));
    columns.push(col("fact_starts", rows, |(_, c)| c.fact_starts.as_str()));
    frame(rows.len(), columns)
}

/// The schema of a table by name, as every format writes it.
pub fn schema(table: &str) -> Option<Schema> {
    let frame = match table {
        "documents" => documents_frame(&[]),
        "quantities" => quantities_frame(&[]),
        "awards" => awards_frame(&[]),
        "dates" => dates_frame(&[]),
        "checks" => checks_frame(&[]),
        _ => return None,
    };
    Some(frame.schema().as_ref().clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_a_schema_of_its_columns() {
        let names = |t: &str| -> Vec<String> {
            schema(t)
                .unwrap()
                .iter_names()
                .map(|n| n.to_string())
                .collect()
        };
        assert_eq!(
            names("dates"),
            [
                "doc_id",
                "value",
                "precision",
                "first_day",
                "last_day",
                "text",
                "start",
                "end",
                "sentence",
                "rule"
            ]
        );
        assert_eq!(
            names("checks")[6..],
            ["text", "start", "end", "sentence", "facts", "fact_starts"]
        );
        assert_eq!(
            schema("documents").unwrap().get("n_chars"),
            Some(&DataType::Int64)
        );
        assert_eq!(
            schema("documents").unwrap().get("published"),
            Some(&DataType::Datetime(TimeUnit::Milliseconds, None))
        );
        assert_eq!(
            schema("dates").unwrap().get("first_day"),
            Some(&DataType::Date)
        );
        assert!(TABLES.iter().all(|t| schema(t).is_some()));
        assert_eq!(schema("nope"), None);
    }
}
