//! Which of the app's languages to speak, decided from what the user, the integrator and the
//! browser ask for.

/// A language the app has a complete catalogue for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    De,
    Fr,
    Es,
    Ar,
}

/// Writing direction, as the `dir` attribute spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Ltr,
    Rtl,
}

impl Dir {
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Ltr => "ltr",
            Dir::Rtl => "rtl",
        }
    }
}

impl Lang {
    pub const ALL: [Lang; 5] = [Lang::En, Lang::De, Lang::Fr, Lang::Es, Lang::Ar];

    /// The BCP 47 primary language subtag, as `lang` attributes and storage use it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::Ar => "ar",
        }
    }

    pub fn dir(self) -> Dir {
        match self {
            Lang::Ar => Dir::Rtl,
            _ => Dir::Ltr,
        }
    }

    /// The language a tag asks for, by its primary subtag: `de-CH` and `DE_at` are German.
    /// Regions do not matter yet: there is one catalogue per language.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?;
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(primary))
    }
}

/// The language to show: the user's own choice (the switcher) first, then the session's locale
/// (the integrator knows its user), then the browser's languages in their order, then English.
/// Any of them naming a language without a catalogue is passed over.
pub fn negotiate<'a>(
    choice: Option<&str>,
    session: Option<&str>,
    browser: impl IntoIterator<Item = &'a str>,
) -> Lang {
    choice
        .and_then(Lang::from_tag)
        .or_else(|| session.and_then(Lang::from_tag))
        .or_else(|| browser.into_iter().find_map(Lang::from_tag))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_match_by_primary_subtag() {
        assert_eq!(Lang::from_tag("de-CH"), Some(Lang::De));
        assert_eq!(Lang::from_tag("FR"), Some(Lang::Fr));
        assert_eq!(Lang::from_tag("es_419"), Some(Lang::Es));
        assert_eq!(Lang::from_tag("ar-EG"), Some(Lang::Ar));
        assert_eq!(Lang::from_tag("it"), None);
        assert_eq!(Lang::from_tag(""), None);
        assert_eq!(Lang::from_tag("eng"), None);
    }

    #[test]
    fn choice_then_session_then_browser_then_english() {
        assert_eq!(negotiate(Some("ar"), Some("de"), ["fr"]), Lang::Ar);
        assert_eq!(negotiate(None, Some("de-AT"), ["fr"]), Lang::De);
        assert_eq!(
            negotiate(None, Some("it"), ["pt-BR", "es-MX", "fr"]),
            Lang::Es
        );
        assert_eq!(negotiate(None, None, ["fr-CA"]), Lang::Fr);
        assert_eq!(negotiate(Some("xx"), Some(""), ["zh"]), Lang::En);
    }

    #[test]
    fn only_arabic_is_right_to_left() {
        for lang in Lang::ALL {
            assert_eq!(lang.dir() == Dir::Rtl, lang == Lang::Ar, "{lang:?}");
            assert_eq!(Lang::from_tag(lang.code()), Some(lang));
        }
    }
}
