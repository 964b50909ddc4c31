//! The seed articles wrapped in district-portal page templates (site header with today's
//! date, menus, breadcrumbs, a sidebar of other news with their own dates and figures, a
//! visitor counter, share buttons, related news, a footer): the HTML page must give the
//! title and publication date of the article, and the facts of its plain-text version.

use std::path::PathBuf;

use thidua::facts::Ymd;
use thidua::ingest::{Format, Item, Payload};
use thidua::pipeline::{process, Extraction};
use thidua::rules::RuleSet;

/// The seeds with their title and publication date as annotated by hand.
const SEEDS: &[(&str, Option<&str>, &str)] = &[
    ("000_232161cbc82a7cd7.txt", Some("Cẩm Giàng tăng cường phát hiện, bồi dưỡng và nhân rộng các điển hình tiên tiến"), "2023-01-14"),
    ("001_babac2bdff31ffb1.txt", Some("Huyện Bình Giang tổ chức hội nghị tổng kết công tác xây dựng Đảng và phong trào thi đua năm 2022"), "2023-01-10"),
    ("002_f6d35891f593183c.txt", Some("CHÂU THÀNH: PHÁT ĐỘNG PHONG TRÀO THI ĐUA THỰC HIỆN THẮNG LỢI NHIỆM VỤ PHÁT TRIỂN KINH TẾ - XÃ HỘI, ĐẢM BẢO QUỐC PHÒNG – AN NINH NĂM 2023"), "2023-02-03"),
    ("003_9a3b921f3f073a04.txt", Some("Cần Đước đẩy mạnh phong trào thi đua góp phần hoàn thành xuất sắc nhiệm vụ"), "2022-04-13"),
    ("004_ac82363786c4c671.txt", None, "2024-02-29"),
];

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn is_date_line(line: &str) -> bool {
    line.chars().count() < 60
        && line
            .split(|c: char| !c.is_ascii_digit() && c != '/')
            .any(|w| w.matches('/').count() == 2)
}

/// The parts of a seed: the head lines before the body (site chrome, title, date line), the
/// body paragraphs, and the chrome lines of its end.
struct Parts {
    date_line: String,
    body: Vec<String>,
    tail: Vec<String>,
}

fn parts(text: &str, title: Option<&str>) -> Parts {
    let rules = thidua::rules::RuleSet::load(None).unwrap();
    let chrome = rules.chrome.spans(&thidua::normalize::MatchForm::new(text));
    let mut date_line = String::new();
    let (mut body, mut tail) = (Vec::new(), Vec::new());
    let mut in_body = false;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if thidua::chrome::covers(&chrome, start) {
            tail.push(line.to_string());
        } else if !in_body
            && (Some(line) == title || line == "Tiếng Việt | English" || line == "Xem với cỡ chữ")
        {
        } else if !in_body && is_date_line(line) {
            if date_line.is_empty() || line.contains(':') {
                date_line = line.to_string();
            }
        } else {
            in_body = true;
            body.push(line.to_string());
        }
    }
    Parts {
        date_line,
        body,
        tail,
    }
}

/// The page shapes of district and provincial portals.
#[derive(Clone, Copy, Debug)]
enum Shape {
    /// A news-detail block among menus, a sidebar of other news and a visitor counter.
    NewsDetail,
    /// The article in a print container, a bold sapo, the date line "Ngày đăng: … | Lượt
    /// xem: …", a long menu of the district's communes, the author's line at the end.
    PrintContainer,
    /// An old layout: the whole page in one `<form>`, tables for columns, the sapo in a `<b>`,
    /// "Cập nhật" before the date, a photo in a table with its caption.
    FormAndTables,
}

fn page(shape: Shape, title: &str, published: &str, p: &Parts) -> String {
    match shape {
        Shape::NewsDetail => portal(title, p),
        Shape::PrintContainer => print_container(title, published, p),
        Shape::FormAndTables => form_and_tables(title, published, p),
    }
}

/// `2023-01-14` as `14/01/2023`.
fn day_month_year(iso: &str) -> String {
    let (y, rest) = iso.split_at(4);
    format!("{}/{}/{y}", &rest[4..6], &rest[1..3])
}

/// Thirty communes and towns of a district: the portal's menu of administrative units.
fn commune_menu() -> String {
    let names = [
        "Thị trấn Kẻ Sặt",
        "Xã Bình Minh",
        "Xã Bình Xuyên",
        "Xã Cổ Bì",
        "Xã Hồng Khê",
        "Xã Hùng Thắng",
        "Xã Long Xuyên",
        "Xã Nhân Quyền",
        "Xã Tân Hồng",
        "Xã Tân Việt",
        "Xã Thái Dương",
        "Xã Thái Hòa",
        "Xã Thái Học",
        "Xã Thúc Kháng",
        "Xã Vĩnh Hồng",
        "Xã Vĩnh Hưng",
        "Xã Tráng Liệt",
        "Xã Hưng Thịnh",
        "Xã Thái Minh",
        "Xã Hồng Phong",
        "Xã Cẩm Hưng",
        "Xã Cẩm Vũ",
        "Xã Lương Điền",
        "Xã Ngọc Liên",
        "Xã Cẩm Đông",
        "Xã Cẩm Điền",
        "Xã Đức Chính",
        "Xã Cẩm Văn",
        "Xã Định Sơn",
        "Xã Tân Trường",
    ];
    names
        .iter()
        .enumerate()
        .map(|(i, n)| format!("<li><a href=\"/xa/{i}\">{n}</a></li>"))
        .collect()
}

fn print_container(title: &str, published: &str, p: &Parts) -> String {
    let (sapo, rest) = p.body.split_first().unwrap();
    let body: String = rest
        .iter()
        .map(|l| format!("<p style=\"text-align: justify;\">{}</p>\n", escape(l)))
        .collect();
    format!(
        r##"<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{t}</title><meta name="description" content="{sapo}"></head><body>
<div id="header"><a href="/">UBND HUYỆN</a> <span>Hôm nay: 20/11/2026</span></div>
<div id="left"><h3>Đơn vị hành chính</h3><ul class="menu-xa">{menu}</ul>
<h3>Văn bản mới</h3><ul><li>Quyết định số 15/QĐ-UBND ngày 10/11/2026 về khen thưởng 8 tập thể</li>
<li>Kế hoạch số 120/KH-UBND ngày 02/11/2026</li></ul></div>
<div id="main"><div class="print-area" id="printContent">
<h2 class="title">{t}</h2>
<div class="date">Ngày đăng: {date} 08:15 | Lượt xem: 2.317</div>
<p><strong>{sapo}</strong></p>
{body}<p style="text-align: right;"><strong>Nguyễn Thu Hà - Trung tâm VH-TT&amp;TT huyện</strong></p>
</div>
<div class="tools"><a href="javascript:window.print()">In trang</a> | <a href="#">Gửi email</a> | <a href="#">Về đầu trang</a></div>
<div class="other-news"><h3>Các tin khác</h3><ul>
<li><a href="/tin/8">Khen thưởng 35 cá nhân điển hình tiên tiến</a> (20/10/2026)</li>
<li><a href="/tin/9">Năm 2021 có 12/15 xã đạt chuẩn, đạt 80%</a> (15/01/2022)</li></ul></div>
</div>
<div id="footer">Cơ quan chủ quản: UBND huyện. Địa chỉ: số 2 đường Trần Hưng Đạo. Điện thoại: 0220.3.777.888</div>
</body></html>
"##,
        t = escape(title),
        sapo = escape(sapo),
        menu = commune_menu(),
        date = day_month_year(published),
    )
}

/// The caption under the page's photo, also a line of the text version.
const CAPTION: &str = "Ảnh: Quang cảnh hội nghị";

fn form_and_tables(title: &str, published: &str, p: &Parts) -> String {
    let (sapo, rest) = p.body.split_first().unwrap();
    let (first, rest) = rest.split_first().unwrap();
    let body: String = rest
        .iter()
        .map(|l| format!("<div>{}</div>\n", escape(l)))
        .collect();
    format!(
        r##"<html><head><meta charset="utf-8"><title>Cổng thông tin điện tử huyện - {t}</title></head>
<body><form method="post" action="./ChiTiet.aspx?id=1234" id="aspnetForm">
<input type="hidden" name="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1Mg9kFgJmD2QWAgIDD2QWBAIBD2Q">
<table width="1000" align="center"><tr><td colspan="2"><img src="/banner.jpg" alt="banner"></td></tr>
<tr><td width="220" valign="top"><table class="menu">{menu_rows}</table>
<table class="box"><tr><td>Thống kê truy cập</td></tr><tr><td>Tổng số: 1.204.332</td></tr></table></td>
<td valign="top"><table width="100%"><tr><td class="tieude">{t}</td></tr>
<tr><td class="ngay">Cập nhật: {date} 16:33</td></tr>
<tr><td><div class="sapo"><b>{sapo}</b></div>
<div>{first}</div>
<table class="image" align="center"><tr><td><img src="/anh/hoinghi.jpg"></td></tr><tr><td class="caption">{caption}</td></tr></table>
{body}</td></tr></table>
<table class="lienquan"><tr><td>Tin đã đưa:</td></tr><tr><td><a href="/tin/11">Tặng giấy khen cho 20 tập thể</a> (11/01/2022)</td></tr></table>
</td></tr></table></form></body></html>
"##,
        t = escape(title),
        sapo = escape(sapo),
        first = escape(first),
        caption = CAPTION,
        menu_rows = commune_menu()
            .replace("<li>", "<tr><td>")
            .replace("</li>", "</td></tr>"),
        date = day_month_year(published),
    )
}

fn portal(title: &str, p: &Parts) -> String {
    let body: String = p
        .body
        .iter()
        .map(|l| format!("      <p>{}</p>\n", escape(l)))
        .collect();
    let tail: String = p
        .tail
        .iter()
        .map(|l| format!("<div>{}</div>", escape(l)))
        .collect();
    format!(
        r##"<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{t} - Cổng thông tin điện tử huyện</title>
<meta name="viewport" content="width=device-width">
<link rel="stylesheet" href="/css/site.css"><script>var pageId = 1234; var visits = 3462461;</script>
</head><body>
<div class="top-bar"><span class="today">Thứ Hai, ngày 20/11/2026</span> | <a href="/lien-he">Liên hệ</a> | <a href="/so-do">Sơ đồ cổng</a></div>
<div class="header"><img src="/logo.png" alt="Quốc huy"><span>CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN</span></div>
<ul class="main-menu"><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li><li><a href="/tin-tuc">Tin tức - Sự kiện</a></li>
<li><a href="/thi-dua">Thi đua - Khen thưởng</a></li><li><a href="/van-ban">Văn bản</a></li><li><a href="/tthc">Thủ tục hành chính</a></li></ul>
<div class="container"><div class="col-main">
  <div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/tin-tuc">Tin tức - Sự kiện</a></div>
  <div class="news-detail">
    <h1 class="news-title">{t}</h1>
    <div class="news-date">{date} | Lượt xem: 1.245</div>
    <div class="news-content">
{body}    </div>
    <div class="share">Chia sẻ: <a href="#">Facebook</a> <a href="#">Zalo</a> | <a href="#">In bài</a> | <a href="#">Gửi email</a></div>
    <div class="related"><h3>Tin liên quan</h3><ul>
      <li><a href="/tin/1">Huyện tặng giấy khen cho 25 tập thể, 40 cá nhân có thành tích xuất sắc</a> (12/03/2021)</li>
      <li><a href="/tin/2">15/20 xã đạt chuẩn nông thôn mới, đạt tỷ lệ 80%</a> (05/01/2020)</li>
      <li><a href="/tin/3">Tổng kết công tác thi đua khen thưởng năm 2019</a> (28/12/2019)</li>
    </ul></div>
  </div>
</div>
<div class="col-side">
  <div class="box"><h3>Tin mới</h3><ul>
    <li><a href="/tin/4">Trao 3 Huân chương Lao động hạng Ba cho các tập thể</a> <span>18/11/2026</span></li>
    <li><a href="/tin/5">Có 97% hộ gia đình đạt danh hiệu gia đình văn hóa</a> <span>17/11/2026</span></li>
  </ul></div>
  <div class="box counter"><h3>Thống kê truy cập</h3><ul><li>Đang truy cập: 45</li><li>Hôm nay: 1.234</li><li>Tổng lượt truy cập: 3.462.461</li></ul></div>
  <div class="box">{tail}</div>
</div></div>
<div class="footer"><p>© Bản quyền thuộc UBND huyện. Điện thoại: 0220.3.123.456. Giấy phép số 12/GP-TTĐT ngày 15/6/2018.</p></div>
</body></html>
"##,
        t = escape(title),
        date = escape(&p.date_line),
    )
}

fn extract(rules: &RuleSet, source: &str, format: Format, bytes: Vec<u8>) -> Extraction {
    process(
        rules,
        &Item {
            source: source.to_string(),
            format,
            payload: Payload::Bytes(bytes),
            size: 0,
        },
    )
}

/// The facts as comparable rows, without offsets.
fn facts(e: &Extraction) -> Vec<String> {
    let mut rows: Vec<String> = e
        .quantities
        .iter()
        .map(|q| {
            format!(
                "quantity {} {} {:?}/{:?} {:?}",
                q.kind, q.value, q.numerator, q.denominator, q.unit
            )
        })
        .chain(e.awards.iter().map(|a| {
            format!(
                "award {} {:?} {:?} {:?} {}",
                a.award, a.recipient_kind, a.count, a.grantor_level, a.status
            )
        }))
        .chain(e.dates.iter().map(|d| format!("date {}", d.value)))
        .chain(
            e.checks
                .iter()
                .map(|c| format!("check {} {}", c.check, c.claimed)),
        )
        .collect();
    rows.sort();
    rows
}

#[test]
fn seeds_in_portal_pages_give_their_title_date_and_facts() {
    let rules = RuleSet::load(None).unwrap();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/seeds");
    for &(name, title, published) in SEEDS {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let p = parts(&text, title);
        // A page needs a title: an article without one gets its first ten words.
        let page_title = title.map(str::to_string).unwrap_or_else(|| {
            let words: Vec<&str> = p.body[0].split_whitespace().take(10).collect();
            words.join(" ")
        });
        for shape in [
            Shape::NewsDetail,
            Shape::PrintContainer,
            Shape::FormAndTables,
        ] {
            let html = page(shape, &page_title, published, &p);
            check_page(&rules, name, shape, title, published, &page_title, &p, html);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn check_page(
    rules: &RuleSet,
    name: &str,
    shape: Shape,
    title: Option<&str>,
    published: &str,
    page_title: &str,
    p: &Parts,
    html: String,
) {
    let name = format!("{name} as {shape:?}");
    let page = extract(
        rules,
        &format!("{name}.html"),
        Format::Html,
        html.into_bytes(),
    );
    assert_eq!(page.document.status, "ok", "{name}");
    if title.is_some() {
        assert_eq!(page.document.title.as_deref(), title, "{name}");
    }
    assert_eq!(
        page.document.published.as_deref().and_then(Ymd::parse_iso),
        Ymd::parse_iso(published),
        "{name}: title {:?}",
        page.document.title
    );

    // The plain-text article: the same body under the title and date line (with the
    // photo's caption after the first paragraph, where the page has one).
    let mut body = p.body.clone();
    if matches!(shape, Shape::FormAndTables) {
        body.insert(2, CAPTION.to_string());
    }
    let plain = format!(
        "{}\n\n{}\n\n{}\n",
        page_title,
        p.date_line,
        body.join("\n\n")
    );
    let text_version = extract(rules, &name, Format::Text, plain.into_bytes());
    let (got, want) = (facts(&page), facts(&text_version));
    let title_facts: Vec<String> = {
        let t = extract(
            rules,
            "title",
            Format::Text,
            format!("{page_title}\n\n{}\n", p.date_line).into_bytes(),
        );
        facts(&t)
    };
    // The page's text is its body: facts of the title and date line are the document row's.
    let mut want_body = want.clone();
    for f in &title_facts {
        if let Some(i) = want_body.iter().position(|w| w == f) {
            want_body.remove(i);
        }
    }
    assert_eq!(got, want_body, "{name}: page facts differ from the text's");
    assert!(!got.is_empty(), "{name}");
}
