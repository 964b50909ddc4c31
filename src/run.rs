//! An extract run: inputs are read in batches, each batch is processed in parallel (rayon)
//! and written in input order, so memory stays bounded and output is the same for any
//! number of threads. Reading, processing and writing overlap (a thread each for reading and
//! writing, one batch between them).

use std::io::IsTerminal;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::ingest::{Inputs, Item};
use crate::pipeline::{doc_id, process_stated, DocumentRow, Extraction};
use crate::places::Stated;
use crate::rules::RuleSet;
use crate::tables::{remove_other_tables, Layout, OutFormat, TableSet};
use crate::timings::{self, Stage};

/// Documents per batch, and bytes per batch, whichever comes first. Up to five batches are
/// in flight (read, waiting, processed, waiting, written): small batches keep the peak low
/// and the same over a long run, where the chance that several large ones meet grows.
const BATCH_DOCS: usize = 256;
const BATCH_BYTES: usize = 8 << 20;

pub struct ExtractOptions {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub format: OutFormat,
    pub threads: Option<usize>,
    pub quiet: bool,
    /// Each table as a folder of part files, one per batch, resumable.
    pub parts: bool,
    /// Continue the `--parts` run in `out` from its last complete part.
    pub resume: bool,
    /// Set (by a signal handler) to stop the run after the batch at hand: its temporary
    /// tables are removed and an earlier run's tables stay in place.
    pub stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    /// The district and province every input is about (a district portal's archive).
    pub stated: Stated,
}

/// What a run did. The counts are kept in the manifest, so that a resumed run goes on
/// counting.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
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
    #[serde(skip)]
    pub bytes: usize,
    #[serde(skip)]
    pub elapsed: Duration,
    #[serde(skip)]
    pub files: Vec<PathBuf>,
}

impl Summary {
    fn count(&mut self, r: &Extraction) {
        self.documents += 1;
        match r.document.status.as_str() {
            "error" => self.errors += 1,
            "skipped" => self.skipped += 1,
            "warning" => self.warnings += 1,
            "empty" => self.empty += 1,
            _ => self.ok += 1,
        }
        self.quantities += r.quantities.len();
        self.awards += r.awards.len();
        self.dates += r.dates.len();
        self.checks += r.checks.len();
    }
}

/// Processes one item; a panic becomes an error row instead of ending the run.
pub fn process_guarded(rules: &RuleSet, item: &Item, stated: &Stated) -> Extraction {
    catch_unwind(AssertUnwindSafe(|| process_stated(rules, item, stated))).unwrap_or_else(|panic| {
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

/// Where a run's batches go.
enum Output {
    /// One file per table, put in place when the run finishes.
    Files(TableSet),
    /// A part per `PART_DOCS` documents (or `PART_BYTES` bytes), each put in place when
    /// complete; `next` is the next part's number.
    Parts { next: usize, open: Option<OpenPart> },
}

/// A part being written: its tables, and the documents and bytes in it so far.
struct OpenPart {
    tables: TableSet,
    documents: usize,
    bytes: usize,
}

/// The size of a `--parts` part: what a resumed run may have to read again.
const PART_DOCS: usize = 1024;
const PART_BYTES: usize = 32 << 20;

impl Output {
    /// Writes a batch of `bytes` input bytes; gives whether it completed a part.
    fn write(
        &mut self,
        opts: &ExtractOptions,
        batch: &[Extraction],
        bytes: usize,
    ) -> Result<bool, String> {
        let at = |e: &dyn std::fmt::Display| format!("writing tables: {e}");
        let full = match self {
            Output::Files(tables) => {
                return tables.write(batch).map(|()| false).map_err(|e| at(&e))
            }
            Output::Parts { next, open } => {
                let part = match open {
                    Some(part) => part,
                    None => open.insert(OpenPart {
                        tables: TableSet::create(&opts.out, opts.format, Some(*next))
                            .map_err(|e| at(&e))?,
                        documents: 0,
                        bytes: 0,
                    }),
                };
                if let Err(e) = part.tables.write(batch) {
                    open.take().expect("a part is open").tables.abandon();
                    return Err(at(&e));
                }
                part.documents += batch.len();
                part.bytes += bytes;
                part.documents >= PART_DOCS || part.bytes >= PART_BYTES
            }
        };
        match full {
            true => self.close_part(),
            false => Ok(false),
        }
    }

    /// Puts the part being written in place; gives whether there was one.
    fn close_part(&mut self) -> Result<bool, String> {
        let Output::Parts { next, open } = self else {
            return Ok(false);
        };
        let Some(part) = open.take() else {
            return Ok(false);
        };
        part.tables
            .finish()
            .map_err(|e| format!("writing tables: {e}"))?;
        *next += 1;
        Ok(true)
    }
}

/// Runs the extraction; an error here is about the run (output, threads), not a document.
pub fn extract(rules: &RuleSet, opts: &ExtractOptions) -> Result<Summary, String> {
    // A named input that is not there fails the run before the output folder is touched:
    // an earlier run's tables stay as they were.
    rules.places.check(&opts.stated)?;
    for input in opts.inputs.iter().filter(|p| p.as_os_str() != "-") {
        std::fs::metadata(input).map_err(|e| format!("cannot read {}: {e}", input.display()))?;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.unwrap_or(0))
        .build()
        .map_err(|e| format!("threads: {e}"))?;
    let at = |e: &dyn std::fmt::Display| format!("{}: {e}", opts.out.display());
    let (mut summary, first_part) = match opts.resume {
        true => resume_point(opts)?,
        false => (Summary::default(), 0),
    };
    std::fs::create_dir_all(&opts.out).map_err(|e| at(&e))?;
    let output = if opts.parts {
        remove_other_tables(&opts.out, opts.format, Layout::Parts, first_part)
            .map_err(|e| at(&e))?;
        write_manifest(opts, &summary, Some(first_part)).map_err(|e| at(&e))?;
        Output::Parts {
            next: first_part,
            open: None,
        }
    } else {
        Output::Files(TableSet::create(&opts.out, opts.format, None).map_err(|e| at(&e))?)
    };
    let bar = progress_bar(opts.quiet);
    let started = Instant::now();
    let mut inputs = Inputs::new(&opts.inputs);
    // The documents of the parts an earlier run wrote: inputs come in the same order.
    for _ in 0..summary.documents {
        if inputs.next().is_none() {
            break;
        }
    }
    let mut interrupted = false;
    // Reading runs one batch ahead of processing and writing one batch behind it, each on a
    // thread of its own: the three overlap, at most three batches are held at a time, and
    // batches are written in the order they were read.
    let output = std::thread::scope(|scope| -> Result<Output, String> {
        let (to_process, batches) = std::sync::mpsc::sync_channel::<(Vec<Item>, usize)>(1);
        scope.spawn(move || loop {
            let reading = Instant::now();
            let (batch, bytes) = read_batch(&mut inputs);
            timings::add(Stage::Read, reading);
            // An empty batch ends the input; a closed channel, a run that stopped.
            if batch.is_empty() || to_process.send((batch, bytes)).is_err() {
                break;
            }
        });
        let (to_write, written) =
            std::sync::mpsc::sync_channel::<(Vec<Extraction>, usize, Summary)>(1);
        let writer = scope.spawn(move || -> Result<Output, (Output, String)> {
            let mut output = output;
            // The manifest of a `--parts` run counts the documents of the parts complete.
            let manifest = |output: &Output, summary: &Summary| match output {
                Output::Parts { next, .. } => write_manifest(opts, summary, Some(*next)),
                Output::Files(_) => Ok(()),
            };
            let mut so_far = Summary::default();
            for (results, bytes, summary) in written {
                let writing = Instant::now();
                let done = output.write(opts, &results, bytes);
                timings::add(Stage::Write, writing);
                so_far = summary;
                match done {
                    Err(e) => return Err((output, e)),
                    Ok(false) => {}
                    Ok(true) => {
                        if let Err(e) = manifest(&output, &so_far) {
                            return Err((output, at(&e)));
                        }
                    }
                }
            }
            // The last part, however short.
            match output.close_part() {
                Err(e) => Err((output, e)),
                Ok(true) => match manifest(&output, &so_far) {
                    Err(e) => Err((output, at(&e))),
                    Ok(()) => Ok(output),
                },
                Ok(false) => Ok(output),
            }
        });
        for (batch, bytes) in batches {
            let results: Vec<Extraction> = pool.install(|| {
                batch
                    .par_iter()
                    .map(|it| process_guarded(rules, it, &opts.stated))
                    .collect()
            });
            drop(batch);
            results.iter().for_each(|r| summary.count(r));
            summary.bytes += bytes;
            // The writer stops at its first error, which its result below gives.
            if to_write.send((results, bytes, summary.clone())).is_err() {
                break;
            }
            if opts
                .stop
                .as_ref()
                .is_some_and(|s| s.load(std::sync::atomic::Ordering::Relaxed))
            {
                interrupted = true;
                break;
            }
            bar.set_position(summary.documents as u64);
            let secs = started.elapsed().as_secs_f64().max(1e-9);
            bar.set_message(format!(
                "{:.1} MB ({:.1} MB/s)",
                summary.bytes as f64 / 1e6,
                summary.bytes as f64 / 1e6 / secs
            ));
        }
        drop(to_write);
        match writer.join().expect("the writer thread does not panic") {
            Ok(output) => Ok(output),
            Err((output, e)) => {
                if let Output::Files(tables) = output {
                    tables.abandon();
                }
                Err(e)
            }
        }
    })?;
    if interrupted {
        bar.finish_and_clear();
        return Err(match output {
            Output::Files(tables) => {
                tables.abandon();
                "interrupted: no tables written, an earlier run's are left as they were".into()
            }
            Output::Parts { next, .. } => format!(
                "interrupted after {next} parts ({} documents): `--parts --resume` continues",
                summary.documents
            ),
        });
    }
    bar.finish_and_clear();
    let finished = match output {
        Output::Files(tables) => tables
            .finish()
            .map_err(|e| e.to_string())
            .and_then(|files| {
                remove_other_tables(&opts.out, opts.format, Layout::Files, 0)
                    .map(|()| files)
                    .map_err(|e| e.to_string())
            }),
        Output::Parts { next, .. } => {
            remove_other_tables(&opts.out, opts.format, Layout::Parts, next)
                .map(|()| {
                    crate::tables::TABLES
                        .iter()
                        .map(|t| opts.out.join(t))
                        .collect()
                })
                .map_err(|e| e.to_string())
        }
    };
    summary.files = finished.map_err(|e| format!("writing tables: {e}"))?;
    summary.elapsed = started.elapsed();
    write_manifest(opts, &summary, None).map_err(|e| format!("writing manifest.json: {e}"))?;
    Ok(summary)
}

/// The next batch of inputs, and its size in bytes: `BATCH_DOCS` documents or `BATCH_BYTES`
/// bytes, whichever comes first; empty at the end of the inputs.
fn read_batch(inputs: &mut Inputs) -> (Vec<Item>, usize) {
    let mut batch: Vec<Item> = Vec::new();
    let mut bytes = 0;
    while batch.len() < BATCH_DOCS && bytes < BATCH_BYTES {
        match inputs.next() {
            Some(item) => {
                bytes += item.size;
                batch.push(item);
            }
            None => break,
        }
    }
    (batch, bytes)
}

/// What the manifest of an unfinished `--parts` run says: its counts and the number of
/// parts it completed. The run must be the same (inputs, format) as the one resumed.
fn resume_point(opts: &ExtractOptions) -> Result<(Summary, usize), String> {
    let path = opts.out.join("manifest.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("--resume: {}: {e} (no run to resume)", path.display()))?;
    let manifest: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("--resume: {}: {e}", path.display()))?;
    let inputs: Vec<String> = opts
        .inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    if !opts.parts || manifest["layout"] != "parts" {
        return Err("--resume continues a run written with --parts, and needs --parts".into());
    }
    if manifest["format"] != opts.format.extension()
        || manifest["inputs"] != serde_json::json!(inputs)
    {
        return Err(format!(
            "--resume: {} is a run of other inputs or another format ({} of {})",
            opts.out.display(),
            manifest["format"],
            manifest["inputs"]
        ));
    }
    let parts = manifest["parts"].as_u64().unwrap_or(0) as usize;
    let summary: Summary = serde_json::from_value(manifest)
        .map_err(|e| format!("--resume: {}: {e}", path.display()))?;
    Ok((summary, parts))
}

/// `manifest.json`, written after each part of a `--parts` run (`complete: false`, the
/// parts done) and last of all: what the run read, how, and what it found.
fn write_manifest(
    opts: &ExtractOptions,
    s: &Summary,
    parts_so_far: Option<usize>,
) -> std::io::Result<()> {
    let finished = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut manifest = serde_json::json!({
        "thidua": env!("CARGO_PKG_VERSION"),
        "format": opts.format.extension(),
        "layout": if opts.parts { "parts" } else { "files" },
        "inputs": opts.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "complete": parts_so_far.is_none(),
    });
    let counts = serde_json::to_value(s)?;
    manifest
        .as_object_mut()
        .expect("an object")
        .extend(counts.as_object().cloned().unwrap_or_default());
    if opts.parts {
        let parts =
            parts_so_far.unwrap_or_else(|| crate::tables::part_files(&opts.out, "documents").len());
        manifest["parts"] = parts.into();
    }
    if parts_so_far.is_none() {
        manifest["seconds"] = s.elapsed.as_secs_f64().into();
        manifest["finished_unix"] = finished.into();
    }
    let tmp = opts.out.join(".manifest.json.tmp");
    std::fs::write(&tmp, serde_json::to_string_pretty(&manifest)? + "\n")?;
    std::fs::rename(tmp, opts.out.join("manifest.json"))
}
