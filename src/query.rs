//! SQL over the tables of a finished run (`thidua query`): each table is registered under
//! its name and scanned lazily from whichever format the run wrote.

use std::io::Write;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use polars::sql::SQLContext;

use crate::schema::{schema, OutFormat, TABLES};
use crate::tables::part_files;

/// How `query` prints its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QueryFormat {
    Table,
    Csv,
    Ndjson,
    Parquet,
}

/// The files a run wrote for `table`, in any format: one file, or the part files of a
/// `--parts` run.
pub fn table_files(dir: &Path, table: &str) -> Vec<PathBuf> {
    let single = [OutFormat::Parquet, OutFormat::Ndjson, OutFormat::Csv]
        .iter()
        .map(|f| dir.join(format!("{table}.{}", f.extension())))
        .find(|p| p.is_file());
    match single {
        Some(file) => vec![file],
        None => part_files(dir, table).into_iter().map(|(_, p)| p).collect(),
    }
}

/// A lazy scan of one table of a run.
pub fn scan(dir: &Path, table: &str) -> anyhow::Result<LazyFrame> {
    let files = table_files(dir, table);
    if files.is_empty() {
        anyhow::bail!(
            "{}: no {table}.parquet, .ndjson or .csv here (run `thidua extract --out {}` first)",
            dir.display(),
            dir.display()
        );
    }
    let utf8 = |p: &PathBuf| -> anyhow::Result<PlRefPath> {
        let s = p.to_str();
        Ok(PlRefPath::new(s.ok_or_else(|| {
            anyhow::anyhow!("{}: path is not UTF-8", p.display())
        })?))
    };
    let parquet = files[0].extension().is_some_and(|e| e == "parquet");
    // An empty text file is a table without rows (a part whose batch had none).
    let mut paths = Vec::new();
    for f in files
        .iter()
        .filter(|f| parquet || std::fs::metadata(f).is_ok_and(|m| m.len() > 0))
    {
        paths.push(utf8(f)?);
    }
    // Text formats are read with the schema the run wrote them with: an empty table or an
    // all-null column then keeps its types.
    let known = schema(table).map(std::sync::Arc::new);
    let lf = match (
        parquet,
        files[0].extension().and_then(|e| e.to_str()),
        known,
    ) {
        (true, _, _) => LazyFrame::scan_parquet_files(paths.into(), ScanArgsParquet::default())?,
        (false, _, Some(schema)) if paths.is_empty() => {
            DataFrame::empty_with_schema(&schema).lazy()
        }
        (false, Some("ndjson"), known) => LazyJsonLineReader::new_paths(paths.into())
            .with_schema(known)
            .with_infer_schema_length(None)
            .finish()?,
        (false, _, known) => LazyCsvReader::new_paths(paths.into())
            .with_has_header(true)
            .with_schema(known)
            .finish()?,
    };
    Ok(lf)
}

/// A SQL context with every table of the run in `dir`.
pub fn context(dir: &Path) -> anyhow::Result<SQLContext> {
    if !dir.is_dir() {
        anyhow::bail!(
            "{}: no such folder (run `thidua extract --out {}` first)",
            dir.display(),
            dir.display()
        );
    }
    let ctx = SQLContext::new();
    let mut found = 0;
    for table in TABLES {
        if !table_files(dir, table).is_empty() {
            ctx.register(table, scan(dir, table)?);
            found += 1;
        }
    }
    if found == 0 {
        anyhow::bail!(
            "{}: holds no tables of a run (documents, quantities, awards, dates, checks)",
            dir.display()
        );
    }
    Ok(ctx)
}

/// Runs `sql` over the run in `dir`.
pub fn run(dir: &Path, sql: &str) -> anyhow::Result<DataFrame> {
    let mut ctx = context(dir)?;
    Ok(ctx.execute(sql)?.collect()?)
}

/// Writes an answer to `out` in `format`.
pub fn print(df: &mut DataFrame, format: QueryFormat, out: &mut dyn Write) -> anyhow::Result<()> {
    match format {
        QueryFormat::Table => writeln!(out, "{df}")?,
        QueryFormat::Csv => CsvWriter::new(out).include_header(true).finish(df)?,
        QueryFormat::Ndjson => JsonWriter::new(out)
            .with_json_format(JsonFormat::JsonLines)
            .finish(df)?,
        QueryFormat::Parquet => {
            let mut buf = Vec::new();
            ParquetWriter::new(&mut buf).finish(df)?;
            out.write_all(&buf)?;
        }
    }
    Ok(())
}
