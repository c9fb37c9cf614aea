//! Timings of the last evaluation (also logged to the console): where it ran, time in the core,
//! time building the view, and from the edit to the result on screen (debounce included).

use crate::context::use_app;
use yew::prelude::*;

/// The dev panel component.
#[component(DevPanel)]
pub fn dev_panel() -> Html {
    let app = use_app();
    let t = app.state.timings;
    let text = format!(
        "core {:.1} ms · view {:.1} ms · edit→result {} · {}",
        t.core_ms,
        t.view_ms,
        t.edit_to_result_ms
            .map_or("–".to_string(), |ms| format!("{ms:.0} ms")),
        if t.in_worker {
            "in a Web Worker"
        } else {
            "in the page"
        }
    );
    html! {
        <details class="dev">
            <summary>{ "Timings" }</summary>
            <output id="dev-timings">{ text }</output>
        </details>
    }
}
