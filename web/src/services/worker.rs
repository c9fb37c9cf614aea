//! The evaluation worker: the same wasm as the page, started in a dedicated Web Worker
//! (`worker.js`), where `main` finds no window and calls [`serve`]. Requests and responses are
//! JSON texts; a panic is posted back as a response (then the page replaces the worker).

use crate::analysis::{analyze, Analysis};
use crate::state::Inputs;
use serde::{Deserialize, Serialize};

/// What the page sends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The inputs revision.
    pub revision: u64,
    /// The inputs.
    pub inputs: Inputs,
}

/// What the worker answers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Response {
    /// The worker is ready for requests (first message).
    pub ready: bool,
    /// The revision answered.
    pub revision: u64,
    /// The result.
    pub analysis: Option<Analysis>,
    /// Milliseconds in the core.
    pub core_ms: f64,
    /// Milliseconds building the view.
    pub view_ms: f64,
    /// A panic message (the worker is unusable afterwards).
    pub panic: Option<String>,
}

/// Evaluates `inputs` as revision `revision` (pure apart from the clock), in the worker or in
/// the page.
pub fn evaluate(revision: u64, inputs: &Inputs, now: &dyn Fn() -> f64) -> Response {
    let started = now();
    let (analysis, core_ms) = analyze(inputs, now);
    Response {
        revision,
        core_ms,
        view_ms: (now() - started - core_ms).max(0.0),
        analysis: Some(analysis),
        ..Response::default()
    }
}

/// Answers one request text (pure apart from the clock).
pub fn respond(request: &str, now: &dyn Fn() -> f64) -> Response {
    match serde_json::from_str::<Request>(request) {
        Ok(request) => evaluate(request.revision, &request.inputs, now),
        Err(error) => Response {
            panic: Some(format!("bad request: {error}")),
            ..Response::default()
        },
    }
}

/// Installs the message handler in a worker scope and announces readiness.
#[cfg(target_arch = "wasm32")]
pub fn serve() {
    use std::cell::Cell;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    thread_local! {
        static CURRENT: Cell<u64> = const { Cell::new(0) };
    }
    fn post(response: &Response) {
        let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let text = serde_json::to_string(response).unwrap_or_default();
        let _ = scope.post_message(&JsValue::from_str(&text));
    }
    std::panic::set_hook(Box::new(|info| {
        post(&Response {
            revision: CURRENT.with(Cell::get),
            panic: Some(info.to_string()),
            ..Response::default()
        });
    }));
    let handler =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
            let Some(text) = event.data().as_string() else {
                return;
            };
            if let Some(revision) = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v.get("revision").and_then(serde_json::Value::as_u64))
            {
                CURRENT.with(|c| c.set(revision));
            }
            post(&respond(&text, &super::browser::now));
        });
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
    post(&Response {
        ready: true,
        ..Response::default()
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_answered_with_its_revision_and_analysis() {
        let request = Request {
            revision: 7,
            inputs: Inputs {
                device: include_str!("../../../examples/heart-rate/device.json").into(),
                messages: include_str!("../../../examples/heart-rate/message-1.json").into(),
                ..Inputs::default()
            },
        };
        let text = serde_json::to_string(&request).expect("serializes");
        let response = respond(&text, &|| 0.0);
        assert_eq!(response.revision, 7);
        assert_eq!(response.panic, None);
        let analysis = response.analysis.expect("analysis");
        assert_eq!(analysis.measurement_count, 1);
        let back: Response = serde_json::from_str(
            &serde_json::to_string(&Response {
                analysis: Some(analysis),
                ..Response::default()
            })
            .expect("serializes"),
        )
        .expect("reads");
        assert_eq!(back.analysis.map(|a| a.measurement_count), Some(1));
    }

    #[test]
    fn a_bad_request_is_an_error_response() {
        let response = respond("{", &|| 0.0);
        assert!(response.panic.is_some());
        assert!(response.analysis.is_none());
    }
}
