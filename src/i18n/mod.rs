//! Every piece of text the user reads, keyed by message id, in each language of the app.
//!
//! Views never hold literal text: they ask for a `Msg`, or for one of the functions below when
//! the text carries a value. Each language is one exhaustive `match` (`en.rs`, `de.rs`, ...), so
//! a key missing in any language does not compile; texts with values are templates with
//! `{named}` placeholders, filled here, which the tests check are the same in every language.
//!
//! Only English is compiled into the app. The other languages' matches are compiled natively,
//! where a test writes them out as `public/i18n/<code>.json` (the texts in `Msg` order) and
//! fails when a file is stale; the app fetches the one file of the language it needs, so the
//! first download carries one language, not five.
//!
//! The language is global to the page: `t` reads it, and tracks it when called inside a reactive
//! closure, so the closures that build screens re-render when the user switches language.

#[cfg(not(target_arch = "wasm32"))]
mod ar;
#[cfg(not(target_arch = "wasm32"))]
mod de;
mod en;
#[cfg(not(target_arch = "wasm32"))]
mod es;
#[cfg(not(target_arch = "wasm32"))]
mod fr;

use idv_core::locale::{negotiate, Lang};
use idv_core::Step;
#[cfg(feature = "journey")]
use leptos::prelude::{ArcRwSignal, Get, GetUntracked, Set};

/// The language on display. In the journey module a signal, so that what reads it re-renders
/// when it changes.
#[cfg(feature = "journey")]
type Current = ArcRwSignal<Lang>;
#[cfg(not(feature = "journey"))]
type Current = plain::Current;

/// The first module has no reactive system: it redraws its screen itself.
#[cfg(not(feature = "journey"))]
mod plain {
    use idv_core::locale::Lang;
    use std::cell::Cell;

    pub struct Current(Cell<Lang>);

    impl Current {
        pub fn new(lang: Lang) -> Current {
            Current(Cell::new(lang))
        }
        pub fn get(&self) -> Lang {
            self.0.get()
        }
        pub fn get_untracked(&self) -> Lang {
            self.0.get()
        }
        pub fn set(&self, lang: Lang) {
            self.0.set(lang);
        }
    }
}

macro_rules! messages {
    ($($name:ident,)*) => {
        /// A message id. Adding one without its text in every language does not compile.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $($name,)* }

        impl Msg {
            /// Every message, in declaration order: the order of a catalogue file.
            #[cfg(any(test, target_arch = "wasm32"))]
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)*];
        }
    };
}

messages! {
    LoadingTitle,
    LoadingBody,
    WelcomeTitle,
    WelcomeIntro,
    WelcomeStepsHeading,
    WelcomeSessionLabel,
    NoSessionTitle,
    NoSessionBody,
    NoSessionHint,
    UnreachableTitle,
    UnreachableBody,
    UnexpectedTitle,
    UnexpectedBody,
    Retry,
    StatusLoading,
    StatusReady,
    WelcomeStart,
    ConsentTitle,
    ConsentAgreeHeading,
    ConsentPointPhotos,
    ConsentPointData,
    ConsentPointKeep,
    ConsentPointRefuse,
    ConsentAccept,
    ConsentReject,
    Sending,
    ActionFailed,
    CheckAgain,
    CompletedTitle,
    CompletedBody,
    SuccessfulTitle,
    SuccessfulBody,
    RejectedTitle,
    RejectedBody,
    CancelTitle,
    CancelBody,
    CloseWindow,
    UnsupportedTitle,
    UnsupportedBody,
    ExpiredTitle,
    ExpiredBody,
    InvalidTitle,
    InvalidBody,
    LostTitle,
    LostBody,
    ConnectionProblem,
    ExpiryWarning,
    CrashTitle,
    CrashBody,
    CrashReload,
    UnknownService,
    DocumentFrontTitle,
    DocumentBackTitle,
    DocumentHint,
    StartingCamera,
    GuidanceOk,
    GuidanceBlurry,
    GuidanceDark,
    GuidanceGlare,
    GuidanceTooFar,
    GuidanceCutOff,
    GuidanceNoDocument,
    Shutter,
    TakingPhoto,
    UploadInstead,
    PreviewTitle,
    PreviewHint,
    PreviewAlt,
    PagePreviewAlt,
    PdfKind,
    DocumentUploading,
    DocumentUploadRetrying,
    DocumentUploadFailedTitle,
    DocumentUploadFailedBody,
    DocumentRefusedBody,
    DocumentUploaded,
    DocumentEmpty,
    DocumentTooLarge,
    Retake,
    UsePhoto,
    Uploading,
    UploadRetrying,
    UploadFailedTitle,
    UploadFailedBody,
    UploadRefusedBody,
    Uploaded,
    KeptPhoto,
    KeptFile,
    KeptSelfie,
    KeptSelfieAlt,
    SendKeptSelfie,
    RetakeSelfie,
    FileTooLarge,
    FileEmpty,
    FileUnreadable,
    FileHeicUnreadable,
    CameraDeniedTitle,
    CameraDeniedBody,
    CameraDeniedHowTo,
    CameraNotFoundTitle,
    CameraNotFoundBody,
    CameraBusyTitle,
    CameraBusyBody,
    CameraUnsupportedTitle,
    CameraUnsupportedBody,
    CameraOnPhoneHint,
    CameraInAppTitle,
    CameraInAppBody,
    CameraFrameTitle,
    CameraFrameBody,
    CameraFramePhone,
    PdfEncrypted,
    PdfTooManyPages,
    ImageTooSmall,
    DocumentUnsupported,
    DocumentDamaged,
    AddressTitle,
    AddressHint,
    FundsTitle,
    FundsHint,
    ChooseFile,
    DropHere,
    TakePhotoOfIt,
    Replace,
    SendDocument,
    DocumentPreviewTitle,
    PhoneTitle,
    PhoneHint,
    Country,
    PhoneNumber,
    SendCode,
    EmailTitle,
    EmailHint,
    EmailAddress,
    CodeLabel,
    CodeHint,
    Verify,
    Resend,
    ChangePhone,
    ChangeEmail,
    CodeInvalid,
    CodeExpired,
    TooManyAttempts,
    RateLimited,
    WaitBeforeResend,
    LivenessTitle,
    LivenessIntro,
    LivenessStart,
    LivenessAssisted,
    LivenessRefused,
    LookStraight,
    TurnLeft,
    TurnRight,
    FacePlace,
    FaceOk,
    FaceNoFace,
    FaceMultiple,
    FaceTooClose,
    FaceTooFar,
    FaceOffCentre,
    FaceDark,
    LivenessAnyway,
    LivenessAnywayHint,
    ChallengeHold,
    ChallengeTurnMore,
    ChallengeOtherWay,
    ChallengeBackToCentre,
    ChallengeTimedOut,
    ChallengeTryAgain,
    PhoneInvalid,
    EmailInvalid,
    NfcTitle,
    NfcBody,
    NfcWaysHeading,
    HandoffTitle,
    HandoffIntro,
    HandoffStepCamera,
    HandoffStepScan,
    HandoffStepFollow,
    HandoffQrLabel,
    HandoffLinkLabel,
    HandoffCopy,
    HandoffCopied,
    HandoffCopyFailed,
    HandoffPreparing,
    HandoffExpired,
    HandoffFailed,
    HandoffNewCode,
    HandoffWaiting,
    HandoffPhoneConnected,
    HandoffPhoneConnectedBody,
    HandoffPhoneQuiet,
    HandoffPhoneQuietBody,
    HandoffHere,
    HandoffHereHint,
    HandoffPhoneNote,
    HandoffUsedTitle,
    HandoffExpiredTitle,
    HandoffReplacedTitle,
    HandoffRefusedBody,
    CaptureRefusedTitle,
    CaptureRefusedBody,
    PageTitle,
    Language,
    LogoAlt,
    StepProgress,
    CodeSentTo,
    ResendIn,
    SizeKb,
    SizeMb,
    FileSummary,
    FileSummaryPages,
    PageOne,
    PageMany,
    PdfCardLabel,
    UploadPercent,
    NfcWaiting,
    NfcApp,
    ReturningTo,
    ReturnNow,
    NewLinkFrom,
    WelcomeIntroService,
    HandoffProgressNamed,
    StepConsent,
    StepDocument,
    StepLiveness,
    StepAddress,
    StepFunds,
    StepPhone,
    StepEmail,
    StepNfc,
}

thread_local! {
    // An `Arc` signal needs no reactive owner, so it can live for the whole page.
    static CURRENT: Current = Current::new(Lang::En);
    static WANTED: std::cell::Cell<Lang> = const { std::cell::Cell::new(Lang::En) };
    // The catalogues fetched so far (the app's own build; natively every language is compiled).
    #[cfg(target_arch = "wasm32")]
    static LOADED: std::cell::RefCell<Vec<(Lang, Vec<&'static str>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The language on display; inside a reactive closure, re-runs it when the language changes.
pub fn lang() -> Lang {
    CURRENT.with(|l| l.get())
}

/// Switches the page's language; every closure that read a text re-renders. A language whose
/// catalogue is not loaded yet is fetched first; the page keeps its language meanwhile, and
/// the last language asked for wins.
pub fn set_lang(lang: Lang) {
    WANTED.with(|w| w.set(lang));
    if has_catalogue(lang) {
        show(lang);
    } else {
        #[cfg(target_arch = "wasm32")]
        wasm_bindgen_futures::spawn_local(async move {
            load(lang).await;
            if WANTED.with(|w| w.get()) == lang && has_catalogue(lang) {
                show(lang);
            }
        });
    }
}

/// Fetches `lang`'s catalogue unless it is here already (natively, all of them are); `false`
/// when it could not be had (the texts then stay English).
pub async fn load(lang: Lang) -> bool {
    #[cfg(target_arch = "wasm32")]
    if !has_catalogue(lang) {
        if let Ok(texts) = crate::api::catalogue(lang.code()).await {
            if texts.len() == Msg::ALL.len() && !has_catalogue(lang) {
                // Loaded once per page and language, then kept: leaking gives the
                // `&'static str` every caller of `t` expects.
                let texts = texts.into_iter().map(|s| &*s.leak()).collect();
                LOADED.with(|l| l.borrow_mut().push((lang, texts)));
            }
        }
    }
    has_catalogue(lang)
}

fn show(lang: Lang) {
    CURRENT.with(|l| {
        if l.get_untracked() != lang {
            l.set(lang);
        }
    });
}

/// The language at start: the user's earlier choice in this tab, else the browser's languages.
/// The session's locale, known later, may then take over (`adopt_session_locale`).
pub fn start() {
    set_lang(negotiated(None));
}

/// The integrator's locale for this user, unless the user picked a language themselves.
pub fn adopt_session_locale(locale: &str) {
    set_lang(negotiated(Some(locale)));
}

/// The language to show: the user's choice in this tab, else the session's locale when known,
/// else the browser's languages.
pub fn negotiated(session_locale: Option<&str>) -> Lang {
    use crate::browser::{page, storage};
    let choice = storage::load_lang_choice();
    let browser = page::preferred_languages();
    negotiate(
        choice.as_deref(),
        session_locale,
        browser.iter().map(String::as_str),
    )
}

/// The switcher's choice: shown at once, kept for this tab, and above the session's locale.
pub fn choose(lang: Lang) {
    crate::browser::storage::save_lang_choice(lang.code());
    set_lang(lang);
}

/// Keeps `<html lang dir>` and the title in step with the language.
pub fn reflect_on_page(lang: Lang) {
    crate::browser::page::set_language(
        lang.code(),
        lang.dir().as_str(),
        text(lang, Msg::PageTitle),
    );
}

/// The text of a message in the current language.
pub fn t(msg: Msg) -> &'static str {
    text(lang(), msg)
}

/// The text of a message in a given language (English while that language is not loaded).
pub fn text(lang: Lang, msg: Msg) -> &'static str {
    match lang {
        Lang::En => english(msg),
        _ => translated(lang, msg).unwrap_or_else(|| english(msg)),
    }
}

#[cfg(feature = "journey")]
fn english(msg: Msg) -> &'static str {
    en::text(msg)
}

/// The messages the first module shows (src/shell, the welcome screen, the banner, the crash
/// screen). Only these of the English catalogue are compiled into it, so that the first
/// screen's download does not grow with every text the journey gains; a test checks that the
/// first module's files name no other.
macro_rules! first_module_messages {
    ($($name:ident,)*) => {
        #[cfg(test)]
        const FIRST_MODULE: &[Msg] = &[$(Msg::$name,)*];

        #[cfg(not(feature = "journey"))]
        fn english(msg: Msg) -> &'static str {
            // `en::text` is inlined: each arm folds to its string, and the rest of the
            // catalogue is left out.
            match msg {
                $(Msg::$name => en::text(Msg::$name),)*
                _ => "",
            }
        }
    };
}

first_module_messages! {
    PageTitle,
    Language,
    LogoAlt,
    LoadingTitle,
    LoadingBody,
    StatusLoading,
    StatusReady,
    UnreachableTitle,
    UnreachableBody,
    Retry,
    WelcomeTitle,
    WelcomeIntro,
    WelcomeIntroService,
    WelcomeStepsHeading,
    WelcomeStart,
    WelcomeSessionLabel,
    ExpiryWarning,
    StepConsent,
    StepDocument,
    StepLiveness,
    StepAddress,
    StepFunds,
    StepPhone,
    StepEmail,
    StepNfc,
    CrashTitle,
    CrashBody,
    CrashReload,
}

fn has_catalogue(lang: Lang) -> bool {
    lang == Lang::En || translated(lang, Msg::PageTitle).is_some()
}

#[cfg(not(target_arch = "wasm32"))]
fn translated(lang: Lang, msg: Msg) -> Option<&'static str> {
    Some(match lang {
        Lang::En => en::text(msg),
        Lang::De => de::text(msg),
        Lang::Fr => fr::text(msg),
        Lang::Es => es::text(msg),
        Lang::Ar => ar::text(msg),
    })
}

#[cfg(target_arch = "wasm32")]
fn translated(lang: Lang, msg: Msg) -> Option<&'static str> {
    LOADED.with(|l| {
        l.borrow()
            .iter()
            .find(|(l, _)| *l == lang)
            .and_then(|(_, texts)| texts.get(msg as usize).copied())
    })
}

/// A language's own name, as its speakers look for it in the switcher (never translated).
pub fn endonym(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "English",
        Lang::De => "Deutsch",
        Lang::Fr => "Fran\u{e7}ais",
        Lang::Es => "Espa\u{f1}ol",
        Lang::Ar => "\u{627}\u{644}\u{639}\u{631}\u{628}\u{64a}\u{629}",
    }
}

/// Replaces each `{name}` of a template by its value. Values are inserted as they are, never
/// read as templates themselves.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match values.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[start..start + end + 2]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn tf(msg: Msg, values: &[(&str, &str)]) -> String {
    fill(t(msg), values)
}

/// "Code sent to +41 •• ••• •• 67".
pub fn code_sent_to(masked: &str) -> String {
    tf(Msg::CodeSentTo, &[("masked", masked)])
}

/// "You can ask for a new code in 25 s".
pub fn resend_in(seconds: u32) -> String {
    tf(Msg::ResendIn, &[("seconds", &seconds.to_string())])
}

/// A decimal number with the current language's decimal mark: "1.5" or "1,5".
fn decimal(value: f64) -> String {
    let s = format!("{value:.1}");
    match lang() {
        Lang::En => s,
        Lang::Ar => s.replace('.', "\u{66b}"),
        Lang::De | Lang::Fr | Lang::Es => s.replace('.', ","),
    }
}

/// "statement.pdf, 240 KB, 3 pages".
pub fn file_summary(name: &str, bytes: f64, pages: Option<u32>) -> String {
    let size = if bytes >= 1024.0 * 1024.0 {
        tf(
            Msg::SizeMb,
            &[("size", &decimal(bytes / (1024.0 * 1024.0)))],
        )
    } else {
        tf(
            Msg::SizeKb,
            &[("size", &(bytes / 1024.0).ceil().to_string())],
        )
    };
    match pages {
        Some(n) => tf(
            Msg::FileSummaryPages,
            &[("name", name), ("size", &size), ("pages", &page_count(n))],
        ),
        None => tf(Msg::FileSummary, &[("name", name), ("size", &size)]),
    }
}

/// While the chip screen waits for the platform to move on.
pub fn nfc_waiting(service: &str) -> String {
    tf(Msg::NfcWaiting, &[("service", service)])
}

/// The chip screen's other way forward.
pub fn nfc_app(service: &str) -> String {
    tf(Msg::NfcApp, &[("service", service)])
}

/// "3 pages".
pub fn page_count(pages: u32) -> String {
    match pages {
        1 => t(Msg::PageOne).to_owned(),
        n => tf(Msg::PageMany, &[("count", &n.to_string())]),
    }
}

/// "PDF, 3 pages": the document card of a PDF without a page to show.
pub fn pdf_card_label(pages: u32) -> String {
    tf(Msg::PdfCardLabel, &[("pages", &page_count(pages))])
}

/// "42 %".
pub fn upload_percent(percent: u32) -> String {
    tf(Msg::UploadPercent, &[("percent", &percent.to_string())])
}

/// "Step 2 of 5".
pub fn step_progress(step: u32, count: u32) -> String {
    tf(
        Msg::StepProgress,
        &[("step", &step.to_string()), ("count", &count.to_string())],
    )
}

/// "Taking you back to Acme Bank\u{2026}"
pub fn returning_to(service: &str) -> String {
    tf(Msg::ReturningTo, &[("service", service)])
}

/// The button that skips the countdown.
pub fn return_now(service: &str) -> String {
    tf(Msg::ReturnNow, &[("service", service)])
}

/// How to get a working link again.
pub fn new_link_from(service: &str) -> String {
    tf(Msg::NewLinkFrom, &[("service", service)])
}

/// The integrator's logo's text alternative.
pub fn logo_alt(service: &str) -> String {
    tf(Msg::LogoAlt, &[("service", service)])
}

/// The desktop's live progress: "Step 2 of 5 \u{2014} Photograph your identity document".
pub fn handoff_progress(step: u32, count: u32, name: Option<&str>) -> String {
    match name {
        Some(name) => tf(
            Msg::HandoffProgressNamed,
            &[("progress", &step_progress(step, count)), ("name", name)],
        ),
        None => step_progress(step, count),
    }
}

/// How a workflow step is announced in the list of steps.
pub fn step_name(step: Step) -> &'static str {
    t(step_msg(step))
}

/// The message naming a step.
pub fn step_msg(step: Step) -> Msg {
    match step {
        Step::Consent => Msg::StepConsent,
        Step::Document => Msg::StepDocument,
        Step::Liveness => Msg::StepLiveness,
        Step::Address => Msg::StepAddress,
        Step::Funds => Msg::StepFunds,
        Step::Phone => Msg::StepPhone,
        Step::Email => Msg::StepEmail,
        Step::Nfc => Msg::StepNfc,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(s: &str) -> BTreeSet<&str> {
        s.split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(name, _)| name))
            .collect()
    }

    // A language missing a key does not compile; this guards what the compiler cannot see: an
    // empty text, or a template whose placeholders differ from English's (a value lost or
    // misspelt in translation).
    #[test]
    fn every_language_has_every_key_with_the_same_placeholders() {
        for &msg in Msg::ALL {
            let english = placeholders(text(Lang::En, msg));
            for lang in Lang::ALL {
                let s = text(lang, msg);
                assert!(!s.trim().is_empty(), "{lang:?} {msg:?} is empty");
                assert_eq!(placeholders(s), english, "{lang:?} {msg:?}: {s}");
            }
        }
    }

    // The app fetches these files instead of compiling the catalogues in: they must say exactly
    // what the sources say. `IDV_WRITE_CATALOGUES=1 cargo test -p idv-capture --lib
    // catalogue_files` writes them.
    #[test]
    fn catalogue_files_match_the_sources() {
        for lang in [Lang::De, Lang::Fr, Lang::Es, Lang::Ar] {
            let texts: Vec<&str> = Msg::ALL.iter().map(|&m| text(lang, m)).collect();
            let json = serde_json::to_string_pretty(&texts).unwrap() + "\n";
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("public/i18n")
                .join(format!("{}.json", lang.code()));
            if std::env::var_os("IDV_WRITE_CATALOGUES").is_some() {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &json).unwrap();
            }
            let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                on_disk == json,
                "{} is stale: run IDV_WRITE_CATALOGUES=1 cargo test -p idv-capture --lib \
                 catalogue_files",
                path.display()
            );
        }
    }

    /// Every message the first module's files name is in its part of the English catalogue
    /// (`first_module_messages!`); `step_msg` gives the step names, all listed.
    #[test]
    fn the_first_module_has_the_english_of_every_message_it_shows() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files: Vec<_> = std::fs::read_dir(root.join("shell"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.extend([
            root.join("screens/welcome.rs"),
            root.join("browser/crash.rs"),
        ]);
        let mut named = 0;
        for file in files {
            let source = std::fs::read_to_string(&file).unwrap();
            for (i, _) in source.match_indices("Msg::") {
                let name: String = source[i + 5..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                named += 1;
                assert!(
                    FIRST_MODULE.iter().any(|m| format!("{m:?}") == name),
                    "{} shows Msg::{name}: add it to first_module_messages!",
                    file.display()
                );
            }
        }
        assert!(named > 10, "the first module's files name {named} messages");
        for step in Step::ALL {
            assert!(FIRST_MODULE.contains(&step_msg(step)), "{step:?}");
        }
    }

    #[test]
    fn templates_are_filled_once() {
        assert_eq!(
            fill("{a} and {b}", &[("a", "{b}"), ("b", "x")]),
            "{b} and x"
        );
        assert_eq!(fill("no {value", &[]), "no {value");
        assert_eq!(fill("{unknown}!", &[]), "{unknown}!");
    }

    #[test]
    fn texts_with_values_in_english() {
        set_lang(Lang::En);
        assert_eq!(
            fill(t(Msg::WelcomeIntroService), &[("service", "Acme Bank")]),
            "Acme Bank asks you to confirm who you are. Here is what to expect."
        );
        assert_eq!(
            file_summary("a.pdf", 3.0 * 1024.0 * 1024.0 / 2.0, Some(3)),
            "a.pdf, 1.5 MB, 3 pages"
        );
        assert_eq!(pdf_card_label(1), "PDF, 1 page");
        assert_eq!(step_progress(2, 5), "Step 2 of 5");
    }

    // Guards against a copy of the English catalogue standing in for a translation.
    #[test]
    fn translations_are_not_english() {
        for lang in [Lang::De, Lang::Fr, Lang::Es, Lang::Ar] {
            let same: Vec<_> = Msg::ALL
                .iter()
                .filter(|&&m| text(lang, m) == text(Lang::En, m))
                .collect();
            assert!(
                same.len() * 20 < Msg::ALL.len(),
                "{lang:?}: English in {same:?}"
            );
        }
    }

    #[test]
    fn german_and_french_use_a_decimal_comma() {
        for lang in [Lang::De, Lang::Fr] {
            set_lang(lang);
            assert!(file_summary("a.pdf", 1.5 * 1024.0 * 1024.0, None).contains("1,5"));
        }
        set_lang(Lang::En);
    }

    #[test]
    fn every_step_has_a_name() {
        for lang in Lang::ALL {
            set_lang(lang);
            for step in Step::ALL {
                assert!(!step_name(step).is_empty(), "{lang:?} {step:?}");
            }
        }
        set_lang(Lang::En);
    }
}
