//! The Measurements tab: repeated numeric values as charts, then every normalized measurement
//! (as the service serializes it) with a link to its message.

use crate::components::chart::Chart;
use crate::context::use_app;
use serde_json::Value as Json;
use std::rc::Rc;
use yew::prelude::*;

fn text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => "—".into(),
        other => other.to_string(),
    }
}

/// The tab's content.
#[component(Measurements)]
pub fn measurements() -> Html {
    let app = use_app();
    let Some((_, a)) = app.state.analysis.clone() else {
        return html! { <p class="muted">{ "Evaluating…" }</p> };
    };
    if a.measurements.is_empty() {
        return html! { <p class="muted">{ "No measurements. The trace shows what each template did." }</p> };
    }
    let more = a.measurement_count.saturating_sub(a.measurements.len());
    html! {
        <div class="measurements">
            { for a.series.iter().map(|s| html! {
                <Chart values={Rc::new(s.points.iter().map(|p| Some(p.1)).collect::<Vec<_>>())}
                    label={AttrValue::from(format!("{} over {} measurements", s.label, s.points.len()))}
                    items="values" />
            }) }
            <table class="table">
                <thead><tr>
                    <th scope="col">{ "#" }</th><th scope="col">{ "Type" }</th>
                    <th scope="col">{ "OccurrenceTimeUtc" }</th><th scope="col">{ "DeviceId" }</th>
                    <th scope="col">{ "PatientId" }</th><th scope="col">{ "Properties" }</th>
                </tr></thead>
                <tbody>
                    { for a.measurements.iter().enumerate().map(|(i, m)| html! {
                        <tr>
                            <td>{ i }</td>
                            <td>{ text(&m["Type"]) }</td>
                            <td>{ text(&m["OccurrenceTimeUtc"]) }</td>
                            <td>{ text(&m["DeviceId"]) }</td>
                            <td>{ text(&m["PatientId"]) }</td>
                            <td>{ for m["Properties"].as_array().into_iter().flatten().map(|p| html! {
                                <span class="prop"><b>{ text(&p["Name"]) }</b>{ " = " }{ text(&p["Value"]) }</span>
                            }) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if more > 0 { <p class="muted">{ format!("… and {more} more measurements (not listed).") }</p> }
            <details>
                <summary>{ "Raw JSON" }</summary>
                <pre class="json">{ serde_json::to_string_pretty(&a.measurements).unwrap_or_default() }</pre>
            </details>
        </div>
    }
}
