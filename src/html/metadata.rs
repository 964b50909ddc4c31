//! A page's metadata: meta tags, JSON-LD values, and the publication date they give (else
//! a `<time>` element, a date attribute, or a date line near the top of the text).

use dom_query::{Document, Matcher};
use std::sync::LazyLock;

use super::text::{elements, same_words};
use super::{first_text, SEL_H1, SEL_TITLE};
use crate::article::{date_of_line, plain_text_meta};
use crate::chrome::Chrome;

static SEL_META: LazyLock<Matcher> = selector!("meta");
static SEL_TIME: LazyLock<Matcher> = selector!("time[datetime]");
/// A day, month and year with dots, standing apart in a title (`… | DW | 28.04.2023`).
static TITLE_DATE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?:^|[\s|(–-])([0-9]{1,2})\.([0-9]{1,2})\.((?:19|20)[0-9]{2})(?:$|[\s|)–-])",
    )
    .unwrap()
});
static SEL_LD: LazyLock<Matcher> = selector!(r#"script[type="application/ld+json"]"#);

/// A parsed page with its meta tags and JSON-LD blocks gathered once: the title, date and
/// body readers look them up about a dozen times a page, and each look was a walk of the
/// whole tree.
pub(super) struct Tagged<'a> {
    pub doc: &'a Document,
    /// Each meta tag's name (`property`, else `name`, else `itemprop`) and `content`, in
    /// document order; a tag without a name or without `content` is left out.
    metas: Vec<(String, String)>,
    /// The text of each JSON-LD block, in document order.
    json_ld: Vec<String>,
}

impl<'a> Tagged<'a> {
    pub(super) fn new(doc: &'a Document) -> Tagged<'a> {
        let metas = doc.select_matcher(&SEL_META);
        let metas = metas.nodes().iter().filter_map(|m| {
            let key = m
                .attr("property")
                .or_else(|| m.attr("name"))
                .or_else(|| m.attr("itemprop"))?;
            Some((key.to_string(), m.attr("content")?.to_string()))
        });
        let json_ld = doc.select_matcher(&SEL_LD);
        let json_ld = json_ld.nodes().iter().map(|s| s.text().to_string());
        Tagged {
            doc,
            metas: metas.collect(),
            json_ld: json_ld.collect(),
        }
    }

    /// The `content` of the first meta tag named one of `keys` (ignoring ASCII case),
    /// trimmed.
    pub(super) fn meta_content(&self, keys: &[&str]) -> Option<String> {
        self.metas
            .iter()
            .find(|(key, _)| keys.iter().any(|k| k.eq_ignore_ascii_case(key)))
            .map(|(_, content)| content.trim().to_string())
    }

    /// The first string value of `key` in the page's JSON-LD blocks.
    pub(super) fn json_ld_string(&self, key: &str) -> Option<String> {
        let quoted = format!("\"{key}\"");
        self.json_ld.iter().find_map(|raw| {
            let at = raw.find(&quoted)?;
            let rest = raw[at + quoted.len()..]
                .trim_start()
                .strip_prefix(':')?
                .trim_start()
                .strip_prefix('"')?;
            serde_json::from_str::<String>(&format!("\"{}\"", &rest[..string_end(rest)])).ok()
        })
    }
}

/// An ISO 8601 date or date-time cut to minutes, from a metadata value.
pub fn iso_prefix(value: &str) -> Option<String> {
    let v = value.trim();
    let date = v.get(..10)?;
    let b = date.as_bytes();
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && date.chars().filter(char::is_ascii_digit).count() == 8;
    if !ok {
        return None;
    }
    match v.get(10..16) {
        Some(t)
            if (t.starts_with('T') || t.starts_with(' '))
                && t.as_bytes()[1..].get(2) == Some(&b':') =>
        {
            Some(format!("{date}T{}", &t[1..]))
        }
        _ => Some(date.to_string()),
    }
}

/// Where the body of a JSON string ends: at its first unescaped quote, or at 0 (an empty
/// string) when it has none.
fn string_end(rest: &str) -> usize {
    let mut escaped = false;
    for (i, c) in rest.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return i,
            _ => escaped = false,
        }
    }
    0
}

/// The publication date: JSON-LD `datePublished`, then `article:published_time` and similar
/// meta, then `<time datetime>`, then a date attribute, then a date line next to the
/// headline, then one at the head of `visible`, then a date the page's `<title>` or
/// `og:title` ends with.
pub(super) fn published(
    page: &Tagged,
    visible: &str,
    title: Option<&str>,
    chrome: &Chrome,
) -> Option<String> {
    let doc = page.doc;
    page.json_ld_string("datePublished")
        .and_then(|d| iso_prefix(&d))
        .or_else(|| {
            page.meta_content(&[
                "article:published_time",
                "datePublished",
                "pubdate",
                "publishdate",
                "date",
                "dc.date.issued",
            ])
            .and_then(|v| iso_prefix(&v))
        })
        .or_else(|| {
            doc.select_single_matcher(&SEL_TIME)
                .nodes()
                .first()
                .and_then(|t| t.attr("datetime"))
                .and_then(|d| iso_prefix(&d))
        })
        .or_else(|| date_attribute(doc))
        .or_else(|| date_near_headline(doc, visible, title))
        .or_else(|| plain_text_meta(visible, chrome).published)
        .or_else(|| title_date(page))
}

/// A date line just under the page's headline (or just above it), as bylines put it:
/// `erstellt: 01. April 2025, 15:25`, `Ngày đăng: 12/03/2023 08:15`. The nearest wins; dates
/// further away may belong to other articles, a calendar or comments. The headline is the
/// page's title where a line shows it (portals set it in an `<h2>` or a `<td>`), else the
/// first `<h1>`.
fn date_near_headline(doc: &Document, visible: &str, title: Option<&str>) -> Option<String> {
    let h1 = first_text(doc, &SEL_H1);
    let lines: Vec<&str> = visible
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let at = [title.map(str::to_string), h1]
        .into_iter()
        .flatten()
        .filter(|h| !h.trim().is_empty())
        .find_map(|h| lines.iter().position(|l| same_words(l, &h)))?;
    let after = lines[at + 1..].iter().take(4);
    let before = lines[at.saturating_sub(2)..at].iter().rev();
    // A label and the date, not a caption that mentions one ("…bei Bachmut, 24. April 2023").
    let words = |l: &str| {
        l.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count()
    };
    let date = |l: &str| {
        let whole = (words(l) <= 4).then(|| date_of_line(l)).flatten();
        whole.or_else(|| {
            byline_start(l)
                .filter(|p| words(p) <= 4)
                .and_then(date_of_line)
        })
    };
    after.chain(before).find_map(|l| date(l))
}

/// The first part of a short line that goes on past a separator with spaces around it, as a
/// byline goes on after its date (`erstellt: 01. April 2025, 15:25 in: Gesellschaft |
/// Kommentare : 0`, `Published Jun 05, 2026 • 3 minute read`).
fn byline_start(line: &str) -> Option<&str> {
    let end = [" | ", " • ", " · "]
        .iter()
        .filter_map(|sep| line.find(sep))
        .min()?;
    (line.chars().count() <= 80).then(|| &line[..end])
}

/// A date written day.month.year in the page's `<title>` or `og:title`, as some sites
/// suffix it (`Ukrainische Gegenoffensive … | DW | 28.04.2023`).
fn title_date(page: &Tagged) -> Option<String> {
    let title = first_text(page.doc, &SEL_TITLE);
    [title, page.meta_content(&["og:title"])]
        .into_iter()
        .flatten()
        .find_map(|t| {
            let c = TITLE_DATE.captures(&t)?;
            let n = |i: usize| c[i].parse::<u32>().ok();
            let (d, m, y) = (n(1)?, n(2)?, n(3)?);
            chrono::NaiveDate::from_ymd_opt(y as i32, m, d).map(|day| day.to_string())
        })
}

/// A publication date in an element's data attribute (`data-deploy-dt="2026.01.29 18:40"`,
/// `data-published="…"`), written with `-`, `.` or `/` between year, month and day.
fn date_attribute(doc: &Document) -> Option<String> {
    elements(doc.root()).take(5_000).find_map(|e| {
        e.attrs()
            .iter()
            .find_map(|a| date_attribute_value(&a.name.local, &a.value))
    })
}

/// The date of one attribute, if its name says it is a publication date (and not the date
/// of a change).
fn date_attribute_value(name: &str, value: &str) -> Option<String> {
    let n = name.to_ascii_lowercase();
    let named = n.starts_with("data-")
        && (n.contains("publish")
            || n.contains("deploy")
            || n.ends_with("-dt")
            || n.ends_with("date"));
    let modified = n.contains("modif") || n.contains("update") || n.contains("re-deploy");
    if !named || modified {
        return None;
    }
    let v = value.trim();
    let b = v.as_bytes();
    if b.len() >= 10 && b[..10].is_ascii() && matches!(b[4], b'.' | b'/') && b[7] == b[4] {
        iso_prefix(&format!(
            "{}-{}-{}{}",
            &v[..4],
            &v[5..7],
            &v[8..10],
            &v[10..]
        ))
    } else {
        iso_prefix(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(head: &str) -> Document {
        Document::from(format!(
            "<html><head>{head}</head><body><p>x</p></body></html>"
        ))
    }

    #[test]
    fn a_labelled_date_under_the_headline_not_a_caption() {
        let visible =
            "Home\nGesellschaft\n„Unermüdlicher Einsatz“\nerstellt: 01. April 2025, 15:25\nText.";
        let doc = Document::from("<h1>„Unermüdlicher Einsatz“</h1>");
        assert_eq!(
            date_near_headline(&doc, visible, None).as_deref(),
            Some("2025-04-01T15:25")
        );
        // The byline goes on after the date, past a separator.
        let byline = "„Unermüdlicher Einsatz“\nerstellt: 01. April 2025, 15:25 in: Gesellschaft | Kommentare : 0";
        assert_eq!(
            date_near_headline(&doc, byline, None).as_deref(),
            Some("2025-04-01T15:25")
        );
        let caption =
            "Gegenoffensive\nUkrainische Kriegstechnik bei den Kämpfen um Bachmut, 24. April 2023";
        let doc = Document::from("<h1>Gegenoffensive</h1>");
        assert_eq!(date_near_headline(&doc, caption, None), None);
        let credited = format!("{caption} | Foto: dpa");
        assert_eq!(date_near_headline(&doc, &credited, None), None);
        // Only a separator with spaces around it: `·` also writes inclusive French.
        let inclusive = "Gegenoffensive\nles candidat·es déclaré·es au 3 mars 2024";
        assert_eq!(date_near_headline(&doc, inclusive, None), None);
        let vi = "Tin tức\nHuyện tổng kết thi đua\nNgày đăng: 12/03/2023 08:15 | Lượt xem: 120";
        let doc = Document::from("<h1>Huyện tổng kết thi đua</h1>");
        assert_eq!(
            date_near_headline(&doc, vi, None).as_deref(),
            Some("2023-03-12T08:15")
        );
        // A portal that sets its headline in an `<h2>`, under a header with today's date.
        let vi = "Hôm nay: 20/11/2026\nHuyện tổng kết thi đua\nNgày đăng: 12/03/2023 08:15";
        let doc = Document::from("<h2>Huyện tổng kết thi đua</h2>");
        assert_eq!(date_near_headline(&doc, vi, None), None);
        assert_eq!(
            date_near_headline(&doc, vi, Some("Huyện tổng kết thi đua")).as_deref(),
            Some("2023-03-12T08:15")
        );
    }

    #[test]
    fn a_date_a_title_ends_with_is_the_last_resort() {
        let title_date_of = |html: &str| title_date(&Tagged::new(&page(html)));
        assert_eq!(
            title_date_of("<title>Gegenoffensive: Ziele | Europa | DW | 28.04.2023</title>")
                .as_deref(),
            Some("2023-04-28")
        );
        assert_eq!(
            title_date_of(
                r#"<title>Ziele</title><meta property="og:title" content="Ziele | DW | 1.2.2024">"#
            )
            .as_deref(),
            Some("2024-02-01")
        );
        // A version number or an impossible day is no date.
        assert_eq!(title_date_of("<title>Release 10.12.2023a</title>"), None);
        assert_eq!(title_date_of("<title>Bericht | 31.02.2023</title>"), None);
        let meta = page(
            r#"<title>X | 28.04.2023</title><meta property="article:published_time" content="2023-04-27T10:00:00Z">"#,
        );
        let chrome = crate::rules::RuleSet::load(None).unwrap().chrome;
        assert_eq!(
            published(&Tagged::new(&meta), "", None, &chrome).as_deref(),
            Some("2023-04-27T10:00")
        );
    }

    #[test]
    fn meta_tags_and_json_ld_are_looked_up_in_document_order() {
        let doc = page(
            r#"<meta name="description"><meta property="OG:Title" content=" Đầu tiên ">
            <meta name="og:title" content="Thứ hai"><meta itemprop="headline" content="Tiêu đề">
            <script type="application/ld+json">{"@type": "WebPage", "name": "Trang"}</script>
            <script type="application/ld+json">{"headline": "Huyện \u0111\u00f3n nhận", "description": "Mô tả"}</script>
            <script type="application/ld+json">{"headline": "Sau"}</script>"#,
        );
        let page = Tagged::new(&doc);
        // A tag without `content` is passed over; names match in any ASCII case.
        assert_eq!(page.meta_content(&["description"]), None);
        assert_eq!(
            page.meta_content(&["og:title"]).as_deref(),
            Some("Đầu tiên")
        );
        assert_eq!(
            page.meta_content(&["twitter:title", "headline"]).as_deref(),
            Some("Tiêu đề")
        );
        assert_eq!(
            page.json_ld_string("headline").as_deref(),
            Some("Huyện đón nhận")
        );
        assert_eq!(page.json_ld_string("name").as_deref(), Some("Trang"));
        assert_eq!(page.json_ld_string("articleBody"), None);
    }
}
