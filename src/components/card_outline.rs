//! The outline of the card the preview's analysis found, drawn over the camera preview.

use crate::card::{Outline, FIT};
use leptos::prelude::*;

/// An SVG layer over the preview video whose `viewBox` is the camera picture, scaled like the
/// video (`preserveAspectRatio` = the video's `object-fit: contain`), holding the card's
/// outline while one is found; its look follows the frame's verdict
/// (`card-outline--<guidance code>`, style/main.css). Decorative: the verdict is read out by
/// the guidance's live region.
#[component]
pub fn CardOutline(outline: Signal<Option<Outline>>) -> impl IntoView {
    let code = move || outline.with(|o| o.as_ref().map(|o| o.guidance.code()));
    view! {
        <svg
            class="card-outline-layer"
            aria-hidden="true"
            focusable="false"
            viewBox=move || outline.with(|o| o.as_ref().map(Outline::view_box))
            preserveAspectRatio=FIT
        >
            <Show when=move || code().is_some()>
                <polygon
                    data-testid="card-outline"
                    data-guidance=code
                    class=move || format!("card-outline card-outline--{}", code().unwrap_or_default())
                    points=move || outline.with(|o| o.as_ref().map(Outline::points_attr))
                ></polygon>
            </Show>
        </svg>
    }
}
