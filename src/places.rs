//! The district and province an article is about, as units of the gazetteer.
//!
//! A unit is named after its word: a district after `huyện`, `quận`, `thị xã` (and their
//! party committees `Huyện ủy`…), a province after `tỉnh`, and either after `thành phố`,
//! `TP.` (`thành phố Hải Dương` is a district-level city, `thành phố Hải Phòng` a province).
//! Names are looked up in any spelling (`Đăk Song`, `Đak Song` → `Đắk Song`). Each mention
//! counts by where it is: the title three times, the lead (first 400 characters) twice, the
//! rest once; the district named most is the one the article is about, not one it mentions in
//! passing. A district name several districts share (`Châu Thành`) is resolved by the
//! province the article names; the province is the district's, else the one named most.
//! A source may state its district and province (a district portal's archive): they win.

use std::collections::HashMap;

use regex::Regex;

use crate::gazetteer::{Gazetteer, Unit};
use crate::lexicon::{Lexicon, WordList};
use crate::normalize::{FormByte, MatchForm, TextByte};

/// Up to four syllables, each but the first capitalised (`Cẩm Giàng`, `Đắk Song`, `Ia
/// H'Drai`, and `đăk Song` as typed), or a district's number. The gazetteer says which are
/// a name.
const NAME: &str =
    r"^((?:[\p{L}][\p{L}']*)(?:(?: | ?- ?)[\p{Lu}][\p{L}']*){0,3}|[0-9]{1,2})(?:[^\p{L}]|$)";

/// Two to four capitalised syllables (any case after the first letter: titles are often in
/// capitals): a name that may stand alone, at the start of what it is given.
const BARE_NAME: &str = r"^[\p{Lu}][\p{L}']*(?:(?: | ?- ?)[\p{Lu}][\p{L}']*){1,3}";

/// Characters of the lead, whose mentions count twice.
const LEAD_CHARS: usize = 400;

/// Where the character numbered `n` (from 0) starts, or the end. Counted on bytes, since a
/// byte that does not continue a character starts one: decoding every character took a
/// fifth of locating an article's place.
fn char_start(text: &str, n: usize) -> usize {
    let continues = |b: u8| b & 0xC0 == 0x80;
    (text.bytes().enumerate())
        .filter(|(_, b)| !continues(*b))
        .nth(n)
        .map_or(text.len(), |(at, _)| at)
}

/// Which units a place word names.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Level {
    District,
    Province,
    /// `thành phố`, `TP.`: a district-level city or a province-level one.
    City,
}

/// Where an article is: the official names, codes and the province of 2025.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Location {
    pub district: Option<String>,
    pub district_code: Option<String>,
    pub province: Option<String>,
    pub province_code: Option<String>,
    pub province_2025: Option<String>,
}

/// The district and province a source states for all its documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stated {
    pub district: Option<String>,
    pub province: Option<String>,
}

/// The patterns built from the lexicon's place words, and the gazetteer.
#[derive(Debug, Clone)]
pub struct Places {
    /// A place word and the space after it, in the matching form.
    word: Regex,
    /// The words of each level but the last (city): they tell a word's level.
    district_words: WordList,
    province_words: WordList,
    name: Regex,
    bare_name: Regex,
    /// What may follow a name opening a title or a text: a dateline's colon or dash, or a
    /// verb of what the district did, in the matching form.
    after_opening: Regex,
    gazetteer: Gazetteer,
}

/// One naming of a unit: the units the name may be, and its weight.
struct Mention<'g> {
    units: Vec<&'g Unit>,
    weight: usize,
}

impl Places {
    pub fn new(lexicon: &Lexicon) -> Result<Places, String> {
        let word = format!(
            "(?:{}|{}|{}) ",
            lexicon.district_words.pattern(),
            lexicon.province_words.pattern(),
            lexicon.city_words.pattern(),
        );
        let compile = |p: &str| Regex::new(p).map_err(|e| format!("place words: {e}"));
        Ok(Places {
            word: compile(&word)?,
            district_words: lexicon.district_words.clone(),
            province_words: lexicon.province_words.clone(),
            name: compile(NAME)?,
            bare_name: compile(BARE_NAME)?,
            after_opening: compile(&format!(
                "^(?: ?[:–-] | (?:{})(?:[^\\p{{L}}]|$))",
                lexicon.opening_verbs.pattern()
            ))?,
            gazetteer: Gazetteer::builtin(),
        })
    }

    /// Whether a stated district and province are units of the gazetteer, and one unit.
    pub fn check(&self, stated: &Stated) -> Result<(), String> {
        let provinces = match &stated.province {
            Some(p) => {
                let found = self.gazetteer.find(p, false);
                if found.is_empty() {
                    return Err(format!(
                        "--province {p}: no province of that name before 2025"
                    ));
                }
                found
            }
            None => Vec::new(),
        };
        let Some(d) = &stated.district else {
            return Ok(());
        };
        let mut units = self.gazetteer.find(d, true);
        if units.is_empty() {
            return Err(format!(
                "--district {d}: no district of that name before 2025"
            ));
        }
        if !provinces.is_empty() {
            units.retain(|u| provinces.iter().any(|p| p.province_code == u.province_code));
            if units.is_empty() {
                return Err(format!(
                    "--district {d}: none of that name in {}",
                    provinces[0].name
                ));
            }
        }
        if units.len() > 1 {
            let mut names: Vec<&str> = units.iter().map(|u| u.province.as_str()).collect();
            names.dedup();
            return Err(format!(
                "--district {d} names {} districts (in {}): give --province too",
                units.len(),
                names.join(", ")
            ));
        }
        Ok(())
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The units a name after a word of `level` may be: the longest leading part of the name
    /// that is a unit's (`huyện Đắk Song Nguyễn Văn A` is Đắk Song).
    fn units_named(&self, name: &str, level: Level, word: &str) -> Vec<&Unit> {
        let syllables: Vec<&str> = name.split(' ').collect();
        for n in (1..=syllables.len()).rev() {
            let part = syllables[..n].join(" ");
            let units = match level {
                Level::District => self.gazetteer.find(&part, true),
                Level::Province => self.gazetteer.find(&part, false),
                Level::City => {
                    let cities: Vec<&Unit> = self
                        .gazetteer
                        .find(&part, true)
                        .into_iter()
                        .filter(|u| u.kind == "thành phố")
                        .collect();
                    if cities.is_empty() {
                        self.gazetteer.find(&part, false)
                    } else {
                        cities
                    }
                }
            };
            // A name typed in lower case is one only when more of it follows (`đăk Song`).
            let lone_lower_case = n == 1 && part.starts_with(char::is_lowercase);
            if !units.is_empty() && !lone_lower_case {
                // `thị xã Kỳ Anh` is not `huyện Kỳ Anh`: the word's kind, when it tells.
                let kind = kind_of(word);
                let same_kind: Vec<&Unit> = units
                    .iter()
                    .copied()
                    .filter(|u| Some(u.kind.as_str()) == kind)
                    .collect();
                return if same_kind.is_empty() {
                    units
                } else {
                    same_kind
                };
            }
        }
        Vec::new()
    }

    /// Every naming of a unit in `text` (its matching form `form`), weighed as a title's when
    /// `in_title`.
    fn mentions<'g>(&'g self, text: &str, form: &MatchForm, in_title: bool) -> Vec<Mention<'g>> {
        let hay = form.text.as_str();
        let at_word_start = |b: usize| !hay[..b].ends_with(char::is_alphabetic);
        // Where the lead ends, found once: counting characters at each mention would walk
        // the text again and again.
        let lead_end = char_start(text, LEAD_CHARS);
        let mut out = Vec::new();
        for whole in self.word.find_iter(hay) {
            if !at_word_start(whole.start()) {
                continue;
            }
            // The word as listed: its spaces and tabs matched as one space.
            let word = whole.as_str().split([' ', '\t']).filter(|w| !w.is_empty());
            let word = word.collect::<Vec<_>>().join(" ");
            let level = self.level(&word);
            // The name's case is read in the clean text: names are capitalised.
            let at = form.map.to_text(FormByte(whole.end())).0;
            let Some(name) = self.name.captures(&text[at..]) else {
                continue;
            };
            let units = self.units_named(&name[1], level, &word);
            if units.is_empty() {
                continue;
            }
            let weight = if in_title {
                3
            } else if at < lead_end {
                2
            } else {
                1
            };
            out.push(Mention { units, weight });
        }
        out.extend(self.opening_mention(text, form, in_title));
        out
    }

    /// The level of a place word: the first of the lists, in the pattern's order, that holds
    /// it.
    fn level(&self, word: &str) -> Level {
        if self.district_words.contains(word) {
            Level::District
        } else if self.province_words.contains(word) {
            Level::Province
        } else {
            Level::City
        }
    }

    /// A district named alone where that says what the article is about: opening the title
    /// or the text before a dateline's colon or dash or a verb of what it did (`Đăk Song tổ
    /// chức sơ kết…`, `Đắk Song: …`). The whole run of capitalised
    /// words must be the name of one district and of no province (`Tân Sơn Nhất` is not Tân
    /// Sơn); elsewhere a bare name is too often a street or a landmark (`Hai Bà Trưng`,
    /// `Dinh Thống Nhất`).
    fn opening_mention<'g>(
        &'g self,
        text: &str,
        form: &MatchForm,
        in_title: bool,
    ) -> Option<Mention<'g>> {
        let start = text.len()
            - text
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        // Anchored: a search from `start` would look through the whole text for a name.
        let name = self.bare_name.find(&text[start..])?.as_str();
        let after = &form.text[form.map.from_text(TextByte(start + name.len())).0..];
        if !self.after_opening.is_match(after) {
            return None;
        }
        let units = self.gazetteer.find(name, true);
        let [unit] = units[..] else {
            return None;
        };
        if !self.gazetteer.find(name, false).is_empty() {
            return None;
        }
        let weight = if in_title { 3 } else { 2 };
        Some(Mention {
            units: vec![unit],
            weight,
        })
    }

    /// The district and province of an article (`text`, its matching form, and its title),
    /// or those its source states.
    pub fn locate(
        &self,
        text: &str,
        form: &MatchForm,
        title: Option<&str>,
        stated: &Stated,
    ) -> Location {
        let mut mentions = self.mentions(text, form, false);
        if let Some(title) = title {
            mentions.extend(self.mentions(title, &MatchForm::new(title), true));
        }
        let province_name = (stated.province.clone()).or_else(|| most(&mentions, false));
        let province = province_name
            .as_deref()
            .and_then(|name| self.gazetteer.find(name, false).first().copied());
        let of_province = || match province {
            Some(p) => Location::of_province(p),
            None => Location {
                province: province_name.clone(),
                ..Location::default()
            },
        };
        let stated_district = stated.district.as_deref().and_then(|d| {
            let units = self.gazetteer.find(d, true);
            units.first().map(|u| u.name.clone())
        });
        let Some(name) = stated_district
            .or(stated.district.clone())
            .or_else(|| most(&mentions, true))
        else {
            return of_province();
        };
        // The districts its mentions may be (`thị xã Kỳ Anh` is one of two Kỳ Anh), else those
        // of the name a source states.
        let mut units: Vec<&Unit> = mentions
            .iter()
            .flat_map(|m| m.units.iter().copied())
            .filter(|u| u.district && u.name == name)
            .collect();
        units.sort_by(|a, b| a.code.cmp(&b.code));
        units.dedup_by(|a, b| a.code == b.code);
        if units.is_empty() {
            units = self.gazetteer.find(&name, true);
        }
        // One district, or the one in the province named (or stated) most.
        let unit = match units.as_slice() {
            [one] => Some(*one),
            several => several
                .iter()
                .copied()
                .find(|u| province.is_some_and(|p| p.province_code == u.province_code)),
        };
        match unit {
            Some(u) => Location {
                district: Some(u.name.clone()),
                district_code: Some(u.code.clone()),
                ..self
                    .gazetteer
                    .province(&u.province_code)
                    .map(Location::of_province)
                    .unwrap_or_default()
            },
            // A name several districts share, in no province the article names.
            None => Location {
                district: Some(units.first().map_or(name, |u| u.name.clone())),
                ..of_province()
            },
        }
    }
}

impl Location {
    fn of_province(p: &Unit) -> Location {
        Location {
            province: Some(p.name.clone()),
            province_code: Some(p.province_code.clone()),
            province_2025: Some(p.province_2025.clone()),
            ..Location::default()
        }
    }
}

/// The kind of unit a place word names, when it says: `huyện ủy` → `huyện`.
fn kind_of(word: &str) -> Option<&'static str> {
    match word {
        w if w.starts_with("huyện") => Some("huyện"),
        w if w.starts_with("quận") => Some("quận"),
        w if w.starts_with("thị xã") || w.starts_with("thị ủy") => Some("thị xã"),
        _ => None,
    }
}

/// The name of districts (or provinces) of the greatest weight, the earliest on a tie.
fn most(mentions: &[Mention], districts: bool) -> Option<String> {
    let mut by_name: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.units[0].district == districts {
            by_name.entry(m.units[0].name.as_str()).or_insert((0, i)).0 += m.weight;
        }
    }
    by_name
        .into_iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
        .map(|(n, _)| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn locate(text: &str) -> Location {
        locate_in(text, None, &Stated::default())
    }

    fn locate_in(text: &str, title: Option<&str>, stated: &Stated) -> Location {
        let rules = RuleSet::load(None).unwrap();
        rules
            .places
            .locate(text, &MatchForm::new(text), title, stated)
    }

    fn names(l: &Location) -> (Option<&str>, Option<&str>) {
        (l.district.as_deref(), l.province.as_deref())
    }

    #[test]
    fn characters_are_counted_on_bytes() {
        let text = "Huyện Đắk Song tổ chức hội nghị tổng kết công tác thi đua, khen thưởng.";
        for n in 0..=text.chars().count() + 1 {
            let by_chars = text.char_indices().nth(n).map_or(text.len(), |(at, _)| at);
            assert_eq!(char_start(text, n), by_chars, "{n}");
        }
        assert_eq!(char_start(text, 5), "Huyện".len());
    }

    #[test]
    fn the_district_named_most_with_its_codes_and_province() {
        let text = "Huyện ủy Cẩm Giàng tổng kết. Ông Nguyễn Văn A, Bí thư Huyện ủy, nói huyện Cẩm \
                    Giàng và huyện Bình Giang của tỉnh Hải Dương đều đạt. Quận 1 cũng vậy.";
        let l = locate(text);
        assert_eq!(names(&l), (Some("Cẩm Giàng"), Some("Hải Dương")));
        assert_eq!(l.district_code.as_deref(), Some("295"));
        assert_eq!(l.province_code.as_deref(), Some("30"));
        assert_eq!(l.province_2025.as_deref(), Some("Hải Phòng"));
        assert_eq!(
            locate("huyện tặng giấy khen cho 12 tập thể"),
            Location::default()
        );
        assert_eq!(
            locate("Chủ tịch UBND thành phố Lê Anh Quân"),
            Location::default()
        );
    }

    #[test]
    fn every_spelling_gives_the_official_name_and_the_province_is_inferred() {
        for text in [
            "Huyện ủy Đăk Song họp",
            "UBND huyện Đak Song",
            "HUYỆN ĐẮK SONG",
            "Huyện Dak Song",
        ] {
            let l = locate(text);
            assert_eq!(names(&l), (Some("Đắk Song"), Some("Đắk Nông")), "{text}");
        }
        let l = locate("huyện Thuỷ Nguyên, huyện Thủy Nguyên và huyện Lạc Thuỷ của tỉnh Hoà Bình");
        assert_eq!(names(&l), (Some("Thuỷ Nguyên"), Some("Hải Phòng")));
        assert_eq!(
            names(&locate("UBND tỉnh Hòa Bình khen thưởng")),
            (None, Some("Hoà Bình"))
        );
    }

    #[test]
    fn a_city_word_names_a_district_level_city_or_a_province() {
        assert_eq!(
            names(&locate("Thành ủy Hải Dương tổng kết")),
            (Some("Hải Dương"), Some("Hải Dương"))
        );
        assert_eq!(
            names(&locate("UBND TP. Hồ Chí Minh")),
            (None, Some("Hồ Chí Minh"))
        );
        assert_eq!(names(&locate("thị xã Kỳ Anh")).0, Some("Kỳ Anh"));
        assert_eq!(
            locate("thị xã Kỳ Anh").district_code.as_deref(),
            Some("449")
        );
        assert_eq!(locate("huyện Kỳ Anh").district_code.as_deref(), Some("447"));
        // A word's level is read from the words as matched, spaces and tabs between them.
        assert_eq!(
            locate("thị \t xã Kỳ Anh").district_code.as_deref(),
            Some("449")
        );
        assert_eq!(
            names(&locate("Huyện ủy Châu Thành. Tỉnh  ủy Tiền Giang.")),
            (Some("Châu Thành"), Some("Tiền Giang"))
        );
    }

    #[test]
    fn a_shared_name_is_resolved_by_the_province_named() {
        let l = locate("Huyện ủy Châu Thành tổng kết năm. Tỉnh ủy Tiền Giang khen thưởng.");
        assert_eq!(names(&l), (Some("Châu Thành"), Some("Tiền Giang")));
        assert_eq!(l.district_code.as_deref(), Some("821"));
        let alone = locate("Huyện ủy Châu Thành tổng kết năm.");
        assert_eq!(names(&alone), (Some("Châu Thành"), None));
        assert_eq!(alone.district_code, None);
    }

    #[test]
    fn the_title_and_the_lead_outweigh_a_passing_mention() {
        let body = format!(
            "{} Đoàn công tác của huyện Tuy Đức và huyện Tuy Đức đến thăm.",
            "Hội nghị tổng kết công tác năm. ".repeat(20)
        );
        let l = locate_in(
            &body,
            Some("Huyện Đắk Song tổng kết công tác thi đua"),
            &Stated::default(),
        );
        assert_eq!(names(&l).0, Some("Đắk Song"));
        assert_eq!(names(&locate(&body)).0, Some("Tuy Đức"));
    }

    #[test]
    fn a_name_alone_counts_where_it_opens_a_report() {
        let l = locate_in(
            "Đăk Song tổ chức sơ kết công tác tuyên giáo.",
            None,
            &Stated::default(),
        );
        assert_eq!(names(&l), (Some("Đắk Song"), Some("Đắk Nông")));
        assert_eq!(
            names(&locate("Gia Lộc: tổng kết phong trào thi đua")).0,
            Some("Gia Lộc")
        );
        assert_eq!(
            names(&locate("“Gia Lộc: tổng kết phong trào thi đua")).0,
            Some("Gia Lộc")
        );
        // Only a name that opens the text.
        assert_eq!(
            locate("Hôm nay, Gia Lộc: tổng kết phong trào").district,
            None
        );
        // A person, an airport, a company.
        assert_eq!(
            locate("Xuân Trường động viên đồng đội trước trận đấu").district,
            None
        );
        assert_eq!(locate("Tân Sơn Nhất tổ chức diễn tập").district, None);
        assert_eq!(locate("Cấp nước Gia Lộc tổ chức hội nghị").district, None);
    }

    #[test]
    fn a_stated_district_wins() {
        let stated = Stated {
            district: Some("Đăk Song".into()),
            province: None,
        };
        let l = locate_in("UBND huyện Tuy Đức tặng giấy khen", None, &stated);
        assert_eq!(names(&l), (Some("Đắk Song"), Some("Đắk Nông")));
        assert_eq!(l.province_2025.as_deref(), Some("Lâm Đồng"));
    }
}
