//! One file per component.

pub mod app;
pub mod banner;
pub mod chart;
pub mod devpanel;
pub mod diagnostics;
pub mod editor;
pub mod gallery;
pub mod measurements;
pub mod observation_card;
pub mod observations;
pub mod results;
pub mod settings;
pub mod summary;
pub mod toolbar;
pub mod trace;
