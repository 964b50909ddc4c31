//! Markup to text: blocks on lines of their own, table cells apart by tabs, hidden elements
//! dropped. Read from the parsed tree, or linearly tag by tag for pages too large or nested
//! too deep for a tree.

use dom_query::{NodeData, NodeRef};

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

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Whether two lines have the same words, however they are spaced.
pub(super) fn same_words(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// A linear estimate of how deep a page's elements nest (unclosed `<p>` and `<li>` count as
/// open, so it errs high).
pub(super) fn nesting_estimate(html: &[u8]) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &html[i..]) {
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
        let name = &html[start..end];
        // Looked at only for an opening tag: a page's scripts and closing tags are many.
        let void = || VOID.iter().any(|v| v.as_bytes().eq_ignore_ascii_case(name));
        let self_closing = || {
            memchr::memchr(b'>', &html[end..html.len().min(end + 512)])
                .is_some_and(|g| g > 0 && html[end + g - 1] == b'/')
        };
        if closing {
            depth = depth.saturating_sub(1);
        } else if !void() && !self_closing() {
            depth += 1;
            max = max.max(depth);
        }
        i = end;
    }
    max
}

/// The text of a page read linearly, tag by tag, without building a tree: script and style
/// contents dropped, block tags as line breaks, the common entities decoded.
pub(super) fn strip_tags(html: &str) -> String {
    decode_common_entities(&tags_as_breaks(html))
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A page without its tags (scripts and styles without their contents too), block tags
/// turned into line breaks and table cells into tabs.
fn tags_as_breaks(html: &str) -> String {
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
    out
}

/// The entities pages use most, `&amp;` last so that an escaped entity (`&amp;lt;`) is
/// decoded once only.
fn decode_common_entities(s: &str) -> String {
    s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A step of a walk through a tree: into a node, or out of it after its children.
pub(super) enum Edge<'a> {
    Open(NodeRef<'a>),
    Close(NodeRef<'a>),
}

/// The walk through `root` and its descendants in document order, without recursion: a
/// page nested 100,000 deep must not exhaust the stack.
pub(super) fn traverse(root: NodeRef<'_>) -> impl Iterator<Item = Edge<'_>> {
    let mut next = Some(Edge::Open(root));
    std::iter::from_fn(move || {
        let edge = next.take()?;
        next = match &edge {
            Edge::Open(node) => Some(match node.first_child() {
                Some(child) => Edge::Open(child),
                None => Edge::Close(*node),
            }),
            Edge::Close(node) if node.id == root.id => None,
            Edge::Close(node) => match node.next_sibling() {
                Some(sibling) => Some(Edge::Open(sibling)),
                None => node.parent().map(Edge::Close),
            },
        };
        Some(edge)
    })
}

/// The elements of `root` and its descendants, in document order; lazily, so that a count
/// or a search can stop early.
pub(super) fn elements(root: NodeRef<'_>) -> impl Iterator<Item = NodeRef<'_>> {
    traverse(root).filter_map(|edge| match edge {
        Edge::Open(node) if node.is_element() => Some(node),
        _ => None,
    })
}

/// What a node is to the text: its text, or an element's name.
enum Part<'a> {
    Text(&'a str),
    Element(&'a str),
    Other,
}

/// Reads a node as a `Part` while the tree is borrowed.
fn with_part<B>(node: &NodeRef<'_>, f: impl FnOnce(Part<'_>) -> B) -> B {
    let f = |n: &dom_query::TreeNode| match &n.data {
        NodeData::Text { contents } => f(Part::Text(contents)),
        NodeData::Element(e) => f(Part::Element(&e.name.local)),
        _ => f(Part::Other),
    };
    node.query(f).expect("a node of its own tree")
}

/// The text of an element, blocks on lines of their own and table cells apart by tabs.
pub(super) fn collect_text(root: NodeRef<'_>, out: &mut String) {
    collect_text_and_links(root, out, &mut Vec::new());
}

/// `collect_text`, also noting the byte ranges of `out` that are link text.
pub(super) fn collect_text_and_links(
    root: NodeRef<'_>,
    out: &mut String,
    links: &mut Vec<(usize, usize)>,
) {
    let mut hidden = 0usize; // depth inside elements whose text is never shown
    let mut in_link = 0usize;
    // Blank text between two inline elements (`<b>12</b> <b>tập thể</b>`) was seen and
    // text may follow it: the words stay apart.
    let mut blank_before = false;
    for edge in traverse(root) {
        match edge {
            Edge::Open(node) => with_part(&node, |part| match part {
                Part::Text(t) if hidden == 0 => {
                    push_text(t, in_link > 0, &mut blank_before, out, links)
                }
                Part::Element(name) => {
                    if name == "a" {
                        in_link += 1;
                    }
                    if hidden > 0 || HIDDEN.contains(&name) {
                        hidden += 1;
                    } else {
                        open_break(name, out);
                    }
                }
                _ => {}
            }),
            Edge::Close(node) => with_part(&node, |part| {
                if let Part::Element(name) = part {
                    if name == "a" {
                        in_link = in_link.saturating_sub(1);
                    }
                    if hidden > 0 {
                        hidden -= 1;
                    } else if BLOCKS.contains(&name) && !out.ends_with('\n') {
                        out.push('\n');
                    }
                }
            }),
        }
    }
}

/// A text node's words, one space apart; a space before and after them where the node had
/// whitespace there, so that words of adjacent inline elements stay apart. A node of
/// whitespace alone (`blank_before`) gives a space before the next words, unless a line or a
/// table cell begins there.
fn push_text(
    t: &str,
    linked: bool,
    blank_before: &mut bool,
    out: &mut String,
    links: &mut Vec<(usize, usize)>,
) {
    let collapsed = t.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        *blank_before |= !t.is_empty();
        return;
    }
    let after_blank = std::mem::take(blank_before) && !out.ends_with(['\n', ' ', '\t']);
    let leading = t.starts_with(char::is_whitespace) && !out.ends_with(['\n', ' ']);
    if (after_blank || leading) && !out.is_empty() {
        out.push(' ');
    }
    if linked {
        links.push((out.len(), out.len() + collapsed.len()));
    }
    out.push_str(&collapsed);
    if t.ends_with(char::is_whitespace) {
        out.push(' ');
    }
}

/// What an opening tag adds: a line break before a block, a tab before a table cell.
fn open_break(name: &str, out: &mut String) {
    if BLOCKS.contains(&name) && !out.ends_with('\n') && !out.is_empty() {
        out.push('\n');
    } else if matches!(name, "td" | "th") && !out.ends_with(['\n', '\t']) && !out.is_empty() {
        out.push('\t');
    }
}

/// How deep elements nest (iteratively), stopping at `limit`.
pub(super) fn depth_over(root: NodeRef<'_>, limit: usize) -> bool {
    let mut depth = 0usize;
    for edge in traverse(root) {
        match edge {
            Edge::Open(n) if n.is_element() => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            Edge::Close(n) if n.is_element() => depth -= 1,
            _ => {}
        }
    }
    false
}
