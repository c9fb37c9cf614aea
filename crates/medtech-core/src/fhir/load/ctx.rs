//! The document being loaded and the loader's error record: a Newtonsoft exception (or another
//! .NET exception) with where it points, turned into a [`Diagnostic`] the way the reference's
//! `ConvertErrorContext` turns it into an `InvalidTemplateException` (fhir-mapping.md §1.3).

use medtech_json::{Document, LineIndex, Member, NodeId, Span};

use super::convert::{cut_at_last_path, format_message};
use crate::diagnostic::{Code, Diagnostic, Source};
use crate::fhir::model::Location;

/// The mapping document with its line index (absent for documents built in code).
pub(crate) struct Ctx<'a> {
    pub doc: &'a Document,
    pub lines: Option<&'a LineIndex>,
}

impl Ctx<'_> {
    /// Newtonsoft's line info of a value token.
    pub(crate) fn value_pos(&self, id: NodeId) -> Option<(u32, u32)> {
        let lines = self.lines?;
        match lines.newtonsoft_value_position(self.doc, id) {
            (0, 0) => None,
            pos => Some(pos),
        }
    }

    /// Newtonsoft's line info of a property (its `:`).
    pub(crate) fn member_pos(&self, member: &Member) -> Option<(u32, u32)> {
        let lines = self.lines?;
        match lines.newtonsoft_member_position(member) {
            (0, 0) => None,
            pos => Some(pos),
        }
    }

    /// The value's span, if it was read from text.
    pub(crate) fn span(&self, id: NodeId) -> Option<Span> {
        Some(self.doc.span(id)).filter(|s| !s.is_synthetic())
    }

    /// From the member's name to the end of its value.
    pub(crate) fn member_span(&self, member: &Member) -> Option<Span> {
        let value = self.doc.span(member.value);
        if member.name_span.is_synthetic() {
            return Some(value).filter(|s| !s.is_synthetic());
        }
        Some(Span {
            start: member.name_span.start,
            end: value.end.max(member.name_span.end),
        })
    }

    /// Location of a value node.
    pub(crate) fn location(&self, id: NodeId) -> Location {
        Location {
            span: self.span(id),
            pointer: self.doc.pointer(id),
            line_info: self.value_pos(id),
        }
    }

    /// Location of a property (span from its name, line info of its `:`).
    pub(crate) fn member_location(&self, member: &Member) -> Location {
        Location {
            span: self.member_span(member),
            pointer: self.doc.pointer(member.value),
            line_info: self.member_pos(member),
        }
    }
}

/// Which .NET exception a load error is: decides whether its line info survives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    /// `JsonSerializationException`: the reference keeps its line info.
    Serialization,
    /// `JsonReaderException`: line info dropped.
    Reader,
    /// Any other exception (converter errors): no `Path` suffix, no line info.
    Other,
}

/// One template error as the reference records it.
#[derive(Clone, Debug)]
pub(crate) struct LoadError {
    pub code: Code,
    pub kind: ErrorKind,
    /// The exception text before Newtonsoft adds `Path …`.
    pub text: String,
    /// The reader's path at the throw (`None` for non-Newtonsoft exceptions).
    pub path: Option<String>,
    /// The reader's line info at the throw (the reference's position when kept).
    pub line_info: Option<(u32, u32)>,
    pub span: Option<Span>,
    pub pointer: Option<String>,
    pub help: Option<String>,
    /// An informational note (a member the service ignores), not an error.
    pub info: bool,
}

impl LoadError {
    /// An error located at a value node.
    pub(crate) fn at_value(
        ctx: &Ctx<'_>,
        code: Code,
        kind: ErrorKind,
        text: impl Into<String>,
        path: Option<String>,
        id: NodeId,
    ) -> LoadError {
        LoadError {
            code,
            kind,
            text: text.into(),
            path,
            line_info: ctx.value_pos(id),
            span: ctx.span(id),
            pointer: Some(ctx.doc.pointer(id)),
            help: None,
            info: false,
        }
    }

    /// Adds a hint.
    pub(crate) fn help(mut self, help: impl Into<String>) -> LoadError {
        self.help = Some(help.into());
        self
    }

    /// The message as the reference keeps it (path suffix added, then cut at the last `Path`).
    pub(crate) fn message(&self) -> String {
        match &self.path {
            Some(path) => cut_at_last_path(&format_message(&self.text, path, self.line_info)),
            None => cut_at_last_path(&self.text),
        }
    }

    /// The reference's line info for the message prefix (serialization exceptions only).
    pub(crate) fn reference_position(&self) -> Option<(u32, u32)> {
        match self.kind {
            ErrorKind::Serialization => self.line_info,
            _ => None,
        }
    }

    /// The finding.
    pub(crate) fn into_diagnostic(self) -> Diagnostic {
        let severity = if self.info {
            crate::diagnostic::Severity::Info
        } else {
            crate::diagnostic::Severity::Error
        };
        let mut d = Diagnostic::new(severity, self.code, Source::FhirMapping, self.message())
            .at(self.span, self.pointer.clone())
            .with_reference_position(self.reference_position());
        if let Some(help) = self.help {
            d = d.with_help(help);
        }
        d
    }
}
