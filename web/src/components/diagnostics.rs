//! The Diagnostics tab: every finding with its MedTech error name and code; a click moves the
//! caret to its place.

use crate::analysis::Finding;
use crate::context::{use_app, AppHandle};
use crate::state::Editor;
use yew::prelude::*;

fn location(f: &Finding) -> String {
    match f.loc {
        Some(loc) => {
            let editor = match loc.editor {
                Editor::Device => "device mapping",
                Editor::Fhir => "FHIR mapping",
                Editor::Messages => "messages",
            };
            format!("{editor} {}:{}", loc.line, loc.column)
        }
        None => "no location".into(),
    }
}

fn item(app: &AppHandle, index: usize, f: &Finding) -> Html {
    let onclick = f.loc.map(|loc| {
        let app = app.clone();
        Callback::from(move |_| app.jump(&loc))
    });
    html! {
        <li class={classes!("finding", format!("sev-{}", f.severity))} id={format!("finding-{index}")}>
            <div class="finding-head">
                <span class="severity">{ f.severity.clone() }</span>
                if let Some(e) = &f.medtech_error { <span class="medtech">{ e.clone() }</span> }
                <code class="code">{ f.code.clone() }</code>
                if let Some(i) = f.message_index { <span class="muted">{ format!("message {}", i + 1) }</span> }
                <button type="button" class="link" disabled={onclick.is_none()} onclick={onclick.unwrap_or_default()}>
                    { location(f) }
                </button>
            </div>
            <p class="finding-message">{ f.message.clone() }</p>
            { for f.causes.iter().map(|c| html! { <p class="cause">{ c.clone() }</p> }) }
            if let Some(help) = &f.help { <p class="help">{ help.clone() }</p> }
        </li>
    }
}

/// The tab's content.
#[component(Diagnostics)]
pub fn diagnostics() -> Html {
    let app = use_app();
    let Some((_, a)) = app.state.analysis.clone() else {
        return html! { <p class="muted">{ "Evaluating…" }</p> };
    };
    if a.findings.is_empty() {
        return html! { <p class="ok-text">{ "No findings." }</p> };
    }
    html! {
        <ol class="findings">{ for a.findings.iter().enumerate().map(|(i, f)| item(&app, i, f)) }</ol>
    }
}
