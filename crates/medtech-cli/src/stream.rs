//! Streaming `medtech normalize` and `medtech debug`: messages are read one at a time (an `--ndjson` file line by
//! line) and each message's measurements are written as soon as it has run. Nothing per message
//! is kept beyond what the end of the report needs: the measurements when a FHIR mapping builds
//! Observations from them (all messages are one batch, cli.md), the compact name of each message
//! for the findings of that stage, and the report's findings, which come after the measurements
//! in the JSON report and go to a temporary file once they outgrow a small buffer, as do the
//! per-message traces of `debug`. The output is byte for byte what the buffered run prints.
//!
//! Not streamed (the buffered run handles them): SARIF and GitHub Actions annotations (they
//! need the whole report), human output with a FHIR mapping (its findings are printed per
//! message but known only at the end), and standard input, which is read whole.

use crate::args::{Format, RunArgs};
use crate::render::{Painter, Sources};
use crate::run::{self, Output};
use crate::workers::{self, Batch, Outcome, Workers};
use medtech_core::normalize::{Detail, MessageOutcome};
use medtech_core::pretty::JsonWriter;
use medtech_core::{
    Diagnostic, ExitStatus, FhirStage, Measurement, Options, Report, Session, Severity,
};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

/// Whether `normalize` or `debug` with these arguments streams.
pub fn applies(args: &RunArgs) -> bool {
    let common = &args.common;
    let fhir = common.fhir.is_some() || common.example.is_some();
    common.example.as_deref() != Some("list")
        && match common.format {
            Format::Json => true,
            Format::Human => !fhir,
            Format::Sarif => false,
        }
}

/// Where the messages come from, in the order the buffered run reads them.
enum Input {
    /// A message file, read when its turn comes.
    File(PathBuf),
    /// One message already read (standard input).
    Text(String, String),
    /// An NDJSON file, read line by line.
    Ndjson(PathBuf),
    /// NDJSON already read (standard input): (name, text).
    NdjsonText(String, String),
    /// The example's messages.
    Example(&'static crate::examples::Example),
}

/// Fails the way `std::fs::read` would on a path that cannot be read.
fn check_readable(path: &Path) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("cannot read {}: {e}", path.display());
    let file = File::open(path).map_err(fail)?;
    if file.metadata().map_err(fail)?.is_dir() {
        std::fs::read(path).map_err(fail)?;
    }
    Ok(())
}

fn plan(
    args: &RunArgs,
    stdin: &mut dyn Read,
    example: Option<&'static crate::examples::Example>,
) -> Result<Vec<Input>, String> {
    let mut inputs = Vec::new();
    for path in &args.messages {
        if path.as_os_str() == "-" {
            let (name, text) = run::read_path(path, stdin)?;
            inputs.push(Input::Text(name, text));
        } else {
            check_readable(path)?;
            inputs.push(Input::File(path.clone()));
        }
    }
    for path in &args.ndjson {
        if path.as_os_str() == "-" {
            let (name, text) = run::read_path(path, stdin)?;
            inputs.push(Input::NdjsonText(name, text));
        } else {
            check_readable(path)?;
            inputs.push(Input::Ndjson(path.clone()));
        }
    }
    if args.messages.is_empty() && args.ndjson.is_empty() {
        if let Some(e) = example {
            inputs.push(Input::Example(e));
        }
    }
    Ok(inputs)
}

/// Message names, kept compactly: (source, line) with line 0 for a whole file.
#[derive(Default)]
struct Names {
    sources: Vec<String>,
    messages: Vec<(u32, u32)>,
}

impl Names {
    fn source(&mut self, name: String) -> u32 {
        self.sources.push(name);
        (self.sources.len() - 1) as u32
    }

    fn push(&mut self, source: u32, line: u32) {
        self.messages.push((source, line));
    }

    /// The message's line in its NDJSON file (0: the message is a whole file).
    fn line(&self, index: usize) -> u32 {
        self.messages.get(index).map_or(0, |&(_, line)| line)
    }

    fn get(&self, index: usize) -> Option<String> {
        let &(source, line) = self.messages.get(index)?;
        let name = self.sources.get(source as usize)?;
        Some(if line == 0 {
            name.clone()
        } else {
            format!("{name}:{line}")
        })
    }
}

/// An output buffer that moves to a temporary file once it is large.
struct Spill {
    buffer: Vec<u8>,
    file: Option<(File, PathBuf)>,
}

/// Findings beyond this many bytes go to a temporary file (tiny in tests, to exercise it).
const SPILL_AT: usize = if cfg!(test) { 512 } else { 4 << 20 };

impl Spill {
    fn new() -> Spill {
        Spill {
            buffer: Vec::new(),
            file: None,
        }
    }

    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= SPILL_AT {
            if self.file.is_none() {
                let path = std::env::temp_dir().join(format!(
                    "medtech-{}-{}.json",
                    std::process::id(),
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|d| d.as_nanos())
                        .unwrap_or(0)
                ));
                let file = std::fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .create_new(true)
                    .open(&path)?;
                self.file = Some((file, path));
            }
            if let Some((file, _)) = &mut self.file {
                file.write_all(&self.buffer)?;
            }
            self.buffer.clear();
        }
        Ok(())
    }

    fn copy_to(mut self, out: &mut dyn Write) -> std::io::Result<()> {
        if let Some((mut file, path)) = self.file.take() {
            use std::io::Seek;
            let copied = file
                .seek(std::io::SeekFrom::Start(0))
                .and_then(|_| std::io::copy(&mut file, out));
            let _ = std::fs::remove_file(path);
            copied?;
        }
        out.write_all(&self.buffer)
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        if let Some((_, path)) = self.file.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Between two elements of the report's arrays.
const BETWEEN: &[u8] = b",\n    ";

/// A JSON array member of the top-level object written element by element, exactly as
/// `serde_json::to_string_pretty` lays it out.
struct Array {
    count: usize,
}

impl Array {
    /// Writes `count` elements laid out at indentation level 2 (as a [`JsonWriter::pretty`] with
    /// base 2 lays them out) and joined by [`BETWEEN`], after what comes before them.
    fn write(
        &mut self,
        out: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
        text: &[u8],
        count: usize,
    ) -> std::io::Result<()> {
        if count == 0 {
            return Ok(());
        }
        out(if self.count == 0 { b"[\n    " } else { BETWEEN })?;
        out(text)?;
        self.count += count;
        Ok(())
    }

    fn close(&self) -> &'static [u8] {
        if self.count == 0 {
            b"[]"
        } else {
            b"\n  ]"
        }
    }
}

/// One message's measurements and findings as the JSON report writes them ([`Array::write`]'s
/// text). Workers render them next to running the message.
#[derive(Default)]
pub struct Rendered {
    measurements: Vec<u8>,
    measurement_count: usize,
    findings: Vec<u8>,
}

impl Rendered {
    /// Renders `outcome`'s measurements and findings; `name` is the message's name (the `file`
    /// of its findings), `shell` names the mappings' files.
    pub fn of(outcome: &MessageOutcome, name: &str, shell: &Report, redact: bool) -> Rendered {
        // Room for the usual sizes (a measurement about 400 bytes, a finding about 600), so
        // the text is not moved while it grows.
        let mut rendered = Rendered {
            measurements: Vec::with_capacity(outcome.measurements.len() * 512),
            measurement_count: outcome.measurements.len(),
            findings: Vec::with_capacity(outcome.diagnostics.len() * 768),
        };
        for (i, m) in outcome.measurements.iter().enumerate() {
            if i > 0 {
                rendered.measurements.extend_from_slice(BETWEEN);
            }
            m.write_json(
                &mut JsonWriter::pretty(&mut rendered.measurements, 2),
                redact,
            );
        }
        let files = |_: usize| Some(name.to_string());
        for (i, d) in outcome.diagnostics.iter().enumerate() {
            if i > 0 {
                rendered.findings.extend_from_slice(BETWEEN);
            }
            shell.write_diagnostic_json(
                d,
                redact,
                &files,
                &mut JsonWriter::pretty(&mut rendered.findings, 2),
            );
        }
        rendered
    }
}

/// What a run counted for the summary and the exit status.
#[derive(Default)]
struct Counts {
    measurements: usize,
    observations: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

impl Counts {
    fn diagnostic(&mut self, d: &Diagnostic) {
        match d.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }
}

/// Runs `normalize` (see [`applies`]), writing standard output to `out` as it is produced.
/// Returns the standard error and the exit status (`stdout` empty).
pub fn normalize(args: &RunArgs, stdin: &mut dyn Read, color: bool, out: &mut dyn Write) -> Output {
    run(args, stdin, color, false, out)
}

/// Runs `debug` (see [`applies`]): like [`normalize`], with the per-template trace.
pub fn debug(args: &RunArgs, stdin: &mut dyn Read, color: bool, out: &mut dyn Write) -> Output {
    run(args, stdin, color, true, out)
}

fn run(
    args: &RunArgs,
    stdin: &mut dyn Read,
    color: bool,
    with_trace: bool,
    out: &mut dyn Write,
) -> Output {
    let (device, fhir, example) = match run::gather_mappings(args, stdin) {
        Ok(m) => m,
        Err(message) => return Output::usage(message),
    };
    let inputs = match plan(args, stdin, example) {
        Ok(inputs) => inputs,
        Err(message) => return Output::usage(message),
    };
    let envelope = match run::envelope(args, example) {
        Ok(envelope) => envelope,
        Err(message) => return Output::usage(message),
    };
    let fhir_options = match run::fhir_options(args) {
        Ok(fhir) => fhir,
        Err(message) => return Output::usage(message),
    };
    let options = Options {
        envelope,
        fhir: fhir_options,
        ..Options::default()
    };
    let mut run = Streamer {
        args,
        device: &device,
        fhir: fhir.as_ref(),
        painter: Painter::new(color && !args.common.no_color, args.common.redact),
        names: Names::default(),
        counts: Counts::default(),
        measurements: Vec::new(),
        spill: Spill::new(),
        diagnostics: Array { count: 0 },
        with_trace,
        traces: Spill::new(),
        trace_list: Array { count: 0 },
        shell: Report {
            device_mapping_file: Some(device.0.clone()),
            fhir_mapping_file: fhir.as_ref().map(|f| f.0.clone()),
            ..Report::default()
        },
        buffer: Vec::new(),
        annotations: run::github_actions().then(Spill::new),
    };
    match run.run(&inputs, &options, out) {
        Ok(valid) => Output {
            stdout: String::new(),
            // With `--format json`, the annotations go to standard error.
            stderr: match run.annotations.take() {
                Some(annotations) => {
                    let mut text = Vec::new();
                    match annotations.copy_to(&mut text) {
                        Ok(()) => String::from_utf8_lossy(&text).into_owned(),
                        Err(e) => format!("cannot read the annotations back: {e}\n"),
                    }
                }
                None => String::new(),
            },
            status: if !valid {
                ExitStatus::InvalidMapping
            } else if run.counts.errors > 0 {
                ExitStatus::MessageErrors
            } else {
                ExitStatus::Clean
            } as i32,
        },
        Err(message) => Output::usage(message),
    }
}

struct Streamer<'a> {
    args: &'a RunArgs,
    device: &'a (String, String),
    fhir: Option<&'a (String, String)>,
    painter: Painter,
    names: Names,
    counts: Counts,
    /// Kept only for the FHIR stage.
    measurements: Vec<Measurement>,
    /// The JSON report's findings, in report order.
    spill: Spill,
    diagnostics: Array,
    /// `debug`: the per-message traces, written after the findings in the JSON report.
    with_trace: bool,
    traces: Spill,
    trace_list: Array,
    /// Names the files of findings (a report with no content).
    shell: Report,
    /// Room for the JSON text of one message's measurements or one finding, kept between them.
    buffer: Vec<u8>,
    /// Under GitHub Actions, the findings' annotations, written at the end of the run.
    annotations: Option<Spill>,
}

impl Streamer<'_> {
    fn json(&self) -> bool {
        self.args.common.format == Format::Json
    }

    fn sources<'s>(&'s self, message: Option<(&'s [(String, String)], usize)>) -> Sources<'s> {
        let (messages, first_message) = message.unwrap_or((&[], 0));
        Sources {
            device: Some((self.device.0.as_str(), self.device.1.as_str())),
            fhir: self.fhir.map(|(n, t)| (n.as_str(), t.as_str())),
            messages,
            first_message,
        }
    }

    /// Records a finding: counted, and in JSON added to the findings written at the end.
    fn finding(&mut self, d: &Diagnostic) -> std::io::Result<()> {
        self.counts.diagnostic(d);
        self.annotate(d)?;
        if self.json() {
            let names = &self.names;
            let buffer = &mut self.buffer;
            buffer.clear();
            self.shell.write_diagnostic_json(
                d,
                self.args.common.redact,
                &|i| names.get(i),
                &mut JsonWriter::pretty(buffer, 2),
            );
            let spill = &mut self.spill;
            self.diagnostics.write(&mut |b| spill.write(b), buffer, 1)?;
        }
        Ok(())
    }

    /// Under GitHub Actions, keeps the finding's annotation for the end of the run (cli.md:
    /// after the human output, or on standard error with `--format json`).
    fn annotate(&mut self, d: &Diagnostic) -> std::io::Result<()> {
        let Some(annotations) = &mut self.annotations else {
            return Ok(());
        };
        let names = &self.names;
        let place =
            crate::annotations::Place::of_finding(&self.shell, d, &|i| names.get(i), &|i| {
                names.line(i)
            });
        match crate::annotations::for_diagnostic(d, place.as_ref(), self.args.common.redact) {
            Some(line) => annotations.write(line.as_bytes()),
            None => Ok(()),
        }
    }

    fn run(
        &mut self,
        inputs: &[Input],
        options: &Options,
        out: &mut dyn Write,
    ) -> Result<bool, String> {
        let io = |e: std::io::Error| format!("cannot write the output: {e}");
        let session = Session::new(&self.device.1, options.clone());
        let stage = self
            .fhir
            .map(|(_, text)| FhirStage::new(text, &session.device.mapping));
        let valid = session.is_valid() && stage.as_ref().is_none_or(FhirStage::is_valid);
        let mut mapping_findings: Vec<Diagnostic> = session.diagnostics.clone();
        if let Some(stage) = &stage {
            mapping_findings.extend(stage.diagnostics.iter().cloned());
        }
        if self.json() {
            let bool_text = |b: Option<bool>| match b {
                Some(b) => b.to_string(),
                None => "null".to_string(),
            };
            write!(
                out,
                "{{\n  \"valid\": {},\n  \"deviceMappingValid\": {},\n  \"fhirMappingValid\": {},\n  \"measurements\": ",
                valid,
                session.is_valid(),
                bool_text(stage.as_ref().map(FhirStage::is_valid))
            )
            .map_err(io)?;
        } else {
            let validity = if valid {
                "valid"
            } else {
                "INVALID: the service would reject it"
            };
            writeln!(out, "device mapping {}: {validity}", self.device.0).map_err(io)?;
        }
        for d in &mapping_findings {
            self.finding(d).map_err(io)?;
            if !self.json() && d.message_index.is_none() {
                out.write_all(self.painter.diagnostic(d, &self.sources(None)).as_bytes())
                    .map_err(io)?;
            }
        }
        let mut measurements = Array { count: 0 };
        if valid {
            self.messages(
                inputs,
                (&session, options),
                &mapping_findings,
                &mut measurements,
                out,
            )?;
        }
        let mut observations = Vec::new();
        if let (Some(stage), true) = (&stage, valid) {
            let result = stage.build(&self.measurements, &options.fhir);
            observations = result.observations;
            self.counts.observations = observations.len();
            for d in &result.diagnostics {
                self.finding(d).map_err(io)?;
            }
        }
        if self.json() {
            out.write_all(measurements.close()).map_err(io)?;
            out.write_all(b",\n  \"observations\": ").map_err(io)?;
            let mut list = Array { count: 0 };
            let mut text = String::new();
            for o in &observations {
                text.clear();
                if self.args.common.redact {
                    let masked = medtech_core::redact::mask_values(&o.to_json());
                    let pretty = serde_json::to_string_pretty(&masked).unwrap_or_default();
                    // JSON strings never hold a raw newline: every newline is layout.
                    text.push_str(&pretty.replace('\n', "\n    "));
                } else {
                    o.write_pretty(&mut text, 2);
                }
                list.write(&mut |b| out.write_all(b), text.as_bytes(), 1)
                    .map_err(io)?;
            }
            out.write_all(list.close()).map_err(io)?;
            out.write_all(b",\n  \"diagnostics\": ").map_err(io)?;
            let spill = std::mem::replace(&mut self.spill, Spill::new());
            spill.copy_to(out).map_err(io)?;
            out.write_all(self.diagnostics.close()).map_err(io)?;
            if self.with_trace {
                out.write_all(b",\n  \"messages\": ").map_err(io)?;
                let traces = std::mem::replace(&mut self.traces, Spill::new());
                traces.copy_to(out).map_err(io)?;
                out.write_all(self.trace_list.close()).map_err(io)?;
            }
            out.write_all(b"\n}\n").map_err(io)?;
        } else {
            out.write_all(b"\n").map_err(io)?;
            let summary = self.painter.summary_of(
                self.counts.measurements,
                self.counts.observations,
                (self.counts.errors, self.counts.warnings, self.counts.infos),
            );
            out.write_all(summary.as_bytes()).map_err(io)?;
            if let Some(annotations) = self.annotations.take() {
                annotations.copy_to(out).map_err(io)?;
            }
        }
        out.flush().map_err(io)?;
        Ok(valid)
    }

    /// Runs every message of `inputs` with `session` (on worker threads with sessions of their
    /// own when `--jobs` allows and there are enough messages) and writes each message's part
    /// of the output, in message order.
    fn messages(
        &mut self,
        inputs: &[Input],
        (session, options): (&Session, &Options),
        mapping_findings: &[Diagnostic],
        measurements: &mut Array,
        out: &mut dyn Write,
    ) -> Result<(), String> {
        // `normalize` prints no trace: only what its findings need is recorded.
        let detail = if self.with_trace {
            Detail::Trace
        } else {
            Detail::Findings
        };
        let mut threads = workers::count(self.args.jobs);
        let device = self.device;
        // Messages read and not yet given to a worker, and how many messages came before them.
        let mut pending: Vec<(String, String)> = Vec::new();
        let mut queued = 0;
        std::thread::scope(|scope| -> Result<(), String> {
            // Started when a batch is full: a run of a few messages stays on this thread.
            let mut pool: Option<Workers> = None;
            // Writes messages numbered from `first` with their outcomes.
            let mut write =
                |me: &mut Self,
                 first: usize,
                 messages: &[(String, String)],
                 outcomes: &mut dyn Iterator<Item = Outcome>| {
                    for (k, ((name, text), (outcome, rendered))) in
                        messages.iter().zip(outcomes).enumerate()
                    {
                        me.message(
                            first + k,
                            name,
                            text,
                            outcome,
                            rendered,
                            mapping_findings,
                            measurements,
                            out,
                        )?;
                    }
                    Ok::<(), String>(())
                };
            // A batch run on this thread (one thread asked for, or none could be started).
            let run_here = |batch: &Batch| -> Vec<Outcome> {
                batch
                    .messages
                    .iter()
                    .enumerate()
                    .map(|(k, (name, text))| {
                        let index = batch.first + k;
                        (
                            session.run_message_with(index, Some(name), text, detail),
                            None,
                        )
                    })
                    .collect()
            };
            // Workers render the JSON report's measurements and findings too.
            let render = self.json().then(|| workers::Render {
                shell: self.shell.clone(),
                redact: self.args.common.redact,
                keep_measurements: self.fhir.is_some(),
                keep_trace: self.with_trace,
            });
            for input in inputs {
                self.input(input, &mut |me, name, text| {
                    if threads <= 1 {
                        let outcome = session.run_message_with(queued, Some(&name), &text, detail);
                        queued += 1;
                        let message = [(name, text)];
                        return write(
                            me,
                            queued - 1,
                            &message,
                            &mut std::iter::once((outcome, None)),
                        );
                    }
                    pending.push((name, text));
                    if pending.len() == workers::BATCH {
                        let messages = std::mem::take(&mut pending);
                        let batch = Batch {
                            first: queued,
                            messages,
                        };
                        queued += batch.messages.len();
                        if pool.is_none() {
                            let run = (device.1.as_str(), options, detail);
                            pool = Workers::start(scope, threads, run, render.clone());
                        }
                        let Some(pool) = &mut pool else {
                            // No thread could be started: the rest runs here.
                            threads = 1;
                            let outcomes = run_here(&batch);
                            return write(
                                me,
                                batch.first,
                                &batch.messages,
                                &mut outcomes.into_iter(),
                            );
                        };
                        pool.submit(batch);
                        // Two batches a thread in flight: the threads stay busy while this
                        // one writes, and memory stays bounded.
                        while pool.in_flight() > 2 * threads {
                            if let Some((batch, outcomes)) = pool.next_done() {
                                write(me, batch.first, &batch.messages, &mut outcomes.into_iter())?;
                            }
                        }
                    }
                    Ok(())
                })?;
            }
            let rest = Batch {
                first: queued,
                messages: std::mem::take(&mut pending),
            };
            match &mut pool {
                Some(pool) => {
                    if !rest.messages.is_empty() {
                        pool.submit(rest);
                    }
                    while let Some((batch, outcomes)) = pool.next_done() {
                        write(
                            self,
                            batch.first,
                            &batch.messages,
                            &mut outcomes.into_iter(),
                        )?;
                    }
                }
                None => {
                    let outcomes = run_here(&rest);
                    write(self, rest.first, &rest.messages, &mut outcomes.into_iter())?;
                }
            }
            Ok(())
        })
    }

    /// Feeds every message of one input to `each` as (name, text).
    fn input(
        &mut self,
        input: &Input,
        each: &mut dyn FnMut(&mut Self, String, String) -> Result<(), String>,
    ) -> Result<(), String> {
        match input {
            Input::File(path) => {
                let (name, text) = run::read_path(path, &mut std::io::empty())?;
                let source = self.names.source(name.clone());
                self.names.push(source, 0);
                each(self, name, text)
            }
            Input::Text(name, text) => {
                let source = self.names.source(name.clone());
                self.names.push(source, 0);
                each(self, name.clone(), text.clone())
            }
            Input::Example(e) => {
                for (file, text) in e.messages {
                    let name = format!("examples/{}/{file}", e.name);
                    let source = self.names.source(name.clone());
                    self.names.push(source, 0);
                    each(self, name, text.to_string())?;
                }
                Ok(())
            }
            Input::NdjsonText(name, text) => {
                let source = self.names.source(name.clone());
                for (line_number, line) in text.lines().enumerate() {
                    if !line.trim().is_empty() {
                        self.names.push(source, line_number as u32 + 1);
                        each(
                            self,
                            format!("{name}:{}", line_number + 1),
                            line.to_string(),
                        )?;
                    }
                }
                Ok(())
            }
            Input::Ndjson(path) => {
                let fail = |e: std::io::Error| format!("cannot read {}: {e}", path.display());
                let name = path.display().to_string();
                let source = self.names.source(name.clone());
                let mut reader = BufReader::new(File::open(path).map_err(fail)?);
                let mut bytes = Vec::new();
                let mut line_number = 0u32;
                loop {
                    bytes.clear();
                    if reader.read_until(b'\n', &mut bytes).map_err(fail)? == 0 {
                        break;
                    }
                    line_number += 1;
                    // `str::lines`: the newline and a carriage return before it are dropped.
                    if bytes.last() == Some(&b'\n') {
                        bytes.pop();
                        if bytes.last() == Some(&b'\r') {
                            bytes.pop();
                        }
                    }
                    let line = String::from_utf8_lossy(&bytes);
                    if !line.trim().is_empty() {
                        self.names.push(source, line_number);
                        each(self, format!("{name}:{line_number}"), line.into_owned())?;
                    }
                }
                Ok(())
            }
        }
    }

    /// Writes one message's part of the output.
    #[allow(clippy::too_many_arguments)]
    fn message(
        &mut self,
        index: usize,
        name: &str,
        text: &str,
        outcome: MessageOutcome,
        rendered: Option<Rendered>,
        mapping_findings: &[Diagnostic],
        measurements: &mut Array,
        out: &mut dyn Write,
    ) -> Result<(), String> {
        let io = |e: std::io::Error| format!("cannot write the output: {e}");
        let redact = self.args.common.redact;
        let rendered = match rendered {
            Some(rendered) => rendered,
            None if self.json() => Rendered::of(&outcome, name, &self.shell, redact),
            None => Rendered::default(),
        };
        let MessageOutcome {
            measurements: produced,
            mut trace,
            diagnostics: findings,
        } = outcome;
        // Findings and measurements are numbered over the whole report, as `Report::add_message`
        // numbers them.
        trace.shift(
            self.counts.errors + self.counts.warnings + self.counts.infos,
            self.counts.measurements,
        );
        // A worker that rendered the measurements keeps them only for the FHIR stage.
        self.counts.measurements += if self.json() {
            rendered.measurement_count
        } else {
            produced.len()
        };
        if self.json() {
            measurements
                .write(
                    &mut |b| out.write_all(b),
                    &rendered.measurements,
                    rendered.measurement_count,
                )
                .map_err(io)?;
            for d in &findings {
                self.counts.diagnostic(d);
                self.annotate(d).map_err(io)?;
            }
            let spill = &mut self.spill;
            self.diagnostics
                .write(&mut |b| spill.write(b), &rendered.findings, findings.len())
                .map_err(io)?;
            if self.with_trace {
                let buffer = &mut self.buffer;
                buffer.clear();
                trace.write_json(&mut JsonWriter::pretty(buffer, 2), redact);
                let traces = &mut self.traces;
                self.trace_list
                    .write(&mut |b| traces.write(b), buffer, 1)
                    .map_err(io)?;
            }
        } else {
            let mut section = String::from("\n");
            if self.with_trace {
                section.push_str(&self.painter.trace(&trace));
            }
            if !produced.is_empty() {
                section.push_str("  measurements:\n");
                let buffer = &mut self.buffer;
                for m in &produced {
                    buffer.clear();
                    m.write_json(&mut JsonWriter::compact(buffer), redact);
                    section.push_str("    ");
                    section.push_str(&String::from_utf8_lossy(buffer));
                    section.push('\n');
                }
            }
            let message = [(name.to_string(), text.to_string())];
            let sources = self.sources(Some((&message, index)));
            for d in mapping_findings
                .iter()
                .filter(|d| d.message_index == Some(index))
            {
                section.push_str(&self.painter.diagnostic(d, &sources));
            }
            for d in &findings {
                section.push_str(&self.painter.diagnostic(d, &sources));
            }
            for d in &findings {
                self.counts.diagnostic(d);
                self.annotate(d).map_err(io)?;
            }
            out.write_all(section.as_bytes()).map_err(io)?;
        }
        if self.fhir.is_some() {
            self.measurements.extend(produced);
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "stream_tests.rs"]
mod tests;
