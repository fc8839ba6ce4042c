//! Properties of the return-URL rule over arbitrary input: it never panics, and whatever it
//! accepts is a plain https URL (or http to this machine) that a browser reads the same way.

use idv_core::ReturnUrl;
use proptest::prelude::*;

fn authority_of(url: &str) -> &str {
    let rest = url.split_once("://").unwrap().1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    &rest[..end]
}

fn check_accepted(url: &ReturnUrl) {
    let s = url.as_str();
    assert!(s.starts_with("https://") || s.starts_with("http://"), "{s}");
    assert!(
        !s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\\'),
        "{s:?}"
    );
    let authority = authority_of(s);
    assert!(!authority.is_empty() && !authority.contains('@'), "{s}");
    if s.starts_with("http://") {
        let local = ["localhost", "127.0.0.1", "[::1]"].iter().any(|h| {
            authority
                .strip_prefix(h)
                .is_some_and(|port| port.is_empty() || port.starts_with(':'))
        });
        assert!(local, "{s}");
    }
    // Accepting is idempotent: the normalised form is accepted as itself.
    assert_eq!(ReturnUrl::parse(s).as_ref(), Ok(url));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(idv_fixtures::fuzz_cases(4000)))]

    #[test]
    fn arbitrary_strings_never_panic(input in any::<String>()) {
        if let Ok(url) = ReturnUrl::parse(&input) {
            check_accepted(&url);
        }
    }

    #[test]
    fn url_shaped_strings(
        scheme in prop::sample::select(vec!["https", "HTTPS", "http", "javascript", "data", "hTtPs", "ftp", ""]),
        sep in prop::sample::select(vec!["://", ":", ":/", ":///", "//", ":\\\\"]),
        userinfo in prop::sample::select(vec!["", "ok@", "a:b@", "bank.example@"]),
        host in prop::sample::select(vec!["bank.example", "localhost", "127.0.0.1", "[::1]", "evil.example", "", "LOCALHOST", "xn--bcher-kva.example", "bank..example"]),
        port in prop::sample::select(vec!["", ":443", ":0", ":65536", ":8080", ":"]),
        tail in "[ -~]{0,20}",
    ) {
        let input = format!("{scheme}{sep}{userinfo}{host}{port}{tail}");
        if let Ok(url) = ReturnUrl::parse(&input) {
            check_accepted(&url);
            prop_assert!(userinfo.is_empty());
            prop_assert!(scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http"));
        }
    }
}
