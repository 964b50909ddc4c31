//! Where a run spends its time, by stage, summed over all worker threads (`--timings`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// The stages of processing one document, in the order data flows.
#[derive(Debug, Clone, Copy)]
pub enum Stage {
    Read,
    Decode,
    Article,
    Normalize,
    Rules,
    Write,
}

const NAMES: [&str; 6] = [
    "read inputs",
    "decode",
    "article (HTML, title, date)",
    "normalise",
    "rules and facts",
    "write tables",
];
static NANOS: [AtomicU64; 6] = [const { AtomicU64::new(0) }; 6];

/// Adds the time since `since` to a stage.
pub fn add(stage: Stage, since: Instant) {
    NANOS[stage as usize].fetch_add(since.elapsed().as_nanos() as u64, Ordering::Relaxed);
}

/// Times a closure as a stage.
pub fn time<T>(stage: Stage, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    add(stage, t);
    out
}

/// Each stage's seconds and share of the total, for printing.
pub fn report() -> String {
    let secs: Vec<f64> = NANOS
        .iter()
        .map(|n| n.load(Ordering::Relaxed) as f64 / 1e9)
        .collect();
    let total: f64 = secs.iter().sum::<f64>().max(1e-9);
    let mut out = String::from("stage                          seconds  share\n");
    for (name, s) in NAMES.iter().zip(&secs) {
        out.push_str(&format!(
            "{name:<30} {s:>7.2} {:>5.1}%\n",
            100.0 * s / total
        ));
    }
    out.push_str(&format!(
        "{:<30} {total:>7.2} 100.0%\n",
        "total (all threads)"
    ));
    out
}
