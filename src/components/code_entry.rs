//! The one-time-code field shared by the phone and e-mail steps.

use crate::i18n::{code_sent_to, resend_in, t, Msg};
use crate::verification::Verification;
use leptos::prelude::*;

/// Where the code went, the code field (one-time-code autofill, numeric keyboard, paste with
/// spaces or dashes, submits by itself when complete), the resend countdown and "change".
#[component]
pub fn CodeEntry(verification: Verification, change_label: Msg) -> impl IntoView {
    let v = verification;
    let typed = RwSignal::new(String::new());
    let sent_to = move || v.sent.get().map(|s| code_sent_to(&s.sent_to));
    view! {
        <p data-testid="code-sent-to">{sent_to}</p>
        <form class="form" on:submit=move |ev| {
            ev.prevent_default();
            v.verify(&typed.get_untracked());
        }>
            <label for="code">{t(Msg::CodeLabel)}</label>
            <input
                id="code"
                name="code"
                type="text"
                autocomplete="one-time-code"
                inputmode="numeric"
                maxlength="20"
                data-testid="code-input"
                aria-describedby="code-hint code-error"
                aria-invalid=move || v.error.get().is_some().to_string()
                prop:value=move || typed.get()
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    typed.set(value.clone());
                    v.verify(&value);
                }
            />
            <p id="code-hint" class="muted">{t(Msg::CodeHint)}</p>
            <p id="code-error" class="field-error" role="alert" data-testid="code-error">
                {move || v.error.get().map(t)}
            </p>
            <button type="submit" class="primary" data-testid="code-submit" disabled=move || v.busy.get()>
                {t(Msg::Verify)}
            </button>
        </form>
        <ResendCountdown verification=v />
        <div class="actions">
            <button type="button" class="secondary" data-testid="resend"
                disabled=move || { v.resend_in.get() > 0 || v.busy.get() }
                on:click=move |_| {
                    typed.set(String::new());
                    v.resend();
                }>
                {t(Msg::Resend)}
            </button>
            <button type="button" class="link-button" data-testid="change-contact" on:click=move |_| v.change()>
                {t(change_label)}
            </button>
        </div>
    }
}

/// "You can ask for a new code in 25 s", announced politely; empty once a code may be asked for.
#[component]
pub fn ResendCountdown(verification: Verification) -> impl IntoView {
    let v = verification;
    view! {
        <p class="muted" aria-live="polite" data-testid="resend-countdown">
            {move || (v.resend_in.get() > 0).then(|| resend_in(v.resend_in.get()))}
        </p>
    }
}

/// The end of the phone and e-mail forms: the field's error (its id is what the field's
/// `aria-describedby` names), the countdown, and "send code".
#[component]
pub fn ContactFormEnd(verification: Verification, error_id: &'static str) -> impl IntoView {
    let v = verification;
    view! {
        <p id=error_id class="field-error" role="alert" data-testid="contact-error">
            {move || v.error.get().map(t)}
        </p>
        <ResendCountdown verification=v />
        <button type="submit" class="primary" data-testid="send-code" disabled=move || v.busy.get()>
            {t(Msg::SendCode)}
        </button>
    }
}
