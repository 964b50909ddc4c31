//! One document from bytes to facts: decode, read the article, normalise, match the rules,
//! build typed facts, and give every fact its sentence and character offsets.

use xxhash_rust::xxh3::xxh3_64;

use crate::article::{plain_text_meta, Meta};
use crate::checks::{self, Check};
use crate::decode::{decode_declared, not_text, reconsider_text};
use crate::facts::{
    self, award::AwardInputs, Award, Context, DateFact, Evidence, Mention, Quantity, Ymd,
};
use crate::html;
use crate::ingest::{Format, Item, Payload, MAX_INPUT_BYTES};
use crate::normalize::{clean_owned, CharCounter, FormByte, MatchForm, TextByte};
use crate::numbers::Convention;
use crate::places::Stated;
use crate::rules::{resolve, Candidate, Produces, RuleMatch, RuleSet};
pub use crate::schema::DocumentRow;
use crate::sentences::{self, Sentence};
use crate::timings::{self, Stage};

/// Everything one document gives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    pub document: DocumentRow,
    pub quantities: Vec<Quantity>,
    pub awards: Vec<Award>,
    pub dates: Vec<DateFact>,
    pub checks: Vec<Check>,
}

/// The facts of a text, before they are tied to a document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub quantities: Vec<Quantity>,
    pub awards: Vec<Award>,
    pub dates: Vec<DateFact>,
    pub checks: Vec<Check>,
    /// Why facts were left out, if some were (more than `MAX_FACTS` of a kind).
    pub cut: Option<String>,
}

/// Facts of one kind a document keeps: the most in 35,414 news articles is 117
/// quantities; thousands are a generated or repeated text, whose every fact would carry its
/// sentence.
pub const MAX_FACTS: usize = 2_000;

/// Keeps the first `MAX_FACTS` of `facts` (in text order); says how many it left out.
fn keep_first<T>(facts: &mut Vec<T>, kind: &str) -> Option<String> {
    let over = facts.len().checked_sub(MAX_FACTS).filter(|&n| n > 0)?;
    facts.truncate(MAX_FACTS);
    Some(format!("{over} {kind} past the first {MAX_FACTS} left out"))
}

struct Built {
    m: RuleMatch,
    priority: i32,
    mentions: Vec<Mention>,
}

impl Candidate for Built {
    fn span(&self) -> (usize, usize) {
        (self.m.start, self.m.end)
    }
    fn priority(&self) -> i32 {
        self.priority
    }
    fn order(&self) -> usize {
        self.m.rule
    }
}

struct Plain<'a>(RuleMatch, &'a RuleSet);

impl Candidate for Plain<'_> {
    fn span(&self) -> (usize, usize) {
        (self.0.start, self.0.end)
    }
    fn priority(&self) -> i32 {
        self.1.rules[self.0.rule].spec.priority
    }
    fn order(&self) -> usize {
        self.0.rule
    }
}

/// The stable id of a document: a hash of where it came from and what it holds.
pub fn doc_id(source: &str, content: &[u8]) -> String {
    let mut buf = Vec::with_capacity(source.len() + 1 + content.len());
    buf.extend_from_slice(source.as_bytes());
    buf.push(0);
    buf.extend_from_slice(content);
    format!("{:016x}", xxh3_64(&buf))
}

/// The most text of one document that is read for facts.
pub const MAX_TEXT_BYTES: usize = 2 << 20;

/// Extracts the facts of a clean text. `published` resolves dates without a year.
pub fn extract_text(rules: &RuleSet, text: &str, published: Option<&str>) -> Facts {
    let form = timings::time(Stage::Normalize, || MatchForm::new(text));
    timings::time(Stage::Rules, || facts_of(rules, text, &form, published))
}

/// The matches of every rule, by the layer they compete in.
fn matches_by_layer(rules: &RuleSet, hay: &str) -> [Vec<RuleMatch>; 4] {
    let mut by_layer: [Vec<RuleMatch>; 4] = Default::default();
    for m in rules.find_all(hay) {
        let layer = rules.rules[m.rule].layer as usize;
        by_layer[layer].push(m);
    }
    by_layer
}

/// Quantities and dates of the mentions layer, overlaps resolved.
fn mentions(ctx: &Context, matches: Vec<RuleMatch>) -> (Vec<Quantity>, Vec<DateFact>) {
    let built: Vec<Built> = matches
        .into_iter()
        .filter_map(|m| {
            let mentions = facts::build_mention(ctx, &m)?;
            let priority = ctx.rules.rules[m.rule].spec.priority;
            Some(Built {
                priority,
                m,
                mentions,
            })
        })
        .collect();
    let (mut quantities, mut dates) = (Vec::new(), Vec::new());
    for mention in resolve(built).into_iter().flat_map(|b| b.mentions) {
        match mention {
            Mention::Quantity(q) => quantities.push(q),
            Mention::Date(d) => dates.push(d),
        }
    }
    (quantities, dates)
}

/// The matches of one layer that win their overlaps.
fn winners(rules: &RuleSet, matches: Vec<RuleMatch>) -> Vec<RuleMatch> {
    let plain = matches.into_iter().map(|m| Plain(m, rules)).collect();
    resolve(plain).into_iter().map(|p| p.0).collect()
}

/// Sentences of the clean text (case marks their starts) and the same in the matching form.
fn sentences_of(rules: &RuleSet, text: &str, form: &MatchForm) -> (Vec<Sentence>, Vec<Sentence>) {
    let in_text = sentences::split(text, &rules.lexicon.abbreviations);
    let to_form = |b: usize| form.map.from_text(TextByte(b)).0;
    let in_form = in_text
        .iter()
        .map(|s| Sentence {
            start: to_form(s.start),
            end: to_form(s.end),
        })
        .collect();
    (in_text, in_form)
}

/// Gives each fact, built on the matching form, its clean-text bytes, its surface text,
/// its sentence and its characters (in one forward pass over the text).
fn place(text: &str, form: &MatchForm, sentences: &[Sentence], evidences: Vec<&mut Evidence>) {
    let mut evidences = evidences;
    evidences.sort_by_key(|e| e.form.0);
    let mut counter = CharCounter::new(text);
    for ev in evidences {
        let (s, e) = (form.map.to_text(ev.form.0), form.map.to_text(ev.form.1));
        ev.text = text[s.0..e.0].to_string();
        ev.bytes = (s, e);
        ev.sentence = sentences::index_of(sentences, s.0)
            .map(|i| text[sentences[i].start..sentences[i].end].to_string())
            .unwrap_or_default();
        ev.start = counter.at(s);
        ev.end = counter.at(e);
    }
}

fn facts_of(rules: &RuleSet, text: &str, form: &MatchForm, published: Option<&str>) -> Facts {
    let hay = form.text.as_str();
    let ctx = Context {
        rules,
        hay,
        convention: Convention::detect(text),
        published: published.and_then(Ymd::parse_iso),
        form,
        text,
    };
    let [mention_matches, awards, grantors, statuses] = matches_by_layer(rules, hay);
    let (mut quantities, mut dates) = mentions(&ctx, mention_matches);

    // Facts on page-chrome lines (visitor counters, QR blocks, related news) are not the
    // article's: they are dropped before anything is built on them.
    let chrome = rules.chrome.spans(form);
    let on_chrome = |b: usize| {
        !chrome.is_empty() && crate::chrome::covers(&chrome, form.map.to_text(FormByte(b)).0)
    };
    quantities.retain(|q| !on_chrome(q.ev.form_start()));
    dates.retain(|d| !on_chrome(d.ev.form_start()));
    let is_form = |m: &RuleMatch| rules.rules[m.rule].spec.produces == Produces::Award;
    let forms: Vec<RuleMatch> = winners(rules, awards)
        .into_iter()
        .filter(|m| is_form(m) && !on_chrome(m.start))
        .collect();

    let (text_sentences, form_sentences) = sentences_of(rules, text, form);
    facts::quantity::attach_context(&ctx, &mut quantities, &form_sentences);
    let original = |s: usize, e: usize| {
        let (s, e) = (form.map.to_text(FormByte(s)), form.map.to_text(FormByte(e)));
        text[s.0..e.0].to_string()
    };
    let inputs = AwardInputs {
        forms: &forms,
        grantors: &winners(rules, grantors),
        statuses: &winners(rules, statuses),
        counts: &quantities,
        sentences: &form_sentences,
        original: &original,
    };
    let mut award_rows = facts::award::build(&ctx, &inputs);
    let cut = [
        keep_first(&mut quantities, "quantities"),
        keep_first(&mut award_rows, "awards"),
        keep_first(&mut dates, "dates"),
    ]
    .into_iter()
    .fold(None, joined);

    let evidences = quantities
        .iter_mut()
        .map(|q| &mut q.ev)
        .chain(award_rows.iter_mut().map(|a| &mut a.ev))
        .chain(dates.iter_mut().map(|d| &mut d.ev))
        .collect();
    place(text, form, &text_sentences, evidences);
    award_rows.sort_by_key(|a| a.ev.start);

    let mut checks = checks::run(text, form, &rules.lexicon, &text_sentences, &quantities);
    // Checks come in text order: their spans become characters in one forward pass.
    let mut counter = CharCounter::new(text);
    for c in &mut checks {
        c.ev.start = counter.at(c.ev.bytes.0);
        c.ev.end = counter.at(c.ev.bytes.1);
    }
    Facts {
        quantities,
        awards: award_rows,
        dates,
        checks,
        cut,
    }
}

fn failed(item: &Item, status: &str, message: String) -> Extraction {
    Extraction {
        document: DocumentRow {
            doc_id: doc_id(&item.source, message.as_bytes()),
            source: item.source.clone(),
            format: item.format.name().to_string(),
            status: status.to_string(),
            error: Some(message),
            ..DocumentRow::default()
        },
        ..Extraction::default()
    }
}

/// An input read as clean text, with what it says of itself.
struct Read {
    text: String,
    encoding: String,
    meta: Meta,
    url: Option<String>,
    fetched: Option<String>,
    /// What the document id hashes.
    content: Vec<u8>,
    /// Characters that could not be decoded.
    replaced: usize,
    warning: Option<String>,
    /// The district and province a record states.
    stated: Stated,
}

/// Clean text and metadata of an HTML page or a plain text, already decoded.
fn article(
    rules: &RuleSet,
    decoded: crate::decode::Decoded,
    html: bool,
) -> (String, Meta, Option<String>) {
    if html {
        let page = timings::time(Stage::Article, || html::read(&decoded.text, &rules.chrome));
        let text = timings::time(Stage::Normalize, || clean_owned(page.text, None));
        (text, page.meta, page.warning)
    } else {
        let text = timings::time(Stage::Normalize, || clean_owned(decoded.text, decoded.scan));
        let meta = timings::time(Stage::Article, || plain_text_meta(&text, &rules.chrome));
        (text, meta, None)
    }
}

/// Decodes the bytes of a file or fetched page (read in part when `cut_from` gives the
/// whole length) and reads its article.
fn read_bytes(
    rules: &RuleSet,
    item: &Item,
    bytes: &[u8],
    charset: Option<&str>,
    cut_from: Option<u64>,
) -> Result<Read, Box<Extraction>> {
    if let Some(reason) = not_text(bytes) {
        return Err(Box::new(failed(item, "skipped", reason.to_string())));
    }
    let html = item.format == Format::Html;
    let decoded = timings::time(Stage::Decode, || decode_declared(bytes, html, charset));
    let (replaced, encoding) = (decoded.replaced, decoded.encoding.clone());
    let (text, meta, warning) = article(rules, decoded, html);
    let cut = cut_from.map(|total| {
        let mb = total as f64 / f64::from(1 << 20);
        let limit = MAX_INPUT_BYTES >> 20;
        format!("input of {mb:.1} MB read in its first {limit} MB")
    });
    Ok(Read {
        text,
        encoding,
        meta,
        url: None,
        fetched: None,
        content: bytes.to_vec(),
        replaced,
        warning: joined(warning, cut),
        stated: Stated::default(),
    })
}

/// Decodes an item and reads its article; `Err` is the row of an item that has no text.
fn read(rules: &RuleSet, item: &Item) -> Result<Read, Box<Extraction>> {
    match &item.payload {
        Payload::Skipped(reason) => Err(Box::new(failed(item, "skipped", reason.clone()))),
        Payload::Failed(message) => Err(Box::new(failed(item, "error", message.clone()))),
        Payload::Bytes(bytes) => read_bytes(rules, item, bytes, None, None),
        Payload::Cut { bytes, total } => read_bytes(rules, item, bytes, None, Some(*total)),
        Payload::Fetched(f) => {
            let read = read_bytes(rules, item, &f.bytes, f.charset.as_deref(), f.cut_from)?;
            Ok(Read {
                url: f.url.clone(),
                fetched: f.fetched.as_deref().and_then(html::iso_prefix),
                ..read
            })
        }
        Payload::Record(r) => {
            let Some(field) = r.html.as_ref().or(r.text.as_ref()) else {
                let message = "no `text` or `html` field".to_string();
                return Err(Box::new(failed(item, "error", message)));
            };
            // A record's string may still hold mojibake, byte-font text or VIQR.
            let decoded = timings::time(Stage::Decode, || reconsider_text(field));
            let encoding = match (&r.encoding, decoded.encoding.as_str()) {
                (Some(line), "utf-8") => line.clone(),
                _ => decoded.encoding.clone(),
            };
            let replaced = decoded.replaced;
            let (text, mut meta, warning) = article(rules, decoded, r.html.is_some());
            if let Some(t) = r.title.as_ref().filter(|t| !t.trim().is_empty()) {
                meta.title = Some(t.trim().to_string());
            }
            if let Some(p) = r.published.as_deref().and_then(html::iso_prefix) {
                meta.published = Some(p);
            }
            let content = field.as_bytes().to_vec();
            Ok(Read {
                text,
                encoding,
                meta,
                url: r.url.clone(),
                fetched: None,
                content,
                replaced,
                warning,
                stated: Stated {
                    district: r.district.clone(),
                    province: r.province.clone(),
                },
            })
        }
    }
}

/// No article is this long: a bigger text is a dump or a trap, read only in part so that
/// its time and memory stay bounded. Returns the note for the documents row.
fn cut_long(text: &mut String) -> Option<String> {
    if text.len() <= MAX_TEXT_BYTES {
        return None;
    }
    let mut cut = MAX_TEXT_BYTES;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let cut = text[..cut]
        .rfind('\n')
        .filter(|&n| n > MAX_TEXT_BYTES / 2)
        .unwrap_or(cut);
    let mb = text.len() as f64 / f64::from(1 << 20);
    let note = format!(
        "text of {mb:.1} MB cut to its first {} MB",
        MAX_TEXT_BYTES >> 20
    );
    text.truncate(cut);
    Some(note)
}

/// Two notes for the `error` column, either of which may be missing.
fn joined(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(format!("{a}; {b}")),
        (a, b) => a.or(b),
    }
}

/// The `status` and `error` of a document that was read.
fn status_of(
    text: &str,
    replaced: usize,
    warning: Option<String>,
) -> (&'static str, Option<String>) {
    if text.trim().is_empty() {
        ("empty", warning.or_else(|| Some("no text".to_string())))
    } else if replaced > 0 {
        let message =
            format!("{replaced} characters could not be decoded and were replaced by U+FFFD");
        ("warning", Some(message))
    } else if let Some(w) = warning {
        ("warning", Some(w))
    } else {
        ("ok", None)
    }
}

/// Processes one input item into its rows; never panics on bad input.
pub fn process(rules: &RuleSet, item: &Item) -> Extraction {
    process_stated(rules, item, &Stated::default())
}

/// `process`, with the district and province its whole source states (a record's own
/// statement wins).
pub fn process_stated(rules: &RuleSet, item: &Item, source: &Stated) -> Extraction {
    let read = match read(rules, item) {
        Ok(read) => read,
        Err(row) => return *row,
    };
    // The text all offsets refer to.
    let mut text = read.text;
    let warning = joined(read.warning, cut_long(&mut text));
    let form = timings::time(Stage::Normalize, || MatchForm::new(&text));
    let published = read.meta.published.as_deref();
    let facts = timings::time(Stage::Rules, || facts_of(rules, &text, &form, published));
    let stated = Stated {
        district: read.stated.district.or_else(|| source.district.clone()),
        province: read.stated.province.or_else(|| source.province.clone()),
    };
    let title = read.meta.title.as_deref();
    let place = rules.places.locate(&text, &form, title, &stated);
    let warning = joined(warning, facts.cut.clone());
    let (status, message) = status_of(&text, read.replaced, warning);
    Extraction {
        document: DocumentRow {
            doc_id: doc_id(&item.source, &read.content),
            source: item.source.clone(),
            format: item.format.name().to_string(),
            encoding: Some(read.encoding),
            title: read.meta.title,
            published: read.meta.published,
            fetched: read.fetched,
            url: read.url,
            district: place.district,
            province: place.province,
            district_code: place.district_code,
            province_code: place.province_code,
            province_2025: place.province_2025,
            n_chars: text.chars().count() as u64,
            n_replaced: read.replaced as u64,
            n_quantities: facts.quantities.len() as u64,
            n_awards: facts.awards.len() as u64,
            n_dates: facts.dates.len() as u64,
            n_checks: facts.checks.len() as u64,
            text: Some(text),
            status: status.to_string(),
            error: message,
        },
        quantities: facts.quantities,
        awards: facts.awards,
        dates: facts.dates,
        checks: facts.checks,
    }
}
