//! Colour maths for theming: the integrator's brand colour, validated and adjusted so that text
//! on it, and it as text, meet WCAG AA contrast (4.5:1) on the app's light and dark surfaces.

/// The surfaces the brand colour is drawn on (`--idv-surface` of `style/main.css`, light and
/// dark): contrast is measured against these.
pub const LIGHT_SURFACE: Rgb = Rgb(0xff, 0xff, 0xff);
pub const DARK_SURFACE: Rgb = Rgb(0x1c, 0x1f, 0x24);
const LIGHT_TEXT: Rgb = Rgb(0xff, 0xff, 0xff);
const DARK_TEXT: Rgb = Rgb(0x11, 0x13, 0x16);

/// WCAG AA for normal text.
pub const AA: f64 = 4.5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Only `#rrggbb`: the value ends up in a CSS custom property, so nothing else (names,
    /// functions, `;`, `}`) can get through.
    pub fn parse(s: &str) -> Option<Rgb> {
        let hex = s.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgb(channel(0)?, channel(2)?, channel(4)?))
    }

    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG 2 relative luminance.
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    fn mix(self, other: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

/// WCAG 2 contrast ratio, 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// A primary colour and the text colour on it, both as `#rrggbb`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub primary: String,
    pub on_primary: String,
}

/// The brand colour for each theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrandColours {
    pub light: Pair,
    pub dark: Pair,
}

/// The brand colour adjusted for one surface: moved towards `towards` (black on a light surface,
/// white on a dark one) in small steps until it reads as text on that surface with AA contrast,
/// then the better of white or near-black text on it.
fn pair_for(brand: Rgb, surface: Rgb, towards: Rgb) -> Pair {
    let mut colour = brand;
    let mut step = 0;
    while contrast(colour, surface) < AA && step < 20 {
        step += 1;
        colour = brand.mix(towards, f64::from(step) * 0.05);
    }
    let on = if contrast(LIGHT_TEXT, colour) >= contrast(DARK_TEXT, colour) {
        LIGHT_TEXT
    } else {
        DARK_TEXT
    };
    Pair {
        primary: colour.hex(),
        on_primary: on.hex(),
    }
}

/// The colours a brand's `primary_color` gives, or `None` when it is not `#rrggbb`.
pub fn brand_colours(primary: &str) -> Option<BrandColours> {
    let brand = Rgb::parse(primary)?;
    Some(BrandColours {
        light: pair_for(brand, LIGHT_SURFACE, Rgb(0, 0, 0)),
        dark: pair_for(brand, DARK_SURFACE, Rgb(0xff, 0xff, 0xff)),
    })
}

/// The largest `data:` logo accepted: a logo, not a photograph.
pub const MAX_DATA_LOGO: usize = 64 * 1024;

/// Whether a branding logo URL may be shown: `https://` URLs (the platform's CSP `img-src` must
/// list their origin), absolute paths on the app's own origin, and base64 `data:` images of a
/// few kinds. No quotes, spaces, brackets or backslashes, so the value cannot break out of an
/// attribute or a CSS `url()` even if one day it is used there; `<img>` never runs an SVG's
/// scripts.
pub fn is_logo_url(url: &str) -> bool {
    let clean = url.bytes().all(|b| {
        b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b'(' | b')' | b'<' | b'>' | b'\\')
    });
    if !clean || url.is_empty() {
        return false;
    }
    if let Some(rest) = url.strip_prefix("data:") {
        let kinds = ["image/png", "image/jpeg", "image/webp", "image/svg+xml"];
        return url.len() <= MAX_DATA_LOGO
            && kinds.iter().any(|k| {
                rest.strip_prefix(k)
                    .and_then(|r| r.strip_prefix(";base64,"))
                    .is_some_and(|b64| {
                        b64.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
                    })
            });
    }
    if let Some(rest) = url.strip_prefix("https://") {
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        return url.len() <= 2048 && !host.is_empty() && !host.contains('@');
    }
    url.len() <= 2048 && url.starts_with('/') && !url.starts_with("//")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every custom property the stylesheet defines is one an integrator may set, so each is
    /// in the theming guide.
    #[test]
    fn every_custom_property_is_documented() {
        let css = include_str!("../../../style/main.css");
        let guide = include_str!("../../../docs/theming.md");
        let mut missing: Vec<&str> = css
            .lines()
            .filter_map(|l| l.trim().strip_prefix("--idv-")?.split(':').next())
            .filter(|name| !guide.contains(&format!("`--idv-{name}`")))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        assert!(
            missing.is_empty(),
            "not in docs/theming.md: --idv-{}",
            missing.join(", --idv-")
        );
    }

    #[test]
    fn logo_urls() {
        for ok in [
            "https://bank.example/logo.svg",
            "/brand/logo.png",
            "data:image/png;base64,iVBORw0KGgo=",
            "data:image/svg+xml;base64,PHN2Zz4=",
        ] {
            assert!(is_logo_url(ok), "{ok}");
        }
        for bad in [
            "",
            "http://bank.example/logo.png",
            "javascript:alert(1)",
            "//evil.example/x.png",
            "https://user@evil.example/x.png",
            "https:///x.png",
            "data:text/html;base64,PHNjcmlwdD4=",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "/logo.png\") ; background:url(x",
            "/a b.png",
        ] {
            assert!(!is_logo_url(bad), "{bad}");
        }
        let big = format!("data:image/png;base64,{}", "A".repeat(MAX_DATA_LOGO));
        assert!(!is_logo_url(&big));
    }

    #[test]
    fn contrast_matches_known_values() {
        let black = Rgb(0, 0, 0);
        let white = Rgb(255, 255, 255);
        assert!((contrast(black, white) - 21.0).abs() < 1e-9);
        assert!((contrast(white, white) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic just-AA grey (4.54:1).
        let grey = Rgb::parse("#767676").unwrap();
        assert!((contrast(grey, white) - 4.54).abs() < 0.01);
    }

    #[test]
    fn only_hex_colours_parse() {
        assert_eq!(Rgb::parse("#1F4fd1"), Some(Rgb(0x1f, 0x4f, 0xd1)));
        for bad in [
            "",
            "#fff",
            "1f4fd1",
            "#1f4fd1;",
            "#1f4fdz",
            "red",
            "#1f4fd1}body{x:y",
            "#ééé",
            "var(--x)",
        ] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
            assert_eq!(brand_colours(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_dark_brand_colour_is_kept_in_the_light_theme() {
        let c = brand_colours("#1f4fd1").unwrap();
        assert_eq!(c.light.primary, "#1f4fd1");
        assert_eq!(c.light.on_primary, "#ffffff");
    }

    // Whatever colour an integrator picks, buttons and links stay readable in both themes.
    #[test]
    fn every_brand_colour_meets_aa_in_both_themes() {
        for r in (0..=255).step_by(17) {
            for g in (0..=255).step_by(17) {
                for b in (0..=255).step_by(17) {
                    let hex = Rgb(r, g, b).hex();
                    let c = brand_colours(&hex).unwrap();
                    for (pair, surface) in [(&c.light, LIGHT_SURFACE), (&c.dark, DARK_SURFACE)] {
                        let p = Rgb::parse(&pair.primary).unwrap();
                        let on = Rgb::parse(&pair.on_primary).unwrap();
                        assert!(contrast(p, surface) >= AA, "{hex} -> {pair:?} on surface");
                        assert!(contrast(on, p) >= AA, "{hex} -> {pair:?} text on it");
                    }
                }
            }
        }
    }
}
