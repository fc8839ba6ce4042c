//! Phone numbers as people type them, normalised to E.164 (`+41791234567`).
//!
//! A compact table gives each supported country its calling code, its trunk prefix (the `0`
//! dialled before a national number in most of Europe, `1` in North America, `8` in Russia,
//! `06` in Hungary) and the length bounds of its national significant number. It is not a
//! numbering plan: the SMS itself is the real check of a number; this catches typos (a missing
//! or extra digit, a letter) and writes the number the way the platform takes it.

use crate::code::{ascii_digit, is_separator};
use crate::validate::is_e164;

/// When a leading trunk prefix is dropped from a national number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trunk {
    /// The country dials none (Italy, Spain, Scandinavia, ...): a leading `0` is part of the
    /// number, as in Italy's `06 ...`.
    None,
    /// Always dropped: no national number of the country starts with it.
    Always(&'static str),
    /// Dropped only when what is left has a valid length (Russia: `8 800 ...` is dialled
    /// `8 8 800 ...`, and `800 ...` is itself a number).
    IfItFits(&'static str),
}

struct Country {
    iso: &'static str,
    calling_code: &'static str,
    trunk: Trunk,
    /// Digits of the national significant number (without trunk prefix).
    min: u8,
    max: u8,
}

const fn c(
    iso: &'static str,
    calling_code: &'static str,
    trunk: Trunk,
    min: u8,
    max: u8,
) -> Country {
    Country {
        iso,
        calling_code,
        trunk,
        min,
        max,
    }
}

use Trunk::{Always, IfItFits, None as NoTrunk};
const Z: Trunk = Always("0");

/// ISO 3166 alpha-2, calling code, trunk prefix, national number length bounds. The bounds are
/// those of the national plans where they are simple, widened where a country mixes lengths;
/// every total stays within E.164's 8 to 15 digits.
const COUNTRIES: &[Country] = &[
    c("AE", "971", Z, 8, 9),
    c("AT", "43", Z, 6, 13),
    c("AU", "61", Z, 9, 9),
    c("BE", "32", Z, 8, 9),
    c("BG", "359", Z, 8, 9),
    c("BR", "55", Z, 10, 11),
    c("CA", "1", Always("1"), 10, 10),
    c("CH", "41", Z, 9, 9),
    c("CL", "56", NoTrunk, 9, 9),
    c("CN", "86", Z, 9, 11),
    c("CO", "57", NoTrunk, 10, 10),
    c("CY", "357", NoTrunk, 8, 8),
    c("CZ", "420", NoTrunk, 9, 9),
    c("DE", "49", Z, 6, 13),
    c("DK", "45", NoTrunk, 8, 8),
    c("DZ", "213", Z, 8, 9),
    c("EE", "372", NoTrunk, 7, 8),
    c("EG", "20", Z, 8, 10),
    c("ES", "34", NoTrunk, 9, 9),
    c("FI", "358", Z, 5, 12),
    c("FR", "33", Z, 9, 9),
    c("GB", "44", Z, 9, 10),
    c("GH", "233", Z, 9, 9),
    c("GR", "30", NoTrunk, 10, 10),
    c("HK", "852", NoTrunk, 8, 8),
    c("HR", "385", Z, 8, 9),
    c("HU", "36", Always("06"), 8, 9),
    c("ID", "62", Z, 8, 12),
    c("IE", "353", Z, 7, 9),
    c("IL", "972", Z, 8, 9),
    c("IN", "91", Z, 10, 10),
    c("IS", "354", NoTrunk, 7, 7),
    c("IT", "39", NoTrunk, 6, 11),
    c("JP", "81", Z, 9, 10),
    c("KE", "254", Z, 9, 9),
    c("KR", "82", Z, 8, 10),
    c("KW", "965", NoTrunk, 8, 8),
    c("LI", "423", NoTrunk, 7, 7),
    c("LU", "352", NoTrunk, 5, 11),
    c("LV", "371", NoTrunk, 8, 8),
    c("MA", "212", Z, 9, 9),
    c("MT", "356", NoTrunk, 8, 8),
    c("MX", "52", NoTrunk, 10, 10),
    c("MY", "60", Z, 8, 10),
    c("NG", "234", Z, 8, 10),
    c("NL", "31", Z, 9, 9),
    c("NO", "47", NoTrunk, 8, 8),
    c("NZ", "64", Z, 8, 10),
    c("PE", "51", Z, 8, 9),
    c("PH", "63", Z, 8, 10),
    c("PK", "92", Z, 9, 10),
    c("PL", "48", NoTrunk, 9, 9),
    c("PT", "351", NoTrunk, 9, 9),
    c("QA", "974", NoTrunk, 8, 8),
    c("RO", "40", Z, 9, 9),
    c("RS", "381", Z, 8, 9),
    c("RU", "7", IfItFits("8"), 10, 10),
    c("SA", "966", Z, 8, 9),
    c("SE", "46", Z, 6, 10),
    c("SG", "65", NoTrunk, 8, 8),
    c("SI", "386", Z, 8, 8),
    c("SK", "421", Z, 9, 9),
    c("TH", "66", Z, 8, 9),
    c("TN", "216", NoTrunk, 8, 8),
    c("TR", "90", Z, 10, 10),
    c("TW", "886", Z, 8, 9),
    c("UA", "380", Z, 9, 9),
    c("US", "1", Always("1"), 10, 10),
    c("VN", "84", Z, 9, 10),
    c("ZA", "27", Z, 9, 9),
];

/// Why a phone number cannot be used. [`PhoneError::code`] is stable; the app words each case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneError {
    Empty,
    /// A letter or a symbol other than spaces, dashes, dots, brackets and a leading `+`.
    InvalidCharacters,
    TooShort,
    TooLong,
    /// A country the table does not know, or an international number with no calling code
    /// (`+0...`).
    UnknownCountry,
}

impl PhoneError {
    pub fn code(self) -> &'static str {
        match self {
            PhoneError::Empty => "empty",
            PhoneError::InvalidCharacters => "invalid_characters",
            PhoneError::TooShort => "too_short",
            PhoneError::TooLong => "too_long",
            PhoneError::UnknownCountry => "unknown_country",
        }
    }
}

impl std::fmt::Display for PhoneError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PhoneError::Empty => "Enter your phone number.",
            PhoneError::InvalidCharacters => {
                "A phone number has only digits (spaces, dashes and brackets are fine)."
            }
            PhoneError::TooShort => "The number is too short for this country: a digit is missing.",
            PhoneError::TooLong => "The number is too long for this country: check the digits.",
            PhoneError::UnknownCountry => "Choose the country of the number.",
        })
    }
}

impl std::error::Error for PhoneError {}

fn country(iso: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.iso.eq_ignore_ascii_case(iso))
}

/// The calling code of a country (`"CH"` → `"41"`), if the table has it.
pub fn calling_code(iso: &str) -> Option<&'static str> {
    country(iso).map(|c| c.calling_code)
}

/// Every supported country as `(ISO 3166 alpha-2, calling code)`, sorted by ISO code: what the
/// app's country selector offers.
pub fn countries() -> impl Iterator<Item = (&'static str, &'static str)> {
    COUNTRIES.iter().map(|c| (c.iso, c.calling_code))
}

/// The digits of `input` after its separators, or why not. Brackets are separators too, and
/// `(0)` (as in `+41 (0)79 ...`) is dropped when `drop_bracketed_zero`.
fn digits(input: &str, drop_bracketed_zero: bool) -> Result<String, PhoneError> {
    let text = if drop_bracketed_zero {
        input.replacen("(0)", "", 1)
    } else {
        input.to_owned()
    };
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if let Some(d) = ascii_digit(ch) {
            out.push(d);
        } else if !(is_separator(ch) || matches!(ch, '(' | ')' | '[' | ']' | '/')) {
            return Err(PhoneError::InvalidCharacters);
        }
    }
    Ok(out)
}

fn e164(number: String) -> Result<String, PhoneError> {
    let n = number.len() - 1;
    if n < 8 {
        Err(PhoneError::TooShort)
    } else if n > 15 {
        Err(PhoneError::TooLong)
    } else if is_e164(&number) {
        Ok(number)
    } else {
        Err(PhoneError::UnknownCountry)
    }
}

/// A phone number in E.164 form from the country chosen (ISO 3166 alpha-2, any case) and what
/// the user typed.
///
/// - Spaces (any kind), tabs, dashes, dots, slashes and brackets are dropped; full-width and
///   Arabic-Indic digits count as digits. Anything else is [`PhoneError::InvalidCharacters`].
/// - Input starting with `+` or `00` is international whatever the country: `(0)` after the
///   calling code is dropped (`+41 (0)79 ...`), and the result must be E.164 (8 to 15 digits,
///   the first not `0`), without a check of the country's own lengths.
/// - Otherwise it is a national number of `country`: the trunk prefix is dropped where the
///   country dials one (`079 ...` in Switzerland; not in Italy, where `06 ...` keeps its `0`),
///   and its length must be within the country's bounds. A number too long for the country
///   that starts with its calling code is taken as international typed without the `+`
///   (`41 79 123 45 67` with Switzerland chosen).
pub fn normalise_phone(country_iso: &str, national: &str) -> Result<String, PhoneError> {
    let text = national.trim();
    if text.is_empty() {
        return Err(PhoneError::Empty);
    }
    if let Some(rest) = text.strip_prefix('+') {
        return international(rest);
    }
    let d = digits(text, false)?;
    if d.starts_with("00") {
        // `00` is the international prefix of most countries: the same as `+`.
        let d = digits(text, true)?;
        return e164(format!("+{}", &d[2..]));
    }
    if d.is_empty() {
        return Err(PhoneError::Empty);
    }
    let c = country(country_iso).ok_or(PhoneError::UnknownCountry)?;
    let fits = |n: &str| (usize::from(c.min)..=usize::from(c.max)).contains(&n.len());
    let national = match c.trunk {
        Trunk::Always(t) => d.strip_prefix(t).unwrap_or(&d),
        Trunk::IfItFits(t) => d.strip_prefix(t).filter(|rest| fits(rest)).unwrap_or(&d),
        Trunk::None => &d,
    };
    if national.len() > usize::from(c.max) {
        if let Some(rest) = d.strip_prefix(c.calling_code).filter(|rest| fits(rest)) {
            return e164(format!("+{}{rest}", c.calling_code));
        }
        return Err(PhoneError::TooLong);
    }
    if national.len() < usize::from(c.min) {
        return Err(PhoneError::TooShort);
    }
    e164(format!("+{}{national}", c.calling_code))
}

fn international(rest: &str) -> Result<String, PhoneError> {
    let d = digits(rest, true)?;
    if d.is_empty() {
        return Err(PhoneError::Empty);
    }
    e164(format!("+{d}"))
}

/// The country a phone number field starts with, from the session's locale (BCP 47, such as
/// `de-CH`): its region when the table has it (`de-CH` → `CH`, `en-US` → `US`, `zh-Hant-TW` →
/// `TW`), else the country most people writing the language live in, among those the platform
/// serves: `de` → `DE`, `fr` → `FR`, `it` → `IT`, `es` → `ES`, `pt` → `PT`, `ar` → `SA`,
/// `zh` → `CN`, and so on. `en` without a region is `GB` (the platform serves Europe first),
/// and so is any language the table cannot place. The user can always choose another.
pub fn default_country(locale: &str) -> &'static str {
    let mut parts = locale.split(['-', '_']);
    let language = parts.next().unwrap_or_default().to_ascii_lowercase();
    let region = parts.find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()));
    if let Some(c) = region.and_then(country) {
        return c.iso;
    }
    let iso = match language.as_str() {
        "ar" => "SA",
        "bg" => "BG",
        "cs" => "CZ",
        "da" => "DK",
        "de" => "DE",
        "el" => "GR",
        "es" => "ES",
        "et" => "EE",
        "fi" => "FI",
        "fr" => "FR",
        "ga" => "IE",
        "he" => "IL",
        "hi" => "IN",
        "hr" => "HR",
        "hu" => "HU",
        "id" => "ID",
        "is" => "IS",
        "it" => "IT",
        "ja" => "JP",
        "ko" => "KR",
        "lb" => "LU",
        "lv" => "LV",
        "ms" => "MY",
        "mt" => "MT",
        "nb" | "nn" | "no" => "NO",
        "nl" => "NL",
        "pl" => "PL",
        "pt" => "PT",
        "ro" => "RO",
        "ru" => "RU",
        "sk" => "SK",
        "sl" => "SI",
        "sr" => "RS",
        "sv" => "SE",
        "th" => "TH",
        "tr" => "TR",
        "uk" => "UA",
        "vi" => "VN",
        "zh" => "CN",
        _ => "GB",
    };
    country(iso).map_or("GB", |c| c.iso)
}

/// An E.164 number as shown to say where a code went: the calling code, a dot per hidden digit
/// and the last two digits, `+41 ••••••• 67`.
pub fn mask_phone(e164: &str) -> String {
    let Some(digits) = e164
        .strip_prefix('+')
        .filter(|d| d.len() > 4 && d.bytes().all(|b| b.is_ascii_digit()))
    else {
        return "•••".to_owned();
    };
    let cc = COUNTRIES
        .iter()
        .map(|c| c.calling_code)
        .filter(|cc| digits.starts_with(cc))
        .max_by_key(|cc| cc.len())
        .unwrap_or(&digits[..1]);
    let rest = &digits[cc.len()..];
    let (hidden, shown) = rest.split_at(rest.len().saturating_sub(2));
    format!("+{cc} {} {shown}", "•".repeat(hidden.chars().count()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(country: &str, typed: &str) -> String {
        normalise_phone(country, typed).unwrap_or_else(|e| panic!("{country} {typed:?}: {e:?}"))
    }

    fn err(country: &str, typed: &str) -> &'static str {
        normalise_phone(country, typed)
            .map(|n| panic!("{country} {typed:?} gave {n}"))
            .unwrap_err()
            .code()
    }

    #[test]
    fn national_numbers_of_several_countries() {
        let cases = [
            ("CH", "079 123 45 67", "+41791234567"),
            ("CH", "79 123 45 67", "+41791234567"),
            ("ch", "(079) 123-45-67", "+41791234567"),
            ("DE", "030 1234567", "+49301234567"),
            ("DE", "0151/12345678", "+4915112345678"),
            ("FR", "06.12.34.56.78", "+33612345678"),
            ("GB", "07700 900123", "+447700900123"),
            ("IT", "06 1234 5678", "+390612345678"),
            ("IT", "312 345 6789", "+393123456789"),
            ("ES", "612 34 56 78", "+34612345678"),
            ("US", "(202) 555-0123", "+12025550123"),
            ("US", "1 202 555 0123", "+12025550123"),
            ("CA", "416-555-0199", "+14165550199"),
            ("AU", "0412 345 678", "+61412345678"),
            ("BR", "(11) 91234-5678", "+5511912345678"),
            ("IN", "098765 43210", "+919876543210"),
            ("AE", "050 123 4567", "+971501234567"),
            ("SA", "05 1234 5678", "+966512345678"),
            ("JP", "090-1234-5678", "+819012345678"),
            ("CN", "131 2345 6789", "+8613123456789"),
            ("SG", "8123 4567", "+6581234567"),
            ("HU", "06 30 123 4567", "+36301234567"),
            ("RU", "8 912 345 67 89", "+79123456789"),
            ("RU", "800 123 45 67", "+78001234567"),
            ("RU", "8 800 123 45 67", "+78001234567"),
            ("NO", "412 34 567", "+4741234567"),
            ("ZA", "082 123 4567", "+27821234567"),
        ];
        for (country, typed, want) in cases {
            assert_eq!(ok(country, typed), want, "{country} {typed:?}");
        }
    }

    #[test]
    fn international_input_ignores_the_country() {
        assert_eq!(ok("DE", "+41 79 123 45 67"), "+41791234567");
        assert_eq!(ok("DE", "0041 79 123 45 67"), "+41791234567");
        assert_eq!(ok("FR", "+41 (0)79 123 45 67"), "+41791234567");
        assert_eq!(ok("XX", "+1 202 555 0123"), "+12025550123");
        // The calling code typed without its `+`, too long for a national number.
        assert_eq!(ok("CH", "41 79 123 45 67"), "+41791234567");
        assert_eq!(err("DE", "+0 79 123 45 67"), "unknown_country");
        assert_eq!(err("DE", "+41 79"), "too_short");
        assert_eq!(err("DE", "+41 79 123 45 67 89 01 23"), "too_long");
        assert_eq!(err("DE", "+"), "empty");
        assert_eq!(err("DE", "+41 79 12a"), "invalid_characters");
        assert_eq!(err("DE", "+41 +79"), "invalid_characters");
    }

    #[test]
    fn bad_input_is_refused_with_its_reason() {
        assert_eq!(err("CH", ""), "empty");
        assert_eq!(err("CH", "   "), "empty");
        assert_eq!(err("CH", "- -"), "empty");
        assert_eq!(err("CH", "079 123 45 6"), "too_short");
        assert_eq!(err("CH", "079 123 45 678"), "too_long");
        assert_eq!(err("CH", "079 CALL ME"), "invalid_characters");
        assert_eq!(err("CH", "079 123 45 67 ext 2"), "invalid_characters");
        assert_eq!(err("CH", "079*123"), "invalid_characters");
        assert_eq!(err("FR", "06 12 34 56"), "too_short");
        assert_eq!(err("US", "555 0123"), "too_short");
        assert_eq!(err("XX", "079 123 45 67"), "unknown_country");
        assert_eq!(err("", "079 123 45 67"), "unknown_country");
    }

    #[test]
    fn other_digits_are_read() {
        assert_eq!(ok("CH", "０７９ １２３ ４５ ６７"), "+41791234567");
        assert_eq!(ok("SA", "٠٥١٢٣٤٥٦٧٨"), "+966512345678");
        assert_eq!(ok("AE", "۰۵۰ ۱۲۳ ۴۵۶۷"), "+971501234567");
    }

    #[test]
    fn the_required_countries_are_there() {
        for iso in [
            "CH", "DE", "FR", "ES", "IT", "AT", "NL", "BE", "GB", "IE", "PT", "SE", "NO", "DK",
            "FI", "PL", "CZ", "US", "CA", "AU", "NZ", "BR", "MX", "IN", "AE", "SA", "EG", "MA",
            "ZA", "NG", "JP", "CN", "SG",
        ] {
            assert!(calling_code(iso).is_some(), "{iso}");
        }
        let isos: Vec<&str> = countries().map(|(iso, _)| iso).collect();
        let mut sorted = isos.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(isos, sorted, "sorted, no duplicates");
        for c in COUNTRIES {
            let digits = c.calling_code.len() + usize::from(c.min);
            assert!(
                digits >= 8,
                "{}: shortest number under E.164's 8 digits",
                c.iso
            );
            assert!(c.calling_code.len() + usize::from(c.max) <= 15, "{}", c.iso);
            assert!(c.min <= c.max, "{}", c.iso);
        }
    }

    #[test]
    fn default_countries_from_locales() {
        let cases = [
            ("de-CH", "CH"),
            ("fr-CH", "CH"),
            ("de", "DE"),
            ("fr", "FR"),
            ("it", "IT"),
            ("en", "GB"),
            ("en-US", "US"),
            ("en-us", "US"),
            ("en_GB", "GB"),
            ("ar", "SA"),
            ("ar-AE", "AE"),
            ("zh-Hant-TW", "TW"),
            ("zh", "CN"),
            ("es-419", "ES"),
            ("pt-BR", "BR"),
            ("nb", "NO"),
            ("xx", "GB"),
            ("", "GB"),
            ("de-AQ", "DE"),
        ];
        for (locale, want) in cases {
            assert_eq!(default_country(locale), want, "{locale}");
        }
    }

    #[test]
    fn numbers_are_masked() {
        assert_eq!(mask_phone("+41791234567"), "+41 ••••••• 67");
        assert_eq!(mask_phone("+12025550123"), "+1 •••••••• 23");
        assert_eq!(mask_phone("+971501234567"), "+971 ••••••• 67");
        assert_eq!(mask_phone("not a number"), "•••");
    }

    proptest! {
        #[test]
        fn results_are_always_e164(country in "[A-Z]{2}", typed in "[+0-9 ()./-]{0,24}") {
            if let Ok(n) = normalise_phone(&country, &typed) {
                prop_assert!(is_e164(&n), "{}", n);
            }
        }

        #[test]
        fn never_panics(country in "\\PC{0,3}", typed in "\\PC{0,30}") {
            let _ = normalise_phone(&country, &typed);
            let _ = default_country(&typed);
            let _ = mask_phone(&typed);
        }

        #[test]
        fn a_normalised_number_normalises_to_itself(national in "[1-9][0-9]{8}") {
            let n = normalise_phone("CH", &national).unwrap();
            prop_assert_eq!(normalise_phone("DE", &n), Ok(n.clone()));
        }
    }
}
