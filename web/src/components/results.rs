//! The result panes: summary, then tabs (Observations, Measurements, Trace, Diagnostics).

use crate::components::diagnostics::Diagnostics;
use crate::components::measurements::Measurements;
use crate::components::observations::Observations;
use crate::components::summary::Summary;
use crate::components::trace::Trace;
use crate::context::use_app;
use crate::state::Tab;
use yew::prelude::*;

const TABS: [(Tab, &str, &str); 4] = [
    (Tab::Observations, "observations", "Observations"),
    (Tab::Measurements, "measurements", "Measurements"),
    (Tab::Trace, "trace", "Trace"),
    (Tab::Diagnostics, "diagnostics", "Diagnostics"),
];

/// The results component.
#[component(Results)]
pub fn results() -> Html {
    let app = use_app();
    let current = app.state.tab;
    let counts = app.state.analysis.as_ref().map(|(_, a)| {
        [
            a.observations.len(),
            a.measurement_count,
            a.message_count,
            a.findings.len(),
        ]
    });
    let onkeydown = {
        let app = app.clone();
        Callback::from(move |e: KeyboardEvent| {
            let index = TABS.iter().position(|t| t.0 == current).unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" => (index + 1) % TABS.len(),
                "ArrowLeft" => (index + TABS.len() - 1) % TABS.len(),
                _ => return,
            };
            e.prevent_default();
            app.tab(TABS[next].0);
        })
    };
    let panel = match current {
        Tab::Observations => html! { <Observations /> },
        Tab::Measurements => html! { <Measurements /> },
        Tab::Trace => html! { <Trace /> },
        Tab::Diagnostics => html! { <Diagnostics /> },
    };
    let id = TABS
        .iter()
        .find(|t| t.0 == current)
        .map_or("observations", |t| t.1);
    html! {
        <section class="results" aria-label="Results">
            <Summary />
            <div class="tabs" role="tablist" aria-label="Result views" {onkeydown}>
                { for TABS.iter().enumerate().map(|(i, (tab, key, label))| {
                    let app = app.clone();
                    let tab = *tab;
                    let onclick = Callback::from(move |_| app.tab(tab));
                    let selected = tab == current;
                    let count = counts.map(|c| format!(" ({})", c[i])).unwrap_or_default();
                    html! {
                        <button type="button" role="tab" id={format!("tab-{key}")} aria-selected={selected.to_string()}
                            aria-controls="result-panel" tabindex={if selected { "0" } else { "-1" }} {onclick}>
                            { format!("{label}{count}") }
                        </button>
                    }
                }) }
            </div>
            <div class="panel" id="result-panel" role="tabpanel" aria-labelledby={format!("tab-{id}")} tabindex="0">
                { panel }
            </div>
        </section>
    }
}
