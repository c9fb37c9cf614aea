//! Running a command: read the inputs, drive a [`Session`], render the [`Report`].

use crate::args::{Cli, Command, CommonArgs, EnvelopeArg, Format, IdentityArg, RunArgs};
use crate::examples::{self, Example};
use crate::render::{Painter, Sources};
use medtech_core::normalize::Detail;
use medtech_core::{
    Envelope, EnvelopeKind, ExitStatus, FhirOptions, IdentityMode, Options, Report, SourceFile,
};
use medtech_json::{DateTime, ReadOptions};
use std::io::Read;
use std::path::Path;

/// What a run printed and how it ends.
#[derive(Debug, Default)]
pub struct Output {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// The exit status (cli.md).
    pub status: i32,
}

impl Output {
    pub(crate) fn usage(message: impl Into<String>) -> Output {
        Output {
            stdout: String::new(),
            stderr: format!("medtech: {}\n", message.into()),
            status: ExitStatus::Usage as i32,
        }
    }
}

/// Where standard input comes from (tests pass a string).
pub type Stdin<'a> = &'a mut dyn Read;

/// Runs the parsed command line. `color` says whether stdout is a terminal that wants colour.
pub fn run(cli: Cli, stdin: Stdin<'_>, color: bool) -> Output {
    let mut streamed = Vec::new();
    let mut output = run_to(cli, stdin, color, &mut streamed);
    if !streamed.is_empty() {
        output.stdout = String::from_utf8_lossy(&streamed).into_owned() + &output.stdout;
    }
    output
}

/// Like [`run`], but commands that stream (`normalize`, `debug`, see [`crate::stream`]) write their
/// standard output to `out` as it is produced; the returned `stdout` holds the rest.
pub fn run_to(cli: Cli, stdin: Stdin<'_>, color: bool, out: &mut dyn std::io::Write) -> Output {
    match cli.command {
        Command::Debug(args) if crate::stream::applies(&args) => {
            crate::stream::debug(&args, stdin, color, out)
        }
        Command::Debug(args) => run_messages(args, stdin, color, true),
        Command::Normalize(args) if crate::stream::applies(&args) => {
            crate::stream::normalize(&args, stdin, color, out)
        }
        Command::Normalize(args) => run_messages(args, stdin, color, false),
        Command::Validate(args) => {
            let run = RunArgs {
                common: args.common,
                messages: args.messages,
                ndjson: args.ndjson,
                envelope: args.envelope,
                device_id: args.device_id,
                enqueued_time: args.enqueued_time,
                creation_time: args.creation_time,
                identity: IdentityArg::Create,
                resources: None,
                existing: None,
                batch_size: None,
                jobs: None,
            };
            run_validate(run, stdin, color)
        }
        Command::Test(args) => crate::test_cmd::run(&args, color),
        Command::Schema(args) => Output {
            stdout: crate::schema::text(args.kind).to_string(),
            stderr: String::new(),
            status: 0,
        },
    }
}

/// Whether GitHub Actions annotations are wanted (`GITHUB_ACTIONS=true`).
pub fn github_actions() -> bool {
    std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true")
}

fn run_validate(args: RunArgs, stdin: &mut dyn Read, color: bool) -> Output {
    let inputs = match gather(&args, stdin, false) {
        Ok(inputs) => inputs,
        Err(message) => return Output::usage(message),
    };
    let envelope = match envelope(&args, inputs.example) {
        Ok(envelope) => envelope,
        Err(message) => return Output::usage(message),
    };
    let options = Options {
        envelope,
        ..Options::default()
    };
    let messages: Vec<(Option<String>, String)> = inputs
        .messages
        .iter()
        .map(|(n, t)| (Some(n.clone()), t.clone()))
        .collect();
    let mut report = medtech_core::lint::validate(
        &inputs.device.1,
        inputs.fhir.as_ref().map(|f| f.1.as_str()),
        &messages,
        &options,
    );
    report.device_mapping_file = Some(inputs.device.0.clone());
    report.fhir_mapping_file = inputs.fhir.as_ref().map(|f| f.0.clone());
    render(&report, &inputs, &args.common, color, false, true)
}

struct Inputs {
    device: (String, String),
    fhir: Option<(String, String)>,
    messages: Vec<(String, String)>,
    /// Each message's line in its NDJSON file (0: the message is a whole file).
    lines: Vec<u32>,
    example: Option<&'static Example>,
}

pub(crate) fn read_path(path: &Path, stdin: &mut dyn Read) -> Result<(String, String), String> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        stdin
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok(("<stdin>".to_string(), text));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    // The service decodes event bodies as UTF-8 (invalid sequences become U+FFFD, a BOM is
    // honoured by the reader).
    Ok((
        path.display().to_string(),
        String::from_utf8_lossy(&bytes).into_owned(),
    ))
}

/// The mappings of a run: device (name, text), FHIR (name, text), and the example set used.
pub(crate) type Mappings = (
    (String, String),
    Option<(String, String)>,
    Option<&'static Example>,
);

/// Reads the mappings (files or the example's), in the order `gather` reads them.
pub(crate) fn gather_mappings(args: &RunArgs, stdin: &mut dyn Read) -> Result<Mappings, String> {
    let common: &CommonArgs = &args.common;
    let example = match &common.example {
        Some(name) => Some(examples::find(name).ok_or_else(|| {
            format!(
                "no example called '{name}'; available: {}",
                examples::EXAMPLES
                    .iter()
                    .map(|e| e.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?),
        None => None,
    };
    let device = match (&common.device, example) {
        (Some(path), _) => read_path(path, stdin)?,
        (None, Some(e)) => (
            format!("examples/{}/device.json", e.name),
            e.device.to_string(),
        ),
        (None, None) => return Err("--device FILE (or --example NAME) is required".to_string()),
    };
    let fhir = match (&common.fhir, example) {
        (Some(path), _) => Some(read_path(path, stdin)?),
        (None, Some(e)) => Some((format!("examples/{}/fhir.json", e.name), e.fhir.to_string())),
        (None, None) => None,
    };
    Ok((device, fhir, example))
}

fn gather(args: &RunArgs, stdin: &mut dyn Read, example_messages: bool) -> Result<Inputs, String> {
    let (device, fhir, example) = gather_mappings(args, stdin)?;
    let mut messages = Vec::new();
    let mut lines = Vec::new();
    for path in &args.messages {
        messages.push(read_path(path, stdin)?);
    }
    for path in &args.ndjson {
        let (name, text) = read_path(path, stdin)?;
        for (line_number, line) in text.lines().enumerate() {
            if !line.trim().is_empty() {
                messages.push((format!("{name}:{}", line_number + 1), line.to_string()));
                lines.resize(messages.len() - 1, 0);
                lines.push(line_number as u32 + 1);
            }
        }
    }
    if messages.is_empty() && args.ndjson.is_empty() && example_messages {
        if let Some(e) = example {
            for (file, text) in e.messages {
                messages.push((format!("examples/{}/{file}", e.name), text.to_string()));
            }
        }
    }
    lines.resize(messages.len(), 0);
    Ok(Inputs {
        device,
        fhir,
        messages,
        lines,
        example,
    })
}

fn parse_time(text: &str, what: &str) -> Result<DateTime, String> {
    let doc = medtech_json::read(&format!("\"{text}\""), &ReadOptions::default())
        .map_err(|_| format!("{what}: not a time: {text}"))?;
    match doc.root().map(|r| doc.value(r)) {
        Some(medtech_json::Value::Date(date)) => Ok(*date),
        _ => medtech_json::datetime::parse_dotnet(text)
            .ok_or_else(|| format!("{what}: not an ISO 8601 time: {text}")),
    }
}

pub(crate) fn envelope(args: &RunArgs, example: Option<&Example>) -> Result<Envelope, String> {
    let manifest: serde_json::Value = example
        .and_then(|e| serde_json::from_str(e.manifest).ok())
        .unwrap_or(serde_json::Value::Null);
    let from_manifest = |key: &str| {
        manifest
            .get(key)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let mut envelope = Envelope::default();
    envelope.kind = match args.envelope {
        Some(EnvelopeArg::Raw) => EnvelopeKind::Raw,
        Some(EnvelopeArg::Eventhub) => EnvelopeKind::EventHub,
        Some(EnvelopeArg::Iothub) => EnvelopeKind::IotHub,
        None => from_manifest("envelope")
            .and_then(|e| EnvelopeKind::parse(&e))
            .unwrap_or_default(),
    };
    if let Some(id) = args.device_id.clone().or_else(|| from_manifest("deviceId")) {
        envelope.device_id = id;
    }
    if let Some(time) = args
        .enqueued_time
        .clone()
        .or_else(|| from_manifest("enqueuedTime"))
    {
        envelope.enqueued_time = parse_time(&time, "--enqueued-time")?;
    }
    match args
        .creation_time
        .clone()
        .or_else(|| from_manifest("creationTime"))
    {
        Some(t) if t == "none" => envelope.creation_time = None,
        Some(t) => envelope.creation_time = Some(t),
        None => envelope.creation_time = Some(envelope.enqueued_time.to_newtonsoft_iso()),
    }
    Ok(envelope)
}

/// Reads every `.json` file of a folder (sorted by name) for the core, which reads no files.
fn read_folder(dir: &Path) -> Result<Vec<SourceFile>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut paths: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("json"))
        })
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let bytes =
                std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            Ok(SourceFile {
                name: p.display().to_string(),
                text: String::from_utf8_lossy(&bytes).into_owned(),
            })
        })
        .collect()
}

pub(crate) fn fhir_options(args: &RunArgs) -> Result<FhirOptions, String> {
    let identity = match args.identity {
        IdentityArg::Create => IdentityMode::Create,
        IdentityArg::Lookup => IdentityMode::Lookup,
    };
    if identity == IdentityMode::Lookup && args.resources.is_none() {
        return Err("--identity lookup needs --resources DIR".to_string());
    }
    Ok(FhirOptions {
        identity,
        resources: args
            .resources
            .as_deref()
            .map(read_folder)
            .transpose()?
            .unwrap_or_default(),
        existing: args
            .existing
            .as_deref()
            .map(read_folder)
            .transpose()?
            .unwrap_or_default(),
        batch_size: args.batch_size.map(|n| n as usize),
        ..FhirOptions::default()
    })
}

pub(crate) fn run_messages(
    args: RunArgs,
    stdin: &mut dyn Read,
    color: bool,
    with_trace: bool,
) -> Output {
    if args.common.example.as_deref() == Some("list") {
        let mut out = String::new();
        for e in examples::EXAMPLES {
            let title = serde_json::from_str::<serde_json::Value>(e.manifest)
                .ok()
                .and_then(|m| m.get("title").and_then(|t| t.as_str()).map(str::to_string))
                .unwrap_or_default();
            out.push_str(&format!("{:<28} {}\n", e.name, title));
        }
        return Output {
            stdout: out,
            stderr: String::new(),
            status: 0,
        };
    }
    let inputs = match gather(&args, stdin, true) {
        Ok(inputs) => inputs,
        Err(message) => return Output::usage(message),
    };
    let envelope = match envelope(&args, inputs.example) {
        Ok(envelope) => envelope,
        Err(message) => return Output::usage(message),
    };
    let fhir = match fhir_options(&args) {
        Ok(fhir) => fhir,
        Err(message) => return Output::usage(message),
    };
    let messages: Vec<(Option<String>, String)> = inputs
        .messages
        .iter()
        .map(|(file, text)| (Some(file.clone()), text.clone()))
        .collect();
    let mut report = medtech_core::debug(
        &inputs.device.1,
        inputs.fhir.as_ref().map(|f| f.1.as_str()),
        &messages,
        &Options {
            envelope,
            fhir,
            // Without the trace on screen, record only what the findings need.
            detail: if with_trace {
                Detail::Trace
            } else {
                Detail::Findings
            },
        },
    );
    report.device_mapping_file = Some(inputs.device.0.clone());
    report.fhir_mapping_file = inputs.fhir.as_ref().map(|f| f.0.clone());
    render(&report, &inputs, &args.common, color, with_trace, false)
}

/// Prints a report in the chosen format; `validate` adds the FHIR mapping's verdict to the
/// human header. With `GITHUB_ACTIONS=true` findings are also printed as workflow-command
/// annotations (on stdout for human output, on stderr for JSON and SARIF).
fn render(
    report: &Report,
    inputs: &Inputs,
    common: &CommonArgs,
    color: bool,
    with_trace: bool,
    validate: bool,
) -> Output {
    let status = report.exit_status() as i32;
    let redact = common.redact;
    let files = |i: usize| inputs.messages.get(i).map(|m| m.0.clone());
    let lines = |i: usize| inputs.lines.get(i).copied().unwrap_or(0);
    let mut stdout = match common.format {
        Format::Json => {
            let mut json = report.to_json(redact, &files);
            if !with_trace && !validate {
                if let Some(obj) = json.as_object_mut() {
                    obj.remove("messages");
                }
            }
            let mut text = report.pretty_json(&json, redact);
            text.push('\n');
            text
        }
        Format::Sarif => crate::sarif::sarif(report, redact, &files, &lines),
        Format::Human => human(
            report,
            inputs,
            color && !common.no_color,
            redact,
            with_trace,
            validate,
        ),
    };
    let mut stderr = String::new();
    if github_actions() {
        let annotations = crate::annotations::for_report(report, redact, &files, &lines);
        if common.format == Format::Human {
            stdout.push_str(&annotations);
        } else {
            stderr.push_str(&annotations);
        }
    }
    Output {
        stdout,
        stderr,
        status,
    }
}

fn human(
    report: &Report,
    inputs: &Inputs,
    color: bool,
    redact: bool,
    with_trace: bool,
    validate: bool,
) -> String {
    let painter = Painter::new(color, redact);
    let sources = Sources {
        device: Some((inputs.device.0.as_str(), inputs.device.1.as_str())),
        fhir: inputs.fhir.as_ref().map(|(n, t)| (n.as_str(), t.as_str())),
        messages: &inputs.messages,
        first_message: 0,
    };
    let mut out = String::new();
    let validity = if report.mappings_valid {
        "valid"
    } else {
        "INVALID: the service would reject it"
    };
    out.push_str(&format!("device mapping {}: {validity}\n", inputs.device.0));
    if validate {
        if let Some((name, _)) = &inputs.fhir {
            let fhir_errors = report.diagnostics.iter().any(|d| {
                d.source == medtech_core::Source::FhirMapping
                    && d.severity == medtech_core::Severity::Error
                    && d.code.as_str().starts_with("fhir/")
            });
            let verdict = if fhir_errors {
                "INVALID: the service would reject it"
            } else {
                "valid"
            };
            out.push_str(&format!("FHIR mapping {name}: {verdict}\n"));
        }
    }
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.message_index.is_none())
    {
        out.push_str(&painter.diagnostic(d, &sources));
    }
    for (index, trace) in report.messages.iter().enumerate() {
        out.push('\n');
        if with_trace {
            out.push_str(&painter.trace(trace));
        }
        let produced: Vec<_> = report
            .measurements
            .iter()
            .filter(|m| m.message_index == index)
            .collect();
        if !produced.is_empty() {
            out.push_str("  measurements:\n");
            for m in produced {
                let mut json = m.to_json();
                if redact {
                    medtech_core::redact::mask_measurement(&mut json);
                }
                out.push_str(&format!("    {json}\n"));
            }
        }
        for d in report
            .diagnostics
            .iter()
            .filter(|d| d.message_index == Some(index))
        {
            out.push_str(&painter.diagnostic(d, &sources));
        }
    }
    if !report.observations.is_empty() {
        out.push_str("\nobservations:\n");
        for observation in &report.observations {
            out.push_str(&painter.observation(&observation.to_json()));
        }
    }
    out.push('\n');
    out.push_str(&painter.summary(report));
    out
}
