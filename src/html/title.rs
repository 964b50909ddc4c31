//! The article's title, by agreement of the page's sources (see the `html` module
//! documentation), without the site's name and without a kicker before the headline.

use dom_query::Document;

use super::metadata::Tagged;
use super::text::same_words;
use super::{first_text, texts, SEL_H1, SEL_TITLE};

/// Metadata written with its entities escaped twice (`R&amp;uuml;ckbau`, `&amp;#8216;`).
fn decode_entities(s: &str) -> String {
    if !(s.contains('&') && s.contains(';')) {
        return s.to_string();
    }
    Document::fragment(s).root().text().to_string()
}

/// A title without the site's name at its end ("… - Die Neue Südtiroler Tageszeitung",
/// "…-정치ㅣ한국일보"), the names taken from the page's metadata.
fn without_site_name(title: &str, sites: &[String]) -> String {
    const SEPARATORS: &[char] = &['-', '–', '—', '|', 'ㅣ', ':', '·', '/', '«', '»'];
    for site in sites.iter().filter(|s| s.chars().count() >= 3) {
        let name = site.to_lowercase();
        // Compared in lower case, cut in the title: lower case may change a letter's length.
        let Some(at) = title
            .char_indices()
            .map(|(i, _)| i)
            .find(|&i| i > 0 && title[i..].to_lowercase() == name)
        else {
            continue;
        };
        if !title[..at].ends_with(|c: char| c.is_whitespace() || SEPARATORS.contains(&c)) {
            continue;
        }
        let mut head =
            title[..at].trim_end_matches(|c: char| c.is_whitespace() || SEPARATORS.contains(&c));
        // A section name joined to the separator ("커졌다-정치ㅣ") goes too.
        let last_word_start = head.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        if let Some(sep) = head[last_word_start..].find(SEPARATORS) {
            if head[last_word_start + sep..].chars().count() <= 6 && sep > 0 {
                head = &head[..last_word_start + sep];
            }
        }
        if head.chars().count() >= 10 {
            return head.to_string();
        }
    }
    title.to_string()
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

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A title as it is compared: on one line, in lower case.
pub(super) fn fold_title(s: &str) -> String {
    one_line(s).to_lowercase()
}

/// The title by agreement of the page's sources (see the module documentation).
pub(super) fn choose_title(
    page: &Tagged,
    readability_title: Option<String>,
    visible: &str,
) -> Option<String> {
    let doc = page.doc;
    let h1_texts = texts(doc, &SEL_H1);
    let sites = site_names(page, &h1_texts);
    let clean = |t: Option<String>| {
        t.map(|t| one_line(&decode_entities(&t)))
            .map(|t| without_site_name(&t, &sites))
            .filter(|t| !t.is_empty())
    };
    let ld = clean(page.json_ld_string("headline"));
    let og = clean(page.meta_content(&["og:title"]));
    let twitter = clean(page.meta_content(&["twitter:title"]));
    let title_tag = clean(first_text(doc, &SEL_TITLE).map(|t| strip_site_suffix(&t)));
    let readability = clean(readability_title);
    let h1s: Vec<String> = h1_texts
        .into_iter()
        .filter_map(|h| clean(Some(h)))
        .collect();
    let metadata: Vec<&String> = [&ld, &og, &twitter, &title_tag, &readability]
        .into_iter()
        .flatten()
        .collect();
    let chosen = h1s
        .iter()
        .find(|h| metadata.iter().any(|m| fold_title(m) == fold_title(h)))
        .cloned()
        .or(ld.clone())
        .or_else(|| shown_title_part(doc, visible))
        .or(readability.clone())
        .or_else(|| h1s.first().cloned())
        .or(og.clone())
        .or(title_tag.clone())?;
    let sources: Vec<&String> = metadata.iter().copied().chain(h1s.iter()).collect();
    Some(without_kicker(chosen, &sources))
}

/// `<title>`, or the part of it, that the page shows as a line of its own: a separator may
/// split it into the site's name and the headline in either order (`Cổng thông tin điện tử
/// huyện - Huyện tổ chức hội nghị…`), or belong to the headline.
fn shown_title_part(doc: &Document, visible: &str) -> Option<String> {
    let title = one_line(&first_text(doc, &SEL_TITLE)?);
    let shown = |part: &str| {
        part.split_whitespace().count() >= 3 && visible.lines().any(|l| same_words(l, part))
    };
    let title = title.as_str();
    let mut parts = vec![title];
    for sep in [" | ", " - ", " – ", " :: "] {
        for at in [title.find(sep), title.rfind(sep)].into_iter().flatten() {
            parts.extend([&title[..at], &title[at + sep.len()..]]);
        }
    }
    parts
        .into_iter()
        .map(str::trim)
        .find(|part| shown(part))
        .map(str::to_string)
}

/// Site names: the metadata's, and the short tail of `<title>` after its last separator.
fn site_names(page: &Tagged, h1_texts: &[String]) -> Vec<String> {
    let named = page
        .meta_content(&[
            "og:site_name",
            "application-name",
            "apple-mobile-web-app-title",
        ])
        .map(|s| one_line(&decode_entities(&s)));
    named
        .into_iter()
        .chain(title_tail(page.doc, h1_texts))
        .collect()
}

/// The tail of `<title>` after its last separator, when it is short and no headline holds
/// it (then it is the headline's end, not a site's name).
fn title_tail(doc: &Document, h1_texts: &[String]) -> Option<String> {
    let t = one_line(&first_text(doc, &SEL_TITLE)?);
    let p = [" | ", " - ", " – "]
        .iter()
        .filter_map(|sep| t.rfind(sep).map(|p| p + sep.len()))
        .max()?;
    let tail = fold_title(&t[p..]);
    let in_headline = h1_texts.iter().any(|h| fold_title(h).contains(&tail));
    (t[p..].split_whitespace().count() <= 6 && !in_headline).then(|| t[p..].to_string())
}

/// A kicker before the headline ("Olympische Spiele: …") goes when another source of the
/// page gives the headline alone.
fn without_kicker(chosen: String, sources: &[&String]) -> String {
    let folded = fold_title(&chosen);
    let headline = sources.iter().find(|m| {
        let m = fold_title(m);
        m.len() >= 20
            && m.len() < folded.len()
            && [": ", " - ", " – "]
                .iter()
                .any(|sep| folded.ends_with(&format!("{sep}{m}")))
    });
    headline.map(|m| m.to_string()).unwrap_or(chosen)
}
