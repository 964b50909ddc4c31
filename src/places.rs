//! The district and province an article is about: the district named most often after
//! `huyện`, `quận`, `thị xã` (or `Huyện ủy`), and the province named most often after `tỉnh`
//! or `thành phố` among the 63 provinces and centrally-run cities. An article that never
//! names its province keeps it empty: no district-to-province table is consulted.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

/// Provinces and centrally-run cities (before the 2025 mergers; the merged ones keep names
/// from this list).
const PROVINCES: &[&str] = &[
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bà Rịa – Vũng Tàu",
    "Bạc Liêu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Dương",
    "Bình Định",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cao Bằng",
    "Cần Thơ",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Dương",
    "Hải Phòng",
    "Hậu Giang",
    "Hòa Bình",
    "Hoà Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Khánh Hoà",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lạng Sơn",
    "Lào Cai",
    "Lâm Đồng",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thanh Hoá",
    "Hồ Chí Minh",
    "Thừa Thiên Huế",
    "Thừa Thiên - Huế",
    "Huế",
    "Tiền Giang",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
];

/// A capitalised syllable: `Cẩm`, `Giàng`, `Đước`.
const WORD: &str = r"[\p{Lu}][\p{Ll}]+";

fn district_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(r"(?:^|[^\p{{L}}])(?:[Hh]uyện(?: [uủ]ỷ| ủy| uỷ)?|[Qq]uận(?: [uủ]ỷ| ủy| uỷ)?|[Tt]hị xã|[Tt]hị [uủ]ỷ|Thị ủy) ((?:{WORD})(?: {WORD}){{0,2}}|[0-9]{{1,2}})(?:[^\p{{L}}]|$)"))
            .expect("district pattern compiles")
    })
}

fn province_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let names: Vec<String> = PROVINCES.iter().map(|p| regex::escape(p)).collect();
        Regex::new(&format!(
            r"(?:[Tt]ỉnh(?: [uủ]ỷ| ủy| uỷ)?|[Tt]hành phố|TP\.?) ?({})(?:[^\p{{L}}]|$)",
            names.join("|")
        ))
        .expect("province pattern compiles")
    })
}

/// The name captured most often (the earliest on a tie).
fn most_named(re: &Regex, text: &str) -> Option<String> {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, c) in re.captures_iter(text).enumerate() {
        let name = c.get(1).unwrap().as_str();
        counts.entry(name).or_insert((0, i)).0 += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
        .map(|(n, _)| n.to_string())
}

/// The district and province of an article.
pub fn locate(text: &str) -> (Option<String>, Option<String>) {
    (
        most_named(district_re(), text),
        most_named(province_re(), text),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_named_district_and_province() {
        let text = "Huyện ủy Cẩm Giàng tổng kết. Ông Nguyễn Văn A, Bí thư Huyện ủy, nói huyện Cẩm Giàng và huyện Bình Giang \
                    của tỉnh Hải Dương đều đạt. Quận 1 cũng vậy. UBND tỉnh Hải Dương tặng bằng khen.";
        assert_eq!(
            locate(text),
            (Some("Cẩm Giàng".to_string()), Some("Hải Dương".to_string()))
        );
        assert_eq!(locate("huyện tặng giấy khen cho 12 tập thể"), (None, None));
        assert_eq!(locate("Chủ tịch UBND thành phố Lê Anh Quân"), (None, None));
    }
}
