//! One-time codes as people type or paste them, and how the place a code went is shown.

/// A code is this many digits.
pub const CODE_DIGITS: usize = 6;

/// The ASCII value of a decimal digit as people may type it: ASCII, full-width (`０`..`９`, from
/// Japanese and Chinese input methods), Arabic-Indic (`٠`..`٩`) and Eastern Arabic-Indic
/// (`۰`..`۹`) digits. Other characters are not digits.
pub fn ascii_digit(c: char) -> Option<char> {
    let value = match c {
        '0'..='9' => return Some(c),
        '\u{FF10}'..='\u{FF19}' => c as u32 - 0xFF10,
        '\u{0660}'..='\u{0669}' => c as u32 - 0x0660,
        '\u{06F0}'..='\u{06F9}' => c as u32 - 0x06F0,
        _ => return None,
    };
    char::from_digit(value, 10)
}

/// Characters that separate groups of digits when people write or paste them: spaces (also
/// non-breaking and thin ones), tabs, hyphens and dashes, dots.
pub fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' | '.'
        )
}

/// The code as the platform takes it: exactly six ASCII digits, or `None`.
///
/// Separators ([`is_separator`]) are dropped, so `123 456`, `123-456` and ` 123.456 ` (pasted
/// from an SMS or an e-mail) are `123456`. Full-width and Arabic-Indic digits count as the
/// digits they are ([`ascii_digit`]): a phone's keyboard in Japanese or Arabic may type them,
/// and refusing what the user plainly typed right would only confuse. Any other character
/// (a letter, a `+`, an emoji) makes the input not a code.
pub fn normalise_code(input: &str) -> Option<String> {
    let mut out = String::with_capacity(CODE_DIGITS);
    for c in input.chars() {
        if let Some(d) = ascii_digit(c) {
            if out.len() == CODE_DIGITS {
                return None;
            }
            out.push(d);
        } else if !is_separator(c) {
            return None;
        }
    }
    (out.len() == CODE_DIGITS).then_some(out)
}

/// An e-mail address as shown to say where a code went: its first character, three dots (not
/// one per hidden character) and the domain, `j•••@bank.example`. Anything that is not an
/// address comes back as `•••`.
pub fn mask_email(email: &str) -> String {
    match email.rsplit_once('@') {
        Some((local, domain)) if !local.is_empty() && !domain.is_empty() => {
            let first = local.chars().next().unwrap_or('•');
            format!("{first}•••@{domain}")
        }
        _ => "•••".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn six_digits_with_or_without_separators() {
        for ok in [
            "123456",
            "123 456",
            "123-456",
            " 123.456 ",
            "1 2 3 4 5 6",
            "12\u{00A0}34\u{2013}56",
            "\t123456\n",
        ] {
            assert_eq!(normalise_code(ok).as_deref(), Some("123456"), "{ok:?}");
        }
        assert_eq!(normalise_code("000000").as_deref(), Some("000000"));
    }

    #[test]
    fn other_digits_are_mapped() {
        assert_eq!(normalise_code("１２３４５６").as_deref(), Some("123456"));
        assert_eq!(normalise_code("١٢٣٤٥٦").as_deref(), Some("123456"));
        assert_eq!(normalise_code("۱۲۳ ۴۵۶").as_deref(), Some("123456"));
        assert_eq!(ascii_digit('٠'), Some('0'));
        assert_eq!(ascii_digit('a'), None);
    }

    #[test]
    fn anything_else_is_not_a_code() {
        for bad in [
            "",
            "12345",
            "1234567",
            "12345a",
            "+123456",
            "123_456",
            "12345６7",
            "①②③④⑤⑥",
            "123,456",
            "   ",
        ] {
            assert_eq!(normalise_code(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn emails_are_masked() {
        assert_eq!(mask_email("jane.doe@bank.example"), "j•••@bank.example");
        assert_eq!(mask_email("ü@bank.example"), "ü•••@bank.example");
        assert_eq!(mask_email("\"a@b\"@bank.example"), "\"•••@bank.example");
        assert_eq!(mask_email("nothing"), "•••");
        assert_eq!(mask_email("@bank.example"), "•••");
    }

    proptest! {
        #[test]
        fn a_code_is_always_six_ascii_digits(input in "\\PC{0,20}") {
            if let Some(code) = normalise_code(&input) {
                prop_assert_eq!(code.len(), 6);
                prop_assert!(code.bytes().all(|b| b.is_ascii_digit()));
            }
        }

        #[test]
        fn separators_never_matter(code in "[0-9]{6}", seps in proptest::collection::vec("[ .\\-]{0,2}", 7)) {
            let mut typed = seps[0].clone();
            for (c, sep) in code.chars().zip(&seps[1..]) {
                typed.push(c);
                typed.push_str(sep);
            }
            prop_assert_eq!(normalise_code(&typed), Some(code));
        }
    }
}
