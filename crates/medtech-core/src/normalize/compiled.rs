//! Expressions compiled once per mapping and evaluated per message, with the reference's
//! select-one / select-many contracts (device-mapping.md §5.3, `JsonPathExpressionEvaluator`,
//! `JmesPathExpressionEvaluator`).

use crate::device_mapping::model::{Expression, Language, Location};
use crate::diagnostic::{Code, MedTechError};
use medtech_jmespath::{CompileOptions, JmesPath, Var};
use medtech_json::{Document, NodeId, Value};
use medtech_jsonpath::{JsonPath, NameKey};

/// The compiled form of one expression.
#[derive(Debug)]
pub(crate) enum Engine {
    /// JSONPath; Newtonsoft parses lazily, so a syntax error is reported when a message is
    /// evaluated, exactly as the service does.
    JsonPath(Result<JsonPath, medtech_jsonpath::ParseError>),
    /// JMESPath; compile errors were already load errors, the template is then not built.
    JmesPath(Result<JmesPath, medtech_jmespath::CompileError>),
}

/// An expression with its compiled engine.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub(crate) expression: Expression,
    pub(crate) engine: Engine,
    /// JMESPath: the member chain the expression starts with (see
    /// `JmesPath::leading_identifiers`), keyed for a message's `MemberNames`.
    leading: Box<[NameKey]>,
    /// The names of a JMESPath expression that is a plain member chain
    /// ([`JmesPath::field_chain`]), followed directly when one token is selected.
    chain: Option<Box<[Box<str>]>>,
}

/// Why an evaluation failed: the reference's message and inner causes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Failure {
    pub(crate) code: Code,
    pub(crate) medtech_error: Option<MedTechError>,
    pub(crate) message: String,
    pub(crate) causes: Vec<String>,
    pub(crate) location: Location,
}

impl Compiled {
    /// Compiles an expression of the mapping.
    pub(crate) fn new(expression: &Expression) -> Compiled {
        let engine = match expression.language {
            Language::JsonPath => Engine::JsonPath(medtech_jsonpath::parse(&expression.text)),
            Language::JmesPath => Engine::JmesPath(medtech_jmespath::compile(
                &expression.text,
                &CompileOptions {
                    custom_functions: true,
                },
            )),
        };
        let leading = match &engine {
            Engine::JmesPath(Ok(expression)) => expression
                .leading_identifiers()
                .into_iter()
                .map(NameKey::new)
                .collect(),
            _ => Box::default(),
        };
        let chain = match &engine {
            Engine::JmesPath(Ok(expression)) => expression
                .field_chain()
                .map(|names| names.into_iter().map(Box::from).collect()),
            _ => None,
        };
        Compiled {
            expression: expression.clone(),
            engine,
            leading,
            chain,
        }
    }

    /// A fixed JSONPath expression (IoT templates' device id and timestamp).
    pub(crate) fn fixed(text: &str, location: &Location) -> Compiled {
        Compiled::new(&Expression {
            text: text.to_string(),
            language: Language::JsonPath,
            explicit_language: false,
            location: location.clone(),
            value_line_info: location.line_info,
        })
    }

    /// A JSONPath failure as the reference reports it: `JsonException`s are wrapped by the
    /// evaluator ("Unable to retrieve JsonToken(s) using expression …", a
    /// TemplateExpressionException); any other exception escapes raw and the service logs it as
    /// NormalizationDataMappingException.
    fn jsonpath_failure(
        &self,
        noun: &str,
        json_exception: bool,
        multiple: bool,
        message: &str,
        dotnet_type: &str,
    ) -> Failure {
        if json_exception {
            self.failure(
                if multiple {
                    Code::EvalMultipleTokens
                } else {
                    Code::EvalJsonPath
                },
                MedTechError::TemplateExpressionException,
                format!(
                    "Unable to retrieve {noun} using expression {}",
                    self.expression.text
                ),
                vec![message.to_string()],
            )
        } else {
            self.failure(
                Code::EvalJsonPath,
                MedTechError::NormalizationDataMappingException,
                message.to_string(),
                vec![format!(
                    "{dotnet_type} (not caught by the service's JSONPath evaluator)"
                )],
            )
        }
    }

    fn failure(
        &self,
        code: Code,
        error: MedTechError,
        message: String,
        causes: Vec<String>,
    ) -> Failure {
        Failure {
            code,
            medtech_error: Some(error),
            message,
            causes,
            location: self.expression.location.clone(),
        }
    }

    /// True when this (type-match) expression certainly selects nothing and raises no error on
    /// `doc`, judged by the member names there (gathered into `names` on first use, once per
    /// message): a JSONPath scan filter over members the message does not have
    /// (`medtech_jsonpath::MemberNames`), or a JMESPath expression starting with a member
    /// chain one of whose names the message does not have (its result is null).
    pub(crate) fn selects_nothing(&self, doc: &Document, names: &mut super::Names) -> bool {
        match &self.engine {
            Engine::JsonPath(Ok(path)) if path.has_required_member_names() => {
                !names.get(doc).may_select(path)
            }
            Engine::JmesPath(Ok(_)) if !self.leading.is_empty() => {
                let names = names.get(doc);
                self.leading.iter().any(|key| !names.may_contain(key))
            }
            _ => false,
        }
    }

    /// `SelectTokens`: every match, in order, and the error that stopped the selection, if
    /// any. The reference enumerates lazily, so matches before an evaluation error still produce
    /// measurements. Computed JMESPath values are materialized as synthetic nodes of `doc`.
    pub(crate) fn select_many(
        &self,
        doc: &mut Document,
        context: NodeId,
    ) -> (Vec<NodeId>, Option<Failure>) {
        match &self.engine {
            Engine::JsonPath(Err(error)) => (
                Vec::new(),
                Some(self.jsonpath_failure(
                    "JsonTokens",
                    error.is_json_exception(),
                    false,
                    &error.message,
                    error.dotnet_type(),
                )),
            ),
            Engine::JsonPath(Ok(path)) => {
                // The nodes as they are selected (one vector, no list of tokens first); a
                // property token stops the selection.
                let mut nodes = Vec::new();
                let mut property = false;
                let result =
                    path.visit(
                        doc,
                        medtech_jsonpath::Token::Node(context),
                        |token| match token.node() {
                            Some(node) => {
                                nodes.push(node);
                                std::ops::ControlFlow::Continue(())
                            }
                            None => {
                                property = true;
                                std::ops::ControlFlow::Break(())
                            }
                        },
                    );
                if property {
                    return (
                        nodes,
                        Some(self.failure(
                            Code::EvalJsonPath,
                            MedTechError::NormalizationDataMappingException,
                            format!(
                                "The expression {} selected a property (name/value pair) rather than a value; this debugger cannot evaluate templates on such a match.",
                                self.expression.text
                            ),
                            Vec::new(),
                        )),
                    );
                }
                let error = result.err();
                // Errors while enumerating escape the evaluator's catch (Newtonsoft evaluates
                // lazily): the service logs the raw exception.
                let failure = error.map(|error| {
                    self.jsonpath_failure(
                        "JsonTokens",
                        false,
                        false,
                        &error.message,
                        error.dotnet_type(),
                    )
                });
                (nodes, failure)
            }
            Engine::JmesPath(Err(error)) => {
                (Vec::new(), Some(self.jmespath_compile_failure(error)))
            }
            Engine::JmesPath(Ok(expression)) => {
                let outcome = match expression.search(doc, context) {
                    Ok(outcome) => outcome,
                    Err(error) => return (Vec::new(), Some(self.jmespath_runtime_failure(error))),
                };
                let nodes = if outcome.is_projection {
                    match &outcome.value {
                        Var::Array(items) => items
                            .iter()
                            .map(|item| medtech_jmespath::materialize(doc, item))
                            .collect(),
                        // (Nodes materialize as themselves.)
                        Var::Node(id) => doc.elements(*id).to_vec(),
                        _ => Vec::new(),
                    }
                } else if is_null(doc, &outcome.value) {
                    Vec::new()
                } else {
                    vec![medtech_jmespath::materialize(doc, &outcome.value)]
                };
                (nodes, None)
            }
        }
    }

    /// `SelectToken`: `None` when nothing (or JSON null for JMESPath) was selected; an error when
    /// several tokens were.
    pub(crate) fn select_one(
        &self,
        doc: &mut Document,
        context: NodeId,
    ) -> Result<Option<NodeId>, Failure> {
        match &self.engine {
            Engine::JsonPath(Err(error)) => Err(self.jsonpath_failure(
                "JsonToken",
                error.is_json_exception(),
                false,
                &error.message,
                error.dotnet_type(),
            )),
            Engine::JsonPath(Ok(path)) => match path.select_one(doc, context) {
                Ok(found) => Ok(found),
                Err(error) => Err(self.jsonpath_failure(
                    "JsonToken",
                    error.is_json_exception(),
                    error.kind == medtech_jsonpath::EvalErrorKind::MultipleTokens,
                    &error.message,
                    error.dotnet_type(),
                )),
            },
            Engine::JmesPath(Err(error)) => Err(self.jmespath_compile_failure(error)),
            Engine::JmesPath(Ok(_)) if self.chain.is_some() => {
                // A member chain: never a projection, never an error; null selects nothing.
                let found = doc.follow(context, self.chain.iter().flatten().map(|n| &**n));
                Ok(found.filter(|&found| !matches!(doc.value(found), Value::Null)))
            }
            Engine::JmesPath(Ok(expression)) => {
                let outcome = expression
                    .search(doc, context)
                    .map_err(|error| self.jmespath_runtime_failure(error))?;
                if outcome.is_projection && projection_len(doc, &outcome.value) > 1 {
                    return Err(self.failure(
                        Code::EvalMultipleTokensJmesPath,
                        MedTechError::TemplateExpressionException,
                        // The reference prints JmesPath.Net's re-formatted expression here.
                        format!(
                            "Multiple tokens were returned using expression ${}",
                            expression.formatted()
                        ),
                        Vec::new(),
                    ));
                }
                if is_null(doc, &outcome.value) {
                    return Ok(None);
                }
                Ok(Some(medtech_jmespath::materialize(doc, &outcome.value)))
            }
        }
    }

    fn jmespath_compile_failure(&self, error: &medtech_jmespath::CompileError) -> Failure {
        self.failure(
            Code::ExpressionJmesPathSyntax,
            MedTechError::TemplateExpressionException,
            format!(
                "The following JmesPath expression could not be parsed: {}. Cause: {}",
                self.expression.text, error.message
            ),
            Vec::new(),
        )
    }

    fn jmespath_runtime_failure(&self, error: medtech_jmespath::RuntimeError) -> Failure {
        self.failure(
            Code::EvalJmesPath,
            MedTechError::NormalizationDataMappingException,
            error.message,
            Vec::new(),
        )
    }
}

fn is_null(doc: &Document, value: &Var) -> bool {
    match value {
        Var::Null => true,
        Var::Node(id) => matches!(doc.value(*id), Value::Null),
        _ => false,
    }
}

fn projection_len(doc: &Document, value: &Var) -> usize {
    match value {
        Var::Array(items) => items.len(),
        Var::Node(id) => doc.elements(*id).len(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jmespath(text: &str) -> Compiled {
        Compiled::new(&Expression {
            text: text.to_string(),
            language: Language::JmesPath,
            explicit_language: true,
            location: Location::default(),
            value_line_info: None,
        })
    }

    /// A member chain followed directly selects what the interpreter selects.
    #[test]
    fn member_chains_select_what_the_interpreter_selects() {
        let docs = [
            serde_json::json!({"Body": {"device": {"id": "d1", "owner": null}, "n": 5}}),
            serde_json::json!({"Body": {"device": [{"id": "x"}], "n": "text"}}),
            serde_json::json!({"Body": "scalar", "a": {"b": {"c": {"d": true}}}}),
            serde_json::json!([{"Body": {"device": {"id": 1}}}]),
            serde_json::json!({"Body": {"device": {"id": {"deep": 1}}}, "x": []}),
        ];
        let chains = [
            "Body.device.id",
            "Body.device.owner",
            "Body.n",
            "Body",
            "a.b.c.d",
            "a.b.c.d.e",
            "missing.member",
            "\"Body\".\"device\"",
            "x",
        ];
        for value in &docs {
            let mut doc = Document::from_serde(value);
            let root = doc.root().unwrap();
            for text in chains {
                let fast = jmespath(text);
                assert!(fast.chain.is_some(), "{text} is a chain");
                let mut slow = jmespath(text);
                slow.chain = None;
                assert_eq!(
                    fast.select_one(&mut doc, root),
                    slow.select_one(&mut doc, root),
                    "{text} on {value}"
                );
            }
        }
        for text in ["Body.device[0]", "Body.*", "@", "a.b | c", "f(a)", "a[?b]"] {
            assert!(jmespath(text).chain.is_none(), "{text} is not a chain");
        }
    }
}
