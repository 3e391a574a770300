//! Fuzz target `policy`: see `iam_fuzz::policy` (fuzz/src/lib.rs) for how the input is read.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| iam_fuzz::policy(data));
