//! The README's walk-through: each kind of Vietnamese knowledge is added by one data file
//! given with `--patterns DIR`, and changes what `extract` gives. Also: the pattern schema
//! refuses what it does not define, naming the file and line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("thidua-extend-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(args)
        .output()
        .unwrap()
}

fn rows(path: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The rows of `table` for `text`, without and with a patterns folder holding `file`.
fn before_and_after(
    name: &str,
    text: &str,
    file: &str,
    table: &str,
) -> (Vec<serde_json::Value>, Vec<serde_json::Value>) {
    let dir = scratch(name);
    let input = dir.join("article.txt");
    std::fs::write(&input, text).unwrap();
    let patterns = dir.join("patterns");
    std::fs::create_dir_all(&patterns).unwrap();
    std::fs::write(patterns.join("mine.toml"), file).unwrap();
    let mut got = Vec::new();
    for extra in [None, Some(patterns.to_str().unwrap())] {
        let out = dir.join(if extra.is_some() { "after" } else { "before" });
        let mut args = vec![
            "extract",
            input.to_str().unwrap(),
            "--format",
            "ndjson",
            "--quiet",
        ];
        args.extend(["--out", out.to_str().unwrap()]);
        if let Some(p) = extra {
            args.extend(["--patterns", p]);
        }
        let o = run(&args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        got.push(rows(&out.join(format!("{table}.ndjson"))));
    }
    let after = got.pop().unwrap();
    (got.pop().unwrap(), after)
}

fn texts(rows: &[serde_json::Value]) -> Vec<&str> {
    rows.iter().map(|r| r["text"].as_str().unwrap()).collect()
}

#[test]
fn a_tie_word_links_a_ratio_to_its_percentage() {
    let text = "Năm 2023, 7/38 chi bộ hoàn thành xuất sắc nhiệm vụ, ứng với 20%.\n";
    let file = "[list.ratio_ties_before]\nadd = [\"ứng với\"]\n";
    let (before, after) = before_and_after("tie", text, file, "checks");
    assert!(before.is_empty(), "{before:?}");
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0]["check"], "ratio_percent_mismatch");
    assert_eq!(after[0]["claimed"], 20.0);
    assert_eq!(after[0]["expected"], 18.42);
}

#[test]
fn a_chrome_phrase_drops_the_facts_of_its_line() {
    let body = "UBND huyện tặng giấy khen cho 12 tập thể, 54 cá nhân.\n";
    let text = format!("{body}Bản quyền thuộc về UBND huyện, cấp ngày 5/3/2020\n");
    let file = "[list.chrome_line_starts]\nadd = [\"bản quyền thuộc về\"]\n";
    let (before, after) = before_and_after("chrome", &text, file, "dates");
    assert_eq!(texts(&before), ["ngày 5/3/2020"]);
    assert!(after.is_empty(), "{after:?}");
}

#[test]
fn a_counted_noun_becomes_a_unit() {
    let text = "Bảo tàng nhận thêm 19 hiện vật quý.\n";
    let file = "[list.counted_nouns]\nadd = [\"hiện vật\"]\n";
    let (before, after) = before_and_after("noun", text, file, "quantities");
    assert!(before.is_empty(), "{before:?}");
    assert_eq!(texts(&after), ["19 hiện vật"]);
    assert_eq!(after[0]["unit"], "hiện vật");
    assert_eq!(after[0]["value"], 19.0);
}

#[test]
fn an_award_is_a_vocabulary_entry_and_a_rule() {
    let text = "Tỉnh đoàn tặng Huy hiệu Tuổi trẻ sáng tạo cho 3 đoàn viên.\n";
    let file = r#"
[vocabulary.huy_hieu_tuoi_tre_sang_tao]
name = "Huy hiệu Tuổi trẻ sáng tạo"

[[rule]]
id = "award.huy_hieu_tuoi_tre_sang_tao"
produces = "award"
award = "huy_hieu_tuoi_tre_sang_tao"
pattern = 'huy hiệu tuổi trẻ sáng tạo'
examples = [{ input = "Tỉnh đoàn tặng Huy hiệu Tuổi trẻ sáng tạo cho 3 đoàn viên.", count = 3 }]
"#;
    let (before, after) = before_and_after("award", text, file, "awards");
    assert!(before
        .iter()
        .all(|r| r["award"] != "huy_hieu_tuoi_tre_sang_tao"));
    assert_eq!(after.len(), 1, "{after:?}");
    let row = &after[0];
    assert_eq!(row["award"], "huy_hieu_tuoi_tre_sang_tao");
    assert_eq!(row["count"], 3);
    assert_eq!(row["recipient_kind"], "ca_nhan");
    assert_eq!(row["grantor_level"], "province");
}

/// `rules list` with a patterns folder holding `file`: exit status and standard error.
fn load(name: &str, file: &str) -> (Option<i32>, String, PathBuf) {
    let dir = scratch(name);
    let path = dir.join("mine.toml");
    std::fs::write(&path, file).unwrap();
    let o = run(&["rules", "list", "--patterns", dir.to_str().unwrap()]);
    (o.status.code(), String::from_utf8(o.stderr).unwrap(), path)
}

#[test]
fn an_unknown_rule_key_is_an_error_with_its_line() {
    let file = "[[rule]]\nid = \"award.x\"\nproduces = \"award\"\naward = \"giay_khen\"\n\
                needs_recipient = true\npattern = 'giấy khen'\n";
    let (code, err, path) = load("unknown-key", file);
    assert_eq!(code, Some(2));
    let at = format!(
        "thidua: rules: {}:5: unknown field `needs_recipient`",
        path.display()
    );
    assert!(err.starts_with(&at), "{err}");
}

#[test]
fn enums_and_award_ids_are_checked_at_load() {
    let file = "[[rule]]\nid = \"q\"\nproduces = \"quantity\"\nkind = \"counts\"\npattern = 'x'\n";
    let (code, err, path) = load("bad-kind", file);
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with(&format!(
            "thidua: rules: {}:4: unknown variant `counts`",
            path.display()
        )),
        "{err}"
    );
    let file =
        "[[rule]]\nid = \"a\"\nproduces = \"award\"\naward = \"giay_khen_x\"\npattern = 'x'\n";
    let (code, err, path) = load("bad-award", file);
    assert_eq!(code, Some(2));
    let want = format!(
        "thidua: rules: {}:1: rule a: `award = \"giay_khen_x\"` is not in the award vocabulary",
        path.display()
    );
    assert_eq!(err.trim_end(), want);
}

#[test]
fn an_unknown_list_is_an_error() {
    let (code, err, path) = load("bad-list", "\n[list.tie_words]\nwords = [\"ứng với\"]\n");
    assert_eq!(code, Some(2));
    let want = format!(
        "thidua: rules: {}:2: unknown list `tie_words`",
        path.display()
    );
    assert!(err.starts_with(&want), "{err}");
}
