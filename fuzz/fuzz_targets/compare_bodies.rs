//! Fuzz target: see `policypress_fuzz::compare_bodies`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = policypress_fuzz::compare_bodies(data);
});
