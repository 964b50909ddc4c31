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
//!
//! `text` turns markup into lines of text, `body` finds the article among them, `title` and
//! `metadata` read the headline and the dates; this module bounds the work and joins them.

/// A CSS selector compiled once, on first use.
macro_rules! selector {
    ($css:expr) => {
        std::sync::LazyLock::new(|| dom_query::Matcher::new($css).expect("a valid selector"))
    };
}

mod text;
mod boilerplate;
mod body;
mod title;
mod metadata;

use dom_query::{Document, Matcher};
use std::sync::LazyLock;

use crate::article::{plain_text_meta, Meta};
use crate::chrome::Chrome;

pub use metadata::iso_prefix;

static SEL_H1: LazyLock<Matcher> = selector!("h1");
static SEL_TITLE: LazyLock<Matcher> = selector!("title");

/// The text of each element `selector` finds, in document order.
fn texts(doc: &Document, selector: &Matcher) -> Vec<String> {
    doc.select_matcher(selector)
        .nodes()
        .iter()
        .map(|n| n.text().to_string())
        .collect()
}

/// The text of the first element `selector` finds.
fn first_text(doc: &Document, selector: &Matcher) -> Option<String> {
    doc.select_single_matcher(selector)
        .nodes()
        .first()
        .map(|n| n.text().to_string())
}

/// What an HTML page gives.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Page {
    pub meta: Meta,
    pub text: String,
    /// Why the page was read without its structure (too large, nested too deep), if it was.
    pub warning: Option<String>,
}

/// Pages beyond these bounds are not parsed into a tree: a tree costs many times the page in
/// memory, and the HTML tree builder's work grows with the page's size times its nesting
/// (each tag looks through the open elements). A page nested up to `MAX_TREE_DEPTH` is
/// parsed; deeper ones while size × depth stays within `MAX_TREE_WORK` (under a second here:
/// 270 KB nested 10,000 deep took 1.0 s to read), up to `MAX_TREE_DEPTH_EVER`.
const MAX_TREE_BYTES: usize = 16 << 20;
const MAX_TREE_DEPTH: usize = 2_000;
const MAX_TREE_WORK: usize = 2_000_000_000;
const MAX_TREE_DEPTH_EVER: usize = 20_000;

/// Whether a page of `bytes` nested `depth` deep is parsed into a tree.
fn fits_tree(bytes: usize, depth: usize) -> bool {
    bytes <= MAX_TREE_BYTES
        && (depth <= MAX_TREE_DEPTH
            || (depth <= MAX_TREE_DEPTH_EVER && bytes.saturating_mul(depth) <= MAX_TREE_WORK))
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
    let depth = text::nesting_estimate(html.as_bytes());
    if !fits_tree(html.len(), depth) {
        return read_as_text(html, depth, chrome);
    }
    // One parse serves every reader; Readability, which changes the tree, gets a copy.
    let doc = Document::from(html);
    let visible = visible_text(&doc);
    let article = if fits_readability(html, &doc) {
        body::readability_body(doc.clone(), chrome, is_vietnamese(&visible))
    } else {
        None
    };
    let (readability_title, text) = article_or_visible(article, &visible);
    let page = metadata::Tagged::new(&doc);
    let text = body::json_ld_body(&page, &text).unwrap_or(text);
    let text = body::with_lead(&page, &visible, text);
    let title = title::choose_title(&page, readability_title, &visible);
    let published = metadata::published(&page, &visible, title.as_deref(), chrome);
    let warning = if text.trim().is_empty() {
        Some(body::why_no_text(&doc, html))
    } else {
        None
    };
    Page {
        meta: Meta { title, published },
        text,
        warning,
    }
}

/// Whether a page's visible text is Vietnamese: a few of the language's frequent words
/// written with their diacritics.
fn is_vietnamese(visible: &str) -> bool {
    crate::decode::legacy::has_common_words(visible, 5)
}

/// A page too large or nested too deep for a tree, read linearly as text, with a warning that
/// says so.
fn read_as_text(html: &str, depth: usize, chrome: &Chrome) -> Page {
    let text = text::strip_tags(html);
    let warning = if html.len() > MAX_TREE_BYTES {
        format!(
            "page of {} MB read as text without its structure (limit {} MB)",
            html.len() >> 20,
            MAX_TREE_BYTES >> 20
        )
    } else {
        let limit = (MAX_TREE_WORK / html.len().max(1)).clamp(MAX_TREE_DEPTH, MAX_TREE_DEPTH_EVER);
        format!("page nested about {depth} deep read as text without its structure (limit {limit} for its size)")
    };
    let meta = plain_text_meta(&text, chrome);
    Page {
        meta,
        text,
        warning: Some(warning),
    }
}

/// The text of the page's body (of the whole document when it has none), lines trimmed and
/// empty lines dropped.
fn visible_text(doc: &Document) -> String {
    let root = doc.body().unwrap_or_else(|| doc.root());
    let mut visible = String::new();
    text::collect_text(root, &mut visible);
    visible
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether the page is within Readability's bounds: its size, its elements, its depth.
fn fits_readability(html: &str, doc: &Document) -> bool {
    html.len() <= MAX_READABILITY_BYTES
        && text::elements(doc.root()).take(MAX_ELEMENTS + 1).count() <= MAX_ELEMENTS
        && !text::depth_over(doc.root(), MAX_DEPTH)
}

/// Readability's title, and its article unless that is much shorter than the page's own text
/// (a teaser, a caption: a miss), when the visible text stands instead.
fn article_or_visible(
    article: Option<(String, String)>,
    visible: &str,
) -> (Option<String>, String) {
    match article {
        Some((title, body)) if body.chars().count() * 20 >= visible.chars().count().min(20_000) => {
            (Some(title), body)
        }
        Some((title, _)) => (Some(title), visible.to_string()),
        None => (None, visible.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page read with the built-in chrome words.
    pub(super) fn read(html: &str) -> Page {
        super::read(html, &crate::rules::RuleSet::load(None).unwrap().chrome)
    }

    /// Reads a page on a thread with a 2 MiB stack, as a worker thread has.
    fn read_on_a_small_stack(page: String) -> Page {
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || self::read(&page))
            .unwrap()
            .join()
            .unwrap()
    }

    #[test]
    fn letters_whose_lower_case_changes_length_cut_no_character() {
        // İ is two bytes, its lower case three: the site name is cut in the title itself.
        let page = "<html><head><title>ẞ İİİ Tiêu đề - Báo Đắk Nông</title>\
            <meta property=\"og:site_name\" content=\"Báo Đắk Nông\">\
            <meta property=\"article:published_time\" content=\"2023.01.1é\"></head>\
            <body><h1>ẞ İİİ Tiêu đề</h1><p>Huyện tặng giấy khen cho 12 tập thể.</p></body></html>";
        let titled = read(page);
        assert_eq!(titled.meta.title.as_deref(), Some("ẞ İİİ Tiêu đề"));
        assert_eq!(titled.meta.published, None);
        let page = |date: &str| {
            format!("<html><body><article data-published=\"{date}\"><p>Huyện tặng giấy khen cho 12 tập thể.</p></article></body></html>")
        };
        assert_eq!(
            read(&page("2023.01.15")).meta.published.as_deref(),
            Some("2023-01-15")
        );
        assert_eq!(read(&page("2023.01.1é")).meta.published, None);
    }

    #[test]
    fn a_broken_json_ld_escape_gives_a_valid_title() {
        // Found by fuzzing (`fuzz/fuzz_targets/document.rs`): Readability's title was not
        // UTF-8, and the places reader panicked on it.
        let page = b"<\xc3\xbce\xc2\xadeb\xc2\xadt<script type=\x22application/ld+json\x22>\x09\x09{\x22@context\x22:\x22http://schema.org\x22,\x22@type\x22:\x22sArticleufne\x22,\x22headline\x22\x22Tietz \x5cu00\xbcrrt\x22F\xc3\xbcr 1 0";
        let decoded = crate::decode::decode(page, true);
        let read = read(&decoded.text);
        let title = read.meta.title.unwrap_or_default();
        assert!(std::str::from_utf8(title.as_bytes()).is_ok());
        crate::normalize::MatchForm::new(&title);
        let rules = crate::rules::RuleSet::load(None).unwrap();
        let item = crate::ingest::Item {
            source: "fuzz".into(),
            format: crate::ingest::Format::Html,
            payload: crate::ingest::Payload::Bytes(page.to_vec()),
            size: page.len(),
        };
        let row = crate::pipeline::process(&rules, &item).document;
        assert_ne!(row.status, "error", "{:?}", row.error);
    }

    #[test]
    fn deeply_nested_pages_end_without_exhausting_the_stack() {
        let depth = 100_000;
        let page = format!(
            "<html><body>{}<p>Huyện tặng giấy khen cho 12 tập thể.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let read = read_on_a_small_stack(page);
        assert_eq!(read.text, "Huyện tặng giấy khen cho 12 tập thể.");
        assert_eq!(
            read.warning.as_deref(),
            Some("page nested about 100003 deep read as text without its structure (limit 2000 for its size)")
        );
        // A small page nested deeper than 2,000 keeps its structure: its title and paragraphs.
        let page = format!(
            "<html><head><title>Tổng kết thi đua</title></head><body>{}<nav>Trang chủ</nav><h1>Tổng kết thi đua</h1><p>Có 7/38 tổ chức.</p><p>Tặng 12 giấy khen.</p>{}</body></html>",
            "<div>".repeat(2_400),
            "</div>".repeat(2_400)
        );
        let read = read_on_a_small_stack(page);
        assert_eq!(read.warning, None);
        assert_eq!(read.meta.title.as_deref(), Some("Tổng kết thi đua"));
        assert!(
            read.text.contains("Có 7/38 tổ chức.\nTặng 12 giấy khen."),
            "{}",
            read.text
        );
        // Within the bounds the tree walk is iterative too.
        let page = format!(
            "<html><body>{}<p>Có 7/38 tổ chức.</p>{}</body></html>",
            "<div>".repeat(1500),
            "</div>".repeat(1500)
        );
        let read = read_on_a_small_stack(page);
        assert_eq!(
            (read.text.as_str(), read.warning),
            ("Có 7/38 tổ chức.", None)
        );
    }

    #[test]
    fn words_of_inline_elements_apart_by_blank_text_stay_apart() {
        let page = read(
            "<html><body><p>UBND huyện tặng giấy khen cho <b>12</b> <b>tập thể</b>, <i>54</i>\n\
             <!-- số cá nhân --> <i>cá nhân</i>.</p>\n<p>Xã <span>Nâm</span> <span>N'Jang</span> tổ chức hội nghị tổng kết.</p>\n\
             <table><tr><td>Xã A</td>\n<td>92,5%</td></tr></table></body></html>",
        );
        // No space is added where a line or a table cell begins.
        assert_eq!(
            page.text,
            "UBND huyện tặng giấy khen cho 12 tập thể, 54 cá nhân.\nXã Nâm N'Jang tổ chức hội nghị tổng kết.\nXã A\t92,5%"
        );
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
