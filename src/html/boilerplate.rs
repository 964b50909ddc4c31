//! Blocks that sit inside an article's container without being the article: related-story
//! lists, advertising slots, newsletter and sharing boxes, embedded posts, comments, hidden and screen-reader
//! text, and on pages in other languages than Vietnamese, captions and photo credits. They are
//! taken out of the tree before Readability scores it, by their element name, their
//! `hidden`/`aria-hidden` state, or a word of their `class` or `id`.
//!
//! A Vietnamese page keeps its captions: a figure restated under a photo ("Đồng chí … trao
//! Giấy khen cho 12 tập thể") is a mention of its own (GUIDELINES.md), and Vietnamese news
//! sites count the caption as part of the article's text.

use dom_query::{Document, NodeRef};

/// Elements that hold no article text wherever they are.
const NAMES: &[&str] = &["nav", "button", "dialog", "template"];
const CAPTION_NAMES: &[&str] = &["figcaption"];

/// Words of a `class` or `id` (split at `-`, `_`, spaces and lower-to-upper case changes)
/// that name a block around the article, as news sites name them: `article-caption`,
/// `relatedStories`, `ad-slot`, `newsletter-signup`, `share-bar`, `comments`.
#[rustfmt::skip]
const WORDS: &[&str] = &[
    // other stories
    "related", "recommended", "recommendations", "readmore", "mostread", "popular", "outbrain",
    "taboola", "prev", "previous", "teaser", "trending", "rail", "sidebar",
    // advertising, fundraising
    "ad", "ads", "adslot", "adunit", "advert", "adverts", "advertisement", "advertising",
    "sponsored", "promo", "promotion", "donation",
    // newsletters, subscriptions, sharing
    "newsletter", "newsletters", "subscribe", "subscription", "signup", "share", "sharing",
    "social", "sharebar",
    // posts embedded from social networks and other sites
    "tweet", "instagram", "tiktok", "embedded", "oembed",
    // comments, navigation, labels
    "comment", "comments", "disqus", "breadcrumb", "breadcrumbs", "pagination", "tags",
    "byline",
];

const CAPTION_WORDS: &[&str] = &["caption", "captions", "figcaption", "credit", "credits"];

/// Whole class names of text the page does not show, or shows to screen readers only.
#[rustfmt::skip]
const HIDDEN_CLASSES: &[&str] = &[
    "hidden", "hide", "is-hidden", "d-none", "sr-only", "visually-hidden", "visuallyhidden",
    "screen-reader-text", "offscreen", "h-offscreen",
];

/// A block that holds this many paragraphs of `LONG_PARAGRAPH` characters or more is kept
/// whatever its name: wrappers named `takeoverAdContentContainer`, `with-rail-video-ad` or
/// `article-share-container` hold the article itself.
const MAX_LONG_PARAGRAPHS: usize = 2;
const LONG_PARAGRAPH: usize = 100;

/// Takes the blocks around the article out of `doc`; captions too unless `keep_captions`.
pub(super) fn remove(doc: &Document, keep_captions: bool) {
    let Some(body) = doc.body() else {
        return;
    };
    // Depth first; a block that goes is not looked into.
    let mut stack: Vec<NodeRef> = body.element_children();
    let mut gone = Vec::new();
    while let Some(node) = stack.pop() {
        let named = is_boilerplate(&node) || !keep_captions && is_caption(&node);
        if named && (never_article(&node) || !holds_article(&node)) {
            gone.push(node);
        } else {
            stack.extend(node.element_children());
        }
    }
    for node in gone {
        node.remove_from_parent();
    }
}

/// Words that name a block no article is ever put in, however long its text: an appeal for
/// donations, a newsletter sign-up, a recommendation service's feed.
const NEVER_ARTICLE: &[&str] = &[
    "donation",
    "newsletter",
    "newsletters",
    "outbrain",
    "taboola",
];

fn never_article(node: &NodeRef) -> bool {
    names_any(&node.attr("class").unwrap_or_default(), NEVER_ARTICLE)
        || names_any(&node.attr("id").unwrap_or_default(), NEVER_ARTICLE)
}

/// Whether `node` holds paragraphs enough to be (part of) the article.
fn holds_article(node: &NodeRef) -> bool {
    node.descendants_it()
        .filter(|d| d.has_name("p"))
        .filter(|p| p.text().chars().filter(|c| !c.is_whitespace()).count() >= LONG_PARAGRAPH)
        .take(MAX_LONG_PARAGRAPHS)
        .count()
        >= MAX_LONG_PARAGRAPHS
}

fn is_caption(node: &NodeRef) -> bool {
    node.node_name()
        .is_some_and(|name| CAPTION_NAMES.contains(&name.as_ref()))
        || names_any(&node.attr("class").unwrap_or_default(), CAPTION_WORDS)
        || names_any(&node.attr("id").unwrap_or_default(), CAPTION_WORDS)
}

fn is_boilerplate(node: &NodeRef) -> bool {
    if node
        .node_name()
        .is_some_and(|name| NAMES.contains(&name.as_ref()))
    {
        return true;
    }
    if node.attr("hidden").is_some()
        || node
            .attr("aria-hidden")
            .is_some_and(|v| v.as_ref() == "true")
    {
        return true;
    }
    let class = node.attr("class").unwrap_or_default();
    let hidden = class
        .split_whitespace()
        .any(|c| HIDDEN_CLASSES.contains(&c))
        || collapsed(&class);
    if hidden && !shown_on_wide_screens(&class) {
        return true;
    }
    let id = node.attr("id").unwrap_or_default();
    names_any(&class, WORDS) || names_any(&id, WORDS)
}

/// Whether a class list folds its content away until the reader opens it: Bootstrap's
/// `collapse` without `show`, an `expandable-box__body`.
fn collapsed(class: &str) -> bool {
    let classes = || class.split_whitespace();
    (classes().any(|c| c == "collapse") && !classes().any(|c| c == "show" || c == "in"))
        || names_any(class, &["expandable"])
}

/// Whether a class list shows at some screen width what it hides on others: Bootstrap's
/// `d-none d-lg-block`, Tailwind's `hidden md:flex`.
fn shown_on_wide_screens(class: &str) -> bool {
    class.split_whitespace().any(|c| {
        (c.starts_with("d-") || c.contains(':'))
            && ["block", "flex", "grid", "inline", "table", "contents"]
                .iter()
                .any(|display| c.ends_with(display))
    })
}

/// Whether a `class` or `id` value has one of `words` (ASCII case ignored).
fn names_any(value: &str, words: &[&str]) -> bool {
    words_of(value).any(|w| words.iter().any(|x| x.eq_ignore_ascii_case(w)))
}

/// The words of a class or id value: `relatedStories ad-slot` → related, Stories, ad, slot.
fn words_of(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .flat_map(camel_case_words)
}

/// `relatedStories` → related, Stories: a word ends before an upper-case letter that follows
/// a lower-case letter or a digit.
fn camel_case_words(part: &str) -> impl Iterator<Item = &str> {
    let bytes = part.as_bytes();
    let mut start = 0;
    (1..=bytes.len()).filter_map(move |i| {
        let ends = i == bytes.len()
            || (bytes[i].is_ascii_uppercase()
                && (bytes[i - 1].is_ascii_lowercase() || bytes[i - 1].is_ascii_digit()));
        ends.then(|| {
            let word = &part[start..i];
            start = i;
            word
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_words_split_at_dashes_and_case_changes() {
        let words: Vec<&str> = words_of("relatedStories ad-slot main_Content").collect();
        assert_eq!(
            words,
            ["related", "Stories", "ad", "slot", "main", "Content"]
        );
        assert!(names_any("article__caption", CAPTION_WORDS));
        assert!(names_any("inlineAdSlot", WORDS));
        assert!(!names_any("header-main", WORDS), "`head` is not `ad`");
        assert!(
            !names_any("shared-content-wrapper", WORDS),
            "`shared` is not `share`"
        );
    }

    #[test]
    fn captions_related_lists_and_ads_leave_the_article() {
        let html = r#"<html><body><article>
            <p>First paragraph of the article, long enough to be the article itself.</p>
            <figure><img src="a.jpg"><figcaption>A caption. Photo: Agency</figcaption></figure>
            <div class="ad-slot">Advertisement</div>
            <p>Second paragraph of the article, which goes on for a while as well.</p>
            <ul class="relatedStories"><li><a href="/x">Another story</a></li></ul>
            <span class="sr-only">Opens in a new window</span>
            <div aria-hidden="true">Hidden</div>
            <div class="hidden">Not shown</div>
            <div class="d-none d-lg-block"><p>Shown on wide screens.</p></div>
            </article></body></html>"#;
        let doc = Document::from(html);
        remove(&doc, false);
        let text = doc.body().unwrap().text();
        let text: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(
            text.join(" "),
            "First paragraph of the article, long enough to be the article itself. \
             Second paragraph of the article, which goes on for a while as well. \
             Shown on wide screens."
        );
    }

    #[test]
    fn a_wrapper_named_like_a_widget_that_holds_the_article_stays() {
        let html = r#"<html><body><div class="article-share-container">
            <p>The whole article is inside this wrapper and must stay where it is: its first
            paragraph is long, as paragraphs of articles are, and so is its second one.</p>
            <p>Here it is, the second paragraph, with more than a hundred characters of text in
            it so that the wrapper counts as holding the article.</p>
            </div><p>Footer.</p></body></html>"#;
        let doc = Document::from(html);
        remove(&doc, false);
        assert!(doc.body().unwrap().text().contains("The whole article"));
    }

    #[test]
    fn a_donation_appeal_goes_however_long() {
        let long = "A paragraph of well over a hundred characters besides its spaces, as an appeal for money or an article has them, one after another.";
        let html = format!(
            r#"<html><body><div class="article-ad-wrapper"><p>{long}</p><p>{long}</p></div>
            <div class="p-4 donation"><p>{long}</p><p>{long}</p></div></body></html>"#
        );
        let doc = Document::from(html.as_str());
        remove(&doc, false);
        let body = doc.body().unwrap();
        assert_eq!(body.text().matches("A paragraph").count(), 2);
        assert!(doc.select(".donation").is_empty());
    }

    #[test]
    fn captions_stay_when_asked() {
        let html = r#"<html><body><p>Text.</p>
            <figure><figcaption>Đồng chí Bí thư trao Giấy khen cho 12 tập thể.</figcaption></figure>
            <div class="share-bar">Chia sẻ</div></body></html>"#;
        let doc = Document::from(html);
        remove(&doc, true);
        let text = doc.body().unwrap().text();
        assert!(text.contains("trao Giấy khen cho 12 tập thể"));
        assert!(!text.contains("Chia sẻ"));
    }
}
