//! Fuzz target: see `policypress_fuzz::tlog_verify`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = policypress_fuzz::tlog_verify(data);
});
