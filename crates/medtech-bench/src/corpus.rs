//! A generated, reproducible corpus: device messages of eight shapes and a device mapping with a
//! template of every kind for them (legacy JSONPath scan filters, CalculatedContent with JSONPath
//! and with JMESPath functions, IoT Hub envelopes, IoT Central exports), plus a FHIR mapping
//! (hourly SampledData, Quantity, components).

/// A small deterministic generator (xorshift), so every run measures the same bytes.
pub struct Rng(u64);

impl Rng {
    /// A generator with a fixed seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// The next number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// The device mapping: ten templates over the eight message shapes. Messages are IoT Hub event
/// bodies (the run wraps them in the IoT Hub envelope).
pub const DEVICE_MAPPING: &str = r#"{
  "templateType": "CollectionContent",
  "template": [
    { "templateType": "JsonPathContent", "template": {
        "typeName": "heartrate", "typeMatchExpression": "$..[?(@heartRate)]",
        "deviceIdExpression": "$.deviceId", "timestampExpression": "$.endDate", "patientIdExpression": "$.patientId",
        "values": [ { "valueName": "hr", "valueExpression": "$.heartRate", "required": true } ] } },
    { "templateType": "JsonPathContent", "template": {
        "typeName": "spo2", "typeMatchExpression": "$..[?(@.kind == 'spo2')]",
        "deviceIdExpression": "$.deviceId", "timestampExpression": "$.at", "patientIdExpression": "$.patientId",
        "values": [ { "valueName": "spo2", "valueExpression": "$.value", "required": true } ] } },
    { "templateType": "CalculatedContent", "template": {
        "typeName": "bloodpressure", "typeMatchExpression": "$..[?(@systolic && @diastolic)]",
        "deviceIdExpression": "$.Body.deviceId", "patientIdExpression": "$.Body.patientId",
        "timestampExpression": "$.matchedToken.measuredAt",
        "values": [
          { "valueName": "systolic", "valueExpression": "$.matchedToken.systolic", "required": true },
          { "valueName": "diastolic", "valueExpression": "$.matchedToken.diastolic", "required": true } ] } },
    { "templateType": "CalculatedContent", "template": {
        "typeName": "bodyweight", "defaultExpressionLanguage": "JmesPath",
        "typeMatchExpression": "Body.scale[?kind == 'weight']",
        "deviceIdExpression": "Body.device.id", "patientIdExpression": "Body.device.owner",
        "timestampExpression": "fromUnixTimestampMs(matchedToken.takenAt)",
        "values": [ { "valueName": "kg", "valueExpression": "divide(matchedToken.pounds, `2.20462`)", "required": true } ] } },
    { "templateType": "CalculatedContent", "template": {
        "typeName": "bodytemperature", "defaultExpressionLanguage": "JmesPath",
        "typeMatchExpression": "Body.scale[?kind == 'temperature']",
        "deviceIdExpression": "Body.device.id", "patientIdExpression": "Body.device.owner",
        "timestampExpression": "fromUnixTimestamp(matchedToken.takenAtSeconds)",
        "values": [ { "valueName": "celsius", "valueExpression": "divide(multiply(subtract(matchedToken.fahrenheit, `32`), `5`), `9.0`)", "required": true } ] } },
    { "templateType": "IotJsonPathContent", "template": {
        "typeName": "steps", "typeMatchExpression": "$..[?(@Body.steps)]",
        "patientIdExpression": "$.Body.patientId",
        "values": [ { "valueName": "steps", "valueExpression": "$.Body.steps", "required": true } ] } },
    { "templateType": "IotCentralJsonPathContent", "template": {
        "typeName": "respiratoryrate", "typeMatchExpression": "$..[?(@telemetry.RespiratoryRate)]",
        "patientIdExpression": "$.deviceId",
        "values": [ { "valueName": "rr", "valueExpression": "$.telemetry.RespiratoryRate", "required": true } ] } },
    { "templateType": "IotCentralJsonPathContent", "template": {
        "typeName": "glucose", "typeMatchExpression": "$..[?(@telemetry.Glucose)]",
        "patientIdExpression": "$.deviceId",
        "values": [ { "valueName": "glucose", "valueExpression": "$.telemetry.Glucose", "required": true } ] } },
    { "templateType": "CalculatedContent", "template": {
        "typeName": "sleep", "typeMatchExpression": { "value": "Body.sessions[*]", "language": "JmesPath" },
        "deviceIdExpression": "$.SystemProperties.iothub-connection-device-id",
        "timestampExpression": { "value": "insertString(matchedToken.day, 'T', `10`)", "language": "JmesPath" },
        "values": [ { "valueName": "minutes", "valueExpression": { "value": "add(matchedToken.deep, matchedToken.light)", "language": "JmesPath" }, "required": true } ] } },
    { "templateType": "JsonPathContent", "template": {
        "typeName": "activity", "typeMatchExpression": "$..[?(@.activity =~ /^(walk|run)/i)]",
        "deviceIdExpression": "$.deviceId", "timestampExpression": "$.at",
        "values": [ { "valueName": "activity", "valueExpression": "$.activity", "required": true } ] } }
  ]
}"#;

/// The FHIR mapping for the corpus.
pub const FHIR_MAPPING: &str = r#"{
  "templateType": "CollectionFhir",
  "template": [
    { "templateType": "CodeValueFhir", "template": { "typeName": "heartrate", "periodInterval": 60,
        "codes": [ { "code": "8867-4", "system": "http://loinc.org", "display": "Heart rate" } ],
        "value": { "valueName": "hr", "valueType": "SampledData", "defaultPeriod": 60000, "unit": "count/min" } } },
    { "templateType": "CodeValueFhir", "template": { "typeName": "spo2", "periodInterval": 0,
        "codes": [ { "code": "59408-5", "system": "http://loinc.org" } ],
        "value": { "valueName": "spo2", "valueType": "Quantity", "unit": "%", "system": "http://unitsofmeasure.org", "code": "%" } } },
    { "templateType": "CodeValueFhir", "template": { "typeName": "bloodpressure", "periodInterval": 0,
        "codes": [ { "code": "85354-9", "system": "http://loinc.org" } ],
        "components": [
          { "codes": [ { "code": "8480-6", "system": "http://loinc.org" } ], "value": { "valueName": "systolic", "valueType": "Quantity", "unit": "mmHg" } },
          { "codes": [ { "code": "8462-4", "system": "http://loinc.org" } ], "value": { "valueName": "diastolic", "valueType": "Quantity", "unit": "mmHg" } } ] } },
    { "templateType": "CodeValueFhir", "template": { "typeName": "bodyweight", "periodInterval": 0,
        "codes": [ { "code": "29463-7", "system": "http://loinc.org" } ],
        "value": { "valueName": "kg", "valueType": "Quantity", "unit": "kg" } } },
    { "templateType": "CodeValueFhir", "template": { "typeName": "bodytemperature", "periodInterval": 0,
        "codes": [ { "code": "8310-5", "system": "http://loinc.org" } ],
        "value": { "valueName": "celsius", "valueType": "Quantity", "unit": "Cel" } } },
    { "templateType": "CodeValueFhir", "template": { "typeName": "steps", "periodInterval": 60,
        "codes": [ { "code": "55423-8", "system": "http://loinc.org" } ],
        "value": { "valueName": "steps", "valueType": "SampledData", "defaultPeriod": 60000, "unit": "count" } } },
    { "templateType": "CodeValueFhir", "template": { "typeName": "respiratoryrate", "periodInterval": 60,
        "codes": [ { "code": "9279-1", "system": "http://loinc.org" } ],
        "value": { "valueName": "rr", "valueType": "SampledData", "defaultPeriod": 60000, "unit": "/min" } } },
    { "templateType": "CodeValueFhir", "template": { "typeName": "glucose", "periodInterval": 0,
        "codes": [ { "code": "2339-0", "system": "http://loinc.org" } ],
        "value": { "valueName": "glucose", "valueType": "Quantity", "unit": "mg/dL" } } },
    { "templateType": "CodeValueFhir", "template": { "typeName": "sleep", "periodInterval": 1440,
        "codes": [ { "code": "93832-4", "system": "http://loinc.org" } ],
        "value": { "valueName": "minutes", "valueType": "SampledData", "defaultPeriod": 3600000, "unit": "min" } } },
    { "templateType": "CodeValueFhir", "template": { "typeName": "activity", "periodInterval": 0,
        "codes": [ { "code": "activity", "system": "http://example.org" } ],
        "value": { "valueName": "activity", "valueType": "String" } } }
  ]
}"#;

fn time(minute: u64) -> String {
    format!(
        "2024-03-{:02}T{:02}:{:02}:00Z",
        1 + (minute / 1440) % 28,
        (minute / 60) % 24,
        minute % 60
    )
}

/// Message `i` of the corpus (an IoT Hub event body), about 150–400 bytes; `padding` extra
/// bytes of unrelated members make it larger for the size series.
pub fn message(i: u64, rng: &mut Rng, padding: usize) -> String {
    let device = format!("device-{:04}", i % 500);
    let patient = format!("patient-{:04}", i % 500);
    let minute = i / 8;
    let pad = if padding > 0 {
        format!(
            ", \"meta\": {{\"firmware\": \"1.2.3\", \"notes\": \"{}\"}}",
            "x".repeat(padding)
        )
    } else {
        String::new()
    };
    match i % 8 {
        0 => format!(
            r#"{{"heartRate": {}, "deviceId": "{device}", "patientId": "{patient}", "endDate": "{}"{pad}}}"#,
            55 + rng.below(60),
            time(minute)
        ),
        1 => format!(
            r#"{{"kind": "spo2", "value": {}, "deviceId": "{device}", "patientId": "{patient}", "at": "{}"{pad}}}"#,
            90 + rng.below(10),
            time(minute)
        ),
        2 => format!(
            r#"{{"deviceId": "{device}", "patientId": "{patient}", "readings": [{{"systolic": {}, "diastolic": {}, "measuredAt": "{}"}}, {{"systolic": {}, "diastolic": {}, "measuredAt": "{}"}}]{pad}}}"#,
            100 + rng.below(40),
            60 + rng.below(30),
            time(minute),
            100 + rng.below(40),
            60 + rng.below(30),
            time(minute + 1)
        ),
        3 => format!(
            r#"{{"device": {{"id": "{device}", "owner": "{patient}"}}, "scale": [{{"kind": "weight", "pounds": {}.{}, "takenAt": {}}}, {{"kind": "temperature", "fahrenheit": {}.{}, "takenAtSeconds": {}}}]{pad}}}"#,
            120 + rng.below(100),
            rng.below(10),
            1_709_251_200_000 + minute * 60_000,
            97 + rng.below(4),
            rng.below(10),
            1_709_251_200 + minute * 60
        ),
        4 => format!(
            r#"{{"steps": {}, "patientId": "{patient}"{pad}}}"#,
            rng.below(200)
        ),
        5 => format!(
            r#"{{"applicationId": "app", "deviceId": "{device}", "enqueuedTime": "{}", "telemetry": {{"RespiratoryRate": {}, "Glucose": {}}}{pad}}}"#,
            time(minute),
            12 + rng.below(10),
            80 + rng.below(60)
        ),
        6 => format!(
            r#"{{"sessions": [{{"day": "2024-03-01{:02}:00:00Z", "deep": {}, "light": {}}}]{pad}}}"#,
            minute % 24,
            60 + rng.below(60),
            120 + rng.below(120)
        ),
        _ => format!(
            r#"{{"activity": "{}", "deviceId": "{device}", "at": "{}"{pad}}}"#,
            ["walking", "running", "cycling"][rng.below(3) as usize],
            time(minute)
        ),
    }
}
