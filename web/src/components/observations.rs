//! The Observations tab: one card per Observation (the first [`PAGE`], then more on request:
//! a large batch can give thousands), and the FHIR Bundle download (all of them).

use crate::components::observation_card::ObservationCard;
use crate::context::use_app;
use crate::observation::bundle;
use crate::services::browser;
use medtech_core::fhir::ObservationText;
use std::rc::Rc;
use yew::prelude::*;

/// Cards shown at first, and added by each "Show more".
pub const PAGE: usize = 100;

/// The tab's content.
#[component(Observations)]
pub fn observations() -> Html {
    let app = use_app();
    let shown = use_state(|| PAGE);
    let Some((_, a)) = app.state.analysis.clone() else {
        return html! { <p class="muted">{ "Evaluating…" }</p> };
    };
    let has_fhir = !app.state.inputs.fhir.trim().is_empty();
    let total = a.observations.len();
    let list: Vec<Rc<ObservationText>> = a
        .observations
        .iter()
        .take(*shown)
        .cloned()
        .map(Rc::new)
        .collect();
    let on_bundle = {
        let (app, a) = (app.clone(), a.clone());
        Callback::from(move |_| {
            let text = bundle(&a.observations);
            if let Err(e) =
                browser::download("observations-bundle.json", &text, "application/fhir+json")
            {
                app.banner(e);
            }
        })
    };
    html! {
        <div class="observations">
            <div class="tab-actions">
                <span>{ format!("{} Observation{}", total, if total == 1 { "" } else { "s" }) }</span>
                <button type="button" id="download-bundle" onclick={on_bundle} disabled={list.is_empty()}>
                    { "Download as FHIR Bundle" }
                </button>
            </div>
            if list.is_empty() {
                <p class="muted">{
                    if !has_fhir { "Add a FHIR destination mapping to see the Observations the service would write." }
                    else if a.measurement_count == 0 { "No measurements, so no Observations. See the trace and the diagnostics." }
                    else { "No Observations were built from the measurements; see the diagnostics." }
                }</p>
            }
            { for list.into_iter().enumerate().map(|(index, observation)| html! {
                <ObservationCard {observation} {index} />
            }) }
            if total > *shown {
                <button type="button" id="observations-more" onclick={
                    let shown = shown.clone();
                    Callback::from(move |_| shown.set(*shown + PAGE))
                }>{ format!("Show {} more (of {} not shown)", PAGE.min(total - *shown), total - *shown) }</button>
            }
        </div>
    }
}
