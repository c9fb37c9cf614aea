//! Runs evaluations for the page: in a dedicated Web Worker when one can be started (so a large
//! batch never blocks typing, and a crash only loses the worker), else in the page itself.
//! One request is in flight at a time; a newer request replaces a queued one. A worker that
//! panics, errors or takes longer than [`WATCHDOG_MS`] is terminated and replaced.

use super::worker::{respond, Request, Response};
use crate::state::Inputs;
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::Callback;

/// A worker that has not answered after this long is stopped.
pub const WATCHDOG_MS: u32 = 20_000;

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
                let response: Response = serde_json::from_str(&text).unwrap_or_else(|e| Response {
                    panic: Some(format!("unreadable worker answer: {e}")),
                    ..Response::default()
                });
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

    /// Evaluates `inputs` as revision `revision`.
    pub fn submit(&self, revision: u64, inputs: &Inputs) {
        let inline = self.inner.borrow().inline;
        if inline {
            let text = serde_json::to_string(&Request {
                revision,
                inputs: inputs.clone(),
            })
            .unwrap_or_default();
            let response = respond(&text, &super::browser::now);
            let callback = self.inner.borrow().on_outcome.clone();
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
