//! Fuzz target `api_call`: see `iam_fuzz::api_call` (fuzz/src/lib.rs) for how the input is read.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| iam_fuzz::api_call(data));
