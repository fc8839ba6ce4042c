//! The first module: all the page downloads before the welcome screen is interactive (issue
//! 10: at most 90 KB gzip), so no Leptos, no reactive system, only DOM calls.
//!
//! It takes the token out of the address bar, then reads the session and its current screen.
//! At the start of a journey it draws the banner and the welcome screen, then asks the browser
//! for the journey module (src/bin/idv-journey.rs) in the background and starts it when the
//! user presses "start". Everything else (a reload mid-journey, a refused link, a phone's
//! handoff, a session that cannot be read) is the journey module's to show, and it is started
//! at once. Either way this module's screen is replaced, and its state dropped, once the
//! journey has drawn its page.

mod topbar;

use crate::api;
use crate::browser::dom::{self, append, el, Listener};
use crate::browser::embed::Embed;
use crate::browser::json;
use crate::browser::timeout::Timeout;
use crate::browser::{config, crash, embed, loader, location, page, storage};
use crate::entry::{self, Entry, Handover, LinkParams, SessionCredentials};
use crate::i18n::{self, text, Msg};
use crate::screens::welcome::{Welcome, WelcomeText};
use idv_core::embed::EmbedEvent;
use idv_core::locale::Lang;
use idv_core::{Branding, Screen, Step};
use std::cell::RefCell;
use topbar::TopBar;
use wasm_bindgen_futures::spawn_local;
use web_sys::Element;

/// The performance mark set when the welcome screen is interactive (docs/test-hooks.md): what
/// was fetched before it is the first screen's download, which issue 10 limits.
pub const FIRST_SCREEN_MARK: &str = "idv-first-screen";

/// Marks the elements this module adds to `<body>`, for the journey to remove.
const MARK: &str = "data-first-module";

thread_local! {
    // The page's state while this module draws it; `None` once the journey has taken over.
    static PAGE: RefCell<Option<Page>> = const { RefCell::new(None) };
}

pub fn run() {
    crash::install();
    embed::remember_origin();
    // First of all, before any request: the token leaves the address bar.
    let link = location::take_link_params();
    let lang = i18n::negotiated(None);
    Page::draw(Page::new(link.clone(), lang));
    match entry::resolve(&link, storage::load_session()) {
        // A `/capture` link (the API's handoff_url) hands the whole journey to a phone from
        // its first screen on a desktop: the journey draws that.
        Entry::Session(credentials) if !credentials.capture => {
            storage::save_session(&credentials);
            spawn_local(open(credentials));
        }
        _ => start_journey(false),
    }
}

/// Called by the journey module as it mounts its page.
pub fn remove_first_screen() {
    let Some(document) = dom::document() else {
        return;
    };
    if let Ok(nodes) = document.query_selector_all(&format!("[{MARK}]")) {
        for i in 0..nodes.length() {
            if let Some(node) = nodes.item(i) {
                if let Some(parent) = node.parent_node() {
                    let _ = parent.remove_child(&node);
                }
            }
        }
    }
}

/// Reads the session and where it stands: the welcome when the user has not started yet,
/// else the journey.
async fn open(credentials: SessionCredentials) {
    let token = &credentials.token;
    let (session, preflight) = api::both(
        api::get_text(&config::api_url(api::CLIENT_SESSION_PATH), Some(token)),
        api::get_text(&config::api_url(api::PREFLIGHT_PATH), Some(token)),
    )
    .await;
    let opened = match (session, preflight) {
        (Ok(session), Ok(preflight)) => Opened::read(session, preflight),
        _ => None,
    };
    match opened {
        Some(opened) if opened.session_id == credentials.session_id => welcome(opened).await,
        _ => start_journey(false),
    }
}

/// What the first module needs of the platform's two answers, read with the browser's parser
/// (`browser::json`), and the answers themselves for the journey.
struct Opened {
    session_id: String,
    steps: Vec<Step>,
    locale: String,
    expires_at: String,
    branding: Branding,
    answers: (String, String),
}

impl Opened {
    /// The session at its welcome (the platform's screen is consent), or `None` for anything
    /// else, including answers that are not what the contract says: the journey module, which
    /// reads them in full, then shows what went wrong.
    fn read(session: String, preflight: String) -> Option<Opened> {
        let (s, p) = (json::parse(&session)?, json::parse(&preflight)?);
        if json::string(&p, "screen")? != Screen::Consent.name() {
            return None;
        }
        let branding = json::field(&s, "branding")?;
        let steps = json::strings(&json::field(&s, "steps")?)?
            .iter()
            .map(|name| Step::from_name(name))
            .collect::<Option<Vec<_>>>()?;
        Some(Opened {
            session_id: json::string(&s, "session_id")?,
            steps,
            locale: json::string(&s, "locale")?,
            expires_at: json::string(&s, "expires_at")?,
            branding: Branding {
                name: json::string(&branding, "name")?,
                primary_color: json::string(&branding, "primary_color")?,
                logo_url: json::string(&branding, "logo_url"),
            },
            answers: (session, preflight),
        })
    }
}

async fn welcome(session: Opened) {
    let read = session.answers.clone();
    let lang = i18n::negotiated(Some(&session.locale));
    if lang != Lang::En {
        i18n::load(lang).await;
    }
    crate::theme::apply_colours(&session.branding);
    with_page(|p| {
        p.lang = lang;
        p.session = Some(session);
        p.read = Some(read);
        p.embed = Embed::start(|command| match command {
            idv_core::embed::HostCommand::Close => {
                with_page(|p| {
                    if let Some(embed) = &p.embed {
                        embed.close_page();
                    }
                });
            }
        });
    });
    Page::redraw();
    // The welcome screen is drawn and its handlers are attached: the page is interactive.
    page::mark(FIRST_SCREEN_MARK);
    with_page(|p| {
        // WCAG 2.2.1: the link's time limit cannot be extended, so it is announced in time.
        let delay = p.session.as_ref().and_then(|s| {
            idv_core::expiry::warning_delay_ms(page::now_ms(), page::time_ms(&s.expires_at)?)
        });
        p.expiry = delay.map(|ms| {
            Timeout::start(ms as u32, || {
                with_page(|p| {
                    p.expiring = true;
                    p.draw_warning();
                });
            })
        });
        if let (Some(embed), Some(session)) = (&p.embed, &p.session) {
            let step_count = u32::try_from(session.steps.len()).unwrap_or(u32::MAX);
            embed.post(&EmbedEvent::Ready { step_count });
            embed.post_layout();
        }
    });
    // Once the welcome is up, the journey is fetched while the user reads.
    crate::browser::timeout::after_paint(loader::prefetch);
}

/// Starts the journey module; on failure, says so where the user is and lets them try again.
fn start_journey(started: bool) {
    let Some((attempt, handover)) = with_page(|p| {
        if p.starting {
            return None;
        }
        p.starting = true;
        if let Some(w) = &p.welcome {
            w.set_busy(true);
        }
        let handover = Handover {
            link: p.link.clone(),
            started,
            read: p.read.clone().filter(|_| started),
        };
        Some((
            p.attempts,
            serde_json::to_string(&handover).unwrap_or_default(),
        ))
    })
    .flatten() else {
        return;
    };
    spawn_local(async move {
        match loader::start(attempt, &handover).await {
            // The journey has drawn its page: this module's screen and handlers go.
            Ok(()) => drop(PAGE.with(|p| p.borrow_mut().take())),
            Err(_) => {
                with_page(|p| {
                    p.starting = false;
                    p.attempts += 1;
                    p.load_failed = true;
                });
                Page::redraw();
            }
        }
    });
}

fn choose_language(lang: Lang) {
    storage::save_lang_choice(lang.code());
    with_page(|p| p.wanted = lang);
    spawn_local(async move {
        i18n::load(lang).await;
        let current = with_page(|p| (p.wanted == lang).then(|| p.lang = lang)).flatten();
        if current.is_some() {
            Page::relabel();
        }
    });
}

fn with_page<R>(f: impl FnOnce(&mut Page) -> R) -> Option<R> {
    PAGE.with(|p| p.borrow_mut().as_mut().map(f))
}

struct Page {
    link: LinkParams,
    lang: Lang,
    /// The last language picked in the switcher, whose catalogue may still be on its way.
    wanted: Lang,
    session: Option<Opened>,
    /// The platform's answers as they came, for the journey.
    read: Option<(String, String)>,
    embed: Option<Embed>,
    starting: bool,
    attempts: u32,
    load_failed: bool,
    /// Shows the expiry warning when it is due.
    expiry: Option<Timeout>,
    expiring: bool,
    warning: Option<Element>,
    topbar: Option<TopBar>,
    main: Option<Element>,
    status: Option<Element>,
    welcome: Option<Welcome>,
    retry: Option<Listener>,
}

impl Page {
    fn new(link: LinkParams, lang: Lang) -> Page {
        Page {
            link,
            lang,
            wanted: lang,
            session: None,
            read: None,
            embed: None,
            starting: false,
            attempts: 0,
            load_failed: false,
            expiry: None,
            expiring: false,
            warning: None,
            topbar: None,
            main: None,
            status: None,
            welcome: None,
            retry: None,
        }
    }

    /// Puts the page's frame in `<body>`: the main area and the status line.
    fn draw(mut page: Page) {
        let document = dom::document();
        if let (Some(document), Some(body)) = (&document, document.as_ref().and_then(|d| d.body()))
        {
            page.main = el(document, "main", &[("class", "app"), (MARK, "")], None);
            page.status = el(
                document,
                "p",
                &[
                    ("class", "visually-hidden"),
                    ("role", "status"),
                    ("aria-live", "polite"),
                    ("data-testid", "status"),
                    (MARK, ""),
                ],
                None,
            );
            for e in [&page.main, &page.status].into_iter().flatten() {
                let _ = body.append_child(e);
            }
        }
        PAGE.with(|p| *p.borrow_mut() = Some(page));
        Page::redraw();
    }

    /// Draws the screen for the current state: loading, the welcome, or "cannot load".
    fn redraw() {
        with_page(|p| p.draw_screen());
    }

    /// After a language switch: the banner's texts, then the screen in the new language.
    fn relabel() {
        with_page(|p| {
            if let Some(bar) = &p.topbar {
                bar.set_language(p.lang);
            }
            p.draw_screen();
            if let Some(embed) = &p.embed {
                embed.post_layout();
            }
        });
    }

    /// The expiry warning above the screen, once due, in the language on display.
    fn draw_warning(&mut self) -> Option<()> {
        if !self.expiring {
            return Some(());
        }
        if self.warning.is_none() {
            let document = dom::document()?;
            let main = self.main.as_ref()?;
            let attrs = [
                ("class", "banner"),
                ("role", "alert"),
                ("data-testid", "expiry-warning"),
                (MARK, ""),
            ];
            let warning = el(&document, "p", &attrs, None)?;
            main.parent_node()?
                .insert_before(&warning, Some(main))
                .ok()?;
            self.warning = Some(warning);
        }
        let warning = self.warning.as_ref()?;
        warning.set_text_content(Some(text(self.lang, Msg::ExpiryWarning)));
        Some(())
    }

    fn draw_screen(&mut self) -> Option<()> {
        let document = dom::document()?;
        let main = self.main.clone()?;
        let lang = self.lang;
        let tx = move |m| text(lang, m);
        page::set_language(lang.code(), lang.dir().as_str(), tx(Msg::PageTitle));
        if self.topbar.is_none() {
            if let Some(session) = &self.session {
                let brand = crate::theme::brand_of(&session.branding);
                let bar = TopBar::build(&document, lang, brand.as_ref(), choose_language)?;
                bar.root.set_attribute(MARK, "").ok()?;
                let body = document.body()?;
                body.insert_before(&bar.root, body.first_child().as_ref())
                    .ok()?;
                self.topbar = Some(bar);
            }
        }
        self.draw_warning();
        main.set_text_content(None);
        self.welcome = None;
        self.retry = None;
        let status;
        match (&self.session, self.load_failed) {
            (Some(session), load_failed) => {
                let name = &session.branding.name;
                let text = WelcomeText::new(&session.session_id, name, &session.steps, tx);
                let welcome = Welcome::build(&document, &text, || start_journey(true))?;
                append(&main, &[&welcome.root])?;
                welcome.focus_heading();
                if load_failed {
                    welcome.show_load_failed(&text);
                }
                self.welcome = Some(welcome);
                status = Msg::StatusReady;
            }
            (None, false) => {
                let screen = notice(
                    &document,
                    "loading",
                    tx(Msg::LoadingTitle),
                    tx(Msg::LoadingBody),
                )?;
                screen.set_attribute("aria-busy", "true").ok()?;
                let spinner = el(
                    &document,
                    "div",
                    &[("class", "spinner"), ("aria-hidden", "true")],
                    None,
                )?;
                append(&screen, &[&spinner])?;
                append(&main, &[&screen])?;
                status = Msg::StatusLoading;
            }
            (None, true) => {
                let screen = notice(
                    &document,
                    "load_error",
                    tx(Msg::UnreachableTitle),
                    tx(Msg::UnreachableBody),
                )?;
                let retry = el(
                    &document,
                    "button",
                    &[
                        ("type", "button"),
                        ("class", "primary"),
                        ("data-testid", "retry"),
                    ],
                    Some(tx(Msg::Retry)),
                )?;
                append(&screen, &[&retry])?;
                append(&main, &[&screen])?;
                self.retry = Listener::new(&retry, "click", |_| start_journey(false));
                if let Some(h) = screen.first_element_child() {
                    dom::focus_heading(&h);
                }
                status = Msg::UnreachableTitle;
            }
        }
        if let Some(s) = &self.status {
            s.set_text_content(Some(tx(status)));
        }
        Some(())
    }
}

/// A screen with a title and a line of text.
fn notice(document: &web_sys::Document, name: &str, title: &str, body: &str) -> Option<Element> {
    let screen = el(
        document,
        "section",
        &[
            ("class", "screen"),
            ("data-testid", "screen"),
            ("data-screen", name),
        ],
        None,
    )?;
    append(
        &screen,
        &[
            &el(document, "h1", &[("tabindex", "-1")], Some(title))?,
            &el(document, "p", &[], Some(body))?,
        ],
    )?;
    Some(screen)
}

#[cfg(test)]
mod tests {
    use crate::entry::{Handover, LinkParams};

    #[test]
    fn the_handover_crosses_to_the_journey_module_intact() {
        let handover = Handover {
            link: LinkParams {
                path: "/mobile".into(),
                authorization: Some("tok".into()),
                session_id: Some("123456789".into()),
                device: Some("desktop".into()),
                ..LinkParams::default()
            },
            started: true,
            read: None,
        };
        let json = serde_json::to_string(&handover).unwrap();
        assert_eq!(serde_json::from_str::<Handover>(&json).unwrap(), handover);
        // Whatever the journey cannot read, it starts from the address bar's absence.
        assert_eq!(
            serde_json::from_str::<Handover>("{}").unwrap(),
            Handover::default()
        );
    }
}
