//! Fuzz target `scenario`: see `iam_fuzz::scenario` (fuzz/src/lib.rs) for how the input is read.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| iam_fuzz::scenario(data));
