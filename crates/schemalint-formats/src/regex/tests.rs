use super::*;

fn matches(pattern: &str, haystack: &str) -> bool {
    Pattern::new(pattern)
        .unwrap_or_else(|e| panic!("{pattern:?} should compile: {e}"))
        .is_match(haystack)
        .unwrap_or_else(|e| panic!("{pattern:?} on {haystack:?}: {e}"))
}

/// Rejected with the `u` flag; `Pattern::new` then accepts it exactly when Annex B does.
fn rejected(pattern: &str) -> PatternError {
    let error = parse(pattern).expect_err(pattern);
    let annex_b = parse_in(pattern, Dialect::AnnexB);
    match Pattern::new(pattern) {
        Ok(p) => {
            assert!(
                annex_b.is_ok(),
                "{pattern:?}: Pattern::new accepts what no dialect does"
            );
            assert_eq!(p.dialect(), Dialect::AnnexB);
        }
        Err(e) => {
            assert!(
                annex_b.is_err(),
                "{pattern:?}: valid in Annex B but Pattern::new rejects"
            );
            assert_eq!(
                e, error,
                "{pattern:?}: the u-mode error is the one reported"
            );
        }
    }
    error
}

fn translated(pattern: &str) -> String {
    translate(pattern, Dialect::Unicode).expect(pattern).text
}

// ---- features ----

#[test]
fn parse_reports_features() {
    let features = parse(r"(?<year>\d{4})-(?=\d)\k<year>(?<!x)\p{L}").unwrap();
    assert!(features.lookahead && features.lookbehind && features.backreferences);
    assert!(features.named_groups && features.unicode_property_escapes);
    assert!(features.needs_backtracking());
    assert_eq!(parse(r"^[a-z]+\d*$").unwrap(), Features::default());
    assert!(!parse(r"(?<n>a)\p{Lu}").unwrap().needs_backtracking());
    assert!(parse(r"(a)\1").unwrap().backreferences);
    assert!(parse(r"(?!a)").unwrap().lookahead);
}

#[test]
fn engine_choice_follows_features() {
    assert!(!Pattern::new(r"(?<n>a)b")
        .unwrap()
        .uses_backtracking_engine());
    assert!(Pattern::new(r"a(?=b)").unwrap().uses_backtracking_engine());
    assert_eq!(Pattern::new("x+").unwrap().source(), "x+");
    assert!(Pattern::new("(a)\\1").unwrap().features().backreferences);
}

// ---- translation rules ----

#[test]
fn digit_and_word_classes_are_ascii_only() {
    assert_eq!(translated(r"\d"), "[0-9]");
    assert!(matches(r"^\d$", "7"));
    assert!(!matches(r"^\d$", "\u{07C0}"));
    assert!(matches(r"^\D$", "\u{07C0}"));
    assert!(matches(r"^\w$", "_"));
    assert!(!matches(r"^\w$", "é"));
    assert!(matches(r"^\W$", "é"));
    assert!(!matches(r"^[\w]$", "é"));
    assert!(matches(r"^[^\d]$", "a"));
    assert!(!matches(r"^[^\D]$", "a"));
}

#[test]
fn space_class_is_the_ecma_set() {
    for space in [
        "\t", "\n", "\u{B}", "\u{C}", "\r", " ", "\u{A0}", "\u{1680}", "\u{2000}", "\u{200A}",
        "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{FEFF}",
    ] {
        assert!(matches(r"^\s$", space), "{space:?} is ECMA whitespace");
        assert!(!matches(r"^\S$", space), "{space:?} is not \\S");
    }
    // U+0085 is Unicode White_Space but not ECMA whitespace; U+200B is neither.
    for other in ["\u{85}", "\u{200B}", "a", "\u{1}"] {
        assert!(!matches(r"^\s$", other), "{other:?} is not ECMA whitespace");
        assert!(matches(r"^\S$", other));
        assert!(matches(r"^[\S]$", other));
    }
}

#[test]
fn dot_excludes_all_ecma_line_terminators() {
    for terminator in ["\n", "\r", "\u{2028}", "\u{2029}"] {
        assert!(!matches("^.$", terminator), "{terminator:?}");
    }
    assert!(matches("^.$", "\u{85}"));
    assert!(matches("^.$", "🐲"));
}

#[test]
fn anchors_ignore_trailing_newlines() {
    assert!(!matches("^abc$", "abc\n"));
    assert!(!matches("^abc$", "\nabc"));
    assert!(matches("^abc$", "abc"));
}

#[test]
fn patterns_search_rather_than_match_whole_strings() {
    assert!(matches("a+", "xxaayy"));
    assert!(!matches("^a+$", "xxaayy"));
    assert!(matches("", "anything"));
}

#[test]
fn empty_and_negated_empty_classes() {
    assert!(!matches("[]", "a"));
    assert!(!matches("[]", ""));
    assert!(matches("^[^]$", "\n"));
    assert!(matches("^a[^]b$", "a\u{2028}b"));
    assert!(matches("^[]?$", ""));
}

#[test]
fn control_null_hex_and_unicode_escapes() {
    assert!(matches(r"^\cC$", "\u{3}"));
    assert!(matches(r"^\cc$", "\u{3}"));
    assert!(matches(r"^[\cJ]$", "\n"));
    assert!(matches(r"^\0$", "\0"));
    assert!(matches(r"^\x41\u0042\u{43}$", "ABC"));
    assert!(matches(r"^\t\n\v\f\r$", "\t\n\u{B}\u{C}\r"));
    assert!(matches(r"^[\b]$", "\u{8}"));
    assert!(matches(r"^\u{1F432}$", "🐲"));
}

#[test]
fn surrogate_pairs_are_one_code_point() {
    assert!(matches(r"^\uD83D\uDC32*$", "🐲🐲"));
    assert!(!matches(r"^\uD83D\uDC32*$", "🐉"));
    assert!(matches(r"^[\uD83D\uDC32]$", "🐲"));
    assert!(matches("^🐲*$", "🐲🐲"));
    assert!(matches(r"^[😀-😂]$", "😁"));
    // A lone surrogate can never occur in a Rust string.
    assert!(!matches(r"\uD83D", "🐲"));
    assert!(matches(r"^[\uD800-\uDFFF]?$", ""));
    assert!(matches(r"^[^\uD800]$", "a"));
}

#[test]
fn word_boundaries_use_the_ascii_word_set() {
    assert!(matches(r"\bcat\b", "a cat!"));
    assert!(!matches(r"\bcat\b", "concatenate"));
    // 'é' is not an ECMA word character, so there is a boundary between it and 'c'.
    assert!(matches(r"\bcat", "écat"));
    assert!(matches(r"a\B", "ab"));
    assert!(!matches(r"a\B", "a b"));
    assert!(matches(r"é\B", "é "));
    // The same rules when the backtracking engine runs the pattern.
    assert!(matches(r"(?=\S)\bcat\b", "écat"));
    assert!(matches(r"(?=a)a\B", "ab"));
    assert!(!matches(r"(?=a)a\B", "a b"));
}

#[test]
fn property_escapes() {
    assert!(matches(r"^\p{Letter}+$", "Héllo"));
    assert!(matches(r"^\p{L}$", "π"));
    assert!(matches(r"^\p{digit}+$", "\u{9EA}\u{9E8}"));
    assert!(matches(r"^\P{Lu}$", "a"));
    assert!(!matches(r"^\P{Lu}$", "A"));
    assert!(matches(r"^\p{Script=Greek}$", "λ"));
    assert!(matches(r"^\p{sc=Grek}$", "λ"));
    assert!(matches(r"^\p{scx=Latn}$", "a"));
    assert!(matches(r"^\p{gc=Nd}$", "5"));
    assert!(matches(r"^[\p{Lu}\d]+$", "A1"));
    assert!(matches(r"^\p{ASCII_Hex_Digit}$", "f"));
    assert!(matches(r"^\p{Any}$", "\n"));
    assert!(!matches(r"^\p{Surrogate}$", "a"));
    assert!(!matches(r"\p{sc=Hrkt}", "カ"));
    assert!(matches(r"^\p{Zl}$", "\u{2028}"));
    assert!(matches(
        r"^[\p{Line_Separator}\p{Zp}]+$",
        "\u{2028}\u{2029}"
    ));
    assert!(matches(r"^\p{sc=Zzzz}$", "\u{E000}"));
    assert!(!matches(r"^\p{sc=Unknown}$", "a"));
    assert!(matches(r"^[^\P{scx=Unknown}]$", "\u{E000}"));
    assert!(matches(r"^[\P{sc=Unknown}](?=|x)$", "a"));
    assert!(!matches(r"^[\P{sc=Unknown}](?=|x)$", "\u{E000}"));
    assert!(matches(r"^\P{Script=Katakana_Or_Hiragana}$", "カ"));
}

#[test]
fn property_names_are_exact() {
    for bad in [
        r"\p{letter}",
        r"\p{Greek}",
        r"\p{sc=greek}",
        r"\p{Foo=Bar}",
        r"\p{L",
        r"\p",
        r"\pL",
        r"\p{}",
    ] {
        let error = parse(bad).expect_err(bad);
        assert_eq!(error.offset, 0, "{bad}: {error}");
    }
    assert!(parse(r"\p{sc=Klingon}").is_err());
    assert!(parse(r"\p{sc=Zinh}").is_ok());
    assert!(parse(r"\p{scx=Old_Italic}").is_ok());
}

#[test]
fn named_groups_and_backreferences() {
    assert!(matches(r"^(?<word>[a-z]+) \k<word>$", "hey hey"));
    assert!(!matches(r"^(?<word>[a-z]+) \k<word>$", "hey you"));
    assert!(matches(r"^(a)(b)\2\1$", "abba"));
    // ECMA: a reference to a group that did not take part matches the empty string.
    assert!(matches(r"^\1(a)$", "a"));
    assert!(matches(r"^(?:(a)|b)\1$", "b"));
    assert!(matches(r"^\k<x>(?<x>a)$", "a"));
    assert!(matches(r"^(?<$_ü>a)\k<$_ü>$", "aa"));
    assert!(matches(r"^(?<\u0061b>x)\k<ab>$", "xx"));
}

#[test]
fn lookaround() {
    assert!(matches(r"^(?!admin$)\w+$", "alice"));
    assert!(!matches(r"^(?!admin$)\w+$", "admin"));
    assert!(matches(r"(?<=\$)\d+", "cost: $42"));
    assert!(!matches(r"(?<=\$)\d+", "cost: 42"));
    assert!(matches(r"(?<=a+)b", "aaab"));
    assert!(matches(r"(?<!a)b", "cb"));
}

#[test]
fn quantifiers() {
    assert!(matches(r"^a{2}$", "aa"));
    assert!(matches(r"^a{2,}$", "aaaa"));
    assert!(matches(r"^a{2,3}?$", "aaa"));
    assert!(!matches(r"^a{2,3}$", "aaaa"));
    assert!(matches(r"^(?:ab)*?c+?$", "ababc"));
    assert!(matches(r"^a{0}$", ""));
}

#[test]
fn literal_metacharacters_from_other_syntaxes_are_plain() {
    // '#', '&', '~', space and '-' mean something to the regex crate in some places.
    assert!(matches(r"^[#&~ -]+$", "#&~ -"));
    assert!(matches(r"^[a&&b]$", "&"));
    assert!(matches(r"^[[]$", "["));
    assert!(matches(r"^a#b c$", "a#b c"));
    assert!(matches(
        r"^\/\.\*\+\?\(\)\[\]\{\}\|\^\$\\$",
        r"/.*+?()[]{}|^$\"
    ));
    assert!(matches(r"^[\-\]]+$", "-]"));
    assert!(matches(r"^[--a]$", "0"));
}

#[test]
fn class_ranges() {
    assert!(matches(r"^[a-z]$", "q"));
    assert!(!matches(r"^[a-z]cole$", "école"));
    assert!(matches(r"^[a-b-c]+$", "a-c"));
    assert!(matches(r"^[\x00-\u007F]$", "~"));
}

// ---- rejections, with offsets ----

#[test]
fn rejects_what_ecma_u_mode_rejects() {
    let cases: &[(&str, usize)] = &[
        (r"\a", 0),
        (r"x\-", 1),
        (r"\e", 0),
        (r"\z", 0),
        (r"\_", 0),
        ("{", 0),
        ("a{", 1),
        ("a{1", 1),
        ("a{,5}", 1),
        ("}", 0),
        ("]", 0),
        ("a{2,1}", 1),
        ("*", 0),
        ("a**", 2),
        ("a+*", 2),
        ("(?=a)*", 0),
        ("(?<=a)+", 0),
        ("^*", 0),
        ("$?", 0),
        (r"\b+", 0),
        ("(", 0),
        ("(a", 0),
        ("a)", 1),
        ("[a", 0),
        ("[z-a]", 1),
        (r"[\d-z]", 1),
        (r"[a-\w]", 1),
        (r"\1", 0),
        (r"(a)\2", 3),
        (r"\k<x>", 0),
        (r"\k", 0),
        (r"(?<a>x)(?<a>y)", 10),
        ("(?<1a>x)", 3),
        ("(?<>x)", 3),
        ("(?P<name>x)", 0),
        ("(?P<n>a)(?P=n)", 0),
        ("(?#comment)a", 0),
        ("(?i)abc", 0),
        ("(?ims)abc", 0),
        ("(?ii:a)", 3),
        ("(?i-i:a)", 4),
        ("(?-:a)", 0),
        ("(?i-m-s:a)", 0),
        ("(?x:a)", 0),
        ("(?i", 0),
        ("(?<a>x)(?<a>y)|z", 10),
        ("(?<a>x|(?<a>y))", 10),
        ("(?x)", 0),
        (r"\c1", 0),
        (r"\c", 0),
        (r"\x4", 0),
        (r"\u12", 0),
        (r"\u{110000}", 0),
        (r"\u{}", 0),
        (r"\01", 0),
        (r"[\1]", 1),
        (r"[\B]", 1),
        (r"[\k<a>](?<a>x)", 1),
        (r"[\p{L}--]", 1),
        (r"[\w-a]", 1),
        ("\\", 0),
        ("ab\\", 2),
    ];
    for &(pattern, offset) in cases {
        let error = rejected(pattern);
        assert_eq!(error.offset, offset, "{pattern:?}: {error}");
        assert!(!error.message.is_empty());
    }
}

#[test]
fn error_messages_name_the_problem() {
    assert!(rejected(r"\a").message.contains("invalid escape"));
    assert!(rejected("(?P<n>x)").message.contains("(?<name>"));
    assert!(rejected("(?i)x").message.contains("(?i:…)"));
    assert!(rejected("a{").message.contains("\\{"));
    let error = rejected("é(");
    assert_eq!(error.offset, 2, "offsets are in bytes");
    assert_eq!(
        error.to_string(),
        "unterminated group: missing ')' (at byte 2)"
    );
}

#[test]
fn accepts_valid_ecma_syntax() {
    for pattern in [
        "",
        "a|",
        "|",
        "()",
        "(?:)",
        "[]",
        "[^]",
        r"\cA",
        "(?<name>x)",
        r"(?<n>a)\k<n>",
        "(?<=a+)b",
        r"\u{1F600}",
        r"\/",
        "a{1}b{1,}c{1,2}",
        r"[\-]",
        r"[\b]",
        r"\0",
        "[-a-]",
        r"\p{L}\P{L}",
        r"[\p{L}-]",
        "a/b",
        r"^\$\d+(?:\.\d{2})?$",
        "(?i:a)",
        "(?-i:a)",
        "(?ims-:a)",
        "(?m-is:a)",
        "(?<a>x)|(?<a>y)",
        r"(?:(?<a>x)|(?<a>y))\k<a>",
    ] {
        assert!(parse(pattern).is_ok(), "{pattern:?}: {:?}", parse(pattern));
        assert!(
            Pattern::new(pattern).is_ok(),
            "{pattern:?}: {:?}",
            Pattern::new(pattern).err()
        );
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = "(".repeat(100_000);
    assert!(parse(&deep).is_err());
    let nested = format!("{}a{}", "(".repeat(150), ")".repeat(150));
    assert!(matches(&nested, "a"));
    // The deepest accepted nesting, every level quantified, in both engines.
    let quantified = format!("{}a{}", "(?:".repeat(MAX_NESTING), ")*".repeat(MAX_NESTING));
    assert!(parse(&quantified).is_ok());
    // The engines' own nesting limits may refuse it, but cleanly.
    let _ = Pattern::new(&quantified).map(|p| p.is_match("aaa"));
    let moderate = format!("{}a{}", "(?:".repeat(60), ")*".repeat(60));
    assert!(matches(&moderate, "aaa"));
    let fancy = format!(
        "{}(?=a)a{}",
        "(".repeat(MAX_NESTING),
        ")+".repeat(MAX_NESTING)
    );
    let _ = Pattern::new(&fancy).map(|p| p.is_match("aa"));
    assert!(parse(&format!(
        "{}a{}",
        "(".repeat(MAX_NESTING + 1),
        ")".repeat(MAX_NESTING + 1)
    ))
    .is_err());
}

#[test]
fn backtracking_limit_stops_catastrophic_patterns() {
    let pattern = Pattern::with_backtrack_limit(r"^(a+a+)+b\1", 10_000).unwrap();
    let haystack = "a".repeat(40);
    let error = pattern.is_match(&haystack).expect_err("must give up");
    assert!(error.to_string().contains("10000"), "{error}");
    // Without backreferences the linear engine runs it instantly.
    assert!(!matches(r"^(a+a+)+b", &haystack));
}

#[test]
fn many_named_groups_parse_in_linear_time() {
    let source: String = (0..20_000)
        .map(|i| format!("(?<g{i}>a)\\k<g{i}>"))
        .collect();
    let started = std::time::Instant::now();
    assert!(parse(&source).unwrap().named_groups);
    assert!(
        started.elapsed().as_secs() < 5,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn oversized_repetitions_fail_when_compiling_not_when_matching() {
    // rust-lang/regex#1344: with raised size limits this shape panicked in is_match.
    match Pattern::new(r"^.{0,404600}$") {
        Ok(pattern) => assert!(pattern.is_match("").is_ok()),
        Err(error) => assert!(error.message.contains("cannot be compiled"), "{error}"),
    }
}

#[test]
fn huge_counts_are_valid_syntax_but_fail_to_compile_cleanly() {
    assert!(parse("a{99999999999999999999}").is_ok());
    assert!(Pattern::new("a{4294967295}").is_err());
}

#[test]
fn pattern_is_send_sync_clone_debug() {
    fn assert_traits<T: Clone + std::fmt::Debug + Send + Sync>() {}
    assert_traits::<Pattern>();
    let pattern = Pattern::new("a").unwrap();
    let debug = format!("{:?}", pattern.clone());
    assert!(
        debug.contains("Pattern") && debug.contains("source: \"a\""),
        "{debug}"
    );
}

// ---- ES2025 ----

#[test]
fn ignore_case_modifier() {
    assert!(matches("^(?i:abc)$", "AbC"));
    assert!(!matches("^(?i:a)b$", "AB"));
    assert!(matches("^(?i:a(?-i:b))$", "Ab"));
    assert!(!matches("^(?i:a(?-i:b))$", "AB"));
    assert!(matches(r"^(?i:[a-c]+)$", "ABC"));
    assert!(matches(r"^(?i:\p{Lu})$", "a"));
    // u+i: U+017F and U+212A fold to s and k, so they are word characters.
    assert!(matches(r"^(?i:\w)$", "\u{17F}"));
    assert!(matches(r"^(?i:\w)$", "\u{212A}"));
    assert!(!matches(r"^\w$", "\u{17F}"));
    assert!(!matches(r"^(?i:\W)$", "s"));
    assert!(!matches(r"^(?i:\W)$", "\u{17F}"));
    assert!(!matches(r"^(?i:[\W])$", "k"));
    assert!(matches(r"^(?i:\W)$", "-"));
    assert!(matches(r"(?i:\b\u017F)", " \u{17F}"));
    assert!(!matches(r"(?i:a\b\u017F)", "a\u{17F}"));
    assert!(matches(r"^(?i:(a)\1)$", "aA"));
}

#[test]
fn dot_all_modifier() {
    assert!(!matches("^a.b$", "a\nb"));
    assert!(matches("^(?s:a.b)$", "a\nb"));
    assert!(matches("^(?s:a.b)$", "a\u{2028}b"));
    assert!(!matches("^(?s:a(?-s:.)b)$", "a\rb"));
}

#[test]
fn multiline_modifier_knows_every_ecma_line_terminator() {
    for terminator in ["\n", "\r", "\u{2028}", "\u{2029}"] {
        let text = format!("x{terminator}abc{terminator}y");
        assert!(matches("(?m:^abc$)", &text), "{terminator:?}");
        assert!(!matches("^abc$", &text), "{terminator:?}");
    }
    assert!(
        matches("(?m:^)\nb", "a\r\nb"),
        "ECMA: a line starts between \\r and \\n"
    );
    assert!(!matches("(?m:^b)", "ab"));
    assert!(matches("(?m:a$)", "a"));
}

#[test]
fn duplicate_names_in_different_alternatives() {
    let date = r"^(?:(?<y>\d{4})-(?<m>\d\d)|(?<m>\d\d)/(?<y>\d{4}))#\k<y>$";
    assert!(matches(date, "2024-05#2024"));
    assert!(matches(date, "05/2024#2024"));
    assert!(!matches(date, "05/2024#2025"));
    assert!(parse(date).unwrap().named_groups);
}

#[test]
fn negated_properties_in_one_class_are_a_union_in_both_engines() {
    // fancy-regex joins several \P{..} in one class with `&&`; the translation must not let it.
    for (source, haystack, expected) in [
        (r"^[\P{L}\P{N}]$", "a", true),
        (r"^[\P{L}\P{N}]$", "1", true),
        (r"^[\P{L}\P{N}]$", "-", true),
        (r"^[\P{L}\P{N}](?=|x)$", "a", true),
        (r"^[\P{L}\P{N}](?=|x)$", "1", true),
        (r"^[^\P{L}\P{N}](?=|x)$", "a", false),
        (r"^[\P{Lu}x](?=|x)$", "x", true),
        (r"^[x\P{Lu}\P{Ll}](?=|x)$", "A", true),
    ] {
        assert_eq!(
            matches(source, haystack),
            expected,
            "{source} on {haystack:?}"
        );
    }
}
#[test]
fn negated_classes_straddling_the_surrogate_gap() {
    // regex-syntax 0.8 negates [\x{D7FF}\x{E000}] wrongly; the translation must not rely on it.
    assert!(!matches(r"^[^\uD7FF\uE000]$", "\u{E000}"));
    assert!(!matches(r"^[^\uD7FF\uE000]$", "\u{D7FF}"));
    assert!(matches(r"^[^\uD7FF\uE000]$", "\u{E001}"));
    assert!(!matches(r"^[^\p{Cn}\p{Co}]$", "\u{E000}"));
    assert!(matches(r"^[^\p{Cn}\p{Co}]$", "a"));
}

// ---- backreferences that can only see an unset group ----

#[test]
fn self_and_forward_references_match_empty() {
    // Found by differential testing against V8.
    assert!(
        matches(r"^(?<g>\k<g>|\d)$", ""),
        "a group's reference to itself is empty"
    );
    assert!(matches(r"^(a\1)$", "a"));
    assert!(matches(r"^[A-Z]*(\1A*)$", ""));
    assert!(!matches(r"\d((?!\1)\d)", "12"), "(?!empty) always fails");
    assert!(matches(r"^\1(a)$", "a"));
    assert!(
        matches(r"^(?:\1(a))+$", "aa"),
        "captures reset on every iteration"
    );
    // Backward references still work, in lookbehind too.
    assert!(matches(r"^(a)\1$", "aa"));
    assert!(!matches(r"^(a)\1$", "ab"));
    assert!(matches(r"(a)(?<=\1)", "a"));
}

#[test]
fn zero_width_atoms_can_be_quantified() {
    assert!(matches(r"^(?:(?=a))*a$", "a"));
    assert!(matches(r"^(?:(?=b))?a$", "a"));
    assert!(!matches(r"^(?:(?=b))+a$", "a"));
    assert!(matches(r"^(?:(?=a)){2,5}a$", "a"));
    assert!(matches(r"^(?:){3}a$", "a"));
    assert!(matches(r"^(?:^|$)*a(?:$)+$", "a"));
}
