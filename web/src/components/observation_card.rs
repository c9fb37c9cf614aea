//! One Observation as a readable card (code, value or chart, period, components, references)
//! with its raw JSON underneath.

use crate::components::chart::Chart;
use crate::observation::{card, ValueView};
use medtech_core::fhir::ObservationText;
use std::rc::Rc;
use yew::prelude::*;

/// The Observation.
#[derive(Properties, PartialEq)]
pub struct CardProps {
    /// Its JSON text.
    pub observation: Rc<ObservationText>,
    /// Its position in the list.
    pub index: usize,
}

fn value_html(value: &Option<ValueView>, label: &str) -> Html {
    match value {
        None => html! { <span class="muted">{ "no value" }</span> },
        Some(ValueView::Quantity(t))
        | Some(ValueView::Text(t))
        | Some(ValueView::Concept(t))
        | Some(ValueView::Other(t)) => html! { <span class="value">{ t.clone() }</span> },
        Some(ValueView::Sampled(s)) => html! {
            <div class="sampled">
                <Chart values={Rc::new(s.values.clone())}
                    label={AttrValue::from(format!("{label} (SampledData, period {} ms)", s.period_ms))}
                    unit={s.unit.clone().map(AttrValue::from)} />
                <details>
                    <summary>{ format!("data ({} slots)", s.values.len()) }</summary>
                    <code class="raw-data">{ s.raw.clone() }</code>
                </details>
            </div>
        },
    }
}

/// The card component.
#[component(ObservationCard)]
pub fn observation_card(props: &CardProps) -> Html {
    let c = card(&props.observation.to_json());
    let raw = props.observation.pretty();
    let row = |name: &'static str, value: Option<String>| {
        value.map(|v| html! { <><dt>{ name }</dt><dd>{ v }</dd></> })
    };
    html! {
        <article class="observation-card" aria-labelledby={format!("observation-{}", props.index)}>
            <header>
                <h3 id={format!("observation-{}", props.index)}>{ c.title.clone() }</h3>
                <span class="badge">{ c.status.clone() }</span>
            </header>
            <div class="obs-value">{ value_html(&c.value, &c.title) }</div>
            if !c.components.is_empty() {
                <table class="components">
                    <caption class="visually-hidden">{ "Components" }</caption>
                    <tbody>
                        { for c.components.iter().map(|(title, value)| html! {
                            <tr><th scope="row">{ title.clone() }</th><td>{ value_html(value, title) }</td></tr>
                        }) }
                    </tbody>
                </table>
            }
            <dl>
                { row("Effective", c.effective.clone()) }
                { row("Codes", (!c.codes.is_empty()).then(|| c.codes.join("; "))) }
                { row("Category", (!c.categories.is_empty()).then(|| c.categories.join("; "))) }
                { row("Subject", c.subject.clone()) }
                { row("Device", c.device.clone()) }
                { row("Encounter", c.encounter.clone()) }
                { row("Identifier", c.identifier.clone()) }
            </dl>
            <details>
                <summary>{ "Raw JSON" }</summary>
                <pre class="json">{ raw }</pre>
            </details>
        </article>
    }
}
