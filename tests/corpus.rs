//! Compatibility runs over `../shared/corpus` (the reference engine's test inputs and real-world
//! mappings and messages from public repositories). Skipped with a notice when `../shared` is
//! absent. Every file is one named test:
//!
//! * a device mapping (`CollectionContent`) loads, or is invalid with exactly the problems the
//!   specification predicts (the table `EXPECTED_INVALID`);
//! * every other JSON file is run as a message through the device mappings of its repository
//!   (reference inputs: through every valid reference mapping), in all three envelopes, without a
//!   crash, and every finding has a location;
//! * text that is not JSON even for the lenient reader gets a located error, as a message and as a
//!   mapping.

use libtest_mimic::{Arguments, Failed, Trial};
use medtech_core::{Code, Envelope, EnvelopeKind, Options, Session, Source};
use medtech_json::{read, ReadOptions, Value};
use medtech_tests::{files_below, shared_dir};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Device mappings the service rejects, with a substring of every error it reports.
const EXPECTED_INVALID: &[(&str, &[&str])] = &[
    // §9.1 C1: empty templateType.
    ("data_CollectionContentTemplateEmpty.json", &["Expected TemplateType value CollectionContentTemplate, actual ."]),
    // The FHIR collection's twin of C1 (`templateType: ""`) cannot say which kind it is; loaded as
    // a device mapping it fails like C1.
    ("data_CollectionFhirTemplateEmpty.json", &["Expected TemplateType value CollectionContentTemplate, actual ."]),
    // §9.1 C5 / §9.9 V4: missing required members.
    (
        "data_CollectionContentTemplateInvalid.json",
        &["Required property 'DeviceIdExpression' not found in JSON.", "Required property 'TimestampExpression' not found in JSON.", "Required property 'TypeMatchExpression' not found in JSON."],
    ),
    ("Template.UnitTests_data_CollectionContentTemplateInvalid.json", &["Required property 'DeviceIdExpression' not found in JSON.", "Required property 'TimestampExpression' not found in JSON.", "Required property 'TypeMatchExpression' not found in JSON."]),
    ("Validation.UnitTests_data_CollectionContentTemplateInvalid.json", &["Required property 'DeviceIdExpression' not found in JSON.", "Required property 'TimestampExpression' not found in JSON.", "Required property 'TypeMatchExpression' not found in JSON."]),
    // §9.1 C6: IotJsonPathContent without typeMatchExpression.
    ("data_CollectionContentTemplateMixedValidity.json", &["Required property 'TypeMatchExpression' not found in JSON."]),
    // §9.1 C3: mock template types no production factory knows.
    ("data_CollectionContentTemplateMultipleMocks.json", &["No match found for template type mockA.", "No match found for template type mockB."]),
    // §9.1 C9, C10.
    ("data_InvalidTemplateType.json", &["Expected TemplateType value CollectionContentTemplate"]),
    ("data_InvalidCollectionContentTemplateWithNoTemplateArray.json", &["Expected an array for the template property value for template type CollectionContentTemplate."]),
];

#[derive(Debug)]
enum Kind {
    DeviceMapping,
    FhirMapping,
    InnerTemplate,
    Message,
    NotJson,
}

fn classify(text: &str) -> Kind {
    let Ok(doc) = read(text, &ReadOptions::default()) else {
        return Kind::NotJson;
    };
    let Some(root) = doc.root() else {
        return Kind::NotJson;
    };
    let type_name =
        doc.get_ignore_case(root, "templateType")
            .and_then(|m| match doc.value(m.value) {
                Value::String(s) => Some(s.to_ascii_lowercase()),
                _ => None,
            });
    match type_name.as_deref() {
        Some(t) if t.starts_with("collectioncontent") => Kind::DeviceMapping,
        Some(t) if t.starts_with("collectionfhir") => Kind::FhirMapping,
        Some("") if doc.get_ignore_case(root, "template").is_some() => Kind::DeviceMapping,
        Some("templatetype") => Kind::DeviceMapping,
        Some(_) => Kind::InnerTemplate,
        None if text.contains("\"templateType\"") => Kind::InnerTemplate,
        None => Kind::Message,
    }
}

struct Corpus {
    files: Vec<(PathBuf, String)>,
}

impl Corpus {
    /// The device mappings a message file is run through: those of the same repository folder
    /// (the first folder below `realworld/`), or for reference inputs every valid reference
    /// collection.
    fn mappings_for(&self, path: &Path) -> Vec<&(PathBuf, String)> {
        let group = group_of(path);
        self.files
            .iter()
            .filter(|(p, text)| {
                group_of(p) == group && matches!(classify(text), Kind::DeviceMapping)
            })
            .collect()
    }
}

fn group_of(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    match text.split_once("/realworld/") {
        Some((_, rest)) => format!("realworld/{}", rest.split('/').next().unwrap_or("")),
        None => "reference".to_string(),
    }
}

fn main() {
    let args = Arguments::from_args();
    let Some(shared) = shared_dir() else {
        println!("notice: ../shared is absent; the corpus compatibility runs are skipped");
        libtest_mimic::run(&args, Vec::new()).exit();
    };
    let base = shared.join("corpus");
    let mut files = Vec::new();
    for dir in [
        base.join("reference").join("device"),
        base.join("realworld"),
    ] {
        for ext in [".json", ".txt"] {
            for path in files_below(&dir, ext) {
                let bytes = std::fs::read(&path).unwrap_or_default();
                files.push((path, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
    }
    let corpus = Arc::new(Corpus { files });
    let trials = (0..corpus.files.len())
        .map(|i| {
            let corpus = Arc::clone(&corpus);
            let name = corpus.files[i]
                .0
                .strip_prefix(&base)
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default();
            Trial::test(name, move || check_file(&corpus, i))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn check_file(corpus: &Corpus, index: usize) -> Result<(), Failed> {
    let (path, text) = &corpus.files[index];
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match classify(text) {
        Kind::DeviceMapping => check_mapping(&file_name, text),
        Kind::FhirMapping | Kind::InnerTemplate => Ok(()),
        Kind::Message => {
            for (mapping_path, mapping) in corpus.mappings_for(path) {
                for kind in [
                    EnvelopeKind::Raw,
                    EnvelopeKind::EventHub,
                    EnvelopeKind::IotHub,
                ] {
                    let envelope = Envelope {
                        kind,
                        ..Envelope::default()
                    };
                    let session = Session::new(
                        mapping,
                        Options {
                            envelope,
                            ..Options::default()
                        },
                    );
                    let outcome = session.run_message(0, None, text);
                    for d in &outcome.diagnostics {
                        if d.severity == medtech_core::Severity::Error
                            && d.position.is_none()
                            && d.pointer.is_none()
                        {
                            return Err(format!(
                                "unlocated error running {} ({:?}): {}",
                                mapping_path.display(),
                                kind,
                                d.message
                            )
                            .into());
                        }
                    }
                }
            }
            Ok(())
        }
        Kind::NotJson => {
            let session = Session::new(
                r#"{"templateType":"CollectionContent","template":[]}"#,
                Options::default(),
            );
            let outcome = session.run_message(0, None, text);
            let located = outcome.diagnostics.iter().any(|d| {
                d.code == Code::MessageSyntax && d.source == Source::Message && d.position.is_some()
            });
            if !located {
                return Err(
                    format!("no located message/syntax error: {:?}", outcome.diagnostics).into(),
                );
            }
            let as_mapping = Session::new(text, Options::default());
            let located = as_mapping.diagnostics.iter().any(|d| {
                d.code == Code::MappingSyntax
                    && (d.position.is_some() || d.reference_position.is_some())
            });
            if as_mapping.is_valid() || !located {
                return Err(format!(
                    "not rejected with a located mapping/syntax error: {:?}",
                    as_mapping.diagnostics
                )
                .into());
            }
            Ok(())
        }
    }
}

fn check_mapping(file_name: &str, text: &str) -> Result<(), Failed> {
    let session = Session::new(text, Options::default());
    let errors: Vec<&str> = session
        .diagnostics
        .iter()
        .filter(|d| d.severity == medtech_core::Severity::Error)
        .map(|d| d.message.as_str())
        .collect();
    match EXPECTED_INVALID
        .iter()
        .find(|(name, _)| file_name.ends_with(name))
    {
        Some((_, expected)) => {
            if session.is_valid() {
                return Err("expected the service to reject this mapping, but it loads".into());
            }
            for e in *expected {
                if !errors.iter().any(|a| a.contains(e)) {
                    return Err(format!("missing expected error {e:?}; got {errors:#?}").into());
                }
            }
            if errors.len() != expected.len() {
                return Err(format!(
                    "expected exactly {} errors, got {errors:#?}",
                    expected.len()
                )
                .into());
            }
            Ok(())
        }
        None if session.is_valid() => Ok(()),
        None => Err(format!("expected a valid mapping, got {errors:#?}").into()),
    }
}
