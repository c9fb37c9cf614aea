//! Evaluating the messages of `normalize` and `debug` on several threads (`--jobs`). Each
//! worker thread loads the device mapping into a [`Session`] of its own (a session is not shared
//! between threads: compiled JMESPath expressions hold `Rc`s, and sharing them would cost the
//! single-threaded path atomic counts), runs the batches of messages it is given, renders the
//! JSON report's measurements and findings, and sends the outcomes back;
//! [`Workers::next_done`] hands them out in message order, so the output is the same for every
//! number of threads. The writing stays on the calling thread.

use crate::stream::Rendered;
use medtech_core::normalize::{Detail, MessageOutcome};
use medtech_core::{Options, Report, Session};
use std::collections::BTreeMap;
use std::sync::mpsc::{channel, Receiver, Sender};

/// Messages a worker is given at once: large enough that handing them over costs little next to
/// running them (about 1 ms of work), small enough to keep little in memory.
pub const BATCH: usize = 256;

/// Messages (name, text) and the index of the first.
pub struct Batch {
    /// The index of the first message in the run.
    pub first: usize,
    /// The messages: name and text.
    pub messages: Vec<(String, String)>,
}

/// A message's outcome, and its measurements and findings rendered for the JSON report when
/// the workers render them.
pub type Outcome = (MessageOutcome, Option<Rendered>);

/// What a worker sends back: the batch, and one outcome per message (or the panic that stopped
/// it, which the caller resumes, as a single-threaded run would have panicked).
type Done = (u64, Batch, std::thread::Result<Vec<Outcome>>);

/// What workers need to run messages: the device mapping's text, the options, the detail.
pub type Run<'a> = (&'a str, &'a Options, Detail);

/// What workers need to render the JSON report's pieces, and which parts of an outcome the
/// writer still needs once they are rendered (the rest is dropped where it was made: freeing
/// memory on the thread that allocated it is cheaper).
#[derive(Clone)]
pub struct Render {
    /// Names the mappings' files.
    pub shell: Report,
    /// Whether values are redacted.
    pub redact: bool,
    /// The measurements are kept for the FHIR stage.
    pub keep_measurements: bool,
    /// The trace is written (`debug`).
    pub keep_trace: bool,
}

/// The worker threads of one run, inside a [`std::thread::scope`].
pub struct Workers {
    senders: Vec<Sender<(u64, Batch)>>,
    done: Receiver<Done>,
    /// Sequence number of the next batch submitted, and of the next handed out.
    submitted: u64,
    handed: u64,
    /// Batches done out of order, until their turn.
    early: BTreeMap<u64, (Batch, Vec<Outcome>)>,
}

/// The number of threads `--jobs` asks for, or one per CPU.
pub fn count(jobs: Option<u64>) -> usize {
    match jobs {
        Some(n) => usize::try_from(n).unwrap_or(1).max(1),
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    }
}

impl Workers {
    /// Starts `threads` workers in `scope`, each with its own session of the device mapping's
    /// text and the options, recording the detail `run` asks for, and rendering as `render`
    /// asks. `None` when the system starts no thread at all: the caller runs the messages
    /// itself.
    pub fn start<'scope>(
        scope: &'scope std::thread::Scope<'scope, '_>,
        threads: usize,
        run: Run<'scope>,
        render: Option<Render>,
    ) -> Option<Workers> {
        let (done_sender, done) = channel::<Done>();
        let senders: Vec<_> = (0..threads.max(1))
            .filter_map(|_| {
                let (sender, batches) = channel::<(u64, Batch)>();
                let done = done_sender.clone();
                let render = render.clone();
                std::thread::Builder::new()
                    .name("medtech-worker".into())
                    .spawn_scoped(scope, move || work(run, render, &batches, &done))
                    .ok()
                    .map(|_| sender)
            })
            .collect();
        (!senders.is_empty()).then(|| Workers {
            senders,
            done,
            submitted: 0,
            handed: 0,
            early: BTreeMap::new(),
        })
    }

    /// Batches submitted and not yet handed out.
    pub fn in_flight(&self) -> usize {
        (self.submitted - self.handed) as usize
    }

    /// Gives a batch to the next worker in turn.
    pub fn submit(&mut self, batch: Batch) {
        let id = self.submitted;
        self.submitted += 1;
        let worker = (id % self.senders.len() as u64) as usize;
        if let Some(sender) = self.senders.get(worker) {
            // A worker that is gone panicked: `next_done` resumes that panic.
            let _ = sender.send((id, batch));
        }
    }

    /// The oldest batch not yet handed out, with its outcomes, once it is done; `None` when
    /// every batch submitted has been handed out.
    pub fn next_done(&mut self) -> Option<(Batch, Vec<Outcome>)> {
        if self.handed == self.submitted {
            return None;
        }
        loop {
            if let Some(ready) = self.early.remove(&self.handed) {
                self.handed += 1;
                return Some(ready);
            }
            match self.done.recv() {
                Ok((id, batch, Ok(outcomes))) => {
                    self.early.insert(id, (batch, outcomes));
                }
                Ok((_, _, Err(panic))) => std::panic::resume_unwind(panic),
                // Every worker is gone without sending the batch: only a panic does that.
                Err(_) => panic!("a worker thread stopped without its messages' outcomes"),
            }
        }
    }
}

/// A worker: runs (and renders) every batch it is sent with a session of its own until its
/// channel closes.
fn work(
    run: Run<'_>,
    render: Option<Render>,
    batches: &Receiver<(u64, Batch)>,
    done: &Sender<Done>,
) {
    let (device, options, detail) = run;
    let session = Session::new(device, options.clone());
    for (id, batch) in batches {
        // A panic (a bug) is passed on to the main thread where builds unwind (debug builds
        // and tests); release builds abort at the panic (Cargo.toml).
        let outcomes = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            batch
                .messages
                .iter()
                .enumerate()
                .map(|(k, (name, text))| {
                    let mut outcome =
                        session.run_message_with(batch.first + k, Some(name), text, detail);
                    let rendered = render.as_ref().map(|render| {
                        let rendered = Rendered::of(&outcome, name, &render.shell, render.redact);
                        if !render.keep_measurements {
                            outcome.measurements = Vec::new();
                        }
                        if !render.keep_trace {
                            outcome.trace.templates = Vec::new();
                        }
                        rendered
                    });
                    (outcome, rendered)
                })
                .collect::<Vec<_>>()
        }));
        let stop = outcomes.is_err();
        if done.send((id, batch, outcomes)).is_err() || stop {
            break;
        }
    }
}
