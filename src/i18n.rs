//! Every piece of text the user reads, keyed by message id.
//!
//! English is the only catalogue so far. Views never hold literal text: they ask for a `Msg`, or
//! for one of the functions below when the text carries a value.

use idv_core::Step;

/// A message id. Adding one without its English text does not compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    LoadingTitle,
    LoadingBody,
    WelcomeTitle,
    WelcomeIntro,
    WelcomeStepsHeading,
    WelcomeSessionLabel,
    NoSessionTitle,
    NoSessionBody,
    NoSessionHint,
    LinkInvalidTitle,
    LinkInvalidBody,
    UnreachableTitle,
    UnreachableBody,
    UnexpectedTitle,
    UnexpectedBody,
    Retry,
    StatusLoading,
    StatusReady,
}

/// The English text of a message.
pub fn t(msg: Msg) -> &'static str {
    match msg {
        Msg::LoadingTitle => "Getting things ready",
        Msg::LoadingBody => "We are loading your verification. This takes a moment.",
        Msg::WelcomeTitle => "Let's verify your identity",
        Msg::WelcomeIntro => "You are asked to confirm who you are. Here is what to expect.",
        Msg::WelcomeStepsHeading => "What you will do",
        Msg::WelcomeSessionLabel => "Verification number",
        Msg::NoSessionTitle => "You need a verification link",
        Msg::NoSessionBody => {
            "This page works with a link from the service that asked you to verify your identity."
        }
        Msg::NoSessionHint => {
            "Go back to that service's app or website and follow its link to start, or open the \
             link it sent you by text message or e-mail."
        }
        Msg::LinkInvalidTitle => "This link has expired or is invalid",
        Msg::LinkInvalidBody => {
            "Verification links work for a limited time. Go back to the service you are verifying \
             with and ask it for a new link."
        }
        Msg::UnreachableTitle => "We can't reach the verification service",
        Msg::UnreachableBody => "Check that you are online, then try again.",
        Msg::UnexpectedTitle => "Something went wrong",
        Msg::UnexpectedBody => "We could not load your verification. Please try again.",
        Msg::Retry => "Try again",
        Msg::StatusLoading => "Loading your verification",
        Msg::StatusReady => "Your verification is ready to start",
    }
}

/// The welcome screen's opening line, naming the service that asked for the verification.
pub fn welcome_intro(service: &str) -> String {
    format!("{service} asks you to confirm who you are. Here is what to expect.")
}

/// How a workflow step is announced in the list of steps.
pub fn step_name(step: Step) -> &'static str {
    match step {
        Step::Consent => "Agree to how your data is used",
        Step::Document => "Photograph your identity document",
        Step::Liveness => "Take a selfie",
        Step::Address => "Upload a proof of address",
        Step::Funds => "Upload a proof of funds",
        Step::Phone => "Confirm your phone number",
        Step::Email => "Confirm your e-mail address",
        Step::Nfc => "Read your document's chip",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards against an empty catalogue entry slipping through a copy-paste.
    #[test]
    fn every_step_has_a_name() {
        for step in Step::ALL {
            assert!(!step_name(step).is_empty(), "{step:?}");
        }
    }

    #[test]
    fn welcome_intro_names_the_service() {
        assert!(welcome_intro("Acme Bank").starts_with("Acme Bank "));
    }
}
