//! Reading rule files (TOML) into rule specifications that remember their file and line.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

/// The rule files compiled into the binary, so it runs from anywhere.
pub const BUILTIN: &[(&str, &str)] = &[
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    defs: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    rule: Vec<Spanned<toml::Table>>,
    /// Counted nouns that name award recipients, and their recipient kind.
    #[serde(default)]
    recipients: BTreeMap<String, String>,
}

/// A rule as written, before its pattern is compiled.
#[derive(Debug, Clone)]
pub struct RuleSpec {
    pub id: String,
    pub produces: String,
    pub pattern: String,
    pub priority: i32,
    pub attrs: toml::Table,
    pub examples: Vec<toml::Table>,
    pub negatives: Vec<String>,
    pub doc: Option<String>,
    pub file: String,
    pub line: usize,
}

/// A named sub-pattern and where it is defined.
#[derive(Debug, Clone)]
pub struct DefSpec {
    pub pattern: String,
    pub file: String,
    pub line: usize,
}

/// Everything the rule files say.
#[derive(Debug, Default, Clone)]
pub struct Specs {
    pub defs: BTreeMap<String, DefSpec>,
    pub rules: Vec<RuleSpec>,
    pub recipients: BTreeMap<String, String>,
}

/// Takes the known keys out of a rule table; what is left are the rule's attributes.
fn rule_spec(mut t: toml::Table, file: &str, line: usize) -> Result<RuleSpec, String> {
    let string =
        |t: &mut toml::Table, key: &str, required: bool| -> Result<Option<String>, String> {
            match t.remove(key) {
                Some(toml::Value::String(s)) => Ok(Some(s)),
                Some(other) => Err(format!(
                    "`{key}` must be a string, not {}",
                    other.type_str()
                )),
                None if required => Err(format!("rule has no `{key}`")),
                None => Ok(None),
            }
        };
    let id = string(&mut t, "id", true)
        .map_err(|e| format!("{file}:{line}: {e}"))?
        .unwrap_or_default();
    let at = format!("{file}:{line}: rule {id}");
    let produces = string(&mut t, "produces", true)
        .map_err(|e| format!("{at}: {e}"))?
        .unwrap_or_default();
    let pattern = string(&mut t, "pattern", true)
        .map_err(|e| format!("{at}: {e}"))?
        .unwrap_or_default();
    let doc = string(&mut t, "doc", false).map_err(|e| format!("{at}: {e}"))?;
    let priority = match t.remove("priority") {
        Some(toml::Value::Integer(i)) => i as i32,
        Some(_) => return Err(format!("{at}: `priority` must be an integer")),
        None => 0,
    };
    let examples = match t.remove("examples") {
        Some(toml::Value::Array(a)) => a
            .into_iter()
            .map(|v| match v {
                toml::Value::Table(t) if t.contains_key("input") => Ok(t),
                _ => Err(format!("{at}: every example is a table with an `input`")),
            })
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err(format!("{at}: `examples` must be an array of tables")),
        None => Vec::new(),
    };
    let negatives = match t.remove("negatives") {
        Some(toml::Value::Array(a)) => a
            .into_iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("{at}: `negatives` holds strings"))
            })
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err(format!("{at}: `negatives` must be an array of strings")),
        None => Vec::new(),
    };
    Ok(RuleSpec {
        id,
        produces,
        pattern,
        priority,
        attrs: t,
        examples,
        negatives,
        doc,
        file: file.to_string(),
        line,
    })
}

fn line_of(source: &str, byte: usize) -> usize {
    source[..byte.min(source.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

impl Specs {
    /// Adds one file's rules: a rule or definition with an id already present replaces it.
    pub fn add_file(&mut self, file: &str, source: &str) -> Result<(), String> {
        let parsed: RuleFile = toml::from_str(source).map_err(|e| {
            let line = e.span().map(|s| line_of(source, s.start)).unwrap_or(0);
            format!("{file}:{line}: {}", e.message())
        })?;
        for (name, value) in parsed.defs {
            let line = line_of(source, value.span().start);
            self.defs.insert(
                name,
                DefSpec {
                    pattern: value.into_inner(),
                    file: file.to_string(),
                    line,
                },
            );
        }
        for spanned in parsed.rule {
            let line = line_of(source, spanned.span().start);
            let spec = rule_spec(spanned.into_inner(), file, line)?;
            match self.rules.iter_mut().find(|r| r.id == spec.id) {
                Some(existing) => *existing = spec,
                None => self.rules.push(spec),
            }
        }
        self.recipients.extend(parsed.recipients);
        Ok(())
    }

    /// The built-in rules, then every `*.toml` of `dir` (in name order) over them.
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
