//! An extract run: inputs are read in batches, each batch is processed in parallel (rayon)
//! and written in input order, so memory stays bounded and output is the same for any
//! number of threads.

use std::io::IsTerminal;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::ingest::{Inputs, Item};
use crate::pipeline::{doc_id, process, DocumentRow, Extraction};
use crate::rules::RuleSet;
use crate::tables::{OutFormat, TableSet};
use crate::timings::{self, Stage};

/// Documents per batch, and bytes per batch, whichever comes first.
const BATCH_DOCS: usize = 1024;
const BATCH_BYTES: usize = 32 << 20;

pub struct ExtractOptions {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub format: OutFormat,
    pub threads: Option<usize>,
    pub quiet: bool,
    /// Set (by a signal handler) to stop the run after the batch at hand: its temporary
    /// tables are removed and an earlier run's tables stay in place.
    pub stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

/// What a run did.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub documents: usize,
    pub ok: usize,
    pub warnings: usize,
    pub empty: usize,
    pub skipped: usize,
    pub errors: usize,
    pub quantities: usize,
    pub awards: usize,
    pub dates: usize,
    pub checks: usize,
    pub bytes: usize,
    pub elapsed: Duration,
    pub files: Vec<PathBuf>,
}

/// Processes one item; a panic becomes an error row instead of ending the run.
fn process_guarded(rules: &RuleSet, item: &Item) -> Extraction {
    catch_unwind(AssertUnwindSafe(|| process(rules, item))).unwrap_or_else(|panic| {
        let msg = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "unknown".into());
        Extraction {
            document: DocumentRow {
                doc_id: doc_id(&item.source, msg.as_bytes()),
                source: item.source.clone(),
                format: item.format.name().to_string(),
                status: "error".into(),
                error: Some(format!("internal error: {msg}")),
                ..DocumentRow::default()
            },
            ..Extraction::default()
        }
    })
}

fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {elapsed_precise} {pos} documents ({per_sec}) {msg}",
        )
        .expect("static template"),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Runs the extraction; an error here is about the run (output, threads), not a document.
pub fn extract(rules: &RuleSet, opts: &ExtractOptions) -> Result<Summary, String> {
    // A named input that is not there fails the run before the output folder is touched:
    // an earlier run's tables stay as they were.
    for input in opts.inputs.iter().filter(|p| p.as_os_str() != "-") {
        std::fs::metadata(input).map_err(|e| format!("cannot read {}: {e}", input.display()))?;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.unwrap_or(0))
        .build()
        .map_err(|e| format!("threads: {e}"))?;
    let mut tables = TableSet::create(&opts.out, opts.format)
        .map_err(|e| format!("{}: {e}", opts.out.display()))?;
    let bar = progress_bar(opts.quiet);
    let started = Instant::now();
    let mut summary = Summary::default();
    let mut inputs = Inputs::new(&opts.inputs);
    loop {
        let mut batch: Vec<Item> = Vec::new();
        let mut bytes = 0;
        let reading = Instant::now();
        while batch.len() < BATCH_DOCS && bytes < BATCH_BYTES {
            match inputs.next() {
                Some(item) => {
                    bytes += item.size;
                    batch.push(item);
                }
                None => break,
            }
        }
        timings::add(Stage::Read, reading);
        if batch.is_empty() {
            break;
        }
        let results: Vec<Extraction> = pool.install(|| {
            batch
                .par_iter()
                .map(|it| process_guarded(rules, it))
                .collect()
        });
        drop(batch);
        for r in &results {
            summary.documents += 1;
            match r.document.status.as_str() {
                "error" => summary.errors += 1,
                "skipped" => summary.skipped += 1,
                "warning" => summary.warnings += 1,
                "empty" => summary.empty += 1,
                _ => summary.ok += 1,
            }
            summary.quantities += r.quantities.len();
            summary.awards += r.awards.len();
            summary.dates += r.dates.len();
            summary.checks += r.checks.len();
        }
        summary.bytes += bytes;
        let writing = Instant::now();
        let written = tables.write(&results);
        timings::add(Stage::Write, writing);
        if let Err(e) = written {
            tables.abandon();
            return Err(format!("writing tables: {e}"));
        }
        if opts
            .stop
            .as_ref()
            .is_some_and(|s| s.load(std::sync::atomic::Ordering::Relaxed))
        {
            tables.abandon();
            bar.finish_and_clear();
            return Err(
                "interrupted: no tables written, an earlier run's are left as they were".into(),
            );
        }
        bar.set_position(summary.documents as u64);
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        bar.set_message(format!(
            "{:.1} MB ({:.1} MB/s)",
            summary.bytes as f64 / 1e6,
            summary.bytes as f64 / 1e6 / secs
        ));
    }
    bar.finish_and_clear();
    summary.files = tables
        .finish(&opts.out, opts.format)
        .map_err(|e| format!("writing tables: {e}"))?;
    summary.elapsed = started.elapsed();
    write_manifest(opts, &summary).map_err(|e| format!("writing manifest.json: {e}"))?;
    Ok(summary)
}

/// `manifest.json`, written last: what the run read, how, and what it found.
fn write_manifest(opts: &ExtractOptions, s: &Summary) -> std::io::Result<()> {
    let finished = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let manifest = serde_json::json!({
        "thidua": env!("CARGO_PKG_VERSION"),
        "format": opts.format.extension(),
        "inputs": opts.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "documents": s.documents,
        "ok": s.ok,
        "warnings": s.warnings,
        "empty": s.empty,
        "skipped": s.skipped,
        "errors": s.errors,
        "quantities": s.quantities,
        "awards": s.awards,
        "dates": s.dates,
        "checks": s.checks,
        "seconds": s.elapsed.as_secs_f64(),
        "finished_unix": finished,
    });
    let tmp = opts.out.join(".manifest.json.tmp");
    std::fs::write(&tmp, serde_json::to_string_pretty(&manifest)? + "\n")?;
    std::fs::rename(tmp, opts.out.join("manifest.json"))
}
