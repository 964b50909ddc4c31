//! Properties of decoding and normalisation on arbitrary input.

use std::sync::LazyLock;

use proptest::prelude::*;

use thidua::decode::{decode, not_text};
use thidua::ingest::{Format, Item, Payload};
use thidua::normalize::{clean, fold, FormByte, MatchForm};
use thidua::pipeline::process;
use thidua::rules::RuleSet;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::load(None).unwrap());

/// Text drawn from what Vietnamese pages hold: letters in both tone styles and both
/// normalisation forms, digits, the separators facts need, invisible characters, NBSP.
fn vietnamese_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "hoà",
        "hòa",
        "thuỷ",
        "thủy",
        "Uỷ ban",
        "Ủy ban",
        "sỹ",
        "sĩ",
        "kỹ",
        "Kĩ",
        "Lý",
        "quý",
        "ngày",
        "Vie\u{0302}\u{0323}t",
        "tặng giấy khen cho ",
        "12 tập thể",
        ", ",
        "54 cá nhân",
        "7/38",
        " tổ chức cơ sở đảng",
        "18,42%",
        "1.637",
        "ngày 12.1",
        "năm 2022",
        "\u{200B}",
        "\u{00A0}",
        "\u{00AD}",
        "\u{FEFF}",
        "Ð",
        "\r\n",
        ". ",
        "ĐỘI NGŨ",
        "Mỹ",
        "Kỳ",
        "ỳ",
        "\u{0301}",
        "a",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn normalisation_is_idempotent(s in vietnamese_text()) {
        let once = clean(&s);
        prop_assert_eq!(clean(&once), once.clone());
        let folded = fold(&once);
        prop_assert_eq!(fold(&folded), folded.clone());
        prop_assert_eq!(folded.chars().count(), once.chars().count());
    }

    #[test]
    fn match_form_offsets_map_back_in_bounds(s in vietnamese_text()) {
        let text = clean(&s);
        let form = MatchForm::new(&text);
        let boundaries: Vec<usize> = form.text.char_indices().map(|(i, _)| i).chain([form.text.len()]).collect();
        for &b in &boundaries {
            let t = form.map.to_text(FormByte(b));
            prop_assert!(t.0 <= text.len() && text.is_char_boundary(t.0));
            prop_assert_eq!(form.map.from_text(t), FormByte(b));
        }
    }

    #[test]
    fn every_fact_slices_exactly_its_text(s in vietnamese_text()) {
        let rules = &*RULES;
        let item = Item { source: "p.txt".into(), format: Format::Text, payload: Payload::Bytes(s.into_bytes()), size: 0 };
        let e = process(rules, &item);
        let chars: Vec<char> = e.document.text.as_deref().unwrap_or("").chars().collect();
        let evs = e.quantities.iter().map(|q| &q.ev).chain(e.awards.iter().map(|a| &a.ev)).chain(e.dates.iter().map(|d| &d.ev));
        for ev in evs {
            prop_assert!(ev.start <= ev.end && ev.end <= chars.len());
            prop_assert_eq!(chars[ev.start..ev.end].iter().collect::<String>(), ev.text.clone());
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000), html in any::<bool>()) {
        let d = decode(&bytes, html);
        prop_assert_eq!(d.replaced, d.text.matches('\u{FFFD}').count());
        let rules = &*RULES;
        let format = if html { Format::Html } else { Format::Text };
        let binary = not_text(&bytes).is_some();
        let item = Item { source: "b".into(), format, payload: Payload::Bytes(bytes), size: 0 };
        let e = process(rules, &item);
        if binary {
            prop_assert_eq!(e.document.status.as_str(), "skipped");
        } else {
            prop_assert!(matches!(e.document.status.as_str(), "ok" | "warning" | "empty"));
        }
    }
}
