//! The app context: a handle on the reducer with domain methods (`edit`, `jump`,
//! `load_example`, …) that every component gets from [`use_app`].

use crate::analysis::Loc;
use crate::services::{browser, examples};
use crate::state::{Action, AppState, Editor, SettingKey, Tab};
use yew::prelude::*;

/// The handle components use to read the state and act on it.
#[derive(Clone, PartialEq)]
pub struct AppHandle {
    /// The state.
    pub state: UseReducerHandle<AppState>,
    /// Starts evaluating the state's revision, if nothing has started it yet; `true`: only if
    /// it goes to the worker (see `components::app`).
    pub changed: Callback<bool>,
}

impl AppHandle {
    /// An editor's text changed.
    pub fn edit(&self, editor: Editor, text: String) {
        self.state
            .dispatch(Action::Edit(editor, text, browser::now()));
        // The reducer ran: a worker's evaluation starts before the page renders the new text.
        self.changed.emit(true);
    }

    /// A setting changed.
    pub fn set(&self, key: SettingKey, value: String) {
        self.state.dispatch(Action::Set(key, value));
    }

    /// Re-indents an editor.
    pub fn format(&self, editor: Editor) {
        self.state.dispatch(Action::Format(editor));
    }

    /// Shows a tab.
    pub fn tab(&self, tab: Tab) {
        self.state.dispatch(Action::SelectTab(tab));
    }

    /// Moves the caret of the located editor to `loc` and scrolls there.
    pub fn jump(&self, loc: &Loc) {
        self.state.dispatch(Action::JumpTo {
            editor: loc.editor,
            start: loc.start,
            end: loc.end,
            line: loc.line,
        });
    }

    /// Shows an error banner.
    pub fn banner(&self, text: String) {
        self.state.dispatch(Action::Banner(text));
    }

    /// Loads an example set from the app's static files.
    pub fn load_example(&self, name: String) {
        let state = self.state.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match examples::fetch_inputs(&name).await {
                Ok(inputs) => state.dispatch(Action::Load(Box::new(inputs))),
                Err(error) => state.dispatch(Action::Banner(format!(
                    "The example could not be loaded: {error}"
                ))),
            }
        });
    }

    /// Reads picked or dropped files into an editor (several message files become a batch).
    pub fn open_files(&self, editor: Editor, files: Vec<web_sys::File>) {
        if files.is_empty() {
            return;
        }
        let handle = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let mut texts = Vec::new();
            for file in files
                .iter()
                .take(if editor == Editor::Messages { 1000 } else { 1 })
            {
                match browser::read_file(file).await {
                    Ok(text) => texts.push(text),
                    Err(error) => return handle.banner(error),
                }
            }
            handle.edit(editor, examples::join_messages(&texts));
        });
    }
}

/// The app handle (inside [`crate::App`]).
#[hook]
pub fn use_app() -> AppHandle {
    use_context::<AppHandle>().expect("components are rendered inside the App")
}
