//! Rows to tables: polars data frames written in batches to Parquet, CSV or NDJSON.
//!
//! Each table is written to a hidden temporary file beside its final name and renamed into
//! place when the run finishes, so an interrupted run never leaves a half-written table.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::pipeline::Extraction;
use crate::schema::{
    awards_frame, checks_frame, dates_frame, documents_frame, quantities_frame, DocumentRow,
};
pub use crate::schema::{OutFormat, TABLES};

/// The rows of one fact table of a batch, each with its document's id.
fn rows_of<T>(batch: &[Extraction], rows: fn(&Extraction) -> &[T]) -> Vec<(&str, &T)> {
    batch
        .iter()
        .flat_map(|e| rows(e).iter().map(move |r| (e.document.doc_id.as_str(), r)))
        .collect()
}

/// The frames of a batch of extractions, in input order and in the order of `TABLES`.
pub fn frames(batch: &[Extraction]) -> [DataFrame; 5] {
    let docs: Vec<&DocumentRow> = batch.iter().map(|e| &e.document).collect();
    [
        documents_frame(&docs),
        quantities_frame(&rows_of(batch, |e| &e.quantities)),
        awards_frame(&rows_of(batch, |e| &e.awards)),
        dates_frame(&rows_of(batch, |e| &e.dates)),
        checks_frame(&rows_of(batch, |e| &e.checks)),
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

    /// Puts every table in place, then removes the tables an earlier run wrote in another
    /// format, so that the folder holds this run alone.
    pub fn finish(self, dir: &Path, format: OutFormat) -> PolarsResult<Vec<PathBuf>> {
        let files = self
            .writers
            .into_iter()
            .map(TableWriter::finish)
            .collect::<PolarsResult<Vec<_>>>()?;
        for other in OutFormat::ALL.into_iter().filter(|&f| f != format) {
            for name in TABLES {
                let stale = dir.join(format!("{name}.{}", other.extension()));
                match std::fs::remove_file(&stale) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                    _ => {}
                }
            }
        }
        Ok(files)
    }

    pub fn abandon(self) {
        self.writers.into_iter().for_each(TableWriter::abandon);
    }
}
