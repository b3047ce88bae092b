//! Tests of the HTML to Markdown conversion: one feature per case, and inputs that must not panic.
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
