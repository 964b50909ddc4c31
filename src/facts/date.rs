//! Dates from rule captures, written as TimeML's TIMEX3 does in ISO 8601.
//!
//! Groups a date rule may name: `d`, `mo`, `y` (day, month, year), `mow` (a month in
//! words), `yy` (a year in two digits), `d_first`, `d_last` (the first or last day of the
//! month), `hol` (a named day, the lexicon's `holidays`), `wk` (a week of the month, the
//! lexicon's `week_ordinals`), `q`, `q2` (a quarter), `d2`, `mo2` (the end of a range of
//! days), `y2` (the end of a period of years), `hh`, `mi`, `pod` (a clock time and the
//! part of the day, the lexicon's `day_periods`).
//! A date without a year takes the publication year, or the year before when that would
//! put it after publication; with no publication date the year is `XXXX`.

use super::{Context, DateFact, Ymd};
use crate::rules::RuleMatch;

fn days_in(month: u32) -> u32 {
    match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn int(ctx: &Context, m: &RuleMatch, name: &str) -> Option<u32> {
    ctx.group(m, name).and_then(|s| s.trim().parse().ok())
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days of a month of a known year (February of an unknown one may have 29).
fn days_of(year: Option<i32>, month: u32) -> u32 {
    match (month, year) {
        (2, Some(y)) if !is_leap(y) => 28,
        _ => days_in(month),
    }
}

/// A year written with four digits, in a plausible range; or with two (`31/12/16`): the
/// century that does not put it after publication (without one, 00–49 are 2000–2049).
fn year(ctx: &Context, m: &RuleMatch, name: &str) -> Option<Option<i32>> {
    if name == "y" {
        if let Some(yy) = ctx.group(m, "yy") {
            let yy: i32 = yy.trim().parse().ok()?;
            let latest = ctx.published.map_or(2049, |p| p.year);
            let y = 2000 + yy;
            return Some(Some(if y > latest { y - 100 } else { y }));
        }
    }
    match ctx.group(m, name) {
        None => Some(None),
        Some(s) => {
            let y: i32 = s.trim().parse().ok()?;
            (s.trim().len() == 4 && (1000..=2100).contains(&y)).then_some(Some(y))
        }
    }
}

/// The year a day and month without one belongs to.
fn infer_year(published: Option<Ymd>, month: u32, day: u32) -> Option<i32> {
    let p = published?;
    let candidate = Ymd {
        year: p.year,
        month,
        day,
    };
    Some(if candidate > p { p.year - 1 } else { p.year })
}

fn ymd(year: Option<i32>, month: u32, day: u32) -> String {
    match year {
        Some(y) => format!("{y:04}-{month:02}-{day:02}"),
        None => format!("XXXX-{month:02}-{day:02}"),
    }
}

/// A named day's month and day (`hol`, the lexicon's `holidays`, written MMDD).
fn holiday(ctx: &Context, m: &RuleMatch) -> Option<(u32, u32)> {
    let mmdd = ctx.rules.lexicon.holidays.value(&ctx.words(m, "hol")?)? as u32;
    Some((mmdd / 100, mmdd % 100))
}

/// The month of a match: in digits (`mo`), in words (`mow`, the lexicon's `month_words`),
/// or a named day's.
fn month(ctx: &Context, m: &RuleMatch) -> Option<u32> {
    int(ctx, m, "mo")
        .or_else(|| Some(ctx.rules.lexicon.month_words.value(&ctx.words(m, "mow")?)? as u32))
        .or_else(|| holiday(ctx, m).map(|(mo, _)| mo))
}

/// The day of a match: in digits (`d`), the first or last of its month, or a named day's.
fn day(ctx: &Context, m: &RuleMatch, year: Option<i32>, month: Option<u32>) -> Option<u32> {
    if ctx.group(m, "d").is_some() {
        return int(ctx, m, "d");
    }
    if ctx.group(m, "d_first").is_some() {
        return Some(1);
    }
    if ctx.group(m, "d_last").is_some() {
        return month.map(|mo| days_of(year, mo));
    }
    holiday(ctx, m).map(|(_, d)| d)
}

/// Days from 0000-03-01 of a date of the proleptic Gregorian calendar.
fn day_number(y: i32, mo: u32, d: u32) -> i64 {
    let (y, mo) = if mo <= 2 {
        (y - 1, mo + 9)
    } else {
        (y, mo - 3)
    };
    let y = y as i64;
    365 * y + y / 4 - y / 100 + y / 400 + (153 * mo as i64 + 2) / 5 + d as i64 - 1
}

/// The ISO week (year, number) of a day.
fn iso_week(y: i32, mo: u32, d: u32) -> (i32, u32) {
    let n = day_number(y, mo, d);
    let weekday = (n + 2).rem_euclid(7); // 0 = Monday; 0000-03-01 was a Wednesday
    let thursday = n - weekday + 3;
    // The ISO year is the year of that Thursday; its week 1 holds 4 January.
    let year = if thursday >= day_number(y + 1, 1, 1) {
        y + 1
    } else if thursday < day_number(y, 1, 1) {
        y - 1
    } else {
        y
    };
    (year, ((thursday - day_number(year, 1, 1)) / 7 + 1) as u32)
}

/// A week of a month (`wk`): the first is the first week that starts on a Monday in it,
/// as Duckling and TIMEX3 read "the first week of September"; −1 is the last such week.
fn week(ctx: &Context, m: &RuleMatch) -> Option<DateFact> {
    let n = ctx
        .rules
        .lexicon
        .week_ordinals
        .value(&ctx.words(m, "wk")?)? as i64;
    let mo = month(ctx, m).filter(|mo| (1..=12).contains(mo))?;
    let y = year(ctx, m, "y")?.or_else(|| infer_year(ctx.published, mo, 1))?;
    let first = day_number(y, mo, 1);
    let first_monday = first + (7 - (first + 2).rem_euclid(7)) % 7;
    let monday = if n > 0 {
        first_monday + 7 * (n - 1)
    } else {
        let last = day_number(y, mo, days_of(Some(y), mo));
        last - (last + 2).rem_euclid(7)
    };
    // The Monday lies in the month: the first is on day 1–7, the fourth on day 22–28.
    let (wy, wn) = iso_week(y, mo, (monday - first + 1) as u32);
    Some(DateFact {
        value: format!("{wy:04}-W{wn:02}"),
        precision: "week".to_string(),
        ev: ctx.evidence(m, m.mention(ctx.rules)),
    })
}

/// The hour on a 24-hour clock: written past 12 it is one already; else the one of h and
/// h + 12 in the twelve hours from the start of the part of the day (`pod`).
fn hour(ctx: &Context, m: &RuleMatch, h: u32) -> u32 {
    let start = ctx
        .words(m, "pod")
        .and_then(|p| ctx.rules.lexicon.day_periods.value(&p));
    match start {
        Some(start) if h <= 12 => {
            let start = start as u32;
            [h % 12, h % 12 + 12]
                .into_iter()
                .find(|c| (c + 24 - start) % 24 < 12)
                .unwrap_or(h)
        }
        _ => h,
    }
}

/// A quarter (`q`, the lexicon's `quarter_words`) of its year or of the publication's.
fn quarter(ctx: &Context, m: &RuleMatch, q: &str) -> Option<DateFact> {
    let n = ctx.rules.lexicon.quarter_words.value(q)? as u32;
    let y = year(ctx, m, "y")?.or_else(|| infer_year(ctx.published, 3 * n - 2, 1));
    let value = match y {
        Some(y) => format!("{y:04}-Q{n}"),
        None => format!("XXXX-Q{n}"),
    };
    let ev = ctx.evidence(m, m.mention(ctx.rules));
    Some(DateFact {
        value,
        precision: "quarter".to_string(),
        ev,
    })
}

pub fn build(ctx: &Context, m: &RuleMatch) -> Option<DateFact> {
    if let Some(q) = ctx.group(m, "q").or_else(|| ctx.group(m, "q2")) {
        return quarter(ctx, m, q);
    }
    if ctx.group(m, "wk").is_some() {
        return week(ctx, m);
    }
    let y = year(ctx, m, "y")?;
    let y2 = year(ctx, m, "y2")?;
    // "cùng tháng năm 2015" is the same month of 2015, not May: a month word that is also
    // the word before a year (the lexicon's `year_words`), with a year after it.
    let mow_is_year_word = ctx
        .group(m, "mow")
        .is_some_and(|w| ctx.rules.lexicon.year_words.contains(w));
    if y.is_none()
        && mow_is_year_word
        && ctx.hay[m.end..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let month_only = month(ctx, m);
    let dm = match (day(ctx, m, y, month_only), month_only) {
        (Some(d), Some(mo)) if (1..=12).contains(&mo) && (1..=days_of(y, mo)).contains(&d) => {
            Some((d, mo))
        }
        (Some(_), _) => return None,
        (None, _) => None,
    };
    let dm2 = match (int(ctx, m, "d2"), int(ctx, m, "mo2")) {
        (Some(d2), mo2) => {
            let mo2 = mo2.or(dm.map(|x| x.1))?;
            ((1..=12).contains(&mo2) && (1..=days_in(mo2)).contains(&d2))
                .then_some(Some((d2, mo2)))?
        }
        (None, _) => None,
    };
    // "đợt 2: ngày 16/4": a colon makes a clock only with its minutes.
    let colon = m
        .group(ctx.rules, "hh")
        .is_some_and(|(_, e)| ctx.hay[e..].starts_with(':'));
    if colon && ctx.group(m, "mi").is_none() {
        return None;
    }
    let clock = match (int(ctx, m, "hh"), int(ctx, m, "mi")) {
        (Some(h), mi) if h < 24 && mi.unwrap_or(0) < 60 => Some((hour(ctx, m, h), mi.unwrap_or(0))),
        (Some(_), _) => return None,
        _ => None,
    };
    let (value, precision) = match (dm, y, y2) {
        (None, Some(a), Some(b)) => {
            if b <= a || b - a > 50 {
                return None;
            }
            (format!("{a}/{b}"), "period")
        }
        (None, Some(a), None) => match month_only {
            Some(mo) if (1..=12).contains(&mo) => (format!("{a:04}-{mo:02}"), "month"),
            Some(_) => return None,
            None => (format!("{a}"), "year"),
        },
        (Some((d, mo)), year, _) => {
            let year = year.or_else(|| infer_year(ctx.published, mo, d));
            let first = ymd(year, mo, d);
            match (dm2, clock) {
                (Some((d2, mo2)), _) => {
                    let year2 = year.map(|y| if (mo2, d2) < (mo, d) { y + 1 } else { y });
                    (format!("{first}/{}", ymd(year2, mo2, d2)), "range")
                }
                (None, Some((h, mi))) => (format!("{first}T{h:02}:{mi:02}"), "minute"),
                (None, None) => (first, "day"),
            }
        }
        // A month alone (tháng 6): the publication's year, or the one before.
        (None, None, None) => match month_only {
            Some(mo) if (1..=12).contains(&mo) => match infer_year(ctx.published, mo, 1) {
                Some(y) => (format!("{y:04}-{mo:02}"), "month"),
                None => (format!("XXXX-{mo:02}"), "month"),
            },
            _ => return None,
        },
        (None, None, Some(_)) => return None,
    };
    Some(DateFact {
        value,
        precision: precision.to_string(),
        ev: ctx.evidence(m, m.mention(ctx.rules)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_weeks_across_year_ends() {
        assert_eq!(iso_week(2017, 9, 4), (2017, 36));
        assert_eq!(iso_week(2018, 12, 31), (2019, 1));
        assert_eq!(iso_week(2021, 1, 3), (2020, 53));
        assert_eq!(iso_week(2021, 1, 11), (2021, 2));
    }

    #[test]
    fn days_of_february_follow_leap_years() {
        assert_eq!(days_of(Some(2016), 2), 29);
        assert_eq!(days_of(Some(1900), 2), 28);
        assert_eq!(days_of(Some(2000), 2), 29);
        assert_eq!(days_of(None, 2), 29);
    }
}
