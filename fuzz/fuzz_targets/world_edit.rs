//! Fuzz target `world_edit`: see `iam_fuzz::world_edit` (fuzz/src/lib.rs) for how the input is read.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| iam_fuzz::world_edit(data));
