//! Converts the HTML in Smithy `documentation` traits into rustdoc Markdown.
//!
//! AWS models carry loosely formed HTML: `<p>`, `<code>`, lists, the custom
//! `<note>`/`<important>` tags, and placeholders such as `<region>` that were
//! never escaped. Generated crates must pass `cargo doc` with `-D warnings`,
//! so the output escapes everything Markdown or rustdoc would misread: brackets
//! (intra-doc links), angle brackets (HTML tags), bare URLs, emphasis markers
//! and leading indentation (indented code blocks become doctests).
//!
//! The pipeline is tokenize → forgiving tree → Markdown blocks → lines. It uses
//! no HTML crate on purpose: the input dialect is small and the tolerance rules
//! (what counts as a literal `<placeholder>`) are specific to these models.

use std::collections::HashMap;

/// Converts model documentation (AWS-flavoured HTML) to rustdoc Markdown. Deterministic, never panics.
#[must_use]
pub fn html_to_markdown(html: &str) -> String {
    let tokens = tokenize(html);
    let nodes = build_tree(&tokens);
    let blocks = blocks_of(&nodes);
    let mut lines = Vec::new();
    blocks_to_lines(&blocks, false, &mut lines);
    lines.join("\n")
}

// ---------------------------------------------------------------------------
// Element classification
// ---------------------------------------------------------------------------

/// Elements that never have content, so no end tag is expected.
const VOID: &[&str] = &[
    "br", "hr", "img", "wbr", "input", "meta", "link", "col", "area", "base", "embed", "param",
    "source", "track",
];

/// Inline elements we understand; anything else unknown may be a literal placeholder.
const INLINE: &[&str] = &[
    "a", "b", "strong", "i", "em", "u", "code", "span", "sub", "sup", "small", "big", "tt", "kbd",
    "samp", "var", "cite", "dfn", "abbr", "s", "strike", "del", "ins", "mark", "q", "font", "td",
    "th", "label", "time",
];

/// Tags that may be markup inside `<code>`/`<pre>`; every other tag there is literal text
/// (`<code><row item="A"></row></code>` documents XML and must survive verbatim).
const CODE_INLINE: &[&str] = &[
    "a", "b", "strong", "i", "em", "u", "span", "br", "sub", "sup", "small", "var", "kbd", "samp",
    "tt", "code",
];

/// Elements that close an open `<p>` search: a new `<p>` inside them starts fresh.
const P_SCOPE: &[&str] = &[
    "li",
    "dd",
    "dt",
    "ul",
    "ol",
    "dl",
    "note",
    "important",
    "blockquote",
    "td",
    "th",
    "table",
    "div",
    "pre",
    "code",
];

/// How an element renders.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Paragraph-like: content becomes its own paragraph(s).
    Para,
    /// `<ul>`/`<ol>`.
    List,
    /// `<li>` outside a list.
    Item,
    /// `<dl>`.
    DefList,
    /// `<note>`/`<important>`/`<blockquote>`: a block quote with an optional label.
    Quote(Option<&'static str>),
    /// `<pre>`: fenced `text` block.
    Pre,
    /// `<br>`.
    Break,
    /// `<hr>`: paragraph boundary.
    Rule,
    /// `<script>`, `<style>`, `<img>`: content dropped.
    Drop,
    /// Everything else: inline formatting or transparent.
    Inline,
}

fn kind(name: &str) -> Kind {
    match name {
        "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "fullname" | "tr" | "table"
        | "thead" | "tbody" | "tfoot" | "caption" | "section" | "article" | "header" | "footer"
        | "figure" | "figcaption" | "dt" | "dd" | "center" | "address" => Kind::Para,
        "ul" | "ol" => Kind::List,
        "li" => Kind::Item,
        "dl" => Kind::DefList,
        "note" => Kind::Quote(Some("Note:")),
        "important" => Kind::Quote(Some("Important:")),
        "warning" => Kind::Quote(Some("Warning:")),
        "blockquote" => Kind::Quote(None),
        "pre" => Kind::Pre,
        "br" => Kind::Break,
        "hr" => Kind::Rule,
        "script" | "style" | "img" | "head" | "title" | "iframe" | "object" | "svg" => Kind::Drop,
        _ => Kind::Inline,
    }
}

fn is_known(name: &str) -> bool {
    VOID.contains(&name) || INLINE.contains(&name) || kind(name) != Kind::Inline
}

fn is_block(name: &str) -> bool {
    !matches!(kind(name), Kind::Inline | Kind::Break | Kind::Drop)
}

// ---------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------

#[derive(Debug)]
enum Token {
    /// Entity-decoded text.
    Text(String),
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
        /// Decoded source, emitted verbatim when the tag turns out to be a placeholder.
        raw: String,
    },
    End {
        name: String,
        raw: String,
    },
}

fn tokenize(html: &str) -> Vec<Token> {
    let bytes = html.as_bytes();
    let mut tokens = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let next = bytes.get(i + 1).copied();
        let next2 = bytes.get(i + 2).copied();
        let markup = if html[i..].starts_with("<!--") {
            let end = html[i + 4..]
                .find("-->")
                .map_or(html.len(), |p| i + 4 + p + 3);
            Some((None, end))
        } else if matches!(next, Some(b'!' | b'?'))
            && next2.is_some_and(|b| b.is_ascii_alphabetic())
        {
            let end = html[i..].find('>').map_or(html.len(), |p| i + p + 1);
            Some((None, end))
        } else {
            parse_tag(html, i).map(|(token, end)| (Some(token), end))
        };
        match markup {
            Some((token, end)) => {
                if text_start < i {
                    tokens.push(Token::Text(decode_entities(&html[text_start..i])));
                }
                tokens.extend(token);
                i = end;
                text_start = end;
            }
            None => i += 1,
        }
    }
    if text_start < html.len() {
        tokens.push(Token::Text(decode_entities(&html[text_start..])));
    }
    tokens
}

/// Parses a start or end tag at `start` (which holds `<`). `None` means the `<` is literal text.
fn parse_tag(html: &str, start: usize) -> Option<(Token, usize)> {
    let b = html.as_bytes();
    let mut j = start + 1;
    let closing = b.get(j) == Some(&b'/');
    if closing {
        j += 1;
    }
    if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let name_start = j;
    while b
        .get(j)
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.'))
    {
        j += 1;
    }
    let name = html[name_start..j].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while b.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        match *b.get(j)? {
            b'>' => {
                j += 1;
                break;
            }
            b'/' => {
                j += 1;
                if b.get(j) == Some(&b'>') {
                    self_closing = true;
                    j += 1;
                    break;
                }
            }
            // `a < b <c>`: the first `<` is text, not an unterminated tag.
            b'<' => return None,
            _ => {
                let attr_start = j;
                while b
                    .get(j)
                    .is_some_and(|c| !c.is_ascii_whitespace() && !matches!(c, b'=' | b'>' | b'<'))
                {
                    j += 1;
                }
                let attr = html[attr_start..j].to_ascii_lowercase();
                let mut k = j;
                while b.get(k).is_some_and(u8::is_ascii_whitespace) {
                    k += 1;
                }
                let mut value = String::new();
                if b.get(k) == Some(&b'=') {
                    k += 1;
                    while b.get(k).is_some_and(u8::is_ascii_whitespace) {
                        k += 1;
                    }
                    match b.get(k) {
                        Some(&q @ (b'"' | b'\'')) => {
                            let close = html[k + 1..].find(q as char)? + k + 1;
                            value = decode_entities(&html[k + 1..close]);
                            k = close + 1;
                        }
                        _ => {
                            let value_start = k;
                            while b
                                .get(k)
                                .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'>')
                            {
                                k += 1;
                            }
                            value = decode_entities(&html[value_start..k]);
                        }
                    }
                    j = k;
                }
                if j == attr_start {
                    // A lone `=` or similar: skip it so the loop always advances.
                    j += 1;
                }
                attrs.push((attr, value));
            }
        }
    }
    let raw = decode_entities(&html[start..j]);
    let token = if closing {
        Token::End { name, raw }
    } else {
        Token::Start {
            name,
            attrs,
            self_closing,
            raw,
        }
    };
    Some((token, j))
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        match decode_entity(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes the entity at the start of `s` (which starts with `&`), returning it and its length.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let semi = s.bytes().take(32).position(|b| b == b';')?;
    let body = &s[1..semi];
    let c = if let Some(num) = body.strip_prefix('#') {
        let (digits, radix) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (num, 10),
        };
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        let code = u32::from_str_radix(digits, radix).unwrap_or(0xFFFD);
        match code {
            0 => '\u{FFFD}',
            code => char::from_u32(code).unwrap_or('\u{FFFD}'),
        }
    } else {
        named_entity(body)?
    };
    Some((c, semi + 1))
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "times" => '×',
        "divide" => '÷',
        "deg" => '°',
        "plusmn" => '±',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        _ => return None,
    })
}

// ---------------------------------------------------------------------------
// Tree
// ---------------------------------------------------------------------------

#[derive(Debug)]
enum Node {
    Text(String),
    Element(Element),
}

#[derive(Debug)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Bounds recursion in the renderer so pathological nesting cannot overflow the stack.
const MAX_DEPTH: usize = 48;

/// Builds a tree the way a lenient browser would, with AWS-specific placeholder handling.
fn build_tree(tokens: &[Token]) -> Vec<Node> {
    // An unknown tag with no later end tag (`<region>`) is a placeholder, not markup.
    let mut last_end: HashMap<&str, usize> = HashMap::new();
    for (i, token) in tokens.iter().enumerate() {
        if let Token::End { name, .. } = token {
            last_end.insert(name, i);
        }
    }
    let mut stack = vec![Element {
        name: String::new(),
        attrs: Vec::new(),
        children: Vec::new(),
    }];
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Text(text) => append(&mut stack, Node::Text(text.clone())),
            Token::Start {
                name,
                attrs,
                self_closing,
                raw,
            } => {
                let in_code = stack.iter().any(|e| e.name == "code" || e.name == "pre");
                let literal = if in_code {
                    !CODE_INLINE.contains(&name.as_str())
                } else {
                    !is_known(name) && last_end.get(name.as_str()).is_none_or(|&end| end < i)
                };
                if literal {
                    append(&mut stack, Node::Text(raw.clone()));
                    continue;
                }
                if stack.len() > MAX_DEPTH {
                    continue;
                }
                close_implied(&mut stack, name);
                let element = Element {
                    name: name.clone(),
                    attrs: attrs.clone(),
                    children: Vec::new(),
                };
                if *self_closing || VOID.contains(&name.as_str()) {
                    append(&mut stack, Node::Element(element));
                } else {
                    stack.push(element);
                }
            }
            Token::End { name, raw } => match stack.iter().rposition(|e| e.name == *name) {
                Some(pos) if pos > 0 => {
                    while stack.len() > pos {
                        pop(&mut stack);
                    }
                }
                _ => {
                    let in_code = stack.iter().any(|e| e.name == "code" || e.name == "pre");
                    if in_code || !is_known(name) {
                        append(&mut stack, Node::Text(raw.clone()));
                    }
                }
            },
        }
    }
    while stack.len() > 1 {
        pop(&mut stack);
    }
    stack.pop().map(|root| root.children).unwrap_or_default()
}

fn append(stack: &mut [Element], node: Node) {
    if let Some(top) = stack.last_mut() {
        top.children.push(node);
    }
}

fn pop(stack: &mut Vec<Element>) {
    if let Some(element) = stack.pop() {
        append(stack, Node::Element(element));
    }
}

/// HTML's implied end tags: `<p>` ends an open paragraph, `<li>` an open item, `<dt>`/`<dd>` each other.
fn close_implied(stack: &mut Vec<Element>, name: &str) {
    let (targets, scope): (&[&str], &[&str]) = match name {
        "p" => (&["p"], P_SCOPE),
        "li" => (&["li"], &["ul", "ol"]),
        "dt" | "dd" => (&["dt", "dd"], &["dl"]),
        _ => return,
    };
    for pos in (1..stack.len()).rev() {
        let open = stack[pos].name.as_str();
        if targets.contains(&open) {
            while stack.len() > pos {
                pop(stack);
            }
            return;
        }
        if scope.contains(&open) {
            return;
        }
    }
}

fn has_block(element: &Element) -> bool {
    element.children.iter().any(|child| match child {
        Node::Element(e) => is_block(&e.name) || has_block(e),
        Node::Text(_) => false,
    })
}

/// Concatenated text of a subtree, for code spans and fenced blocks.
fn gather_text(nodes: &[Node], break_with: &str, out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Element(e) if e.name == "br" => out.push_str(break_with),
            Node::Element(e) if kind(&e.name) == Kind::Drop => {}
            Node::Element(e) => gather_text(&e.children, break_with, out),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::html_to_markdown;

    /// (input HTML, expected Markdown) pairs, one feature per row.
    const CASES: &[(&str, &str)] = &[
        // Plain text, with and without surrounding whitespace.
        ("", ""),
        ("   \n\t ", ""),
        (
            "Maximum job scheduler pending time in seconds.",
            "Maximum job scheduler pending time in seconds.",
        ),
        (
            "Optional. Indicates how many seconds.\n    Populated only after\n    state.",
            "Optional. Indicates how many seconds. Populated only after state.",
        ),
        // Paragraphs.
        (
            "<p>The security groups for the Amazon Virtual Private Cloud (VPC) that Studio uses for communication.</p> <p>Optional when the <code>CreateDomain.AppNetworkAccessType</code> parameter is set to <code>PublicInternetOnly</code>.</p>",
            "The security groups for the Amazon Virtual Private Cloud (VPC) that Studio uses for communication.\n\nOptional when the `CreateDomain.AppNetworkAccessType` parameter is set to `PublicInternetOnly`.",
        ),
        ("<P CLASS=\"x\">  a\n\n   b  </P><p></p><p>c", "a b\n\nc"),
        (
            "text before <p>para</p> text after",
            "text before\n\npara\n\ntext after",
        ),
        ("<p>one<p>two</p>", "one\n\ntwo"),
        // Code spans.
        ("<code>a `b` c</code>", "`` a `b` c ``"),
        ("<code>  x\n  y </code> and <code></code>.", "`x y` and ."),
        ("<code>[a]*b*_c_</code>", "`[a]*b*_c_`"),
        // Links.
        (
            "<p>For more information, see <a href=\"https://docs.aws.amazon.com/sagemaker/latest/dg/studio-byoi.html\">Bring your own SageMaker image</a>.</p>",
            "For more information, see [Bring your own SageMaker image](https://docs.aws.amazon.com/sagemaker/latest/dg/studio-byoi.html).",
        ),
        (
            "<a>DescribeTable</a> and <a href=\"API_Foo.html\">Foo</a>",
            "DescribeTable and Foo",
        ),
        (
            "<A HREF='https://x.example.com/a b(c)'> <i>Guide</i> </A>!",
            "[*Guide*](https://x.example.com/a%20b\\(c\\)) !",
        ),
        (
            "<a href=\"https://example.com/\">https://example.com/</a>",
            "<https://example.com/>",
        ),
        (
            "<a href=\"https://example.com\"></a>",
            "<https://example.com>",
        ),
        (
            "<a href=\"https://e.com\">see <code>Foo</code></a>",
            "[see `Foo`](https://e.com)",
        ),
        // Bare URLs become autolinks; trailing punctuation stays outside.
        (
            "See https://example.com/a_b.",
            "See <https://example.com/a_b>.",
        ),
        (
            "(see http://x.org/wiki/Foo_(bar)), or https://",
            "(see <http://x.org/wiki/Foo_(bar)>), or https://",
        ),
        // Emphasis.
        (
            "<b>bold</b> <strong>strong</strong> <i>it</i> <em>em</em> <u>u</u>",
            "**bold** **strong** *it* *em* u",
        ),
        ("the<i> Amazon ECS Guide</i>.", "the *Amazon ECS Guide*."),
        ("<b><b>x</b> <i>y</i></b><b> </b>", "**x *y***"),
        ("<b><code>Name</code></b>", "**`Name`**"),
        (
            "<code>a</code><code>b`</code><b>c</b><i>d</i>",
            "`a` `` b` ``**c** *d*",
        ),
        ("<i>*</i><b>x</b> \\<code>y</code>", "*\\** **x** \\\\`y`"),
        // Lists.
        ("<ul><li>a</li><li>b</li></ul>", "- a\n- b"),
        ("<ol><li>a</li><li>b</li></ol>", "1. a\n2. b"),
        (
            "<ol start=\"9\"><li>a</li><li>b<br>c</li></ol>",
            "9. a\n10. b\\\n    c",
        ),
        (
            "<ul><li><p>a</p><ul><li>b</li></ul></li></ul>",
            "- a\n  - b",
        ),
        (
            "<ul><li><p>a</p><ul><li><p>b</p><ul><li>c</li></ul></li></ul></li><li>d</li></ul>",
            "- a\n  - b\n    - c\n- d",
        ),
        (
            "<ul><li><p>a</p><p>b</p></li><li>c</li></ul>",
            "- a\n\n  b\n- c",
        ),
        (
            "<ul><li>a</li><ul><li>nested</li></ul><li>b</li></ul>",
            "- a\n  - nested\n- b",
        ),
        ("<ul><li>a<li>b</ul>after", "- a\n- b\n\nafter"),
        ("<ul><li></li><li> </li></ul>", ""),
        (
            "<p>Intro:</p><ul> <li> <p>x</p> </li> </ul><p>Outro.</p>",
            "Intro:\n\n- x\n\nOutro.",
        ),
        ("<li>stray</li>", "- stray"),
        // Notes.
        (
            "<note> <p>JupyterServer apps only support the <code>system</code> value.</p> </note>",
            "> **Note:** JupyterServer apps only support the `system` value.",
        ),
        (
            "<important><p>a</p><p>b</p></important>",
            "> **Important:** a\n>\n> b",
        ),
        ("<note><ul><li>a</li></ul></note>", "> **Note:**\n>\n> - a"),
        (
            "<ul><li>a<note>n</note></li></ul>",
            "- a\n\n  > **Note:** n",
        ),
        ("<note> </note>", ""),
        // Preformatted text.
        (
            "<pre><code>\n  fn x() {\n      y\n  }\n</code></pre>",
            "```text\nfn x() {\n    y\n}\n```",
        ),
        ("<pre>a ``` b</pre>", "````text\na ``` b\n````"),
        (
            "<ul><li>x<pre>  a\n  b</pre></li></ul>",
            "- x\n\n  ```text\n  a\n  b\n  ```",
        ),
        // Line breaks.
        ("a<br>b<br/>c<BR />", "a\\\nb\\\nc"),
        ("a<br><br>b", "a\n\nb"),
        // Definition lists.
        (
            "<dl><dt>DELETE_IN_PROGRESS</dt><dd><p>Deleting.</p></dd><dt>X</dt><dd>y</dd><dd>z</dd></dl>",
            "- **DELETE_IN_PROGRESS**\\\n  Deleting.\n- **X**\\\n  y\n\n  z",
        ),
        // Unknown tags: dropped when closed, literal placeholders when not.
        (
            "<fullname>Amazon DynamoDB</fullname> <p>Amazon DynamoDB is fast.</p>",
            "Amazon DynamoDB\n\nAmazon DynamoDB is fast.",
        ),
        ("<span class=\"x\">a</span><custom>b</custom>", "ab"),
        (
            "cloudhsm-cluster-<i><cluster-id></i>-sg",
            "cloudhsm-cluster-*\\<cluster-id\\>*-sg",
        ),
        (
            "<code>arn:aws:glue:us-east-2:<customer id>:registry</code>",
            "`arn:aws:glue:us-east-2:<customer id>:registry`",
        ),
        (
            "<code><row item_a=\"A\"></row></code> <code><p></b></code>",
            "`<row item_a=\"A\"></row>` `<p></b>`",
        ),
        ("<!-- comment --><script>x()</script>a<img src=x>b", "ab"),
        (
            "<table><tr><th>k</th><th>v</th></tr><tr><td>a</td><td>b</td></tr></table>",
            "k v\n\na b",
        ),
        // Entities.
        (
            "&amp; &lt; &gt; &quot; &apos; &#39; a&nbsp;b &#65; &#x42; &#X43; &bogus; & &#0; &#xZZ;",
            "& \\< \\> \" ' ' a b A B C \\&bogus; & \u{FFFD} \\&#xZZ;",
        ),
        ("&amp;copy; AT&amp;T", "\\&copy; AT&T"),
        // Markdown escaping in plain text.
        (
            "[brackets] a_b_c *star* &lt;tag-like&gt;",
            "\\[brackets\\] a_b_c \\*star\\* \\<tag-like\\>",
        ),
        (
            "_lead trail_ __init__ `tick` ~x~ back\\slash",
            "\\_lead trail\\_ \\_\\_init\\_\\_ \\`tick\\` \\~x\\~ back\\\\slash",
        ),
        ("# not a heading", "\\# not a heading"),
        ("#hashtag", "#hashtag"),
        (
            "<p>- not a list</p><p>+ nor this</p><p>-1 is fine</p>",
            "\\- not a list\n\n\\+ nor this\n\n-1 is fine",
        ),
        (
            "<p>1. not ordered</p><p>2) nor this</p><p>3.5 fine</p>",
            "1\\. not ordered\n\n2\\) nor this\n\n3.5 fine",
        ),
        (
            "<p>===</p><p>---</p><p>&gt; quote</p><p>| pipe</p>",
            "\\===\n\n\\---\n\n\\> quote\n\n\\| pipe",
        ),
        ("<ul><li>- dash</li></ul>", "- \\- dash"),
        ("a | b<br>--|--<br>:-|-", "a | b\\\n\\--|--\\\n\\:-|-"),
        ("a <b", "a \\<b"),
        ("x < y > z", "x \\< y \\> z"),
        // Indentation never survives outside fences.
        (
            "<p>\n        indented\n        text</p>\n\n        more",
            "indented text\n\nmore",
        ),
    ];

    #[test]
    fn conversion_table() {
        let mut failures = Vec::new();
        for (input, expected) in CASES {
            let actual = html_to_markdown(input);
            if actual != *expected {
                failures.push(format!(
                    "input:    {input:?}\nexpected: {expected:?}\nactual:   {actual:?}"
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }

    /// Malformed or adversarial input must still produce output.
    #[test]
    fn hostile_input_does_not_panic() {
        let deep = "<b><ul><li>".repeat(5_000) + "x";
        let inputs = [
            deep.as_str(),
            "<",
            "</",
            "<a",
            "<a href=\"unterminated",
            "<a href=>x</a>",
            "<p =x>y",
            "&",
            "&#",
            "&#x;",
            "&#99999999999;",
            "&#xD800;",
            "</p></ul></li>",
            "<pre>",
            "<code>",
            "<ol start=\"99999999999999999999\"><li>x</li></ol>",
            "é<ü>ß</ü>&amp;日本<code>語</code>",
            "\u{0}\u{7}a\u{1b}b",
        ];
        for input in inputs {
            let _ = html_to_markdown(input);
        }
        // Deterministic pseudo-random tag soup.
        let pieces = [
            "<p>",
            "</p>",
            "<ul>",
            "</ul>",
            "<li>",
            "</li>",
            "<code>",
            "</code>",
            "<b>",
            "</b>",
            "<a href=\"https://x.com\">",
            "</a>",
            "<note>",
            "</note>",
            "<pre>",
            "</pre>",
            "<br>",
            "<dl>",
            "<dt>",
            "<dd>",
            "</dl>",
            "<x-y>",
            "</x-y>",
            "text ",
            "[",
            "*",
            "_",
            "`",
            "&lt;",
            "&",
            "\n    ",
            "https://a.b/c ",
            "1. ",
            "# ",
            "<",
            ">",
            "é",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..2_000 {
            let mut input = String::new();
            for _ in 0..40 {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                input.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            let output = html_to_markdown(&input);
            assert_eq!(output, html_to_markdown(&input), "not deterministic");
            if let Err(problem) = check_output(&output) {
                panic!("{problem}\ninput: {input:?}\noutput:\n{output}");
            }
        }
    }

    /// Structural checks every output must pass; returns a description of the first problem.
    fn check_output(md: &str) -> Result<(), String> {
        if md.ends_with('\n') || md.starts_with('\n') {
            return Err("leading or trailing newline".into());
        }
        // Content columns of the list items the current line may belong to.
        let mut list_columns: Vec<usize> = Vec::new();
        // Length of the open fence's backtick run.
        let mut fence: Option<usize> = None;
        for line in md.lines() {
            if line.starts_with('\t') || line.ends_with(' ') {
                return Err(format!("bad whitespace: {line:?}"));
            }
            // Leading spaces and block-quote markers; a quote's content column is a container too.
            let (mut body, mut indent, mut quote_column) = (line, 0, 0);
            loop {
                let trimmed = body.trim_start_matches(' ');
                indent += body.len() - trimmed.len();
                body = trimmed;
                let Some(inner) = body.strip_prefix('>') else {
                    break;
                };
                let inner_trimmed = inner.strip_prefix(' ').unwrap_or(inner);
                indent += body.len() - inner_trimmed.len();
                quote_column = indent;
                body = inner_trimmed;
            }
            if let Some(open) = fence {
                let run = body.bytes().take_while(|b| *b == b'`').count();
                if run >= open && body[run..].trim().is_empty() {
                    fence = None;
                }
                continue;
            }
            if body.is_empty() {
                continue;
            }
            while list_columns.last().is_some_and(|&c| c > indent) {
                list_columns.pop();
            }
            let base = list_columns.last().copied().unwrap_or(0).max(quote_column);
            if indent >= base + 4 {
                return Err(format!("indented code block: {line:?}"));
            }
            // `- - x` opens two nested items on one line.
            loop {
                let digits = body.bytes().take_while(u8::is_ascii_digit).count();
                let width = if body.starts_with("- ") {
                    2
                } else if digits > 0 && body[digits..].starts_with(". ") {
                    digits + 2
                } else {
                    break;
                };
                indent += width;
                list_columns.push(indent);
                body = &body[width..];
            }
            // A backtick fence's info string has no backticks; otherwise it is a code span.
            let run = body.bytes().take_while(|b| *b == b'`').count();
            if run >= 3 && !body[run..].contains('`') {
                fence = Some(run);
                continue;
            }
            let text = strip_code_spans(body);
            let lower = text.to_ascii_lowercase();
            let mut rest = lower.as_str();
            let mut prev = ' ';
            while let Some(pos) = rest.find('<') {
                let before = rest[..pos].chars().last().unwrap_or(prev);
                let after = &rest[pos..];
                if before != '\\' && !after.starts_with("<http") {
                    return Err(format!("raw `<` outside code: {line:?}"));
                }
                prev = '<';
                rest = &rest[pos + 1..];
            }
        }
        if fence.is_some() {
            return Err("unclosed fence".into());
        }
        Ok(())
    }

    /// Removes inline code spans (matching backtick runs), skipping escaped backticks.
    fn strip_code_spans(line: &str) -> String {
        let chars: Vec<char> = line.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '\\' => {
                    out.push('\\');
                    if let Some(&c) = chars.get(i + 1) {
                        out.push(c);
                    }
                    i += 2;
                }
                '`' => {
                    let run = chars[i..].iter().take_while(|c| **c == '`').count();
                    let mut j = i + run;
                    let mut close = None;
                    while j < chars.len() {
                        let n = chars[j..].iter().take_while(|c| **c == '`').count();
                        if n == run {
                            close = Some(j + n);
                            break;
                        }
                        j += n.max(1);
                    }
                    match close {
                        Some(end) => i = end,
                        None => {
                            out.extend(&chars[i..i + run]);
                            i += run;
                        }
                    }
                }
                c => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        out
    }

    fn collect_docs(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    match value.as_str() {
                        Some(doc) if key == "smithy.api#documentation" => out.push(doc.to_owned()),
                        _ => collect_docs(value, out),
                    }
                }
            }
            serde_json::Value::Array(items) => {
                for value in items {
                    collect_docs(value, out);
                }
            }
            _ => {}
        }
    }

    /// Converts every documentation string in the shared reference models.
    #[test]
    fn reference_models_convert_cleanly() {
        let dir = std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/reference/models"
        ));
        let Ok(entries) = std::fs::read_dir(dir) else {
            println!("skipping: ../shared not found ({})", dir.display());
            return;
        };
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.to_string_lossy().ends_with(".smithy.json"))
            .collect();
        paths.sort();
        let mut docs = Vec::new();
        for path in &paths {
            let text = std::fs::read_to_string(path).expect("readable model");
            let model: serde_json::Value = serde_json::from_str(&text).expect("valid JSON model");
            collect_docs(&model, &mut docs);
        }
        let mut failures = Vec::new();
        for doc in &docs {
            let md = html_to_markdown(doc);
            if let Err(problem) = check_output(&md) {
                failures.push(format!("{problem}\n--- input:\n{doc}\n--- output:\n{md}"));
            }
        }
        println!(
            "converted {} documentation strings from {} models",
            docs.len(),
            paths.len()
        );
        assert!(
            failures.is_empty(),
            "{} failures, first:\n{}",
            failures.len(),
            failures[0]
        );
    }
}
