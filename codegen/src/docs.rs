//! Converts the HTML in Smithy `documentation` traits into rustdoc Markdown.
//!
//! AWS models carry loosely formed HTML: `<p>`, `<code>`, lists, the custom
//! `<note>`/`<important>` tags, and placeholders such as `<region>` that were
//! never escaped. Generated crates must pass `cargo doc` with `-D warnings`,
//! so the output escapes everything Markdown or rustdoc would misread: brackets
//! (intra-doc links), angle brackets (HTML tags), bare URLs, emphasis markers
//! and leading indentation (indented code blocks become doctests).
//!
//! The pipeline is tokenize → forgiving tree (`html`) → Markdown blocks → lines (`markdown`). It uses
//! no HTML crate on purpose: the input dialect is small and the tolerance rules
//! (what counts as a literal `<placeholder>`) are specific to these models.

mod html;
mod markdown;
#[cfg(test)]
mod tests;

/// Converts model documentation (AWS-flavoured HTML) to rustdoc Markdown. Deterministic, never panics.
#[must_use]
pub fn html_to_markdown(html: &str) -> String {
    markdown::render(&html::parse(html))
}
