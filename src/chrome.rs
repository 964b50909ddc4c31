//! Vietnamese page chrome in article text, by line: visitor counters ("Đang truy cập13",
//! "Tổng lượt truy cập3,462,461"), QR-code blocks, share/print/rating lines, and the lists
//! that follow a "Tin liên quan" / "Tin khác" heading at the end of a page. The text stays as
//! it is (offsets keep pointing into it); facts found on these lines are dropped.

use regex::Regex;

use crate::lexicon::{Lexicon, WordList};
use crate::normalize::{fold, FormByte, MatchForm};

/// Where a chrome line may start: bullets, dashes, bars.
const LEAD: &str = r"^[\s•·\-–*|]*";

/// The line patterns built from the lexicon's chrome words, matched on the matching form.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// A line that is chrome on its own, whatever surrounds it.
    line: Regex,
    /// A heading after which the rest of the page lists other articles.
    related: Regex,
    /// Starts of lines that are never a title.
    title_chrome: WordList,
}

impl Chrome {
    pub fn new(lexicon: &Lexicon) -> Result<Chrome, String> {
        // A counter and its number; a button alone; a line that starts as chrome; a label
        // and a colon.
        let line = format!(
            concat!(
                r"{LEAD}(?:{counters}\s*:?\s*[0-9][0-9., ]*$|{buttons}\s*:?\s*$",
                r"|{starts}(?:[^\p{{L}}].*)?$|{labels}\s*:.*)"
            ),
            LEAD = LEAD,
            counters = lexicon.counter_labels.pattern(),
            buttons = lexicon.chrome_buttons.pattern(),
            starts = lexicon.chrome_line_starts.pattern(),
            labels = lexicon.chrome_labels.pattern(),
        );
        let related = format!(r"{LEAD}{}\s*:?\s*$", lexicon.related_headings.pattern());
        let compile = |p: &str| Regex::new(p).map_err(|e| format!("chrome words: {e}"));
        Ok(Chrome {
            line: compile(&line)?,
            related: compile(&related)?,
            title_chrome: lexicon.title_chrome.clone(),
        })
    }

    /// Whether one line (of the clean text) is chrome on its own: a counter, a QR-code line,
    /// a share or print button.
    pub fn is_chrome_line(&self, line: &str) -> bool {
        self.line.is_match(&fold(line))
    }

    /// Whether a line starts as page chrome that is never a title ("Trang chủ", "Chia sẻ").
    pub fn starts_as_chrome(&self, line: &str) -> bool {
        self.title_chrome.prefix_of(&fold(line)).is_some()
    }

    /// Byte ranges of the clean text of the chrome lines of `form`, in order.
    pub fn spans(&self, form: &MatchForm) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        let to_text = |b: usize| form.map.to_text(FormByte(b)).0;
        let text_len = to_text(form.text.len());
        let mut at = 0;
        for line in form.text.split_inclusive('\n') {
            let (start, end) = (at, at + line.len());
            at = end;
            let content = line.trim_end_matches(['\n', '\r']);
            if content.trim().is_empty() || content.chars().count() > 160 {
                continue;
            }
            // A related-news heading in the last third of the text ends the article.
            if self.related.is_match(content) && to_text(start) * 3 >= text_len * 2 {
                out.push((to_text(start), text_len));
                break;
            }
            if self.line.is_match(content) {
                out.push((to_text(start), to_text(end)));
            }
        }
        out
    }
}

/// Whether byte `b` falls on a chrome line.
pub fn covers(spans: &[(usize, usize)], b: usize) -> bool {
    let i = spans.partition_point(|s| s.1 <= b);
    i < spans.len() && spans[i].0 <= b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn spans(text: &str) -> Vec<(usize, usize)> {
        RuleSet::load(None)
            .unwrap()
            .chrome
            .spans(&MatchForm::new(text))
    }

    #[test]
    fn counters_qr_blocks_and_related_lists_are_chrome() {
        let body = "Huyện tặng giấy khen cho 12 tập thể, 54 cá nhân.\n".repeat(8);
        let text = format!(
            "{body}Thống kê truy cập\n  • Đang truy cập13\n  • Hôm nay336\n  • Tổng lượt truy \
             cập3,462,461\nQR Code\nQR CODE: Cụm thi đua phát động phong trào\nTin khác\nXã A \
             nhận 3 bằng khen (12/3/2024)\n"
        );
        let spans = spans(&text);
        let chrome: Vec<&str> = spans.iter().map(|&(s, e)| text[s..e].trim_end()).collect();
        assert_eq!(
            chrome,
            [
                "Thống kê truy cập",
                "  • Đang truy cập13",
                "  • Hôm nay336",
                "  • Tổng lượt truy cập3,462,461",
                "QR Code",
                "QR CODE: Cụm thi đua phát động phong trào",
                "Tin khác\nXã A nhận 3 bằng khen (12/3/2024)",
            ]
        );
        assert!(!covers(&spans, 10));
        assert!(covers(&spans, text.find("3,462").unwrap()));
    }

    #[test]
    fn article_lines_that_mention_visits_are_not_chrome() {
        let text =
            "Hôm nay 336 hộ dân đã nhận quà.\nTin khác\nở đầu bài thì không phải danh sách tin.\n"
                .to_string();
        let s = spans(&text);
        assert!(s.is_empty(), "{s:?}");
    }
}
