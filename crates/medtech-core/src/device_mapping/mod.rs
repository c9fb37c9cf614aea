//! Device mappings: loading a `CollectionContent` document into templates exactly as the
//! reference loader does (device-mapping.md §1, §3, §4), with every problem as a located
//! [`Diagnostic`] carrying the reference's own message text and line info.
//!
//! The loader reproduces `CollectionContentTemplateFactory.Create`: the root rules (§3.1), the
//! dispatch of inner containers to the four factories (§3.2), Newtonsoft's deserialization of
//! each template object with one error per problem in the reference's order (§3.3, §3.4), the
//! CalculatedContent construction that compiles JMESPath and throws on a missing `values` or a
//! blank expression (§4.4), and the cases where the reference throws instead of reporting
//! (reported here as one [`Code::MappingLoadCrash`] error).

mod build;
mod collection;
mod expressions;
mod members;
pub mod model;
mod netconv;
mod populate;
mod position;

#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod tests;

pub use model::{
    ContentTemplate, DeviceMapping, Expression, Language, Location, TemplateKind, ValueTemplate,
};

use medtech_json::read::{not_an_object_error, ReadErrorKind};
use medtech_json::{Document, LineIndex, ReadError, ReadOptions, Span, Value};

use crate::diagnostic::{Code, Diagnostic, Severity, Source};
use populate::Ctx;

/// A loaded device mapping: the document, the templates the reference builds, and every
/// finding.
#[derive(Clone, Debug)]
pub struct LoadedDeviceMapping {
    /// The parsed document (`None` when the text is not JSON).
    pub document: Option<Document>,
    /// The templates built, in document order (templates with errors are not built).
    pub mapping: DeviceMapping,
    /// Errors (the reference's load errors, in its order), warnings and infos.
    pub diagnostics: Vec<Diagnostic>,
    /// True when the service would accept the mapping (no error-severity diagnostic).
    pub valid: bool,
}

impl LoadedDeviceMapping {
    /// The errors only, in the reference's order.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    /// The service's combined rejection message (`Validation errors:` + one line per error,
    /// each with its `Line Number: L, Position: P. ` prefix where the reference has one).
    /// `None` for a valid mapping, and when the reference's load throws or builds nothing
    /// ([`Code::MappingLoadCrash`], [`Code::MappingEmpty`]): it then has no validation errors.
    pub fn validation_message(&self) -> Option<String> {
        let no_context = self
            .errors()
            .any(|d| matches!(d.code, Code::MappingLoadCrash | Code::MappingEmpty));
        if self.valid || no_context {
            return None;
        }
        let mut out = String::from("Validation errors:");
        for d in self.errors() {
            out.push('\n');
            out.push_str(&reference_message(d));
        }
        Some(out)
    }
}

/// The message as the reference prints it: inner-template errors carry the
/// `Line Number: L, Position: P. ` prefix when they have line info; root errors never do.
pub fn reference_message(d: &Diagnostic) -> String {
    let root_error = matches!(
        d.code,
        Code::MappingSyntax | Code::MappingRootType | Code::MappingTemplateArray
    );
    match d.reference_position {
        Some((line, position)) if !root_error && d.code != Code::MappingLoadCrash => {
            // Caught JsonSerializationExceptions of a container keep their own text.
            if d.message.contains(", line ") && d.message.contains("Path '") {
                d.message.clone()
            } else {
                format!("Line Number: {line}, Position: {position}. {}", d.message)
            }
        }
        _ => d.message.clone(),
    }
}

/// Reads `text` (Newtonsoft's lenient reader) and loads it as a device mapping.
pub fn load_device_mapping(text: &str) -> LoadedDeviceMapping {
    load_text(text, false)
}

/// Loads a single inner container `{ "templateType": …, "template": { … } }` the way the
/// per-type factory tests do (device-mapping.md §9.2): same errors as inside a collection.
pub fn load_template_container(text: &str) -> LoadedDeviceMapping {
    load_text(text, true)
}

fn load_text(text: &str, single: bool) -> LoadedDeviceMapping {
    let lines = LineIndex::new(text);
    if let Some(offset) = first_significant(text) {
        if text.as_bytes().get(offset) == Some(&b'[') {
            // JObject.Load sees StartArray and throws before reading further.
            let (line, position) = lines.newtonsoft_position_after(offset + 1);
            let message = format!(
                "Error reading JObject from JsonReader. Current JsonReader item is not an object: StartArray. Path '', line {line}, position {position}."
            );
            return finish(
                None,
                DeviceMapping::default(),
                vec![root_error(message, Span::new(offset, offset + 1))],
            );
        }
    }
    // JsonConvert.DeserializeObject checks for content after the root value.
    let options = ReadOptions {
        check_additional_content: true,
        ..ReadOptions::default()
    };
    let doc = match medtech_json::read(text, &options) {
        Ok(doc) => doc,
        Err(e) => return read_failure(text, &lines, e),
    };
    let Some(root) = doc.root() else {
        return empty_document(Some(doc));
    };
    if matches!(doc.value(root), Value::Null) {
        return empty_document(Some(doc));
    }
    let (mapping, diagnostics) = {
        let ctx = Ctx {
            doc: &doc,
            lines: Some(lines),
        };
        let collected = if single {
            collection::load_single(&ctx, root)
        } else {
            collection::load_collection(&ctx, root)
        };
        (collected.mapping, collected.diagnostics)
    };
    finish(Some(doc), mapping, diagnostics)
}

/// The text could not be read: an empty text is no error for the reference; a date beyond
/// .NET's range throws a non-JSON exception (the load fails); anything else is the reader's
/// message as the only error.
fn read_failure(text: &str, lines: &LineIndex, e: ReadError) -> LoadedDeviceMapping {
    let offset = e.offset.min(text.len());
    let span = Span::new(offset, next_char_end(text, offset));
    match e.kind {
        ReadErrorKind::Empty => empty_document(None),
        ReadErrorKind::DateOutOfRange => finish(
            None,
            DeviceMapping::default(),
            vec![Diagnostic::error(
                Code::MappingLoadCrash,
                Source::DeviceMapping,
                "A date-like string is out of .NET's DateTime range: Newtonsoft's reader throws a non-JSON exception and the whole device mapping fails to load.",
            )
            .at(Some(span), None)
            .with_cause(e.message)
            .with_help("strings the reader takes for ISO dates must be valid dates")],
        ),
        _ => {
            if e.message.starts_with("Additional text encountered") {
                // A root that is not an object fails in JObject.Load before the content check.
                if let Ok(doc) = medtech_json::read(text, &ReadOptions::default()) {
                    if let Some(root) = doc.root() {
                        if let Some(not_object) = not_an_object_error(&doc, root, lines) {
                            let d = root_error(not_object.message, doc.span(root));
                            return finish(Some(doc), DeviceMapping::default(), vec![d]);
                        }
                    }
                }
            }
            finish(None, DeviceMapping::default(), vec![root_error(e.message, span)])
        }
    }
}

fn next_char_end(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|rest| rest.chars().next())
        .map_or(offset, |c| offset + c.len_utf8())
}

/// Loads an already-read document (e.g. built with `Document::from_serde`); `text` gives line
/// info when the document was read from it.
pub fn load_device_mapping_document(document: Document, text: Option<&str>) -> LoadedDeviceMapping {
    let Some(root) = document.root() else {
        return empty_document(Some(document));
    };
    if matches!(document.value(root), Value::Null) {
        return empty_document(Some(document));
    }
    let (mapping, diagnostics) = {
        // Line info only when the text can be the one the document was read from.
        let fits = |t: &&str| document.span(root).end as usize <= t.len();
        let ctx = Ctx {
            doc: &document,
            lines: text.filter(fits).map(LineIndex::new),
        };
        let collected = collection::load_collection(&ctx, root);
        (collected.mapping, collected.diagnostics)
    };
    finish(Some(document), mapping, diagnostics)
}

fn finish(
    document: Option<Document>,
    mapping: DeviceMapping,
    diagnostics: Vec<Diagnostic>,
) -> LoadedDeviceMapping {
    let valid = !diagnostics.iter().any(|d| d.severity == Severity::Error);
    LoadedDeviceMapping {
        document,
        mapping,
        diagnostics,
        valid,
    }
}

fn root_error(message: String, span: Span) -> Diagnostic {
    Diagnostic::error(Code::MappingSyntax, Source::DeviceMapping, message)
        .at(Some(span), Some(String::new()))
        .with_help("the service reads the mapping with Newtonsoft.Json; fix the JSON text first")
}

/// An empty text or `null`: the reference reports nothing and builds no collection; the
/// service then fails on the missing template.
fn empty_document(document: Option<Document>) -> LoadedDeviceMapping {
    let d = Diagnostic::error(
        Code::MappingEmpty,
        Source::DeviceMapping,
        "The device mapping is empty (or null): the service's loader reports no error but builds no template, and normalization then fails with a NullReferenceException.",
    )
    .with_help("write { \"templateType\": \"CollectionContent\", \"template\": [ … ] }");
    finish(document, DeviceMapping::default(), vec![d])
}

/// Offset of the first character that is not white space or inside a comment.
fn first_significant(text: &str) -> Option<usize> {
    skip_insignificant(text, 0).filter(|i| *i < text.len())
}

/// Skips white space and comments from `from`; `None` for an unterminated block comment.
fn skip_insignificant(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        let rest = text.get(i..)?;
        let c = rest.chars().next()?;
        if c.is_whitespace() || c == '\u{feff}' {
            i += c.len_utf8();
        } else if rest.starts_with("//") {
            i += rest.find(['\n', '\r']).unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += 2 + rest.get(2..)?.find("*/")? + 2;
        } else {
            return Some(i);
        }
    }
    Some(bytes.len())
}
