//! Calendar values of the typed columns: the first and last day a TIMEX3 value covers
//! (`dates.first_day`, `dates.last_day`) and a publication time as written
//! (`documents.published`), as polars stores them (days and milliseconds since 1970-01-01).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};

const EPOCH: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();

/// Days since 1970-01-01, polars' `Date`.
pub fn epoch_days(d: NaiveDate) -> i32 {
    (d - EPOCH).num_days() as i32
}

/// The first and last day of a TIMEX3 value: `2023-01-14` (and with a time), `2023-01`,
/// `2023`, `2023-Q1`, `2023-W05` (ISO week, Monday to Sunday) and an interval `A/B` from
/// A's first day to B's last. `None` where the year is unknown (`XXXX-01-14`) or the value
/// is none of these.
pub fn span(value: &str) -> Option<(NaiveDate, NaiveDate)> {
    if let Some((a, b)) = value.split_once('/') {
        let (first, _) = span(a)?;
        let (_, last) = span(b)?;
        return (first <= last).then_some((first, last));
    }
    let date = value.split_once('T').map_or(value, |(d, _)| d);
    let (year, rest) = match date.split_once('-') {
        Some((y, r)) => (y, Some(r)),
        None => (date, None),
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let months = |first: u32, last: u32| {
        let start = NaiveDate::from_ymd_opt(year, first, 1)?;
        Some((start, last_of_month(year, last)?))
    };
    let Some(rest) = rest else {
        return months(1, 12);
    };
    if let Some(q) = rest.strip_prefix('Q') {
        let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
        return months(3 * q - 2, 3 * q);
    }
    if let Some(w) = rest.strip_prefix('W') {
        let monday = NaiveDate::from_isoywd_opt(year, w.parse().ok()?, Weekday::Mon)?;
        return Some((monday, monday + chrono::Days::new(6)));
    }
    match rest.split_once('-') {
        None => {
            let month: u32 = rest.parse().ok()?;
            months(month, month)
        }
        Some((m, d)) => {
            let day = NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)?;
            Some((day, day))
        }
    }
}

fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    next.pred_opt()
}

/// Milliseconds since 1970-01-01 00:00 of a time as written (`2023-01-14`,
/// `2023-01-14T08:30`): a local time, with no zone; polars' `Datetime(ms)` without one.
pub fn epoch_millis(iso: &str) -> Option<i64> {
    let (date, time) = match iso.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (iso, None),
    };
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let time = match time {
        Some(t) => NaiveTime::parse_from_str(t.get(..5)?, "%H:%M").ok()?,
        None => NaiveTime::MIN,
    };
    let at = NaiveDateTime::new(date, time);
    Some(at.and_utc().timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(value: &str) -> Option<(String, String)> {
        span(value).map(|(a, b)| (a.to_string(), b.to_string()))
    }

    #[test]
    fn each_form_covers_its_days() {
        let cases = [
            ("2023-01-14", Some(("2023-01-14", "2023-01-14"))),
            ("2023-01-14T15:00", Some(("2023-01-14", "2023-01-14"))),
            ("2023-01", Some(("2023-01-01", "2023-01-31"))),
            ("2024-02", Some(("2024-02-01", "2024-02-29"))),
            ("2023-12", Some(("2023-12-01", "2023-12-31"))),
            ("2023", Some(("2023-01-01", "2023-12-31"))),
            ("2023-Q4", Some(("2023-10-01", "2023-12-31"))),
            ("2023-W01", Some(("2023-01-02", "2023-01-08"))),
            ("2019/2025", Some(("2019-01-01", "2025-12-31"))),
            ("2023-01-14/2023-01-20", Some(("2023-01-14", "2023-01-20"))),
        ];
        for (value, want) in cases {
            let want = want.map(|(a, b)| (a.to_string(), b.to_string()));
            assert_eq!(days(value), want, "{value}");
        }
    }

    #[test]
    fn unknown_years_and_impossible_days_cover_none() {
        for value in [
            "XXXX-01-14",
            "XXXX-Q1",
            "2023-02-30",
            "2023-13",
            "2023-Q5",
            "2025/2019",
            "",
            "abc",
        ] {
            assert_eq!(span(value), None, "{value}");
        }
    }

    #[test]
    fn a_time_as_written_counts_from_the_epoch() {
        assert_eq!(epoch_millis("1970-01-02"), Some(86_400_000));
        assert_eq!(epoch_millis("1970-01-01T08:30"), Some(30_600_000));
        assert_eq!(epoch_millis("2023-01-1é"), None);
        assert_eq!(epoch_days(NaiveDate::from_ymd_opt(1970, 2, 1).unwrap()), 31);
    }
}
