//! The property names ECMA-262 accepts in `\p{…}` (tables 67–69 of ES2024), matched exactly
//! (ECMA is case-sensitive, unlike the `regex` crate's loose matching), and how to spell each
//! for the Rust engines.

/// General_Category values: every spelling ECMA accepts, with the canonical long name.
const GENERAL_CATEGORY: &[(&str, &str)] = &[
    ("Cased_Letter", "Cased_Letter"),
    ("LC", "Cased_Letter"),
    ("Close_Punctuation", "Close_Punctuation"),
    ("Pe", "Close_Punctuation"),
    ("Connector_Punctuation", "Connector_Punctuation"),
    ("Pc", "Connector_Punctuation"),
    ("Control", "Control"),
    ("Cc", "Control"),
    ("cntrl", "Control"),
    ("Currency_Symbol", "Currency_Symbol"),
    ("Sc", "Currency_Symbol"),
    ("Dash_Punctuation", "Dash_Punctuation"),
    ("Pd", "Dash_Punctuation"),
    ("Decimal_Number", "Decimal_Number"),
    ("Nd", "Decimal_Number"),
    ("digit", "Decimal_Number"),
    ("Enclosing_Mark", "Enclosing_Mark"),
    ("Me", "Enclosing_Mark"),
    ("Final_Punctuation", "Final_Punctuation"),
    ("Pf", "Final_Punctuation"),
    ("Format", "Format"),
    ("Cf", "Format"),
    ("Initial_Punctuation", "Initial_Punctuation"),
    ("Pi", "Initial_Punctuation"),
    ("Letter", "Letter"),
    ("L", "Letter"),
    ("Letter_Number", "Letter_Number"),
    ("Nl", "Letter_Number"),
    ("Line_Separator", "Line_Separator"),
    ("Zl", "Line_Separator"),
    ("Lowercase_Letter", "Lowercase_Letter"),
    ("Ll", "Lowercase_Letter"),
    ("Mark", "Mark"),
    ("M", "Mark"),
    ("Combining_Mark", "Mark"),
    ("Math_Symbol", "Math_Symbol"),
    ("Sm", "Math_Symbol"),
    ("Modifier_Letter", "Modifier_Letter"),
    ("Lm", "Modifier_Letter"),
    ("Modifier_Symbol", "Modifier_Symbol"),
    ("Sk", "Modifier_Symbol"),
    ("Nonspacing_Mark", "Nonspacing_Mark"),
    ("Mn", "Nonspacing_Mark"),
    ("Number", "Number"),
    ("N", "Number"),
    ("Open_Punctuation", "Open_Punctuation"),
    ("Ps", "Open_Punctuation"),
    ("Other", "Other"),
    ("C", "Other"),
    ("Other_Letter", "Other_Letter"),
    ("Lo", "Other_Letter"),
    ("Other_Number", "Other_Number"),
    ("No", "Other_Number"),
    ("Other_Punctuation", "Other_Punctuation"),
    ("Po", "Other_Punctuation"),
    ("Other_Symbol", "Other_Symbol"),
    ("So", "Other_Symbol"),
    ("Paragraph_Separator", "Paragraph_Separator"),
    ("Zp", "Paragraph_Separator"),
    ("Private_Use", "Private_Use"),
    ("Co", "Private_Use"),
    ("Punctuation", "Punctuation"),
    ("P", "Punctuation"),
    ("punct", "Punctuation"),
    ("Separator", "Separator"),
    ("Z", "Separator"),
    ("Space_Separator", "Space_Separator"),
    ("Zs", "Space_Separator"),
    ("Spacing_Mark", "Spacing_Mark"),
    ("Mc", "Spacing_Mark"),
    ("Surrogate", "Surrogate"),
    ("Cs", "Surrogate"),
    ("Symbol", "Symbol"),
    ("S", "Symbol"),
    ("Titlecase_Letter", "Titlecase_Letter"),
    ("Lt", "Titlecase_Letter"),
    ("Unassigned", "Unassigned"),
    ("Cn", "Unassigned"),
    ("Uppercase_Letter", "Uppercase_Letter"),
    ("Lu", "Uppercase_Letter"),
];

/// Binary properties ECMA accepts (table 68), with their canonical names.
const BINARY: &[(&str, &str)] = &[
    ("ASCII", "ASCII"),
    ("ASCII_Hex_Digit", "ASCII_Hex_Digit"),
    ("AHex", "ASCII_Hex_Digit"),
    ("Alphabetic", "Alphabetic"),
    ("Alpha", "Alphabetic"),
    ("Any", "Any"),
    ("Assigned", "Assigned"),
    ("Bidi_Control", "Bidi_Control"),
    ("Bidi_C", "Bidi_Control"),
    ("Bidi_Mirrored", "Bidi_Mirrored"),
    ("Bidi_M", "Bidi_Mirrored"),
    ("Case_Ignorable", "Case_Ignorable"),
    ("CI", "Case_Ignorable"),
    ("Cased", "Cased"),
    ("Changes_When_Casefolded", "Changes_When_Casefolded"),
    ("CWCF", "Changes_When_Casefolded"),
    ("Changes_When_Casemapped", "Changes_When_Casemapped"),
    ("CWCM", "Changes_When_Casemapped"),
    ("Changes_When_Lowercased", "Changes_When_Lowercased"),
    ("CWL", "Changes_When_Lowercased"),
    (
        "Changes_When_NFKC_Casefolded",
        "Changes_When_NFKC_Casefolded",
    ),
    ("CWKCF", "Changes_When_NFKC_Casefolded"),
    ("Changes_When_Titlecased", "Changes_When_Titlecased"),
    ("CWT", "Changes_When_Titlecased"),
    ("Changes_When_Uppercased", "Changes_When_Uppercased"),
    ("CWU", "Changes_When_Uppercased"),
    ("Dash", "Dash"),
    (
        "Default_Ignorable_Code_Point",
        "Default_Ignorable_Code_Point",
    ),
    ("DI", "Default_Ignorable_Code_Point"),
    ("Deprecated", "Deprecated"),
    ("Dep", "Deprecated"),
    ("Diacritic", "Diacritic"),
    ("Dia", "Diacritic"),
    ("Emoji", "Emoji"),
    ("Emoji_Component", "Emoji_Component"),
    ("EComp", "Emoji_Component"),
    ("Emoji_Modifier", "Emoji_Modifier"),
    ("EMod", "Emoji_Modifier"),
    ("Emoji_Modifier_Base", "Emoji_Modifier_Base"),
    ("EBase", "Emoji_Modifier_Base"),
    ("Emoji_Presentation", "Emoji_Presentation"),
    ("EPres", "Emoji_Presentation"),
    ("Extended_Pictographic", "Extended_Pictographic"),
    ("ExtPict", "Extended_Pictographic"),
    ("Extender", "Extender"),
    ("Ext", "Extender"),
    ("Grapheme_Base", "Grapheme_Base"),
    ("Gr_Base", "Grapheme_Base"),
    ("Grapheme_Extend", "Grapheme_Extend"),
    ("Gr_Ext", "Grapheme_Extend"),
    ("Hex_Digit", "Hex_Digit"),
    ("Hex", "Hex_Digit"),
    ("IDS_Binary_Operator", "IDS_Binary_Operator"),
    ("IDSB", "IDS_Binary_Operator"),
    ("IDS_Trinary_Operator", "IDS_Trinary_Operator"),
    ("IDST", "IDS_Trinary_Operator"),
    ("ID_Continue", "ID_Continue"),
    ("IDC", "ID_Continue"),
    ("ID_Start", "ID_Start"),
    ("IDS", "ID_Start"),
    ("Ideographic", "Ideographic"),
    ("Ideo", "Ideographic"),
    ("Join_Control", "Join_Control"),
    ("Join_C", "Join_Control"),
    ("Logical_Order_Exception", "Logical_Order_Exception"),
    ("LOE", "Logical_Order_Exception"),
    ("Lowercase", "Lowercase"),
    ("Lower", "Lowercase"),
    ("Math", "Math"),
    ("Noncharacter_Code_Point", "Noncharacter_Code_Point"),
    ("NChar", "Noncharacter_Code_Point"),
    ("Pattern_Syntax", "Pattern_Syntax"),
    ("Pat_Syn", "Pattern_Syntax"),
    ("Pattern_White_Space", "Pattern_White_Space"),
    ("Pat_WS", "Pattern_White_Space"),
    ("Quotation_Mark", "Quotation_Mark"),
    ("QMark", "Quotation_Mark"),
    ("Radical", "Radical"),
    ("Regional_Indicator", "Regional_Indicator"),
    ("RI", "Regional_Indicator"),
    ("Sentence_Terminal", "Sentence_Terminal"),
    ("STerm", "Sentence_Terminal"),
    ("Soft_Dotted", "Soft_Dotted"),
    ("SD", "Soft_Dotted"),
    ("Terminal_Punctuation", "Terminal_Punctuation"),
    ("Term", "Terminal_Punctuation"),
    ("Unified_Ideograph", "Unified_Ideograph"),
    ("UIdeo", "Unified_Ideograph"),
    ("Uppercase", "Uppercase"),
    ("Upper", "Uppercase"),
    ("Variation_Selector", "Variation_Selector"),
    ("VS", "Variation_Selector"),
    ("White_Space", "White_Space"),
    ("space", "White_Space"),
    ("XID_Continue", "XID_Continue"),
    ("XIDC", "XID_Continue"),
    ("XID_Start", "XID_Start"),
    ("XIDS", "XID_Start"),
];

/// The code points of a property [`resolve`] returned. Most come from the regex engine's
/// tables; the few names it lacks are spelled here.
pub(crate) fn ranges(resolved: &str) -> Result<crate::charset::Ranges, String> {
    if resolved == "Changes_When_NFKC_Casefolded" {
        return Ok(crate::regex_tables::CHANGES_WHEN_NFKC_CASEFOLDED.to_vec());
    }
    // Surrogates never occur in a `&str`, and Unicode gives no character the script value
    // Katakana_Or_Hiragana.
    if resolved.ends_with("Surrogate") || resolved.ends_with("=Katakana_Or_Hiragana") {
        return Ok(Vec::new());
    }
    // Script Unknown is every unassigned or private-use code point.
    if resolved.ends_with("=Unknown") {
        let mut unknown = crate::charset::property("gc=Unassigned")?;
        unknown.extend(crate::charset::property("gc=Private_Use")?);
        return Ok(unknown);
    }
    crate::charset::property(resolved)
}

fn lookup(table: &[(&str, &'static str)], name: &str) -> Option<&'static str> {
    table
        .iter()
        .find(|(spelling, _)| *spelling == name)
        .map(|(_, canonical)| *canonical)
}

/// Checks the body of `\p{body}` and returns the body to write for the Rust engines
/// (`Letter`, `sc=Greek`, …), or a message saying why ECMA rejects it.
///
/// Script values are the Unicode 15.0 spellings (`Greek`, `Grek`, `Old_Italic`, `Qaai`).
pub(crate) fn resolve(body: &str) -> Result<String, String> {
    if let Some((name, value)) = body.split_once('=') {
        let rust_name = match name {
            "General_Category" | "gc" => {
                return lookup(GENERAL_CATEGORY, value)
                    .map(|canonical| format!("gc={canonical}"))
                    .ok_or_else(|| format!("unknown General_Category value '{value}' in \\p{{{body}}}"));
            }
            "Script" | "sc" => "sc",
            "Script_Extensions" | "scx" => "scx",
            _ => {
                return Err(format!(
                    "unknown property '{name}' in \\p{{{body}}}: ECMA-262 allows General_Category, Script and Script_Extensions"
                ))
            }
        };
        if crate::regex_tables::SCRIPT_NAMES
            .binary_search(&value)
            .is_err()
        {
            return Err(format!(
                "unknown script '{value}' in \\p{{{body}}} (names are case-sensitive)"
            ));
        }
        if matches!(value, "Zzzz" | "Unknown") {
            return Ok(format!("{rust_name}=Unknown"));
        }
        if matches!(value, "Hrkt" | "Katakana_Or_Hiragana") {
            return Ok(format!("{rust_name}=Katakana_Or_Hiragana"));
        }
        return Ok(format!("{rust_name}={value}"));
    }
    if let Some(canonical) = lookup(GENERAL_CATEGORY, body).or_else(|| lookup(BINARY, body)) {
        return Ok(canonical.to_owned());
    }
    Err(format!(
        "unknown Unicode property '{body}' in \\p{{…}} (ECMA-262 names are case-sensitive; scripts need sc=)"
    ))
}

#[cfg(test)]
mod tests {
    use super::{BINARY, GENERAL_CATEGORY};
    use crate::regex::Pattern;
    use crate::regex_tables::SCRIPT_NAMES;

    #[test]
    fn every_ecma_property_name_has_data() {
        let general = GENERAL_CATEGORY.iter().flat_map(|(name, _)| {
            [
                name.to_string(),
                format!("gc={name}"),
                format!("General_Category={name}"),
            ]
        });
        let binary = BINARY.iter().map(|(name, _)| name.to_string());
        let scripts = SCRIPT_NAMES
            .iter()
            .flat_map(|name| [format!("sc={name}"), format!("Script_Extensions={name}")]);
        let mut failures = Vec::new();
        for body in general.chain(binary).chain(scripts) {
            match super::resolve(&body).and_then(|resolved| super::ranges(&resolved)) {
                Ok(ranges)
                    if ranges.is_empty()
                        && !body.contains("Surrogate")
                        && !body.ends_with("Cs")
                        && !body.contains("Hrkt")
                        && !body.contains("Katakana_Or_Hiragana") =>
                {
                    failures.push(format!("{body}: empty"))
                }
                Ok(_) => {}
                Err(e) => failures.push(format!("{body}: {e}")),
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        // And a sample through both engines.
        for body in ["L", "sc=Grek", "CWKCF", "scx=Zzzz", "Any", "ASCII"] {
            for source in [format!(r"\p{{{body}}}"), format!(r"[^\P{{{body}}}x](?=y|)")] {
                assert!(Pattern::new(&source).is_ok(), "{source}");
            }
        }
    }

    #[test]
    fn aliases_match_like_their_canonical_names() {
        let digit = Pattern::new(r"^\p{digit}$").unwrap();
        let nd = Pattern::new(r"^\p{Decimal_Number}$").unwrap();
        for s in ["7", "\u{967}", "a"] {
            assert_eq!(digit.is_match(s).unwrap(), nd.is_match(s).unwrap(), "{s}");
        }
        let space = Pattern::new(r"^\p{space}$").unwrap();
        assert!(
            space.is_match("\u{85}").unwrap(),
            "\\p{{space}} is White_Space, not \\s"
        );
        // CWKCF is spelled out from the UCD (the engines lack it).
        let changes = Pattern::new(r"^\p{CWKCF}$").unwrap();
        let keeps = Pattern::new(r"^\P{CWKCF}$").unwrap();
        for (s, changed) in [
            ("A", true),
            ("a", false),
            ("\u{FB01}", true),
            ("\u{1F600}", false),
        ] {
            assert_eq!(changes.is_match(s).unwrap(), changed, "{s:?}");
            assert_eq!(keeps.is_match(s).unwrap(), !changed, "{s:?}");
        }
    }

    /// Every property must mean the same alone, in a class, and in a negated class with
    /// another item (the regex crate once got `[^\p{Cn}\p{Co}]` wrong).
    #[test]
    fn properties_agree_alone_and_inside_negated_unions() {
        let samples = [
            "a",
            "A",
            "1",
            " ",
            "x",
            "\u{85}",
            "é",
            "\u{378}",
            "\u{E000}",
            "\u{FFFF}",
            "\u{10FFFF}",
            "\u{200B}",
            "😀",
            "\u{1F16A}",
            "ǅ",
            "\u{300}",
            "€",
            "\u{E0001}",
            "\u{2028}",
            "\u{2029}",
        ];
        let mut failures = Vec::new();
        let general = GENERAL_CATEGORY.iter().map(|(name, _)| name.to_string());
        let binary = BINARY.iter().map(|(name, _)| name.to_string());
        let scripts = ["sc=Latn", "sc=Zzzz", "scx=Unknown", "sc=Zyyy", "sc=Hrkt"].map(String::from);
        for body in general.chain(binary).chain(scripts) {
            let alone = Pattern::new(&format!(r"^\p{{{body}}}$")).unwrap();
            let negated_alone = Pattern::new(&format!(r"^\P{{{body}}}$")).unwrap();
            let in_negated_union = Pattern::new(&format!(r"^[^\p{{{body}}}x]$")).unwrap();
            let negated_in_union = Pattern::new(&format!(r"^[\P{{{body}}}x]$")).unwrap();
            let fancy = Pattern::new(&format!(r"^[^\p{{{body}}}x](?=|y)$")).unwrap();
            for sample in samples {
                let is = alone.is_match(sample).unwrap();
                let x = sample == "x";
                let checks = [
                    ("\\P", negated_alone.is_match(sample).unwrap(), !is),
                    (
                        "[^\\p..x]",
                        in_negated_union.is_match(sample).unwrap(),
                        !is && !x,
                    ),
                    (
                        "[\\P..x]",
                        negated_in_union.is_match(sample).unwrap(),
                        !is || x,
                    ),
                    (
                        "[^\\p..x] fancy",
                        fancy.is_match(sample).unwrap(),
                        !is && !x,
                    ),
                ];
                for (form, got, want) in checks {
                    if got != want {
                        failures.push(format!("{body} {form} on {sample:?}: got {got}"));
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
