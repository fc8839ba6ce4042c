//! The session's branding on the page: the brand colour through CSS custom properties (set via
//! the CSSOM, which `style-src 'self'` allows, never as markup), the logo and name in the
//! banner. Every value is validated in the core first; an invalid one is ignored, not shown.

use crate::browser::page;
use idv_core::theme::{brand_colours, is_logo_url};
use idv_core::Branding;
#[cfg(feature = "journey")]
use leptos::prelude::*;

/// What the banner shows of the integrator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brand {
    pub name: String,
    pub logo: Option<String>,
}

#[cfg(feature = "journey")]
thread_local! {
    static BRAND: ArcRwSignal<Option<Brand>> = ArcRwSignal::new(None);
}

/// The integrator's brand, once the session is read; tracked inside reactive closures.
#[cfg(feature = "journey")]
pub fn brand() -> Option<Brand> {
    BRAND.with(|b| b.get())
}

#[cfg(feature = "journey")]
pub fn apply(branding: &Branding) {
    apply_colours(branding);
    let brand = brand_of(branding);
    BRAND.with(|b| {
        if b.get_untracked() != brand {
            b.set(brand);
        }
    });
}

/// The brand colours as custom properties on the page (the first module sets them too).
pub fn apply_colours(branding: &Branding) {
    let colours = brand_colours(&branding.primary_color);
    let properties = [
        (
            "--idv-brand-primary-light",
            colours.as_ref().map(|c| &c.light.primary),
        ),
        (
            "--idv-brand-on-primary-light",
            colours.as_ref().map(|c| &c.light.on_primary),
        ),
        (
            "--idv-brand-primary-dark",
            colours.as_ref().map(|c| &c.dark.primary),
        ),
        (
            "--idv-brand-on-primary-dark",
            colours.as_ref().map(|c| &c.dark.on_primary),
        ),
    ];
    for (name, value) in properties {
        page::set_property(name, value.map(String::as_str));
    }
}

/// What the banner shows of `branding`: nothing without a name, the logo only if it is valid.
pub fn brand_of(branding: &Branding) -> Option<Brand> {
    let name = branding.name.trim();
    (!name.is_empty()).then(|| Brand {
        name: name.to_owned(),
        logo: branding.logo_url.clone().filter(|u| is_logo_url(u)),
    })
}
