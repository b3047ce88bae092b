//! What the model says to readers: documentation (as Markdown) and deprecation, for the service,
//! each operation, and every shape and member of the closure. Converted once here, because the
//! HTML → Markdown conversion is the costliest step per member and a member's docs appear on its
//! field, getter and setters; the conversion runs on every core.

use std::collections::HashMap;

use crate::docs::html_to_markdown;
use crate::index::ShapeIndex;
use crate::plan::Notes;
use crate::traits::TraitsExt;

/// The notes of everything the crate documents, keyed by shape ID or `shape$member`. Only what
/// has documentation or a deprecation gets an entry.
pub(super) fn notes<'m>(index: &ShapeIndex<'m>) -> HashMap<String, Notes> {
    let mut pending: Vec<(String, Option<&'m str>, Option<String>)> = Vec::new();
    let mut add = |key: String, traits: &'m crate::model::Traits| {
        let html = traits.documentation();
        let deprecated = traits.deprecated_message();
        if html.is_some() || deprecated.is_some() {
            pending.push((key, html, deprecated));
        }
    };
    if let Some((id, service)) = index.service {
        add(id.to_owned(), &service.traits);
    }
    let shapes = index.operations.iter().chain(index.closure.iter());
    for id in shapes {
        let shape = index.shape(id);
        add((*id).to_owned(), &shape.traits);
        for (name, m) in crate::index::members_of(shape) {
            add(format!("{id}${name}"), &m.traits);
        }
    }
    let convert = |batch: &mut [(String, Option<&str>, Option<String>)]| -> Vec<(String, Notes)> {
        batch
            .iter_mut()
            .map(|(key, html, deprecated)| {
                // Some models document with an empty `<p/>`; that counts as no documentation.
                let docs = html
                    .map(html_to_markdown)
                    .filter(|md| !md.trim().is_empty());
                let notes = Notes {
                    docs,
                    deprecated: deprecated.take(),
                };
                (std::mem::take(key), notes)
            })
            .collect()
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per_thread = pending.len().div_ceil(threads).max(1);
    let converted: Vec<Vec<(String, Notes)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = pending
            .chunks_mut(per_thread)
            .map(|batch| scope.spawn(|| convert(batch)))
            .collect();
        handles
            .into_iter()
            .map(|h| match h.join() {
                Ok(done) => done,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    converted.into_iter().flatten().collect()
}
