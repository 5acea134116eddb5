//! Fuzz target: see `policypress_fuzz::transparency_parse`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    policypress_fuzz::transparency_parse(data);
});
