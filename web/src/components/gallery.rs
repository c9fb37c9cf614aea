//! The examples gallery: a card per example set (title and description from its manifest);
//! choosing one replaces the editors' contents.

use crate::context::use_app;
use crate::services::examples::{fetch_manifest, Manifest, EXAMPLES};
use yew::prelude::*;

/// The gallery component (rendered while open).
#[component(Gallery)]
pub fn gallery() -> Html {
    let app = use_app();
    let manifests = use_state(Vec::<Manifest>::new);
    {
        let manifests = manifests.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let mut list = Vec::new();
                for name in EXAMPLES {
                    if let Ok(m) = fetch_manifest(name).await {
                        list.push(m);
                    }
                }
                manifests.set(list);
            });
        });
    }
    let current = app.state.inputs.example.clone();
    html! {
        <section id="gallery" class="gallery" aria-label="Examples">
            <h2>{ "Examples" }</h2>
            if manifests.is_empty() { <p class="muted">{ "Loading…" }</p> }
            <ul>
                { for manifests.iter().map(|m| {
                    let app = app.clone();
                    let name = m.name.clone();
                    let onclick = Callback::from(move |_| app.load_example(name.clone()));
                    let selected = current.as_deref() == Some(m.name.as_str());
                    html! {
                        <li>
                            <button type="button" class={classes!("example-card", selected.then_some("selected"))}
                                data-example={m.name.clone()} {onclick}>
                                <strong>{ m.title.clone() }</strong>
                                <span>{ m.description.clone() }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
