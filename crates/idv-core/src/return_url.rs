//! The return-URL rule: where the app may send the user when the journey ends.
//!
//! One function, used by the sandbox when a session is created and by the app before it
//! navigates. It is deliberately stricter than the WHATWG URL parser: anything a browser would
//! have to repair (whitespace, backslashes, control characters, user-info) is refused instead of
//! repaired, because a repaired URL is exactly how `javascript:` and `https://ok@evil` tricks get
//! through.

use std::fmt;

pub const MAX_LEN: usize = 2048;

/// A return URL that passed [`ReturnUrl::parse`]: `https:` anywhere, or `http:` to the local
/// machine for development. The scheme and host are lower-cased; the rest is kept as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnUrl(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReturnUrlError {
    Empty,
    TooLong,
    /// Whitespace, a control or bidi character, or a backslash anywhere in the URL.
    ForbiddenCharacter,
    /// No `scheme://` prefix, as in `//evil.example` or `/path`.
    NotAbsolute,
    SchemeNotAllowed,
    MissingHost,
    /// `user:pass@host`: refused because `https://bank.example@evil.example` reads as the bank.
    UserInfo,
    BadHost,
    BadPort,
    /// `http:` to anything but `localhost`, `127.0.0.1` or `[::1]`.
    InsecureHttp,
}

impl fmt::Display for ReturnUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ReturnUrlError::Empty => "the return URL is empty",
            ReturnUrlError::TooLong => "the return URL is longer than 2048 characters",
            ReturnUrlError::ForbiddenCharacter => {
                "the return URL contains whitespace, a control character or a backslash"
            }
            ReturnUrlError::NotAbsolute => "the return URL must be absolute (https://host/...)",
            ReturnUrlError::SchemeNotAllowed => "the return URL must use https",
            ReturnUrlError::MissingHost => "the return URL has no host",
            ReturnUrlError::UserInfo => "the return URL must not contain user information (@)",
            ReturnUrlError::BadHost => "the return URL's host is not a valid host name",
            ReturnUrlError::BadPort => "the return URL's port is not valid",
            ReturnUrlError::InsecureHttp => {
                "http return URLs are allowed only for localhost and 127.0.0.1"
            }
        })
    }
}

impl std::error::Error for ReturnUrlError {}

impl fmt::Display for ReturnUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl ReturnUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `scheme://host[:port]` of the normalised URL (lower-case scheme and host): what an
    /// allow-list of origins names.
    pub fn origin(&self) -> &str {
        let after = self.0.find("://").map_or(0, |i| i + 3);
        let end = self.0[after..]
            .find(['/', '?', '#'])
            .map_or(self.0.len(), |i| after + i);
        &self.0[..end]
    }

    pub fn parse(input: &str) -> Result<ReturnUrl, ReturnUrlError> {
        if input.is_empty() {
            return Err(ReturnUrlError::Empty);
        }
        if input.len() > MAX_LEN {
            return Err(ReturnUrlError::TooLong);
        }
        if input.chars().any(is_forbidden) {
            return Err(ReturnUrlError::ForbiddenCharacter);
        }
        let (scheme, rest) = input.split_once(':').ok_or(ReturnUrlError::NotAbsolute)?;
        if scheme.is_empty()
            || !scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            return Err(ReturnUrlError::NotAbsolute);
        }
        let secure = match scheme.to_ascii_lowercase().as_str() {
            "https" => true,
            "http" => false,
            _ => return Err(ReturnUrlError::SchemeNotAllowed),
        };
        let rest = rest.strip_prefix("//").ok_or(ReturnUrlError::NotAbsolute)?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        if authority.is_empty() {
            return Err(ReturnUrlError::MissingHost);
        }
        if authority.contains('@') {
            return Err(ReturnUrlError::UserInfo);
        }
        let (host, port) = split_host_port(authority)?;
        let host = host.to_ascii_lowercase();
        if let Some(port) = port {
            if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ReturnUrlError::BadPort);
            }
            match port.parse::<u32>() {
                Ok(1..=65535) => {}
                _ => return Err(ReturnUrlError::BadPort),
            }
        }
        if !secure && !matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]") {
            return Err(ReturnUrlError::InsecureHttp);
        }
        let mut out = String::with_capacity(input.len());
        out.push_str(if secure { "https://" } else { "http://" });
        out.push_str(&host);
        if let Some(port) = port {
            out.push(':');
            out.push_str(port);
        }
        out.push_str(tail);
        Ok(ReturnUrl(out))
    }
}

fn is_forbidden(c: char) -> bool {
    c.is_control()
        || c.is_whitespace()
        || c == '\\'
        // Bidi controls and zero-width characters make a URL read differently from what it is.
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fn split_host_port(authority: &str) -> Result<(&str, Option<&str>), ReturnUrlError> {
    if let Some(inner) = authority.strip_prefix('[') {
        let close = inner.find(']').ok_or(ReturnUrlError::BadHost)?;
        let literal = &inner[..close];
        if literal.is_empty()
            || !literal
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
            || !literal.contains(':')
        {
            return Err(ReturnUrlError::BadHost);
        }
        let host = &authority[..close + 2];
        let after = &authority[close + 2..];
        return match after.strip_prefix(':') {
            Some(port) => Ok((host, Some(port))),
            None if after.is_empty() => Ok((host, None)),
            None => Err(ReturnUrlError::BadHost),
        };
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    if !is_dns_name(host) {
        return Err(ReturnUrlError::BadHost);
    }
    Ok((host, port))
}

/// ASCII host names only: internationalised names must arrive in their punycode (`xn--`) form,
/// so that what the user is sent to is exactly what the integrator wrote.
fn is_dns_name(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.is_empty() || host.len() > 253 {
        return false;
    }
    host.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    })
}

#[cfg(test)]
mod tests {
    use super::ReturnUrlError as E;
    use super::*;

    fn ok(input: &str) -> String {
        ReturnUrl::parse(input)
            .unwrap_or_else(|e| panic!("{input:?} refused: {e}"))
            .to_string()
    }

    fn refused(input: &str) -> E {
        match ReturnUrl::parse(input) {
            Ok(url) => panic!("{input:?} accepted as {url}"),
            Err(e) => e,
        }
    }

    #[test]
    fn origins_of_return_urls() {
        let origin = |u: &str| ReturnUrl::parse(u).unwrap().origin().to_owned();
        assert_eq!(
            origin("https://Bank.Example/done?x=1"),
            "https://bank.example"
        );
        assert_eq!(
            origin("HTTPS://bank.example:8443"),
            "https://bank.example:8443"
        );
        assert_eq!(origin("https://bank.example#frag"), "https://bank.example");
        assert_eq!(
            origin("http://localhost:3000/back"),
            "http://localhost:3000"
        );
        assert_eq!(origin("https://[::1]:9/x"), "https://[::1]:9");
    }

    #[test]
    fn accepts_https_anywhere() {
        assert_eq!(ok("https://bank.example/done"), "https://bank.example/done");
        assert_eq!(
            ok("HTTPS://Bank.Example:8443/a?b=c#d"),
            "https://bank.example:8443/a?b=c#d"
        );
        assert_eq!(ok("https://bank.example"), "https://bank.example");
        assert_eq!(
            ok("https://xn--bcher-kva.example/"),
            "https://xn--bcher-kva.example/"
        );
        assert_eq!(ok("https://[2001:db8::1]/x"), "https://[2001:db8::1]/x");
        assert_eq!(
            ok("https://bank.example/p?next=a@b"),
            "https://bank.example/p?next=a@b"
        );
    }

    #[test]
    fn accepts_http_only_to_the_local_machine() {
        assert_eq!(ok("http://localhost:3000/cb"), "http://localhost:3000/cb");
        assert_eq!(ok("http://127.0.0.1/cb"), "http://127.0.0.1/cb");
        assert_eq!(ok("http://[::1]:8080/"), "http://[::1]:8080/");
        assert_eq!(ok("HTTP://LOCALHOST/"), "http://localhost/");
        assert_eq!(refused("http://bank.example/"), E::InsecureHttp);
        assert_eq!(refused("http://localhost.evil.example/"), E::InsecureHttp);
        assert_eq!(refused("http://127.0.0.1.evil.example/"), E::InsecureHttp);
        assert_eq!(refused("http://10.0.0.1/"), E::InsecureHttp);
    }

    #[test]
    fn refuses_script_and_data_schemes_however_spelled() {
        for input in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "javascript://bank.example/%0aalert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "blob:https://bank.example/uuid",
            "ftp://bank.example/",
            "intent://scan/#Intent;scheme=zxing;end",
            "bankapp://done",
        ] {
            assert_eq!(refused(input), E::SchemeNotAllowed, "{input}");
        }
    }

    #[test]
    fn refuses_what_a_browser_would_repair() {
        for input in [
            " javascript:alert(1)",
            " JaVa\tscript:alert(1)",
            "java\nscript:alert(1)",
            "https://bank.example/\u{0000}",
            "https://bank.example /",
            "https:\\\\evil.example",
            "https://bank.example\\@evil.example",
            "https://bank.example/\u{202E}txt.exe",
            "\u{FEFF}https://bank.example/",
            "https://bank.example/\r\nLocation: https://evil.example",
        ] {
            assert_eq!(refused(input), E::ForbiddenCharacter, "{input:?}");
        }
    }

    #[test]
    fn refuses_relative_and_protocol_relative() {
        assert_eq!(refused("//evil.example"), E::NotAbsolute);
        assert_eq!(refused("/done"), E::NotAbsolute);
        assert_eq!(refused("done.html"), E::NotAbsolute);
        assert_eq!(refused("https:evil.example"), E::NotAbsolute);
        assert_eq!(refused("https:/evil.example"), E::NotAbsolute);
        assert_eq!(refused(":foo"), E::NotAbsolute);
        assert_eq!(refused(""), E::Empty);
    }

    #[test]
    fn refuses_user_info() {
        assert_eq!(refused("https://ok@evil.example"), E::UserInfo);
        assert_eq!(
            refused("https://bank.example:443@evil.example/"),
            E::UserInfo
        );
        assert_eq!(refused("https://user:pass@bank.example/"), E::UserInfo);
        assert_eq!(refused("http://localhost@evil.example/"), E::UserInfo);
    }

    #[test]
    fn refuses_bad_hosts_and_ports() {
        assert_eq!(refused("https:///path"), E::MissingHost);
        assert_eq!(refused("https://"), E::MissingHost);
        assert_eq!(refused("https://bank..example/"), E::BadHost);
        assert_eq!(refused("https://-bank.example/"), E::BadHost);
        assert_eq!(refused("https://bänk.example/"), E::BadHost);
        assert_eq!(refused("https://bank%2eexample/"), E::BadHost);
        assert_eq!(refused("https://[evil]/"), E::BadHost);
        assert_eq!(refused("https://[::1/"), E::BadHost);
        assert_eq!(refused("https://bank.example:0/"), E::BadPort);
        assert_eq!(refused("https://bank.example:65536/"), E::BadPort);
        assert_eq!(refused("https://bank.example:/"), E::BadPort);
        assert_eq!(refused("https://bank.example:80a/"), E::BadPort);
        assert_eq!(refused("https://bank.example:1:2/"), E::BadHost);
    }

    #[test]
    fn refuses_overlong() {
        let long = format!("https://bank.example/{}", "a".repeat(MAX_LEN));
        assert_eq!(refused(&long), E::TooLong);
    }

    #[test]
    fn errors_read_as_sentences() {
        assert!(E::UserInfo.to_string().contains('@'));
        assert!(E::InsecureHttp.to_string().contains("localhost"));
    }
}
