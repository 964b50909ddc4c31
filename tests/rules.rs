//! Every rule's own examples and negatives (patterns/*.toml).

#[test]
fn every_rule_example_holds() {
    let specs = thidua::rules::Specs::load(None).expect("built-in patterns parse");
    let rules = thidua::rules::RuleSet::compile(specs.clone()).expect("built-in rules compile");
    let outcome = thidua::rule_tests::run(&rules, &specs);
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
        outcome.passed >= 180,
        "only {} examples ran",
        outcome.passed
    );
}

/// Deleting any one skip rule makes some example fail: each skip example states what it
/// suppresses, and the runner checks that it appears without the rule.
#[test]
fn every_skip_rule_is_needed_by_its_examples() {
    use thidua::rules::{Produces, RuleSet, Specs};
    let specs = Specs::load(None).unwrap();
    let skips: Vec<_> = specs
        .rules
        .iter()
        .filter(|r| r.produces == Produces::Skip)
        .collect();
    assert!(skips.len() >= 8, "{} skip rules", skips.len());
    for skip in skips {
        let mut without = specs.clone();
        without.rules.retain(|r| r.id != skip.id);
        let rules = RuleSet::compile(without).unwrap();
        let mut suppressed_still_found = 0;
        for ex in &skip.examples {
            let facts = thidua::pipeline::extract_text(&rules, &ex.input, None);
            let texts: Vec<&str> = facts
                .quantities
                .iter()
                .map(|q| q.ev.text.as_str())
                .chain(facts.dates.iter().map(|d| d.ev.text.as_str()))
                .chain(facts.awards.iter().map(|a| a.ev.text.as_str()))
                .collect();
            if ex.suppresses.iter().all(|s| texts.contains(&s.as_str())) {
                suppressed_still_found += 1;
            }
        }
        assert!(
            suppressed_still_found > 0,
            "{}: no example fails without it",
            skip.id
        );
    }
}

/// An example's `rows` are every row of the input: a missing or a wrong one fails.
#[test]
fn exact_rows_fail_on_a_missing_or_a_wrong_row() {
    use thidua::rules::{RuleSet, Specs};
    let outcome = |rows: &str| {
        let mut specs = Specs::load(None).unwrap();
        let file = format!(
            "[[rule]]\nid = \"count.flowers\"\nproduces = \"quantity\"\nunit = \"hoa\"\n\
             pattern = '(?P<num>{{num}}){{sp}}đóa hoa'\n\
             examples = [{{ input = \"đạt 5 đóa hoa, 12 xã\", rows = [{rows}] }}]\n"
        );
        specs.add_file("flowers.toml", &file).unwrap();
        let rules = RuleSet::compile(specs.clone()).unwrap();
        let out = thidua::rule_tests::run(&rules, &specs);
        let mine: Vec<String> = out
            .failures
            .into_iter()
            .filter(|f| f.rule == "count.flowers")
            .map(|f| f.message)
            .collect();
        mine
    };
    let both =
        "{ table = \"quantities\", text = \"5 đóa hoa\", unit = \"hoa\", start = 4, end = 13 }, \
                { table = \"quantities\", text = \"12 xã\", value = 12 }";
    assert_eq!(outcome(both), Vec::<String>::new());
    let one = "{ table = \"quantities\", text = \"5 đóa hoa\" }";
    assert_eq!(
        outcome(one),
        ["\"đạt 5 đóa hoa, 12 xã\": 1 rows expected, got 2: [\"quantities: \\\"5 đóa hoa\\\"\", \"quantities: \\\"12 xã\\\"\"]"]
    );
    let wrong = both.replace("start = 4", "start = 3");
    assert_eq!(
        outcome(&wrong),
        ["\"đạt 5 đóa hoa, 12 xã\": row 0: want end=13 start=3 table=\"quantities\" text=\"5 đóa hoa\" unit=\"hoa\" ; got quantities: end=13 start=4 text=\"5 đóa hoa\" unit=\"hoa\""]
    );
}
