//! Any rule file is loaded or refused with a message, never a panic.
#![no_main]
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use thidua::rules::{RuleSet, Specs};

// Parsed once: the built-in files are the same for every input.
static BUILTIN: LazyLock<Specs> = LazyLock::new(|| Specs::load(None).unwrap());

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let mut specs = BUILTIN.clone();
    if specs.add_file("fuzz.toml", source).is_ok() {
        let _ = RuleSet::compile(specs);
    }
});
