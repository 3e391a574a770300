//! The browser entry built by Trunk: a thin wasm-bindgen layer over `iam_playground::api`.
fn main() {}
