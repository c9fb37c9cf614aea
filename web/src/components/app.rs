//! The root component: owns the reducer, restores work (link fragment, then autosave, then the
//! default example), autosaves every change, and evaluates the inputs — in a Web Worker when
//! possible — whenever they change: at once, unless large inputs are being typed into quickly
//! (see [`delay_ms`]).

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

/// Milliseconds of quiet typing before large inputs are evaluated (see [`delay_ms`]).
pub const DEBOUNCE_MS: u32 = 150;
/// Inputs up to this many bytes are evaluated on every change: sending them to the worker and
/// evaluating them takes a few milliseconds, and the evaluator keeps at most one request
/// queued, so fast typing never piles up work.
pub const IMMEDIATE_BYTES: usize = 256 * 1024;

/// How long to wait before evaluating a change made `since_last_edit_ms` after the previous
/// one, for inputs of `bytes` bytes: small inputs at once; large ones at once after a pause
/// (a paste, a single edit), else after [`DEBOUNCE_MS`] of quiet, so typing into a large
/// batch does not copy it to the worker on every key.
pub fn delay_ms(bytes: usize, since_last_edit_ms: f64) -> u32 {
    if bytes <= IMMEDIATE_BYTES || since_last_edit_ms >= f64::from(DEBOUNCE_MS) {
        0
    } else {
        DEBOUNCE_MS
    }
}

thread_local! {
    /// When (ms) the last result arrived, to log how long it took to show.
    static ARRIVED: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

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
            ARRIVED.with(|a| a.set(browser::now()));
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
    // Evaluation (see `delay_ms`) and autosave of every revision, started once per revision by
    // the effect below, after the render. An edit that goes to the worker starts it at once
    // instead (`AppHandle::edit`, argument `true`), before the page renders and lays out the new
    // text: Yew yields to the browser between a long render and its effects, so a pasted batch
    // waited for the layout of its text (0.4 s for 1.2 MB) before the worker began; now the two
    // overlap. An edit evaluated in the page keeps to the effect, so its result comes with a
    // render of its own, as before.
    let start_evaluation = {
        // This render's handle, replaced by every render: a handle kept by the callback itself
        // would keep every state it ever read (Yew's handles remember the states they deref).
        let latest = use_mut_ref(|| None::<UseReducerHandle<AppState>>);
        *latest.borrow_mut() = Some(state.clone());
        let (evaluator, persist) = (evaluator.clone(), props.persist);
        let started = use_mut_ref(|| 0_u64);
        let timer = use_mut_ref(|| None::<Timeout>);
        let last_change = use_mut_ref(|| f64::NEG_INFINITY);
        use_memo((), move |_| {
            Callback::from(move |early: bool| {
                // The reducer's handle reads the state the last action left, rendered or not.
                let Some(state) = latest.borrow().clone() else {
                    return;
                };
                let revision = state.revision;
                // `started` begins at 0, the revision of the empty state before anything loads.
                if revision <= *started.borrow() || (early && evaluator.in_page(&state.inputs)) {
                    return;
                }
                *started.borrow_mut() = revision;
                let now = browser::now();
                let since = now - std::mem::replace(&mut *last_change.borrow_mut(), now);
                let delay = delay_ms(state.inputs.byte_len(), since);
                // Saved first: the work survives even an evaluation that crashes the page.
                if persist {
                    if let Err(e) = browser::save(STORAGE_KEY, &to_saved(&state.inputs)) {
                        web_sys::console::warn_1(&e.into());
                    }
                }
                if delay == 0 {
                    *timer.borrow_mut() = None;
                    evaluator.submit(revision, &state.inputs);
                } else {
                    let (inputs, evaluator) = (state.inputs.clone(), evaluator.clone());
                    *timer.borrow_mut() = Some(Timeout::new(delay, move || {
                        evaluator.submit(revision, &inputs)
                    }));
                }
            })
        })
    };
    {
        // Start: a link's state, else autosaved work, else the default example.
        let (state, props) = (state.clone(), props.clone());
        let changed = (*start_evaluation).clone();
        use_effect_with((), move |_| {
            let handle = AppHandle {
                state: state.clone(),
                changed: changed.clone(),
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
        // The effect reads the current state: an effect for a revision that a later action has
        // already replaced (the start effect's `Load` runs just before this one) leaves the
        // work to that revision, so no input is evaluated twice.
        let start_evaluation = (*start_evaluation).clone();
        use_effect_with(state.revision, move |_| start_evaluation.emit(false));
    }
    {
        // Logs how long the last result took to render (effects run after the render).
        let shown = state.analysis.as_ref().map(|(revision, _)| *revision);
        use_effect_with(shown, move |shown| {
            if let Some(revision) = shown {
                let ms = browser::now() - ARRIVED.with(std::cell::Cell::get);
                web_sys::console::debug_1(
                    &format!("medtech: revision {revision} rendered in {ms:.1} ms").into(),
                );
            }
        });
    }
    let handle = AppHandle {
        state: state.clone(),
        changed: (*start_evaluation).clone(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_inputs_are_evaluated_at_once() {
        assert_eq!(delay_ms(0, 0.0), 0);
        assert_eq!(delay_ms(IMMEDIATE_BYTES, 1.0), 0);
    }

    #[test]
    fn large_inputs_wait_only_while_typed_into_quickly() {
        let large = IMMEDIATE_BYTES + 1;
        // A paste or a single edit after a pause: at once.
        assert_eq!(delay_ms(large, f64::INFINITY), 0);
        assert_eq!(delay_ms(large, f64::from(DEBOUNCE_MS)), 0);
        // Keys in quick succession: after a quiet moment.
        assert_eq!(delay_ms(large, 40.0), DEBOUNCE_MS);
    }
}
