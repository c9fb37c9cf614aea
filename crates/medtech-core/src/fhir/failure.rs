//! The service's error policy for the FHIR stage (fhir-mapping.md §7): which exception a
//! failure is, and what `FhirExceptionTelemetryProcessor` does with it — skip the measurement
//! group, skip it only when an error-message service is configured, fail the whole batch, or
//! (for a SampledData period ≤ 0) never finish.

use crate::diagnostic::{Code, Diagnostic, Severity, Source};

/// What the service does with a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// A handled type: logged, the rest of the measurement group is skipped.
    Skip,
    /// `FhirDataMappingException`: skipped when an error-message service is configured (the
    /// hosted service), otherwise the batch fails and is retried.
    SkipIfReported,
    /// Not a handled type: the batch fails and is retried (forever by default).
    FailBatch,
    /// The reference never terminates.
    Hang,
    /// This tool's own bound was hit (the reference would go on).
    ToolLimit,
}

/// A failure while processing one measurement group.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// Our code.
    pub code: Code,
    /// The .NET exception the reference throws (`InvalidQuantityFhirValueException`, …).
    pub exception: &'static str,
    /// The exception's message as the reference has it.
    pub message: String,
    /// What the service does.
    pub policy: Policy,
    /// An explanation or fix.
    pub help: Option<String>,
}

impl Failure {
    /// A failure.
    pub fn new(
        code: Code,
        exception: &'static str,
        message: impl Into<String>,
        policy: Policy,
    ) -> Failure {
        Failure {
            code,
            exception,
            message: message.into(),
            policy,
            help: None,
        }
    }

    /// Adds an explanation.
    pub fn help(mut self, help: impl Into<String>) -> Failure {
        self.help = Some(help.into());
        self
    }

    /// `NullReferenceException` (a `null` entry or a missing component value).
    pub fn null_reference(code: Code) -> Failure {
        Failure::new(
            code,
            "NullReferenceException",
            "Object reference not set to an instance of an object.",
            Policy::FailBatch,
        )
    }

    /// `ArgumentNullException` for a parameter.
    pub fn argument_null(code: Code, parameter: &str) -> Failure {
        Failure::new(
            code,
            "ArgumentNullException",
            format!("Value cannot be null. (Parameter '{parameter}')"),
            Policy::FailBatch,
        )
    }

    /// `ArgumentOutOfRangeException` from date arithmetic.
    pub fn date_out_of_range() -> Failure {
        Failure::new(
            Code::ObservationDateOutOfRange,
            "ArgumentOutOfRangeException",
            "The added or subtracted value results in an un-representable DateTime. (Parameter 'value')",
            Policy::FailBatch,
        )
    }

    /// What the service does, in words, for `measurements` measurements of the group.
    pub fn consequence(&self, measurements: usize) -> String {
        match self.policy {
            Policy::Skip => format!(
                "The service logs {} and skips the rest of this measurement group ({measurements} measurement(s)); Observations written before stay written.",
                self.exception
            ),
            Policy::SkipIfReported => format!(
                "The service wraps this in FhirDataMappingException: with an error-message service (the hosted MedTech service) it is reported and the measurement group ({measurements} measurement(s)) is skipped; without one the whole batch fails and is retried."
            ),
            Policy::FailBatch => format!(
                "{} is not a handled error: the service fails the whole batch and retries it (forever by default, 10 times with an error-message service); the rest of this device's data in the batch is not written.",
                self.exception
            ),
            Policy::Hang => "The service never finishes this batch (the slot loop does not terminate).".to_string(),
            Policy::ToolLimit => "This tool stops here to stay responsive; the service would go on.".to_string(),
        }
    }

    /// The finding for a failure concerning the measurements of `messages` (first one named).
    pub fn into_diagnostic(self, measurements: usize, first_message: Option<usize>) -> Diagnostic {
        let severity = match self.policy {
            Policy::ToolLimit => Severity::Warning,
            _ => Severity::Error,
        };
        let consequence = self.consequence(measurements);
        let help = match &self.help {
            Some(h) => format!("{h} {consequence}"),
            None => consequence,
        };
        let mut d = Diagnostic::new(severity, self.code, Source::Message, self.message)
            .with_help(help)
            .with_cause(self.exception.to_string());
        if let Some(m) = first_message {
            d = d.in_message(m);
        }
        d
    }
}
