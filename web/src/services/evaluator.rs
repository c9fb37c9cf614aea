//! Runs evaluations for the page: in a dedicated Web Worker when one can be started (so a large
//! batch never blocks typing, and a crash only loses the worker), else in the page itself.
//! One request is in flight at a time; a newer request replaces a queued one. A worker that
//! panics, errors or takes longer than [`WATCHDOG_MS`] is terminated and replaced.
//!
//! Small inputs whose previous evaluation was quick ([`INLINE_BYTES`], [`INLINE_MS`]) are
//! evaluated in the page instead: the round trip to the worker makes the result miss the frame
//! that shows the keystroke, so typing would see every result one frame late. The first
//! evaluation (cold, and possibly of restored work that once crashed) always goes to the worker,
//! and one slow evaluation sends the next ones back to it.

use super::worker::{evaluate, respond, Request, Response};
use crate::state::Inputs;
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::Callback;

/// A worker that has not answered after this long is stopped.
pub const WATCHDOG_MS: u32 = 20_000;
/// Inputs up to this many bytes may be evaluated in the page…
pub const INLINE_BYTES: usize = 32 * 1024;
/// …when their previous evaluation took less than this many milliseconds.
pub const INLINE_MS: f64 = 2.0;

/// Whether to evaluate `bytes` of inputs in the page, after an evaluation that took
/// `last_ms` (`None`: nothing evaluated yet).
pub fn evaluate_in_page(bytes: usize, last_ms: Option<f64>) -> bool {
    bytes <= INLINE_BYTES && last_ms.is_some_and(|ms| ms < INLINE_MS)
}

/// What an evaluation gave.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// A result (`in_worker` says where it ran).
    Done(Box<Response>, bool),
    /// The evaluation of `revision` crashed or was stopped.
    Crashed(u64, String),
}

struct Inner {
    worker: Option<web_sys::Worker>,
    ready: bool,
    in_flight: Option<u64>,
    queued: Option<(u64, String)>,
    inline: bool,
    /// Milliseconds the last evaluation took (core and view), wherever it ran.
    last_ms: Option<f64>,
    on_outcome: Callback<Outcome>,
    handlers: Vec<Closure<dyn FnMut(web_sys::MessageEvent)>>,
    error_handlers: Vec<Closure<dyn FnMut(web_sys::Event)>>,
    watchdog: Option<Timeout>,
}

/// The page's handle on evaluation.
#[derive(Clone)]
pub struct Evaluator {
    inner: Rc<RefCell<Inner>>,
}

impl Evaluator {
    /// An evaluator reporting to `on_outcome`; `use_worker` false evaluates in the page.
    pub fn new(use_worker: bool, on_outcome: Callback<Outcome>) -> Evaluator {
        let evaluator = Evaluator {
            inner: Rc::new(RefCell::new(Inner {
                worker: None,
                ready: false,
                in_flight: None,
                queued: None,
                inline: !use_worker,
                last_ms: None,
                on_outcome,
                handlers: Vec::new(),
                error_handlers: Vec::new(),
                watchdog: None,
            })),
        };
        if use_worker {
            evaluator.spawn();
        }
        evaluator
    }

    fn spawn(&self) {
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let Ok(worker) = web_sys::Worker::new_with_options("./worker.js", &options) else {
            self.inner.borrow_mut().inline = true;
            return;
        };
        let weak = Rc::downgrade(&self.inner);
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new({
            let weak = weak.clone();
            move |event: web_sys::MessageEvent| {
                let text = event.data().as_string().unwrap_or_default();
                let started = super::browser::now();
                let response: Response = serde_json::from_str(&text).unwrap_or_else(|e| Response {
                    panic: Some(format!("unreadable worker answer: {e}")),
                    ..Response::default()
                });
                if response.analysis.is_some() {
                    web_sys::console::debug_1(
                        &format!(
                            "medtech: revision {} received: {} bytes read in {:.1} ms",
                            response.revision,
                            text.len(),
                            super::browser::now() - started
                        )
                        .into(),
                    );
                }
                Evaluator::received(&weak, response);
            }
        });
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let message = event
                .dyn_ref::<web_sys::ErrorEvent>()
                .map(|e| e.message())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "the evaluation worker stopped".to_string());
            Evaluator::crashed(&weak, message);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let mut inner = self.inner.borrow_mut();
        inner.handlers.push(on_message);
        inner.error_handlers.push(on_error);
        inner.worker = Some(worker);
        inner.ready = false;
    }

    /// Whether `inputs` would be evaluated in the page (at once, within [`Evaluator::submit`]).
    pub fn in_page(&self, inputs: &Inputs) -> bool {
        let inner = self.inner.borrow();
        inner.inline || evaluate_in_page(inputs.byte_len(), inner.last_ms)
    }

    /// Evaluates `inputs` as revision `revision`.
    pub fn submit(&self, revision: u64, inputs: &Inputs) {
        let inline = self.in_page(inputs);
        if inline {
            let response = evaluate(revision, inputs, &super::browser::now);
            let callback = {
                let mut inner = self.inner.borrow_mut();
                // A queued request is older than this one.
                inner.queued = None;
                inner.last_ms = Some(response.core_ms + response.view_ms);
                inner.on_outcome.clone()
            };
            callback.emit(Outcome::Done(Box::new(response), false));
            return;
        }
        let text = serde_json::to_string(&Request {
            revision,
            inputs: inputs.clone(),
        })
        .unwrap_or_default();
        self.inner.borrow_mut().queued = Some((revision, text));
        Evaluator::pump(&Rc::downgrade(&self.inner));
    }

    /// Sends the queued request if the worker is free.
    fn pump(weak: &Weak<RefCell<Inner>>) {
        let Some(rc) = weak.upgrade() else {
            return;
        };
        let mut inner = rc.borrow_mut();
        if !inner.ready || inner.in_flight.is_some() {
            return;
        }
        let Some((revision, text)) = inner.queued.take() else {
            return;
        };
        let Some(worker) = inner.worker.clone() else {
            return;
        };
        inner.in_flight = Some(revision);
        let weak = weak.clone();
        inner.watchdog = Some(Timeout::new(WATCHDOG_MS, move || {
            Evaluator::crashed(
                &weak,
                format!(
                    "the evaluation took longer than {} s and was stopped",
                    WATCHDOG_MS / 1000
                ),
            );
        }));
        drop(inner);
        let _ = worker.post_message(&JsValue::from_str(&text));
    }

    fn received(weak: &Weak<RefCell<Inner>>, response: Response) {
        let Some(rc) = weak.upgrade() else {
            return;
        };
        if response.ready {
            rc.borrow_mut().ready = true;
            Evaluator::pump(weak);
            return;
        }
        if let Some(message) = response.panic {
            Evaluator::crashed(weak, message);
            return;
        }
        let callback = {
            let mut inner = rc.borrow_mut();
            inner.in_flight = None;
            inner.watchdog = None;
            inner.last_ms = Some(response.core_ms + response.view_ms);
            inner.on_outcome.clone()
        };
        callback.emit(Outcome::Done(Box::new(response), true));
        Evaluator::pump(weak);
    }

    fn crashed(weak: &Weak<RefCell<Inner>>, message: String) {
        let Some(rc) = weak.upgrade() else {
            return;
        };
        let (callback, revision, was_ready) = {
            let mut inner = rc.borrow_mut();
            if let Some(worker) = inner.worker.take() {
                worker.terminate();
            }
            // This may run inside the watchdog's own callback: cancel it without dropping it.
            if let Some(watchdog) = inner.watchdog.take() {
                std::mem::forget(watchdog.cancel());
            }
            let was_ready = inner.ready;
            inner.ready = false;
            (inner.on_outcome.clone(), inner.in_flight.take(), was_ready)
        };
        let evaluator = Evaluator { inner: rc.clone() };
        if !was_ready {
            // The worker never started (no module workers, script missing): evaluate in the page.
            rc.borrow_mut().inline = true;
            let queued = rc.borrow_mut().queued.take();
            if let Some((_, text)) = queued {
                let response = respond(&text, &super::browser::now);
                callback.emit(Outcome::Done(Box::new(response), false));
            }
            return;
        }
        if let Some(revision) = revision {
            callback.emit(Outcome::Crashed(revision, message));
        }
        evaluator.spawn();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_small_inputs_after_a_quick_evaluation_run_in_the_page() {
        // Nothing evaluated yet (cold start, restored work): the worker.
        assert!(!evaluate_in_page(100, None));
        assert!(evaluate_in_page(100, Some(0.5)));
        assert!(evaluate_in_page(INLINE_BYTES, Some(0.5)));
        // Too large, or the last evaluation was slow: the worker.
        assert!(!evaluate_in_page(INLINE_BYTES + 1, Some(0.5)));
        assert!(!evaluate_in_page(100, Some(INLINE_MS)));
        assert!(!evaluate_in_page(100, Some(250.0)));
    }
}
