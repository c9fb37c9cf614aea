//! The MedTech mapping debugger in the browser: a Yew (CSR) app that runs `medtech-core` as
//! WebAssembly. Three editors (device mapping, FHIR mapping, messages), results updated as you
//! type (summary, trace, measurements, Observations, diagnostics), offline and private.
//!
//! Layout: [`state`] is the pure reducer (tested natively); [`analysis`] re-shapes a core run
//! for the panes (no evaluation logic of its own); [`json_text`], [`observation`], [`chart`]
//! and [`persist`] are pure helpers; [`components`] holds one file per component; [`services`]
//! wraps the browser (storage, files, examples, the evaluation worker, the panic banner).

pub mod analysis;
pub mod chart;
pub mod components;
pub mod context;
pub mod json_text;
pub mod markers;
pub mod observation;
pub mod persist;
pub mod services;
pub mod state;

pub use components::app::{App, AppProps};

/// The entry point of the wasm: in a page, mounts the app on `<body>`; in a Web Worker
/// (`worker.js` loads the same wasm), serves evaluation requests.
pub fn start() {
    if web_sys::window().is_some() {
        services::panic::install();
        yew::Renderer::<App>::with_props(yew::props!(AppProps {})).render();
    } else {
        #[cfg(target_arch = "wasm32")]
        services::worker::serve();
    }
}
