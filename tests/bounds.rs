//! Inputs far beyond any article are read in part, with a warning, not without end.

use thidua::ingest::{Format, Item, Payload};
use thidua::pipeline::{process, Extraction, MAX_FACTS, MAX_TEXT_BYTES};
use thidua::rules::RuleSet;

fn extract(text: String) -> Extraction {
    let rules = RuleSet::load(None).unwrap();
    process(
        &rules,
        &Item {
            source: "dump.txt".into(),
            format: Format::Text,
            payload: Payload::Bytes(text.into_bytes()),
            size: 0,
        },
    )
}

#[test]
fn a_text_beyond_the_limit_is_cut_at_a_line_with_a_warning() {
    // Few facts a line, so that the text's bound is met before the facts'.
    let line = format!(
        "UBND huyện tặng giấy khen cho 12 tập thể năm 2023. {}\n",
        "Tin tức ".repeat(150)
    );
    let n = 3 * MAX_TEXT_BYTES / line.len() / 2;
    let e = extract(line.repeat(n));
    assert_eq!(e.document.status, "warning");
    assert_eq!(
        e.document.error.as_deref(),
        Some("text of 3.0 MB cut to its first 2 MB")
    );
    let kept = e.document.text.as_deref().unwrap();
    assert!(
        kept.len() <= MAX_TEXT_BYTES && kept.trim_end().ends_with("Tin tức"),
        "{}",
        &kept[kept.len() - 20..]
    );
    // Every kept line gives its award row.
    assert_eq!(e.awards.len(), kept.lines().count());
}

#[test]
fn a_text_of_thousands_of_facts_in_one_line_keeps_the_first_of_each_kind() {
    let sentence = "UBND huyện tặng giấy khen cho 12 tập thể, 54 cá nhân năm 2023. ";
    let e = extract(sentence.repeat(MAX_TEXT_BYTES / sentence.len()));
    let n = MAX_TEXT_BYTES / sentence.len();
    let error = e.document.error.as_deref().unwrap();
    assert_eq!(
        error,
        format!(
            "{} quantities past the first {MAX_FACTS} left out; {} awards past the first \
             {MAX_FACTS} left out; {} dates past the first {MAX_FACTS} left out",
            2 * n - MAX_FACTS,
            2 * n - MAX_FACTS,
            n - MAX_FACTS
        )
    );
    assert_eq!(
        (e.quantities.len(), e.awards.len(), e.dates.len()),
        (MAX_FACTS, MAX_FACTS, MAX_FACTS)
    );
    assert!(e.awards.iter().all(|a| a.ev.sentence.len() <= 8 << 10));
}
