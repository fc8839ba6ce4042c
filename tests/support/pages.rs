//! One small page object per screen. Each `wait` returns once the screen is on display.

use super::{Harness, POLL_INTERVAL, SCREEN_TIMEOUT};
use thirtyfour::prelude::*;

/// Elements are found by `data-testid` only.
pub fn testid(id: &str) -> By {
    By::Css(format!("[data-testid=\"{id}\"]"))
}

async fn wait_for(h: &Harness, id: &str) -> WebElement {
    h.driver()
        .query(testid(id))
        .wait(SCREEN_TIMEOUT, POLL_INTERVAL)
        .desc(id)
        .first()
        .await
        .unwrap_or_else(|e| panic!("screen {id} did not appear: {e}"))
}

pub struct WelcomePage {
    root: WebElement,
}

impl WelcomePage {
    pub async fn wait(h: &Harness) -> WelcomePage {
        WelcomePage {
            root: wait_for(h, "screen-welcome").await,
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

    /// The `data-step` names of the listed steps, in order.
    pub async fn steps(&self) -> Vec<String> {
        let mut names = Vec::new();
        for step in self.root.find_all(testid("step")).await.expect("steps") {
            names.push(
                step.attr("data-step")
                    .await
                    .expect("data-step")
                    .unwrap_or_default(),
            );
        }
        names
    }
}

pub struct NoSessionPage {
    pub root: WebElement,
}

impl NoSessionPage {
    pub async fn wait(h: &Harness) -> NoSessionPage {
        NoSessionPage {
            root: wait_for(h, "screen-no-session").await,
        }
    }
}

pub struct LoadErrorPage {
    root: WebElement,
}

impl LoadErrorPage {
    pub async fn wait(h: &Harness) -> LoadErrorPage {
        LoadErrorPage {
            root: wait_for(h, "screen-load-error").await,
        }
    }

    /// `link_invalid`, `unreachable` or `unexpected`.
    pub async fn kind(&self) -> String {
        self.root
            .attr("data-error")
            .await
            .expect("data-error")
            .unwrap_or_default()
    }

    pub async fn retry(&self) {
        let button = self.root.find(testid("retry")).await.expect("retry button");
        button.click().await.expect("click retry");
    }

    pub async fn has_retry(&self) -> bool {
        !self
            .root
            .find_all(testid("retry"))
            .await
            .expect("look for a retry button")
            .is_empty()
    }
}
