use crate::components::code_entry::{CodeEntry, ContactFormEnd};
use crate::components::{ScreenTitle, StepProgress};
use crate::i18n::{t, Msg};
use crate::journey::Journey;
use crate::verification::{Channel, Verification};
use idv_core::validate::is_email;
use leptos::prelude::*;

/// `email_verification_start_screen`: the address, checked sensibly, then the code sent to it.
#[component]
pub fn EmailVerification(step: u32, count: u32, journey: Journey) -> impl IntoView {
    let v = Verification::start(Channel::Email, journey);
    let email = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let address = email.get_untracked().trim().to_owned();
        if is_email(&address) {
            v.send(address);
        } else {
            v.error.set(Some(Msg::EmailInvalid));
        }
    };
    view! {
        <section class="screen" data-testid="screen" data-screen="email_verification_start_screen"
            data-code-state=move || if v.sent.get().is_some() { "code" } else { "contact" }>
            <StepProgress step count />
            <ScreenTitle text=t(Msg::EmailTitle) />
            <Show
                when=move || v.sent.get().is_some()
                fallback=move || view! {
                    <p>{t(Msg::EmailHint)}</p>
                    <form class="form" novalidate on:submit=submit>
                        <label for="email">{t(Msg::EmailAddress)}</label>
                        <input id="email" type="email" autocomplete="email" inputmode="email"
                            data-testid="email-input" aria-describedby="email-error"
                            aria-invalid=move || v.error.get().is_some().to_string()
                            prop:value=move || email.get()
                            on:input=move |ev| email.set(event_target_value(&ev)) />
                        <ContactFormEnd verification=v error_id="email-error" />
                    </form>
                }
            >
                <CodeEntry verification=v change_label=Msg::ChangeEmail />
            </Show>
        </section>
    }
}
