//! The named word lists of `patterns/lexicon.toml`: the Vietnamese knowledge that code
//! reads by name (tie words of the checks, number words, chrome phrases, provinces…).
//!
//! Words are folded to the matching form once, when loaded. Each list is a field of
//! [`Lexicon`], so a name that code uses and the data lacks, or a name in the data that no
//! code uses, is an error when the patterns load, not a silent miss.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::normalize::fold;

/// One named list: words in the order written (where order matters, the first written
/// wins), and the value of each word for lists of `values`.
#[derive(Debug, Clone, Default)]
pub struct WordList {
    words: Vec<String>,
    /// The same words, for lookups on hot paths (every word of a reading, every count).
    set: HashSet<String>,
    values: HashMap<String, f64>,
}

impl WordList {
    /// A list of words as written; they are folded here.
    pub fn new<'a>(words: impl IntoIterator<Item = (&'a str, Option<f64>)>) -> WordList {
        let mut list = WordList::default();
        for (word, value) in words {
            list.push(word, value);
        }
        list
    }

    fn push(&mut self, word: &str, value: Option<f64>) {
        let folded = fold(word);
        if let Some(v) = value {
            self.values.insert(folded.clone(), v);
        }
        if self.set.insert(folded.clone()) {
            self.words.push(folded);
        }
    }

    /// The words, folded, in the order written.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(String::as_str)
    }

    /// Whether `word` is one of the words, exactly.
    pub fn contains(&self, word: &str) -> bool {
        self.set.contains(word)
    }

    /// The value of `word`, for lists of `values`.
    pub fn value(&self, word: &str) -> Option<f64> {
        self.values.get(word).copied()
    }

    /// Whether any word occurs in `text`.
    pub fn any_in(&self, text: &str) -> bool {
        self.words.iter().any(|w| text.contains(w.as_str()))
    }

    /// The word that occurs first in `text` (the longer on a tie), with its byte offset.
    pub fn first_in<'w>(&'w self, text: &str) -> Option<(usize, &'w str)> {
        self.words
            .iter()
            .filter_map(|w| text.find(w.as_str()).map(|i| (i, w.as_str())))
            .min_by_key(|(i, w)| (*i, std::cmp::Reverse(w.len())))
    }

    /// The first word written that `text` starts with.
    pub fn prefix_of(&self, text: &str) -> Option<&str> {
        self.words().find(|w| text.starts_with(w))
    }

    /// The first word written that `text` ends with where `edge` accepts what precedes it.
    pub fn suffix_of<'t>(&self, text: &'t str, edge: impl Fn(&'t str) -> bool) -> Option<&'t str> {
        self.words()
            .find_map(|w| text.strip_suffix(w).filter(|head| edge(head)))
    }

    /// The words as a regular-expression alternation, longest first (a regex takes the
    /// first alternative that matches).
    pub fn pattern(&self) -> String {
        let mut words: Vec<&str> = self.words().collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        // A space inside a word matches any run of spaces and tabs, as `{sp}` does.
        let escaped: Vec<String> = words
            .iter()
            .map(|w| regex::escape(w).replace(' ', r"[ \t]+"))
            .collect();
        format!("(?:{})", escaped.join("|"))
    }
}

/// The built-in lexicon, for the stage that runs before patterns are chosen: decoding
/// judges a reading of legacy bytes by the built-in `common_words`.
pub fn builtin() -> &'static Lexicon {
    static BUILTIN: std::sync::LazyLock<Lexicon> = std::sync::LazyLock::new(|| {
        let mut specs = crate::rules::Specs::default();
        for (file, source) in crate::rules::load::BUILTIN {
            specs
                .add_file(file, source)
                .expect("built-in patterns parse");
        }
        Lexicon::from_specs(specs.lists).expect("built-in lexicon is whole")
    });
    &BUILTIN
}

/// A list as a data file writes it, before folding.
#[derive(Debug, Clone, Default)]
pub struct ListSpec {
    pub words: Vec<(String, Option<f64>)>,
    pub file: String,
    pub line: usize,
}

impl Lexicon {
    /// Whether a unit (one noun, or nouns counted together) holds a noun mined from what
    /// follows numbers (patterns/nouns.toml), which the checks do not judge yet.
    pub fn of_mined_nouns(&self, unit: Option<&str>) -> bool {
        let unit = unit.unwrap_or_default();
        unit.split(',').any(|n| self.mined_nouns.contains(n.trim()))
    }
}

macro_rules! lexicon {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// Every named list the code reads; see `patterns/lexicon.toml` for the words.
        #[derive(Debug, Clone, Default)]
        pub struct Lexicon {
            $($(#[$doc])* pub $name: WordList,)*
        }

        impl Lexicon {
            /// The names of the lists, in the order of the struct.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name),)*];

            /// Builds the lexicon; every list must be given, and no other.
            pub fn from_specs(mut specs: BTreeMap<String, ListSpec>) -> Result<Lexicon, String> {
                let mut take = |name: &str| -> Result<WordList, String> {
                    let missing =
                        || format!("patterns: no list `{name}` (see patterns/lexicon.toml)");
                    let spec = specs.remove(name).ok_or_else(missing)?;
                    Ok(WordList::new(spec.words.iter().map(|(w, v)| (w.as_str(), *v))))
                };
                let lexicon = Lexicon { $($name: take(stringify!($name))?,)* };
                if let Some((name, spec)) = specs.iter().next() {
                    return Err(format!(
                        "{}:{}: unknown list `{name}` (known: {})",
                        spec.file,
                        spec.line,
                        Self::NAMES.join(", ")
                    ));
                }
                Ok(lexicon)
            }

            /// The list of a name, for rule patterns that write `{name}`.
            pub fn get(&self, name: &str) -> Option<&WordList> {
                match name {
                    $(stringify!($name) => Some(&self.$name),)*
                    _ => None,
                }
            }
        }
    };
}

lexicon! {
    // Numbers
    digit_words,
    ten_words,
    tens_words,
    hundred_words,
    scale,
    scale_suffixes,
    ordinal_words,
    award_classes,
    month_words,
    quarter_words,
    time_prepositions,
    week_ordinals,
    day_periods,
    holidays,
    // Quantities
    counted_nouns,
    mined_nouns,
    measures,
    time_nouns,
    year_words,
    ordinal_markers,
    vague_words,
    address_words,
    place_nouns,
    rate_words,
    subject_markers,
    // Checks
    ratio_ties_before,
    ratio_ties_after,
    ratio_breaks,
    change_words,
    same_things,
    count_of_words,
    not_a_population,
    fixed_wholes,
    growth_words,
    total_cues,
    exhaustive_cues,
    selection_words,
    and_words,
    comparisons,
    not_additive,
    nesting_words,
    total_words,
    exclusive_ratings,
    cumulative_ratings,
    difference_words,
    // Awards
    predicate_words,
    list_joiners,
    recipient_markers,
    grantor_markers,
    title_words,
    name_stops,
    generic_determiners,
    receiving_verbs,
    mass_organisations,
    merit_clauses,
    // Places
    district_words,
    province_words,
    city_words,
    opening_verbs,
    // Page chrome and text shape
    counter_labels,
    chrome_buttons,
    chrome_line_starts,
    chrome_labels,
    related_headings,
    title_chrome,
    abbreviations,
    common_words,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_matched_in_either_spelling() {
        let list = WordList::new([("tỷ lệ", None), ("Hoà", None)]);
        assert_eq!(list.words().collect::<Vec<_>>(), ["tỉ lệ", "hòa"]);
        assert!(list.contains(&fold("tỉ lệ")));
        assert_eq!(list.first_in("đạt tỉ lệ 5"), Some(("đạt ".len(), "tỉ lệ")));
    }

    #[test]
    fn pattern_puts_longer_words_first() {
        let list = WordList::new([("nghìn", Some(1e3)), ("nghìn tỷ", Some(1e12))]);
        assert_eq!(list.pattern(), "(?:nghìn[ \\t]+tỉ|nghìn)");
        assert_eq!(list.value("nghìn tỉ"), Some(1e12));
        assert_eq!(list.value("tỷ"), None);
    }

    #[test]
    fn a_missing_or_unknown_list_is_an_error() {
        let err = Lexicon::from_specs(BTreeMap::new()).unwrap_err();
        assert!(err.contains("no list `digit_words`"), "{err}");
        let mut specs: BTreeMap<String, ListSpec> = Lexicon::NAMES
            .iter()
            .map(|n| (n.to_string(), ListSpec::default()))
            .collect();
        specs.insert(
            "tie_words".into(),
            ListSpec {
                file: "x.toml".into(),
                line: 3,
                ..ListSpec::default()
            },
        );
        let err = Lexicon::from_specs(specs).unwrap_err();
        assert!(
            err.starts_with("x.toml:3: unknown list `tie_words`"),
            "{err}"
        );
    }
}
