//! Places on real articles: the district dev set and the seeds get their districts and
//! provinces with codes, one row per district in the README's by-district query, and a
//! stated district wins or is refused with the candidates.

mod common;

use std::path::Path;

use common::{bin, ndjson, scratch};

fn shared(path: &str) -> String {
    format!("{}/../shared/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn extract(inputs: &[&str], out: &Path, extra: &[&str]) -> std::process::Output {
    bin()
        .arg("extract")
        .args(inputs)
        .args([
            "--out",
            out.to_str().unwrap(),
            "--format",
            "ndjson",
            "--quiet",
        ])
        .args(extra)
        .output()
        .unwrap()
}

fn places(out: &Path) -> Vec<[String; 5]> {
    let field = |d: &serde_json::Value, k: &str| d[k].as_str().unwrap_or("").to_string();
    ndjson(&out.join("documents.ndjson"))
        .iter()
        .map(|d| {
            [
                "district",
                "district_code",
                "province",
                "province_code",
                "province_2025",
            ]
            .map(|k| field(d, k))
        })
        .collect()
}

#[test]
fn seeds_get_their_districts_and_provinces() {
    let out = scratch("places-seeds");
    assert!(extract(&[&shared("seeds")], &out, &[]).status.success());
    let got = places(&out);
    let row = |a: &str, b: &str, c: &str, d: &str, e: &str| [a, b, c, d, e].map(String::from);
    assert_eq!(
        got[0],
        row("Cẩm Giàng", "295", "Hải Dương", "30", "Hải Phòng")
    );
    assert_eq!(
        got[1],
        row("Bình Giang", "296", "Hải Dương", "30", "Hải Phòng")
    );
    // One of ten districts named Châu Thành, in a province the article does not name.
    assert_eq!(got[2], row("Châu Thành", "", "", "", ""));
    assert_eq!(got[3], row("Cần Đước", "806", "Long An", "80", "Tây Ninh"));
    assert_eq!(
        got[4],
        row("Vĩnh Bảo", "316", "Hải Phòng", "31", "Hải Phòng")
    );
}

#[test]
fn the_by_district_query_gives_one_row_per_district() {
    let out = scratch("places-dev");
    assert!(extract(&[&shared("district/daksong-dev.jsonl")], &out, &[])
        .status
        .success());
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("SELECT d.province_2025").unwrap();
    let sql = &readme[start..start + readme[start..].find("\"\n").unwrap()];
    let answer = bin()
        .args([
            "query",
            "--out",
            out.to_str().unwrap(),
            "--format",
            "csv",
            sql,
        ])
        .output()
        .unwrap();
    assert!(
        answer.status.success(),
        "{}",
        String::from_utf8_lossy(&answer.stderr)
    );
    assert_eq!(
        String::from_utf8(answer.stdout).unwrap(),
        "province_2025,province,district,district_code,articles,award_rows,checks\n\
         Lâm Đồng,Đắk Nông,Đắk Song,665,13,6,2\n"
    );
}

#[test]
fn a_stated_district_wins_and_an_ambiguous_one_is_refused() {
    let out = scratch("places-stated");
    let seeds = shared("seeds");
    let run = extract(
        &[&seeds],
        &out,
        &["--district", "Chau Thanh", "--province", "Tiền Giang"],
    );
    assert!(run.status.success());
    assert!(places(&out)
        .iter()
        .all(|p| p == &["Châu Thành", "821", "Tiền Giang", "82", "Đồng Tháp"].map(String::from)));
    let refused = extract(&[&seeds], &out, &["--district", "Châu Thành"]);
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("Châu Thành names 10 districts"),
        "{message}"
    );
    assert!(message.contains("give --province too"), "{message}");
    let unknown = extract(&[&seeds], &out, &["--district", "Atlantis"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("--district Atlantis: no district"));
}

#[test]
fn a_record_states_its_own_place() {
    let dir = scratch("places-record");
    let lines = dir.join("a.jsonl");
    std::fs::write(
        &lines,
        "{\"id\": 1, \"text\": \"Huyện Tuy Đức tặng giấy khen.\", \"district\": \"Đăk Song\"}\n\
         {\"id\": 2, \"text\": \"Huyện Tuy Đức tặng giấy khen.\"}\n",
    )
    .unwrap();
    let out = dir.join("out");
    assert!(extract(&[lines.to_str().unwrap()], &out, &[])
        .status
        .success());
    let got = places(&out);
    assert_eq!(got[0][0], "Đắk Song");
    assert_eq!(got[1][0], "Tuy Đức");
    assert_eq!(got[1][2], "Đắk Nông");
}
