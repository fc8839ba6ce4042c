//! The application shell: decides the entry, loads the session, and shows one screen at a time.

use crate::api;
use crate::browser::{location, storage};
use crate::entry::{self, Entry, SessionCredentials};
use crate::i18n::{t, Msg};
use crate::screens::load_error::{LoadError, LoadFailure};
use crate::screens::loading::Loading;
use crate::screens::no_session::NoSession;
use crate::screens::welcome::Welcome;
use idv_core::ClientSession;
use leptos::logging::warn;
use leptos::prelude::*;

/// The screen on display.
#[derive(Debug, Clone, PartialEq)]
enum Page {
    Loading,
    NoSession,
    Welcome(ClientSession),
    LoadError(LoadFailure),
}

impl Page {
    /// What the live region announces when this page appears.
    fn status(&self) -> &'static str {
        match self {
            Page::Loading => t(Msg::StatusLoading),
            Page::NoSession => t(Msg::NoSessionTitle),
            Page::Welcome(_) => t(Msg::StatusReady),
            Page::LoadError(failure) => failure.title(),
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    // First of all, before any request: the token leaves the address bar.
    let link = location::take_link_params();
    let entry = entry::resolve(&link, storage::load_session());

    let (page, on_retry): (Signal<Page>, Option<Callback<()>>) = match entry {
        Entry::NoSession => (Signal::stored(Page::NoSession), None),
        Entry::InvalidLink => {
            storage::clear_session();
            let page = Page::LoadError(LoadFailure::LinkInvalid);
            (Signal::stored(page), None)
        }
        Entry::Session(credentials) => {
            storage::save_session(&credentials);
            let session = LocalResource::new(move || load_session(credentials.clone()));
            let page = Memo::new(move |_| match session.get() {
                None => Page::Loading,
                Some(Ok(session)) => Page::Welcome(session),
                Some(Err(failure)) => Page::LoadError(failure),
            });
            let retry = Callback::new(move |()| {
                session.set(None);
                session.refetch();
            });
            (page.into(), Some(retry))
        }
    };

    view! {
        <main class="app">
            {move || match page.get() {
                Page::Loading => view! { <Loading /> }.into_any(),
                Page::NoSession => view! { <NoSession /> }.into_any(),
                Page::Welcome(session) => view! { <Welcome session /> }.into_any(),
                Page::LoadError(failure) => view! { <LoadError failure on_retry /> }.into_any(),
            }}
        </main>
        <p class="visually-hidden" role="status" aria-live="polite" data-testid="status">
            {move || page.with(Page::status)}
        </p>
    }
}

/// Loads the session the credentials open. A token that turns out dead is forgotten, so a reload
/// does not try it again.
async fn load_session(credentials: SessionCredentials) -> Result<ClientSession, LoadFailure> {
    let failure = match api::client_session(&credentials.token).await {
        Ok(session) if session.session_id == credentials.session_id => return Ok(session),
        Ok(session) => {
            warn!(
                "the token opens session {} but the link names {}",
                session.session_id, credentials.session_id
            );
            LoadFailure::LinkInvalid
        }
        Err(error) => {
            warn!("loading the session failed: {error}");
            LoadFailure::from(&error)
        }
    };
    if failure == LoadFailure::LinkInvalid {
        storage::clear_session();
    }
    Err(failure)
}
