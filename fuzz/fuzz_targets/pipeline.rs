//! The whole pipeline: a device mapping, a FHIR mapping and messages, through normalization,
//! Observations and the JSON report. Input layout (what `seeds.py` writes): one byte choosing
//! the envelope and identity mode, then the device mapping, the FHIR mapping and each message,
//! separated by NUL bytes (an empty FHIR part means none). The run without the trace
//! (`Detail::Findings`, what `medtech normalize` does) must give the same measurements, findings
//! and Observations as the run with it, and a session that keeps its envelope between messages
//! must give each message what a fresh session gives it. The report's measurements, findings and
//! traces written as text (`JsonWriter`) must be the pretty text of their `to_json` values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medtech_core::normalize::Detail;
use medtech_core::pretty::JsonWriter;
use medtech_core::session::Session;
use medtech_core::{debug, Envelope, EnvelopeKind, FhirOptions, IdentityMode, Options};

fuzz_target!(|bytes: &[u8]| {
    let Some((&mode, rest)) = bytes.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut parts = text.split('\0');
    let device = parts.next().unwrap_or_default();
    let fhir = parts.next().filter(|f| !f.trim().is_empty());
    let messages: Vec<(Option<String>, String)> = parts
        .take(64)
        .map(|m| (None, m.to_string()))
        .collect();
    let options = Options {
        envelope: Envelope {
            kind: match mode % 3 {
                0 => EnvelopeKind::Raw,
                1 => EnvelopeKind::EventHub,
                _ => EnvelopeKind::IotHub,
            },
            creation_time: (mode & 0x10 == 0).then(|| "2024-01-01T00:00:00Z".to_string()),
            ..Envelope::default()
        },
        fhir: FhirOptions {
            identity: if mode & 0x20 == 0 {
                IdentityMode::Create
            } else {
                IdentityMode::Lookup
            },
            batch_size: (mode & 0x40 != 0).then_some(1 + (mode as usize & 3)),
            ..FhirOptions::default()
        },
        detail: Detail::Trace,
    };
    let report = debug(device, fhir, &messages, &options);
    let lean = debug(
        device,
        fhir,
        &messages,
        &Options {
            detail: Detail::Findings,
            ..options.clone()
        },
    );
    assert_eq!(report.measurements, lean.measurements);
    assert_eq!(report.diagnostics, lean.diagnostics);
    assert_eq!(report.observations, lean.observations);
    let kept = Session::new(device, options.clone());
    for (index, (_, text)) in messages.iter().enumerate().take(8) {
        let fresh = Session::new(device, options.clone());
        assert_eq!(
            kept.run_message_with(index, None, text, Detail::Findings),
            fresh.run_message_with(index, None, text, Detail::Findings)
        );
    }
    let redact = mode & 0x80 != 0;
    let _ = report.to_json(redact, &|_| None);
    let _ = report.exit_status();
    // The report's pieces written as text are the pretty text of their values.
    let pretty = |json: &serde_json::Value| serde_json::to_string_pretty(json).unwrap_or_default();
    let mut out = Vec::new();
    for m in report.measurements.iter().take(16) {
        out.clear();
        m.write_json(&mut JsonWriter::pretty(&mut out, 0), redact);
        let mut json = m.to_json();
        if redact {
            medtech_core::redact::mask_measurement(&mut json);
        }
        assert_eq!(String::from_utf8_lossy(&out), pretty(&json));
    }
    let files = |i: usize| Some(format!("m{i}.json"));
    for d in report.diagnostics.iter().take(16) {
        out.clear();
        report.write_diagnostic_json(d, redact, &files, &mut JsonWriter::pretty(&mut out, 0));
        assert_eq!(
            String::from_utf8_lossy(&out),
            pretty(&report.diagnostic_json(d, redact, &files))
        );
    }
    for trace in report.messages.iter().take(4) {
        out.clear();
        trace.write_json(&mut JsonWriter::pretty(&mut out, 0), redact);
        assert_eq!(String::from_utf8_lossy(&out), pretty(&trace.to_json(redact)));
    }
});
