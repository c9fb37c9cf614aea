//! The browser debugger (work in progress).

pub mod json_text;
