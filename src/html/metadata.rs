//! A page's metadata: meta tags, JSON-LD values, and the dates they give.

use scraper::{Html, Selector};
use std::sync::LazyLock;

use super::SEL_ALL;

static SEL_META: LazyLock<Selector> = LazyLock::new(|| Selector::parse("meta").unwrap());
static SEL_LD: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse(r#"script[type="application/ld+json"]"#).unwrap());

/// The `content` of the first meta tag named one of `keys` (by `property`, `name` or
/// `itemprop`, ignoring ASCII case).
pub(super) fn meta_content(doc: &Html, keys: &[&str]) -> Option<String> {
    doc.select(&SEL_META).find_map(|m| {
        let v = m.value();
        let key = v
            .attr("property")
            .or(v.attr("name"))
            .or(v.attr("itemprop"))?;
        keys.iter()
            .any(|k| k.eq_ignore_ascii_case(key))
            .then(|| v.attr("content"))
            .flatten()
            .map(|s| s.trim().to_string())
    })
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

/// The first string value of `key` in the page's JSON-LD blocks.
pub(super) fn json_ld_string(doc: &Html, key: &str) -> Option<String> {
    let quoted = format!("\"{key}\"");
    doc.select(&SEL_LD).find_map(|s| {
        let raw: String = s.text().collect();
        let at = raw.find(&quoted)?;
        let rest = raw[at + quoted.len()..]
            .trim_start()
            .strip_prefix(':')?
            .trim_start()
            .strip_prefix('"')?;
        let mut end = 0;
        let mut escaped = false;
        for (i, c) in rest.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    end = i;
                    break;
                }
                _ => escaped = false,
            }
        }
        serde_json::from_str::<String>(&format!("\"{}\"", &rest[..end])).ok()
    })
}

pub(super) fn json_ld_published(doc: &Html) -> Option<String> {
    json_ld_string(doc, "datePublished").and_then(|d| iso_prefix(&d))
}

/// A publication date in an element's data attribute (`data-deploy-dt="2026.01.29 18:40"`,
/// `data-published="…"`), written with `-`, `.` or `/` between year, month and day.
pub(super) fn date_attribute(doc: &Html) -> Option<String> {
    doc.select(&SEL_ALL).take(5_000).find_map(|e| {
        e.value().attrs().find_map(|(name, value)| {
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
            if b.len() >= 10 && matches!(b[4], b'.' | b'/') && b[7] == b[4] {
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
        })
    })
}
