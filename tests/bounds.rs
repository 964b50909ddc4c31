//! Inputs far beyond any article are read in part, with a warning, not without end.

use thidua::ingest::{Format, Item, Payload};
use thidua::pipeline::{process, MAX_TEXT_BYTES};
use thidua::rules::RuleSet;

#[test]
fn a_text_beyond_the_limit_is_cut_at_a_line_with_a_warning() {
    let line = "UBND huyện tặng giấy khen cho 12 tập thể, 54 cá nhân năm 2023.\n";
    let n = 3 * MAX_TEXT_BYTES / line.len() / 2;
    let text = line.repeat(n);
    let rules = RuleSet::load(None).unwrap();
    let e = process(
        &rules,
        &Item {
            source: "dump.txt".into(),
            format: Format::Text,
            payload: Payload::Bytes(text.into_bytes()),
            size: 0,
        },
    );
    assert_eq!(e.document.status, "warning");
    assert_eq!(
        e.document.error.as_deref(),
        Some("text of 3.0 MB cut to its first 2 MB")
    );
    let kept = e.document.text.as_deref().unwrap();
    assert!(
        kept.len() <= MAX_TEXT_BYTES && kept.ends_with("2023."),
        "{}",
        &kept[kept.len() - 20..]
    );
    let lines = kept.lines().count();
    // Every kept line gives its two award rows.
    assert_eq!(e.awards.len(), 2 * lines);
}
