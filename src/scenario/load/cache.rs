//! The parsed policy documents of a scenario kept between loads of its changing text, so that
//! loading it again after an edit parses and validates only the documents that changed.
//!
//! A document is reused when it sits at the same JSON path, is used as the same policy kind
//! and has exactly the same text: its parse, its findings (whose spans are offsets in the file)
//! and its size are what parsing it again would give. A document that text before it moved
//! (an edit that changed the file's length) has its spans shifted by as much, not parsed again.
//! Documents validated before the AWS action catalogue was installed are validated again.

use crate::diag::Diagnostic;
use crate::policy::model::{Policy, PolicyKind};
use std::collections::HashMap;
use std::sync::Arc;

/// One document as a load parsed it, where it was and with which text.
#[derive(Debug)]
struct CachedDocument {
    start: u32,
    text: Box<str>,
    policy: Option<Arc<Policy>>,
    diagnostics: Vec<Diagnostic>,
    size: usize,
    generation: u64,
    /// Whether the AWS action catalogue was installed when it was validated: its findings
    /// depend on it, so a document validated before is validated again once it arrives.
    catalogued: bool,
}

/// A document taken from the cache: what parsing it again would give (its text, already
/// compared, is not copied).
#[derive(Debug)]
pub struct Reused {
    /// The parsed document, when it parsed.
    pub policy: Option<Arc<Policy>>,
    /// Its findings, placed in the file.
    pub diagnostics: Vec<Diagnostic>,
    /// Its size as IAM counts it.
    pub size: usize,
}

/// Parsed documents by JSON path and policy kind.
#[derive(Debug, Default)]
pub struct DocumentCache {
    entries: HashMap<(String, PolicyKind), CachedDocument>,
    generation: u64,
    hits: usize,
    misses: usize,
}

impl DocumentCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts a load: what this load does not use is dropped at [`DocumentCache::finish`].
    pub fn begin(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        self.hits = 0;
        self.misses = 0;
    }

    /// Drops the documents the last load did not use.
    pub fn finish(&mut self) {
        let g = self.generation;
        self.entries.retain(|_, e| e.generation == g);
    }

    /// The document at `path`, used as `kind`, with exactly `text`, if the cache holds it:
    /// as parsed, when it starts at `start` as before; moved there (its spans and findings
    /// shifted, pointing into `file`), when text before it changed length. `pasted` says the
    /// document is a string holding a policy, whose parse points into its own text.
    pub fn get(
        &mut self,
        path: &str,
        kind: PolicyKind,
        at: (u32, &str),
        file: &Arc<str>,
        pasted: bool,
    ) -> Option<Reused> {
        let (start, text) = at;
        let g = self.generation;
        let key = (path.to_string(), kind);
        let catalogued = crate::catalogue::installed().is_some();
        let Some(e) = self
            .entries
            .get_mut(&key)
            .filter(|e| &*e.text == text && e.catalogued == catalogued)
        else {
            self.misses += 1;
            return None;
        };
        self.hits += 1;
        e.generation = g;
        if e.start != start {
            let delta = i64::from(start) - i64::from(e.start);
            e.start = start;
            if !pasted {
                e.policy = e
                    .policy
                    .as_deref()
                    .map(|p| Arc::new(crate::policy::moved::moved(p, delta, file.clone())));
            }
            for d in &mut e.diagnostics {
                d.span = d.span.map(|s| crate::policy::moved::shifted(s, delta));
            }
        }
        Some(Reused {
            policy: e.policy.clone(),
            diagnostics: e.diagnostics.clone(),
            size: e.size,
        })
    }

    /// Keeps what parsing the document gave.
    pub fn put(
        &mut self,
        path: &str,
        kind: PolicyKind,
        start: u32,
        text: &str,
        parsed: (Option<Arc<Policy>>, Vec<Diagnostic>, usize),
    ) {
        let (policy, diagnostics, size) = parsed;
        self.entries.insert(
            (path.to_string(), kind),
            CachedDocument {
                start,
                text: text.into(),
                catalogued: crate::catalogue::installed().is_some(),
                policy,
                diagnostics,
                size,
                generation: self.generation,
            },
        );
    }

    /// How many documents the last load reused and parsed.
    pub fn counts(&self) -> (usize, usize) {
        (self.hits, self.misses)
    }
}
