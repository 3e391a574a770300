//! Fuzz target `query`: see `iam_fuzz::query` (fuzz/src/lib.rs) for how the input is read.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| iam_fuzz::query(data));
