//! SQL over the tables of a finished run (`thidua query`): each table is registered under
//! its name and scanned lazily from whichever format the run wrote.

use std::io::Write;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use polars::sql::SQLContext;

use crate::schema::{schema, OutFormat, TABLES};

/// How `query` prints its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QueryFormat {
    Table,
    Csv,
    Ndjson,
    Parquet,
}

/// The file a run wrote for `table`, in any format.
pub fn table_path(dir: &Path, table: &str) -> Option<PathBuf> {
    [OutFormat::Parquet, OutFormat::Ndjson, OutFormat::Csv]
        .iter()
        .map(|f| dir.join(format!("{table}.{}", f.extension())))
        .find(|p| p.is_file())
}

/// A lazy scan of one table of a run.
pub fn scan(dir: &Path, table: &str) -> anyhow::Result<LazyFrame> {
    let path = table_path(dir, table).ok_or_else(|| {
        anyhow::anyhow!(
            "{}: no {table}.parquet, .ndjson or .csv here (run `thidua extract --out {}` first)",
            dir.display(),
            dir.display()
        )
    })?;
    let p = PlRefPath::new(
        path.to_str()
            .ok_or_else(|| anyhow::anyhow!("{}: path is not UTF-8", path.display()))?,
    );
    // Text formats are read with the schema the run wrote them with: an empty table or an
    // all-null column then keeps its types.
    let known = schema(table).map(std::sync::Arc::new);
    let text_file_is_empty = std::fs::metadata(&path)
        .map(|m| m.len() == 0)
        .unwrap_or(false);
    let lf = match (path.extension().and_then(|e| e.to_str()), known) {
        (Some("parquet"), _) => LazyFrame::scan_parquet(p, ScanArgsParquet::default())?,
        (_, Some(schema)) if text_file_is_empty => DataFrame::empty_with_schema(&schema).lazy(),
        (Some("ndjson"), known) => LazyJsonLineReader::new(p)
            .with_schema(known)
            .with_infer_schema_length(None)
            .finish()?,
        (_, known) => LazyCsvReader::new(p)
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
        if table_path(dir, table).is_some() {
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
