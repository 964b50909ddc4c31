//! Every rule's own examples and negatives (patterns/*.toml).

#[test]
fn every_rule_example_holds() {
    let rules = thidua::rules::RuleSet::load(None).expect("built-in rules compile");
    let outcome = thidua::rule_tests::run(&rules);
    let report: Vec<String> = outcome
        .failures
        .iter()
        .map(|f| format!("{} ({}): {}", f.rule, f.at, f.message))
        .collect();
    assert!(
        report.is_empty(),
        "{} examples failed:\n{}",
        report.len(),
        report.join("\n")
    );
    assert!(
        outcome.passed >= 100,
        "only {} examples ran",
        outcome.passed
    );
}
