//! Title and publication date of an article scraped to plain text, chrome included.
//!
//! The head of such a text mixes the article's title and date-time with page chrome: a
//! language switch ("Tiếng Việt | English"), a site header with today's date ("Thứ sáu,
//! ngày 1/3/2024"), "Print". The publication date is a short line near the title holding a
//! full date, preferably with a clock time; the title is the first line that reads as a
//! headline before the body starts.

use regex::Regex;

use crate::chrome::Chrome;
use std::sync::LazyLock;

/// How many non-empty lines of the head are examined.
const HEAD_LINES: usize = 12;

static DATE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<d>[0-9]{1,2})[/.-](?P<mo>[0-9]{1,2})[/.-](?P<y>(?:19|20)[0-9]{2})
        (?:[^0-9]{0,12}?(?P<hh>[0-9]{1,2})[:h](?P<mi>[0-9]{2})(?:\s?(?P<ampm>[AaPp])\.?[Mm]\b)?)?",
    )
    .unwrap()
});

static TIME_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<hh>[0-9]{1,2})[:h](?P<mi>[0-9]{2})[^0-9]{0,24}?
        (?P<d>[0-9]{1,2})[/.-](?P<mo>[0-9]{1,2})[/.-](?P<y>(?:19|20)[0-9]{2})",
    )
    .unwrap()
});

/// A date with its month's name: `01. April 2025, 15:25`, `3 mars 2024`, `28 de abril de
/// 2023`, and in English order `April 1, 2025 10:30`.
static NAMED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?:(?P<d>[0-9]{1,2})\.?\s+(?:de\s+)?(?P<mon>\p{L}{3,10})\.?,?\s+(?:de\s+)?(?P<y>(?:19|20)[0-9]{2})
          |(?P<mon2>\p{L}{3,10})\.?\s+(?P<d2>[0-9]{1,2}),?\s+(?P<y2>(?:19|20)[0-9]{2}))
        (?:[^0-9]{0,12}?(?P<hh>[0-9]{1,2})[:h.](?P<mi>[0-9]{2})(?:\s?(?P<ampm>[ap])\.?m\b)?)?",
    )
    .unwrap()
});

/// Month names and their numbers: English, German, French, Spanish, Italian, Portuguese,
/// Dutch, and the Scandinavian languages. A name may be cut to three letters or more
/// (`Apr.`, `Sept`) when every month it may begin means the same month.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("januar", 1),
    ("janvier", 1),
    ("enero", 1),
    ("gennaio", 1),
    ("janeiro", 1),
    ("januari", 1),
    ("february", 2),
    ("februar", 2),
    ("février", 2),
    ("febrero", 2),
    ("febbraio", 2),
    ("fevereiro", 2),
    ("februari", 2),
    ("march", 3),
    ("märz", 3),
    ("mars", 3),
    ("marzo", 3),
    ("março", 3),
    ("maart", 3),
    ("april", 4),
    ("avril", 4),
    ("abril", 4),
    ("aprile", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("maggio", 5),
    ("maio", 5),
    ("mei", 5),
    ("maj", 5),
    ("june", 6),
    ("juni", 6),
    ("juin", 6),
    ("junio", 6),
    ("giugno", 6),
    ("junho", 6),
    ("july", 7),
    ("juli", 7),
    ("juillet", 7),
    ("julio", 7),
    ("luglio", 7),
    ("julho", 7),
    ("august", 8),
    ("août", 8),
    ("agosto", 8),
    ("augustus", 8),
    ("september", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("settembre", 9),
    ("setembro", 9),
    ("october", 10),
    ("oktober", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("ottobre", 10),
    ("outubro", 10),
    ("november", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("novembro", 11),
    ("december", 12),
    ("dezember", 12),
    ("décembre", 12),
    ("diciembre", 12),
    ("dicembre", 12),
    ("dezembro", 12),
];

/// The month a name (or its first three letters or more) means, if only one.
fn month_number(name: &str) -> Option<u32> {
    let name = name.to_lowercase();
    if name.chars().count() < 3 {
        return None;
    }
    let mut found = MONTHS.iter().filter(|(m, _)| m.starts_with(name.as_str()));
    let (_, first) = found.next()?;
    found.all(|(_, n)| n == first).then_some(*first)
}

/// What the head of an article says about it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    /// ISO 8601: `2023-01-10` or `2023-01-10T16:33`.
    pub published: Option<String>,
}

/// A date line: short, and mostly a date (weekday, clock, counters and chrome words aside).
fn date_in_line(line: &str) -> Option<(String, bool)> {
    if line.chars().count() > 80 {
        return None;
    }
    let caps = TIME_FIRST
        .captures(line)
        .or_else(|| DATE_TIME.captures(line))
        .or_else(|| NAMED_DATE.captures(line))?;
    let n = |k: &str| caps.name(k).and_then(|m| m.as_str().parse::<u32>().ok());
    let named = |k: &str| caps.name(k).and_then(|m| month_number(m.as_str()));
    let (d, mo, y) = match (n("mo"), named("mon"), named("mon2")) {
        (Some(mo), _, _) => (n("d")?, mo, n("y")?),
        (None, Some(mo), _) => (n("d")?, mo, n("y")?),
        (None, None, Some(mo)) => (n("d2")?, mo, n("y2")?),
        _ => return None,
    };
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    // The rest of the line must not read as a sentence.
    let words = line
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    if words > 8 {
        return None;
    }
    // A 12-hour clock: 5:50 pm is 17:50, 12:10 am is 00:10.
    let half = caps.name("ampm").map(|m| m.as_str().to_ascii_lowercase());
    let hour = n("hh").map(|h| match half.as_deref() {
        Some("p") if h < 12 => h + 12,
        Some("a") if h == 12 => 0,
        _ => h,
    });
    Some(match (hour, n("mi")) {
        (Some(h), Some(mi)) if h < 24 && mi < 60 => {
            (format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}"), true)
        }
        _ => (format!("{y:04}-{mo:02}-{d:02}"), false),
    })
}

/// A short line that is mostly a date: a byline's date-time, a site's date.
pub fn is_date_line(line: &str) -> bool {
    date_in_line(line).is_some()
}

/// The date (ISO 8601, with the minute when given) of a short line that is mostly a date.
pub fn date_of_line(line: &str) -> Option<String> {
    date_in_line(line).map(|(iso, _)| iso)
}

/// A line that reads as a headline rather than body text.
fn is_headline(line: &str, chrome: &Chrome) -> bool {
    let chars = line.chars().count();
    let words = line.split_whitespace().count();
    (15..=250).contains(&chars)
        && words >= 4
        && !line.ends_with(['.', ':', ';', ','])
        && !line.contains('|')
        && !chrome.starts_as_chrome(line)
}

/// A line that is body text: long, or a full sentence.
fn is_body(line: &str) -> bool {
    line.chars().count() > 250 || (line.ends_with('.') && line.split_whitespace().count() > 12)
}

/// Reads the title and publication date from the head of a plain-text article.
pub fn plain_text_meta(text: &str, chrome: &Chrome) -> Meta {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(HEAD_LINES)
        .collect();
    let mut title: Option<(usize, &str)> = None;
    let mut dates: Vec<(usize, String, bool)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some((iso, has_time)) = date_in_line(line) {
            dates.push((i, iso, has_time));
            continue;
        }
        if is_body(line) {
            break;
        }
        if title.is_none() && is_headline(line, chrome) {
            title = Some((i, line));
        }
    }
    // Prefer a date-time; then the date nearest the title; a lone header date stays unused
    // only when a better one exists.
    let published = dates
        .iter()
        .max_by_key(|(i, _, has_time)| {
            let near = title
                .map(|(t, _)| (*i as i64 - t as i64).abs() <= 2)
                .unwrap_or(false);
            (*has_time, near, std::cmp::Reverse(*i))
        })
        .map(|(_, iso, _)| iso.clone());
    Meta {
        title: title.map(|(_, t)| t.to_string()),
        published,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrome() -> Chrome {
        crate::rules::RuleSet::load(None).unwrap().chrome
    }

    #[test]
    fn dates_with_month_names_in_several_languages() {
        for (line, iso) in [
            ("erstellt:  01. April 2025, 15:25", "2025-04-01T15:25"),
            ("Published Jun 4, 2026", "2026-06-04"),
            ("le 3 mars 2024 à 10h05", "2024-03-03T10:05"),
            ("28 de abril de 2023", "2023-04-28"),
            ("Sept. 12, 2023", "2023-09-12"),
        ] {
            assert_eq!(date_of_line(line).as_deref(), Some(iso), "{line}");
        }
        // Not a month, or a month's name cut so short it could be two.
        assert_eq!(date_of_line("Quận 12 Thủ 2023"), None);
        assert_eq!(date_of_line("5 Ju 2023"), None);
    }

    #[test]
    fn header_date_is_not_publication() {
        let t = "Thứ sáu, ngày 1/3/2024\n\nHuyện Bình Giang tổ chức hội nghị tổng kết năm 2022\n\n\
                 Thứ Ba 10/01/2023 16:33\n\nXem với cỡ chữ\nSáng ngày 10/01/2023, Ban Thường vụ \
                 Huyện uỷ Bình Giang tổ chức hội nghị tổng kết công tác xây dựng Đảng.";
        let m = plain_text_meta(t, &chrome());
        assert_eq!(
            m.title.as_deref(),
            Some("Huyện Bình Giang tổ chức hội nghị tổng kết năm 2022")
        );
        assert_eq!(m.published.as_deref(), Some("2023-01-10T16:33"));
    }

    #[test]
    fn language_switch_is_not_title() {
        let text = "Tiếng Việt | English\n\n13/04/2022 - 09:44\n\n\
                    Cần Đước đẩy mạnh phong trào thi đua\n\nNăm 2021, Cần Đước triển khai.";
        let m = plain_text_meta(text, &chrome());
        assert_eq!(
            m.title.as_deref(),
            Some("Cần Đước đẩy mạnh phong trào thi đua")
        );
        assert_eq!(m.published.as_deref(), Some("2022-04-13T09:44"));
    }

    #[test]
    fn body_first_means_no_title() {
        let body = "Chiều 28/2, tại UBND huyện Vĩnh Bảo, Cụm thi đua Khối huyện tổ chức Hội nghị \
                    Tổng kết phong trào thi đua năm 2023, phát động phong trào thi đua và Ký kết \
                    giao ước thi đua năm 2024. Phó Chủ tịch dự.";
        let m = plain_text_meta(
            &format!("Print Thứ năm, 29/02/2024 07:48 Gốc\n\n{body}"),
            &chrome(),
        );
        assert_eq!(m.title, None);
        assert_eq!(m.published.as_deref(), Some("2024-02-29T07:48"));
    }

    #[test]
    fn a_twelve_hour_clock_reads_as_a_day_s_hour() {
        for (line, iso) in [
            ("October 23, 2025 5:50 pm CET", "2025-10-23T17:50"),
            ("23/10/2025 12:10 AM", "2025-10-23T00:10"),
            ("23/10/2025 12:10 p.m.", "2025-10-23T12:10"),
            ("Thứ Ba 10/01/2023 16:33", "2023-01-10T16:33"),
        ] {
            assert_eq!(date_of_line(line).as_deref(), Some(iso), "{line}");
        }
    }
}
