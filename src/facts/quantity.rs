//! Quantities from rule captures.
//!
//! Groups a quantity rule may name: `num` (digits) or `numw` (number words), `den` (a
//! ratio's whole), `scale` (`nghìn`, `triệu`, `tỷ`), `sfx` (a scale letter glued to the
//! digits: `10K`), `unit`, `per`, `approx`, `neg`/`neg2` (`âm`, or a `-` glued to the number),
//! `num2` (the far end of a range, with `range = true`), `ord` (a rank in words),
//! `m` (the mention, when context words are matched around it).

use super::{one_spaced as noun, Context, Quantity};
use crate::normalize::fold;
use crate::numbers::{parse_digits, parse_ordinal, parse_words, stated_decimals};
use crate::rules::{QuantityKind, RuleMatch};

fn number(ctx: &Context, m: &RuleMatch, digits: &str, words: &str) -> Option<(f64, u32)> {
    if let Some(d) = ctx.group(m, digits) {
        return Some((
            parse_digits(d, ctx.convention)?,
            stated_decimals(d, ctx.convention),
        ));
    }
    if let Some(w) = ctx.group(m, words) {
        return Some((parse_words(w, &ctx.rules.lexicon)?, 0));
    }
    None
}

fn is_year(v: f64) -> bool {
    v.fract() == 0.0 && (1900.0..=2100.0).contains(&v)
}

/// `103/15 phường Lam Sơn`: a place noun followed by a capitalised name.
fn is_address(ctx: &Context, m: &RuleMatch, unit: Option<&str>) -> bool {
    if !unit.is_some_and(|u| ctx.rules.lexicon.place_nouns.contains(u)) {
        return false;
    }
    // The matching form is lower case: read the name's case in the clean text.
    let end = m.end;
    let rest = ctx.hay[end..].trim_start_matches(' ');
    let offset = ctx.hay.len() - rest.len();
    ctx.original_at(offset).is_some_and(|c| c.is_uppercase())
}

/// Where the number of a match starts (after its hedge word).
fn number_start(ctx: &Context, m: &RuleMatch) -> usize {
    let number = m
        .group(ctx.rules, "num")
        .or_else(|| m.group(ctx.rules, "numw"));
    number.map_or(m.start, |(s, _)| s)
}

/// A unit written with a capital and followed by another capitalised word is the start of
/// a name: "156 Xã Đàn" is a street, "Nhi đồng 1 Thành phố Hồ Chí Minh" a hospital's name
/// ("12 Trang, nhóm Zalo" stays a count).
fn titled_unit(ctx: &Context, m: &RuleMatch) -> bool {
    let Some((s, e)) = m.group(ctx.rules, "unit") else {
        return false;
    };
    let rest = &ctx.hay[e..];
    let next = e + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    let capital = |b: usize| ctx.original_at(b).is_some_and(char::is_uppercase);
    // A word in capitals throughout is a headline's, not a name's.
    let second = ctx.hay[next..].chars().next().map(|c| next + c.len_utf8());
    let titled = second.is_some_and(|b| ctx.original_at(b).is_some_and(char::is_lowercase));
    next > e && capital(s) && capital(next) && titled
}

/// A number word that only goes on a number: tens, hundreds, scales (a digit word such as
/// "một" or "không" may start what follows: "ba tháng một lần", "hai gia đình không …").
fn is_number_word(lexicon: &crate::lexicon::Lexicon, w: &str) -> bool {
    let w = w.trim_end_matches([',', '.', ';', ')']);
    let lists = [
        &lexicon.ten_words,
        &lexicon.tens_words,
        &lexicon.hundred_words,
        &lexicon.scale,
    ];
    lists.iter().any(|l| l.contains(w))
}

/// The scale of a letter glued to the digits (`160k`, `1,2M`): 1 without one; `None` for
/// a lower-case `m`, which is metres (`5m đường`), and before a noun of time.
fn suffix_scale(ctx: &Context, m: &RuleMatch) -> Option<f64> {
    let Some((s, e)) = m.group(ctx.rules, "sfx") else {
        return Some(1.0);
    };
    let letter = &ctx.hay[s..e];
    if letter == "m" && !ctx.original_at(s).is_some_and(char::is_uppercase) {
        return None;
    }
    // "vàng 24k năm nay": a letter before a noun of time is a name's (24 karat).
    let unit = ctx.words(m, "unit");
    if unit.is_some_and(|u| ctx.rules.lexicon.time_nouns.contains(&u)) {
        return None;
    }
    ctx.rules.lexicon.scale_suffixes.value(letter)
}

/// Whether the number is negative (`âm 1.285 tỷ đồng`, `-6 độ C`), and where the mention
/// starts when a dash before it is no sign but joins a range (`22 -25 độ C`, `1%-3%`);
/// `None` when the dash joins a name (`MiG-29`), whose number is no quantity.
fn sign(ctx: &Context, m: &RuleMatch) -> Option<(bool, Option<usize>)> {
    let Some((s, e)) = m
        .group(ctx.rules, "neg")
        .or_else(|| m.group(ctx.rules, "neg2"))
    else {
        return Some((false, None));
    };
    if ctx.hay[s..e].trim() != "-" {
        return Some((true, None));
    }
    let before = &ctx.hay[..s];
    if before.ends_with(char::is_alphabetic) {
        return None;
    }
    let after_number = before
        .trim_end()
        .trim_end_matches(['.', ','])
        .ends_with(|c: char| c.is_ascii_digit() || matches!(c, '/' | '-' | '%'));
    Some(if after_number {
        (false, Some(e))
    } else {
        (true, None)
    })
}

/// A year written as four bare digits (2015, not 2.015).
fn bare_year(ctx: &Context, m: &RuleMatch, value: f64) -> bool {
    is_year(value) && ctx.group(m, "num").is_some_and(|d| d.len() == 4)
}

/// Whether a word of `list` stands right before byte `start`.
fn after_word(ctx: &Context, start: usize, list: &crate::lexicon::WordList) -> bool {
    let head = ctx.hay[..start].trim_end();
    let edge = |h: &str| h.is_empty() || !h.ends_with(char::is_alphabetic);
    list.suffix_of(head, edge).is_some()
}

/// A year after `năm` is the year of what follows ("năm 2018 huyện Đắk Song …").
fn after_year_word(ctx: &Context, start: usize, value: f64) -> bool {
    is_year(value) && after_word(ctx, start, &ctx.rules.lexicon.year_words)
}

/// Words after which `12/3` is a house number, a lane, a class or a place in a ranking,
/// not a part of a whole.
fn after_address_word(ctx: &Context, start: usize) -> bool {
    after_word(ctx, start, &ctx.rules.lexicon.address_words)
}

pub fn build(ctx: &Context, m: &RuleMatch) -> Option<Vec<Quantity>> {
    let rule = &ctx.rules.rules[m.rule];
    let lexicon = &ctx.rules.lexicon;
    let kind = rule
        .spec
        .kind
        .unwrap_or(QuantityKind::Count)
        .as_str()
        .to_string();
    // Words the rule refuses as a number on their own ("một" is mostly the article "a"),
    // and a time noun right after a number: "75 năm Ngày truyền thống" counts years.
    if let Some(words) = ctx.group(m, "numw") {
        let head = ctx.hay[..number_start(ctx, m)].trim_end();
        let first = words.split_whitespace().next().unwrap_or_default();
        if head.ends_with(|c: char| c.is_ascii_digit()) && lexicon.time_nouns.contains(first) {
            return None;
        }
        if rule.spec.refuse.iter().any(|r| fold(r) == words) {
            return None;
        }
        // Number words are also names and idioms ("Dì Mười tên thật là", "dăm ba bữa", "bao
        // nhiêu năm tòa sẽ xử"): they count only the nouns of the domain, not mined ones.
        if lexicon.of_mined_nouns(ctx.words(m, "unit").as_deref()) {
            return None;
        }
        // Vague amounts ("vài ba chục ngàn", "hàng chục người") are not annotated; and a
        // number word after the unit means the unit was a digit of the number ("… một trăm
        // năm mươi lăm nghìn đồng").
        let next = ctx.hay[m.end..]
            .split_whitespace()
            .next()
            .unwrap_or_default();
        if after_word(ctx, number_start(ctx, m), &lexicon.vague_words)
            || is_number_word(lexicon, next)
        {
            return None;
        }
    }
    let (mut value, decimals) = match number(ctx, m, "num", "numw") {
        Some(v) => v,
        None => (parse_ordinal(ctx.group(m, "ord")?, lexicon)?, 0),
    };
    let scale = ctx
        .group(m, "scale")
        .map(|s| lexicon.scale.value(&noun(s)).unwrap_or(1.0))
        .unwrap_or(1.0)
        * suffix_scale(ctx, m)?;
    value *= scale;
    // "2 tỷ 992 triệu đồng": the rest of the amount in a smaller scale.
    if let (Some((rest, _)), Some(rest_scale)) =
        (number(ctx, m, "rest", "restw"), ctx.group(m, "rest_scale"))
    {
        value += rest * lexicon.scale.value(&noun(rest_scale)).unwrap_or(1.0);
    }
    if scale > 1.0 {
        // 65,1 triệu is 65 100 000 đồng, not 65 099 999.99…
        value = value.round();
    }
    let (negative, dash_end) = sign(ctx, m)?;
    if negative {
        value = -value;
    }
    let mut span = m.mention(ctx.rules);
    if let Some(end) = dash_end {
        span.0 = span.0.max(end);
    }
    let unit = ctx.words(m, "unit").or_else(|| rule.spec.unit.clone());
    let mut q = Quantity {
        kind: kind.clone(),
        value,
        unit,
        approx: ctx.group(m, "approx").is_some(),
        per: ctx.words(m, "per"),
        decimals,
        ev: ctx.evidence(m, span),
        ..Quantity::default()
    };
    match kind.as_str() {
        "ratio" => {
            let (den, _) = number(ctx, m, "den", "denw")?;
            let num = q.value;
            if den <= 0.0 || num.fract() != 0.0 || den.fract() != 0.0 || is_year(den) {
                return None;
            }
            // A part that could be a day and month is a date unless a counted noun follows
            // (and a noun of time is no such noun: "1/6 Ngày Quốc tế Thiếu nhi"); a year over
            // two digits is a season ("2010/11").
            let day_month = (1.0..=31.0).contains(&num) && (1.0..=12.0).contains(&den);
            let time_noun = q
                .unit
                .as_deref()
                .is_some_and(|u| lexicon.time_nouns.contains(u));
            if day_month && (q.unit.is_none() || time_noun) {
                return None;
            }
            // A day before its month ("chiều 5/2 đơn vị này…"), a season ("2016/17"), an
            // address or a class ("số 42/1 ấp", "lớp 9/1") are not parts of a whole.
            if (day_month && num > den)
                || (is_year(num) && den < 100.0)
                || after_address_word(ctx, m.start)
                || is_address(ctx, m, q.unit.as_deref())
            {
                return None;
            }
            q.numerator = Some(num);
            q.denominator = Some(den);
            q.value = num / den;
        }
        "count" | "rank" if q.value.fract() != 0.0 && scale == 1.0 => return None,
        "count" if scale == 1.0 && after_year_word(ctx, number_start(ctx, m), q.value) => {
            return None
        }
        "count" if after_word(ctx, number_start(ctx, m), &lexicon.ordinal_markers) => return None,
        "count" if titled_unit(ctx, m) => return None,
        // "BLHS 2015 quy định": a bare year before a mined noun is the year of a name.
        "count" if bare_year(ctx, m, q.value) && lexicon.of_mined_nouns(q.unit.as_deref()) => {
            return None
        }
        _ => {}
    }
    if rule.spec.range {
        let (far, far_decimals) = number(ctx, m, "num2", "num2w")?;
        let (ns, ne) = m.group(ctx.rules, "num")?;
        let (fs, fe) = m.group(ctx.rules, "num2")?;
        if far <= q.value / scale {
            return None;
        }
        let mut near = q.clone();
        near.ev = ctx.evidence(m, (ns, ne));
        let mut far_q = q;
        far_q.value = far * scale;
        far_q.decimals = far_decimals;
        far_q.ev = ctx.evidence(m, (fs, fe));
        return Some(vec![near, far_q]);
    }
    Some(vec![q])
}

/// Fills `subject` and `qualifier` of ratios and percentages from their sentence:
/// "97,6% số tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ" (subject after the figure),
/// "Tỷ lệ đảng viên … đạt 88,2%" (subject after `tỷ lệ`), "trong đó có 19,5% hoàn thành
/// xuất sắc nhiệm vụ" (the subject of the figure before it in the sentence).
pub fn attach_context(
    ctx: &Context,
    quantities: &mut [Quantity],
    sentences: &[crate::sentences::Sentence],
) {
    let hay = ctx.hay;
    let lexicon = &ctx.rules.lexicon;
    let (Some(unit_re), qualifier_re) = (
        ctx.rules.unit_at_start.as_ref(),
        ctx.rules.qualifier_at_start.as_ref(),
    ) else {
        return;
    };
    let mut last: Option<(usize, String)> = None; // (sentence, subject)
    for q in quantities
        .iter_mut()
        .filter(|q| q.kind == "percent" || q.kind == "ratio")
    {
        let sentence = sentences
            .iter()
            .position(|s| s.start <= q.ev.form_start() && q.ev.form_start() < s.end);
        let sent_start = sentence.map(|i| sentences[i].start).unwrap_or(0);
        let mut rest = hay[q.ev.form_end()..].trim_start_matches([' ', '\t']);
        if q.kind == "percent" {
            let after = lexicon
                .subject_markers
                .words()
                .find_map(|w| rest.strip_prefix(w)?.strip_prefix(' '))
                .unwrap_or(rest);
            if let Some(u) = unit_re.find(after) {
                q.subject = Some(noun(u.as_str()));
                q.subject_follows = true;
                rest = after[u.end()..].trim_start();
            } else if let Some(after_rate) =
                after_rate_word(lexicon, &hay[sent_start..q.ev.form_start()])
            {
                q.subject = unit_re.find(after_rate).map(|u| noun(u.as_str()));
            }
            if q.subject.is_none() {
                q.subject = last
                    .as_ref()
                    .filter(|(s, _)| Some(*s) == sentence)
                    .map(|(_, subj)| subj.clone());
            }
            if let (Some(subject), Some(i)) = (&q.subject, sentence) {
                last = Some((i, subject.clone()));
            }
        }
        if let Some(qre) = qualifier_re {
            if let Some(m) = qre.find(rest) {
                q.qualifier = Some(noun(m.as_str()));
            }
        }
    }
}

/// What follows the last rate word (`tỷ lệ`) of `head`, if it has one.
fn after_rate_word<'h>(lexicon: &crate::lexicon::Lexicon, head: &'h str) -> Option<&'h str> {
    let found = lexicon.rate_words.words().find_map(|w| {
        let p = head.rfind(&format!("{w} "))?;
        Some(p + w.len() + 1)
    })?;
    Some(&head[found..])
}
