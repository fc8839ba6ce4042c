//! The first module's banner: the integrator's brand and the language switcher, the same
//! elements the journey's `components::TopBar` draws, so the page does not change when the
//! journey takes over.

use crate::browser::dom::{append, el, Listener};
use crate::i18n::{endonym, fill, text, Msg};
use crate::theme::Brand;
use idv_core::locale::Lang;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

pub struct TopBar {
    pub root: Element,
    label: Element,
    logo: Option<(Element, String)>,
    _on_change: Listener,
}

impl TopBar {
    pub fn build(
        document: &Document,
        lang: Lang,
        brand: Option<&Brand>,
        on_change: impl Fn(Lang) + 'static,
    ) -> Option<TopBar> {
        let root = el(document, "header", &[("class", "topbar")], None)?;
        let mut logo = None;
        if let Some(brand) = brand {
            let holder = el(document, "div", &[("class", "brand")], None)?;
            match &brand.logo {
                Some(src) => {
                    let img = el(document, "img", &[("src", src)], None)?;
                    append(&holder, &[&img])?;
                    logo = Some((img, brand.name.clone()));
                }
                None => holder.set_text_content(Some(&brand.name)),
            }
            append(&root, &[&holder])?;
        }
        let language = el(document, "div", &[("class", "language")], None)?;
        let label = el(document, "label", &[("for", "language")], None)?;
        let select = el(
            document,
            "select",
            &[("id", "language"), ("data-testid", "language")],
            None,
        )?;
        for l in Lang::ALL {
            let option = el(
                document,
                "option",
                &[("value", l.code()), ("lang", l.code())],
                Some(endonym(l)),
            )?;
            if l == lang {
                option.set_attribute("selected", "").ok()?;
            }
            append(&select, &[&option])?;
        }
        append(&language, &[&label, &select])?;
        append(&root, &[&language])?;
        let on_change = Listener::new(&select, "change", move |e| {
            let value = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|s| s.value());
            if let Some(l) = value.as_deref().and_then(Lang::from_tag) {
                on_change(l);
            }
        })?;
        let bar = TopBar {
            root,
            label,
            logo,
            _on_change: on_change,
        };
        bar.set_language(lang);
        Some(bar)
    }

    /// The banner's texts in `lang` (the switcher keeps the user's selection itself).
    pub fn set_language(&self, lang: Lang) {
        self.label.set_text_content(Some(text(lang, Msg::Language)));
        if let Some((img, service)) = &self.logo {
            let alt = fill(text(lang, Msg::LogoAlt), &[("service", service)]);
            let _ = img.set_attribute("alt", &alt);
        }
    }
}
