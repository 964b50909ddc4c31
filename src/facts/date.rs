//! Dates from rule captures, written as TimeML's TIMEX3 does in ISO 8601.
//!
//! Groups a date rule may name: `d`, `mo`, `y` (day, month, year), `mow` (a month in
//! words), `q` (a quarter), `d2`, `mo2` (the end of a range of days), `y2` (the end of a
//! period of years), `hh`, `mi` (a clock time).
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

/// A year written with four digits, in a plausible range.
fn year(ctx: &Context, m: &RuleMatch, name: &str) -> Option<Option<i32>> {
    match ctx.group(m, name) {
        None => Some(None),
        Some(s) => {
            let y: i32 = s.trim().parse().ok()?;
            (s.trim().len() == 4 && (1000..=2100).contains(&y)).then_some(Some(y))
        }
    }
}

fn day_month(ctx: &Context, m: &RuleMatch, d: &str, mo: Option<u32>) -> Option<Option<(u32, u32)>> {
    match (int(ctx, m, d), mo) {
        (Some(d), Some(mo)) if (1..=12).contains(&mo) && (1..=days_in(mo)).contains(&d) => {
            Some(Some((d, mo)))
        }
        (None, _) => Some(None),
        _ => None,
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

/// The month of a match: in digits (`mo`) or in words (`mow`, the lexicon's `month_words`).
fn month(ctx: &Context, m: &RuleMatch) -> Option<u32> {
    let words = || {
        ctx.group(m, "mow")
            .map(|w| w.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    int(ctx, m, "mo").or_else(|| Some(ctx.rules.lexicon.month_words.value(&words()?)? as u32))
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
    let y = year(ctx, m, "y")?;
    let y2 = year(ctx, m, "y2")?;
    let month_only = month(ctx, m);
    let dm = day_month(ctx, m, "d", month_only)?;
    let dm2 = match (int(ctx, m, "d2"), int(ctx, m, "mo2")) {
        (Some(d2), mo2) => {
            let mo2 = mo2.or(dm.map(|x| x.1))?;
            ((1..=12).contains(&mo2) && (1..=days_in(mo2)).contains(&d2))
                .then_some(Some((d2, mo2)))?
        }
        (None, _) => None,
    };
    let clock = match (int(ctx, m, "hh"), int(ctx, m, "mi")) {
        (Some(h), mi) if h < 24 && mi.unwrap_or(0) < 60 => Some((h, mi.unwrap_or(0))),
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
        (None, None, _) => return None,
    };
    Some(DateFact {
        value,
        precision: precision.to_string(),
        ev: ctx.evidence(m, m.mention(ctx.rules)),
    })
}
