//! Fuzz target: see `policypress_fuzz::tlog_parse`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = policypress_fuzz::tlog_parse(data);
});
