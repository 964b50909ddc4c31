//! Vietnamese page chrome in article text, by line: visitor counters ("Đang truy cập13",
//! "Tổng lượt truy cập3,462,461"), QR-code blocks, share/print/rating lines, and the lists
//! that follow a "Tin liên quan" / "Tin khác" heading at the end of a page. The text stays as
//! it is (offsets keep pointing into it); facts found on these lines are dropped.

use std::sync::LazyLock;

use regex::Regex;

/// A line that is chrome on its own, whatever surrounds it.
static CHROME_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^[\s•·\-–*|]*(?:
          (?:đang\ truy\ cập|đang\ online|trực\ tuyến|máy\ chủ\ tìm\ kiếm|khách\ viếng\ thăm|thành\ viên\ trực\ tuyến
            |hôm\ nay|hôm\ qua|tuần\ này|tuần\ trước|tháng\ này|tháng\ hiện\ tại|tháng\ trước|năm\ hiện\ tại|năm\ nay
            |tổng\ lượt\ truy\ cập|tổng\ lượt\ xem|lượt\ truy\ cập|số\ lượt\ truy\ cập|lượt\ xem|lượt\ đọc|tổng\ truy\ cập
            |tổng\ số|truy\ cập\ hiện\ tại|đã\ truy\ cập|bình\ luận|lượt\ thích
          )\s*:?\s*[0-9][0-9.,\ ]*$
        | thống\ kê\ truy\ cập\s*$
        | (?:mã\ )?qr[\ -]?code\b.*
        | tổng\ số\ điểm\ của\ bài\ viết\ là.*
        | (?:đánh\ giá\ bài\ viết|bình\ chọn|chia\ sẻ|in\ bài|bản\ in|print|gửi\ email|gửi\ bài\ viết|lưu\ bài|lên\ đầu\ trang|về\ đầu\ trang|quay\ lại|trở\ về)\s*:?\s*$
        | (?:ý\ kiến\ bạn\ đọc|gửi\ ý\ kiến|viết\ bình\ luận|bình\ luận\ của\ bạn|tiện\ ích\ thông\ tin|chúng\ tôi\ trên\ mạng\ xã\ hội|liên\ kết\ website|thăm\ dò\ ý\ kiến)\s*:?\s*$
        | bạn\ đã\ không\ sử\ dụng\ site.*
        | (?:từ\ khóa|từ\ khoá|tags?)\s*:.*
        )",
    )
    .expect("chrome pattern compiles")
});

/// A heading after which the rest of the page lists other articles.
static RELATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s•·\-–*|]*(?:tin\ liên\ quan|các\ tin\ liên\ quan|bài\ viết\ liên\ quan|tin\ khác|các\ tin\ khác|tin\ cùng\ chuyên\ mục|các\ tin\ đã\ đưa|tin\ đã\ đưa|tin\ mới\ hơn|tin\ cũ\ hơn|xem\ thêm|đọc\ thêm|tin\ mới\ nhất|tin\ đọc\ nhiều)\s*:?\s*$")
        .expect("related pattern compiles")
});

/// Whether one line is chrome on its own: a counter, a QR-code line, a share or print button.
pub fn is_chrome_line(line: &str) -> bool {
    CHROME_LINE.is_match(line)
}

/// Byte ranges of the chrome lines of `text`, in order.
pub fn spans(text: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let (start, end) = (at, at + line.len());
        at = end;
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() || content.chars().count() > 160 {
            continue;
        }
        // A related-news heading in the last third of the text ends the article.
        if RELATED.is_match(content) && start * 3 >= text.len() * 2 {
            out.push((start, text.len()));
            break;
        }
        if is_chrome_line(content) {
            out.push((start, end));
        }
    }
    out
}

/// Whether byte `b` falls on a chrome line.
pub fn covers(spans: &[(usize, usize)], b: usize) -> bool {
    let i = spans.partition_point(|s| s.1 <= b);
    i < spans.len() && spans[i].0 <= b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_qr_blocks_and_related_lists_are_chrome() {
        let body = "Huyện tặng giấy khen cho 12 tập thể, 54 cá nhân.\n".repeat(8);
        let text = format!(
            "{body}Thống kê truy cập\n  • Đang truy cập13\n  • Hôm nay336\n  • Tổng lượt truy cập3,462,461\nQR Code\nQR CODE: Cụm thi đua phát động phong trào\nTin khác\nXã A nhận 3 bằng khen (12/3/2024)\n"
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
                .repeat(1);
        let s = spans(&text);
        assert!(s.is_empty(), "{s:?}");
    }
}
