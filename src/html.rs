//! A basic path through HTML: the title, a published date from the page's metadata, and the
//! visible text with block elements on lines of their own.

use scraper::{ElementRef, Html, Node, Selector};
use std::sync::LazyLock;

use crate::article::{plain_text_meta, Meta};

static SEL_META: LazyLock<Selector> = LazyLock::new(|| Selector::parse("meta").unwrap());
static SEL_TITLE: LazyLock<Selector> = LazyLock::new(|| Selector::parse("title").unwrap());
static SEL_H1: LazyLock<Selector> = LazyLock::new(|| Selector::parse("h1").unwrap());
static SEL_TIME: LazyLock<Selector> = LazyLock::new(|| Selector::parse("time[datetime]").unwrap());
static SEL_BODY: LazyLock<Selector> = LazyLock::new(|| Selector::parse("body").unwrap());
static SEL_LD: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse(r#"script[type="application/ld+json"]"#).unwrap());

/// Elements whose text is never shown.
const HIDDEN: &[&str] = &["script", "style", "noscript", "template", "head", "svg", "iframe", "button", "select"];
/// Elements that start a line of their own.
const BLOCKS: &[&str] = &[
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "header", "footer", "nav", "aside", "blockquote", "figure", "figcaption", "pre", "dd", "dt", "form", "hr",
];

/// What an HTML page gives.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Page {
    pub meta: Meta,
    pub text: String,
}

fn collect_text(el: ElementRef, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => {
                let t: &str = t;
                let collapsed = t.split_whitespace().collect::<Vec<_>>().join(" ");
                if !collapsed.is_empty() {
                    if t.starts_with(char::is_whitespace) && !out.ends_with(['\n', ' ']) && !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(&collapsed);
                    if t.ends_with(char::is_whitespace) {
                        out.push(' ');
                    }
                }
            }
            Node::Element(e) => {
                let name = e.name();
                if HIDDEN.contains(&name) {
                    continue;
                }
                let block = BLOCKS.contains(&name);
                let cell = matches!(name, "td" | "th");
                if block && !out.ends_with('\n') && !out.is_empty() {
                    out.push('\n');
                }
                if cell && !out.ends_with(['\n', '\t']) && !out.is_empty() {
                    out.push('\t');
                }
                if let Some(child_el) = ElementRef::wrap(child) {
                    collect_text(child_el, out);
                }
                if block && !out.ends_with('\n') {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
}

/// The page title without a site-name suffix ("… - Báo X", "… | Cổng thông tin").
fn strip_site_suffix(title: &str) -> String {
    let mut t = title.trim();
    for sep in [" | ", " - ", " – ", " :: "] {
        if let Some(p) = t.rfind(sep) {
            let (head, tail) = (&t[..p], &t[p + sep.len()..]);
            if tail.split_whitespace().count() <= 6 && head.split_whitespace().count() >= 3 {
                t = head.trim();
            }
        }
    }
    t.to_string()
}

fn meta_content(doc: &Html, keys: &[&str]) -> Option<String> {
    doc.select(&SEL_META).find_map(|m| {
        let v = m.value();
        let key = v.attr("property").or(v.attr("name")).or(v.attr("itemprop"))?;
        keys.iter().any(|k| k.eq_ignore_ascii_case(key)).then(|| v.attr("content")).flatten().map(|s| s.trim().to_string())
    })
}

/// An ISO 8601 date or date-time cut to minutes, from a metadata value.
pub fn iso_prefix(value: &str) -> Option<String> {
    let v = value.trim();
    let date = v.get(..10)?;
    let b = date.as_bytes();
    let ok = b.len() == 10 && b[4] == b'-' && b[7] == b'-' && date.chars().filter(char::is_ascii_digit).count() == 8;
    if !ok {
        return None;
    }
    match v.get(10..16) {
        Some(t) if (t.starts_with('T') || t.starts_with(' ')) && t[1..].as_bytes().get(2) == Some(&b':') => {
            Some(format!("{date}T{}", &t[1..]))
        }
        _ => Some(date.to_string()),
    }
}

fn json_ld_published(doc: &Html) -> Option<String> {
    doc.select(&SEL_LD).find_map(|s| {
        let raw: String = s.text().collect();
        let at = raw.find("\"datePublished\"")?;
        let rest = &raw[at + "\"datePublished\"".len()..];
        let start = rest.find('"')? + 1;
        let end = rest[start..].find('"')? + start;
        iso_prefix(&rest[start..end])
    })
}

/// Reads a page: title, published date, visible text.
pub fn read(html: &str) -> Page {
    let doc = Html::parse_document(html);
    let mut text = String::new();
    if let Some(body) = doc.select(&SEL_BODY).next() {
        collect_text(body, &mut text);
    } else {
        collect_text(doc.root_element(), &mut text);
    }
    let text = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
    let title = meta_content(&doc, &["og:title", "twitter:title"])
        .or_else(|| doc.select(&SEL_TITLE).next().map(|t| t.text().collect::<String>()))
        .or_else(|| doc.select(&SEL_H1).next().map(|t| t.text().collect::<String>()))
        .map(|t| strip_site_suffix(&t.split_whitespace().collect::<Vec<_>>().join(" ")))
        .filter(|t| !t.is_empty());
    let published = json_ld_published(&doc)
        .or_else(|| {
            meta_content(&doc, &["article:published_time", "datePublished", "pubdate", "publishdate", "date", "dc.date.issued"])
                .and_then(|v| iso_prefix(&v))
        })
        .or_else(|| doc.select(&SEL_TIME).next().and_then(|t| t.value().attr("datetime")).and_then(iso_prefix))
        .or_else(|| plain_text_meta(&text).published);
    Page { meta: Meta { title, published }, text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_title_date_and_text() {
        let page = read(r#"<html><head><title>Huyện tặng giấy khen cho 12 tập thể - Báo Hải Dương</title>
            <meta property="article:published_time" content="2023-01-10T16:33:00+07:00"></head>
            <body><nav>Trang chủ</nav><p>UBND huyện tặng giấy khen cho <b>12 tập thể</b>.</p><script>var x=1;</script>
            <table><tr><td>Xã A</td><td>92,5%</td></tr></table></body></html>"#);
        assert_eq!(page.meta.title.as_deref(), Some("Huyện tặng giấy khen cho 12 tập thể"));
        assert_eq!(page.meta.published.as_deref(), Some("2023-01-10T16:33"));
        assert_eq!(page.text, "Trang chủ\nUBND huyện tặng giấy khen cho 12 tập thể.\nXã A\t92,5%");
    }
}
