//! The rounding arithmetic of the checks against GRIM: the 129 reported percentages of the
//! R package scrutiny's tests and README (../shared/peers/grim), each with its sample size
//! and whether some whole number of the sample gives it.

use thidua::checks::rounding::grim_consistent;

#[test]
fn every_scrutiny_case_is_judged_as_grim_judges_it() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/peers/grim/scrutiny_percent_grim.csv"
    );
    let text = std::fs::read_to_string(path).expect("the GRIM cases beside the repository");
    let mut wrong = Vec::new();
    let mut cases = 0;
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.splitn(5, ',').collect();
        let (reported, n, decimals, consistent) = (fields[0], fields[1], fields[2], fields[3]);
        let stated: f64 = reported.parse().unwrap();
        let got = grim_consistent(stated, n.parse().unwrap(), decimals.parse().unwrap());
        cases += 1;
        if got != (consistent == "true") {
            wrong.push(format!(
                "{reported}% of {n} ({decimals} decimals): want {consistent}"
            ));
        }
    }
    assert_eq!(cases, 129);
    assert!(
        wrong.is_empty(),
        "{} of {cases} judged otherwise:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
