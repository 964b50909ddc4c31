//! Any bytes decode, as a text or a page, and the count of replaced characters is true.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flag, bytes)) = data.split_first() else {
        return;
    };
    let d = thidua::decode::decode(bytes, flag & 1 == 1);
    assert_eq!(d.replaced, d.text.matches('\u{FFFD}').count());
});
