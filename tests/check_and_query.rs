//! `thidua check` and `thidua query` on a run over the seed articles.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

/// One run over corpus/seeds, in CSV so that the text readers are exercised.
fn seeds_run() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let out =
            std::env::temp_dir().join(format!("thidua-test-seeds-run-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/seeds");
        let o = run(&[
            "extract",
            seeds,
            "--format",
            "csv",
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        out
    })
}

#[test]
fn check_reports_the_three_checks_of_seed_001_with_figures_marked() {
    let o = run(&["check", seeds_run().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let report = String::from_utf8(o.stdout).unwrap();
    assert!(!report.contains('\x1b'), "no colour off a terminal");
    assert!(report.contains("001_babac2bdff31ffb1.txt — Huyện Bình Giang tổ chức hội nghị"));
    assert!(report.contains("  ratio_percent_mismatch (error): claimed 13,76, expected 12,82\n"));
    assert!(report.contains(
        "đạt tỷ lệ 68,42%; [[05/39 tổ chức cơ sở đảng]] hoàn thành nhiệm vụ, đạt tỷ lệ [[13,76%]];"
    ));
    assert!(report.contains("  denominator_mismatch (error): claimed 39, expected 38\n"));
    assert!(report.contains("  percent_sum (error): claimed 100,6, expected 100\n"));
    assert!(report.ends_with("\n3 checks in 1 document\n"), "{report}");
}

#[test]
fn query_answers_sql_over_the_tables_in_any_format() {
    let dir = seeds_run().to_str().unwrap();
    let o = run(&[
        "query",
        "SELECT check, claimed, expected FROM checks ORDER BY start, check",
        "--out",
        dir,
        "--format",
        "csv",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        "check,claimed,expected\ndenominator_mismatch,39.0,38.0\nratio_percent_mismatch,13.76,12.82\npercent_sum,100.6,100.0\n"
    );
    let o = run(&[
        "query",
        "SELECT d.district, count(*) AS n FROM documents d JOIN quantities q ON q.doc_id = d.doc_id WHERE q.kind = 'ratio' GROUP BY d.district ORDER BY d.district",
        "--out",
        dir,
        "--format",
        "ndjson",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rows: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(
        rows[0],
        serde_json::json!({"district": "Bình Giang", "n": 3})
    );
}

#[test]
fn a_bad_query_gives_polars_message_and_status_2() {
    let dir = seeds_run().to_str().unwrap();
    let o = run(&["query", "SELECT nope FROM checks", "--out", dir]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.starts_with("thidua: query: ") && err.contains("unable to find column \"nope\""),
        "{err}"
    );
    let o = run(&["query", "SELEC 1", "--out", dir]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr)
        .unwrap()
        .contains("sql parser error"));
    let o = run(&["query", "SELECT 1", "--out", "/nonexistent/run"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(String::from_utf8(o.stderr).unwrap(), "thidua: query: /nonexistent/run: no such folder (run `thidua extract --out /nonexistent/run` first)\n");
}
