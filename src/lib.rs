//! iam-playground: an AWS IAM policy evaluator with a step-by-step trace.
//!
//! The library is the pure core (no wasm-bindgen, web-sys or clap in its dependency tree):
//!
//! - [`source`], [`json`], [`diag`]: text positions, a spanned JSON parser, diagnostics;
//! - [`policy`]: the IAM policy language: model, parser with positions, validation;
//! - [`eval`]: deciding one request across every policy type, with a structured trace;
//! - [`scenario`]: a world of accounts, users, roles and resources, and steps
//!   (`sts:AssumeRole` chains and calls) simulated in order;
//! - [`query`]: who can reach a resource, and what a principal can reach, over a whole world;
//! - [`catalogue`]: AWS's services, actions, resource types and condition keys, when a host
//!   installs the catalogue;
//! - [`managed`]: the AWS managed policies the project ships;
//! - [`import`]: what the AWS CLI exports (IAM, Organizations, resource policies, profiles),
//!   as a scenario;
//! - [`api`]: the JSON-in/JSON-out API that the CLI and the browser glue call.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod api;
pub mod catalogue;
pub mod compiled;
pub mod diag;
pub mod eval;
pub mod import;
pub mod json;
pub mod managed;
pub mod policy;
pub mod query;
pub mod scenario;
pub mod sorting;
pub mod source;

/// The engine version stamped on outputs and share links.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
