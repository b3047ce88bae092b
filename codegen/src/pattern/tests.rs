use super::*;

/// The translation's verdict, with its engine.
fn matches(t: &Translated, input: &str) -> bool {
    translate::Oracle::new(t)
        .is_match(input)
        .expect("no backtrack limit hit")
}

/// The runtime engine's verdict on `input`, from the pattern compiled for it.
fn engine_matches(pattern: &str, input: &str) -> bool {
    let compiled = compile(pattern, None).unwrap_or_else(|e| panic!("{pattern:?}: {e}"));
    compiled
        .with_program(|p| p.is_match(input))
        .unwrap_or_else(|e| panic!("{pattern:?} on {input:?}: {e}"))
}

/// Translates `pattern` and checks it on inputs chosen where ECMA and `regex` disagree; the
/// pattern compiled for the runtime's engine must give the same verdicts.
fn check(pattern: &str, engine: Engine, accept: &[&str], reject: &[&str]) {
    let t = translate(pattern).unwrap_or_else(|e| panic!("{pattern:?}: {e}"));
    assert_eq!(t.engine, engine, "{pattern:?} -> {:?}", t.source);
    for input in accept {
        assert!(
            matches(&t, input),
            "{pattern:?} -> {:?} should match {input:?}",
            t.source
        );
        assert!(
            engine_matches(pattern, input),
            "{pattern:?} compiled should match {input:?}"
        );
    }
    for input in reject {
        assert!(
            !matches(&t, input),
            "{pattern:?} -> {:?} should reject {input:?}",
            t.source
        );
        assert!(
            !engine_matches(pattern, input),
            "{pattern:?} compiled should reject {input:?}"
        );
    }
}

#[test]
fn not_blank() {
    check(
        r"^(?!\s*$).+$",
        Engine::Decomposed,
        &[" a", "a", "\u{85}", "a\u{85}", "x\u{FEFF}"],
        &[
            "",
            "   ",
            "\u{FEFF}",
            "\t\n\u{b}\u{c}\r",
            "\u{3000}\u{2028}",
            "a\n",
            "\u{a0}",
        ],
    );
}

#[test]
fn iam_role_arn() {
    check(
        r"^arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$",
        Engine::Regex,
        &[
            "arn:aws:iam::123456789012:role/Admin",
            "arn:aws-cn:iam::123456789012:role/a/b_c",
        ],
        &[
            "arn:aws:iam::١٢٣٤٥٦٧٨٩٠١٢:role/Admin",
            "arn:aws:iam::１２３４５６７８９０１２:role/Admin",
            "arn:aws:iam::123456789012:role/Admin\n",
            "arn:aws:iam::123456789012:role/Ädmin",
        ],
    );
}

#[test]
fn tag_value() {
    check(
        r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$",
        Engine::Regex,
        &[
            "",
            "héllo wörld 123",
            "東京",
            "a\u{3000}b",
            "٣",
            "x_y.z:/=+-@",
        ],
        &["a\tb", "a#b", "a\n", "😀", "a&b", "a~b", "a[b"],
    );
}

#[test]
fn label_like() {
    let max = format!("a{}", "-b".repeat(62));
    let too_long = format!("a{}", "b".repeat(63));
    check(
        r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$",
        Engine::Regex,
        &["a", "a--b", &max],
        &["-a", "a-", "é", &too_long],
    );
    check(
        r"^d-(-*[a-z0-9]){1,61}$",
        Engine::Regex,
        &["d-abc", "d--a"],
        &["d-", "d-A", "xd-abc", "d-٣"],
    );
}

#[test]
fn schedule() {
    check(
        r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun):([01]\d|2[0-3]):([0-5]\d)$",
        Engine::Regex,
        &["Mon:00:00", "Sun:23:59"],
        &["Mon:24:00", "Mon:0٣:00", "Mon:00:00\n", "mon:00:00"],
    );
}

#[test]
fn semver() {
    check(
        r"(^\d+$)|(^\d+.\d+$)|(^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$)",
        Engine::Regex,
        &[
            "1",
            "1.5",
            "1x5",
            "1.2.3",
            "1.2.3-alpha.1+build.5",
            "1.2.3-x-y",
        ],
        &[
            "1.2.3-",
            "1.2.3-01",
            "1\n2",
            "1\r2",
            "1\u{2028}2",
            "١.٢",
            "1.2.3\n",
        ],
    );
}

#[test]
fn sagemaker_image_arn() {
    check(
        r"^arn:aws(-[\w]+)*:sagemaker:.+:[0-9]{12}:image/[a-zA-Z0-9]([-.]?[a-zA-Z0-9])*$",
        Engine::Regex,
        &[
            "arn:aws:sagemaker:us-east-1:123456789012:image/my-image",
            "arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:image/a.b",
        ],
        &[
            "arn:aws-é:sagemaker:us-east-1:123456789012:image/x",
            "arn:aws:sagemaker:us\neast:123456789012:image/x",
            "arn:aws:sagemaker:us-east-1:123456789012:image/a\n",
        ],
    );
}

#[test]
fn word_class_with_punctuation() {
    check(
        r"^[\w+=,.@*-]+$",
        Engine::Regex,
        &["abc+=,.@*-_", "A_9"],
        &["é", "a b", "٣", "a&b", "a~b"],
    );
}

#[test]
fn search_is_unanchored() {
    check("abc", Engine::Regex, &["xxabcxx", "abc"], &["ab", "xabx"]);
    check(r"\d", Engine::Regex, &["a1b"], &["a٣b", ""]);
}

#[test]
fn dot_and_anchors() {
    check(
        "^.$",
        Engine::Regex,
        &["a", "\u{85}", "😀", "\u{FEFF}"],
        &["\r", "\n", "\u{2028}", "\u{2029}", "", "ab"],
    );
    check("^a$", Engine::Regex, &["a"], &["a\n", "\na", "ba"]);
    check("(?=a)^a$", Engine::Decomposed, &["a"], &["a\n", "\na"]);
    // Inside a repetition, the lookahead stays with fancy-regex, whose `$` means the same.
    check("^(?:(?=a)a){1,2}$", Engine::Fancy, &["a"], &["a\n", "\na"]);
}

#[test]
fn ascii_word_boundary() {
    // ECMA: `é` is not a word character, so there is a boundary between `é` and `f`.
    check(
        r"\bfoo\b",
        Engine::Regex,
        &["a foo b", "éfooé", "foo"],
        &["xfoo", "foo_"],
    );
    check(
        r"(?=.)\bfoo\b",
        Engine::Fancy,
        &["a foo b", "éfooé"],
        &["xfoo", "foo_"],
    );
    check(r"a\Bb", Engine::Regex, &["ab"], &["a b"]);
    check(r"a\B", Engine::Regex, &["ab"], &["aé", "a"]);
    check(r"(?=a)a\B", Engine::Fancy, &["ab"], &["aé", "a"]);
}

#[test]
fn escapes_inside_classes() {
    check(r"^[\W]$", Engine::Regex, &["é", "-", "٣"], &["a", "_", "5"]);
    check(
        r"^[^\s\d]$",
        Engine::Regex,
        &["a", "é", "٣", "\u{85}"],
        &[" ", "5", "\u{FEFF}"],
    );
    check(r"^[\w-]+$", Engine::Regex, &["a-b_9"], &["é", "a b"]);
    check(r"^[\D]$", Engine::Regex, &["٣", "a"], &["3"]);
    check(
        r"^[\S]$",
        Engine::Regex,
        &["\u{85}", "x"],
        &["\u{a0}", "\u{FEFF}"],
    );
    check(r"^[^\W]$", Engine::Regex, &["a", "_"], &["é", "-"]);
    check(r"^[\d-z]+$", Engine::Regex, &["1-z"], &["a"]);
    check(r"^[a-b-c]+$", Engine::Regex, &["a-bc"], &["d"]);
    check(r"^[\b]$", Engine::Regex, &["\u{8}"], &["b"]);
    check(r"(?=.)^[\W\d]$", Engine::Decomposed, &["é", "5"], &["a"]);
}

#[test]
fn regex_syntax_characters_stay_literal() {
    check(r"^[[]$", Engine::Regex, &["["], &["]"]);
    check(r"^[&&~~]+$", Engine::Regex, &["&~"], &["a"]);
}

#[test]
fn literal_braces_and_specials() {
    check("^a{,5}$", Engine::Regex, &["a{,5}"], &["aaaaa"]);
    check("^a{x}$", Engine::Regex, &["a{x}"], &["a"]);
    check("^a{1$", Engine::Regex, &["a{1"], &["a"]);
    check("^]}$", Engine::Regex, &["]}"], &[]);
    check("^a#b c&d~e$", Engine::Regex, &["a#b c&d~e"], &["ab"]);
    check(
        r"^\[\]\{\}\$\^\.\*\+\?\(\)\|\\\/\-\_\ $",
        Engine::Regex,
        &[r"[]{}$^.*+?()|\/-_ "],
        &[],
    );
}

#[test]
fn character_escapes() {
    check(
        r"^\u0041\x42\u{1F600}\t\/\-$",
        Engine::Regex,
        &["AB😀\t/-"],
        &[],
    );
    check(
        r"^\v\f\0\cJ\ca$",
        Engine::Regex,
        &["\u{b}\u{c}\0\n\u{1}"],
        &[],
    );
    check(
        r"^[\uD800\uDC00-\uDBFF\uDFFF]$",
        Engine::Regex,
        &["😀", "\u{10FFFF}"],
        &["a"],
    );
    check(r"^\uD83D\uDE00$", Engine::Regex, &["😀"], &[]);
    check(
        r"^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*$",
        Engine::Regex,
        &["ok \t😀\u{FFFD}"],
        &["\n", "\u{FFFE}"],
    );
}

#[test]
fn empty_classes() {
    check("^[]$", Engine::Regex, &[], &["", "a", "]"]);
    check(
        "^[^]$",
        Engine::Regex,
        &["a", "\n", "\u{2028}"],
        &["", "ab"],
    );
}

#[test]
fn quantifiers() {
    check(
        "^a+?b{2,3}?c*?d??$",
        Engine::Regex,
        &["aabbcd", "abbb"],
        &["ab"],
    );
    check("^(?:ab){2}$", Engine::Regex, &["abab"], &["ab"]);
    // Quantified assertions, as written in some AWS models.
    check(r"^a${1,128}$", Engine::Regex, &["a"], &["a\n"]);
    check(r"^(?=a)*b", Engine::Regex, &["b"], &["a"]);
    check(r"^(?=a)+a", Engine::Decomposed, &["a"], &["b"]);
}

#[test]
fn properties() {
    check(r"^\p{Print}+$", Engine::Regex, &["abc ~"], &["é", "\t"]);
    check(r"^[\p{Alnum}\-]+$", Engine::Regex, &["a-9"], &["é", "٣"]);
    check(r"^\P{L}$", Engine::Regex, &["1", "-"], &["a", "é"]);
    check(r"^[^\P{L}]$", Engine::Regex, &["é"], &["1"]);
    check(
        r"^\p{Letter}\p{gc=Nd}\p{Script=Greek}\p{Alpha}$",
        Engine::Regex,
        &["a٣αé"],
        &["a٣ab"],
    );
    check(
        r"(?=.)^[\p{L}\P{N}]$",
        Engine::Decomposed,
        &["a", "-"],
        &["1"],
    );
    check(
        r"(?=.)^[\P{L}\P{N}]$",
        Engine::Decomposed,
        &["a", "1", "-"],
        &[],
    );
    // fancy-regex reads the property names too.
    check(
        r"^(?:(?=.)[\p{L}\P{N}]){1,2}$",
        Engine::Fancy,
        &["a", "-"],
        &["1"],
    );
    check(
        r"^(?:(?=.)[\P{L}\P{N}]){1,2}$",
        Engine::Fancy,
        &["a", "1", "-"],
        &[],
    );
}

#[test]
fn every_property_name_compiles() {
    let names = GENERAL_CATEGORIES.iter().map(|(alias, _)| *alias);
    let binary = BINARY_PROPERTIES
        .iter()
        .flat_map(|(name, alias)| [*name, *alias])
        .filter(|name| !name.is_empty());
    let posix = JAVA_POSIX_CLASSES.iter().map(|(name, _)| *name);
    for name in names.chain(binary).chain(posix) {
        for pattern in [format!(r"\p{{{name}}}"), format!(r"(?=.)[\P{{{name}}}a]")] {
            translate(&pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
        }
    }
    check(r"\p{Cs}", Engine::Regex, &[], &["a", "\u{FFFD}"]);
    check(r"^\p{Any}$", Engine::Regex, &["\n"], &[]);
    check(r"^\p{digit}$", Engine::Regex, &["٣"], &["a"]);
}

#[test]
fn groups_and_backreferences() {
    let t = translate(r"^(?<year>\d{4})$").expect("translates");
    assert_eq!(t.source, "^(?P<year>[0-9]{4})$");
    check(
        r"^(?<year>\d{4})-\k<year>$",
        Engine::Fancy,
        &["2020-2020"],
        &["2020-2021"],
    );
    // ECMA: a backreference to a group that did not participate matches the empty string.
    check(r"^(a)?b\1$", Engine::Fancy, &["b", "aba"], &["ab", "bb"]);
    check(r"^(a)\1[0]$", Engine::Fancy, &["aa0"], &["a0"]);
    check(
        r"^(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\10$",
        Engine::Fancy,
        &["abcdefghijj"],
        &["abcdefghija0"],
    );
    check(r"(?<=\$)\d+", Engine::Fancy, &["$5"], &["5", "€5"]);
    check(
        r"^(?!^[.-])^([a-zA-Z0-9-_.]+)$",
        Engine::Decomposed,
        &["a-b"],
        &[".a", "-a", "a b"],
    );
    check(
        r"^([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)$",
        Engine::Decomposed,
        &["ab"],
        &["ab-"],
    );
    check(r"^(?<$x>a)$", Engine::Regex, &["a"], &["b"]);
}

#[test]
fn linear_time_aws_url() {
    let t = translate(r"^https://([.\-_a-zA-Z0-9]+/?){3,1016}$").expect("translates");
    assert_eq!(t.engine, Engine::Regex);
    let hostile = format!("https://{}!", "a".repeat(1016));
    assert!(!matches(&t, &hostile));
    assert!(matches(&t, "https://a/b/c"));
}

#[test]
fn long_unicode_run_is_counted_by_lookahead() {
    let full = "é".repeat(1024);
    let over = "é".repeat(1025);
    check(
        r"^[\p{L}\p{M}\p{Z}\p{N}\p{P}]{0,1024}$",
        Engine::Decomposed,
        &["", "héllo, wörld 42.", &full],
        &[&over, "a😀", "a\n", "a\t"],
    );
    // Short runs stay with the linear-time engine.
    check(r"^[\p{L}\p{N}]{1,64}$", Engine::Regex, &["a1"], &["", "a-"]);
}

#[test]
fn errors_name_construct_and_offset() {
    let cases = [
        ("(", "unclosed group opened at offset 0"),
        ("[z-a]", "range out of order in character class at offset 1"),
        (r"abcd\c", r"unsupported escape `\c` at offset 4"),
        (r"\c1", r"unsupported escape `\c` at offset 0"),
        ("a)", "unmatched `)` at offset 1"),
        ("*a", "nothing to repeat before `*` at offset 0"),
        ("a**", "nothing to repeat before `*` at offset 2"),
        ("x{2}{3}", "nothing to repeat before `{` at offset 4"),
        ("a{3,2}", "numbers out of order"),
        ("[a", "unclosed character class opened at offset 0"),
        ("[a--]", "range out of order"),
        ("a\\", "trailing backslash at offset 1"),
        (r"\1", "backreference `\\1` to a missing group"),
        ("(?x)a", "unsupported inline flag `x` at offset 0"),
        ("a(?ix:b)", "unsupported inline flag `x` at offset 1"),
        ("(?i)[\\p{Lower}]", "case-sensitive set under `(?i)`"),
        ("(?i)(a)\\1", "backreference under `(?i)`"),
        ("(?<a", "invalid group name"),
        (r"(?<a>x)\k<b>", "unknown group `b`"),
        (r"\k<b>", r"unsupported escape `\k`"),
        (r"\p{Foo}", "unknown Unicode property `Foo`"),
        (r"\p{}", r"unsupported escape `\p`"),
        (r"\p{L", r"unsupported escape `\p`"),
        (r"\u{D800}", "lone surrogate"),
        (r"\x4", r"unsupported escape `\x`"),
        (r"\q", r"unsupported escape `\q`"),
        (r"[\B]", r"unsupported escape `\B`"),
        (r"\08", "legacy octal"),
        (r"(?<a>x)(?<a>y)", "duplicate group name `a`"),
        ("a{99999999999}", "too large"),
        ("(?=(a))?", "optional lookaround"),
        (
            r"^(?:(a)|b)+\1$",
            r"unsupported backreference `\1` to a group inside a repetition",
        ),
        (r"^(a\1)+$", "at offset 3"),
        (r"\p{Script=Klingon}", "rejected"),
    ];
    for (pattern, expected) in cases {
        match translate(pattern) {
            Ok(t) => panic!("{pattern:?} should fail but gave {t:?}"),
            Err(e) => assert!(
                e.contains(expected),
                "{pattern:?}: {e:?} lacks {expected:?}"
            ),
        }
    }
    let deep = format!("{}a{}", "(".repeat(1000), ")".repeat(1000));
    assert!(translate(&deep).is_err());
}

/// Feeds many odd strings through the translator: it must return, never panic, and whatever
/// it accepts must compile (which `translate` itself checks).
#[test]
fn never_panics() {
    const ALPHABET: &[&str] = &[
        "\\", "(", ")", "[", "]", "{", "}", "^", "$", ".", "*", "+", "?", "|", "-", ",", "<", ">",
        "=", "!", ":", "a", "z", "0", "1", "9", "d", "w", "s", "b", "B", "p", "P", "u", "x", "c",
        "k", "D", "é", "😀", "\u{FEFF}", "&", "~", "#", " ", "\n", "{1}", "{2,}", "\\u", "\\x",
        "\\p{", "(?<", "(?", "[^", "D8", "FF", "L}",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let len = next() % 12;
        let pattern: String = (0..len)
            .map(|_| {
                let pick = next() % ALPHABET.len() as u64;
                ALPHABET[usize::try_from(pick).expect("index below the alphabet size")]
            })
            .collect();
        let _ = translate(&pattern);
    }
}

#[test]
fn reference_models() {
    let Some(dir) = testing::shared_models("") else {
        return;
    };
    let files: Vec<_> = testing::model_files(&dir)
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".smithy.json"))
        .collect();
    let (mut total, mut fancy) = (0, 0);
    let mut failures = Vec::new();
    for file in &files {
        let patterns = testing::patterns_in(file);
        let mut file_fancy = 0;
        for pattern in &patterns {
            match translate(pattern) {
                Ok(t) if t.engine == Engine::Fancy => file_fancy += 1,
                Ok(_) => {}
                Err(e) => failures.push(format!("{}: {e}", file.display())),
            }
        }
        println!(
            "{}: {} patterns, {} Regex, {} Fancy",
            file.file_name().unwrap_or_default().to_string_lossy(),
            patterns.len(),
            patterns.len() - file_fancy,
            file_fancy
        );
        total += patterns.len();
        fancy += file_fancy;
    }
    println!(
        "all models: {total} patterns, {} Regex, {fancy} Fancy",
        total - fancy
    );
    assert!(files.len() > 2, "the models beside SageMaker's are read");
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Java's verdicts (recorded from `java.util.regex` 17, `Pattern.compile(p).matcher(s).find()`)
/// on the Java constructs AWS models use: inline flags (`(?m)`'s anchors at every kind of line
/// terminator among them), `\A \z \Z`, possessive quantifiers, octal escapes and UTF-16
/// surrogates. Each translation must give the same answer.
#[test]
fn java_dialect_matches_javas_verdicts() {
    let facts: &[(&str, &str, bool)] = &[
        (r"a(?i)b|c", "C", true),
        (r"a(?i)b|c", "aB", true),
        (r"a(?i)b|c", "AB", false),
        (r"(?:a(?i)b)|c", "C", false),
        (r"^(?i)all|[0-9]{12}$", "ALL", true),
        (r"^(?i)all|[0-9]{12}$", "aLl-x", true),
        (r"^(?i)all|[0-9]{12}$", "x123456789012", true),
        (r"(?i)k", "\u{212a}", false),
        (r"(?i)k", "K", true),
        (r"(?i)[a-c]", "B", true),
        (r"(?i)[^a]", "A", false),
        (r"(?i)[^a]", "b", true),
        (r"(?i)[X-b]", "y", true),
        (r"(?i)[X-b]", "_", true),
        (r"^(?i)\w+$", "Ab_9", true),
        (r"^(a(?i)b)c$", "ABC", false),
        (r"^(a(?i)b)c$", "aBc", true),
        (r"^(?i:a)b$", "Ab", true),
        (r"^(?i:a)b$", "AB", false),
        (r"^(?i)(true|false)$", "TRUE", true),
        (r"^(?i)(true|false)$", "yes", false),
        (
            r"^(?!(?i)(arn|aws):)[\p{L}\p{M}\p{S}\p{N}\p{P}]+$",
            "ARN:x",
            false,
        ),
        (
            r"^(?!(?i)(arn|aws):)[\p{L}\p{M}\p{S}\p{N}\p{P}]+$",
            "Arn-ok",
            true,
        ),
        (
            r"^(?![^:\\]*/action/|(?i).*<script>.*</script>.*)[^:\\]+$",
            "my budget",
            true,
        ),
        (
            r"^(?![^:\\]*/action/|(?i).*<script>.*</script>.*)[^:\\]+$",
            "x<SCRIPT>y</Script>z",
            false,
        ),
        (
            r"^(?![^:\\]*/action/|(?i).*<script>.*</script>.*)[^:\\]+$",
            "a/action/b",
            false,
        ),
        (r"^[0-9A-Z]{2}+$", "AB", true),
        (r"^[0-9A-Z]{2}+$", "ABC", false),
        (r"^\d{1}+:\d{12}+:x$", "1:123456789012:x", true),
        (r"^a*+a$", "aaa", false),
        (r"^a{1,3}+b$", "aab", true),
        (r"^(?:ab)?+c$", "abc", true),
        (r"\Aab\z", "ab", true),
        (r"\Aab\z", "xab", false),
        (r"\Aab\z", "ab\u{a}", false),
        (
            r"^\Asnap-([0-9A-Fa-f]{8}|[0-9A-Fa-f]{17})\z$",
            "snap-0123abcd",
            true,
        ),
        (
            r"^\Asnap-([0-9A-Fa-f]{8}|[0-9A-Fa-f]{17})\z$",
            "snap-0123abc",
            false,
        ),
        (r"ab\Z", "ab", true),
        (r"ab\Z", "ab\u{a}", true),
        (r"ab\Z", "ab\u{d}\u{a}", true),
        (r"ab\Z", "ab\u{85}", true),
        (r"ab\Z", "ab\u{2029}", true),
        (r"ab\Z", "ab\u{a}\u{a}", false),
        (r"ab\Z", "ab\u{a}c", false),
        (
            r"^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDBFF-\uDC00\uDFFF\r\n\t]*$",
            "a\u{1f600}b",
            false,
        ),
        (
            r"^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDBFF-\uDC00\uDFFF\r\n\t]*$",
            "ab\u{d}\u{a}",
            true,
        ),
        (
            r"^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDBFF-\uDC00\uDFFF\r\n\t]*$",
            "a\u{1}",
            false,
        ),
        (r"^[^\uD800]$", "x", true),
        (r"^\uD83D\uDE00$", "\u{1f600}", true),
        (r"^a\uD800?b$", "ab", true),
        (r"^\000$", "\u{0}", true),
        (r"^a\012b$", "a\u{a}b", true),
        (r"^\0101$", "A", true),
        (r"^\0400$", " 0", true),
        (r"^[\01-\03]+$", "\u{1}\u{2}\u{3}", true),
        (r"^\07$", "\u{7}", true),
        (r"(?s)^a.b$", "a\u{a}b", true),
        (
            r"^(?s)\s*-----BEGIN CERTIFICATE-----.+-----END CERTIFICATE-----\s*$",
            "-----BEGIN CERTIFICATE-----\u{a}MIIB\u{a}-----END CERTIFICATE-----\u{a}",
            true,
        ),
        (r"(?-s:a.b)", "a\u{a}b", false),
        (r"^(?s)", "", true),
        (r"^(?s)", "anything\u{a}", true),
        (r"(?s)(?-s)a.b", "a\u{a}b", false),
        (r"(?is)^A.B$", "a\u{a}b", true),
        (r"(?m)^b", "a\u{a}b", true),
        (r"(?m)^b", "a\u{d}\u{a}b", true),
        (r"(?m)^b", "a\u{d}b", true),
        (r"(?m)^b", "a\u{85}b", true),
        (r"(?m)^b", "a\u{2028}b", true),
        (r"(?m)^b", "a\u{2029}b", true),
        (r"(?m)^b", "ab", false),
        (r"(?m)^", "", false),
        (r"(?m)^$", "", false),
        (r"(?m)^$", "a\u{a}", false),
        (r"(?m)^$", "a\u{a}\u{a}", true),
        ("(?m)\u{a}^", "a\u{a}", false),
        (r"(?m)a$", "a\u{a}b", true),
        (r"(?m)a$", "a\u{d}\u{a}b", true),
        (r"(?m)a$", "a\u{d}b", true),
        (r"(?m)a$", "a\u{85}b", true),
        (r"(?m)a$", "a\u{2029}b", true),
        (r"(?m)a$", "ab", false),
        ("(?m)\u{d}$", "a\u{d}\u{a}", false),
        ("(?m)\u{d}^\u{a}", "a\u{d}\u{a}", false),
        ("(?m)^\u{a}", "a\u{d}\u{a}b", false),
        (r"(?m)$", "", true),
        (r"(?m)a$", "a", true),
        (
            r"^(?ms)-----BEGIN RSA PRIVATE KEY-----.+-----END RSA PRIVATE KEY-----$",
            "-----BEGIN RSA PRIVATE KEY-----\u{a}MII\u{a}-----END RSA PRIVATE KEY-----\u{a}extra",
            true,
        ),
        (
            r"^(?ms)-----BEGIN RSA PRIVATE KEY-----.+-----END RSA PRIVATE KEY-----$",
            "-----BEGIN RSA PRIVATE KEY-----\u{a}MII\u{a}-----END RSA PRIVATE KEY-----x",
            false,
        ),
        (
            r"^(?ms)-----BEGIN RSA PRIVATE KEY-----.+-----END RSA PRIVATE KEY-----$",
            "x-----BEGIN RSA PRIVATE KEY-----\u{a}MII\u{a}-----END RSA PRIVATE KEY-----",
            false,
        ),
        (r"a(?m)$|^b", "xb", false),
        (r"(?m:^b)|^c", "a\u{a}c", false),
        (r"(?m)(?-m)^b", "a\u{a}b", false),
    ];
    for &(pattern, input, java) in facts {
        let t = translate(pattern).unwrap_or_else(|e| panic!("{pattern:?}: {e}"));
        assert_eq!(
            matches(&t, input),
            java,
            "{pattern:?} on {input:?}: Java says {java}, the translation {} says otherwise",
            t.source
        );
        assert_eq!(
            engine_matches(pattern, input),
            java,
            "{pattern:?} on {input:?}: Java says {java}, the compiled program says otherwise"
        );
    }
}

#[test]
fn fixed_possessive_counts_stay_linear() {
    // `{n}+` gives nothing back either way, so it needs no backtracking engine.
    assert_eq!(translate("^[0-9A-Z]{2}+$").unwrap().engine, Engine::Regex);
    assert_eq!(translate("^a{1,3}+b$").unwrap().engine, Engine::Fancy);
}
