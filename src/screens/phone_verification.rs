use crate::components::code_entry::{CodeEntry, ContactFormEnd};
use crate::components::{ScreenTitle, StepProgress};
use crate::i18n::{t, Msg};
use crate::journey::Journey;
use crate::verification::{Channel, Verification};
use idv_core::phone::{countries, default_country, normalise_phone};
use leptos::prelude::*;

/// `phone_verification_start_screen`: a country and the national number, normalised to E.164
/// on the device, then the code sent by text message.
#[component]
pub fn PhoneVerification(step: u32, count: u32, locale: String, journey: Journey) -> impl IntoView {
    let v = Verification::start(Channel::Phone, journey);
    let country = RwSignal::new(default_country(&locale).to_owned());
    let number = RwSignal::new(String::new());
    // Built at each showing of the form, so "change number" shows the country chosen before.
    let options = move || {
        countries()
            .map(|(iso, code)| {
                let selected = iso == country.get_untracked();
                view! { <option value=iso selected=selected>{format!("{iso} +{code}")}</option> }
            })
            .collect_view()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match normalise_phone(&country.get_untracked(), &number.get_untracked()) {
            Ok(e164) => v.send(e164),
            Err(_) => v.error.set(Some(Msg::PhoneInvalid)),
        }
    };
    view! {
        <section class="screen" data-testid="screen" data-screen="phone_verification_start_screen"
            data-code-state=move || if v.sent.get().is_some() { "code" } else { "contact" }>
            <StepProgress step count />
            <ScreenTitle text=t(Msg::PhoneTitle) />
            <Show
                when=move || v.sent.get().is_some()
                fallback=move || view! {
                    <p>{t(Msg::PhoneHint)}</p>
                    <form class="form" on:submit=submit>
                        <label for="country">{t(Msg::Country)}</label>
                        <select id="country" data-testid="country" autocomplete="tel-country-code"
                            on:change=move |ev| country.set(event_target_value(&ev))>
                            {options()}
                        </select>
                        <label for="phone">{t(Msg::PhoneNumber)}</label>
                        <input id="phone" type="tel" autocomplete="tel-national" inputmode="tel"
                            data-testid="phone-input" aria-describedby="phone-error"
                            aria-invalid=move || v.error.get().is_some().to_string()
                            prop:value=move || number.get()
                            on:input=move |ev| number.set(event_target_value(&ev)) />
                        <ContactFormEnd verification=v error_id="phone-error" />
                    </form>
                }
            >
                <CodeEntry verification=v change_label=Msg::ChangePhone />
            </Show>
        </section>
    }
}
