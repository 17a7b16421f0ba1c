//! Free text from forms and files: which characters it may hold.
//! PostgreSQL refuses NUL in text and jsonb, and other control characters
//! only confuse readers and spreadsheets, so input with them is refused
//! with a message next to the field instead of failing on the way in.

/// Translation key of the message for a field with a control character.
pub const CONTROL_CHARACTERS: &str = "error-control-characters";

/// Whether `s` holds a control character: NUL and every other C0 or C1
/// control, except tab, and line breaks when the field is multi-line.
pub fn has_control_characters(s: &str, multiline: bool) -> bool {
    s.chars().any(|c| c.is_control() && !(c == '\t' || (multiline && (c == '\n' || c == '\r'))))
}

/// `Err` with [`CONTROL_CHARACTERS`] when `s` holds a control character.
pub fn check(s: &str, multiline: bool) -> Result<(), &'static str> {
    if has_control_characters(s, multiline) { Err(CONTROL_CHARACTERS) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_and_other_controls_are_refused_tab_and_line_breaks_where_allowed() {
        assert!(has_control_characters("a\0b", true));
        assert!(has_control_characters("a\u{1b}b", true));
        assert!(has_control_characters("a\u{85}b", true));
        assert!(has_control_characters("regel\nregel", false));
        assert!(!has_control_characters("regel\r\nregel\tkolom", true));
        assert!(!has_control_characters("Café 't Hoekje — 10:00", false));
    }
}
