//! Article extraction on 131 real news pages with hand-checked title, date and body
//! (`../shared/bench/html-fixtures`), scored by the benchmark's own scorer. The floors are
//! the scores reached; a change that loses ground fails here.

use std::path::Path;
use std::process::Command;

const TITLE_FLOOR: f64 = 0.82;
const DATE_FLOOR: f64 = 0.99;
const BODY_F1_FLOOR: f64 = 0.955;

#[test]
fn fixture_pages_keep_their_scores() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let fixtures = shared.join("bench/html-fixtures");
    let scorer = shared.join("eval/html_eval.py");
    if !fixtures.join("cases.jsonl").exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing",
            fixtures.display()
        );
        eprintln!(
            "skipped: {} is not beside the repository",
            fixtures.display()
        );
        return;
    }
    let out = std::env::temp_dir().join(format!("thidua-fixtures-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let run = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args([
            "extract",
            fixtures.to_str().unwrap(),
            "--format",
            "ndjson",
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        run.status.code().unwrap_or(2) < 2,
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let scored = Command::new("python3")
        .arg(&scorer)
        .args([
            "score",
            fixtures.to_str().unwrap(),
            out.join("documents.ndjson").to_str().unwrap(),
        ])
        .output()
        .expect("python3 runs the benchmark's scorer");
    assert!(
        scored.status.success(),
        "{}",
        String::from_utf8_lossy(&scored.stderr)
    );
    let res: serde_json::Value = serde_json::from_slice(&scored.stdout).unwrap();
    eprintln!("{res}");
    assert_eq!(res["pages"], 131);
    assert_eq!(res["missing"], 0);
    let at = |k: &str| res[k].as_f64().unwrap();
    assert!(
        at("title") >= TITLE_FLOOR,
        "title {} < {TITLE_FLOOR}",
        at("title")
    );
    assert!(
        at("published") >= DATE_FLOOR,
        "published {} < {DATE_FLOOR}",
        at("published")
    );
    assert!(
        at("body_f1") >= BODY_F1_FLOOR,
        "body F1 {} < {BODY_F1_FLOOR}",
        at("body_f1")
    );
    let _ = std::fs::remove_dir_all(&out);
}
