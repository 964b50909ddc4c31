//! Exact rows extracted from the seed articles in corpus/seeds.

use std::path::PathBuf;

use thidua::facts::{Award, DateFact, Quantity};
use thidua::ingest::{Format, Item, Payload};
use thidua::pipeline::{process, Extraction};
use thidua::rules::RuleSet;

fn seed(name: &str) -> Extraction {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/seeds")
        .join(name);
    let bytes = std::fs::read(&path).unwrap();
    let rules = RuleSet::load(None).unwrap();
    let item = Item {
        source: path.display().to_string(),
        format: Format::Text,
        payload: Payload::Bytes(bytes),
        size: 0,
    };
    process(&rules, &item)
}

fn quantity<'a>(e: &'a Extraction, text: &str) -> &'a Quantity {
    e.quantities
        .iter()
        .find(|q| q.ev.text == text)
        .unwrap_or_else(|| panic!("no quantity {text:?}"))
}

fn date<'a>(e: &'a Extraction, text: &str) -> &'a DateFact {
    e.dates
        .iter()
        .find(|d| d.ev.text == text)
        .unwrap_or_else(|| panic!("no date {text:?}"))
}

fn awards<'a>(e: &'a Extraction, award: &str) -> Vec<&'a Award> {
    e.awards.iter().filter(|a| a.award == award).collect()
}

/// `text[start..end]` in characters is the fact's text.
fn assert_offsets(e: &Extraction) {
    let text = e.document.text.as_deref().unwrap();
    let chars: Vec<char> = text.chars().collect();
    let evs = e
        .quantities
        .iter()
        .map(|q| &q.ev)
        .chain(e.awards.iter().map(|a| &a.ev))
        .chain(e.dates.iter().map(|d| &d.ev));
    for ev in evs {
        let slice: String = chars[ev.start..ev.end].iter().collect();
        assert_eq!(slice, ev.text, "offsets of {:?}", ev.text);
        assert!(
            ev.sentence.contains(&ev.text),
            "{:?} not in its sentence {:?}",
            ev.text,
            ev.sentence
        );
    }
}

/// recipient_kind, count, grantor_level, status of an award row.
type AwardSummary<'a> = (Option<&'a str>, Option<i64>, Option<&'a str>, &'a str);

#[test]
fn seed_003_counts_and_awards() {
    let e = seed("003_9a3b921f3f073a04.txt");
    assert_offsets(&e);
    let q = quantity(&e, "1.637 cá nhân");
    assert_eq!(
        (q.kind.as_str(), q.value, q.unit.as_deref()),
        ("count", 1637.0, Some("cá nhân"))
    );
    let q = quantity(&e, "550 tỉ đồng");
    assert_eq!((q.kind.as_str(), q.value), ("money", 550_000_000_000.0));
    let q = quantity(&e, "147,4%");
    assert_eq!(
        (q.kind.as_str(), q.value, q.decimals),
        ("percent", 147.4, 1)
    );
    let ldtt: Vec<(Option<&str>, Option<i64>)> = awards(&e, "lao_dong_tien_tien")
        .iter()
        .map(|a| (a.recipient_kind.as_deref(), a.count))
        .collect();
    assert_eq!(ldtt, vec![(Some("ca_nhan"), Some(1637))]);
    let gk: Vec<(Option<&str>, Option<i64>, Option<&str>)> = awards(&e, "giay_khen")
        .iter()
        .map(|a| {
            (
                a.recipient_kind.as_deref(),
                a.count,
                a.grantor_level.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        gk,
        vec![
            (Some("tap_the"), Some(726), None),
            (Some("ca_nhan"), Some(2392), None),
            (Some("tap_the"), Some(14), Some("district")),
            (Some("ca_nhan"), Some(139), Some("district")),
        ]
    );
    assert_eq!(
        e.document.title.as_deref(),
        Some("Cần Đước đẩy mạnh phong trào thi đua góp phần hoàn thành xuất sắc nhiệm vụ")
    );
    assert_eq!(e.document.published.as_deref(), Some("2022-04-13T09:44"));
}

#[test]
fn seed_001_ratios_and_proposed_award() {
    let e = seed("001_babac2bdff31ffb1.txt");
    assert_offsets(&e);
    let q = quantity(&e, "05/39 tổ chức cơ sở đảng");
    assert_eq!(
        (
            q.kind.as_str(),
            q.numerator,
            q.denominator,
            q.unit.as_deref()
        ),
        ("ratio", Some(5.0), Some(39.0), Some("tổ chức cơ sở đảng"))
    );
    assert_eq!(quantity(&e, "13,76%").decimals, 2);
    let bk: Vec<AwardSummary> = awards(&e, "bang_khen")
        .iter()
        .map(|a| {
            (
                a.recipient_kind.as_deref(),
                a.count,
                a.grantor_level.as_deref(),
                a.status.as_str(),
            )
        })
        .collect();
    assert_eq!(
        bk,
        vec![
            (Some("tap_the"), Some(1), Some("province"), "proposed"),
            (Some("ca_nhan"), Some(1), Some("province"), "proposed")
        ]
    );
    // The site header's date is not the publication date.
    assert_eq!(e.document.published.as_deref(), Some("2023-01-10T16:33"));
    assert_eq!(date(&e, "2022-2025").value, "2022/2025");
    let ttldxs = awards(&e, "tap_the_lao_dong_xuat_sac");
    assert_eq!(
        (ttldxs[0].count, ttldxs[0].grantor_level.as_deref()),
        (Some(8), Some("province"))
    );
}

#[test]
fn seed_000_dates_resolve_against_publication() {
    let e = seed("000_232161cbc82a7cd7.txt");
    assert_offsets(&e);
    let d = date(&e, "ngày 12.1");
    assert_eq!(
        (d.value.as_str(), d.precision.as_str()),
        ("2023-01-12", "day")
    );
    assert_eq!(date(&e, "14/01/2023 09:46").value, "2023-01-14T09:46");
    let q = quantity(&e, "88,2%");
    assert_eq!((q.value, q.approx), (88.2, true));
    let q = quantity(&e, "65,1 triệu đồng/người");
    assert_eq!((q.value, q.per.as_deref()), (65_100_000.0, Some("người")));
    let cotd: Vec<(Option<&str>, Option<&str>)> = awards(&e, "co_thi_dua")
        .iter()
        .map(|a| (a.recipient_name.as_deref(), a.grantor_level.as_deref()))
        .collect();
    assert_eq!(
        cotd,
        vec![
            (Some("Xã Đức Chính"), Some("province")),
            (Some("xã Đức Chính"), Some("province"))
        ]
    );
}

#[test]
fn seed_002_has_no_quantity_in_document_numbers_or_counters() {
    let e = seed("002_f6d35891f593183c.txt");
    assert_offsets(&e);
    let kinds: Vec<(&str, &str)> = e
        .quantities
        .iter()
        .map(|q| (q.kind.as_str(), q.ev.text.as_str()))
        .collect();
    assert_eq!(kinds, vec![]);
    assert!(e.awards.is_empty(), "{:?}", e.awards);
    assert_eq!(date(&e, "ngày 28/11/2022").value, "2022-11-28");
}

#[test]
fn seed_004_scores_ranks_and_proposed_flags() {
    let e = seed("004_ac82363786c4c671.txt");
    assert_offsets(&e);
    let sr: Vec<(&str, f64)> = e
        .quantities
        .iter()
        .filter(|q| q.kind == "score" || q.kind == "rank")
        .map(|q| (q.kind.as_str(), q.value))
        .collect();
    assert_eq!(
        sr,
        vec![
            ("score", 92.58),
            ("rank", 3.0),
            ("score", 92.26),
            ("rank", 4.0),
            ("score", 91.65),
            ("rank", 6.0)
        ]
    );
    let rows: Vec<(&str, Option<&str>, &str)> = e
        .awards
        .iter()
        .map(|a| {
            (
                a.award.as_str(),
                a.grantor_level.as_deref(),
                a.status.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("co_thi_dua", Some("central"), "proposed"),
            ("co_thi_dua", Some("province"), "proposed"),
            ("bang_khen", Some("province"), "proposed"),
            ("bang_khen", Some("province"), "proposed"),
        ]
    );
    assert_eq!(
        e.awards[0].recipient_name.as_deref(),
        Some("Cán bộ và Nhân dân huyện Vĩnh Bảo")
    );
    assert_eq!(date(&e, "Chiều 28/2").value, "2024-02-28");
    assert_eq!(e.document.title, None);
}
