//! One document from bytes to facts: decode, read the article, normalise, match the rules,
//! build typed facts, and give every fact its sentence and character offsets.

use xxhash_rust::xxh3::xxh3_64;

use crate::article::{plain_text_meta, Meta};
use crate::checks::{self, Check};
use crate::decode::{decode, reconsider_text};
use crate::facts::{
    self, award::AwardInputs, Award, Context, DateFact, Evidence, Mention, Quantity, Ymd,
};
use crate::html;
use crate::ingest::{Format, Item, Payload};
use crate::normalize::{clean_owned, CharCounter, MatchForm};
use crate::numbers::Convention;
use crate::rules::{resolve, Candidate, Produces, RuleMatch, RuleSet};
use crate::sentences::{self, Sentence};
use crate::timings::{self, Stage};

/// A `documents` row.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct DocumentRow {
    pub doc_id: String,
    pub source: String,
    pub format: String,
    pub encoding: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub district: Option<String>,
    pub province: Option<String>,
    pub text: Option<String>,
    pub n_chars: u64,
    /// Characters that could not be decoded (U+FFFD in the text).
    pub n_replaced: u64,
    pub n_quantities: u64,
    pub n_awards: u64,
    pub n_dates: u64,
    pub n_checks: u64,
    /// `ok`, `warning` (undecodable bytes), `empty`, `skipped` or `error`.
    pub status: String,
    pub error: Option<String>,
}

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
    let mut by_layer: [Vec<RuleMatch>; 4] = Default::default();
    for m in rules.find_all(hay) {
        let layer = rules.rules[m.rule].layer as usize;
        by_layer[layer].push(m);
    }
    let [mentions, awards, grantors, statuses] = by_layer;

    let built: Vec<Built> = mentions
        .into_iter()
        .filter_map(|m| {
            let mentions = facts::build_mention(&ctx, &m)?;
            Some(Built {
                priority: rules.rules[m.rule].spec.priority,
                m,
                mentions,
            })
        })
        .collect();
    let mut quantities = Vec::new();
    let mut dates = Vec::new();
    for b in resolve(built) {
        for mention in b.mentions {
            match mention {
                Mention::Quantity(q) => quantities.push(q),
                Mention::Date(d) => dates.push(d),
            }
        }
    }
    let keep = |ms: Vec<RuleMatch>| -> Vec<RuleMatch> {
        resolve(ms.into_iter().map(|m| Plain(m, rules)).collect())
            .into_iter()
            .map(|p| p.0)
            .collect()
    };
    // Facts on page-chrome lines (visitor counters, QR blocks, related news) are not the
    // article's: they are dropped before anything is built on them.
    let chrome = rules.chrome.spans(form);
    let on_chrome = |form_byte: usize| {
        !chrome.is_empty() && crate::chrome::covers(&chrome, form.map.to_text(form_byte))
    };
    quantities.retain(|q| !on_chrome(q.ev.start));
    dates.retain(|d| !on_chrome(d.ev.start));
    let forms: Vec<RuleMatch> = keep(awards)
        .into_iter()
        .filter(|m| rules.rules[m.rule].spec.produces == Produces::Award && !on_chrome(m.start))
        .collect();
    let grantors = keep(grantors);
    let statuses = keep(statuses);

    // Sentences are split on the clean text (case marks their starts) and mapped to the form.
    let text_sentences = sentences::split(text, &rules.lexicon.abbreviations);
    let to_form = |b: usize| form.map.from_text(b);
    let form_sentences: Vec<Sentence> = text_sentences
        .iter()
        .map(|s| Sentence {
            start: to_form(s.start),
            end: to_form(s.end),
        })
        .collect();
    facts::quantity::attach_context(&ctx, &mut quantities, &form_sentences);
    let original = |s: usize, e: usize| text[form.map.to_text(s)..form.map.to_text(e)].to_string();
    let mut award_rows = facts::award::build(
        &ctx,
        &AwardInputs {
            forms: &forms,
            grantors: &grantors,
            statuses: &statuses,
            counts: &quantities,
            sentences: &form_sentences,
            original: &original,
        },
    );

    // Offsets: matching-form bytes → clean-text bytes → characters; surface text and sentence.
    let mut evidences: Vec<&mut Evidence> = quantities
        .iter_mut()
        .map(|q| &mut q.ev)
        .chain(award_rows.iter_mut().map(|a| &mut a.ev))
        .chain(dates.iter_mut().map(|d| &mut d.ev))
        .collect();
    evidences.sort_by_key(|e| e.start);
    let mut counter = CharCounter::new(text);
    for ev in evidences {
        let (s, e) = (form.map.to_text(ev.start), form.map.to_text(ev.end));
        ev.text = text[s..e].to_string();
        ev.bytes = (s, e);
        ev.sentence = sentences::index_of(&text_sentences, s)
            .map(|i| text[text_sentences[i].start..text_sentences[i].end].to_string())
            .unwrap_or_default();
        ev.start = counter.at(s);
        ev.end = counter.at(e);
    }
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

/// Processes one input item into its rows; never panics on bad input.
pub fn process(rules: &RuleSet, item: &Item) -> Extraction {
    let replaced: usize;
    let mut warning: Option<String> = None;
    let (raw_text, encoding, meta, url, content_hash_of): (
        String,
        Option<String>,
        Meta,
        Option<String>,
        Vec<u8>,
    ) = match &item.payload {
        Payload::Skipped(reason) => return failed(item, "skipped", reason.clone()),
        Payload::Failed(message) => return failed(item, "error", message.clone()),
        Payload::Bytes(bytes) => {
            let html = item.format == Format::Html;
            let decoded = timings::time(Stage::Decode, || decode(bytes, html));
            replaced = decoded.replaced;
            if html {
                let page =
                    timings::time(Stage::Article, || html::read(&decoded.text, &rules.chrome));
                warning = page.warning.clone();
                (
                    timings::time(Stage::Normalize, || clean_owned(page.text, None)),
                    Some(decoded.encoding),
                    page.meta,
                    None,
                    bytes.clone(),
                )
            } else {
                let text =
                    timings::time(Stage::Normalize, || clean_owned(decoded.text, decoded.scan));
                let meta = timings::time(Stage::Article, || plain_text_meta(&text, &rules.chrome));
                (text, Some(decoded.encoding), meta, None, bytes.clone())
            }
        }
        Payload::Record(r) => {
            let field = r.html.as_ref().or(r.text.as_ref());
            let Some(field) = field else {
                return failed(item, "error", "no `text` or `html` field".into());
            };
            // A record's string may still hold mojibake, byte-font text or VIQR.
            let decoded = timings::time(Stage::Decode, || reconsider_text(field));
            replaced = decoded.replaced;
            let (text, mut meta) = if r.html.is_some() {
                let page =
                    timings::time(Stage::Article, || html::read(&decoded.text, &rules.chrome));
                warning = page.warning.clone();
                (
                    timings::time(Stage::Normalize, || clean_owned(page.text, None)),
                    page.meta,
                )
            } else {
                let text =
                    timings::time(Stage::Normalize, || clean_owned(decoded.text, decoded.scan));
                let meta = timings::time(Stage::Article, || plain_text_meta(&text, &rules.chrome));
                (text, meta)
            };
            let encoding = decoded.encoding;
            if let Some(t) = r.title.as_ref().filter(|t| !t.trim().is_empty()) {
                meta.title = Some(t.trim().to_string());
            }
            if let Some(p) = r.published.as_deref().and_then(html::iso_prefix) {
                meta.published = Some(p);
            }
            let hash = r
                .html
                .as_ref()
                .or(r.text.as_ref())
                .map(|s| s.as_bytes().to_vec())
                .unwrap_or_default();
            (text, Some(encoding), meta, r.url.clone(), hash)
        }
    };
    // Every branch above gives clean text: the text all offsets refer to.
    let mut text = raw_text;
    // No article is this long: a bigger text is a dump or a trap, read only in part so that
    // its time and memory stay bounded.
    if text.len() > MAX_TEXT_BYTES {
        let mut cut = MAX_TEXT_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let cut = text[..cut]
            .rfind('\n')
            .filter(|&n| n > MAX_TEXT_BYTES / 2)
            .unwrap_or(cut);
        let note = format!(
            "text of {:.1} MB cut to its first {} MB",
            text.len() as f64 / f64::from(1 << 20),
            MAX_TEXT_BYTES >> 20
        );
        warning = Some(match warning {
            Some(w) => format!("{w}; {note}"),
            None => note,
        });
        text.truncate(cut);
    }
    let form = timings::time(Stage::Normalize, || MatchForm::new(&text));
    let published = meta.published.as_deref();
    let facts = timings::time(Stage::Rules, || facts_of(rules, &text, &form, published));
    let n_chars = text.chars().count() as u64;
    let (district, province) = rules.places.locate(&text, &form);
    let (status, message) = if text.trim().is_empty() {
        ("empty", warning.or_else(|| Some("no text".to_string())))
    } else if replaced > 0 {
        (
            "warning",
            Some(format!(
                "{replaced} characters could not be decoded and were replaced by U+FFFD"
            )),
        )
    } else if let Some(w) = warning {
        ("warning", Some(w))
    } else {
        ("ok", None)
    };
    Extraction {
        document: DocumentRow {
            doc_id: doc_id(&item.source, &content_hash_of),
            source: item.source.clone(),
            format: item.format.name().to_string(),
            encoding,
            title: meta.title,
            published: meta.published,
            url,
            district,
            province,
            n_chars,
            n_replaced: replaced as u64,
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
