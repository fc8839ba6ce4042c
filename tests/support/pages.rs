//! One small page object per screen. Each `wait` returns once the screen is on display; each
//! screen's root is `[data-testid="screen"][data-screen="<name>"]` (docs/test-hooks.md).

use super::{testid, Harness};
use thirtyfour::prelude::*;

async fn attr(root: &WebElement, name: &str) -> Option<String> {
    root.attr(name)
        .await
        .unwrap_or_else(|e| panic!("read {name}: {e}"))
}

async fn has_within(root: &WebElement, id: &str) -> bool {
    !root
        .find_all(testid(id))
        .await
        .unwrap_or_else(|e| panic!("look for {id}: {e}"))
        .is_empty()
}

pub struct WelcomePage {
    root: WebElement,
}

impl WelcomePage {
    pub async fn wait(h: &Harness) -> WelcomePage {
        WelcomePage {
            root: h.wait_for_screen("welcome").await,
        }
    }

    pub async fn session_id(&self) -> String {
        let element = self
            .root
            .find(testid("session-id"))
            .await
            .expect("session id");
        element.text().await.expect("session id text")
    }

    /// The `data-step` names of the listed steps (`data-testid="step"`), in order.
    pub async fn steps(&self) -> Vec<String> {
        let mut names = Vec::new();
        for step in self.root.find_all(testid("step")).await.expect("steps") {
            names.push(attr(&step, "data-step").await.unwrap_or_default());
        }
        names
    }

    /// Starts (or resumes) the journey.
    pub async fn start(h: &Harness) {
        h.click("welcome-start").await;
    }
}

pub struct ConsentPage {
    root: WebElement,
}

impl ConsentPage {
    pub async fn wait(h: &Harness) -> ConsentPage {
        ConsentPage {
            root: h.wait_for_screen("consent_screen").await,
        }
    }

    /// The text the user agrees to.
    pub async fn text(&self) -> String {
        let element = self
            .root
            .find(testid("consent-text"))
            .await
            .expect("consent text");
        element.text().await.expect("consent text")
    }

    pub async fn accept(h: &Harness) {
        h.click("consent-accept").await;
    }

    pub async fn reject(h: &Harness) {
        h.click("consent-reject").await;
    }
}

/// `completed_screen`, `successful_screen`, `rejected_screen` or `cancel_screen`.
pub struct FinalPage {
    root: WebElement,
}

impl FinalPage {
    pub async fn wait(h: &Harness, name: &str) -> FinalPage {
        FinalPage {
            root: h.wait_for_screen(name).await,
        }
    }

    pub async fn has_return_now(&self) -> bool {
        has_within(&self.root, "return-now").await
    }
}

/// `expired_link`: the link's token has expired or is not valid.
pub struct ExpiredLinkPage {
    root: WebElement,
}

impl ExpiredLinkPage {
    pub async fn wait(h: &Harness) -> ExpiredLinkPage {
        ExpiredLinkPage {
            root: h.wait_for_screen("expired_link").await,
        }
    }

    /// `token_expired` or `invalid_token`.
    pub async fn reason(&self) -> String {
        attr(&self.root, "data-reason").await.unwrap_or_default()
    }

    pub async fn has_retry(&self) -> bool {
        has_within(&self.root, "retry").await
    }
}

pub struct NoSessionPage {
    pub root: WebElement,
}

impl NoSessionPage {
    pub async fn wait(h: &Harness) -> NoSessionPage {
        NoSessionPage {
            root: h.wait_for_screen("no_session").await,
        }
    }
}

pub struct LostSessionPage {
    pub root: WebElement,
}

impl LostSessionPage {
    pub async fn wait(h: &Harness) -> LostSessionPage {
        LostSessionPage {
            root: h.wait_for_screen("lost_session").await,
        }
    }
}

pub struct LoadErrorPage {
    root: WebElement,
}

impl LoadErrorPage {
    pub async fn wait(h: &Harness) -> LoadErrorPage {
        LoadErrorPage {
            root: h.wait_for_screen("load_error").await,
        }
    }

    /// `unreachable` or `unexpected`.
    pub async fn kind(&self) -> String {
        attr(&self.root, "data-error").await.unwrap_or_default()
    }

    pub async fn retry(h: &Harness) {
        h.click("retry").await;
    }

    pub async fn has_retry(&self) -> bool {
        has_within(&self.root, "retry").await
    }
}
