//! Any bytes, as a text or a page, go through the whole pipeline to a documents row whose
//! status says what became of them, and every fact's evidence lies inside the text.
#![no_main]
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use thidua::ingest::{Format, Item, Payload};
use thidua::rules::RuleSet;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::load(None).unwrap());

fuzz_target!(|data: &[u8]| {
    let Some((&flag, bytes)) = data.split_first() else {
        return;
    };
    let format = if flag & 1 == 1 { Format::Html } else { Format::Text };
    let item = Item {
        source: "fuzz".into(),
        format,
        payload: Payload::Bytes(bytes.to_vec()),
        size: bytes.len(),
    };
    let e = thidua::pipeline::process(&RULES, &item);
    let status = e.document.status.as_str();
    assert!(matches!(status, "ok" | "warning" | "empty" | "skipped"), "{status}");
    let text = e.document.text.as_deref().unwrap_or("");
    for ev in e.quantities.iter().map(|q| &q.ev).chain(e.dates.iter().map(|d| &d.ev)) {
        let cited: String = text.chars().skip(ev.start).take(ev.end - ev.start).collect();
        assert_eq!(cited, ev.text);
    }
});
