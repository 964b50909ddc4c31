//! The district and province an article is about: the district named most often after a
//! district word (`huyện`, `quận`, `thị xã`, `Huyện ủy`…), and the province named most
//! often after a province word (`tỉnh`, `thành phố`, `TP.`) among the lexicon's
//! `provinces`. Names are counted in the matching form, so "Thuỷ Nguyên" and "Thủy Nguyên"
//! are one district, and given in the new tone placement. An article that never names its
//! province keeps it empty: no district-to-province table is consulted.

use std::collections::HashMap;

use regex::Regex;

use crate::lexicon::Lexicon;
use crate::normalize::{canonical_spelling, FormByte, MatchForm};

/// A capitalised syllable of a name: `Cẩm`, `Giàng`, `Đước`; or a district's number.
const NAME: &str = r"^((?:[\p{Lu}][\p{Ll}]+)(?: [\p{Lu}][\p{Ll}]+){0,2}|[0-9]{1,2})(?:[^\p{L}]|$)";

/// The patterns built from the lexicon's place words.
#[derive(Debug, Clone)]
pub struct Places {
    /// A district word and the space after it, in the matching form.
    district_word: Regex,
    /// A district's name at the start of the clean text after its word.
    name: Regex,
    /// A province word and a province, in the matching form.
    province: Regex,
    /// Folded province name → the name as the lexicon writes it.
    provinces: HashMap<String, String>,
}

impl Places {
    pub fn new(lexicon: &Lexicon) -> Result<Places, String> {
        let district_word = format!("{} ", lexicon.district_words.pattern());
        let province = format!(
            "{} ?({})(?:[^\\p{{L}}]|$)",
            lexicon.province_words.pattern(),
            lexicon.provinces.pattern()
        );
        let compile = |p: &str| Regex::new(p).map_err(|e| format!("place words: {e}"));
        let mut provinces = HashMap::new();
        for written in lexicon.provinces.words() {
            // The lexicon holds folded words, the keys; shown with each syllable capitalised.
            provinces
                .entry(written.to_string())
                .or_insert_with(|| title_case(written));
        }
        Ok(Places {
            district_word: compile(&district_word)?,
            name: compile(NAME)?,
            province: compile(&province)?,
            provinces,
        })
    }

    /// The district and province of an article (`text` and its matching form).
    pub fn locate(&self, text: &str, form: &MatchForm) -> (Option<String>, Option<String>) {
        let hay = form.text.as_str();
        let at_word_start = |b: usize| !hay[..b].ends_with(char::is_alphabetic);
        let mut districts = Vec::new();
        for m in self
            .district_word
            .find_iter(hay)
            .filter(|m| at_word_start(m.start()))
        {
            // The name's case is read in the clean text: names are capitalised.
            let after = &text[form.map.to_text(FormByte(m.end())).0..];
            if let Some(c) = self.name.captures(after) {
                districts.push(canonical_spelling(&c[1]));
            }
        }
        let mut provinces = Vec::new();
        // No edge before a province word: "CATP Hà Nội" is the city's police.
        for c in self.province.captures_iter(hay) {
            let name = c.get(1).unwrap();
            let capitalised =
                text[form.map.to_text(FormByte(name.start())).0..].starts_with(char::is_uppercase);
            if let (true, Some(official)) = (capitalised, self.provinces.get(name.as_str())) {
                provinces.push(official.clone());
            }
        }
        (most_named(districts), most_named(provinces))
    }
}

/// Each syllable with a capital: "bà rịa - vũng tàu" → "Bà Rịa - Vũng Tàu".
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c == ' ';
    }
    out
}

/// The name given most often (the earliest on a tie).
fn most_named(names: Vec<String>) -> Option<String> {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        counts.entry(name).or_insert((0, i)).0 += 1;
    }
    let best = counts
        .into_iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)));
    best.map(|(n, _)| n.to_string())
}

#[cfg(test)]
mod tests {
    use crate::normalize::MatchForm;
    use crate::rules::RuleSet;

    fn locate(text: &str) -> (Option<String>, Option<String>) {
        let rules = RuleSet::load(None).unwrap();
        rules.places.locate(text, &MatchForm::new(text))
    }

    fn some(a: &str, b: &str) -> (Option<String>, Option<String>) {
        (Some(a.to_string()), Some(b.to_string()))
    }

    #[test]
    fn the_most_named_district_and_province() {
        let text = "Huyện ủy Cẩm Giàng tổng kết. Ông Nguyễn Văn A, Bí thư Huyện ủy, nói huyện Cẩm \
                    Giàng và huyện Bình Giang của tỉnh Hải Dương đều đạt. Quận 1 cũng vậy. UBND \
                    tỉnh Hải Dương tặng bằng khen.";
        assert_eq!(locate(text), some("Cẩm Giàng", "Hải Dương"));
        assert_eq!(locate("huyện tặng giấy khen cho 12 tập thể"), (None, None));
        assert_eq!(locate("Chủ tịch UBND thành phố Lê Anh Quân"), (None, None));
    }

    #[test]
    fn spellings_of_one_name_are_one_place() {
        let text = "huyện Thuỷ Nguyên, huyện Thủy Nguyên và huyện An Lão của tỉnh Hoà Bình";
        assert_eq!(locate(text), some("Thủy Nguyên", "Hòa Bình"));
        assert_eq!(locate("Huyện uỷ Mỹ Đức").0.as_deref(), Some("Mỹ Đức"));
    }
}
