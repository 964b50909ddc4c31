//! The article's body: what Readability finds, without what it keeps around the article (the
//! title, the byline's date, link lists, labels and buttons), or the JSON-LD `articleBody`
//! when that is the same article; and why a page gave no text at all.

use dom_query::{Document, Matcher};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::metadata::Tagged;
use super::text::{collect_text_and_links, same_words};
use super::title::fold_title;
use crate::chrome::Chrome;

static SEL_FRAME: LazyLock<Matcher> = selector!("frame, iframe");
static SEL_NOSCRIPT_FRAME: LazyLock<Matcher> = selector!("noscript frame, noscript iframe");
static SEL_SCRIPT: LazyLock<Matcher> = selector!("script");
static SEL_CAPTION: LazyLock<Matcher> = selector!("figure, figcaption, [class*=caption]");
/// The element Readability puts the article in.
static SEL_ARTICLE: LazyLock<Matcher> = selector!("#readability-page-1");

/// A line that is mostly link text (by bytes) from this share on.
const LINKED: f64 = 0.6;

/// The article's body by Readability, as text with blocks on lines of their own.
/// Captions stay when `keep_captions`.
pub(super) fn readability_body(
    doc: Document,
    chrome: &Chrome,
    keep_captions: bool,
) -> Option<(String, String)> {
    super::boilerplate::remove(&doc, keep_captions);
    let mut reader = dom_smoothie::Readability::with_document(doc, None, None).ok()?;
    let article = reader.parse().ok()?;
    // dom_smoothie 0.19 can return a title that is not UTF-8 (a page with an unclosed
    // `<title>` and a cut character, found by fuzzing): its bytes are read again, bad ones
    // as U+FFFD, so that nothing after it meets an invalid string.
    let title = String::from_utf8_lossy(article.title.as_bytes()).into_owned();
    // The article is read in Readability's tree, where its HTML was written from, rather
    // than parsed again from that HTML.
    let content = reader.doc.select_single_matcher(&SEL_ARTICLE);
    let root = *content.nodes().first()?;
    let mut text = String::new();
    let mut links = Vec::new();
    collect_text_and_links(root, &mut text, &mut links);
    let lines = body_lines(&text, &links, &title, chrome);
    Some((title, lines.join("\n")))
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
    let lines = lines_with_link_share(text, links);
    let head = heading_lines(&lines, title, chrome);
    let end = trailer_start(&lines, head);
    // Inside the article, buttons and labels of one or two words ("Teilen", "Drucken",
    // "Chia sẻ") that are links or stand alone among paragraphs.
    let button = |l: &str, linked: f64| {
        is_label(l) && (linked >= LINKED || l.split_whitespace().count() <= 2)
    };
    // Widgets repeat themselves ("Story continues below", a subscription pitch shown twice,
    // a reaction button per paragraph); an article's sentences do not.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (l, _) in &lines[head..end] {
        *seen.entry(l).or_default() += 1;
    }
    let repeated =
        |l: &str| seen.get(l).is_some_and(|&n| n > 1) && l.split_whitespace().count() <= 40;
    // A byline's date line under the lead ("Published Jun 05, 2026 • 3 minute read", "Stand:
    // 20:03 Uhr | Lesedauer: 4 Minuten").
    let dated_byline =
        |i: usize, l: &str| i < 3 && (crate::article::is_date_line(l) || is_time_stamp(l));
    lines[head..end]
        .iter()
        .enumerate()
        .filter(|(i, (l, _))| !dated_byline(*i, l))
        .map(|(_, line)| line)
        .filter(|(l, linked)| !button(l, *linked))
        // Counters and stamps: lines without a letter ("0", "12:42").
        .filter(|(l, _)| l.chars().any(char::is_alphabetic))
        .filter(|(l, _)| !repeated(l))
        .map(|(l, _)| *l)
        .collect()
}

/// A short line with a clock time (`20:03`) that does not end like a sentence.
fn is_time_stamp(l: &str) -> bool {
    let b = l.as_bytes();
    let clock = (1..b.len().saturating_sub(2)).any(|i| {
        b[i] == b':'
            && b[i - 1].is_ascii_digit()
            && b[i + 1].is_ascii_digit()
            && b[i + 2].is_ascii_digit()
            && b.get(i + 3).is_none_or(|c| !c.is_ascii_digit())
    });
    clock && l.split_whitespace().count() <= 8 && !l.ends_with(['.', '!', '?'])
}

/// The non-empty lines of `text`, trimmed, each with the share of its bytes that are link
/// text.
fn lines_with_link_share<'a>(text: &'a str, links: &[(usize, usize)]) -> Vec<(&'a str, f64)> {
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
    lines
}

/// How many of the first three lines are the title, a date line or page chrome.
fn heading_lines(lines: &[(&str, f64)], title: &str, chrome: &Chrome) -> usize {
    let title = fold_title(title);
    lines
        .iter()
        .take(3)
        .take_while(|(l, _)| {
            crate::article::is_date_line(l)
                || chrome.is_chrome_line(l)
                || (!title.is_empty() && fold_title(l) == title)
        })
        .count()
}

/// Where the article's lines end: trailing lines of links and labels go, at most the last 30%
/// of the lines after the head, and at least one line stays.
fn trailer_start(lines: &[(&str, f64)], head: usize) -> usize {
    let mut end = lines.len();
    let floor = head + (lines.len() - head) * 7 / 10;
    while end > floor.max(head + 1) && (lines[end - 1].1 >= LINKED || is_label(lines[end - 1].0)) {
        end -= 1;
    }
    end
}

/// A short line that does not end like a sentence. Rows of a table of figures are never
/// labels.
fn is_label(l: &str) -> bool {
    !l.contains('\t')
        && !l.contains(|c: char| c.is_ascii_digit())
        && l.split_whitespace().count() <= 6
        && l.chars().count() <= 40
        && !l.ends_with([
            '.', '!', '?', '"', '”', '»', ')', '…', ':', '’', '\'', '。', '」', '！', '？', '）',
        ])
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Readability's lines that the JSON-LD `articleBody` confirms, when that is the same
/// article without the extras around it (most of Readability's words, 60–100%, nearly all of
/// its own words among them): a line stays when most of its words are the article's, or when
/// it is a subheading between two such lines (`articleBody` leaves subheadings out, and often
/// the lines' breaks too). Captions, widgets and bylines inside the container go.
pub(super) fn json_ld_body(page: &Tagged, readability_text: &str) -> Option<String> {
    let body = page.json_ld_string("articleBody")?;
    let (ours, theirs) = (words(readability_text), words(&body));
    if ours.is_empty() || theirs.len() * 10 < ours.len() * 6 || theirs.len() >= ours.len() {
        return None;
    }
    if shared_words(&ours, &theirs) * 10 < theirs.len() * 9 {
        return None;
    }
    let article: HashSet<&str> = theirs.iter().map(String::as_str).collect();
    let lines: Vec<&str> = readability_text.lines().collect();
    let confirmed: Vec<bool> = lines
        .iter()
        .map(|l| {
            let w = words(l);
            !w.is_empty()
                && w.iter().filter(|w| article.contains(w.as_str())).count() * 10 >= w.len() * 7
        })
        .collect();
    let subheading = |i: usize| {
        let l = lines[i];
        i > 0
            && confirmed[i - 1]
            && confirmed.get(i + 1) == Some(&true)
            && l.split_whitespace().count() <= 12
            && !l.ends_with(['.', ':', ')'])
    };
    let kept: Vec<&str> = (0..lines.len())
        .filter(|&i| confirmed[i] || subheading(i))
        .map(|i| lines[i])
        .collect();
    Some(kept.join("\n"))
}

/// The lead (standfirst) shown between the headline and the article when Readability's
/// article leaves it out: a line of the page's visible text, above the article's first line,
/// that begins with the page's description (`og:description`, `description`, JSON-LD), whole
/// or cut short with an ellipsis. A description the page does not show is never added.
pub(super) fn with_lead(page: &Tagged, visible: &str, text: String) -> String {
    let Some(first) = text.lines().next() else {
        return text;
    };
    let lines: Vec<&str> = visible.lines().collect();
    let Some(article_start) = lines.iter().position(|l| same_words(l, first)) else {
        return text;
    };
    let descriptions: Vec<String> = [
        page.meta_content(&["og:description"]),
        page.meta_content(&["twitter:description"]),
        page.meta_content(&["description"]),
        page.json_ld_string("description"),
    ]
    .into_iter()
    .flatten()
    .map(|d| fold_title(&d))
    .filter(|d| d.split_whitespace().count() >= 8)
    .collect();
    if descriptions.is_empty() {
        return text;
    }
    let begins_with_description = |line: &str| {
        let line = fold_title(line);
        descriptions.iter().any(|d| {
            let cut = d
                .strip_suffix('…')
                .or(d.strip_suffix("..."))
                .map(str::trim_end);
            let whole = d.trim_end_matches('.');
            line.starts_with(whole) || cut.is_some_and(|stem| line.starts_with(stem))
        })
    };
    let Some(lead) = lines[..article_start]
        .iter()
        .rev()
        .find(|l| begins_with_description(l))
    else {
        return text;
    };
    // Pages often describe themselves with their photo's caption (compared without white
    // space: a caption's parts may be joined with or without it).
    let squash = |s: &str| s.split_whitespace().collect::<String>().to_lowercase();
    let squashed = squash(lead);
    let is_caption = page
        .doc
        .select_matcher(&SEL_CAPTION)
        .nodes()
        .iter()
        .any(|c| squash(&c.text()).contains(&squashed));
    if is_caption || fold_title(&text).contains(&fold_title(lead)) {
        return text;
    }
    format!("{lead}\n{text}")
}

/// How many of `theirs` are found in `ours`, each word of `ours` matched once at most.
fn shared_words(ours: &[String], theirs: &[String]) -> usize {
    let mut pool: HashMap<&str, usize> = HashMap::new();
    for w in ours {
        *pool.entry(w.as_str()).or_default() += 1;
    }
    theirs
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
        .count()
}

/// Why a page gave no text: frames, scripts that build the page, or nothing at all.
pub(super) fn why_no_text(doc: &Document, html: &str) -> String {
    let frames: Vec<String> = doc
        .select_matcher(&SEL_FRAME)
        .nodes()
        .iter()
        // A frame inside `<noscript>` (a tag manager's) is not the page's text.
        .filter(|f| !f.is_match(&SEL_NOSCRIPT_FRAME))
        .filter_map(|f| f.attr("src").map(|src| src.to_string()))
        .take(3)
        .collect();
    if !frames.is_empty() {
        return format!(
            "page is made of frames; its text is in the framed pages: {}",
            frames.join(", ")
        );
    }
    let script_bytes: usize = doc
        .select_matcher(&SEL_SCRIPT)
        .nodes()
        .iter()
        .map(|s| s.text().len() + usize::from(s.has_attr("src")))
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
    use crate::html::tests::read;

    #[test]
    fn repeated_widget_lines_and_bare_counters_are_not_the_body() {
        let para = |n: usize| {
            format!("<p>Đoạn {n}: Huyện tổ chức hội nghị tổng kết công tác thi đua khen thưởng năm 2023 với nhiều đại biểu tham dự và phát biểu ý kiến đóng góp.</p>")
        };
        let widget = "<p>Story continues below</p>";
        let page = format!(
            "<html><body><article><h1>Tổng kết thi đua</h1>{}{widget}{}{widget}{}<p>0</p><p>12:42</p></article></body></html>",
            para(1),
            para(2),
            para(3)
        );
        let text = read(&page).text;
        assert!(text.contains("Đoạn 1") && text.contains("Đoạn 3"), "{text}");
        assert!(!text.contains("Story continues below"), "{text}");
        assert!(
            !text.lines().any(|l| l.trim() == "0" || l.trim() == "12:42"),
            "{text}"
        );
    }

    /// A page whose lead stands between the headline and the article's container.
    fn page_with_lead(description: &str, caption: &str) -> String {
        let para = |n: usize| {
            format!("<p>Paragraph {n} of the article tells what happened at the meeting, who spoke and what was decided there.</p>")
        };
        format!(
            r#"<html><head><meta property="og:description" content="{description}"></head><body>
            <header><h1>The district reviews its year</h1>
            <p class="standfirst">The district reviewed its emulation movement on Monday and honoured 12 collectives.</p>
            <figure><img src="a.jpg"><figcaption>{caption}</figcaption></figure></header>
            <div class="article-body">{}{}{}{}</div></body></html>"#,
            para(1),
            para(2),
            para(3),
            para(4)
        )
    }

    #[test]
    fn a_shown_lead_the_article_leaves_out_is_put_back() {
        let lead =
            "The district reviewed its emulation movement on Monday and honoured 12 collectives.";
        let text = read(&page_with_lead(lead, "Delegates at the meeting.")).text;
        assert_eq!(text.lines().next(), Some(lead), "{text}");
        assert_eq!(text.lines().count(), 5, "{text}");
        // Cut short with an ellipsis, the description still finds its line.
        let cut = "The district reviewed its emulation movement on Monday and…";
        let text = read(&page_with_lead(cut, "Delegates at the meeting.")).text;
        assert_eq!(text.lines().next(), Some(lead), "{text}");
    }

    #[test]
    fn a_description_that_is_a_caption_or_unshown_adds_nothing() {
        let caption =
            "Delegates of the district at the meeting on Monday, with the awards in their hands.";
        let text = read(&page_with_lead(caption, caption)).text;
        assert!(text.starts_with("Paragraph 1"), "{text}");
        let unshown = "A description written for search engines that no line of the page shows.";
        let text = read(&page_with_lead(unshown, "Delegates.")).text;
        assert!(text.starts_with("Paragraph 1"), "{text}");
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
}
