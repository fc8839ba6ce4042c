//! What the user agent string tells about the browser, for the few decisions that need it.

/// In-app browsers (the web views of social and messaging apps) that commonly open links
/// without giving pages the camera. The user is asked to open the page in the system browser.
pub fn is_in_app_browser(user_agent: &str) -> bool {
    const MARKERS: &[&str] = &[
        "FBAN/",
        "FBAV/",
        "FB_IAB",
        "Instagram",
        "Line/",
        "MicroMessenger",
        "Snapchat",
        "TikTok",
        "musical_ly",
        "Twitter",
        "LinkedInApp",
        "Pinterest",
        "GSA/",
    ];
    MARKERS.iter().any(|m| user_agent.contains(m))
        // Android's generic web view marks itself with "; wv)".
        || user_agent.contains("; wv)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_in_app_browsers() {
        for ua in [
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/440.0]",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UD1A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0 Mobile Safari/537.36 Instagram 312.0",
            "Mozilla/5.0 (Linux; Android 13; SM-S911B; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0 Mobile Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40",
        ] {
            assert!(is_in_app_browser(ua), "{ua}");
        }
    }

    #[test]
    fn system_browsers_are_not_in_app() {
        for ua in [
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0 Safari/537.36",
            "",
        ] {
            assert!(!is_in_app_browser(ua), "{ua}");
        }
    }
}
