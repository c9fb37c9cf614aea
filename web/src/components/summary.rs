//! The validation summary: green when the mappings are valid and no message failed (like the
//! portal's "No errors"), red otherwise, with counts that open the diagnostics.

use crate::context::use_app;
use crate::state::Tab;
use yew::prelude::*;

/// The summary component.
#[component(Summary)]
pub fn summary() -> Html {
    let app = use_app();
    let pending = app.state.pending;
    let Some((_, a)) = app.state.analysis.clone() else {
        return html! { <div id="summary" class="summary pending" role="status">{ "Evaluating…" }</div> };
    };
    let (errors, warnings, infos) = a.counts;
    let open = {
        let app = app.clone();
        Callback::from(move |_| app.tab(Tab::Diagnostics))
    };
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let (class, headline) = if let Some(e) = &a.settings_error {
        ("bad", format!("Settings: {e}"))
    } else if !a.valid {
        (
            "bad",
            "A mapping is invalid: the service would reject it.".to_string(),
        )
    } else if errors > 0 {
        (
            "bad",
            format!("{} in the messages", plural(errors, "error")),
        )
    } else {
        ("ok", "No errors".to_string())
    };
    let details = format!(
        "{} ({}) · {} · {}",
        plural(a.message_count, "message"),
        a.shape,
        plural(a.measurement_count, "measurement"),
        plural(a.observations.len(), "Observation")
    );
    html! {
        <div id="summary" class={classes!("summary", class, pending.then_some("pending"))} role="status" aria-live="polite">
            <strong class="headline">{ headline }</strong>
            <span class="details">{ details }</span>
            <button type="button" class="link" onclick={open}>
                { format!("{} · {} · {}", plural(errors, "error"), plural(warnings, "warning"), plural(infos, "info")) }
            </button>
        </div>
    }
}
