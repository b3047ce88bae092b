//! The Markdown side: the tree as blocks (paragraphs, lists, quotes, fenced text), their inline
//! content escaped for rustdoc, and the blocks written out as lines.

use super::html::{Element, Kind, Node, gather_text, has_block, kind};

/// Writes the tree out as rustdoc Markdown lines.
pub(super) fn render(nodes: &[Node]) -> String {
    let blocks = blocks_of(nodes);
    let mut lines = Vec::new();
    blocks_to_lines(&blocks, false, &mut lines);
    lines.join("\n")
}

// ---------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------

#[derive(Debug)]
enum Block {
    /// Lines joined by hard breaks; each line is already escaped.
    Para(Vec<String>),
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Code(String),
    Quote {
        label: Option<&'static str>,
        blocks: Vec<Block>,
    },
}

fn blocks_of<'a>(nodes: impl IntoIterator<Item = &'a Node>) -> Vec<Block> {
    let mut flow = Flow::default();
    for node in nodes {
        flow.node(node);
    }
    flow.finish()
}

/// Accumulates blocks, with a pending paragraph for inline content.
#[derive(Default)]
struct Flow {
    blocks: Vec<Block>,
    inline: Inline,
}

impl Flow {
    fn node(&mut self, node: &Node) {
        match node {
            Node::Text(text) => self.inline.text(text, Ctx::default()),
            Node::Element(e) => self.element(e),
        }
    }

    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            self.node(node);
        }
    }

    fn element(&mut self, e: &Element) {
        match kind(&e.name) {
            Kind::Drop => {}
            Kind::Break => self.inline.line_break(),
            Kind::Rule => self.flush(),
            Kind::Para => {
                self.flush();
                self.nodes(&e.children);
                self.flush();
            }
            Kind::List => {
                self.flush();
                self.push(list_block(e));
            }
            Kind::Item => {
                self.flush();
                let item = blocks_of(&e.children);
                if !item.is_empty() {
                    self.push(Block::List {
                        ordered: false,
                        start: 1,
                        items: vec![item],
                    });
                }
            }
            Kind::DefList => {
                self.flush();
                self.push(def_list_block(e));
            }
            Kind::Quote(label) => {
                self.flush();
                let blocks = blocks_of(&e.children);
                if !blocks.is_empty() {
                    self.push(Block::Quote { label, blocks });
                }
            }
            Kind::Pre => {
                self.flush();
                let text = pre_text(e);
                if !text.is_empty() {
                    self.push(Block::Code(text));
                }
            }
            Kind::Inline if has_block(e) => self.nodes(&e.children),
            Kind::Inline => self.inline.element(e, Ctx::default()),
        }
    }

    fn push(&mut self, block: Block) {
        let empty = match &block {
            Block::List { items, .. } => items.is_empty(),
            _ => false,
        };
        if !empty {
            self.blocks.push(block);
        }
    }

    fn flush(&mut self) {
        let inline = std::mem::take(&mut self.inline);
        for para in inline.finish() {
            self.blocks.push(Block::Para(para));
        }
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush();
        self.blocks
    }
}

fn list_block(e: &Element) -> Block {
    let ordered = e.name == "ol";
    let start = e
        .attr("start")
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .min(999_999);
    let mut items: Vec<Vec<Block>> = Vec::new();
    let mut stray: Vec<&Node> = Vec::new();
    for child in &e.children {
        match child {
            Node::Element(li) if li.name == "li" => {
                attach_stray(&mut items, &mut stray);
                items.push(blocks_of(&li.children));
            }
            other => stray.push(other),
        }
    }
    attach_stray(&mut items, &mut stray);
    items.retain(|item| !item.is_empty());
    Block::List {
        ordered,
        start,
        items,
    }
}

/// Content directly inside `<ul>` (often a nested `<ul>` placed after `</li>`) joins the previous item.
fn attach_stray(items: &mut Vec<Vec<Block>>, stray: &mut Vec<&Node>) {
    let blocks = blocks_of(stray.drain(..));
    if blocks.is_empty() {
        return;
    }
    match items.last_mut() {
        Some(last) => last.extend(blocks),
        None => items.push(blocks),
    }
}

/// `<dl>` becomes a bullet list: `**term**`, a hard break, then the description.
fn def_list_block(e: &Element) -> Block {
    let mut items: Vec<Vec<Block>> = Vec::new();
    let mut stray: Vec<&Node> = Vec::new();
    // `after_term`: the last item is a bare term, so the first description paragraph joins it.
    let (mut in_entry, mut after_term) = (false, false);
    for child in &e.children {
        match child {
            Node::Element(dt) if dt.name == "dt" => {
                attach_stray(&mut items, &mut stray);
                let blocks = if has_block(dt) {
                    blocks_of(&dt.children)
                } else {
                    let mut flow = Flow::default();
                    flow.inline.styled("**", &dt.children, Ctx::default());
                    flow.finish()
                };
                after_term = !blocks.is_empty();
                in_entry = after_term;
                if after_term {
                    items.push(blocks);
                }
            }
            Node::Element(dd) if dd.name == "dd" => {
                attach_stray(&mut items, &mut stray);
                let mut blocks = blocks_of(&dd.children).into_iter();
                match items.last_mut() {
                    Some(item) if in_entry => {
                        if let (true, Some(Block::Para(term)), Some(Block::Para(_))) =
                            (after_term, item.last_mut(), blocks.as_slice().first())
                            && let Some(Block::Para(desc)) = blocks.next()
                        {
                            term.extend(desc);
                        }
                        item.extend(blocks);
                    }
                    _ => {
                        let item: Vec<Block> = blocks.collect();
                        in_entry = !item.is_empty();
                        if in_entry {
                            items.push(item);
                        }
                    }
                }
                after_term = false;
            }
            other => stray.push(other),
        }
    }
    attach_stray(&mut items, &mut stray);
    Block::List {
        ordered: false,
        start: 1,
        items,
    }
}

/// Text of a `<pre>` block with whitespace kept, minus blank edges and common indentation.
fn pre_text(e: &Element) -> String {
    let mut raw = String::new();
    gather_text(&e.children, "\n", &mut raw);
    let raw = raw.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = raw
        .lines()
        .map(str::trim_end)
        .skip_while(|l| l.is_empty())
        .collect();
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |p| p + 1);
    let lines = &lines[..end];
    let indent = lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or(""))
        .map(|l| {
            l.chars()
                .filter(|c| *c == '\t' || !c.is_control())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------
// Inline content
// ---------------------------------------------------------------------------

/// What inline formatting is already open, so markers are not doubled and links not nested.
#[derive(Clone, Copy, Default)]
struct Ctx {
    link: bool,
    bold: bool,
    italic: bool,
}

impl Ctx {
    fn in_span(self) -> bool {
        self.link || self.bold || self.italic
    }
}

/// A paragraph under construction: whitespace collapsed, Markdown escaped.
#[derive(Default)]
struct Inline {
    lines: Vec<String>,
    cur: String,
    /// Whitespace seen since the last content; becomes one space before the next content.
    pending_space: bool,
    /// Whitespace seen before any content (lets a styled span move it outside its markers).
    leading_space: bool,
}

impl Inline {
    fn space(&mut self) {
        if self.cur.is_empty() && self.lines.is_empty() {
            self.leading_space = true;
        } else {
            self.pending_space = true;
        }
    }

    /// Appends Markdown that is already escaped or is markup.
    fn raw(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if (self.pending_space || merges_delimiters(&self.cur, s)) && !self.cur.is_empty() {
            self.cur.push(' ');
        }
        self.pending_space = false;
        self.cur.push_str(s);
    }

    fn line_break(&mut self) {
        self.lines.push(std::mem::take(&mut self.cur));
        self.pending_space = false;
    }

    fn text(&mut self, text: &str, ctx: Ctx) {
        let mut word = String::new();
        for c in text.chars() {
            if c.is_whitespace() {
                if !word.is_empty() {
                    self.word(&word, ctx);
                    word.clear();
                }
                self.space();
            } else if !c.is_control() {
                word.push(c);
            }
        }
        if !word.is_empty() {
            self.word(&word, ctx);
        }
    }

    /// Emits one whitespace-free word, turning a bare URL into an autolink (`bare_urls`).
    fn word(&mut self, word: &str, ctx: Ctx) {
        let mut out = String::new();
        let mut rest = word;
        while let Some((start, end)) = find_url(rest).filter(|_| !ctx.link) {
            escape_text(&rest[..start], &mut out);
            out.push('<');
            out.push_str(&rest[start..end]);
            out.push('>');
            rest = &rest[end..];
        }
        escape_text(rest, &mut out);
        self.raw(&out);
    }

    fn element(&mut self, e: &Element, ctx: Ctx) {
        match e.name.as_str() {
            "br" if ctx.in_span() => self.space(),
            "br" => self.line_break(),
            "code" | "tt" | "kbd" | "samp" => {
                let mut text = String::new();
                gather_text(&e.children, " ", &mut text);
                self.raw(&code_span(&text));
            }
            "a" => self.link(e, ctx),
            "b" | "strong" if !ctx.bold => {
                self.styled("**", &e.children, Ctx { bold: true, ..ctx });
            }
            "i" | "em" | "cite" | "dfn" if !ctx.italic => self.styled(
                "*",
                &e.children,
                Ctx {
                    italic: true,
                    ..ctx
                },
            ),
            // Table cells would otherwise run together.
            "td" | "th" => {
                self.nodes(&e.children, ctx);
                self.space();
            }
            _ if kind(&e.name) == Kind::Drop => {}
            _ => self.nodes(&e.children, ctx),
        }
    }

    fn nodes(&mut self, nodes: &[Node], ctx: Ctx) {
        for node in nodes {
            match node {
                Node::Text(text) => self.text(text, ctx),
                Node::Element(e) => self.element(e, ctx),
            }
        }
    }

    /// Renders `nodes` on their own, returning (leading space, content, trailing space).
    fn span(nodes: &[Node], ctx: Ctx) -> (bool, String, bool) {
        let mut sub = Inline::default();
        sub.nodes(nodes, ctx);
        let lines = std::mem::take(&mut sub.lines);
        let mut content = lines.join(" ");
        if !content.is_empty() && !sub.cur.is_empty() {
            content.push(' ');
        }
        content.push_str(&sub.cur);
        (sub.leading_space, content, sub.pending_space)
    }

    /// Wraps content in `marker`, keeping edge whitespace outside so the markers stay flanking.
    fn styled(&mut self, marker: &str, nodes: &[Node], ctx: Ctx) {
        let (lead, content, trail) = Self::span(nodes, ctx);
        if lead {
            self.space();
        }
        if !content.is_empty() {
            self.raw(&format!("{marker}{content}{marker}"));
        }
        if trail {
            self.space();
        }
    }

    fn link(&mut self, e: &Element, ctx: Ctx) {
        let href = e.attr("href").map_or("", str::trim);
        let is_web = ["http://", "https://"].iter().any(|scheme| {
            href.get(..scheme.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(scheme))
                && href.len() > scheme.len()
        });
        if !is_web || ctx.link {
            self.nodes(&e.children, ctx);
            return;
        }
        let (lead, content, trail) = Self::span(&e.children, Ctx { link: true, ..ctx });
        let mut plain = String::new();
        gather_text(&e.children, " ", &mut plain);
        if lead {
            self.space();
        }
        let plain = plain.trim();
        if content.is_empty()
            || plain == href
            || plain.trim_end_matches('/') == href.trim_end_matches('/')
        {
            self.raw(&format!("<{}>", autolink_url(href)));
        } else {
            self.raw(&format!("[{content}]({})", link_destination(href)));
        }
        if trail {
            self.space();
        }
    }

    /// Completed paragraphs: a blank line (`<br><br>`) splits one paragraph into two.
    fn finish(mut self) -> Vec<Vec<String>> {
        self.lines.push(self.cur);
        let mut paras = Vec::new();
        let mut para: Vec<String> = Vec::new();
        for line in self.lines {
            let line = line.trim();
            if line.is_empty() {
                if !para.is_empty() {
                    paras.push(std::mem::take(&mut para));
                }
            } else {
                para.push(escape_line_start(line));
            }
        }
        if !para.is_empty() {
            paras.push(para);
        }
        paras
    }
}

/// Whether `next` would fuse with the end of `cur` into one delimiter run
/// (`` `a` `` + `` `b` `` is not two code spans; `**a**` + `*b*` is not two emphases).
fn merges_delimiters(cur: &str, next: &str) -> bool {
    let Some(last) = cur.chars().last() else {
        return false;
    };
    if !matches!(last, '`' | '*') || !next.starts_with(last) {
        return false;
    }
    let body = &cur[..cur.len() - 1];
    let backslashes = body.len() - body.trim_end_matches('\\').len();
    backslashes.is_multiple_of(2)
}

/// Finds `http://` or `https://` followed by something, returning the URL's byte range.
fn find_url(word: &str) -> Option<(usize, usize)> {
    let lower = word.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find("http").map(|p| p + from) {
        let after = &lower[pos..];
        let scheme = if after.starts_with("https://") {
            8
        } else if after.starts_with("http://") {
            7
        } else {
            from = pos + 4;
            continue;
        };
        let body_start = pos + scheme;
        let mut end = word[body_start..]
            .find(|c: char| matches!(c, '<' | '>' | '"' | '`') || c.is_control())
            .map_or(word.len(), |p| body_start + p);
        // Sentence punctuation after a URL is not part of it; `)` only when unbalanced.
        loop {
            let url = &word[pos..end];
            let Some(last) = url.chars().last() else {
                break;
            };
            let strip = match last {
                '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' | '_' => true,
                ')' => url.matches(')').count() > url.matches('(').count(),
                ']' => url.matches(']').count() > url.matches('[').count(),
                _ => false,
            };
            if !strip || end <= body_start {
                break;
            }
            end -= last.len_utf8();
        }
        if word[body_start..end]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
        {
            return Some((pos, end));
        }
        from = pos + 4;
    }
    None
}

/// Percent-encodes what an autolink cannot hold.
fn autolink_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c if c.is_whitespace() || c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A link destination for `[text](dest)`: no spaces or angle brackets, parentheses escaped.
fn link_destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in autolink_url(url).chars() {
        match c {
            '(' | ')' => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("%5C"),
            c => out.push(c),
        }
    }
    out
}

/// An inline code span; content with backticks gets a longer fence and padding.
fn code_span(text: &str) -> String {
    let text = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if text.is_empty() {
        return text;
    }
    let run = longest_run(&text, '`');
    if run == 0 {
        format!("`{text}`")
    } else {
        let fence = "`".repeat(run + 1);
        format!("{fence} {text} {fence}")
    }
}

fn longest_run(text: &str, ch: char) -> usize {
    let (mut best, mut cur) = (0, 0);
    for c in text.chars() {
        if c == ch {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

/// Escapes characters that Markdown or rustdoc would treat as syntax.
fn escape_text(text: &str, out: &mut String) {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // Intraword underscores (`a_b_c`) never form emphasis, so they stay readable.
            '_' => {
                let prev = i > 0 && chars[i - 1].is_alphanumeric();
                let next = chars.get(i + 1).is_some_and(|c| c.is_alphanumeric());
                if !(prev && next) {
                    out.push('\\');
                }
                out.push('_');
            }
            // `&amp;copy;` decodes to `&copy;`, which Markdown would turn back into `©`.
            '&' => {
                if looks_like_entity(&chars[i + 1..]) {
                    out.push('\\');
                }
                out.push('&');
            }
            c => out.push(c),
        }
    }
}

fn looks_like_entity(after: &[char]) -> bool {
    let body: String = after
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .collect();
    !body.is_empty() && after.get(body.chars().count()) == Some(&';')
}

/// Escapes a paragraph line that would otherwise start a heading, list, quote or setext underline.
fn escape_line_start(line: &str) -> String {
    let bytes = line.as_bytes();
    let Some(&first) = bytes.first() else {
        return String::new();
    };
    let followed_by_gap = |at: usize| bytes.get(at).is_none_or(|b| *b == b' ' || *b == b'\t');
    let escape_at = match first {
        b'#' => {
            let hashes = bytes.iter().take_while(|b| **b == b'#').count();
            (hashes <= 6 && followed_by_gap(hashes)).then_some(0)
        }
        b'-' | b'+' => {
            let rule = line.chars().all(|c| c == first as char || c == ' ');
            (followed_by_gap(1) || rule || line.contains('|')).then_some(0)
        }
        b'=' => line.chars().all(|c| c == '=' || c == ' ').then_some(0),
        // A GFM table delimiter row (`--- | ---`, `:-- | --:`) under a line with pipes.
        b':' => line.contains('|').then_some(0),
        b'>' | b'|' => Some(0),
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            (digits <= 9
                && matches!(bytes.get(digits), Some(b'.' | b')'))
                && followed_by_gap(digits + 1))
            .then_some(digits)
        }
        _ => None,
    };
    match escape_at {
        Some(at) => format!("{}\\{}", &line[..at], &line[at..]),
        None => line.to_owned(),
    }
}

// ---------------------------------------------------------------------------
// Serialization
// ---------------------------------------------------------------------------

/// Writes blocks as lines; inside list items a list follows its paragraph directly (tight lists).
fn blocks_to_lines(blocks: &[Block], in_item: bool, out: &mut Vec<String>) {
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            let tight = in_item
                && matches!(blocks[i - 1], Block::Para(_))
                && matches!(block, Block::List { ordered, start, .. } if !*ordered || *start == 1);
            if !tight {
                out.push(String::new());
            }
        }
        block_to_lines(block, out);
    }
}

fn block_to_lines(block: &Block, out: &mut Vec<String>) {
    match block {
        Block::Para(lines) => {
            for (i, line) in lines.iter().enumerate() {
                if i + 1 < lines.len() {
                    out.push(format!("{line}\\"));
                } else {
                    out.push(line.clone());
                }
            }
        }
        Block::Code(text) => {
            let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
            out.push(format!("{fence}text"));
            out.extend(text.lines().map(str::to_owned));
            out.push(fence);
        }
        Block::Quote { label, blocks } => {
            let mut inner = Vec::new();
            if let Some(label) = label {
                match blocks.first() {
                    Some(Block::Para(_)) => {}
                    _ => inner.extend([format!("**{label}**"), String::new()]),
                }
            }
            let start = inner.len();
            blocks_to_lines(blocks, false, &mut inner);
            if let (Some(label), Some(Block::Para(_))) = (label, blocks.first())
                && let Some(first) = inner.get_mut(start)
            {
                *first = format!("**{label}** {first}");
            }
            out.extend(inner.into_iter().map(|line| {
                if line.is_empty() {
                    ">".to_owned()
                } else {
                    format!("> {line}")
                }
            }));
        }
        Block::List {
            ordered,
            start,
            items,
        } => {
            for (n, item) in (*start..).zip(items) {
                let marker = if *ordered {
                    format!("{n}. ")
                } else {
                    "- ".to_owned()
                };
                let indent = " ".repeat(marker.len());
                let mut inner = Vec::new();
                blocks_to_lines(item, true, &mut inner);
                for (i, line) in inner.into_iter().enumerate() {
                    if i == 0 {
                        out.push(format!("{marker}{line}"));
                    } else if line.is_empty() {
                        out.push(line);
                    } else {
                        out.push(format!("{indent}{line}"));
                    }
                }
            }
        }
    }
}
