//! `thidua._native`: the extractor's own pipeline called from Python. Records come in as
//! Python strings or bytes; the five tables leave as Arrow C streams (PyCapsules), which
//! polars takes without copying and pyarrow takes with strings as `large_string`.
//!
//! The typed, documented interface is the Python package around it (`thidua/__init__.py`).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex};

use polars::prelude::{CompatLevel, DataFrame, SchemaExt};
use polars_arrow::array::StructArray;
use polars_arrow::datatypes::{ArrowDataType, Field as ArrowField};
use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::PyCapsule;
use rayon::prelude::*;
use thidua::ingest::{Fetched, Format, Inputs, Item, Payload, Record};
use thidua::pipeline::Extraction;
use thidua::places::Stated;
use thidua::rules::RuleSet;
use thidua::run::{process_guarded, ExtractOptions};
use thidua::schema::OutFormat;
use thidua::tables::{frame, TABLES};

create_exception!(
    _native,
    ThiduaError,
    PyRuntimeError,
    "A run that could not be done."
);

/// The most worker threads a call may ask for (as the command line).
const MAX_THREADS: usize = 1024;

/// Rule sets by patterns folder: compiling one takes a while, and a Spark job calls once per
/// batch.
static RULES: LazyLock<Mutex<HashMap<Option<PathBuf>, Arc<RuleSet>>>> =
    LazyLock::new(Default::default);

fn rules(patterns: Option<PathBuf>) -> PyResult<Arc<RuleSet>> {
    let mut cache = RULES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(rules) = cache.get(&patterns) {
        return Ok(rules.clone());
    }
    let rules = Arc::new(RuleSet::load(patterns.as_deref()).map_err(ThiduaError::new_err)?);
    cache.insert(patterns, rules.clone());
    Ok(rules)
}

fn pool(threads: Option<usize>) -> PyResult<rayon::ThreadPool> {
    if let Some(n) = threads.filter(|n| !(1..=MAX_THREADS).contains(n)) {
        return Err(PyValueError::new_err(format!(
            "threads must be 1 to {MAX_THREADS}, not {n}"
        )));
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| ThiduaError::new_err(format!("threads: {e}")))
}

/// A record's `text` or `html`: a string is read as a JSON Lines record's is; bytes are
/// decoded as a file's are.
#[derive(FromPyObject)]
enum Content {
    Str(PyBackedStr),
    Bytes(PyBackedBytes),
}

/// A record as the Python layer hands it over.
#[derive(FromPyObject)]
struct RecordIn {
    /// Its place among the records, from 1.
    number: usize,
    source: String,
    text: Option<Content>,
    html: Option<Content>,
    title: Option<String>,
    published: Option<String>,
    url: Option<String>,
    district: Option<String>,
    province: Option<String>,
}

impl RecordIn {
    fn into_item(self) -> PyResult<Item> {
        let RecordIn {
            number,
            source,
            text,
            html,
            title,
            published,
            url,
            district,
            province,
        } = self;
        let as_str = |c: &Option<Content>| match c {
            Some(Content::Str(s)) => Some(s.to_string()),
            _ => None,
        };
        let bytes = match (&text, &html) {
            (Some(Content::Bytes(b)), None) => Some((b.to_vec(), Format::Text)),
            (None, Some(Content::Bytes(b))) => Some((b.to_vec(), Format::Html)),
            (Some(Content::Bytes(_)), Some(_)) | (Some(_), Some(Content::Bytes(_))) => {
                return Err(PyValueError::new_err(format!(
                    "{source}: text and html both given, one of them as bytes"
                )))
            }
            _ => None,
        };
        if text.is_none() && html.is_none() {
            return Ok(Item {
                source,
                format: Format::JsonLines,
                payload: Payload::Failed(format!("record {number}: no `text` or `html` field")),
                size: 0,
            });
        }
        let Some((bytes, format)) = bytes else {
            let record = Record {
                text: as_str(&text),
                html: as_str(&html),
                title,
                published,
                url,
                district,
                province,
                encoding: None,
            };
            let size = record.text.as_ref().map_or(0, String::len)
                + record.html.as_ref().map_or(0, String::len);
            return Ok(Item {
                source,
                format: Format::JsonLines,
                payload: Payload::Record(record),
                size,
            });
        };
        if title.is_some() || published.is_some() || district.is_some() || province.is_some() {
            return Err(PyValueError::new_err(format!(
                "{source}: title, published, district and province are read from the content \
                 when it is bytes"
            )));
        }
        let size = bytes.len();
        let payload = match url {
            None => Payload::Bytes(bytes),
            Some(url) => Payload::Fetched(Fetched {
                bytes,
                cut_from: None,
                charset: None,
                url: Some(url),
                fetched: None,
            }),
        };
        Ok(Item {
            source,
            format,
            payload,
            size,
        })
    }
}

/// One table as an Arrow C stream of struct arrays, one per chunk.
fn arrow_stream(
    py: Python<'_>,
    df: DataFrame,
    compat: CompatLevel,
) -> PyResult<Bound<'_, PyCapsule>> {
    let mut df = df;
    df.align_chunks();
    let fields: Vec<ArrowField> = df
        .schema()
        .to_arrow(compat)
        .iter_values()
        .cloned()
        .collect();
    let dtype = ArrowDataType::Struct(fields);
    let chunks: Vec<_> = df
        .iter_chunks(compat, false)
        .map(|batch| {
            let len = batch.len();
            Ok(StructArray::new(dtype.clone(), len, batch.into_arrays(), None).boxed())
        })
        .collect();
    let field = ArrowField::new("".into(), dtype, false);
    let stream = polars_arrow::ffi::export_iterator(Box::new(chunks.into_iter()), field);
    PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
}

/// The five tables of `extractions`, by name, as Arrow C streams.
fn tables<'py>(
    py: Python<'py>,
    extractions: &[Extraction],
    large_strings: bool,
) -> PyResult<Vec<(&'static str, Bound<'py, PyCapsule>)>> {
    let compat = match large_strings {
        true => CompatLevel::oldest(),
        false => CompatLevel::newest(),
    };
    TABLES
        .iter()
        .enumerate()
        .map(|(table, name)| Ok((*name, arrow_stream(py, frame(table, extractions), compat)?)))
        .collect()
}

/// Processes items in parallel, in order, without holding the interpreter.
fn process_all(
    py: Python<'_>,
    rules: &RuleSet,
    items: Vec<Item>,
    threads: Option<usize>,
) -> PyResult<Vec<Extraction>> {
    let pool = pool(threads)?;
    Ok(py.detach(|| {
        pool.install(|| {
            items
                .par_iter()
                .map(|i| process_guarded(rules, i, &Stated::default()))
                .collect()
        })
    }))
}

/// Extracts the facts of records: `(source, text, html, title, published, url)` objects.
#[pyfunction]
#[pyo3(signature = (records, *, patterns=None, threads=None, large_strings=false))]
fn extract_records<'py>(
    py: Python<'py>,
    records: Vec<RecordIn>,
    patterns: Option<PathBuf>,
    threads: Option<usize>,
    large_strings: bool,
) -> PyResult<Vec<(&'static str, Bound<'py, PyCapsule>)>> {
    let rules = rules(patterns)?;
    let items = records
        .into_iter()
        .map(RecordIn::into_item)
        .collect::<PyResult<Vec<_>>>()?;
    let extractions = process_all(py, &rules, items, threads)?;
    tables(py, &extractions, large_strings)
}

/// Extracts the facts of files and folders, read as the command line reads them.
#[pyfunction]
#[pyo3(signature = (paths, *, patterns=None, threads=None, large_strings=false))]
fn extract_paths<'py>(
    py: Python<'py>,
    paths: Vec<PathBuf>,
    patterns: Option<PathBuf>,
    threads: Option<usize>,
    large_strings: bool,
) -> PyResult<Vec<(&'static str, Bound<'py, PyCapsule>)>> {
    let rules = rules(patterns)?;
    for path in &paths {
        std::fs::metadata(path)
            .map_err(|e| ThiduaError::new_err(format!("cannot read {}: {e}", path.display())))?;
    }
    let items: Vec<Item> = py.detach(|| Inputs::new(&paths).collect());
    let extractions = process_all(py, &rules, items, threads)?;
    tables(py, &extractions, large_strings)
}

/// The command line's `extract`: tables written to `out`; returns the run's summary as JSON.
#[pyfunction]
#[pyo3(signature = (paths, out, *, format="parquet", patterns=None, threads=None, parts=false, resume=false, district=None, province=None))]
#[allow(clippy::too_many_arguments)]
fn extract_files(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    out: PathBuf,
    format: &str,
    patterns: Option<PathBuf>,
    threads: Option<usize>,
    parts: bool,
    resume: bool,
    district: Option<String>,
    province: Option<String>,
) -> PyResult<String> {
    let format = match format {
        "parquet" => OutFormat::Parquet,
        "csv" => OutFormat::Csv,
        "ndjson" => OutFormat::Ndjson,
        other => {
            return Err(PyValueError::new_err(format!(
                "format must be parquet, csv or ndjson, not {other:?}"
            )))
        }
    };
    if resume && !parts {
        return Err(PyValueError::new_err("resume needs parts=True"));
    }
    pool(threads)?;
    let rules = rules(patterns)?;
    let opts = ExtractOptions {
        inputs: paths,
        out,
        format,
        threads,
        quiet: true,
        parts,
        resume,
        stop: None,
        stated: Stated { district, province },
    };
    let summary = py
        .detach(|| thidua::run::extract(&rules, &opts))
        .map_err(ThiduaError::new_err)?;
    serde_json::to_string(&summary).map_err(|e| ThiduaError::new_err(e.to_string()))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ThiduaError", m.py().get_type::<ThiduaError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(extract_records, m)?)?;
    m.add_function(wrap_pyfunction!(extract_paths, m)?)?;
    m.add_function(wrap_pyfunction!(extract_files, m)?)?;
    Ok(())
}
