//! Reading pattern files (TOML) into typed specifications that remember their file and line.
//!
//! This is the one place where every key of a pattern file is defined and documented: a
//! key not defined here is an error naming its file and line.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::lexicon::ListSpec;

/// The pattern files compiled into the binary, so it runs from anywhere.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "patterns/lexicon.toml",
        include_str!("../../patterns/lexicon.toml"),
    ),
    (
        "patterns/nouns.toml",
        include_str!("../../patterns/nouns.toml"),
    ),
    (
        "patterns/common.toml",
        include_str!("../../patterns/common.toml"),
    ),
    (
        "patterns/skip.toml",
        include_str!("../../patterns/skip.toml"),
    ),
    (
        "patterns/dates.toml",
        include_str!("../../patterns/dates.toml"),
    ),
    (
        "patterns/quantities.toml",
        include_str!("../../patterns/quantities.toml"),
    ),
    (
        "patterns/awards.toml",
        include_str!("../../patterns/awards.toml"),
    ),
];

/// A pattern file: any of these tables, each optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternFile {
    /// `[defs]`: named sub-patterns a rule writes as `{name}`.
    #[serde(default)]
    defs: BTreeMap<String, Spanned<String>>,
    /// `[[rule]]`: the rules.
    #[serde(default)]
    rule: Vec<Spanned<RuleSpec>>,
    /// `[recipients]`: counted nouns that name award recipients, and their kind
    /// (`tap_the`, `ca_nhan`, `ho_gia_dinh`, or `""` for a kind left unstated).
    #[serde(default)]
    recipients: BTreeMap<String, Spanned<RecipientKind>>,
    /// `[vocabulary.ID]`: the forms of commendation an award rule may name.
    #[serde(default)]
    vocabulary: BTreeMap<String, Spanned<AwardSpec>>,
    /// `[list.NAME]`: the named word lists of the lexicon.
    #[serde(default)]
    list: BTreeMap<String, Spanned<ListToml>>,
}

/// What a rule's matches become.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Produces {
    /// A `quantities` row (`kind` says which).
    Quantity,
    /// A `dates` row.
    Date,
    /// A form of commendation: `awards` rows, one per recipient kind (`award` says which).
    Award,
    /// Who grants the award near it (`level` says at which level).
    Grantor,
    /// A verb that grants, proposes or revokes the award after it (`status`).
    Status,
    /// A span that holds numbers but no fact (document numbers, names, clock times): what
    /// it covers is claimed for nothing.
    Skip,
}

/// The `kind` of a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuantityKind {
    Count,
    Ratio,
    Percent,
    Money,
    Score,
    Rank,
    /// Physical measures and multipliers.
    Measure,
}

impl QuantityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuantityKind::Count => "count",
            QuantityKind::Ratio => "ratio",
            QuantityKind::Percent => "percent",
            QuantityKind::Money => "money",
            QuantityKind::Score => "score",
            QuantityKind::Rank => "rank",
            QuantityKind::Measure => "measure",
        }
    }
}

/// The level of a grantor (GUIDELINES.md, awards).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Central,
    Province,
    District,
    Commune,
    /// A body whose level the words do not say ("Hội Nông dân"): the award's
    /// `unstated_level`, if it has one.
    Unspecified,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Central => "central",
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
            Level::Unspecified => "unspecified",
        }
    }
}

/// What a status verb does to the award after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusWord {
    /// tặng, trao: the award is granted.
    Granted,
    /// đề nghị, trình: the award is proposed.
    Proposed,
    /// thu hồi: the award is taken back, and gives no row.
    Revoked,
    /// Words that are an act but neither (công nhận danh hiệu by a vote, say).
    None,
}

/// Which competition a skip rule takes part in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SkipLayer {
    /// Against quantities and dates.
    #[default]
    Mentions,
    /// Against forms of commendation.
    Awards,
}

/// The kind of recipient a counted noun names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum RecipientKind {
    #[serde(rename = "tap_the")]
    Collective,
    #[serde(rename = "ca_nhan")]
    Individual,
    #[serde(rename = "ho_gia_dinh")]
    Household,
    /// A noun of both kinds ("tập thể, cá nhân"): the row leaves the kind empty.
    #[serde(rename = "")]
    Unstated,
}

impl RecipientKind {
    /// The `recipient_kind` column's value.
    pub fn column(self) -> Option<&'static str> {
        match self {
            RecipientKind::Collective => Some("tap_the"),
            RecipientKind::Individual => Some("ca_nhan"),
            RecipientKind::Household => Some("ho_gia_dinh"),
            RecipientKind::Unstated => None,
        }
    }
}

/// One form of commendation of the vocabulary (the Law on Emulation and Commendation).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwardSpec {
    /// Its name as written in Vietnamese.
    pub name: String,
    /// The grantor level when the grantor's own level is unstated: a Cờ thi đua or a Bằng
    /// khen of a body of unstated level is the province's.
    pub unstated_level: Option<Level>,
}

fn yes() -> bool {
    true
}

/// A rule as written, before its pattern is compiled. Every key a `[[rule]]` may have.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Unique id; a rule of a later file (`--patterns DIR`) with the same id replaces it.
    pub id: String,
    pub produces: Produces,
    /// A regular expression on the matching form; `{name}` uses a sub-pattern of `[defs]`
    /// or a list of the lexicon. Named groups read by the builders:
    /// quantities: `num` (digits) or `numw` (number words), `den`/`denw` (a ratio's
    /// whole), `scale`, `unit`, `per`, `approx`, `neg`, `num2`/`num2w` (the far end of a
    /// range, with `range`), `rest`/`restw` and `rest_scale` (the rest of an amount: 2 tỷ
    /// *992 triệu*), `ord` (a rank in words); dates: `d`, `mo`, `y`, `y2`, `d2`,
    /// `mo2`, `hh`, `mi`, `mow` (a month in words), `q` or `q2` (a quarter); awards: `cls`;
    /// every rule: `m`, the mention, when context words are matched around it.
    pub pattern: String,
    /// Which of two overlapping matches of the same length wins (higher first).
    #[serde(default)]
    pub priority: i32,
    /// What the rule is for, shown by `thidua rules list`.
    pub doc: Option<String>,
    /// Inputs and what they give; see [`Example`].
    #[serde(default)]
    pub examples: Vec<Example>,
    /// Inputs from which this rule must give no row.
    #[serde(default)]
    pub negatives: Vec<String>,
    /// Whether a match must start and end at a word edge.
    #[serde(default = "yes")]
    pub boundary: bool,

    /// quantity: the kind (default `count`).
    pub kind: Option<QuantityKind>,
    /// quantity: the unit when the pattern has no `unit` group (`USD`).
    pub unit: Option<String>,
    /// quantity: the match is a range, one row for each end (`num` and `num2`).
    #[serde(default)]
    pub range: bool,
    /// quantity: number words refused as a number on their own ("một" is mostly "a").
    #[serde(default)]
    pub refuse: Vec<String>,

    /// award: the vocabulary id of the form.
    pub award: Option<String>,
    /// award: the id given instead when the recipients are collectives.
    pub collective: Option<String>,
    /// award: a title conferred (Lao động tiên tiến): a row needs `danh hiệu` before it or a
    /// status verb.
    #[serde(default)]
    pub conferred: bool,
    /// award: a row needs counted recipients (khen thưởng alone is no form).
    #[serde(default)]
    pub needs_recipients: bool,

    /// grantor: its level.
    pub level: Option<Level>,
    /// status: what the verb does.
    pub status: Option<StatusWord>,
    /// skip: what it competes against (default `mentions`).
    pub layer: Option<SkipLayer>,

    #[serde(skip)]
    pub file: String,
    #[serde(skip)]
    pub line: usize,
}

/// An example of a rule: an input and what it must give, with every rule loaded.
///
/// - Fields named as columns of the rule's table (`value = 18.42`, `unit = "xã"`,
///   `grantor_level = "province"`; the string "null" for an empty field): some row of the
///   rule must have them all. A grantor or status rule's fields are those of the award
///   rows of the input.
/// - `rows = [{…}, …]`: every row the input gives, of every table, in text order, each
///   with `table` and the fields it names (`text`, `start`, `end` among them); an extra or
///   a missing row fails.
/// - `suppresses = ["103"]` (skip rules): facts with these texts are not reported, and are
///   when the skip rule is left out; so the example fails if the rule stops working.
/// - `published`: the publication date, for dates without a year.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "toml::Table")]
pub struct Example {
    pub input: String,
    pub published: Option<String>,
    pub rows: Option<Vec<toml::Table>>,
    pub suppresses: Vec<String>,
    pub fields: toml::Table,
}

impl TryFrom<toml::Table> for Example {
    type Error = String;

    fn try_from(mut t: toml::Table) -> Result<Example, String> {
        let string = |v: toml::Value, key: &str| match v {
            toml::Value::String(s) => Ok(s),
            other => Err(format!(
                "example `{key}` must be a string, not {}",
                other.type_str()
            )),
        };
        let input = string(
            t.remove("input").ok_or("an example needs an `input`")?,
            "input",
        )?;
        let published = t
            .remove("published")
            .map(|v| string(v, "published"))
            .transpose()?;
        let rows = match t.remove("rows") {
            Some(toml::Value::Array(a)) => Some(
                a.into_iter()
                    .map(|v| match v {
                        toml::Value::Table(row) if row.contains_key("table") => Ok(row),
                        _ => Err("every one of `rows` is a table with a `table` key".to_string()),
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            Some(_) => return Err("`rows` must be an array of tables".into()),
            None => None,
        };
        let suppresses = match t.remove("suppresses") {
            Some(toml::Value::Array(a)) => a
                .into_iter()
                .map(|v| string(v, "suppresses"))
                .collect::<Result<_, _>>()?,
            Some(_) => return Err("`suppresses` must be an array of strings".into()),
            None => Vec::new(),
        };
        Ok(Example {
            input,
            published,
            rows,
            suppresses,
            fields: t,
        })
    }
}

/// A `[list.NAME]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListToml {
    /// What the words decide.
    #[allow(dead_code)]
    doc: Option<String>,
    /// Text where they decide it.
    #[serde(default)]
    #[allow(dead_code)]
    examples: Vec<String>,
    /// The words; replaces a list of the same name.
    words: Option<Vec<String>>,
    /// Word → number; replaces a list of the same name.
    values: Option<BTreeMap<String, f64>>,
    /// Words added to a list already loaded.
    add: Option<Vec<String>>,
    /// The words of another list (of this file or one loaded before), added to this one.
    add_list: Option<String>,
}

/// Words a file adds to a list.
enum Addition {
    Words(Vec<String>),
    List(String),
}

/// A named sub-pattern and where it is defined.
#[derive(Debug, Clone)]
pub struct DefSpec {
    pub pattern: String,
    pub file: String,
    pub line: usize,
}

/// Everything the pattern files say.
#[derive(Debug, Default, Clone)]
pub struct Specs {
    pub defs: BTreeMap<String, DefSpec>,
    pub rules: Vec<RuleSpec>,
    pub recipients: BTreeMap<String, RecipientKind>,
    pub vocabulary: BTreeMap<String, AwardSpec>,
    pub lists: BTreeMap<String, ListSpec>,
}

fn line_of(source: &str, byte: usize) -> usize {
    source[..byte.min(source.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

impl Specs {
    /// Adds one file: a rule, definition or list with a name already present replaces it.
    pub fn add_file(&mut self, file: &str, source: &str) -> Result<(), String> {
        let parsed: PatternFile = toml::from_str(source).map_err(|e| {
            let line = e.span().map(|s| line_of(source, s.start)).unwrap_or(0);
            format!("{file}:{line}: {}", e.message())
        })?;
        for (name, value) in parsed.defs {
            let line = line_of(source, value.span().start);
            let def = DefSpec {
                pattern: value.into_inner(),
                file: file.to_string(),
                line,
            };
            self.defs.insert(name, def);
        }
        for spanned in parsed.rule {
            let line = line_of(source, spanned.span().start);
            let mut spec = spanned.into_inner();
            spec.file = file.to_string();
            spec.line = line;
            match self.rules.iter_mut().find(|r| r.id == spec.id) {
                Some(existing) => *existing = spec,
                None => self.rules.push(spec),
            }
        }
        for (noun, kind) in parsed.recipients {
            self.recipients.insert(noun, kind.into_inner());
        }
        for (id, award) in parsed.vocabulary {
            self.vocabulary.insert(id, award.into_inner());
        }
        // Words added to lists go in last, when every list of the file is in.
        let mut additions = Vec::new();
        for (name, spanned) in parsed.list {
            let line = line_of(source, spanned.span().start);
            let list = spanned.into_inner();
            let at = format!("{file}:{line}: list {name}");
            let words = match (list.words, list.values, list.add, list.add_list) {
                (Some(w), None, None, None) => w.into_iter().map(|w| (w, None)).collect(),
                (None, Some(v), None, None) => v.into_iter().map(|(w, n)| (w, Some(n))).collect(),
                (None, None, Some(added), None) => {
                    additions.push((at, name, Addition::Words(added)));
                    continue;
                }
                (None, None, None, Some(other)) => {
                    additions.push((at, name, Addition::List(other)));
                    continue;
                }
                _ => {
                    let keys = "`words`, `values`, `add` or `add_list`";
                    return Err(format!("{at}: give one of {keys}"));
                }
            };
            let spec = ListSpec {
                words,
                file: file.to_string(),
                line,
            };
            self.lists.insert(name, spec);
        }
        for (at, name, addition) in additions {
            let added: Vec<String> = match addition {
                Addition::Words(words) => words,
                Addition::List(other) => match self.lists.get(&other) {
                    Some(list) => list.words.iter().map(|(w, _)| w.clone()).collect(),
                    None => return Err(format!("{at}: `add_list = \"{other}\"`: no such list")),
                },
            };
            let Some(existing) = self.lists.get_mut(&name) else {
                return Err(format!("{at}: words added to a list that is not loaded"));
            };
            existing.words.extend(added.into_iter().map(|w| (w, None)));
        }
        Ok(())
    }

    /// The built-in files, then every `*.toml` of `dir` (in name order) over them.
    pub fn load(dir: Option<&Path>) -> Result<Specs, String> {
        let mut specs = Specs::default();
        for (file, source) in BUILTIN {
            specs.add_file(file, source)?;
        }
        if let Some(dir) = dir {
            let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let mut files: Vec<_> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            files.sort();
            for path in files {
                let source = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                specs.add_file(&path.display().to_string(), &source)?;
            }
        }
        Ok(specs)
    }
}
