//! The checks case corpus (tests/checks/cases.toml): every case gives exactly its checks.

use thidua::pipeline::extract_text;
use thidua::rules::RuleSet;

#[derive(serde::Deserialize)]
struct Corpus {
    case: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    name: String,
    text: String,
    checks: Vec<Expected>,
}

#[derive(serde::Deserialize, Debug, PartialEq)]
struct Expected {
    check: String,
    claimed: f64,
    expected: Option<f64>,
    #[serde(default = "error")]
    severity: String,
}

fn error() -> String {
    "error".to_string()
}

#[test]
fn every_case_gives_exactly_its_checks() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/checks/cases.toml");
    let corpus: Corpus = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(corpus.case.len() >= 40, "{} cases", corpus.case.len());
    let rules = RuleSet::load(None).unwrap();
    let mut failures = Vec::new();
    for case in &corpus.case {
        let facts = extract_text(&rules, &case.text, Some("2024-01-15"));
        let got: Vec<Expected> = facts
            .checks
            .iter()
            .map(|c| Expected {
                check: c.check.clone(),
                claimed: c.claimed,
                expected: c.expected.map(|e| (e * 100.0).round() / 100.0),
                severity: c.severity.clone(),
            })
            .collect();
        if got != case.checks {
            let detail: Vec<String> = facts
                .checks
                .iter()
                .map(|c| format!("{} {} {:?}: {}", c.check, c.claimed, c.expected, c.message))
                .collect();
            failures.push(format!(
                "{}:\n  want {:?}\n  got  {:?}\n  {}",
                case.name,
                case.checks,
                got,
                detail.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        corpus.case.len(),
        failures.join("\n")
    );
}

#[test]
fn checks_carry_their_evidence() {
    let rules = RuleSet::load(None).unwrap();
    let text = "Mở đầu.\nCó 05/39 tổ chức cơ sở đảng hoàn thành nhiệm vụ, đạt tỷ lệ 13,76%.";
    let facts = extract_text(&rules, text, None);
    assert_eq!(facts.checks.len(), 1);
    let c = &facts.checks[0];
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(
        chars[c.ev.start..c.ev.end].iter().collect::<String>(),
        c.ev.text
    );
    assert_eq!(
        c.ev.text,
        "05/39 tổ chức cơ sở đảng hoàn thành nhiệm vụ, đạt tỷ lệ 13,76%"
    );
    assert_eq!(
        c.ev.sentence,
        "Có 05/39 tổ chức cơ sở đảng hoàn thành nhiệm vụ, đạt tỷ lệ 13,76%."
    );
    assert_eq!(c.facts, "05/39 tổ chức cơ sở đảng; 13,76%");
    assert_eq!(c.fact_starts, "11;67");
    assert_eq!(c.message, "5/39 is 12,82%, stated 13,76%: no whole number out of 39 gives 13,76% (5,37 would), and no whole near 36,3 does");
}
