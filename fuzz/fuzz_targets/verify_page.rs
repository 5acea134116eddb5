//! Fuzz target: see `policypress_fuzz::verify_page`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = policypress_fuzz::verify_page(data);
});
