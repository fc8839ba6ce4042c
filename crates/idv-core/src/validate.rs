//! Small validators shared by the app and the sandbox. Each returns a reason a person can act on.

/// A session id is nine digits, the first not zero.
pub fn is_session_id(s: &str) -> bool {
    s.len() == 9 && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0')
}

/// A phone number already in E.164 form: `+`, a non-zero digit, 8 to 15 digits in all.
pub fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// An e-mail address, checked sensibly rather than strictly: one `@`, a non-empty local part,
/// a domain with a dot and no empty labels, no whitespace, at most 254 characters (64 before the
/// `@`). Anything stricter refuses real addresses; the code sent to it is the real check.
/// Lengths are in characters, as the API reference's `maxLength` counts them.
pub fn is_email(s: &str) -> bool {
    if s.chars().count() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.chars().count() <= 64
        && !local.contains('@')
        && domain.contains('.')
        && domain
            .split('.')
            .all(|l| !l.is_empty() && !l.starts_with('-'))
}

/// A BCP 47 language tag of the simple kind the app can use: `en`, `de-CH`, `zh-Hant-TW`.
pub fn is_locale(s: &str) -> bool {
    let mut parts = s.split('-');
    let lang = parts.next().unwrap_or_default();
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
        && s.len() <= 35
}

/// A colour as `#rrggbb`, the only form branding accepts (it ends up in a CSS custom property).
pub fn is_hex_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_ids() {
        assert!(is_session_id("123456789"));
        assert!(!is_session_id("012345678"));
        assert!(!is_session_id("12345678"));
        assert!(!is_session_id("1234567890"));
        assert!(!is_session_id("12345678a"));
        assert!(!is_session_id("../../etc"));
    }

    #[test]
    fn phones() {
        assert!(is_e164("+41791234567"));
        assert!(is_e164("+12025550123"));
        assert!(!is_e164("0791234567"));
        assert!(!is_e164("+0791234567"));
        assert!(!is_e164("+41 79 123 45 67"));
        assert!(!is_e164("+1234567"));
        assert!(!is_e164("+1234567890123456"));
    }

    #[test]
    fn emails() {
        assert!(is_email("a@b.example"));
        assert!(is_email("first.last+tag@sub.bank.example"));
        assert!(is_email("\"odd\"@bank.example"));
        assert!(!is_email("no-at.example"));
        assert!(!is_email("@bank.example"));
        assert!(!is_email("a@localhost"));
        assert!(!is_email("a@bank..example"));
        assert!(!is_email("a b@bank.example"));
        assert!(!is_email("a@b@bank.example"));
        // Lengths count characters, as the API reference's maxLength does: 64 two-byte
        // characters before the @ are allowed, 65 are not.
        assert!(is_email(&format!("{}@bank.example", "é".repeat(64))));
        assert!(!is_email(&format!("{}@bank.example", "é".repeat(65))));
        assert!(!is_email(&format!("a@{}.example", "b".repeat(250))));
    }

    #[test]
    fn locales() {
        assert!(is_locale("en"));
        assert!(is_locale("de-CH"));
        assert!(is_locale("zh-Hant-TW"));
        assert!(!is_locale(""));
        assert!(!is_locale("e"));
        assert!(!is_locale("en_US"));
        assert!(!is_locale("en-"));
        assert!(!is_locale("<script>"));
    }

    #[test]
    fn colours() {
        assert!(is_hex_colour("#1f5fbf"));
        assert!(!is_hex_colour("1f5fbf"));
        assert!(!is_hex_colour("#1f5fb"));
        assert!(!is_hex_colour("red;background:url(x)"));
    }
}
