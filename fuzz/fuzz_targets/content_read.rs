//! Fuzz target: see `policypress_fuzz::content_read`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = policypress_fuzz::content_read(data);
});
