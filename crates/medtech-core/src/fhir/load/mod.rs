//! Loading a FHIR destination mapping exactly as `CollectionFhirTemplateFactory.Create` does
//! (fhir-mapping.md §1): the root container, one inner container per array element, the
//! `CodeValueFhir` body with every Newtonsoft error, and the registration checks (blank and
//! duplicate type names). Every problem is a located [`Diagnostic`] with the reference's text.

mod body;
mod container;
pub(crate) mod convert;
mod ctx;
mod enums;
mod indented;
mod lists;
mod value;

#[cfg(test)]
mod tests;

use medtech_json::{read, Document, LineIndex, ReadOptions, Span, Value};

use crate::diagnostic::{Code, Diagnostic, Severity, Source};
use crate::fhir::model::FhirMapping;
use ctx::Ctx;

/// A loaded FHIR mapping: the document, the templates the reference registers, and every
/// finding.
#[derive(Clone, Debug)]
pub struct LoadedFhirMapping {
    /// The parsed document (`None` when the text is not JSON).
    pub document: Option<Document>,
    /// The registered templates (partly filled when some elements failed).
    pub mapping: FhirMapping,
    /// Errors in the reference's order, then warnings and infos.
    pub diagnostics: Vec<Diagnostic>,
    /// True when the service accepts the mapping (no error).
    pub valid: bool,
}

impl LoadedFhirMapping {
    /// The errors only, in the reference's order.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    /// The service's rejection text: `Validation errors:` and one line per error.
    pub fn validation_message(&self) -> Option<String> {
        if self.valid {
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

/// A load error's text as the reference prints it: template errors carry
/// `Line Number: L, Position: P. ` when they have line info; root errors never do.
pub fn reference_message(d: &Diagnostic) -> String {
    let root_error = matches!(
        d.code,
        Code::FhirSyntax
            | Code::FhirRootType
            | Code::FhirTemplateArray
            | Code::FhirEmpty
            | Code::FhirLoadCrash
    );
    match d.reference_position {
        Some((line, position)) if !root_error => {
            format!("Line Number: {line}, Position: {position}. {}", d.message)
        }
        _ => d.message.clone(),
    }
}

/// Loads a FHIR mapping text (`JsonConvert.DeserializeObject<TemplateContainer>` settings:
/// dates parsed, depth 64, content after the root an error).
pub fn load_fhir_mapping(text: &str) -> LoadedFhirMapping {
    let options = ReadOptions {
        date_parse: true,
        max_depth: 64,
        check_additional_content: true,
    };
    match read(text, &options) {
        Ok(doc) => {
            let lines = LineIndex::new(text);
            load_document(doc, Some(&lines))
        }
        Err(e) if e.kind == medtech_json::read::ReadErrorKind::Empty => {
            finish(None, FhirMapping::default(), vec![empty_error(None)])
        }
        Err(e) => {
            let at = e.offset.min(text.len());
            let span = Span::new(at, (at + 1).min(text.len()).max(at));
            let d = Diagnostic::error(Code::FhirSyntax, Source::FhirMapping, e.message.clone())
                .at(Some(span).filter(|s| s.end > s.start), None)
                .with_help("the FHIR mapping is not valid JSON");
            finish(None, FhirMapping::default(), vec![d])
        }
    }
}

/// Loads a FHIR mapping already read into a document (`lines` indexes its source text, when
/// there is one; without it no line info is reported).
pub fn load_fhir_mapping_document(doc: Document, lines: Option<&LineIndex>) -> LoadedFhirMapping {
    load_document(doc, lines)
}

fn load_document(doc: Document, lines: Option<&LineIndex>) -> LoadedFhirMapping {
    let Some(root) = doc.root() else {
        return finish(Some(doc), FhirMapping::default(), vec![empty_error(None)]);
    };
    let (mapping, diagnostics) = {
        let ctx = Ctx { doc: &doc, lines };
        if matches!(doc.value(root), Value::Null) {
            (FhirMapping::default(), vec![empty_error(ctx.span(root))])
        } else {
            let collected = container::load_collection(&ctx, root);
            (collected.mapping, collected.diagnostics)
        }
    };
    finish(Some(doc), mapping, diagnostics)
}

fn empty_error(span: Option<Span>) -> Diagnostic {
    Diagnostic::error(
        Code::FhirEmpty,
        Source::FhirMapping,
        "The FHIR mapping is empty: the service reads it as no template at all, accepts it, and then fails every batch.",
    )
    .at(span, Some(String::new()))
    .with_help("a FHIR mapping starts with { \"templateType\": \"CollectionFhir\", \"template\": [ … ] }")
}

fn finish(
    document: Option<Document>,
    mut mapping: FhirMapping,
    diagnostics: Vec<Diagnostic>,
) -> LoadedFhirMapping {
    let valid = !diagnostics.iter().any(|d| d.severity == Severity::Error);
    mapping.valid = valid;
    LoadedFhirMapping {
        document,
        mapping,
        diagnostics,
        valid,
    }
}
