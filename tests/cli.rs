//! The command line end to end: inputs of every form, bad inputs, formats, rules.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use polars::prelude::*;

mod common;
use common::{bin, ndjson, scratch};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

/// A folder with a good text, an HTML page, a JSON Lines archive with bad lines, and a note.
fn mixed_inputs(dir: &Path) {
    std::fs::write(dir.join("a.txt"), "Tiêu đề bài viết về thi đua khen thưởng\n\nUBND huyện tặng giấy khen cho 12 tập thể, 54 cá nhân.\n").unwrap();
    let page = "<html><head><title>Huyện trao bằng khen cho 3 tập thể - Báo X</title></head><body><p>Chủ tịch UBND tỉnh tặng Bằng khen cho 3 tập thể.</p></body></html>";
    std::fs::write(dir.join("b.html.gz"), gzip(page.as_bytes())).unwrap();
    std::fs::write(
        dir.join("c.jsonl"),
        "{\"id\": \"r1\", \"title\": \"T\", \"published\": \"2023-01-14\", \"text\": \"Ngày 12.1, có 7/38 tổ chức cơ sở đảng hoàn thành.\"}\n{not json\n\n{\"id\": 3}\n",
    )
    .unwrap();
    std::fs::write(dir.join("d.md"), "# notes").unwrap();
}

#[test]
fn every_input_gets_a_documents_row_and_failures_set_exit_1() {
    let dir = scratch("mixed");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    mixed_inputs(&input);
    let out = dir.join("out");
    let o = run(&[
        "extract",
        input.to_str().unwrap(),
        "--format",
        "ndjson",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let docs = ndjson(&out.join("documents.ndjson"));
    let rows: Vec<(String, String, String)> = docs
        .iter()
        .map(|d| {
            let source = d["source"]
                .as_str()
                .unwrap()
                .replace(&format!("{}/", input.display()), "")
                .replace(&format!("{}/", dir.display()), "");
            (
                source,
                d["status"].as_str().unwrap().to_string(),
                d["error"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("a.txt".into(), "ok".into(), "".into()),
            ("b.html.gz".into(), "ok".into(), "".into()),
            ("c.jsonl#r1".into(), "ok".into(), "".into()),
            (
                "c.jsonl:2".into(),
                "error".into(),
                "line 2: not JSON: key must be a string at line 1 column 2".into()
            ),
            (
                "c.jsonl#3".into(),
                "error".into(),
                "line 4: no `text` or `html` field".into()
            ),
            (
                "d.md".into(),
                "skipped".into(),
                "not a form the tool reads (.txt, .html, .jsonl, .warc, optionally .gz)".into()
            ),
        ]
    );
    assert_eq!(docs[1]["title"], "Huyện trao bằng khen cho 3 tập thể");
    let awards = ndjson(&out.join("awards.ndjson"));
    let got: Vec<(String, i64, String)> = awards
        .iter()
        .map(|a| {
            (
                a["award"].as_str().unwrap().into(),
                a["count"].as_i64().unwrap(),
                a["grantor_level"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("giay_khen".into(), 12, "district".into()),
            ("giay_khen".into(), 54, "district".into()),
            ("bang_khen".into(), 3, "province".into()),
        ]
    );
    // The record's publication date gives the year of "Ngày 12.1".
    let dates = ndjson(&out.join("dates.ndjson"));
    assert_eq!(dates[0]["value"], "2023-01-12");
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let dir = scratch("threads");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.join(threads);
        let o = run(&[
            "extract",
            corpus.to_str().unwrap(),
            "--format",
            "ndjson",
            "--out",
            out.to_str().unwrap(),
            "--threads",
            threads,
            "--quiet",
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        outputs.push(
            ["documents", "quantities", "awards", "dates"]
                .map(|t| std::fs::read(out.join(format!("{t}.ndjson"))).unwrap()),
        );
    }
    assert!(outputs[0] == outputs[1]);
    assert!(outputs[0][1].len() > 1000, "quantities were extracted");
}

#[test]
fn parquet_and_csv_hold_the_same_rows() {
    let dir = scratch("formats");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/seeds");
    for format in ["parquet", "csv"] {
        let out = dir.join(format);
        let o = run(&[
            "extract",
            seeds.to_str().unwrap(),
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ]);
        assert_eq!(o.status.code(), Some(0));
    }
    let pq =
        ParquetReader::new(std::fs::File::open(dir.join("parquet/quantities.parquet")).unwrap())
            .finish()
            .unwrap();
    let csv_text = std::fs::read(dir.join("csv/quantities.csv")).unwrap();
    assert!(
        csv_text.starts_with(&[0xEF, 0xBB, 0xBF]),
        "CSV starts with a UTF-8 BOM for spreadsheets"
    );
    let csv_text = String::from_utf8(csv_text[3..].to_vec()).unwrap();
    assert!(csv_text.contains("tổ chức cơ sở đảng"));
    let csv_rows = csv_text.lines().count() - 1;
    assert_eq!((pq.height(), csv_rows), (50, 50));
    let units = pq
        .column("unit")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .flatten()
        .filter(|u| *u == "cá nhân")
        .count();
    assert_eq!(units, 8);
    let docs =
        ParquetReader::new(std::fs::File::open(dir.join("parquet/documents.parquet")).unwrap())
            .finish()
            .unwrap();
    assert_eq!(docs.height(), 5);
}

#[test]
fn stdin_reads_json_lines() {
    let dir = scratch("stdin");
    let out = dir.join("out");
    let mut child = bin()
        .args([
            "extract",
            "-",
            "--format",
            "ndjson",
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("{\"id\": 9, \"text\": \"Đạt 92,58 điểm, xếp thứ 3.\"}\n".as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    let q = ndjson(&out.join("quantities.ndjson"));
    let got: Vec<(&str, f64)> = q
        .iter()
        .map(|r| (r["kind"].as_str().unwrap(), r["value"].as_f64().unwrap()))
        .collect();
    assert_eq!(got, vec![("score", 92.58), ("rank", 3.0)]);
    assert_eq!(ndjson(&out.join("documents.ndjson"))[0]["source"], "-#9");
}

#[test]
fn user_rules_add_to_the_built_in_ones() {
    let dir = scratch("rules-add");
    let patterns = dir.join("patterns");
    std::fs::create_dir_all(&patterns).unwrap();
    std::fs::write(
        patterns.join("extra.toml"),
        "[[rule]]\nid = \"count.stars\"\nproduces = \"quantity\"\nkind = \"count\"\nunit = \"sao\"\npriority = 70\npattern = '(?P<num>{num}){sp}ngôi sao'\nexamples = [{ input = \"đạt 5 ngôi sao\", value = 5 }]\n",
    )
    .unwrap();
    let o = run(&["rules", "test", "--patterns", patterns.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let listed =
        String::from_utf8(run(&["rules", "list", "--patterns", patterns.to_str().unwrap()]).stdout)
            .unwrap();
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with("count.stars ") && l.ends_with("extra.toml:1")),
        "{listed}"
    );
}

#[test]
fn a_broken_rule_names_file_line_and_rule() {
    let dir = scratch("rules-broken");
    std::fs::write(
        dir.join("bad.toml"),
        "# a comment\n\n[[rule]]\nid = \"broken\"\nproduces = \"quantity\"\npattern = '([0-9]+'\n",
    )
    .unwrap();
    let o = run(&[
        "extract",
        "--patterns",
        dir.to_str().unwrap(),
        "--out",
        dir.join("out").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.starts_with(&format!(
            "thidua: rules: {}:3: rule broken: bad pattern:",
            dir.join("bad.toml").display()
        )),
        "{err}"
    );
}

#[test]
fn rule_files_must_be_valid_toml() {
    let dir = scratch("rules-toml");
    std::fs::write(
        dir.join("x.toml"),
        "[[rule]]\nid = \"a\"\nproduces = \"quantity\"\npattern = 'x\n",
    )
    .unwrap();
    let o = run(&["rules", "list", "--patterns", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.starts_with(&format!(
            "thidua: rules: {}:4:",
            dir.join("x.toml").display()
        )),
        "{err}"
    );
}

/// Every document row of a run over `inputs`, by source file name.
fn rows_of_run(dir: &Path, inputs: &[&Path]) -> (Output, Vec<serde_json::Value>) {
    let out = dir.join("out");
    let mut args: Vec<&str> = vec!["extract"];
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    args.extend([
        "--out",
        out.to_str().unwrap(),
        "--format",
        "ndjson",
        "--quiet",
    ]);
    let output = run(&args);
    (output, ndjson(&out.join("documents.ndjson")))
}

#[test]
fn oversized_inputs_are_read_in_part_and_say_so() {
    let dir = scratch("oversized");
    // No facts: the bound on facts is another test's.
    let line = "Tin tức thi đua khen thưởng của huyện.\n";
    let big = line.repeat((40 << 20) / line.len() + 1);
    std::fs::write(dir.join("big.txt.gz"), gzip(big.as_bytes())).unwrap();
    let record = format!(
        "{{\"id\": \"a\", \"text\": \"{}\"}}\n",
        "x ".repeat(17 << 19)
    );
    let small = "{\"id\": \"b\", \"text\": \"UBND huyện tặng giấy khen cho 3 tập thể.\"}\n";
    std::fs::write(dir.join("big.jsonl"), format!("{record}{small}")).unwrap();
    let (output, rows) = rows_of_run(&dir, &[&dir.join("big.txt.gz"), &dir.join("big.jsonl")]);
    assert_eq!(output.status.code(), Some(1));
    let summary: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            let source = r["source"].as_str().unwrap().rsplit('/').next().unwrap();
            (
                source,
                r["status"].as_str().unwrap(),
                r["error"].as_str().unwrap_or(""),
            )
        })
        .collect();
    let mb = big.len() as f64 / f64::from(1 << 20);
    assert_eq!(
        summary,
        [
            (
                "big.txt.gz",
                "warning",
                format!("input of {mb:.1} MB read in its first 16 MB; text of 16.0 MB cut to its first 2 MB").as_str()
            ),
            ("big.jsonl:1", "error", "line 1: a record of 17.0 MB, over the limit of 16 MB: not read"),
            ("big.jsonl#b", "ok", ""),
        ]
    );
}

#[test]
fn binary_content_is_skipped_with_its_reason() {
    let dir = scratch("binary");
    std::fs::write(dir.join("noise.txt"), b"12 t\x00p th\x00 \xff\xfe 54 c\x00").unwrap();
    std::fs::write(dir.join("packed.txt"), gzip("12 tập thể".as_bytes())).unwrap();
    let (output, rows) = rows_of_run(&dir, &[&dir.join("noise.txt"), &dir.join("packed.txt")]);
    assert_eq!(output.status.code(), Some(0));
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["status"].as_str().unwrap(), r["error"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("skipped", "binary content (NUL bytes), not text"),
            (
                "skipped",
                "gzip data in a file whose name does not end in .gz"
            ),
        ]
    );
}

#[test]
fn threads_out_of_range_are_refused() {
    for threads in ["0", "100000"] {
        let output = run(&[
            "extract",
            "corpus",
            "--threads",
            threads,
            "--out",
            "/nonexistent",
        ]);
        assert_eq!(output.status.code(), Some(2));
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(
            err.contains(&format!("invalid value '{threads}'")) && err.contains("1..=1024"),
            "{err}"
        );
    }
}

#[test]
fn a_reader_that_stops_early_ends_the_query_quietly() {
    use std::io::{BufRead, BufReader};
    let dir = scratch("pipe");
    std::fs::write(
        dir.join("a.txt"),
        "Tiêu đề bài viết\n\nHuyện tặng giấy khen cho 12 tập thể, 54 cá nhân, 7 hộ, 9 xã, 3 trường, 5 chi bộ.\n",
    )
    .unwrap();
    let (output, _) = rows_of_run(&dir, &[&dir.join("a.txt")]);
    assert!(output.status.success());
    // Far more than a pipe holds, so the writer meets the closed pipe.
    let sql = "SELECT a.sentence FROM quantities a CROSS JOIN quantities b CROSS JOIN quantities c CROSS JOIN quantities d CROSS JOIN quantities e";
    let mut child = bin()
        .args([
            "query",
            sql,
            "--out",
            dir.join("out").to_str().unwrap(),
            "--format",
            "csv",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "sentence\n");
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).as_ref()
        ),
        (Some(0), "")
    );
}

#[test]
fn a_missing_input_fails_the_run_before_the_output_is_touched() {
    let dir = scratch("missing");
    std::fs::write(
        dir.join("a.txt"),
        "Tiêu đề\n\nHuyện tặng giấy khen cho 12 tập thể.\n",
    )
    .unwrap();
    let (a, out) = (dir.join("a.txt"), dir.join("out"));
    let (a, out) = (a.to_str().unwrap(), out.to_str().unwrap());
    assert!(run(&["extract", a, "--out", out, "--quiet"])
        .status
        .success());
    let before = std::fs::read(dir.join("out/documents.parquet")).unwrap();
    let missing = dir.join("missing.txt");
    let o = run(&[
        "extract",
        a,
        missing.to_str().unwrap(),
        "--out",
        out,
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!(
            "thidua: cannot read {}: No such file or directory (os error 2)\n",
            missing.display()
        )
    );
    assert_eq!(
        std::fs::read(dir.join("out/documents.parquet")).unwrap(),
        before
    );
}

#[test]
fn an_output_folder_holds_the_last_run_alone_with_its_manifest() {
    let dir = scratch("formats");
    std::fs::write(
        dir.join("a.txt"),
        "Tiêu đề\n\nHuyện tặng giấy khen cho 12 tập thể, 54 cá nhân.\n",
    )
    .unwrap();
    let (a, out) = (dir.join("a.txt"), dir.join("out"));
    let (a, out_s) = (a.to_str().unwrap(), out.to_str().unwrap());
    assert!(run(&["extract", a, "--out", out_s, "--quiet"])
        .status
        .success());
    assert!(
        run(&["extract", a, "--out", out_s, "--quiet", "--format", "csv"])
            .status
            .success()
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "awards.csv",
            "checks.csv",
            "dates.csv",
            "documents.csv",
            "manifest.json",
            "quantities.csv"
        ]
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        (
            &manifest["format"],
            &manifest["inputs"],
            &manifest["documents"],
            &manifest["quantities"],
            &manifest["awards"]
        ),
        (
            &serde_json::json!("csv"),
            &serde_json::json!([a]),
            &serde_json::json!(1),
            &serde_json::json!(2),
            &serde_json::json!(2)
        )
    );
}

#[test]
fn a_link_loop_is_walked_once() {
    let dir = scratch("loop");
    let input = dir.join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    std::fs::write(
        input.join("a.txt"),
        "Tiêu đề\n\nHuyện tặng giấy khen cho 12 tập thể.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("..", input.join("sub/up")).unwrap();
    let (output, rows) = rows_of_run(&dir, &[&input]);
    assert!(output.status.success());
    let got: Vec<(String, &str, &str)> = rows
        .iter()
        .map(|r| {
            let source = r["source"]
                .as_str()
                .unwrap()
                .replace(&format!("{}/", input.display()), "");
            (
                source,
                r["status"].as_str().unwrap(),
                r["error"].as_str().unwrap_or(""),
            )
        })
        .collect();
    let back = format!("a link back to {}: walked once", input.display());
    assert_eq!(
        got,
        [
            ("a.txt".to_string(), "ok", ""),
            ("sub/up".to_string(), "skipped", back.as_str())
        ]
    );
}

#[test]
fn a_terminated_run_removes_its_temporary_tables_and_keeps_the_last_run() {
    let dir = scratch("sigterm");
    let (archive, out) = (dir.join("many.jsonl"), dir.join("out"));
    let record =
        "{\"text\": \"UBND huyện tặng giấy khen cho 12 tập thể, 54 cá nhân ngày 12.1.\"}\n";
    std::fs::write(&archive, record.repeat(200_000)).unwrap();
    std::fs::write(
        dir.join("a.txt"),
        "Tiêu đề\n\nHuyện tặng giấy khen cho 12 tập thể.\n",
    )
    .unwrap();
    let a = dir.join("a.txt");
    let out_s = out.to_str().unwrap();
    assert!(
        run(&["extract", a.to_str().unwrap(), "--out", out_s, "--quiet"])
            .status
            .success()
    );
    let before = std::fs::read(out.join("documents.parquet")).unwrap();
    let child = bin()
        .args([
            "extract",
            archive.to_str().unwrap(),
            "--out",
            out_s,
            "--quiet",
            "--threads",
            "1",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let temporary = out.join(".documents.parquet.tmp");
    let started = std::time::Instant::now();
    while !temporary.exists() && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "thidua: interrupted: no tables written, an earlier run's are left as they were\n"
    );
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert_eq!(left, Vec::<String>::new());
    assert_eq!(
        std::fs::read(out.join("documents.parquet")).unwrap(),
        before
    );
}

#[test]
fn a_record_with_a_bad_byte_or_in_a_byte_font_is_read() {
    let dir = scratch("record-bytes");
    let sentence = "UBND huyện tặng giấy khen cho 12 tập thể, 54 cá nhân.";
    let mut lines = Vec::new();
    lines.extend_from_slice(format!("{{\"id\": \"bad\", \"text\": \"{sentence}").as_bytes());
    lines.extend_from_slice(b"\xff\"}\n");
    lines.extend_from_slice(b"{\"id\": \"tcvn3\", \"text\": \"");
    lines.extend_from_slice(&thidua::decode::encode_tcvn3(sentence));
    lines.extend_from_slice(b"\"}\n");
    std::fs::write(dir.join("r.jsonl"), lines).unwrap();
    let (output, rows) = rows_of_run(&dir, &[&dir.join("r.jsonl")]);
    assert_eq!(output.status.code(), Some(0));
    let got: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                r["source"].as_str().unwrap().rsplit('#').next().unwrap(),
                r["status"].as_str().unwrap(),
                r["encoding"].as_str().unwrap(),
                r["n_replaced"].as_u64().unwrap(),
                r["n_awards"].as_u64().unwrap(),
                r["text"].as_str().unwrap().starts_with(sentence),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("bad", "warning", "utf-8", 1, 2, true),
            ("tcvn3", "ok", "tcvn3", 0, 2, true),
        ]
    );
}
