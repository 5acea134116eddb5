//! Fuzz target: see `policypress_fuzz::markdown_render`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = policypress_fuzz::markdown_render(data);
});
