//! Rows to tables: polars data frames written in batches to Parquet, CSV or NDJSON.
//!
//! Each table is written to a hidden temporary file beside its final name and renamed into
//! place when the run finishes, so an interrupted run never leaves a half-written table.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::checks::Check;
use crate::facts::{Award, DateFact, Quantity};
use crate::pipeline::{DocumentRow, Extraction};

/// The tables of a run, in the order they are listed.
pub const TABLES: [&str; 5] = ["documents", "quantities", "awards", "dates", "checks"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    Parquet,
    Csv,
    Ndjson,
}

impl OutFormat {
    pub fn extension(self) -> &'static str {
        match self {
            OutFormat::Parquet => "parquet",
            OutFormat::Csv => "csv",
            OutFormat::Ndjson => "ndjson",
        }
    }
}

fn s<T>(name: &str, values: Vec<T>) -> Column
where
    Series: NamedFrom<Vec<T>, [T]>,
{
    Series::new(name.into(), values).into()
}

fn frame(height: usize, columns: Vec<Column>) -> DataFrame {
    DataFrame::new(height, columns).expect("columns of one table have one height")
}

/// Evidence columns shared by the fact tables.
macro_rules! evidence_columns {
    ($rows:expr) => {
        vec![
            s(
                "text",
                $rows
                    .iter()
                    .map(|(_, r)| r.ev.text.clone())
                    .collect::<Vec<_>>(),
            ),
            s(
                "start",
                $rows
                    .iter()
                    .map(|(_, r)| r.ev.start as u64)
                    .collect::<Vec<_>>(),
            ),
            s(
                "end",
                $rows
                    .iter()
                    .map(|(_, r)| r.ev.end as u64)
                    .collect::<Vec<_>>(),
            ),
            s(
                "sentence",
                $rows
                    .iter()
                    .map(|(_, r)| r.ev.sentence.clone())
                    .collect::<Vec<_>>(),
            ),
            s(
                "rule",
                $rows
                    .iter()
                    .map(|(_, r)| r.ev.rule.clone())
                    .collect::<Vec<_>>(),
            ),
        ]
    };
}

pub fn documents_frame(rows: &[&DocumentRow]) -> DataFrame {
    let str_col = |name: &str, f: &dyn Fn(&DocumentRow) -> Option<String>| {
        s(name, rows.iter().map(|r| f(r)).collect::<Vec<_>>())
    };
    frame(
        rows.len(),
        vec![
            s(
                "doc_id",
                rows.iter().map(|r| r.doc_id.clone()).collect::<Vec<_>>(),
            ),
            s(
                "source",
                rows.iter().map(|r| r.source.clone()).collect::<Vec<_>>(),
            ),
            s(
                "format",
                rows.iter().map(|r| r.format.clone()).collect::<Vec<_>>(),
            ),
            str_col("encoding", &|r| r.encoding.clone()),
            str_col("title", &|r| r.title.clone()),
            str_col("published", &|r| r.published.clone()),
            str_col("url", &|r| r.url.clone()),
            str_col("district", &|r| r.district.clone()),
            str_col("province", &|r| r.province.clone()),
            str_col("text", &|r| r.text.clone()),
            s(
                "n_chars",
                rows.iter().map(|r| r.n_chars).collect::<Vec<_>>(),
            ),
            s(
                "n_replaced",
                rows.iter().map(|r| r.n_replaced).collect::<Vec<_>>(),
            ),
            s(
                "n_quantities",
                rows.iter().map(|r| r.n_quantities).collect::<Vec<_>>(),
            ),
            s(
                "n_awards",
                rows.iter().map(|r| r.n_awards).collect::<Vec<_>>(),
            ),
            s(
                "n_dates",
                rows.iter().map(|r| r.n_dates).collect::<Vec<_>>(),
            ),
            s(
                "n_checks",
                rows.iter().map(|r| r.n_checks).collect::<Vec<_>>(),
            ),
            s(
                "status",
                rows.iter().map(|r| r.status.clone()).collect::<Vec<_>>(),
            ),
            str_col("error", &|r| r.error.clone()),
        ],
    )
}

pub fn quantities_frame(rows: &[(&str, &Quantity)]) -> DataFrame {
    let mut cols = vec![
        s(
            "doc_id",
            rows.iter().map(|(d, _)| d.to_string()).collect::<Vec<_>>(),
        ),
        s(
            "kind",
            rows.iter().map(|(_, q)| q.kind.clone()).collect::<Vec<_>>(),
        ),
        s(
            "value",
            rows.iter().map(|(_, q)| q.value).collect::<Vec<_>>(),
        ),
        s(
            "numerator",
            rows.iter().map(|(_, q)| q.numerator).collect::<Vec<_>>(),
        ),
        s(
            "denominator",
            rows.iter().map(|(_, q)| q.denominator).collect::<Vec<_>>(),
        ),
        s(
            "unit",
            rows.iter().map(|(_, q)| q.unit.clone()).collect::<Vec<_>>(),
        ),
        s(
            "subject",
            rows.iter()
                .map(|(_, q)| q.subject.clone())
                .collect::<Vec<_>>(),
        ),
        s(
            "qualifier",
            rows.iter()
                .map(|(_, q)| q.qualifier.clone())
                .collect::<Vec<_>>(),
        ),
        s(
            "approx",
            rows.iter().map(|(_, q)| q.approx).collect::<Vec<_>>(),
        ),
        s(
            "per",
            rows.iter().map(|(_, q)| q.per.clone()).collect::<Vec<_>>(),
        ),
        s(
            "decimals",
            rows.iter().map(|(_, q)| q.decimals).collect::<Vec<_>>(),
        ),
    ];
    cols.extend(evidence_columns!(rows));
    frame(rows.len(), cols)
}

pub fn awards_frame(rows: &[(&str, &Award)]) -> DataFrame {
    let mut cols = vec![
        s(
            "doc_id",
            rows.iter().map(|(d, _)| d.to_string()).collect::<Vec<_>>(),
        ),
        s(
            "award",
            rows.iter()
                .map(|(_, a)| a.award.clone())
                .collect::<Vec<_>>(),
        ),
        s(
            "class",
            rows.iter().map(|(_, a)| a.class).collect::<Vec<_>>(),
        ),
        s(
            "recipient_kind",
            rows.iter()
                .map(|(_, a)| a.recipient_kind.clone())
                .collect::<Vec<_>>(),
        ),
        s(
            "count",
            rows.iter().map(|(_, a)| a.count).collect::<Vec<_>>(),
        ),
        s(
            "recipient_name",
            rows.iter()
                .map(|(_, a)| a.recipient_name.clone())
                .collect::<Vec<_>>(),
        ),
        s(
            "grantor",
            rows.iter()
                .map(|(_, a)| a.grantor.clone())
                .collect::<Vec<_>>(),
        ),
        s(
            "grantor_level",
            rows.iter()
                .map(|(_, a)| a.grantor_level.clone())
                .collect::<Vec<_>>(),
        ),
        s(
            "status",
            rows.iter()
                .map(|(_, a)| a.status.clone())
                .collect::<Vec<_>>(),
        ),
    ];
    cols.extend(evidence_columns!(rows));
    frame(rows.len(), cols)
}

pub fn dates_frame(rows: &[(&str, &DateFact)]) -> DataFrame {
    let mut cols = vec![
        s(
            "doc_id",
            rows.iter().map(|(d, _)| d.to_string()).collect::<Vec<_>>(),
        ),
        s(
            "value",
            rows.iter()
                .map(|(_, d)| d.value.clone())
                .collect::<Vec<_>>(),
        ),
        s(
            "precision",
            rows.iter()
                .map(|(_, d)| d.precision.clone())
                .collect::<Vec<_>>(),
        ),
    ];
    cols.extend(evidence_columns!(rows));
    frame(rows.len(), cols)
}

pub fn checks_frame(rows: &[(&str, &Check)]) -> DataFrame {
    frame(
        rows.len(),
        vec![
            s(
                "doc_id",
                rows.iter().map(|(d, _)| d.to_string()).collect::<Vec<_>>(),
            ),
            s(
                "check",
                rows.iter()
                    .map(|(_, c)| c.check.clone())
                    .collect::<Vec<_>>(),
            ),
            s(
                "severity",
                rows.iter()
                    .map(|(_, c)| c.severity.clone())
                    .collect::<Vec<_>>(),
            ),
            s(
                "claimed",
                rows.iter().map(|(_, c)| c.claimed).collect::<Vec<_>>(),
            ),
            s(
                "expected",
                rows.iter().map(|(_, c)| c.expected).collect::<Vec<_>>(),
            ),
            s(
                "message",
                rows.iter()
                    .map(|(_, c)| c.message.clone())
                    .collect::<Vec<_>>(),
            ),
            s(
                "text",
                rows.iter()
                    .map(|(_, c)| c.ev.text.clone())
                    .collect::<Vec<_>>(),
            ),
            s(
                "start",
                rows.iter()
                    .map(|(_, c)| c.ev.start as u64)
                    .collect::<Vec<_>>(),
            ),
            s(
                "end",
                rows.iter()
                    .map(|(_, c)| c.ev.end as u64)
                    .collect::<Vec<_>>(),
            ),
            s(
                "sentence",
                rows.iter()
                    .map(|(_, c)| c.ev.sentence.clone())
                    .collect::<Vec<_>>(),
            ),
            s(
                "facts",
                rows.iter()
                    .map(|(_, c)| c.facts.clone())
                    .collect::<Vec<_>>(),
            ),
            s(
                "fact_starts",
                rows.iter()
                    .map(|(_, c)| c.fact_starts.clone())
                    .collect::<Vec<_>>(),
            ),
        ],
    )
}

/// The frames of a batch of extractions, in input order and in the order of `TABLES`.
pub fn frames(batch: &[Extraction]) -> [DataFrame; 5] {
    let docs: Vec<&DocumentRow> = batch.iter().map(|e| &e.document).collect();
    let q: Vec<(&str, &Quantity)> = batch
        .iter()
        .flat_map(|e| {
            e.quantities
                .iter()
                .map(move |q| (e.document.doc_id.as_str(), q))
        })
        .collect();
    let a: Vec<(&str, &Award)> = batch
        .iter()
        .flat_map(|e| {
            e.awards
                .iter()
                .map(move |a| (e.document.doc_id.as_str(), a))
        })
        .collect();
    let d: Vec<(&str, &DateFact)> = batch
        .iter()
        .flat_map(|e| e.dates.iter().map(move |d| (e.document.doc_id.as_str(), d)))
        .collect();
    let c: Vec<(&str, &Check)> = batch
        .iter()
        .flat_map(|e| {
            e.checks
                .iter()
                .map(move |c| (e.document.doc_id.as_str(), c))
        })
        .collect();
    [
        documents_frame(&docs),
        quantities_frame(&q),
        awards_frame(&a),
        dates_frame(&d),
        checks_frame(&c),
    ]
}

enum Sink {
    // Boxed: the Parquet writer is five times the size of the others.
    Parquet(Box<polars::io::parquet::write::BatchedWriter<BufWriter<File>>>),
    Csv(polars::io::csv::write::BatchedWriter<BufWriter<File>>),
    Ndjson(polars::io::json::BatchedWriter<BufWriter<File>>),
}

/// One table being written.
pub struct TableWriter {
    tmp: PathBuf,
    path: PathBuf,
    sink: Sink,
}

impl TableWriter {
    pub fn create(
        dir: &Path,
        name: &str,
        format: OutFormat,
        schema: &Schema,
    ) -> PolarsResult<TableWriter> {
        let path = dir.join(format!("{name}.{}", format.extension()));
        let tmp = dir.join(format!(".{name}.{}.tmp", format.extension()));
        let file = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
        let sink = match format {
            OutFormat::Parquet => Sink::Parquet(Box::new(
                ParquetWriter::new(file)
                    .with_compression(ParquetCompression::Zstd(None))
                    .batched(schema)?,
            )),
            OutFormat::Csv => Sink::Csv(
                CsvWriter::new(file)
                    .include_bom(true)
                    .include_header(true)
                    .batched(schema)?,
            ),
            OutFormat::Ndjson => Sink::Ndjson(polars::io::json::BatchedWriter::new(file)),
        };
        Ok(TableWriter { tmp, path, sink })
    }

    pub fn write(&mut self, df: &mut DataFrame) -> PolarsResult<()> {
        if df.height() == 0 {
            return Ok(());
        }
        df.rechunk_mut();
        match &mut self.sink {
            Sink::Parquet(w) => w.write_batch(df),
            Sink::Csv(w) => w.write_batch(df),
            Sink::Ndjson(w) => w.write_batch(df),
        }
    }

    /// Completes the file and renames it into place.
    pub fn finish(mut self) -> PolarsResult<PathBuf> {
        match &mut self.sink {
            Sink::Parquet(w) => {
                w.finish()?;
            }
            Sink::Csv(w) => w.finish()?,
            Sink::Ndjson(_) => {}
        }
        drop(self.sink);
        std::fs::rename(&self.tmp, &self.path)?;
        Ok(self.path)
    }

    /// Removes the temporary file of an abandoned run.
    pub fn abandon(self) {
        drop(self.sink);
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// The writers of all tables of a run.
pub struct TableSet {
    writers: Vec<TableWriter>,
}

impl TableSet {
    pub fn create(dir: &Path, format: OutFormat) -> PolarsResult<TableSet> {
        std::fs::create_dir_all(dir)?;
        let empty = frames(&[]);
        let mut writers = Vec::new();
        for (name, df) in TABLES.iter().zip(empty.iter()) {
            writers.push(TableWriter::create(dir, name, format, df.schema())?);
        }
        Ok(TableSet { writers })
    }

    pub fn write(&mut self, batch: &[Extraction]) -> PolarsResult<()> {
        for (w, mut df) in self.writers.iter_mut().zip(frames(batch)) {
            w.write(&mut df)?;
        }
        Ok(())
    }

    pub fn finish(self) -> PolarsResult<Vec<PathBuf>> {
        self.writers.into_iter().map(TableWriter::finish).collect()
    }

    pub fn abandon(self) {
        self.writers.into_iter().for_each(TableWriter::abandon);
    }
}
