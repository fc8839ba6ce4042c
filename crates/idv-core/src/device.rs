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

/// Which side of a desktop-to-phone handoff this browser is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceKind {
    /// Has a camera in hand: the journey's camera steps run here.
    Phone,
    /// A computer: the camera steps are handed to a phone through a QR code.
    Desktop,
}

impl DeviceKind {
    pub fn name(self) -> &'static str {
        match self {
            DeviceKind::Phone => "phone",
            DeviceKind::Desktop => "desktop",
        }
    }

    /// The `device` query parameter that overrides the decision (for testing and support).
    pub fn from_name(name: &str) -> Option<DeviceKind> {
        match name.trim().to_ascii_lowercase().as_str() {
            "phone" | "mobile" => Some(DeviceKind::Phone),
            "desktop" | "computer" => Some(DeviceKind::Desktop),
            _ => None,
        }
    }
}

/// What the browser says about itself, read by `src/browser/device.rs`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeviceTraits {
    /// `matchMedia("(pointer: coarse)")`: the primary pointer is a finger.
    pub coarse_pointer: bool,
    /// `navigator.maxTouchPoints`.
    pub max_touch_points: u32,
    /// `navigator.userAgentData.mobile`, where the browser has User-Agent Client Hints.
    pub ua_mobile: Option<bool>,
    pub user_agent: String,
}

/// Phone or desktop, from capabilities rather than the window's width: a narrow desktop window
/// is still a desktop without a rear camera, and a tablet held sideways is wide but has one.
///
/// The override (`?device=phone|desktop`) wins; then a finger as the primary pointer, the
/// browser's own "mobile" hint, and the user agent's phone and tablet markers. iPadOS asks for
/// desktop sites with a Macintosh user agent, so a "Macintosh" with several touch points is a
/// tablet. A touch-screen laptop keeps a mouse or touchpad as primary pointer: a desktop.
pub fn device_kind(traits: &DeviceTraits, override_param: Option<&str>) -> DeviceKind {
    if let Some(kind) = override_param.and_then(DeviceKind::from_name) {
        return kind;
    }
    if traits.coarse_pointer || traits.ua_mobile == Some(true) {
        return DeviceKind::Phone;
    }
    let ua = traits.user_agent.as_str();
    const PHONE_MARKERS: &[&str] = &["iPhone", "iPad", "iPod", "Android", "Mobi"];
    if PHONE_MARKERS.iter().any(|m| ua.contains(m)) {
        return DeviceKind::Phone;
    }
    if ua.contains("Macintosh") && traits.max_touch_points > 1 {
        return DeviceKind::Phone;
    }
    DeviceKind::Desktop
}

#[cfg(test)]
mod tests {
    use super::*;

    const DESKTOP_CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
    const MAC_SAFARI: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15";

    fn traits(coarse: bool, touch: u32, mobile: Option<bool>, ua: &str) -> DeviceTraits {
        DeviceTraits {
            coarse_pointer: coarse,
            max_touch_points: touch,
            ua_mobile: mobile,
            user_agent: ua.into(),
        }
    }

    #[test]
    fn desktops_are_desktops() {
        assert_eq!(
            device_kind(&traits(false, 0, Some(false), DESKTOP_CHROME), None),
            DeviceKind::Desktop
        );
        assert_eq!(
            device_kind(&traits(false, 0, None, MAC_SAFARI), None),
            DeviceKind::Desktop
        );
        // A touch-screen laptop: touch points, but a fine primary pointer.
        assert_eq!(
            device_kind(&traits(false, 10, Some(false), DESKTOP_CHROME), None),
            DeviceKind::Desktop
        );
        assert_eq!(
            device_kind(&traits(false, 0, None, ""), None),
            DeviceKind::Desktop
        );
    }

    #[test]
    fn phones_and_tablets_are_phones() {
        let android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36";
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(
            device_kind(&traits(true, 5, Some(true), android), None),
            DeviceKind::Phone
        );
        assert_eq!(
            device_kind(&traits(true, 5, None, iphone), None),
            DeviceKind::Phone
        );
        // iPadOS in desktop mode: a Mac user agent with a touch screen.
        assert_eq!(
            device_kind(&traits(false, 5, None, MAC_SAFARI), None),
            DeviceKind::Phone
        );
        // The browser's own hint, or a finger as primary pointer, suffice on their own.
        assert_eq!(
            device_kind(&traits(false, 0, Some(true), DESKTOP_CHROME), None),
            DeviceKind::Phone
        );
        assert_eq!(
            device_kind(&traits(true, 0, None, DESKTOP_CHROME), None),
            DeviceKind::Phone
        );
    }

    // Width plays no part: the decision has no width to look at.
    #[test]
    fn the_override_wins_and_nonsense_is_ignored() {
        let desk = traits(false, 0, Some(false), DESKTOP_CHROME);
        let phone = traits(true, 5, Some(true), "Android Mobi");
        assert_eq!(device_kind(&desk, Some("phone")), DeviceKind::Phone);
        assert_eq!(device_kind(&phone, Some("Desktop")), DeviceKind::Desktop);
        assert_eq!(device_kind(&desk, Some("tablet")), DeviceKind::Desktop);
        assert_eq!(device_kind(&phone, Some("")), DeviceKind::Phone);
        for kind in [DeviceKind::Phone, DeviceKind::Desktop] {
            assert_eq!(DeviceKind::from_name(kind.name()), Some(kind));
        }
    }

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
