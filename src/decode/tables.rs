//! Byte-font encodings of older Vietnamese sites: TCVN3 (ABC; fonts .VnTime, .VnArial…)
//! and VNI (fonts VNI-Times…). Pages using them declare Latin-1 or windows-1252.
//! The tables follow the published charts, in the order of `LETTERS`, one row per letter
//! and its tones, so that rows line up across the tables (hence rustfmt is told to skip them).

/// The 134 Vietnamese letters with diacritics: 67 lower case, then the same 67 upper case.
#[rustfmt::skip]
pub const LETTERS: [char; 134] = [
    'à', 'á', 'ả', 'ã', 'ạ',
    'â', 'ầ', 'ấ', 'ẩ', 'ẫ', 'ậ',
    'ă', 'ằ', 'ắ', 'ẳ', 'ẵ', 'ặ',
    'đ',
    'è', 'é', 'ẻ', 'ẽ', 'ẹ',
    'ê', 'ề', 'ế', 'ể', 'ễ', 'ệ',
    'ì', 'í', 'ỉ', 'ĩ', 'ị',
    'ò', 'ó', 'ỏ', 'õ', 'ọ',
    'ô', 'ồ', 'ố', 'ổ', 'ỗ', 'ộ',
    'ơ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ',
    'ù', 'ú', 'ủ', 'ũ', 'ụ',
    'ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự',
    'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ',
    'À', 'Á', 'Ả', 'Ã', 'Ạ',
    'Â', 'Ầ', 'Ấ', 'Ẩ', 'Ẫ', 'Ậ',
    'Ă', 'Ằ', 'Ắ', 'Ẳ', 'Ẵ', 'Ặ',
    'Đ',
    'È', 'É', 'Ẻ', 'Ẽ', 'Ẹ',
    'Ê', 'Ề', 'Ế', 'Ể', 'Ễ', 'Ệ',
    'Ì', 'Í', 'Ỉ', 'Ĩ', 'Ị',
    'Ò', 'Ó', 'Ỏ', 'Õ', 'Ọ',
    'Ô', 'Ồ', 'Ố', 'Ổ', 'Ỗ', 'Ộ',
    'Ơ', 'Ờ', 'Ớ', 'Ở', 'Ỡ', 'Ợ',
    'Ù', 'Ú', 'Ủ', 'Ũ', 'Ụ',
    'Ư', 'Ừ', 'Ứ', 'Ử', 'Ữ', 'Ự',
    'Ỳ', 'Ý', 'Ỷ', 'Ỹ', 'Ỵ',
];

/// TCVN3 byte of each letter. Upper-case letters other than Ă Â Đ Ê Ô Ơ Ư share the byte of
/// their lower case: the upper-case glyphs live in a separate font (.VnTimeH).
#[rustfmt::skip]
pub const TCVN3: [u8; 134] = [
    0xB5, 0xB8, 0xB6, 0xB7, 0xB9,
    0xA9, 0xC7, 0xCA, 0xC8, 0xC9, 0xCB,
    0xA8, 0xBB, 0xBE, 0xBC, 0xBD, 0xC6,
    0xAE,
    0xCC, 0xD0, 0xCE, 0xCF, 0xD1,
    0xAA, 0xD2, 0xD5, 0xD3, 0xD4, 0xD6,
    0xD7, 0xDD, 0xD8, 0xDC, 0xDE,
    0xDF, 0xE3, 0xE1, 0xE2, 0xE4,
    0xAB, 0xE5, 0xE8, 0xE6, 0xE7, 0xE9,
    0xAC, 0xEA, 0xED, 0xEB, 0xEC, 0xEE,
    0xEF, 0xF3, 0xF1, 0xF2, 0xF4,
    0xAD, 0xF5, 0xF8, 0xF6, 0xF7, 0xF9,
    0xFA, 0xFD, 0xFB, 0xFC, 0xFE,
    0xB5, 0xB8, 0xB6, 0xB7, 0xB9,
    0xA2, 0xC7, 0xCA, 0xC8, 0xC9, 0xCB,
    0xA1, 0xBB, 0xBE, 0xBC, 0xBD, 0xC6,
    0xA7,
    0xCC, 0xD0, 0xCE, 0xCF, 0xD1,
    0xA3, 0xD2, 0xD5, 0xD3, 0xD4, 0xD6,
    0xD7, 0xDD, 0xD8, 0xDC, 0xDE,
    0xDF, 0xE3, 0xE1, 0xE2, 0xE4,
    0xA4, 0xE5, 0xE8, 0xE6, 0xE7, 0xE9,
    0xA5, 0xEA, 0xED, 0xEB, 0xEC, 0xEE,
    0xEF, 0xF3, 0xF1, 0xF2, 0xF4,
    0xA6, 0xF5, 0xF8, 0xF6, 0xF7, 0xF9,
    0xFA, 0xFD, 0xFB, 0xFC, 0xFE,
];

/// VNI bytes of each letter: a base letter and a mark byte, or one byte of its own.
#[rustfmt::skip]
pub const VNI: [&[u8]; 134] = [
    b"a\xF8", b"a\xF9", b"a\xFB", b"a\xF5", b"a\xEF",
    b"a\xE2", b"a\xE0", b"a\xE1", b"a\xE5", b"a\xE3", b"a\xE4",
    b"a\xEA", b"a\xE8", b"a\xE9", b"a\xFA", b"a\xFC", b"a\xEB",
    b"\xF1",
    b"e\xF8", b"e\xF9", b"e\xFB", b"e\xF5", b"e\xEF",
    b"e\xE2", b"e\xE0", b"e\xE1", b"e\xE5", b"e\xE3", b"e\xE4",
    b"\xEC", b"\xED", b"\xE6", b"\xF3", b"\xF2",
    b"o\xF8", b"o\xF9", b"o\xFB", b"o\xF5", b"o\xEF",
    b"o\xE2", b"o\xE0", b"o\xE1", b"o\xE5", b"o\xE3", b"o\xE4",
    b"\xF4", b"\xF4\xF8", b"\xF4\xF9", b"\xF4\xFB", b"\xF4\xF5", b"\xF4\xEF",
    b"u\xF8", b"u\xF9", b"u\xFB", b"u\xF5", b"u\xEF",
    b"\xF6", b"\xF6\xF8", b"\xF6\xF9", b"\xF6\xFB", b"\xF6\xF5", b"\xF6\xEF",
    b"y\xF8", b"y\xF9", b"y\xFB", b"y\xF5", b"\xEE",
    b"A\xD8", b"A\xD9", b"A\xDB", b"A\xD5", b"A\xCF",
    b"A\xC2", b"A\xC0", b"A\xC1", b"A\xC5", b"A\xC3", b"A\xC4",
    b"A\xCA", b"A\xC8", b"A\xC9", b"A\xDA", b"A\xDC", b"A\xCB",
    b"\xD1",
    b"E\xD8", b"E\xD9", b"E\xDB", b"E\xD5", b"E\xCF",
    b"E\xC2", b"E\xC0", b"E\xC1", b"E\xC5", b"E\xC3", b"E\xC4",
    b"\xCC", b"\xCD", b"\xC6", b"\xD3", b"\xD2",
    b"O\xD8", b"O\xD9", b"O\xDB", b"O\xD5", b"O\xCF",
    b"O\xC2", b"O\xC0", b"O\xC1", b"O\xC5", b"O\xC3", b"O\xC4",
    b"\xD4", b"\xD4\xD8", b"\xD4\xD9", b"\xD4\xDB", b"\xD4\xD5", b"\xD4\xCF",
    b"U\xD8", b"U\xD9", b"U\xDB", b"U\xD5", b"U\xCF",
    b"\xD6", b"\xD6\xD8", b"\xD6\xD9", b"\xD6\xDB", b"\xD6\xD5", b"\xD6\xCF",
    b"Y\xD8", b"Y\xD9", b"Y\xDB", b"Y\xD5", b"\xCE",
];
