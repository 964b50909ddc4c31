//! An article from an HTML page: its title, publication date and body text.
//!
//! - Body: the article that Readability finds (dom_smoothie, measured best on the fixture
//!   pages: see docs/html-extraction.md), its cleaned HTML read again block by block so that
//!   paragraphs stay apart and a table row's cells stay on one line; the whole visible text
//!   when no article is found.
//! - Title: an `<h1>` that agrees with a metadata title (JSON-LD headline, og:title,
//!   twitter:title, `<title>` without the site name, Readability's), else the JSON-LD headline,
//!   else Readability's title, else the first `<h1>`, else og:title.
//! - Published: JSON-LD `datePublished`, then `article:published_time` and similar meta, then
//!   `<time datetime>`, then a date line near the top of the visible text.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node, Selector};
use std::sync::LazyLock;

use crate::article::{plain_text_meta, Meta};
use crate::chrome::Chrome;

static SEL_META: LazyLock<Selector> = LazyLock::new(|| Selector::parse("meta").unwrap());
static SEL_TITLE: LazyLock<Selector> = LazyLock::new(|| Selector::parse("title").unwrap());
static SEL_H1: LazyLock<Selector> = LazyLock::new(|| Selector::parse("h1").unwrap());
static SEL_TIME: LazyLock<Selector> = LazyLock::new(|| Selector::parse("time[datetime]").unwrap());
static SEL_BODY: LazyLock<Selector> = LazyLock::new(|| Selector::parse("body").unwrap());
static SEL_ALL: LazyLock<Selector> = LazyLock::new(|| Selector::parse("*").unwrap());
static SEL_LD: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse(r#"script[type="application/ld+json"]"#).unwrap());

/// Elements whose text is never shown.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "template", "head", "svg", "iframe", "button", "select",
];
/// Elements that start a line of their own.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "blockquote",
    "figure",
    "figcaption",
    "pre",
    "dd",
    "dt",
    "form",
    "hr",
];

/// What an HTML page gives.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Page {
    pub meta: Meta,
    pub text: String,
    /// Why the page was read without its structure (too large, nested too deep), if it was.
    pub warning: Option<String>,
}

/// Pages beyond these bounds are not parsed into a tree (the HTML tree builder slows down
/// more than linearly with nesting, and a tree costs many times the page in memory).
const MAX_TREE_BYTES: usize = 16 << 20;
const MAX_TREE_DEPTH: usize = 2_000;

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// A linear estimate of how deep a page's elements nest (unclosed `<p>` and `<li>` count as
/// open, so it errs high).
fn nesting_estimate(html: &[u8]) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = html[i..].iter().position(|&b| b == b'<') {
        i += off + 1;
        let closing = html.get(i) == Some(&b'/');
        let start = i + closing as usize;
        let end = html[start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(html.len(), |e| start + e);
        if end == start {
            continue;
        }
        let name = String::from_utf8_lossy(&html[start..end]).to_ascii_lowercase();
        let self_closing = html[end..]
            .iter()
            .take(512)
            .position(|&b| b == b'>')
            .is_some_and(|g| g > 0 && html[end + g - 1] == b'/');
        if closing {
            depth = depth.saturating_sub(1);
        } else if !VOID.contains(&name.as_str()) && !self_closing {
            depth += 1;
            max = max.max(depth);
        }
        i = end;
    }
    max
}

/// The text of a page read linearly, tag by tag, without building a tree: script and style
/// contents dropped, block tags as line breaks, the common entities decoded.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    while i < html.len() {
        let Some(off) = html[i..].find('<') else {
            out.push_str(&html[i..]);
            break;
        };
        out.push_str(&html[i..i + off]);
        i += off;
        let end = html[i..].find('>').map_or(html.len(), |e| i + e + 1);
        let tag = &lower[i..end];
        let name: String = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if (name == "script" || name == "style") && !tag.starts_with("</") {
            let close = format!("</{name}");
            i = lower[end..].find(&close).map_or(html.len(), |c| end + c);
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            out.push('\n');
        } else if name == "td" || name == "th" {
            out.push('\t');
        }
        i = end;
    }
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text of an element, blocks on lines of their own and table cells apart by tabs. The
/// walk is iterative: a page nested 100,000 deep must not exhaust the stack.
fn collect_text(root: ElementRef, out: &mut String) {
    collect_text_and_links(root, out, &mut Vec::new());
}

/// `collect_text`, also noting the byte ranges of `out` that are link text.
fn collect_text_and_links(root: ElementRef, out: &mut String, links: &mut Vec<(usize, usize)>) {
    let mut hidden = 0usize; // depth inside elements whose text is never shown
    let mut in_link = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Text(t) if hidden == 0 => {
                    let t: &str = t;
                    let collapsed = t.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !collapsed.is_empty() {
                        if t.starts_with(char::is_whitespace)
                            && !out.ends_with(['\n', ' '])
                            && !out.is_empty()
                        {
                            out.push(' ');
                        }
                        if in_link > 0 {
                            links.push((out.len(), out.len() + collapsed.len()));
                        }
                        out.push_str(&collapsed);
                        if t.ends_with(char::is_whitespace) {
                            out.push(' ');
                        }
                    }
                }
                Node::Element(e) => {
                    let name = e.name();
                    if name == "a" {
                        in_link += 1;
                    }
                    if hidden > 0 || HIDDEN.contains(&name) {
                        hidden += 1;
                    } else if BLOCKS.contains(&name) && !out.ends_with('\n') && !out.is_empty() {
                        out.push('\n');
                    } else if matches!(name, "td" | "th")
                        && !out.ends_with(['\n', '\t'])
                        && !out.is_empty()
                    {
                        out.push('\t');
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    if e.name() == "a" {
                        in_link = in_link.saturating_sub(1);
                    }
                    if hidden > 0 {
                        hidden -= 1;
                    } else if BLOCKS.contains(&e.name()) && !out.ends_with('\n') {
                        out.push('\n');
                    }
                }
            }
        }
    }
}

/// How deep elements nest (iteratively), stopping at `limit`.
fn depth_over(root: ElementRef, limit: usize) -> bool {
    let mut depth = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(n) if n.value().is_element() => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            Edge::Close(n) if n.value().is_element() => depth -= 1,
            _ => {}
        }
    }
    false
}

/// Metadata written with its entities escaped twice (`R&amp;uuml;ckbau`, `&amp;#8216;`).
fn decode_entities(s: &str) -> String {
    if !(s.contains('&') && s.contains(';')) {
        return s.to_string();
    }
    Html::parse_fragment(s).root_element().text().collect()
}

/// A title without the site's name at its end ("… - Die Neue Südtiroler Tageszeitung",
/// "…-정치ㅣ한국일보"), the names taken from the page's metadata.
fn without_site_name(title: &str, sites: &[String]) -> String {
    const SEPARATORS: &[char] = &['-', '–', '—', '|', 'ㅣ', ':', '·', '/', '«', '»'];
    let lower = title.to_lowercase();
    for site in sites.iter().filter(|s| s.chars().count() >= 3) {
        let name = site.to_lowercase();
        let Some(at) = lower
            .rfind(&name)
            .filter(|&at| at > 0 && at + name.len() == lower.len())
        else {
            continue;
        };
        if !lower[..at].ends_with(|c: char| c.is_whitespace() || SEPARATORS.contains(&c)) {
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

fn meta_content(doc: &Html, keys: &[&str]) -> Option<String> {
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
fn json_ld_string(doc: &Html, key: &str) -> Option<String> {
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

/// A publication date in an element's data attribute (`data-deploy-dt="2026.01.29 18:40"`,
/// `data-published="…"`), written with `-`, `.` or `/` between year, month and day.
fn date_attribute(doc: &Html) -> Option<String> {
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

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The JSON-LD `articleBody` in place of Readability's text when it is the same article
/// without the extras around it: most of Readability's words (60–100%), nearly all of its
/// own words among them.
fn json_ld_body(doc: &Html, readability_text: &str) -> Option<String> {
    let body = json_ld_string(doc, "articleBody")?;
    let (ours, theirs) = (words(readability_text), words(&body));
    if ours.is_empty() || theirs.len() * 10 < ours.len() * 6 || theirs.len() >= ours.len() {
        return None;
    }
    let mut pool: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for w in &ours {
        *pool.entry(w.as_str()).or_default() += 1;
    }
    let shared = theirs
        .iter()
        .filter(|w| {
            pool.get_mut(w.as_str()).is_some_and(|n| {
                if *n > 0 {
                    *n -= 1;
                    true
                } else {
                    false
                }
            })
        })
        .count();
    (shared * 10 >= theirs.len() * 9).then(|| {
        body.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

fn json_ld_published(doc: &Html) -> Option<String> {
    json_ld_string(doc, "datePublished").and_then(|d| iso_prefix(&d))
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn fold_title(s: &str) -> String {
    one_line(s).to_lowercase()
}

/// The title by agreement of the page's sources (see the module documentation).
fn choose_title(doc: &Html, readability_title: Option<String>) -> Option<String> {
    // Site names: the metadata's, and the short tail of `<title>` after its last separator.
    let mut sites: Vec<String> = meta_content(
        doc,
        &[
            "og:site_name",
            "application-name",
            "apple-mobile-web-app-title",
        ],
    )
    .map(|s| one_line(&decode_entities(&s)))
    .into_iter()
    .collect();
    let h1_texts: Vec<String> = doc.select(&SEL_H1).map(|h| h.text().collect()).collect();
    if let Some(t) = doc
        .select(&SEL_TITLE)
        .next()
        .map(|t| one_line(&t.text().collect::<String>()))
    {
        if let Some(p) = [" | ", " - ", " – "]
            .iter()
            .filter_map(|sep| t.rfind(sep).map(|p| p + sep.len()))
            .max()
        {
            let tail = fold_title(&t[p..]);
            let in_headline = h1_texts.iter().any(|h| fold_title(h).contains(&tail));
            if t[p..].split_whitespace().count() <= 6 && !in_headline {
                sites.push(t[p..].to_string());
            }
        }
    }
    let clean = |t: Option<String>| {
        t.map(|t| one_line(&decode_entities(&t)))
            .map(|t| without_site_name(&t, &sites))
            .filter(|t| !t.is_empty())
    };
    let ld = clean(json_ld_string(doc, "headline"));
    let og = clean(meta_content(doc, &["og:title"]));
    let twitter = clean(meta_content(doc, &["twitter:title"]));
    let title_tag = clean(
        doc.select(&SEL_TITLE)
            .next()
            .map(|t| strip_site_suffix(&t.text().collect::<String>())),
    );
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
        .or(readability.clone())
        .or_else(|| h1s.first().cloned())
        .or(og.clone())
        .or(title_tag.clone())?;
    // A kicker before the headline ("Olympische Spiele: …") goes when another source of the
    // page gives the headline alone.
    let folded = fold_title(&chosen);
    let sources: Vec<&String> = metadata.iter().copied().chain(h1s.iter()).collect();
    let without_kicker = sources.iter().find(|m| {
        let m = fold_title(m);
        m.len() >= 20
            && m.len() < folded.len()
            && [": ", " - ", " – "]
                .iter()
                .any(|sep| folded.ends_with(&format!("{sep}{m}")))
    });
    Some(without_kicker.map(|m| m.to_string()).unwrap_or(chosen))
}

/// The article's body by Readability, as text with blocks on lines of their own.
fn readability_body(html: &str, chrome: &Chrome) -> Option<(String, String)> {
    let mut reader = dom_smoothie::Readability::new(html, None, None).ok()?;
    let article = reader.parse().ok()?;
    let fragment = Html::parse_fragment(&article.content);
    let mut text = String::new();
    let mut links = Vec::new();
    collect_text_and_links(fragment.root_element(), &mut text, &mut links);
    let lines = body_lines(&text, &links, &article.title, chrome);
    Some((article.title, lines.join("\n")))
}

/// The lines of an article body without what Readability keeps around it: above the first
/// paragraph the title, the byline's date and a view counter (they belong to the documents
/// row); at the end, lists of links and short labels ("Chia sẻ", "Tin liên quan", "Sports").
fn body_lines<'a>(
    text: &'a str,
    links: &[(usize, usize)],
    title: &str,
    chrome: &Chrome,
) -> Vec<&'a str> {
    let mut lines: Vec<(&str, f64)> = Vec::new();
    let mut at = 0;
    let mut next_link = 0; // link ranges come in text order and never span lines
    for raw in text.split_inclusive('\n') {
        let (start, end) = (at, at + raw.len());
        at = end;
        let mut linked = 0;
        while next_link < links.len() && links[next_link].0 < end {
            let (s, e) = links[next_link];
            linked += e.min(end).saturating_sub(s.max(start));
            next_link += 1;
        }
        let line = raw.trim();
        if !line.is_empty() {
            lines.push((line, linked as f64 / line.len() as f64));
        }
    }
    let title = fold_title(title);
    let head = lines
        .iter()
        .take(3)
        .take_while(|(l, _)| {
            crate::article::is_date_line(l)
                || chrome.is_chrome_line(l)
                || (!title.is_empty() && fold_title(l) == title)
        })
        .count();
    let is_label = |l: &str| {
        // Rows of a table of figures are never labels.
        !l.contains('\t')
            && !l.contains(|c: char| c.is_ascii_digit())
            && l.split_whitespace().count() <= 6
            && l.chars().count() <= 40
            && !l.ends_with([
                '.', '!', '?', '"', '”', '»', ')', '…', ':', '’', '\'', '。', '」', '！', '？',
                '）',
            ])
    };
    let mut end = lines.len();
    let floor = head + (lines.len() - head) * 7 / 10;
    while end > floor.max(head + 1) && (lines[end - 1].1 >= 0.6 || is_label(lines[end - 1].0)) {
        end -= 1;
    }
    // Inside the article, buttons and labels of one or two words ("Teilen", "Drucken",
    // "Chia sẻ") that are links or stand alone among paragraphs.
    let button =
        |l: &str, linked: f64| is_label(l) && (linked >= 0.6 || l.split_whitespace().count() <= 2);
    lines[head..end]
        .iter()
        .filter(|(l, linked)| !button(l, *linked))
        .map(|(l, _)| *l)
        .collect()
}

/// Pages larger than this, or with more elements, are read as visible text only: Readability's
/// work grows with the tree.
const MAX_READABILITY_BYTES: usize = 8 << 20;
const MAX_ELEMENTS: usize = 50_000;
/// Readability walks the tree recursively: deeper pages are read as visible text only.
const MAX_DEPTH: usize = 256;

/// Reads a page: title, published date, article text. Work is bounded: a page too large or
/// nested too deep is read linearly as text, with a warning.
pub fn read(html: &str, chrome: &Chrome) -> Page {
    let depth = nesting_estimate(html.as_bytes());
    if html.len() > MAX_TREE_BYTES || depth > MAX_TREE_DEPTH {
        let text = strip_tags(html);
        let warning = if html.len() > MAX_TREE_BYTES {
            format!(
                "page of {} MB read as text without its structure (limit {} MB)",
                html.len() >> 20,
                MAX_TREE_BYTES >> 20
            )
        } else {
            format!("page nested about {depth} deep read as text without its structure (limit {MAX_TREE_DEPTH})")
        };
        let meta = plain_text_meta(&text, chrome);
        return Page {
            meta,
            text,
            warning: Some(warning),
        };
    }
    let doc = Html::parse_document(html);
    let mut visible = String::new();
    if let Some(body) = doc.select(&SEL_BODY).next() {
        collect_text(body, &mut visible);
    } else {
        collect_text(doc.root_element(), &mut visible);
    }
    let visible = visible
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    let small = html.len() <= MAX_READABILITY_BYTES
        && doc.select(&SEL_ALL).take(MAX_ELEMENTS + 1).count() <= MAX_ELEMENTS
        && !depth_over(doc.root_element(), MAX_DEPTH);
    let article = if small {
        readability_body(html, chrome)
    } else {
        None
    };
    // An article much shorter than the page's own text is a miss (a teaser, a caption).
    let (readability_title, text) = match article {
        Some((title, body)) if body.chars().count() * 20 >= visible.chars().count().min(20_000) => {
            (Some(title), body)
        }
        Some((title, _)) => (Some(title), visible.clone()),
        None => (None, visible.clone()),
    };
    let text = json_ld_body(&doc, &text).unwrap_or(text);
    let title = choose_title(&doc, readability_title);
    let text_for_dates = &visible;
    let published = json_ld_published(&doc)
        .or_else(|| {
            meta_content(
                &doc,
                &[
                    "article:published_time",
                    "datePublished",
                    "pubdate",
                    "publishdate",
                    "date",
                    "dc.date.issued",
                ],
            )
            .and_then(|v| iso_prefix(&v))
        })
        .or_else(|| {
            doc.select(&SEL_TIME)
                .next()
                .and_then(|t| t.value().attr("datetime"))
                .and_then(iso_prefix)
        })
        .or_else(|| date_attribute(&doc))
        .or_else(|| plain_text_meta(text_for_dates, chrome).published);
    let warning = if text.trim().is_empty() {
        Some(why_no_text(&doc, html))
    } else {
        None
    };
    Page {
        meta: Meta { title, published },
        text,
        warning,
    }
}

static SEL_FRAME: LazyLock<Selector> = LazyLock::new(|| Selector::parse("frame, iframe").unwrap());
static SEL_SCRIPT: LazyLock<Selector> = LazyLock::new(|| Selector::parse("script").unwrap());

/// Why a page gave no text: frames, scripts that build the page, or nothing at all.
fn why_no_text(doc: &Html, html: &str) -> String {
    let frames: Vec<&str> = doc
        .select(&SEL_FRAME)
        .filter_map(|f| f.value().attr("src"))
        .take(3)
        .collect();
    if !frames.is_empty() {
        return format!(
            "page is made of frames; its text is in the framed pages: {}",
            frames.join(", ")
        );
    }
    let script_bytes: usize = doc
        .select(&SEL_SCRIPT)
        .map(|s| s.text().map(str::len).sum::<usize>() + s.value().attr("src").map_or(0, |_| 1))
        .sum();
    if script_bytes > 0 {
        return format!(
            "page has no text without running its scripts ({} KB of script)",
            script_bytes.div_ceil(1024)
        );
    }
    if html.trim().is_empty() {
        "file is empty".to_string()
    } else {
        "page has no visible text".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page read with the built-in chrome words.
    fn read(html: &str) -> Page {
        super::read(html, &crate::rules::RuleSet::load(None).unwrap().chrome)
    }

    #[test]
    fn deeply_nested_pages_end_without_exhausting_the_stack() {
        let depth = 100_000;
        let page = format!(
            "<html><body>{}<p>Huyện tặng giấy khen cho 12 tập thể.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let read = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || self::read(&page))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(read.text, "Huyện tặng giấy khen cho 12 tập thể.");
        assert_eq!(
            read.warning.as_deref(),
            Some("page nested about 100003 deep read as text without its structure (limit 2000)")
        );
        // Within the bounds the tree walk is iterative too.
        let page = format!(
            "<html><body>{}<p>Có 7/38 tổ chức.</p>{}</body></html>",
            "<div>".repeat(1500),
            "</div>".repeat(1500)
        );
        let read = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || self::read(&page))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(
            (read.text.as_str(), read.warning),
            ("Có 7/38 tổ chức.", None)
        );
    }

    #[test]
    fn pages_without_text_say_why() {
        let frames = read(
            r#"<html><frameset cols="20%,80%"><frame src="menu.htm"><frame src="tin/123.htm"></frameset></html>"#,
        );
        assert_eq!(
            frames.warning.as_deref(),
            Some("page is made of frames; its text is in the framed pages: menu.htm, tin/123.htm")
        );
        let scripts = read(&format!("<html><head><script src=\"/app.js\"></script></head><body><div id=\"root\"></div><script>{}</script></body></html>", "x".repeat(3000)));
        assert_eq!(scripts.text, "");
        assert_eq!(
            scripts.warning.as_deref(),
            Some("page has no text without running its scripts (3 KB of script)")
        );
        assert_eq!(
            read("<html><body>  </body></html>").warning.as_deref(),
            Some("page has no visible text")
        );
        assert_eq!(read("").warning.as_deref(), Some("file is empty"));
    }

    #[test]
    fn reads_title_date_and_text() {
        let page = read(
            r#"<html><head><title>Huyện tặng giấy khen cho 12 tập thể - Báo Hải Dương</title>
            <meta property="article:published_time" content="2023-01-10T16:33:00+07:00"></head>
            <body><nav>Trang chủ</nav><p>UBND huyện tặng giấy khen cho <b>12 tập thể</b>.</p><script>var x=1;</script>
            <table><tr><td>Xã A</td><td>92,5%</td></tr></table></body></html>"#,
        );
        assert_eq!(
            page.meta.title.as_deref(),
            Some("Huyện tặng giấy khen cho 12 tập thể")
        );
        assert_eq!(page.meta.published.as_deref(), Some("2023-01-10T16:33"));
        // The menu entry "Trang chủ" is a label, not text of the article.
        assert_eq!(
            page.text,
            "UBND huyện tặng giấy khen cho 12 tập thể.\nXã A\t92,5%"
        );
    }
}
