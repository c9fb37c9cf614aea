//! The expressions the reference repository and its samples use (device-mapping.md §6.4), the
//! evaluator cases E1–E6 (§9.8), `SelectToken` semantics (§5.3) and evaluation on a synthetic
//! wrapper that shares nodes with the original tree (team brief).

mod support;

use medtech_json::{Document, Member, Span, Value};
use medtech_jsonpath::{parse, EvalErrorKind as E, Token};
use support::{run, Case, Want::*};

const ENVELOPE: &str = r#"{
    "Body": {"heartrate": 78, "systolic": 120, "diastolic": 80, "patientOffBootTime": 3},
    "Properties": {"iothub-creation-time-utc": "2019-02-01T22:46:01Z"},
    "SystemProperties": {"iothub-connection-device-id": "dev1"}
}"#;

#[test]
fn repository_examples() {
    run(&[
        Case("$..[?(@heartrate)]", r#"{"heartrate": 78, "n": {"heartrate": 80}, "a": [{"heartrate": 1}, {"x": 1}]}"#, Many(&["", "/n", "/a/0"])),
        Case("$..[?(@heartrate)]", r#"{"Body": [{"heartrate": 78}, {"heartrate": 79}]}"#, Many(&["/Body/0", "/Body/1"])),
        // A member holding null exists (the required value then fails as "null or empty").
        Case("$..[?(@heartRate)]", r#"{"heartRate": null}"#, Many(&[""])),
        Case("$..[?(@systolic && @diastolic)]", r#"{"systolic": 1, "diastolic": 2, "x": {"systolic": 3}}"#, Many(&[""])),
        Case("$..[?(@heartrate || @steps)]", r#"[{"heartrate": 1}, {"steps": 2}, {"x": 1}]"#, Many(&["/0", "/1"])),
        Case("$..[?(@heartRate && @endDate)]", r#"{"d": [{"heartRate": 1, "endDate": "x"}, {"heartRate": 2}]}"#, Many(&["/d/0"])),
        Case("$..[?(@Body.heartrate)]", ENVELOPE, Many(&[""])),
        Case("$..[?(@Body.systolic && @Body.diastolic)]", ENVELOPE, Many(&[""])),
        Case(
            "$..[?(@telemetry.BloodPressure.Systolic && @telemetry.BloodPressure.Diastolic)]",
            r#"{"telemetry": {"BloodPressure": {"Systolic": 1, "Diastolic": 2}}}"#,
            Many(&[""]),
        ),
        Case(
            "$..[?(@Body.patientActiveTime || @Body.patientOffBootTime || @Body.patientRestingTime || @Body.patientUnknownTime)]",
            ENVELOPE,
            Many(&[""]),
        ),
        Case("$..[?(@['My Property'])]", r#"{"x": {"My Property": 1}}"#, Many(&["/x"])),
        Case("$.['My Property']", r#"{"My Property": 1}"#, Many(&["/My Property"])),
        Case("$..[?(@unit == 'inches')]", r#"{"h": [{"unit": "inches", "v": 1}, {"unit": "cm"}]}"#, Many(&["/h/0"])),
        Case("$..[?(@.type=='Blood Pressure')]", r#"[{"type": "Blood Pressure"}, {"type": "Heart Rate"}]"#, Many(&["/0"])),
        Case("$..[?(@.deviceType == 'deviceTypeA')]", r#"{"a": {"deviceType": "deviceTypeA"}}"#, Many(&["/a"])),
        Case("$.SystemProperties.iothub-connection-device-id", ENVELOPE, Many(&["/SystemProperties/iothub-connection-device-id"])),
        Case("$.Properties.iothub-creation-time-utc", ENVELOPE, Many(&["/Properties/iothub-creation-time-utc"])),
        Case("testProperty", r#"{"testProperty": ["a", "b"]}"#, Many(&["/testProperty"])),
        Case("property[*].name", r#"{"property": [{"name": "value1"}, {"name": "value2"}]}"#, Many(&["/property/0/name", "/property/1/name"])),
        Case("$.matchedToken.heartRate", r#"{"matchedToken": {"heartRate": 1}}"#, Many(&["/matchedToken/heartRate"])),
    ]);
}

#[test]
fn evaluator_cases_e1_to_e6() {
    const TEST_PROPERTY: &str = r#"N:{testProperty:["a","b"]}"#;
    const PROPERTY: &str = r#"N:{property:[{name:"value1"},{name:"value2"}]}"#;
    run(&[
        Case("testProperty", TEST_PROPERTY, One(Some("/testProperty"))), // E1
        Case("testProperty", "N:{}", One(None)),                         // E2
        Case("property[*].name", PROPERTY, OneErr(E::MultipleTokens)),   // E3
        Case("testProperty", TEST_PROPERTY, Many(&["/testProperty"])),   // E4
        Case("testProperty", "N:{}", Many(&[])),                         // E5
        Case(
            "property[*].name",
            PROPERTY,
            Many(&["/property/0/name", "/property/1/name"]),
        ), // E6
    ]);
}

#[test]
fn select_token_semantics() {
    run(&[
        Case(
            "$..[?(@heartrate)]",
            r#"{"heartrate": 1, "x": {"heartrate": 2}}"#,
            OneErr(E::MultipleTokens),
        ),
        Case("$.a", r#"{"a": null}"#, One(Some("/a"))),
        Case("$.a[*]", r#"{"a": [1]}"#, One(Some("/a/0"))),
        // SelectToken stops at the second token: a later failing candidate is never reached.
        Case(
            "$[?(@.a > 1)]",
            r#"[{"a": 2}, {"a": 3}, {"a": "x"}]"#,
            OneErr(E::MultipleTokens),
        ),
        // An error before the second token wins.
        Case(
            "$[?(@.a > 1)]",
            r#"[{"a": 2}, {"a": "x"}, {"a": 3}]"#,
            OneErr(E::Format),
        ),
        Case("$[::0]", "[]", OneErr(E::StepZero)),
        Case("$[-1]", "[1]", OneErr(E::IndexOutOfRange)),
        Case("$[?(@)]", r#"{"a": 1}"#, One(Some("prop:/a"))),
    ]);
}

#[test]
fn node_apis_report_property_tokens() {
    let (doc, root) = support::document(r#"{"a": 1, "b": 2}"#);
    let path = parse("$[?(@)]").unwrap();
    assert_eq!(
        path.select_many(&doc, root).unwrap_err().kind,
        E::PropertyToken
    );
    let one = parse("$.a").unwrap();
    let a = doc.get(root, "a").unwrap();
    assert_eq!(one.select_one(&doc, root), Ok(Some(a)));
    assert_eq!(one.select_many(&doc, root), Ok(vec![a]));
    let err = parse("$.*").unwrap().select_one(&doc, root).unwrap_err();
    assert_eq!(err.message, "Path returned multiple tokens.");
    assert!(err.is_json_exception());
}

/// A CalculatedContent-style wrapper `{...root members, matchedToken: <match>}` that shares
/// nodes with the original tree: a node reachable twice is yielded twice.
#[test]
fn synthetic_wrapper_yields_shared_nodes_twice() {
    let mut doc = Document::from_serde(&serde_json::json!({"a": {"x": 1}, "b": 2}));
    let root = doc.root().unwrap();
    let a = doc.get(root, "a").unwrap();
    let x = doc.get(a, "x").unwrap();
    let mut members = doc.members(root).to_vec();
    members.push(Member::synthetic("matchedToken", a));
    let wrapper = doc.push(Value::Object(members), Span::SYNTHETIC);

    let scan = parse("$..x").unwrap();
    assert_eq!(scan.select_many(&doc, wrapper).unwrap(), vec![x, x]);
    let filter = parse("$..[?(@.x)]").unwrap();
    assert_eq!(filter.select_many(&doc, wrapper).unwrap(), vec![a, a]);
    let direct = parse("$.matchedToken.x").unwrap();
    assert_eq!(direct.select_one(&doc, wrapper).unwrap(), Some(x));
    let err = parse("$..x")
        .unwrap()
        .select_one(&doc, wrapper)
        .unwrap_err();
    assert_eq!(err.kind, E::MultipleTokens);
    // `$` inside a filter is the wrapper too.
    let rooted = parse("$.a[?($.matchedToken)]").unwrap();
    assert_eq!(
        rooted
            .select_tokens(&doc, Token::Node(wrapper))
            .unwrap()
            .len(),
        1
    );
    // Pointers of shared nodes keep naming their place in the original text.
    assert_eq!(doc.pointer(x), "/a/x");
}

#[test]
fn evaluation_can_start_on_a_property_token() {
    let (doc, root) = support::document(r#"{"a": {"x": 1}}"#);
    let property = Token::Property {
        object: root,
        index: 0,
    };
    let path = parse("$..x").unwrap();
    let found = path.select_tokens(&doc, property).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(support::name(&doc, found[0]), "/a/x");
    assert_eq!(
        parse("$.x").unwrap().select_tokens(&doc, property),
        Ok(vec![])
    );
    assert_eq!(property.property_name(&doc), Some("a"));
}

#[test]
fn visit_streams_and_stops_early() {
    let (doc, root) = support::document("[1, 2, 3]");
    let path = parse("$[*]").unwrap();
    let mut seen = 0;
    path.visit(&doc, Token::Node(root), |_| {
        seen += 1;
        if seen == 2 {
            std::ops::ControlFlow::Break(())
        } else {
            std::ops::ControlFlow::Continue(())
        }
    })
    .unwrap();
    assert_eq!(seen, 2);
    assert_eq!(path.source(), "$[*]");
}

#[test]
fn observations_explain_empty_results() {
    let (doc, root) = support::document(r#"{"Body": {"hr": 1}, "arr": [1], "hr": 2}"#);
    let observe = |expr: &str| {
        let (_, error, seen) = parse(expr)
            .unwrap()
            .select_tokens_observed(&doc, Token::Node(root));
        assert!(error.is_none());
        seen
    };
    assert!(observe("$.Body[?(@.hr)]").filter_on_object);
    assert!(!observe("$.arr[?(@ > 0)]").filter_on_object);
    assert!(observe("$.arr.*").dot_wildcard_on_array);
    assert!(observe("$.Body[*]").bracket_wildcard_on_object);
    assert!(observe("$..[?(@.hr)]").scan_filter_matched_start);
    assert!(!observe("$.Body..[?(@.zz)]").scan_filter_matched_start);
    assert!(observe("$.Body[?(@)]").property_selected);
    assert_eq!(
        observe("$.Body.hr"),
        medtech_jsonpath::Observations::default()
    );
}

#[test]
fn parsed_paths_can_be_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<medtech_jsonpath::JsonPath>();
    let path = parse("$[?(@.a =~ /x/i)]").unwrap();
    let copy = path.clone();
    let (doc, root) = support::document(r#"[{"a": "X"}]"#);
    assert_eq!(copy.select_many(&doc, root).unwrap().len(), 1);
    assert_eq!(path.select_many(&doc, root).unwrap().len(), 1);
}
