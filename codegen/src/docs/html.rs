//! The HTML side: which elements are which, the tokenizer (entities decoded, placeholders kept
//! as text), and the forgiving tree a lenient browser would build from the tokens.

use std::collections::HashMap;

/// Reads documentation HTML into the tree a lenient browser would build.
pub(super) fn parse(html: &str) -> Vec<Node> {
    build_tree(&tokenize(html))
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
pub(super) enum Kind {
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

pub(super) fn kind(name: &str) -> Kind {
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
pub(super) enum Node {
    Text(String),
    Element(Element),
}

#[derive(Debug)]
pub(super) struct Element {
    pub(super) name: String,
    pub(super) attrs: Vec<(String, String)>,
    pub(super) children: Vec<Node>,
}

impl Element {
    pub(super) fn attr(&self, name: &str) -> Option<&str> {
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

pub(super) fn has_block(element: &Element) -> bool {
    element.children.iter().any(|child| match child {
        Node::Element(e) => is_block(&e.name) || has_block(e),
        Node::Text(_) => false,
    })
}

/// Concatenated text of a subtree, for code spans and fenced blocks.
pub(super) fn gather_text(nodes: &[Node], break_with: &str, out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Element(e) if e.name == "br" => out.push_str(break_with),
            Node::Element(e) if kind(&e.name) == Kind::Drop => {}
            Node::Element(e) => gather_text(&e.children, break_with, out),
        }
    }
}
