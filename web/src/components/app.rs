//! The root component: owns the reducer, restores work (link fragment, then autosave, then the
//! default example), autosaves every change, and evaluates the inputs — debounced, in a Web
//! Worker when possible — whenever they change.

use crate::components::banner::Banner;
use crate::components::devpanel::DevPanel;
use crate::components::editor::CodeEditor;
use crate::components::gallery::Gallery;
use crate::components::results::Results;
use crate::components::toolbar::Toolbar;
use crate::context::AppHandle;
use crate::persist::{from_fragment, from_saved, to_saved, STORAGE_KEY};
use crate::services::browser;
use crate::services::evaluator::{Evaluator, Outcome};
use crate::services::examples::{self, DEFAULT_EXAMPLE};
use crate::state::{Action, AppState, Editor, Inputs, Timings};
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use yew::prelude::*;

/// Milliseconds of quiet typing before an evaluation starts.
pub const DEBOUNCE_MS: u32 = 150;

/// How the app starts.
#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// Evaluate in a Web Worker (`worker.js`); otherwise in the page.
    #[prop_or(true)]
    pub use_worker: bool,
    /// Restore from and autosave to `localStorage` and the link fragment.
    #[prop_or(true)]
    pub persist: bool,
    /// Inputs to start with (instead of restoring or loading the default example).
    #[prop_or_default]
    pub initial: Option<Rc<Inputs>>,
}

fn outcome_action(outcome: Outcome) -> Action {
    match outcome {
        Outcome::Done(response, in_worker) => {
            let timings = Timings {
                core_ms: response.core_ms,
                view_ms: response.view_ms,
                edit_to_result_ms: None,
                in_worker,
            };
            web_sys::console::debug_1(
                &format!(
                    "medtech: revision {} evaluated: core {:.1} ms, view {:.1} ms ({})",
                    response.revision,
                    response.core_ms,
                    response.view_ms,
                    if in_worker { "worker" } else { "page" }
                )
                .into(),
            );
            Action::Evaluated {
                revision: response.revision,
                analysis: Rc::new(response.analysis.unwrap_or_default()),
                timings,
                at: browser::now(),
            }
        }
        Outcome::Crashed(revision, message) => Action::Failed(
            revision,
            format!("The evaluation crashed ({message}). It will run again on your next change."),
        ),
    }
}

/// The app.
#[component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(AppState::default);
    let evaluator = {
        let dispatcher = state.dispatcher();
        let use_worker = props.use_worker;
        use_memo((), move |_| {
            Evaluator::new(
                use_worker,
                Callback::from(move |o| dispatcher.dispatch(outcome_action(o))),
            )
        })
    };
    {
        // Start: a link's state, else autosaved work, else the default example.
        let (state, props) = (state.clone(), props.clone());
        use_effect_with((), move |_| {
            let handle = AppHandle {
                state: state.clone(),
            };
            let hash = if props.persist {
                browser::hash()
            } else {
                String::new()
            };
            let example = hash.strip_prefix("#example=").map(str::to_string);
            let reset = props.persist && browser::search() == "?reset";
            if reset {
                // "Start over" (from the error banner): forget the autosaved work.
                browser::remove(STORAGE_KEY);
                browser::set_fragment("");
            }
            if let Some(initial) = props.initial {
                state.dispatch(Action::Load(Box::new((*initial).clone())));
            } else if let Some(inputs) = from_fragment(&hash) {
                state.dispatch(Action::Load(Box::new(inputs)));
            } else if let Some(name) = example {
                handle.load_example(name);
            } else if let Some(inputs) = props
                .persist
                .then(|| browser::load(STORAGE_KEY))
                .flatten()
                .and_then(|t| from_saved(&t))
            {
                state.dispatch(Action::Load(Box::new(inputs)));
            } else {
                handle.load_example(DEFAULT_EXAMPLE.to_string());
            }
            wasm_bindgen_futures::spawn_local(examples::prefetch_all());
        });
    }
    {
        // Debounced evaluation and autosave of every revision.
        let timer = use_mut_ref(|| None::<Timeout>);
        let (state, evaluator, persist) = (state.clone(), evaluator.clone(), props.persist);
        use_effect_with(state.revision, move |revision| {
            if state.revision > 0 {
                if persist {
                    if let Err(e) = browser::save(STORAGE_KEY, &to_saved(&state.inputs)) {
                        web_sys::console::warn_1(&e.into());
                    }
                }
                let (inputs, revision, evaluator) =
                    (state.inputs.clone(), *revision, evaluator.clone());
                *timer.borrow_mut() = Some(Timeout::new(DEBOUNCE_MS, move || {
                    evaluator.submit(revision, &inputs)
                }));
            }
        });
    }
    let handle = AppHandle {
        state: state.clone(),
    };
    html! {
        <ContextProvider<AppHandle> context={handle}>
            <div class="app">
                <Toolbar />
                <Banner />
                if state.gallery_open { <Gallery /> }
                <main class="workspace">
                    <div class="editors">
                        { for Editor::ALL.iter().map(|e| html! { <CodeEditor editor={*e} /> }) }
                    </div>
                    <Results />
                </main>
                <DevPanel />
            </div>
        </ContextProvider<AppHandle>>
    }
}
