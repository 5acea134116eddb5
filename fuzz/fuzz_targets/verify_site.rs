//! Fuzz target: see `policypress_fuzz::verify_site`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = policypress_fuzz::verify_site(data);
});
