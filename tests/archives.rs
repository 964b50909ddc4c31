//! Archives at scale: WARC files in, tables as folders of parts, runs resumed after a kill.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};

mod common;
use common::{bin, ndjson, scratch};

/// The rows of `table` of a run in `dir`, from one file or from its parts, as sorted lines.
fn sorted_rows(dir: &Path, table: &str) -> Vec<String> {
    let single = dir.join(format!("{table}.ndjson"));
    let files: Vec<PathBuf> = if single.exists() {
        vec![single]
    } else {
        let mut parts: Vec<PathBuf> = std::fs::read_dir(dir.join(table))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        parts.sort();
        parts
    };
    let mut rows: Vec<String> = files
        .iter()
        .flat_map(|f| {
            std::fs::read_to_string(f)
                .unwrap()
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    rows.sort();
    rows
}

/// One gzip member per record, as crawlers write them.
fn warc_record(kind: &str, id: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\n\
         WARC-Target-URI: https://huyen.example.vn/{id}\r\nWARC-Date: 2024-03-05T10:20:30Z\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    record.extend_from_slice(block);
    record.extend_from_slice(b"\r\n\r\n");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&record).unwrap();
    gz.finish().unwrap()
}

fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
    r.extend_from_slice(body);
    r
}

#[test]
fn a_warc_gives_the_documents_of_its_responses_with_url_and_fetch_time() {
    let dir = scratch("warc");
    let page = "<html><head><title>Huyện khen thưởng - Cổng thông tin</title>\
        <meta property=\"article:published_time\" content=\"2024-03-01T08:00:00+07:00\"></head>\
        <body><article><p>UBND huyện tặng giấy khen cho 12 tập thể, 54 cá nhân.</p></article></body></html>";
    let (encoded, _, _) = encoding_rs::WINDOWS_1258.encode(page);
    let chunked: Vec<u8> = [
        format!("{:x}\r\n", encoded.len()).into_bytes(),
        encoded.to_vec(),
        b"\r\n0\r\n\r\n".to_vec(),
    ]
    .concat();
    let mut warc = warc_record(
        "warcinfo",
        "0",
        "application/warc-fields",
        b"software: test\r\n",
    );
    warc.extend(warc_record(
        "response",
        "1",
        "application/http; msgtype=response",
        &http(
            "200 OK",
            "Content-Type: text/html; charset=windows-1258\r\nTransfer-Encoding: chunked\r\n",
            &chunked,
        ),
    ));
    warc.extend(warc_record(
        "response",
        "2",
        "application/http; msgtype=response",
        &http(
            "500 Internal Server Error",
            "Content-Type: text/html\r\n",
            b"oops",
        ),
    ));
    warc.extend(warc_record(
        "resource",
        "3",
        "text/plain; charset=utf-8",
        "Tiêu đề\n\nHuyện tặng Giấy khen cho 3 hộ gia đình.\n".as_bytes(),
    ));
    std::fs::write(dir.join("crawl.warc.gz"), warc).unwrap();
    let out = dir.join("out");
    let status = bin()
        .args(["extract", dir.join("crawl.warc.gz").to_str().unwrap()])
        .args([
            "--out",
            out.to_str().unwrap(),
            "--format",
            "ndjson",
            "--quiet",
        ])
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let docs = ndjson(&out.join("documents.ndjson"));
    let got: Vec<_> = docs
        .iter()
        .map(|d| {
            (
                d["source"]
                    .as_str()
                    .unwrap()
                    .rsplit('#')
                    .next()
                    .unwrap()
                    .to_string(),
                d["format"].as_str().unwrap().to_string(),
                d["status"].as_str().unwrap().to_string(),
                d["encoding"].as_str().unwrap_or("").to_string(),
                d["url"].as_str().unwrap_or("").to_string(),
                d["fetched"].as_str().unwrap_or("").to_string(),
                d["published"].as_str().unwrap_or("").to_string(),
                d["n_awards"].as_i64().unwrap(),
            )
        })
        .collect();
    let row =
        |id: &str, format: &str, status: &str, enc: &str, url: &str, published: &str, awards| {
            let fetched = if url.is_empty() {
                ""
            } else {
                "2024-03-05 10:20:00"
            };
            (
                format!("urn:uuid:{id}"),
                format.to_string(),
                status.to_string(),
                enc.to_string(),
                url.to_string(),
                fetched.to_string(),
                published.to_string(),
                awards,
            )
        };
    assert_eq!(
        got,
        [
            row(
                "1",
                "html",
                "ok",
                "windows-1258",
                "https://huyen.example.vn/1",
                "2024-03-01 08:00:00",
                2
            ),
            row("2", "other", "skipped", "", "", "", 0),
            row(
                "3",
                "text",
                "ok",
                "utf-8",
                "https://huyen.example.vn/3",
                "",
                1
            ),
        ]
    );
    assert_eq!(docs[1]["error"], "HTTP status 500");
}

fn records(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "{{\"id\": \"r{i}\", \"text\": \"Ngày {}.3.2023, UBND huyện tặng giấy khen cho {} tập thể, {} cá nhân.\"}}\n",
                i % 28 + 1,
                i % 50 + 1,
                i % 70 + 2
            )
        })
        .collect()
}

/// `extract -` into `out` as NDJSON, started with its standard input a pipe.
fn spawn_extract(out: &Path, extra: &[&str]) -> Child {
    bin()
        .args(["extract", "-", "--out", out.to_str().unwrap()])
        .args(["--format", "ndjson", "--quiet"])
        .args(extra)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn extract_stdin(input: &str, out: &Path, extra: &[&str]) -> Output {
    let mut child = spawn_extract(out, extra);
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).unwrap();
    drop(stdin);
    child.wait_with_output().unwrap()
}

#[test]
fn a_killed_parts_run_resumes_to_the_rows_of_an_uninterrupted_one() {
    let dir = scratch("resume");
    let input = records(3000);
    let whole = dir.join("whole");
    assert!(extract_stdin(&input, &whole, &["--parts"]).status.success());
    let parts: Vec<String> = std::fs::read_dir(whole.join("quantities"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        parts,
        [
            "part-00000.ndjson",
            "part-00001.ndjson",
            "part-00002.ndjson"
        ]
    );

    // Killed while waiting for more input, after its first part.
    let killed = dir.join("killed");
    let mut child = spawn_extract(&killed, &["--parts"]);
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(records(1500).as_bytes()).unwrap();
    let first = killed.join("documents/part-00000.ndjson");
    let started = std::time::Instant::now();
    while !first.exists() && started.elapsed().as_secs() < 120 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(killed.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(
        (
            &manifest["complete"],
            &manifest["parts"],
            &manifest["documents"]
        ),
        (
            &serde_json::json!(false),
            &serde_json::json!(1),
            &serde_json::json!(1024)
        )
    );

    let resumed = extract_stdin(&input, &killed, &["--parts", "--resume"]);
    assert!(
        resumed.status.success(),
        "{}",
        String::from_utf8_lossy(&resumed.stderr)
    );
    for table in ["documents", "quantities", "awards", "dates", "checks"] {
        assert_eq!(
            sorted_rows(&killed, table),
            sorted_rows(&whole, table),
            "{table}"
        );
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(killed.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(
        (&manifest["complete"], &manifest["documents"]),
        (&serde_json::json!(true), &serde_json::json!(3000))
    );

    // A query reads the parts as one table.
    let q = bin()
        .args([
            "query",
            "SELECT count(*) AS n FROM documents",
            "--out",
            killed.to_str().unwrap(),
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&q.stdout), "n\n3000\n");
}

#[test]
fn resume_refuses_another_run_or_no_run() {
    let dir = scratch("refuse");
    let out = dir.join("out");
    let nothing = extract_stdin(&records(3), &out, &["--parts", "--resume"]);
    assert_eq!(nothing.status.code(), Some(2));
    let err = String::from_utf8_lossy(&nothing.stderr);
    assert!(
        err.contains("manifest.json") && err.contains("no run to resume"),
        "{err}"
    );
    assert!(extract_stdin(&records(3), &out, &["--parts"])
        .status
        .success());
    let other = bin()
        .args([
            "extract",
            "-",
            "--out",
            out.to_str().unwrap(),
            "--format",
            "csv",
            "--parts",
            "--resume",
            "--quiet",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(other.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&other.stderr).contains("another format"));
    // A run of single files replaces the parts.
    assert!(extract_stdin(&records(3), &out, &[]).status.success());
    assert!(out.join("documents.ndjson").exists() && !out.join("documents").exists());
}
