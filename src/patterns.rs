//! The small fixed grammars of postings and résumés (list markers, preferred marks, years, degrees,
//! date ranges) as regular expressions: one source for `build.rs`, which compiles each into sparse
//! DFAs embedded in the binary (no pattern is compiled at run time), and for the library, which
//! compiles one itself only where an embedded DFA cannot be read, and for its capture groups.
//!
//! Lines are normalised before they are matched (typographic marks folded), so the patterns use
//! ASCII classes and ASCII case folding.

const NUM: &str = r"(\d{1,2}(?:\.\d)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)";

const MONTH: &str = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

/// The patterns, by name (the name of each embedded DFA file).
pub fn all() -> Vec<(&'static str, String)> {
    let date = format!(
        r"(?:{MONTH}\s*,?\s*(\d{{4}}|'\d{{2}})|(\d{{1,2}})\s*[/.]\s*(\d{{4}})|(\d{{4}})\s*[/.-]\s*(\d{{1,2}})\b|(\d{{4}}))"
    );
    vec![
        (
            "preferred_mark",
            r"(?i)\b(?:an?\s+(?:big\s+|huge\s+|strong\s+|definite\s+|real\s+|nice\s+)?(?:plus|bonus|advantage|asset)|(?:is|are)\s+(?:a\s+)?plus|plus\s+points?|preferred|preferably|ideally|desirable|desired|nice[\s-]to[\s-]have|bonus|beneficial|advantageous|would\s+be\s+(?:great|nice|helpful)|not\s+required|optional)\b".to_string(),
        ),
        (
            "any_of_before",
            r"(?i)(?:\bsuch\s+as|\be\.?g\.?|\bfor\s+(?:example|instance)|\b(?:at\s+least\s+)?one\s+(?:or\s+more\s+)?of(?:\s+the\s+following)?|\bany\s+of|\beither|\blike)\s*:?\s*\(?\s*$".to_string(),
        ),
        (
            "any_of_after",
            r"(?i)^\s*\)?\s*,?\s*(?:\(\s*at\s+least\s+one\s*\)|\(\s*one\s+or\s+more\s*\)|\(\s*any\s+of\s+them\s*\)|or\s+(?:an?\s+|any\s+|some\s+)?(?:similar|equivalent|comparable|other|another|related|alike)\b|etc\b)".to_string(),
        ),
        (
            "years",
            format!(
                r"(?i)\b{NUM}\s*(\+|plus)?\s*(?:(?:-|to|or)\s*{NUM}\s*\+?\s*)?(?:\(\d+\)\s*)?(?:full[\s-]time\s+)?(?:years?|yrs?)\b(?:'|’)?"
            ),
        ),
        (
            "of_them",
            format!(
                r"(?i)\b(?:at\s+least|minimum\s+of|including)\s+{NUM}\s+(?:years?\s+)?(?:of\s+(?:them|which|those)\s+)?(?:with|in|using|on)\b"
            ),
        ),
        (
            "phd",
            r"(?i)\b(?:ph\.?\s?d\.?|doctorate|doctoral\s+degree|d\.?phil)(?:[^0-9A-Za-z_]|$)".to_string(),
        ),
        (
            "master",
            r"(?:(?i)\bmaster'?s?\b|\bmasters?\s+degree|\bm\.?\s?sc\b|\bmba\b|\bm\.?\s?eng\b|\bm\.?\s?tech\b|\bm\.?\s?phil\b)|\bM\.S\.?|\bMS\b(?:\s+(?:in|degree|of)\b)|\bM\.A\.|\bMA\b\s+in\b".to_string(),
        ),
        (
            "bachelor",
            r"(?:(?i)\bbachelor'?s?\b|\bb\.?\s?sc\b|\bb\.?\s?tech\b|\bb\.?\s?eng\b|\bundergraduate\s+degree|\b(?:4|four)[\s-]year\s+degree|\bcollege\s+degree|\buniversity\s+degree)|\bB\.S\.?|\bBS\b(?:\s+(?:in|degree|of)\b)|\bB\.A\.|\bBA\b\s+in\b|\bB\.E\.?|\bBE\b\s+in\b".to_string(),
        ),
        (
            "associate",
            r"(?i)\bassociate'?s?\s+degree|\bassociate\s+of\s+(?:science|arts)\b|\bA\.A\.S?\.?".to_string(),
        ),
        (
            "related_field",
            r"(?i)\b(?:or\s+(?:a\s+|another\s+)?(?:related|similar|relevant|quantitative|technical|stem)\b|(?:related|quantitative|technical|stem)\s+(?:field|discipline|area|subject))".to_string(),
        ),
        (
            "equivalent",
            r"(?i)\bequivalent\s+(?:practical\s+|work\s+|professional\s+|industry\s+|relevant\s+)?(?:experience|combination)|\bor\s+equivalent\b".to_string(),
        ),
        (
            "date_range",
            format!(
                r"(?i)\b{date}\s*(?:-|to|until|till|through|–)\s*(?:{date}|(present|now|current|today|ongoing|date|to\s+date))\b"
            ),
        ),
    ]
}
