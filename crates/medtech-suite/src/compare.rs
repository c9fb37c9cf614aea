//! Subset comparison of expected and actual JSON: only the members written in the expectation
//! are compared; arrays must have the same length and are compared element by element (with
//! the same subset rule for objects inside them); scalars must be equal.

use serde_json::Value as Json;

/// One difference: where (a JSON Pointer below the compared value) and what.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// RFC 6901 pointer into the compared value (`/0/Properties/1/Value`).
    pub pointer: String,
    /// What differs, e.g. `expected "80", actual "81"`.
    pub what: String,
}

/// Every difference between `expected` and `actual` under the subset rule.
pub fn differences(expected: &Json, actual: &Json) -> Vec<Difference> {
    let mut out = Vec::new();
    walk(expected, actual, &mut String::new(), &mut out, 0);
    out
}

fn walk(
    expected: &Json,
    actual: &Json,
    pointer: &mut String,
    out: &mut Vec<Difference>,
    depth: usize,
) {
    if depth > 256 {
        return;
    }
    match (expected, actual) {
        (Json::Object(e), Json::Object(a)) => {
            for (key, value) in e {
                let mark = pointer.len();
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                match a.get(key) {
                    Some(actual) => walk(value, actual, pointer, out, depth + 1),
                    None => out.push(Difference {
                        pointer: pointer.clone(),
                        what: format!("expected {}, actual: missing", short(value)),
                    }),
                }
                pointer.truncate(mark);
            }
        }
        (Json::Array(e), Json::Array(a)) => {
            if e.len() != a.len() {
                out.push(Difference {
                    pointer: pointer.clone(),
                    what: format!("expected {} elements, actual {}", e.len(), a.len()),
                });
            }
            for (i, (x, y)) in e.iter().zip(a).enumerate() {
                let mark = pointer.len();
                pointer.push_str(&format!("/{i}"));
                walk(x, y, pointer, out, depth + 1);
                pointer.truncate(mark);
            }
        }
        _ if numbers_equal(expected, actual) || expected == actual => {}
        _ => out.push(Difference {
            pointer: pointer.clone(),
            what: format!("expected {}, actual {}", short(expected), short(actual)),
        }),
    }
}

fn numbers_equal(a: &Json, b: &Json) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => a.is_number() && b.is_number() && x == y,
        _ => false,
    }
}

/// `actual` cut down to the members `expected` writes (for a readable diff); arrays keep their
/// actual length.
pub fn project(expected: &Json, actual: &Json) -> Json {
    match (expected, actual) {
        (Json::Object(e), Json::Object(a)) => Json::Object(
            e.keys()
                .filter_map(|k| a.get(k).map(|v| (k.clone(), project(&e[k], v))))
                .collect(),
        ),
        (Json::Array(e), Json::Array(a)) => Json::Array(
            a.iter()
                .enumerate()
                .map(|(i, v)| match e.get(i) {
                    Some(x) => project(x, v),
                    None => v.clone(),
                })
                .collect(),
        ),
        _ => actual.clone(),
    }
}

fn short(value: &Json) -> String {
    let text = value.to_string();
    if text.chars().count() > 80 {
        let cut: String = text.chars().take(77).collect();
        format!("{cut}…")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_written_members_are_compared() {
        let expected = json!([{"Type": "hr", "Properties": [{"Name": "hr", "Value": "80"}]}]);
        let actual =
            json!([{"Type": "hr", "DeviceId": "d", "Properties": [{"Name": "hr", "Value": "81"}]}]);
        let d = differences(&expected, &actual);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].pointer, "/0/Properties/0/Value");
        assert_eq!(d[0].what, "expected \"80\", actual \"81\"");
        assert!(differences(&json!([{"Type": "hr"}]), &actual).is_empty());
    }

    #[test]
    fn lengths_missing_members_and_numbers() {
        let d = differences(&json!([1, 2]), &json!([1]));
        assert_eq!(d[0].what, "expected 2 elements, actual 1");
        let d = differences(&json!({"a": 1}), &json!({}));
        assert_eq!(d[0].what, "expected 1, actual: missing");
        assert!(differences(&json!({"v": 1.0}), &json!({"v": 1})).is_empty());
    }

    #[test]
    fn projection_keeps_the_expected_shape() {
        let p = project(
            &json!({"a": {"b": 1}}),
            &json!({"a": {"b": 2, "c": 3}, "d": 4}),
        );
        assert_eq!(p, json!({"a": {"b": 2}}));
    }
}
