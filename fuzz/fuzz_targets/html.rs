//! Any text reads as a page: title, date and article, without a panic.
#![no_main]
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use thidua::rules::RuleSet;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::load(None).unwrap());

fuzz_target!(|data: &[u8]| {
    let page = String::from_utf8_lossy(data);
    let read = thidua::html::read(&page, &RULES.chrome);
    if let Some(p) = read.meta.published {
        assert!(p.len() >= 4 && p.is_char_boundary(4), "{p}");
    }
});
