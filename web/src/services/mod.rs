//! The app's contact with the browser: clock, storage, location, files, downloads, the
//! example sets, the evaluation worker and the panic banner. Thin wrappers over `web-sys` and
//! `gloo`; the logic they carry out lives in `state`, `analysis` and `persist`.

pub mod browser;
pub mod evaluator;
pub mod examples;
pub mod panic;
pub mod worker;
