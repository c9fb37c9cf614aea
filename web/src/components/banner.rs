//! The error banner (an evaluation crash, an unreadable file…): the inputs are always kept.

use crate::context::use_app;
use yew::prelude::*;

/// The banner component.
#[component(Banner)]
pub fn banner() -> Html {
    let app = use_app();
    let Some(text) = app.state.banner.clone() else {
        return html! {};
    };
    let dismiss = {
        let app = app.clone();
        Callback::from(move |_| app.state.dispatch(crate::state::Action::DismissBanner))
    };
    html! {
        <div id="banner" class="banner" role="alert">
            <span>{ text }</span>
            <span class="muted">{ " Your inputs are kept." }</span>
            <button type="button" onclick={dismiss}>{ "Dismiss" }</button>
        </div>
    }
}
