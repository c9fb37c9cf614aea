//! Command-line arguments (cli.md "Commands").

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Offline debugger for Azure MedTech device and FHIR destination mappings.
#[derive(Debug, Parser)]
#[command(name = "medtech", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run messages through the mappings and show measurements, diagnostics and the per-template trace.
    Debug(RunArgs),
    /// Run messages through the device mapping and print the normalized measurements.
    Normalize(RunArgs),
    /// Load the mappings and report every problem and lint (sample messages add the lints they reveal).
    Validate(ValidateArgs),
    /// Run template unit tests: suite files (`*.suite.json`) with messages and expected results.
    Test(TestArgs),
    /// Print the JSON Schema (draft 2020-12) of a device mapping, a FHIR mapping or a test suite.
    Schema(SchemaArgs),
}

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// For people: diagnostics with the source line and a caret.
    #[default]
    Human,
    /// The stable JSON report (cli.md).
    Json,
    /// SARIF 2.1.0, for code-scanning UIs (findings on the template line).
    Sarif,
}

/// How a message file becomes the document the templates see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum EnvelopeArg {
    /// The file's JSON is the document.
    #[default]
    Raw,
    /// The file is an Event Hub event body.
    Eventhub,
    /// The file is an IoT Hub routed event body.
    Iothub,
}

/// Options shared by every command.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// The device mapping (CollectionContent) file, or `-` for standard input.
    #[arg(long, value_name = "FILE")]
    pub device: Option<PathBuf>,
    /// The FHIR destination mapping (CollectionFhir) file.
    #[arg(long, value_name = "FILE")]
    pub fhir: Option<PathBuf>,
    /// Use a bundled example set instead of files (`--example list` lists them).
    #[arg(long, value_name = "NAME")]
    pub example: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Never colour the output (colour is also off when stdout is not a terminal).
    #[arg(long)]
    pub no_color: bool,
    /// Mask values taken from messages (ids, property and Observation values) in all output, for CI logs.
    #[arg(long)]
    pub redact: bool,
}

/// Arguments of `debug` and `normalize`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Shared options.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Message files (one device message each), or `-` for standard input.
    #[arg(value_name = "MESSAGE")]
    pub messages: Vec<PathBuf>,
    /// A file with one message per non-empty line.
    #[arg(long, value_name = "FILE")]
    pub ndjson: Vec<PathBuf>,
    /// How a message file becomes the document the templates see.
    #[arg(long, value_enum)]
    pub envelope: Option<EnvelopeArg>,
    /// IoT Hub device id (`iothub-connection-device-id`).
    #[arg(long, value_name = "ID")]
    pub device_id: Option<String>,
    /// The events' enqueued time (ISO 8601); default 2024-01-01T00:00:00Z.
    #[arg(long, value_name = "TIME")]
    pub enqueued_time: Option<String>,
    /// IoT Hub `iothub-creation-time-utc` as the device sends it; `none` leaves it out.
    #[arg(long, value_name = "TIME")]
    pub creation_time: Option<String>,
    /// How Patient/Device/Encounter references are resolved.
    #[arg(long, value_enum, default_value_t = IdentityArg::Create)]
    pub identity: IdentityArg,
    /// A folder of Patient, Device and Encounter JSON files (or Bundles) for `--identity lookup`.
    #[arg(long, value_name = "DIR")]
    pub resources: Option<PathBuf>,
    /// A folder of Observation JSON files the FHIR server already holds; new data merges into them.
    #[arg(long, value_name = "DIR")]
    pub existing: Option<PathBuf>,
    /// Simulate the service writing every N messages as one batch (default: all messages are one batch).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub batch_size: Option<u64>,
    /// Evaluate messages on N threads (default: one per CPU); the output is the same for every N.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=256))]
    pub jobs: Option<u64>,
}

/// Identity resolution mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum IdentityArg {
    /// The service creates Patient and Device resources it does not find.
    #[default]
    Create,
    /// Resources must exist (`--resources DIR`).
    Lookup,
}

/// Arguments of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Shared options.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Sample messages (one device message per file), or `-` for standard input: lints that need
    /// data (scopes, overlapping matches, timestamps) run on them, and errors they give are reported.
    #[arg(value_name = "MESSAGE")]
    pub messages: Vec<PathBuf>,
    /// A file with one sample message per non-empty line.
    #[arg(long, value_name = "FILE")]
    pub ndjson: Vec<PathBuf>,
    /// How a message file becomes the document the templates see.
    #[arg(long, value_enum)]
    pub envelope: Option<EnvelopeArg>,
    /// IoT Hub device id (`iothub-connection-device-id`).
    #[arg(long, value_name = "ID")]
    pub device_id: Option<String>,
    /// The events' enqueued time (ISO 8601); default 2024-01-01T00:00:00Z.
    #[arg(long, value_name = "TIME")]
    pub enqueued_time: Option<String>,
    /// IoT Hub `iothub-creation-time-utc` as the device sends it; `none` leaves it out.
    #[arg(long, value_name = "TIME")]
    pub creation_time: Option<String>,
}

/// Arguments of `test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Suite files, or folders searched for `*.suite.json` (default: the current folder).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Also write the results as JUnit XML to FILE.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Write the actual results into the suites' expectations (snapshot blessing).
    #[arg(long)]
    pub update: bool,
    /// Mask values taken from messages (ids, property and Observation values) in all output.
    #[arg(long)]
    pub redact: bool,
    /// Never colour the output.
    #[arg(long)]
    pub no_color: bool,
}

/// Arguments of `schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema.
    #[arg(value_enum)]
    pub kind: SchemaKind,
}

/// The schemas `medtech schema` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// The device mapping (CollectionContent).
    Device,
    /// The FHIR destination mapping (CollectionFhir).
    Fhir,
    /// A `medtech test` suite file.
    Suite,
}
