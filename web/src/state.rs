//! The app's state and its pure reducer (an [`Action`] enum applied by [`Reducible`]), tested
//! natively without a browser. Everything the user typed is in [`Inputs`], which is what gets
//! autosaved, put in a link, and sent to evaluation; results arrive as [`Action::Evaluated`]
//! and are kept only if they belong to the latest revision of the inputs.

use crate::analysis::Analysis;
use crate::json_text::format_json;
use medtech_core::batch::{split_messages, BatchShape};
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use yew::Reducible;

/// The three editors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Editor {
    /// The device mapping.
    Device,
    /// The FHIR destination mapping.
    Fhir,
    /// The device message(s).
    Messages,
}

impl Editor {
    /// All editors, in screen order.
    pub const ALL: [Editor; 3] = [Editor::Device, Editor::Fhir, Editor::Messages];

    /// The id prefix of its DOM elements (`device-editor`, …).
    pub fn id(self) -> &'static str {
        match self {
            Editor::Device => "device",
            Editor::Fhir => "fhir",
            Editor::Messages => "messages",
        }
    }

    /// Its label.
    pub fn label(self) -> &'static str {
        match self {
            Editor::Device => "Device mapping",
            Editor::Fhir => "FHIR destination mapping",
            Editor::Messages => "Device message(s)",
        }
    }

    /// The file name used for downloads.
    pub fn file_name(self) -> &'static str {
        match self {
            Editor::Device => "devicecontent.json",
            Editor::Fhir => "fhirmapping.json",
            Editor::Messages => "messages.json",
        }
    }
}

/// The run settings as the form holds them (see `medtech_core::settings`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    /// `raw`, `eventhub` or `iothub`.
    pub envelope: String,
    /// IoT Hub device id.
    pub device_id: String,
    /// Enqueued time (ISO 8601).
    pub enqueued_time: String,
    /// IoT Hub creation time, or `none`.
    pub creation_time: String,
    /// `create` or `lookup`.
    pub identity: String,
}

/// Which setting a form control edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingKey {
    /// The envelope kind.
    Envelope,
    /// The IoT Hub device id.
    DeviceId,
    /// The enqueued time.
    EnqueuedTime,
    /// The creation time.
    CreationTime,
    /// The identity mode.
    Identity,
}

/// Everything the user typed or chose: autosaved and shareable.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Inputs {
    /// Device mapping text.
    pub device: String,
    /// FHIR mapping text.
    pub fhir: String,
    /// Message(s) text.
    pub messages: String,
    /// Run settings.
    pub settings: Settings,
    /// The example these inputs came from, if any.
    pub example: Option<String>,
}

impl Inputs {
    /// The text of one editor.
    pub fn text(&self, editor: Editor) -> &str {
        match editor {
            Editor::Device => &self.device,
            Editor::Fhir => &self.fhir,
            Editor::Messages => &self.messages,
        }
    }

    /// Bytes of text in the three editors.
    pub fn byte_len(&self) -> usize {
        self.device.len() + self.fhir.len() + self.messages.len()
    }

    fn text_mut(&mut self, editor: Editor) -> &mut String {
        match editor {
            Editor::Device => &mut self.device,
            Editor::Fhir => &mut self.fhir,
            Editor::Messages => &mut self.messages,
        }
    }
}

/// The result tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// FHIR Observations.
    Observations,
    /// Normalized measurements.
    Measurements,
    /// Per-message, per-template trace.
    Trace,
    /// All findings.
    Diagnostics,
}

/// A request to move an editor's caret and scroll to a place (`seq` makes repeats distinct).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jump {
    /// Which editor.
    pub editor: Editor,
    /// Byte range to select.
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// 1-based line to scroll to.
    pub line: u32,
    /// Increments with every jump.
    pub seq: u64,
}

/// Timings of the last evaluation, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Timings {
    /// Time in the core (load, normalize, Observations).
    pub core_ms: f64,
    /// Building the view (locations, trace rows).
    pub view_ms: f64,
    /// From the edit that started it to the result arriving (debounce included).
    pub edit_to_result_ms: Option<f64>,
    /// Where the evaluation ran.
    pub in_worker: bool,
}

/// The whole app state.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// What the user typed.
    pub inputs: Inputs,
    /// Increments with every change of `inputs`.
    pub revision: u64,
    /// The last result, and the revision it belongs to.
    pub analysis: Option<(u64, Rc<Analysis>)>,
    /// The selected result tab.
    pub tab: Tab,
    /// Whether the examples gallery is open.
    pub gallery_open: bool,
    /// An error banner (evaluation crash, unreadable file, …).
    pub banner: Option<String>,
    /// The last jump request.
    pub jump: Option<Jump>,
    /// Timings of the last evaluation.
    pub timings: Timings,
    /// When (ms, `performance.now()`) the inputs were last edited.
    pub edited_at: Option<f64>,
    /// An evaluation is scheduled or running for `revision`.
    pub pending: bool,
}

impl Default for AppState {
    fn default() -> Self {
        AppState {
            inputs: Inputs::default(),
            revision: 0,
            analysis: None,
            tab: Tab::Observations,
            gallery_open: false,
            banner: None,
            jump: None,
            timings: Timings::default(),
            edited_at: None,
            pending: false,
        }
    }
}

/// Everything that changes the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// An editor's text changed (at time `at`, ms).
    Edit(Editor, String, f64),
    /// A setting changed.
    Set(SettingKey, String),
    /// Replace all inputs (example loaded, autosave or link restored).
    Load(Box<Inputs>),
    /// Re-indent an editor's JSON.
    Format(Editor),
    /// An evaluation finished.
    Evaluated {
        /// The inputs revision it evaluated.
        revision: u64,
        /// The result.
        analysis: Rc<Analysis>,
        /// Its timings (without `edit_to_result_ms`, computed here from `at`).
        timings: Timings,
        /// When it arrived.
        at: f64,
    },
    /// An evaluation crashed or could not run.
    Failed(u64, String),
    /// Show a tab.
    SelectTab(Tab),
    /// Move an editor's caret to a range.
    JumpTo {
        /// Which editor.
        editor: Editor,
        /// Byte range.
        start: usize,
        /// End of the range.
        end: usize,
        /// Line to scroll to.
        line: u32,
    },
    /// Open or close the examples gallery.
    ToggleGallery,
    /// Show an error banner.
    Banner(String),
    /// Close the banner.
    DismissBanner,
}

impl AppState {
    fn changed(mut self) -> Self {
        self.revision += 1;
        self.pending = true;
        self
    }

    /// The state after `action` (pure).
    pub fn apply(mut self, action: Action) -> AppState {
        match action {
            Action::Edit(editor, text, at) => {
                if self.inputs.text(editor) == text {
                    return self;
                }
                *self.inputs.text_mut(editor) = text;
                self.edited_at = Some(at);
                self.changed()
            }
            Action::Set(key, value) => {
                let settings = &mut self.inputs.settings;
                let slot = match key {
                    SettingKey::Envelope => &mut settings.envelope,
                    SettingKey::DeviceId => &mut settings.device_id,
                    SettingKey::EnqueuedTime => &mut settings.enqueued_time,
                    SettingKey::CreationTime => &mut settings.creation_time,
                    SettingKey::Identity => &mut settings.identity,
                };
                if *slot == value {
                    return self;
                }
                *slot = value;
                self.changed()
            }
            Action::Load(inputs) => {
                self.inputs = *inputs;
                self.gallery_open = false;
                self.edited_at = None;
                self.changed()
            }
            Action::Format(editor) => {
                let text = self.inputs.text(editor);
                let formatted = match (editor, split_messages(text)) {
                    (Editor::Messages, (BatchShape::Ndjson, slices)) => {
                        let items: Vec<&str> = slices.iter().map(|s| s.text).collect();
                        format_json(&format!("[{}]", items.join(",")))
                    }
                    _ => format_json(text),
                };
                if formatted == text || text.trim().is_empty() {
                    return self;
                }
                *self.inputs.text_mut(editor) = formatted;
                self.changed()
            }
            Action::Evaluated {
                revision,
                analysis,
                mut timings,
                at,
            } => {
                if revision != self.revision {
                    return self;
                }
                timings.edit_to_result_ms = self.edited_at.map(|t| at - t);
                self.analysis = Some((revision, analysis));
                self.timings = timings;
                self.pending = false;
                self
            }
            Action::Failed(revision, message) => {
                if revision == self.revision {
                    self.pending = false;
                }
                self.banner = Some(message);
                self
            }
            Action::SelectTab(tab) => {
                self.tab = tab;
                self
            }
            Action::JumpTo {
                editor,
                start,
                end,
                line,
            } => {
                let seq = self.jump.as_ref().map_or(1, |j| j.seq + 1);
                self.jump = Some(Jump {
                    editor,
                    start,
                    end,
                    line,
                    seq,
                });
                self
            }
            Action::ToggleGallery => {
                self.gallery_open = !self.gallery_open;
                self
            }
            Action::Banner(text) => {
                self.banner = Some(text);
                self
            }
            Action::DismissBanner => {
                self.banner = None;
                self
            }
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}

#[cfg(test)]
mod tests;
