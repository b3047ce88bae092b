//! Tests of the validator: sensitive scopes, paths, and every check.

mod sensitive_scope {
    use super::super::*;

    #[test]
    fn values_inside_a_sensitive_scope_are_redacted() {
        let mut v = Validator::new();
        v.enter("Secrets");
        v.enter_sensitive();
        v.enter_index(0);
        v.length_str("hunter2", Some(10), None, false);
        v.unknown_enum_value("hunter3", &["a"]);
        v.leave();
        v.leave_sensitive();
        v.leave();
        v.length_str("visible", Some(10), None, false);
        let errors = v.finish().expect_err("three violations");
        let values: Vec<_> = errors
            .violations()
            .iter()
            .map(|x| x.value.clone())
            .collect();
        assert_eq!(
            values,
            [
                Some(REDACTED.to_owned()),
                Some(REDACTED.to_owned()),
                Some("\"visible\"".to_owned())
            ]
        );
    }
}

mod checks {
    use super::super::*;

    const INSTANCE_TYPES: &[&str] = &["ml.t3.micro", "ml.t3.small", "ml.t3.medium", "system"];

    fn single(v: Validator) -> Violation {
        let mut all = v
            .finish()
            .expect_err("expected a violation")
            .into_violations();
        assert_eq!(all.len(), 1, "{all:?}");
        all.remove(0)
    }

    #[test]
    fn no_violations_is_ok() {
        let mut v = Validator::default();
        v.required("DomainId", true);
        v.length_str("abc", Some(1), Some(3), false);
        v.length_count(2, LengthUnit::Elements, Some(1), Some(2));
        v.range_int(5, Some(0), Some(5), false);
        v.range_float(0.5, Some(0.0), Some(1.0), false);
        v.unique_items(&["a", "b"]);
        assert!(!v.has_violations());
        assert_eq!(v.finish(), Ok(()));
    }

    /// A check of `str` that reports every value it is given, for `member` and `each`.
    fn short(v: &mut Validator, value: &str) {
        v.length_str(value, Some(3), None, false);
    }

    #[test]
    fn members_and_elements_are_checked_under_their_names_and_indexes() {
        let mut v = Validator::new();
        v.enter("UserSettings");
        v.member("ExecutionRole", Some(&"ab".to_owned()), short);
        v.member("DefaultLandingUri", None::<&String>, short);
        v.member("Boxed", Some(&Box::<str>::from("x")), short);
        let groups = vec![
            "sg-1".to_owned(),
            "a".to_owned(),
            "sg-2".to_owned(),
            "".to_owned(),
        ];
        v.enter("SecurityGroups");
        v.each(&groups, short);
        v.leave();
        v.leave();
        assert_eq!(v.path(), "", "every step taken is left");
        let paths: Vec<String> = v
            .finish()
            .unwrap_err()
            .into_violations()
            .into_iter()
            .map(|violation| violation.path)
            .collect();
        assert_eq!(
            paths,
            [
                "UserSettings.ExecutionRole",
                "UserSettings.Boxed",
                "UserSettings.SecurityGroups[1]",
                "UserSettings.SecurityGroups[3]",
            ]
        );
    }

    #[test]
    fn paths() {
        let mut v = Validator::new();
        assert_eq!(v.path(), "");
        v.enter("UserSettings");
        v.enter("SecurityGroups");
        v.enter_index(5);
        assert_eq!(v.path(), "UserSettings.SecurityGroups[5]");
        v.leave();
        v.leave();
        v.enter("Arguments");
        v.enter_key("k\"q");
        assert_eq!(v.path(), r#"UserSettings.Arguments["k\"q"]"#);
        v.enter("Inner");
        assert_eq!(v.path(), r#"UserSettings.Arguments["k\"q"].Inner"#);
        v.leave();
        v.leave();
        v.leave();
        v.leave();
        v.leave(); // extra leave at the root is harmless
        assert_eq!(v.path(), "");
        v.enter_index(0);
        v.enter("A");
        assert_eq!(v.path(), "[0].A");
    }

    #[test]
    fn long_keys_and_values_are_elided_and_sensitive_keys_hidden() {
        let long = "k".repeat(64 * 1024);
        let mut v = Validator::new();
        v.enter("Map");
        v.enter_key(&long);
        v.length_str(&"x".repeat(100_000), None, Some(1), false);
        let found = single(v);
        let shown_key = format!("[{:?}… (65536 characters)]", "k".repeat(SHOWN_CHARS));
        assert_eq!(found.path, format!("Map{shown_key}"));
        assert_eq!(
            found.value.as_deref(),
            Some(format!("{:?}… (100000 characters)", "x".repeat(SHOWN_CHARS)).as_str())
        );
        let exactly = "é".repeat(SHOWN_CHARS);
        assert_eq!(
            shown(&exactly),
            format!("{exactly:?}"),
            "nothing elided at the limit"
        );

        let mut v = Validator::new();
        v.enter("Vault");
        v.enter_sensitive_key();
        v.required("Name", false);
        assert_eq!(single(v).path, format!("Vault[{REDACTED}].Name"));
        let mut v = Validator::new();
        v.enter_sensitive();
        v.enter_key("secret-key");
        v.required("Name", false);
        assert_eq!(
            single(v).path,
            format!("[{REDACTED}].Name"),
            "keys inside sensitive values"
        );
    }

    #[test]
    fn required() {
        let mut v = Validator::new();
        v.required("DomainId", false);
        let violation = single(v);
        assert_eq!(violation.path, "DomainId");
        assert_eq!(violation.kind, ViolationKind::Required);
        assert_eq!(violation.value, None);
        assert_eq!(
            violation.to_string(),
            "DomainId: required member is missing"
        );

        let mut v = Validator::new();
        v.enter("UserSettings");
        v.required("ExecutionRole", false);
        assert_eq!(single(v).path, "UserSettings.ExecutionRole");
    }

    #[test]
    fn length_counts_chars_and_units() {
        let mut v = Validator::new();
        v.enter("Name");
        // 3 chars, 6 bytes: within max 3 characters.
        v.length_str("äöü", None, Some(3), false);
        v.length_str("äöüx", None, Some(3), false);
        let violation = single(v);
        assert_eq!(
            violation.kind,
            ViolationKind::Length {
                min: None,
                max: Some(3),
                actual: 4,
                unit: LengthUnit::Characters
            }
        );
        assert_eq!(violation.value.as_deref(), Some("\"äöüx\""));
        assert_eq!(
            violation.to_string(),
            "Name: length 4 is above the maximum of 3 characters"
        );

        let mut v = Validator::new();
        v.enter("UserSettings");
        v.enter("SecurityGroups");
        v.length_count(6, LengthUnit::Elements, Some(0), Some(5));
        assert_eq!(
            single(v).to_string(),
            "UserSettings.SecurityGroups: length 6 is above the maximum of 5 elements"
        );

        let mut v = Validator::new();
        v.enter("Tags");
        v.length_count(0, LengthUnit::Entries, Some(1), None);
        assert_eq!(
            single(v).to_string(),
            "Tags: length 0 is below the minimum of 1 entries"
        );

        let mut v = Validator::new();
        v.enter("Body");
        v.length_count(7, LengthUnit::Bytes, None, Some(4));
        let violation = single(v);
        assert_eq!(violation.value, None);
        assert_eq!(
            violation.to_string(),
            "Body: length 7 is above the maximum of 4 bytes"
        );
    }

    #[test]
    fn length_unit_display() {
        assert_eq!(LengthUnit::Characters.to_string(), "characters");
        assert_eq!(LengthUnit::Elements.to_string(), "elements");
        assert_eq!(LengthUnit::Entries.to_string(), "entries");
        assert_eq!(LengthUnit::Bytes.to_string(), "bytes");
    }

    use super::super::pattern::Inst::{self, *};

    /// `^d-(-*[a-z0-9]){1,61}$`, compiled as the generator would: the group unrolled, its
    /// `-*` and class as runs.
    const DOMAIN_CLASSES: &[&[(char, char)]] = &[&[('-', '-')], &[('0', '9'), ('a', 'z')]];

    fn domain_id() -> Pattern {
        static INSTS: std::sync::LazyLock<Vec<Inst>> = std::sync::LazyLock::new(|| {
            let mut insts = vec![Start, Char('d'), Char('-')];
            let body = |insts: &mut Vec<Inst>| {
                insts.push(Run {
                    class: 0,
                    min: 0,
                    max: u32::MAX,
                    greedy: true,
                });
                insts.push(Class(1));
            };
            body(&mut insts);
            // 60 optional iterations, each `Split(body, after everything)`.
            let mut splits = Vec::new();
            for _ in 0..60 {
                splits.push(insts.len());
                insts.push(Split(0, 0));
                body(&mut insts);
            }
            let end = insts.len() as u32;
            for split in splits {
                insts[split] = Split(split as u32 + 1, end);
            }
            insts.extend([End, Match]);
            insts
        });
        Pattern::new("^d-(-*[a-z0-9]){1,61}$", INSTS.as_slice(), DOMAIN_CLASSES)
    }

    #[test]
    fn pattern_matches_and_reports() {
        let pattern = domain_id();
        assert_eq!(pattern.as_str(), "^d-(-*[a-z0-9]){1,61}$");
        assert_eq!(pattern.is_match("d-abc"), Ok(true));
        assert_eq!(pattern.is_match("d--a-b"), Ok(true));
        assert_eq!(pattern.is_match("d-"), Ok(false));
        assert_eq!(pattern.is_match(&format!("d-{}", "a".repeat(61))), Ok(true));
        assert_eq!(
            pattern.is_match(&format!("d-{}", "a".repeat(62))),
            Ok(false)
        );
        assert_eq!(pattern.is_match("d-abc-"), Ok(false));
        let mut v = Validator::new();
        v.enter("DomainId");
        v.pattern("d-abc", &pattern, false);
        v.pattern("D-1", &pattern, false);
        let violation = single(v);
        assert_eq!(
            violation.kind,
            ViolationKind::Pattern {
                pattern: "^d-(-*[a-z0-9]){1,61}$"
            }
        );
        assert_eq!(
            violation.to_string(),
            r#"DomainId: "D-1" does not match the pattern ^d-(-*[a-z0-9]){1,61}$"#
        );
        let debug = format!("{pattern:?}");
        assert!(debug.contains("instructions: 187"), "{debug}");
    }

    #[test]
    fn hostile_values_cost_at_most_program_times_length() {
        // `-*` then a class, 61 times: a backtracker without memory tries every way to split
        // a run of dashes between the iterations, which is exponential.
        let pattern = domain_id();
        let hostile = format!("d-{}!", "-".repeat(10_000));
        assert_eq!(pattern.is_match(&hostile), Ok(false));
        let hostile = format!("d-{}!", "-a".repeat(60));
        assert_eq!(pattern.is_match(&hostile), Ok(false));
    }

    #[test]
    fn pattern_is_not_anchored() {
        let pattern = Pattern::new("[0-9]", &[Class(0), Match], &[&[('0', '9')]]);
        assert_eq!(pattern.is_match("abc1def"), Ok(true));
        assert_eq!(pattern.is_match("abcdef"), Ok(false));
        assert_eq!(pattern.is_match(""), Ok(false));
    }

    /// `^(?!aws:)[a-z:]+$`
    const NOT_AWS: Pattern = Pattern::new(
        "^(?!aws:)[a-z:]+$",
        &[
            Start,
            Look {
                ahead: true,
                negated: true,
                next: 7,
            },
            Char('a'),
            Char('w'),
            Char('s'),
            Char(':'),
            Succeed,
            Run {
                class: 0,
                min: 1,
                max: u32::MAX,
                greedy: true,
            },
            End,
            Match,
        ],
        &[&[(':', ':'), ('a', 'z')]],
    );

    #[test]
    fn negative_lookahead() {
        assert_eq!(NOT_AWS.is_match("abc:d"), Ok(true));
        assert_eq!(NOT_AWS.is_match("aws:d"), Ok(false));
        assert_eq!(NOT_AWS.is_match("awsd"), Ok(true));
        assert_eq!(NOT_AWS.is_match("ABC"), Ok(false));
        let mut v = Validator::new();
        v.enter("Key");
        v.pattern("aws:x", &NOT_AWS, false);
        assert_eq!(
            single(v).to_string(),
            r#"Key: "aws:x" does not match the pattern ^(?!aws:)[a-z:]+$"#
        );
    }

    /// `^(a|a)*(?<=a)b$`: the body of the lookbehind runs backwards from the position.
    const FILED: Pattern = Pattern::new(
        "^(a|a)*(?<=a)b$",
        &[
            Start,
            Split(2, 6),
            Split(3, 4),
            Jump(5),
            Char('a'),
            Jump(1),
            Look {
                ahead: false,
                negated: false,
                next: 9,
            },
            Char('a'),
            Succeed,
            Char('b'),
            End,
            Match,
        ],
        &[],
    );

    #[test]
    fn lookbehind_and_hostile_alternations_get_a_verdict() {
        for n in [26, 10_000] {
            let hostile = "a".repeat(n);
            assert_eq!(FILED.is_match(&hostile), Ok(false));
            assert_eq!(FILED.is_match(&format!("{hostile}b")), Ok(true));
            assert_eq!(FILED.is_match(&format!("{hostile}bb")), Ok(false));
        }
        assert_eq!(FILED.is_match("b"), Ok(false));
        assert_eq!(FILED.is_match("ab"), Ok(true));
    }

    #[test]
    fn runs_backwards_in_a_lookbehind() {
        // `(?<=[0-9]{2,3})x`: two or three digits right before the `x`.
        let pattern = Pattern::new(
            "(?<=[0-9]{2,3})x",
            &[
                Look {
                    ahead: false,
                    negated: false,
                    next: 3,
                },
                Run {
                    class: 0,
                    min: 2,
                    max: 3,
                    greedy: true,
                },
                Succeed,
                Char('x'),
                Match,
            ],
            &[&[('0', '9')]],
        );
        assert_eq!(pattern.is_match("12x"), Ok(true));
        assert_eq!(pattern.is_match("a1234x"), Ok(true));
        assert_eq!(pattern.is_match("a1x"), Ok(false));
        assert_eq!(pattern.is_match("x12"), Ok(false));
    }

    /// `^(?>a*)a$`, or `^(?>a*?)a$` when not `greedy`.
    fn atomic_star_then_a(greedy: bool, value: &str) -> Result<bool, GaveUp> {
        let insts = [
            Start,
            Atomic { next: 4 },
            Run {
                class: 0,
                min: 0,
                max: u32::MAX,
                greedy,
            },
            Succeed,
            Char('a'),
            End,
            Match,
        ];
        let program = pattern::Program {
            insts: &insts,
            classes: &[&[('a', 'a')]],
            dfa: None,
        };
        program.is_match(value)
    }

    #[test]
    fn atomic_groups_keep_their_first_way() {
        // `^(?>a*)a$` never matches: the atomic run takes every `a`.
        assert_eq!(atomic_star_then_a(true, "aaa"), Ok(false));
        assert_eq!(atomic_star_then_a(true, "a"), Ok(false));
        // `^(?>a*?)a$`: the lazy run keeps nothing, so the `a` after it is the value's only one.
        assert_eq!(atomic_star_then_a(false, "a"), Ok(true));
        assert_eq!(atomic_star_then_a(false, "aa"), Ok(false));
    }

    #[test]
    fn word_boundaries_are_ascii() {
        let pattern = Pattern::new(
            r"\bx\b",
            &[WordBoundary, Char('x'), WordBoundary, Match],
            &[],
        );
        assert_eq!(pattern.is_match("a x b"), Ok(true));
        assert_eq!(pattern.is_match("axb"), Ok(false));
        assert_eq!(pattern.is_match("éxé"), Ok(true));
        let inside = Pattern::new(r"\Bx", &[NotWordBoundary, Char('x'), Match], &[]);
        assert_eq!(inside.is_match("ax"), Ok(true));
        assert_eq!(inside.is_match(" x"), Ok(false));
    }

    /// `^(a|a)*\1b$`: with a backreference, the outcome depends on captured text, so the
    /// engine has no memory of states and stops after its step limit.
    const BACKREF: Pattern = Pattern::new(
        "^(a|a)*\\1b$",
        &[
            Start,
            Split(2, 9),
            Save(2),
            Split(4, 6),
            Char('a'),
            Jump(7),
            Char('a'),
            Save(3),
            Jump(1),
            Backref(1),
            Char('b'),
            End,
            Match,
        ],
        &[],
    );

    #[test]
    fn backreferences_match_captured_text() {
        assert_eq!(BACKREF.is_match("aab"), Ok(true));
        assert_eq!(BACKREF.is_match("ab"), Ok(false));
        // An unset group matches the empty string.
        assert_eq!(BACKREF.is_match("b"), Ok(true));
        assert_eq!(BACKREF.is_match("aac"), Ok(false));
        let pattern = Pattern::new(
            "^(ab)\\1$",
            &[
                Start,
                Save(2),
                Char('a'),
                Char('b'),
                Save(3),
                Backref(1),
                End,
                Match,
            ],
            &[],
        );
        assert_eq!(pattern.is_match("abab"), Ok(true));
        assert_eq!(pattern.is_match("abba"), Ok(false));
        assert_eq!(pattern.is_match("aba"), Ok(false));
    }

    #[test]
    fn pattern_engine_giving_up_lets_the_value_through() {
        for n in [26, 10_000] {
            let input = "a".repeat(n);
            assert_eq!(BACKREF.is_match(&input), Err(GaveUp));
            let mut v = Validator::new();
            v.enter("Name");
            v.pattern(&input, &BACKREF, true);
            assert_eq!(
                v.finish(),
                Ok(()),
                "the service checks what the client cannot"
            );
        }
        assert!(GaveUp.to_string().contains("100000 steps"));
        // The violation kind is still there for callers' own reports.
        let mut v = Validator::new();
        v.enter("Name");
        v.report(
            ViolationKind::PatternError {
                pattern: "^x$",
                error: "gave up".into(),
            },
            Some("\"y\"".into()),
        );
        assert_eq!(
            single(v).to_string(),
            r#"Name: "y" could not be checked against the pattern ^x$: gave up"#
        );
    }

    /// `a+`, unanchored, as the generator's automaton: state 0 searches, state 1 has seen an `a`.
    fn a_plus(columns: &'static [u64]) -> Pattern {
        static ASCII: [u8; 128] = {
            let mut ascii = [0u8; 128];
            ascii[b'a' as usize] = 1;
            ascii
        };
        let dfa: &'static super::super::pattern::Dfa<'static> =
            Box::leak(Box::new(super::super::pattern::Dfa {
                ascii: &ASCII,
                columns,
                next: &[0, 0, 1, 0, 0, 0, 1, 0],
                matched: &[0b10],
                matched_at_end: &[0b10],
            }));
        Pattern::new(
            "a+",
            &[
                Run {
                    class: 0,
                    min: 1,
                    max: u32::MAX,
                    greedy: true,
                },
                Match,
            ],
            &[&[('a', 'a')]],
        )
        .with_dfa(dfa)
    }

    #[test]
    fn automata_take_one_step_per_character() {
        let pattern = a_plus(&[0, 1]);
        assert_eq!(pattern.is_match("xxa"), Ok(true));
        assert_eq!(pattern.is_match("éa"), Ok(true));
        assert_eq!(pattern.is_match("xx"), Ok(false));
        assert_eq!(pattern.is_match("é"), Ok(false));
        assert_eq!(pattern.is_match(""), Ok(false));
        // A character in no column (a wrong table) leaves the verdict to the backtracker.
        let partial = a_plus(&[1, 2]);
        assert_eq!(partial.is_match("éa"), Ok(true));
        assert_eq!(partial.is_match("é"), Ok(false));
    }

    #[test]
    fn classes_with_many_ranges_are_searched() {
        const MANY: &[(char, char)] = &[
            ('0', '9'),
            ('A', 'Z'),
            ('a', 'z'),
            ('\u{e0}', '\u{f6}'),
            ('\u{4e00}', '\u{9fff}'),
            ('\u{1f600}', '\u{1f64f}'),
        ];
        let pattern = Pattern::new(
            "^[…]+$",
            &[
                Start,
                Run {
                    class: 0,
                    min: 1,
                    max: u32::MAX,
                    greedy: true,
                },
                End,
                Match,
            ],
            &[MANY],
        );
        assert_eq!(pattern.is_match("aZ9é中😀"), Ok(true));
        assert_eq!(pattern.is_match("a-b"), Ok(false));
        assert_eq!(pattern.is_match("\u{f7}"), Ok(false));
    }

    #[test]
    fn ranges() {
        let mut v = Validator::new();
        v.enter("MaxResults");
        v.range_int(101, Some(1), Some(100), false);
        let violation = single(v);
        assert_eq!(
            violation.kind,
            ViolationKind::Range {
                min: Some("1".into()),
                max: Some("100".into())
            }
        );
        assert_eq!(
            violation.to_string(),
            "MaxResults: 101 is not within the range 1 to 100"
        );

        let mut v = Validator::new();
        v.enter("Count");
        v.range_int(-1, Some(0), None, false);
        assert_eq!(single(v).to_string(), "Count: -1 is below the minimum of 0");

        let mut v = Validator::new();
        v.enter("Count");
        v.range_int(9, None, Some(8), false);
        assert_eq!(single(v).to_string(), "Count: 9 is above the maximum of 8");

        let mut v = Validator::new();
        v.enter("Ratio");
        v.range_float(1.5, Some(0.0), Some(1.0), false);
        assert_eq!(
            single(v).to_string(),
            "Ratio: 1.5 is not within the range 0.0 to 1.0"
        );

        let mut v = Validator::new();
        v.range_float(f64::NAN, None, Some(1.0), false);
        v.range_float(f64::NAN, Some(0.0), None, false);
        v.range_float(f64::NAN, None, None, false);
        v.range_float(f64::INFINITY, Some(0.0), None, false);
        v.range_float(f64::NEG_INFINITY, Some(0.0), None, false);
        let all = v.finish().expect_err("NaN violates").into_violations();
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].value.as_deref(), Some("NaN"));
        assert_eq!(all[2].value.as_deref(), Some("-inf"));
    }

    #[test]
    fn sensitive_values_are_redacted() {
        let mut v = Validator::new();
        v.enter("Secret");
        v.length_str("hunter2", Some(10), None, true);
        v.pattern(
            "hunter2",
            &Pattern::new("^x$", &[Start, Char('x'), End, Match], &[]),
            true,
        );
        v.range_int(5, Some(10), None, true);
        v.range_float(5.0, Some(10.0), None, true);
        let errors = v.finish().expect_err("violations");
        for violation in errors.violations() {
            assert_eq!(violation.value.as_deref(), Some(REDACTED));
            assert!(!violation.to_string().contains("hunter2"));
            assert!(!violation.to_string().contains('5'));
        }
        assert!(!errors.to_string().contains("hunter2"));
        assert_eq!(
            errors.violations()[1].to_string(),
            "Secret: *** Sensitive Data Redacted *** does not match the pattern ^x$"
        );
    }

    #[test]
    fn unknown_enum_suggestions() {
        let mut v = Validator::new();
        v.enter("UserSettings");
        v.enter("JupyterServerAppSettings");
        v.enter("DefaultResourceSpec");
        v.enter("InstanceType");
        v.unknown_enum_value("ml.t3.medum", INSTANCE_TYPES);
        let violation = single(v);
        assert!(violation.is_unknown_enum_value());
        assert_eq!(
            violation.kind,
            ViolationKind::UnknownEnumValue {
                suggestion: Some("ml.t3.medium")
            }
        );
        assert_eq!(
            violation.to_string(),
            "UserSettings.JupyterServerAppSettings.DefaultResourceSpec.InstanceType: \
             unknown value \"ml.t3.medum\" (did you mean \"ml.t3.medium\"?)"
        );

        let mut v = Validator::new();
        v.enter("InstanceType");
        v.unknown_enum_value("zzzz", INSTANCE_TYPES);
        let violation = single(v);
        assert_eq!(
            violation.kind,
            ViolationKind::UnknownEnumValue { suggestion: None }
        );
        assert_eq!(
            violation.to_string(),
            "InstanceType: unknown value \"zzzz\""
        );

        assert_eq!(closest("SYSTEM", INSTANCE_TYPES), Some("system"));
        assert_eq!(closest("ML.T3.SMAL", INSTANCE_TYPES), Some("ml.t3.small"));
        assert_eq!(closest("", INSTANCE_TYPES), None);
        assert_eq!(closest("ab", &["xy"]), None);
        assert_eq!(closest("ab", &["ac"]), Some("ac"));
        assert_eq!(closest(&"x".repeat(10_000), INSTANCE_TYPES), None);
    }

    #[test]
    fn unknown_int_enum() {
        let mut v = Validator::new();
        v.enter("Level");
        v.unknown_int_enum_value(7, &[1, 2, 3]);
        let violation = single(v);
        assert!(violation.is_unknown_enum_value());
        assert_eq!(violation.to_string(), "Level: unknown value 7");
    }

    #[test]
    fn levenshtein_distances() {
        let d = |a: &str, b: &str| {
            levenshtein(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        assert_eq!(d("", ""), 0);
        assert_eq!(d("abc", ""), 3);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("flaw", "lawn"), 2);
        assert_eq!(d("ml.t3.medum", "ml.t3.medium"), 1);
    }

    #[test]
    fn unknown_union_variant() {
        let mut v = Validator::new();
        v.enter("Config");
        v.unknown_union_variant();
        let violation = single(v);
        assert_eq!(violation.kind, ViolationKind::UnknownUnionVariant);
        assert_eq!(
            violation.to_string(),
            "Config: the union holds a variant unknown to this client, which cannot be sent"
        );
    }

    #[test]
    fn duplicate_items() {
        let mut v = Validator::new();
        v.enter("Ids");
        v.unique_items(&["a", "b", "a", "c", "b", "a"]);
        let all = v.finish().expect_err("duplicates").into_violations();
        let pairs: Vec<(usize, usize)> = all
            .iter()
            .map(|v| match v.kind {
                ViolationKind::DuplicateItem { first, duplicate } => (first, duplicate),
                _ => panic!("unexpected {v:?}"),
            })
            .collect();
        assert_eq!(pairs, vec![(0, 2), (1, 4), (0, 5)]);
        assert_eq!(
            all[0].to_string(),
            "Ids: item [2] is a duplicate of item [0]"
        );
        assert_eq!(all[0].value, None);
    }

    #[test]
    fn errors_display_and_filtering() {
        let mut v = Validator::new();
        v.required("DomainId", false);
        v.enter("InstanceType");
        v.unknown_enum_value("ml.t3.medum", INSTANCE_TYPES);
        v.leave();
        v.enter("Name");
        v.length_str("", Some(1), None, false);
        v.leave();
        let errors = v.finish().expect_err("violations");
        assert_eq!(
            errors.to_string(),
            "3 constraint violations:\n  DomainId: required member is missing\n  \
             InstanceType: unknown value \"ml.t3.medum\" (did you mean \"ml.t3.medium\"?)\n  \
             Name: length 0 is below the minimum of 1 characters"
        );
        let rest = errors
            .clone()
            .without_unknown_enum_values()
            .expect("other violations remain");
        assert_eq!(rest.violations().len(), 2);
        assert!(rest.violations().iter().all(|v| !v.is_unknown_enum_value()));
        assert_eq!(errors.into_violations().len(), 3);

        let mut v = Validator::new();
        v.enter("InstanceType");
        v.unknown_enum_value("ml.new.type", INSTANCE_TYPES);
        let errors = v.finish().expect_err("violation");
        assert_eq!(
            errors.to_string(),
            "InstanceType: unknown value \"ml.new.type\""
        );
        assert_eq!(errors.without_unknown_enum_values(), None);

        let boxed: Box<dyn std::error::Error> = Box::new(ValidationErrors {
            violations: Vec::new(),
        });
        assert_eq!(boxed.to_string(), "no constraint violations");
    }
}
