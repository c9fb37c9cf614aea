//! Run settings given as text — from a form, a JavaScript object or an example's `example.json`
//! manifest — turned into [`Options`] with the same rules as the CLI's `--envelope`,
//! `--device-id`, `--enqueued-time` and `--creation-time` (cli.md).

use crate::envelope::{Envelope, EnvelopeKind};
use crate::session::{IdentityMode, Options};
use medtech_json::{read, DateTime, ReadOptions, Value};

/// The envelope settings as text. Empty strings mean "the default".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvelopeSettings {
    /// `raw`, `eventhub` or `iothub` (empty: `raw`).
    pub kind: String,
    /// IoT Hub `iothub-connection-device-id` (empty: `device-1`).
    pub device_id: String,
    /// The enqueued time, ISO 8601 (empty: 2024-01-01T00:00:00Z).
    pub enqueued_time: String,
    /// IoT Hub `iothub-creation-time-utc` as the device sends it; `none` leaves it out
    /// (templates then fall back to the enqueued time); empty: the enqueued time.
    pub creation_time: String,
}

/// All run settings as text: the envelope and the identity mode.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunSettings {
    /// The envelope.
    pub envelope: EnvelopeSettings,
    /// `create` or `lookup` (empty: `create`).
    pub identity: String,
}

/// A setting that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsError {
    /// Which setting (`envelope`, `enqueuedTime`).
    pub setting: &'static str,
    /// What is wrong.
    pub message: String,
}

/// Parses an ISO 8601 time as Newtonsoft reads a date string, else as .NET `DateTime.Parse`.
pub fn parse_time(text: &str) -> Option<DateTime> {
    let quoted = serde_json::to_string(text).ok()?;
    if let Ok(doc) = read(&quoted, &ReadOptions::default()) {
        if let Some(Value::Date(date)) = doc.root().map(|r| doc.value(r)) {
            return Some(*date);
        }
    }
    medtech_json::datetime::parse_dotnet(text)
}

impl EnvelopeSettings {
    /// The settings an example manifest (`envelope`, `deviceId`, `enqueuedTime`,
    /// `creationTime`) asks for; missing members stay empty.
    pub fn from_manifest(manifest: &serde_json::Value) -> EnvelopeSettings {
        let text = |key: &str| {
            manifest
                .get(key)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        EnvelopeSettings {
            kind: text("envelope"),
            device_id: text("deviceId"),
            enqueued_time: text("enqueuedTime"),
            creation_time: text("creationTime"),
        }
    }

    /// The envelope these settings describe.
    pub fn to_envelope(&self) -> Result<Envelope, SettingsError> {
        let mut envelope = Envelope::default();
        let kind = self.kind.trim();
        if !kind.is_empty() {
            envelope.kind = EnvelopeKind::parse(kind).ok_or_else(|| SettingsError {
                setting: "envelope",
                message: format!("unknown envelope '{kind}' (raw, eventhub or iothub)"),
            })?;
        }
        if !self.device_id.is_empty() {
            envelope.device_id = self.device_id.clone();
        }
        let enqueued = self.enqueued_time.trim();
        if !enqueued.is_empty() {
            envelope.enqueued_time = parse_time(enqueued).ok_or_else(|| SettingsError {
                setting: "enqueuedTime",
                message: format!("not an ISO 8601 time: {enqueued}"),
            })?;
        }
        envelope.creation_time = match self.creation_time.as_str() {
            "none" => None,
            "" => Some(envelope.enqueued_time.to_newtonsoft_iso()),
            text => Some(text.to_string()),
        };
        Ok(envelope)
    }
}

impl RunSettings {
    /// The [`Options`] these settings describe.
    pub fn to_options(&self) -> Result<Options, SettingsError> {
        let mut options = Options {
            envelope: self.envelope.to_envelope()?,
            ..Options::default()
        };
        let identity = self.identity.trim();
        if !identity.is_empty() {
            options.fhir.identity = IdentityMode::parse(identity).ok_or_else(|| SettingsError {
                setting: "identity",
                message: format!("unknown identity mode '{identity}' (create or lookup)"),
            })?;
        }
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::DEFAULT_INSTANT_TICKS;

    #[test]
    fn empty_settings_are_the_defaults() {
        let envelope = EnvelopeSettings::default().to_envelope().expect("valid");
        assert_eq!(envelope.kind, EnvelopeKind::Raw);
        assert_eq!(envelope.enqueued_time.ticks, DEFAULT_INSTANT_TICKS);
        assert_eq!(
            envelope.creation_time.as_deref(),
            Some("2024-01-01T00:00:00Z")
        );
    }

    #[test]
    fn manifest_settings_are_applied() {
        let manifest = serde_json::json!({
            "envelope": "iothub", "deviceId": "bp-cuff-0042",
            "creationTime": "2023-03-13T22:46:01.875Z", "enqueuedTime": "2023-03-13T22:46:02.1Z"
        });
        let envelope = EnvelopeSettings::from_manifest(&manifest)
            .to_envelope()
            .expect("valid");
        assert_eq!(envelope.kind, EnvelopeKind::IotHub);
        assert_eq!(envelope.device_id, "bp-cuff-0042");
        assert_eq!(
            envelope.enqueued_time.to_newtonsoft_iso(),
            "2023-03-13T22:46:02.1Z"
        );
        assert_eq!(
            envelope.creation_time.as_deref(),
            Some("2023-03-13T22:46:01.875Z")
        );
    }

    #[test]
    fn creation_time_none_leaves_it_out() {
        let settings = EnvelopeSettings {
            creation_time: "none".into(),
            ..EnvelopeSettings::default()
        };
        assert_eq!(settings.to_envelope().expect("valid").creation_time, None);
    }

    #[test]
    fn bad_settings_are_errors_not_panics() {
        let bad_kind = EnvelopeSettings {
            kind: "amqp".into(),
            ..EnvelopeSettings::default()
        };
        assert_eq!(
            bad_kind.to_envelope().map_err(|e| e.setting),
            Err("envelope")
        );
        let bad_time = RunSettings {
            envelope: EnvelopeSettings {
                enqueued_time: "yesterday \"noon\"".into(),
                ..EnvelopeSettings::default()
            },
            ..RunSettings::default()
        };
        assert_eq!(
            bad_time.to_options().map_err(|e| e.setting),
            Err("enqueuedTime")
        );
        let bad_identity = RunSettings {
            identity: "guess".into(),
            ..RunSettings::default()
        };
        assert_eq!(
            bad_identity.to_options().map_err(|e| e.setting),
            Err("identity")
        );
    }

    #[test]
    fn identity_mode_is_applied() {
        let settings = RunSettings {
            identity: "lookup".into(),
            ..RunSettings::default()
        };
        let options = settings.to_options().expect("valid");
        assert_eq!(options.fhir.identity, IdentityMode::Lookup);
    }
}
