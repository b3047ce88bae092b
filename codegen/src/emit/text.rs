//! Formatted Rust written as text, for the regular, high-volume items (structures, their builders,
//! fluent setters, operation errors, string enums). Going through tokens, `syn` and prettyplease costs about ten times as much per
//! line, and these items are most of a large service's code. The layout follows prettyplease's, so
//! both kinds of item read alike in one file: four-space indents, `///` docs, and a signature or
//! method chain broken one part per line when its line would pass [`MARGIN`].
//!
//! Text items are checked to parse when the generator is built with debug assertions (tests and
//! `cargo xtask codegen`; see `render`), so a template that writes broken Rust still fails there.

use std::fmt::Write as _;

/// The widest line before a signature or chain is broken (prettyplease's margin).
pub(crate) const MARGIN: usize = 89;

const INDENT: &str = "    ";

/// A growing piece of formatted Rust with a current indentation depth.
#[derive(Default)]
pub(crate) struct Code {
    out: String,
    depth: usize,
}

impl Code {
    pub fn new() -> Code {
        Code::default()
    }

    /// The text written so far.
    pub fn finish(self) -> String {
        debug_assert_eq!(self.depth, 0, "unbalanced blocks in generated text");
        self.out
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str(INDENT);
        }
    }

    fn width(&self, text: &str) -> usize {
        self.depth * INDENT.len() + text.chars().count()
    }

    /// Whether `text` fits on one line at the current depth.
    pub fn fits(&self, text: &str) -> bool {
        self.width(text) <= MARGIN
    }

    /// One line at the current depth.
    pub fn line(&mut self, text: &str) {
        self.indent();
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// `head {` and one level deeper.
    pub fn open(&mut self, head: &str) {
        self.indent();
        self.out.push_str(head);
        self.out.push_str(" {\n");
        self.depth += 1;
    }

    /// One level out, then `}` followed by `tail` (`""`, `","`, `)`…).
    pub fn close(&mut self, tail: &str) {
        self.depth -= 1;
        self.indent();
        self.out.push('}');
        self.out.push_str(tail);
        self.out.push('\n');
    }

    /// Outer docs from Markdown text, one `///` line per line (nothing for blank text), as
    /// [`super::doc_text`] gives them to prettyplease.
    pub fn docs(&mut self, markdown: &str) {
        if markdown.trim().is_empty() {
            return;
        }
        for l in markdown.lines() {
            self.doc_line(l);
        }
    }

    /// `#[deprecated]` with the model's message (`None`: not deprecated; empty: no message).
    pub fn deprecated(&mut self, message: Option<&str>) {
        match message {
            Some(m) if !m.is_empty() => self.line(&format!("#[deprecated(note = {})]", str_lit(m))),
            Some(_) => self.line("#[deprecated]"),
            None => {}
        }
    }

    /// One `///` line. The text gets a leading space; trailing spaces are dropped.
    pub fn doc_line(&mut self, text: &str) {
        self.indent();
        // A carriage return cannot stand in a line comment; the attribute form keeps it.
        if text.contains(['\r', '\n']) {
            let _ = writeln!(self.out, "#[doc = {}]", str_lit(&format!(" {text}")));
            return;
        }
        self.out.push_str("///");
        let text = text.trim_end_matches(' ');
        if !text.is_empty() {
            self.out.push(' ');
            self.out.push_str(text);
        }
        self.out.push('\n');
    }

    /// A function's `#[inline]` (every generated function has one: see `render::inline_functions`),
    /// signature and opening brace: `head(params) -> ret {` on one line when it fits, else one
    /// parameter per line. `ret` is empty for `()`.
    pub fn open_fn(&mut self, head: &str, params: &[&str], ret: &str) {
        self.line("#[inline]");
        let arrow = if ret.is_empty() {
            String::new()
        } else {
            format!(" -> {ret}")
        };
        let one_line = format!("{head}({}){arrow} {{", params.join(", "));
        if params.is_empty() || self.width(&one_line) <= MARGIN {
            self.line(&one_line);
        } else {
            self.line(&format!("{head}("));
            self.depth += 1;
            for p in params {
                match p.split_once(": ") {
                    Some((name, ty)) => self.typed(&format!("{name}: "), ty, ","),
                    None => self.line(&format!("{p},")),
                }
            }
            self.depth -= 1;
            if ret.is_empty() {
                self.line(") {");
            } else {
                self.typed(") -> ", ret, " {");
            }
        }
        self.depth += 1;
    }

    /// `prefix` + `ty` + `suffix` on one line when it fits, else the type's generic arguments one
    /// per line (`Option<` … `>`), as prettyplease breaks a long type.
    pub fn typed(&mut self, prefix: &str, ty: &str, suffix: &str) {
        self.typed_with(prefix, ty, suffix, true);
    }

    /// [`Self::typed`]; a generic argument's separating comma may pass the margin, as in
    /// prettyplease (`count_suffix` false).
    fn typed_with(&mut self, prefix: &str, ty: &str, suffix: &str, count_suffix: bool) {
        let one_line = format!("{prefix}{ty}{suffix}");
        let counted = if count_suffix {
            &one_line
        } else {
            &one_line[..one_line.len() - suffix.len()]
        };
        if self.fits(counted) {
            return self.line(&one_line);
        }
        match split_list(ty, '<', '>') {
            Some((outer, args)) => {
                self.line(&format!("{prefix}{outer}<"));
                self.depth += 1;
                for arg in &args {
                    self.typed_with("", arg, ",", false);
                }
                self.depth -= 1;
                self.line(&format!(">{suffix}"));
            }
            None => self.line(&one_line),
        }
    }

    /// A statement or expression that is a method chain: `receiver.a().b()` + `end` on one line
    /// when it fits, else each call on its own line one level deeper.
    pub fn chain(&mut self, receiver: &str, calls: &[&str], end: &str) {
        let one_line = format!("{receiver}{}{end}", calls.concat());
        if self.width(&one_line) <= MARGIN {
            self.line(&one_line);
            return;
        }
        self.line(receiver);
        self.depth += 1;
        for (i, call) in calls.iter().enumerate() {
            if i + 1 == calls.len() {
                self.line(&format!("{call}{end}"));
            } else {
                self.line(call);
            }
        }
        self.depth -= 1;
    }

    /// An attribute `#[name(args)]` on one line when it fits, else its arguments one per line
    /// (without a trailing comma, as prettyplease writes attributes). An argument that is itself
    /// `name(args)` and does not fit its line is broken the same way.
    pub fn attr(&mut self, name: &str, args: &[String]) {
        let one_line = format!("#[{name}({})]", args.join(", "));
        if self.width(&one_line) <= MARGIN {
            self.line(&one_line);
            return;
        }
        self.line(&format!("#[{name}("));
        self.depth += 1;
        self.call_args(args);
        self.depth -= 1;
        self.line(")]");
    }

    fn call_args(&mut self, args: &[String]) {
        for (i, arg) in args.iter().enumerate() {
            let comma = if i + 1 == args.len() { "" } else { "," };
            let whole = format!("{arg}{comma}");
            match split_list(arg, '(', ')') {
                Some((name, inner)) if self.width(&whole) > MARGIN => {
                    self.line(&format!("{name}("));
                    self.depth += 1;
                    self.call_args(&inner);
                    self.depth -= 1;
                    self.line(&format!("){comma}"));
                }
                _ => self.line(&whole),
            }
        }
    }

    /// Text already laid out at depth zero (a nested template), shifted to the current depth.
    pub fn block(&mut self, text: &str) {
        for l in text.lines() {
            if l.is_empty() {
                self.out.push('\n');
            } else {
                self.line(l);
            }
        }
    }
}

/// `name(a, b)` (or `Name<A, B>`, with `<` and `>` as `open` and `close`) split into its name and
/// top-level arguments; `None` when `text` is not one such list.
fn split_list(text: &str, open: char, close: char) -> Option<(&str, Vec<String>)> {
    let name_end = text.find(open)?;
    let inner = text[name_end + 1..].strip_suffix(close)?;
    let (mut args, mut depth, mut start, mut in_str) = (Vec::new(), 0i32, 0, false);
    let mut chars = inner.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if in_str => {
                chars.next();
            }
            '"' => in_str = !in_str,
            '(' | '[' | '<' if !in_str => depth += 1,
            ')' | ']' | '>' if !in_str => depth -= 1,
            ',' if !in_str && depth == 0 => {
                args.push(inner[start..i].trim().to_owned());
                start = i + 1;
            }
            _ => {}
        }
        if depth < 0 {
            return None;
        }
    }
    args.push(inner[start..].trim().to_owned());
    Some((&text[..name_end], args))
}

/// A Rust string literal for `text`, escaped as `quote` writes it.
pub(crate) fn str_lit(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_break_past_the_margin() {
        let mut c = Code::new();
        c.open("impl A");
        c.open_fn("pub fn short", &["&self"], "&str");
        c.line("&self.x");
        c.close("");
        c.open_fn(
            "pub fn set_role_group_assignments",
            &[
                "mut self",
                "input: Option<Vec<crate::types::RoleGroupAssignment>>",
            ],
            "Self",
        );
        c.line("self");
        c.close("");
        c.close("");
        assert_eq!(
            c.finish(),
            "impl A {\n    #[inline]\n    pub fn short(&self) -> &str {\n        &self.x\n    }\n    \
             #[inline]\n    pub fn set_role_group_assignments(\n        mut self,\n        \
             input: Option<Vec<crate::types::RoleGroupAssignment>>,\n    ) -> Self {\n        \
             self\n    }\n}\n"
        );
    }

    #[test]
    fn long_types_break_at_their_generic_arguments() {
        let mut c = Code::new();
        c.depth = 1;
        c.typed(
            "pub time_series_forecasting_settings: ",
            "Option<crate::types::TimeSeriesForecastingSettings>",
            ",",
        );
        c.depth = 0;
        assert_eq!(
            c.finish(),
            "    pub time_series_forecasting_settings: Option<\n        \
             crate::types::TimeSeriesForecastingSettings,\n    >,\n"
        );
    }

    #[test]
    fn docs_are_line_comments_and_keep_what_a_line_cannot() {
        let mut c = Code::new();
        c.docs("First.  \n\nSecond.");
        c.doc_line("a\rb");
        c.docs("  \n");
        assert_eq!(
            c.finish(),
            "/// First.\n///\n/// Second.\n#[doc = \" a\\rb\"]\n"
        );
    }

    #[test]
    fn attributes_and_chains_break_one_part_per_line() {
        let mut c = Code::new();
        c.depth = 1;
        c.attr(
            "cfg_attr",
            &[
                "feature = \"serde\"".into(),
                "serde(rename = \"AssignedGroupPatterns\", default, skip_serializing_if = \"Option::is_none\")".into(),
            ],
        );
        c.chain(
            "self.arguments",
            &[
                ".get_or_insert_with(::std::collections::HashMap::new)",
                ".insert(key.into(), value.into())",
            ],
            ";",
        );
        c.depth = 0;
        assert_eq!(
            c.finish(),
            "    #[cfg_attr(\n        feature = \"serde\",\n        serde(\n            \
             rename = \"AssignedGroupPatterns\",\n            default,\n            \
             skip_serializing_if = \"Option::is_none\"\n        )\n    )]\n    \
             self.arguments\n        .get_or_insert_with(::std::collections::HashMap::new)\n        \
             .insert(key.into(), value.into());\n"
        );
    }

    #[test]
    fn calls_split_at_top_level_commas_only() {
        let (name, args) = split_list(
            r#"serde(rename = "a, b", with = "x::<A, B>", f(c, d))"#,
            '(',
            ')',
        )
        .expect("one call");
        assert_eq!(name, "serde");
        assert_eq!(
            args,
            [r#"rename = "a, b""#, r#"with = "x::<A, B>""#, "f(c, d)"]
        );
        assert!(split_list("not a call", '(', ')').is_none());
        let (name, args) = split_list("Result<A<B, C>, E>", '<', '>').expect("one type");
        assert_eq!(
            (name, args.as_slice()),
            ("Result", ["A<B, C>".to_owned(), "E".to_owned()].as_slice())
        );
    }
}
