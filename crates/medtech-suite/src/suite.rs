//! The suite file (README "Testing mappings"): the device and FHIR mappings it tests, run
//! settings, and cases — messages (inline, raw text or files, relative to the suite file) with
//! expected measurements, Observations and diagnostics.

use medtech_core::{Envelope, EnvelopeKind, Options};
use medtech_json::{DateTime, LineIndex, ReadOptions, Value};
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

/// A problem that makes a suite unusable (exit status 2).
#[derive(Clone, Debug, PartialEq)]
pub struct SuiteError {
    /// What is wrong.
    pub message: String,
    /// The 1-based line in the suite file, when known.
    pub line: Option<u32>,
}

impl SuiteError {
    fn new(message: impl Into<String>, line: Option<u32>) -> SuiteError {
        SuiteError {
            message: message.into(),
            line,
        }
    }
}

/// A text read from disk, with the name findings use.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    /// The path as the user wrote it (relative to the suite file's folder, joined).
    pub name: String,
    /// Its contents.
    pub text: String,
}

/// One test case.
#[derive(Clone, Debug)]
pub struct Case {
    /// Position in `cases`.
    pub index: usize,
    /// `name`, or `case N`.
    pub name: String,
    /// 1-based line of the case in the suite file.
    pub line: u32,
    /// Its messages, in order (inline, raw texts, files).
    pub messages: Vec<Input>,
    /// Run settings (suite settings overridden by the case's).
    pub options: Options,
    /// `expect` as written.
    pub expect: Json,
}

/// A parsed suite file.
#[derive(Clone, Debug)]
pub struct Suite {
    /// The suite file.
    pub path: PathBuf,
    /// `name`, or the file name.
    pub name: String,
    /// The suite as a value (numbers the doubles nearest their texts).
    pub json: Json,
    /// The suite file's text, as read (`--update` rewrites only the `expect` members in it).
    pub text: String,
    /// The device mapping.
    pub device: Input,
    /// The FHIR mapping, if any.
    pub fhir: Option<Input>,
    /// The cases.
    pub cases: Vec<Case>,
}

/// Reads a suite file and everything it references.
pub fn load(path: &Path) -> Result<Suite, SuiteError> {
    let text = read(path, None)?;
    let lines = CaseLines::new(&text).map_err(|(message, line)| {
        SuiteError::new(
            format!("{}: not JSON: {message}", path.display()),
            Some(line),
        )
    })?;
    let json = lines.json();
    let dir = path.parent().unwrap_or(Path::new("."));
    let Json::Object(root) = &json else {
        return Err(SuiteError::new(
            format!("{}: a suite is a JSON object", path.display()),
            Some(1),
        ));
    };
    let file = |key: &str| -> Result<Option<Input>, SuiteError> {
        match root.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(p)) => {
                let full = join(dir, p);
                Ok(Some(Input {
                    name: full.display().to_string(),
                    text: read(&full, lines.member(key))?,
                }))
            }
            Some(_) => Err(SuiteError::new(
                format!("{key} must be a file path (a string)"),
                lines.member(key),
            )),
        }
    };
    let device = file("deviceMapping")?.ok_or_else(|| {
        SuiteError::new(
            format!(
                "{}: no deviceMapping (the device mapping file)",
                path.display()
            ),
            Some(1),
        )
    })?;
    let fhir = file("fhirMapping")?;
    let base = options(root, &Options::default()).map_err(|m| SuiteError::new(m, Some(1)))?;
    let Some(Json::Array(items)) = root.get("cases") else {
        return Err(SuiteError::new(
            format!("{}: no cases array", path.display()),
            lines.member("cases").or(Some(1)),
        ));
    };
    let mut cases = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let line = lines.case(index).unwrap_or(1);
        let err = |m: String| SuiteError::new(format!("case {index}: {m}"), Some(line));
        let Json::Object(case) = item else {
            return Err(err("a case is a JSON object".into()));
        };
        let name = case
            .get("name")
            .and_then(Json::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| format!("case {index}"));
        let mut messages = Vec::new();
        for (k, m) in case
            .get("messages")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            // The message as written in the suite file, not its value written again: a
            // number keeps its digits (`93.53085792562891`, `12345678901234567890123`).
            let text = lines
                .source(&format!("/cases/{index}/messages/{k}"))
                .map(str::to_string)
                .unwrap_or_else(|| serde_json::to_string_pretty(m).unwrap_or_default());
            messages.push(Input {
                name: format!("{} cases[{index}].messages[{k}]", path.display()),
                text,
            });
        }
        for (k, m) in case
            .get("messageTexts")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let text = m
                .as_str()
                .ok_or_else(|| err("messageTexts holds strings".into()))?;
            messages.push(Input {
                name: format!("{} cases[{index}].messageTexts[{k}]", path.display()),
                text: text.to_string(),
            });
        }
        for m in case
            .get("messageFiles")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
        {
            let p = m
                .as_str()
                .ok_or_else(|| err("messageFiles holds file paths".into()))?;
            let full = join(dir, p);
            messages.push(Input {
                name: full.display().to_string(),
                text: read(&full, Some(line))?,
            });
        }
        if messages.is_empty() {
            return Err(err(
                "no messages (messages, messageTexts or messageFiles)".into()
            ));
        }
        let options = options(case, &base).map_err(err)?;
        let expect = case
            .get("expect")
            .cloned()
            .unwrap_or(Json::Object(Default::default()));
        if !expect.is_object() {
            return Err(err("expect must be an object".into()));
        }
        cases.push(Case {
            index,
            name,
            line,
            messages,
            options,
            expect,
        });
    }
    let name = root
        .get("name")
        .and_then(Json::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| {
            path.file_name()
                .map(|n| {
                    n.to_string_lossy()
                        .trim_end_matches(".json")
                        .trim_end_matches(".suite")
                        .to_string()
                })
                .unwrap_or_default()
        });
    Ok(Suite {
        path: path.to_path_buf(),
        name,
        json,
        text,
        device,
        fhir,
        cases,
    })
}

/// `dir/p` with `.` and `..` resolved lexically (`a/b/../c` → `a/c`), so names stay short.
pub fn join(dir: &Path, p: &str) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component<'_>> = Vec::new();
    let joined = dir.join(p);
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                _ => out.push(c),
            },
            _ => out.push(c),
        }
    }
    if out.is_empty() {
        return PathBuf::from(".");
    }
    out.iter().collect()
}

fn read(path: &Path, line: Option<u32>) -> Result<String, SuiteError> {
    std::fs::read(path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map_err(|e| SuiteError::new(format!("cannot read {}: {e}", path.display()), line))
}

/// Envelope settings of an object (suite or case) over `base`.
fn options(object: &serde_json::Map<String, Json>, base: &Options) -> Result<Options, String> {
    let mut options = base.clone();
    let text = |key: &str| object.get(key).and_then(Json::as_str);
    if let Some(kind) = text("envelope") {
        options.envelope.kind = EnvelopeKind::parse(kind)
            .ok_or_else(|| format!("unknown envelope '{kind}' (raw, eventhub, iothub)"))?;
    }
    if let Some(id) = text("deviceId") {
        options.envelope.device_id = id.to_string();
    }
    if let Some(time) = text("enqueuedTime") {
        options.envelope.enqueued_time = parse_time(time)
            .ok_or_else(|| format!("enqueuedTime is not an ISO 8601 time: {time}"))?;
        if text("creationTime").is_none() && base.envelope == Envelope::default() {
            options.envelope.creation_time =
                Some(options.envelope.enqueued_time.to_newtonsoft_iso());
        }
    }
    match object.get("creationTime") {
        Some(Json::Null) => options.envelope.creation_time = None,
        Some(Json::String(t)) => options.envelope.creation_time = Some(t.clone()),
        _ => {}
    }
    Ok(options)
}

fn parse_time(text: &str) -> Option<DateTime> {
    let doc =
        medtech_json::read(&serde_json::to_string(text).ok()?, &ReadOptions::default()).ok()?;
    match doc.root().map(|r| doc.value(r)) {
        Some(Value::Date(date)) => Some(*date),
        _ => medtech_json::datetime::parse_dotnet(text),
    }
}

/// How suite files are read: as JSON.NET reads (comments allowed), strings left as strings,
/// nothing after the suite, nesting bounded.
const SUITE_READ: ReadOptions = ReadOptions {
    date_parse: false,
    max_depth: 256,
    check_additional_content: true,
};

/// The suite file read with the located reader: its value, and the lines and texts of its
/// members and cases.
pub(crate) struct CaseLines<'t> {
    text: &'t str,
    doc: medtech_json::Document,
    root: medtech_json::NodeId,
    lines: LineIndex,
}

impl<'t> CaseLines<'t> {
    /// Reads the suite text; the reader's message and line when it is not JSON.
    pub(crate) fn new(text: &'t str) -> Result<CaseLines<'t>, (String, u32)> {
        let doc = medtech_json::read(text, &SUITE_READ).map_err(|e| (e.message, e.line))?;
        let root = doc.root().ok_or_else(|| ("no value".to_string(), 1))?;
        Ok(CaseLines {
            text,
            doc,
            root,
            lines: LineIndex::new(text),
        })
    }

    /// The suite as a value: each number the double nearest its text.
    pub(crate) fn json(&self) -> Json {
        medtech_json::write::to_serde_numeric(&self.doc, self.root)
    }

    /// The node at a JSON Pointer.
    fn node(&self, pointer: &str) -> Option<medtech_json::NodeId> {
        self.doc.at_pointer(self.root, pointer)
    }

    /// The byte range of the value at a JSON Pointer.
    fn span(&self, pointer: &str) -> Option<std::ops::Range<usize>> {
        let span = self.doc.span(self.node(pointer)?);
        Some(span.start as usize..span.end as usize)
    }

    /// The text of the value at a JSON Pointer, as written.
    fn source(&self, pointer: &str) -> Option<&'t str> {
        self.text.get(self.span(pointer)?)
    }

    /// The members of the object at a JSON Pointer: name and byte range of the value.
    pub(crate) fn members(&self, pointer: &str) -> Vec<(String, std::ops::Range<usize>)> {
        let Some(node) = self.node(pointer) else {
            return Vec::new();
        };
        self.doc
            .members(node)
            .iter()
            .map(|m| {
                let span = self.doc.span(m.value);
                (m.name.to_string(), span.start as usize..span.end as usize)
            })
            .collect()
    }

    fn line_at(&self, pointer: &str) -> Option<u32> {
        Some(self.lines.position(self.span(pointer)?.start).line)
    }

    fn member(&self, key: &str) -> Option<u32> {
        self.line_at(&format!("/{key}"))
    }

    fn case(&self, index: usize) -> Option<u32> {
        self.line_at(&format!("/cases/{index}"))
    }
}
