//! Rows to tables: polars data frames written in batches to Parquet, CSV or NDJSON.
//!
//! Each table is written to a hidden temporary file beside its final name and renamed into
//! place when the run finishes, so an interrupted run never leaves a half-written table.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use polars::prelude::*;

mod parquet;
use parquet::ParquetSink;

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

/// The frame of table `TABLES[table]` of a batch of extractions, rows in input order.
pub fn frame(table: usize, batch: &[Extraction]) -> DataFrame {
    match TABLES[table] {
        "documents" => {
            let docs: Vec<&DocumentRow> = batch.iter().map(|e| &e.document).collect();
            documents_frame(&docs)
        }
        "quantities" => quantities_frame(&rows_of(batch, |e| &e.quantities)),
        "awards" => awards_frame(&rows_of(batch, |e| &e.awards)),
        "dates" => dates_frame(&rows_of(batch, |e| &e.dates)),
        "checks" => checks_frame(&rows_of(batch, |e| &e.checks)),
        other => unreachable!("a table without a frame: {other}"),
    }
}

enum Sink {
    // Boxed: the Parquet writer is several times the size of the others.
    Parquet(Box<ParquetSink<BufWriter<File>>>),
    Csv(polars::io::csv::write::BatchedWriter<BufWriter<File>>),
    Ndjson(polars::io::json::BatchedWriter<BufWriter<File>>),
}

/// The Arrow schema a Parquet file carries for Arrow readers, with strings as `large_utf8`
/// instead of polars' `string_view`, which older readers (pyarrow before 15, pandas 2.1,
/// Spark, R arrow) refuse. The data pages are the same either way.
fn plain_arrow_schema(schema: &Schema) -> polars_parquet::write::KeyValue {
    polars_parquet::write::schema_to_metadata_key(&schema.to_arrow(CompatLevel::oldest()))
}

/// One table being written.
pub struct TableWriter {
    tmp: PathBuf,
    path: PathBuf,
    sink: Sink,
}

impl TableWriter {
    /// A writer of `path`, through a hidden temporary file beside it.
    pub fn create(path: PathBuf, format: OutFormat, schema: &Schema) -> PolarsResult<TableWriter> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let tmp = path.with_file_name(format!(".{}.tmp", name.unwrap_or_default()));
        let file = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
        let sink = match format {
            OutFormat::Parquet => Sink::Parquet(Box::new(ParquetSink::new(
                file,
                &tmp.with_extension("pages"),
                schema,
                plain_arrow_schema(schema),
            )?)),
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
            Sink::Parquet(w) => w.write(df),
            Sink::Csv(w) => w.write_batch(df),
            Sink::Ndjson(w) => w.write_batch(df),
        }
    }

    /// Completes the file and renames it into place.
    pub fn finish(mut self) -> PolarsResult<PathBuf> {
        match &mut self.sink {
            Sink::Parquet(w) => w.finish()?,
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

/// Where a run's tables go: one file per table (`quantities.parquet`), or a folder of part
/// files per table, one part per batch (`quantities/part-00000.parquet`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Files,
    Parts,
}

/// The file of `table` in `layout`: `part` is the part's number.
pub fn table_file(dir: &Path, table: &str, format: OutFormat, part: Option<usize>) -> PathBuf {
    let ext = format.extension();
    match part {
        None => dir.join(format!("{table}.{ext}")),
        Some(n) => dir.join(table).join(format!("part-{n:05}.{ext}")),
    }
}

/// The part files of `table` in `dir` (any format), with their numbers, in order.
pub fn part_files(dir: &Path, table: &str) -> Vec<(usize, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir.join(table)) else {
        return Vec::new();
    };
    let mut parts: Vec<(usize, PathBuf)> = entries
        .filter_map(|e| {
            let path = e.ok()?.path();
            let name = path.file_name()?.to_str()?;
            let (stem, ext) = name.strip_prefix("part-")?.split_once('.')?;
            OutFormat::ALL
                .iter()
                .any(|f| f.extension() == ext)
                .then_some(())?;
            Some((stem.parse().ok()?, path))
        })
        .collect();
    parts.sort();
    parts
}

/// The writers of all tables of a run, or of one part of it.
pub struct TableSet {
    writers: Vec<TableWriter>,
}

impl TableSet {
    /// Writers of every table, as one file each or as part `part` of each.
    pub fn create(dir: &Path, format: OutFormat, part: Option<usize>) -> PolarsResult<TableSet> {
        let mut writers = Vec::new();
        for (table, name) in TABLES.iter().enumerate() {
            let path = table_file(dir, name, format, part);
            if let Some(folder) = path.parent() {
                std::fs::create_dir_all(folder)?;
            }
            writers.push(TableWriter::create(
                path,
                format,
                frame(table, &[]).schema(),
            )?);
        }
        Ok(TableSet { writers })
    }

    pub fn write(&mut self, batch: &[Extraction]) -> PolarsResult<()> {
        // One table's frame at a time: a batch's frames together are several times the
        // largest.
        for (table, w) in self.writers.iter_mut().enumerate() {
            w.write(&mut frame(table, batch))?;
        }
        Ok(())
    }

    /// Puts every table in place.
    pub fn finish(self) -> PolarsResult<Vec<PathBuf>> {
        self.writers
            .into_iter()
            .map(TableWriter::finish)
            .collect::<PolarsResult<Vec<_>>>()
    }

    pub fn abandon(self) {
        self.writers.into_iter().for_each(TableWriter::abandon);
    }
}

/// Removes what an earlier run left that is not of this run's format and layout (tables
/// in another format, single files beside parts, parts beside single files), and with
/// `from_part` the part files from that number on, so that the folder holds one run.
pub fn remove_other_tables(
    dir: &Path,
    format: OutFormat,
    layout: Layout,
    from_part: usize,
) -> std::io::Result<()> {
    let remove = |path: &Path| match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    };
    for table in TABLES {
        for other in OutFormat::ALL {
            if layout == Layout::Parts || other != format {
                remove(&table_file(dir, table, other, None))?;
            }
        }
        for (n, path) in part_files(dir, table) {
            let ours = path.extension().is_some_and(|e| e == format.extension());
            if layout == Layout::Files || !ours || n >= from_part {
                remove(&path)?;
            }
        }
        // Temporary files of a run that was killed.
        if let Ok(entries) = std::fs::read_dir(dir.join(table)) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().ends_with(".tmp") {
                    remove(&e.path())?;
                }
            }
        }
        if layout == Layout::Files {
            let _ = std::fs::remove_dir(dir.join(table));
        }
    }
    Ok(())
}
