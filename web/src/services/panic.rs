//! A panic in the page must not leave a dead page: the hook shows the static `#fatal` banner of
//! `index.html` (outside the Yew tree, so it works even when the app is stuck) with the panic
//! message and a reload link. The inputs are autosaved on every change, so a reload restores
//! them. Panics in the evaluation worker never reach this hook (see `evaluator`).

use wasm_bindgen::JsCast;

/// Installs the hook (once; later calls replace it).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&format!("medtech debugger: {message}").into());
        show(&message);
    }));
}

/// Shows the fatal banner with `message`.
pub fn show(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(text) = document.get_element_by_id("fatal-message") {
        text.set_text_content(Some(message));
    }
    if let Some(banner) = document
        .get_element_by_id("fatal")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        banner.set_hidden(false);
    }
}
