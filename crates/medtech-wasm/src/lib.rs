//! The MedTech debugger core for JavaScript (Node and browsers), built with wasm-bindgen.
//!
//! ```js
//! import { debug, validate } from "./pkg/medtech_wasm.js";
//! const report = debug(deviceMappingText, fhirMappingText, messagesText, { envelope: "iothub" });
//! report.measurements; report.observations; report.diagnostics[0].range;
//! ```
//!
//! `debug(deviceMapping, fhirMapping, messages, options)` returns the report of
//! `medtech debug --format json` (cli.md); each diagnostic also has a `range` with UTF-16
//! columns for editors. `messages` is one text (one message, a JSON array or NDJSON) or an
//! array of texts. `validate(deviceMapping, fhirMapping)` only checks the mappings. TypeScript
//! declarations are generated into the package's `.d.ts`.
//!
//! A thin boundary: the options and report conversions are in [`dto`] (plain Rust, tested
//! natively); the exports exist only on wasm32.

pub mod dto;

#[cfg(target_arch = "wasm32")]
mod bindings;

#[cfg(test)]
mod tests;
