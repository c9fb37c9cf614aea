//! The Trace tab: for every message and template, whether it matched and why, each matched
//! token (click to see it in the message), and every expression's value or failure.

use crate::analysis::{FieldRow, Loc, MatchRow, TemplateRow};
use crate::context::{use_app, AppHandle};
use yew::prelude::*;

fn place(app: &AppHandle, loc: Option<Loc>, label: String) -> Html {
    match loc {
        Some(loc) => {
            let app = app.clone();
            let onclick = Callback::from(move |_| app.jump(&loc));
            html! { <button type="button" class="link" {onclick} title="Show in the editor">{ label }</button> }
        }
        None => html! { <code>{ label }</code> },
    }
}

fn field(app: &AppHandle, f: &FieldRow) -> Html {
    let result = match f.status.as_str() {
        "value" => html! { <>
            { place(app, f.loc, format!("\"{}\"", f.text)) }
            if let Some(kind) = &f.kind { <span class="muted">{ format!(" ({kind})") }</span> }
        </> },
        "absent" => html! { <span class="muted">{ "absent (left out)" }</span> },
        _ => {
            html! { <span class={classes!("reason", f.status.clone())}>{ format!("{}: {}", f.status, f.text) }</span> }
        }
    };
    html! {
        <tr class={classes!("trace-field", f.status.clone())}>
            <th scope="row">{ f.field.clone() }{ if f.required { " *" } else { "" } }</th>
            <td><code>{ f.expressions.join(" | ") }</code></td>
            <td>{ result }</td>
        </tr>
    }
}

fn one_match(app: &AppHandle, index: usize, m: &MatchRow) -> Html {
    let pointer = m
        .pointer
        .clone()
        .map_or("(computed value)".to_string(), |p| {
            if p.is_empty() {
                "(root)".into()
            } else {
                p
            }
        });
    html! {
        <div class="match">
            <div>{ format!("match {index}: ") }{ place(app, m.loc, pointer) }
                { match m.measurement { Some(i) => format!(" → measurement {i}"), None => " → no measurement".into() } }
            </div>
            <table class="fields"><tbody>{ for m.fields.iter().map(|f| field(app, f)) }</tbody></table>
        </div>
    }
}

fn template(app: &AppHandle, t: &TemplateRow, errors: &[crate::analysis::Finding]) -> Html {
    let summary = format!(
        "template {} · {} ({}) — {}, {} match{}, {} measurement{}",
        t.index,
        t.type_name,
        t.template_type,
        t.status,
        t.matches.len(),
        if t.matches.len() == 1 { "" } else { "es" },
        t.measurements,
        if t.measurements == 1 { "" } else { "s" }
    );
    let error = t
        .error
        .and_then(|i| errors.get(i))
        .map(|f| f.message.clone());
    html! {
        <details class={classes!("template", t.status.clone())} open={t.status != "not-evaluated"}>
            <summary>{ summary }</summary>
            if t.matches.is_empty() && t.status == "evaluated" {
                <p class="muted">{ "The type match expression selected nothing in this message." }</p>
            }
            if let Some(e) = error { <p class="reason failed">{ e }</p> }
            { for t.matches.iter().enumerate().map(|(i, m)| one_match(app, i, m)) }
        </details>
    }
}

/// The tab's content.
#[component(Trace)]
pub fn trace() -> Html {
    let app = use_app();
    let Some((_, a)) = app.state.analysis.clone() else {
        return html! { <p class="muted">{ "Evaluating…" }</p> };
    };
    if a.messages.is_empty() {
        return html! { <p class="muted">{
            if a.valid { "No messages: paste one, a JSON array or NDJSON into the messages editor." }
            else { "The mappings are invalid, so no message was evaluated (as in the service)." }
        }</p> };
    }
    html! {
        <div class="trace">
            if a.message_count > a.messages.len() {
                <p class="muted">{ format!("Showing the first {} of {} messages.", a.messages.len(), a.message_count) }</p>
            }
            { for a.messages.iter().map(|m| html! {
                <section class="message-trace">
                    <h3>{ place(&app, m.loc, format!("Message {}", m.index + 1)) }
                        { m.loc.map(|l| format!(" (line {})", l.line)).unwrap_or_default() }</h3>
                    { for m.templates.iter().map(|t| template(&app, t, &a.findings)) }
                </section>
            }) }
        </div>
    }
}
