//! The header: title, examples, settings, copy link and the mapping downloads.

use crate::components::settings::Settings;
use crate::context::use_app;
use crate::persist::to_fragment;
use crate::services::browser;
use crate::state::{Action, Editor};
use yew::prelude::*;

/// The toolbar component.
#[component(Toolbar)]
pub fn toolbar() -> Html {
    let app = use_app();
    let copied = use_state(|| false);
    let on_gallery = {
        let app = app.clone();
        Callback::from(move |_| app.state.dispatch(Action::ToggleGallery))
    };
    let on_link = {
        let (app, copied) = (app.clone(), copied.clone());
        Callback::from(move |_| {
            let fragment = to_fragment(&app.state.inputs);
            let Some(url) = browser::set_fragment(&fragment) else {
                return;
            };
            let (app, copied) = (app.clone(), copied.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match browser::copy(&url).await {
                    Ok(()) => copied.set(true),
                    Err(e) => app.banner(e),
                }
            });
        })
    };
    let on_both = {
        let app = app.clone();
        Callback::from(move |_| {
            for editor in [Editor::Device, Editor::Fhir] {
                let text = app.state.inputs.text(editor);
                if let Err(e) = browser::download(editor.file_name(), text, "application/json") {
                    app.banner(e);
                }
            }
        })
    };
    html! {
        <header class="toolbar">
            <div class="toolbar-row">
            <h1>{ "MedTech mapping debugger" }</h1>
            <button type="button" id="examples-button" aria-expanded={app.state.gallery_open.to_string()}
                aria-controls="gallery" onclick={on_gallery}>{ "Examples" }</button>
            <span class="spacer"></span>
            <button type="button" id="copy-link" onclick={on_link}
                title="Put the editors' contents in the link (the part after #, which is never sent to a server) and copy it">
                { if *copied { "Link copied" } else { "Copy link" } }
            </button>
            <button type="button" id="download-both" onclick={on_both}>{ "Download both mappings" }</button>
            <span class="offline" title="Everything runs in this page; nothing is sent anywhere">{ "offline" }</span>
            </div>
            <Settings />
        </header>
    }
}
