//! The MedTech custom functions: every tested value of device-mapping.md §7.3 / §9.10
//! (`Microsoft.Health.Expressions.UnitTests`), typing, wrap-around, overflow, division by zero,
//! ranges and the positional type errors.

use super::{check, run};

const E: &str = "{}";
const NRE: &str = "!runtime Object reference not set to an instance of an object.";

fn type_error(func: &str, pos: usize, kinds: &str) -> String {
    format!(
        "!runtime Error: invalid-type, function {func} expects argument {pos} to be one of the following: {kinds}"
    )
}

#[test]
fn arithmetic_typing_and_tested_values() {
    check(
        &[
            ("add(`0`, `0`)", E, "0"),
            ("add(`-1`, `100`)", E, "99"),
            ("add(`0`, `9223372036854775807`)", E, "9223372036854775807"),
            (
                "add(`0`, `-9223372036854775808`)",
                E,
                "-9223372036854775808",
            ),
            ("add(`-1.0`, `10.5`)", E, "9.5"),
            ("add(`0.0`, `0.0`)", E, "0.0"),
            ("add(`-1`, `100.0`)", E, "99.0"),
            ("add(`0`, `0.0`)", E, "0.0"),
            (
                "add(`0`, `1.7976931348623157e308`)",
                E,
                "1.7976931348623157E+308",
            ),
            ("add(`0.1`, `0.2`) == `0.3`", E, "true"),
            // C# long arithmetic is unchecked: it wraps
            ("add(`9223372036854775807`, `1`)", E, "-9223372036854775808"),
            ("subtract(`-1`, `100`)", E, "-101"),
            (
                "subtract(`0`, `-1.7976931348623157e308`)",
                E,
                "1.7976931348623157E+308",
            ),
            (
                "subtract(`-9223372036854775808`, `1`)",
                E,
                "9223372036854775807",
            ),
            ("subtract(`1.5`, `1`)", E, "0.5"),
            ("multiply(`0.5`, `100.0`)", E, "50.0"),
            ("multiply(`6`, `7`)", E, "42"),
            (
                "multiply(`4611686018427387904`, `2`)",
                E,
                "-9223372036854775808",
            ),
            (
                "multiply(to_number(h), `0.0254`)",
                r#"{"h":"78"}"#,
                "1.9811999999999999",
            ),
            ("divide(`100`, `25`)", E, "4"),
            ("divide(`100`, `-1`)", E, "-100"),
            ("divide(`0`, `9223372036854775807`)", E, "0"),
            ("divide(`0`, `-9223372036854775808`)", E, "0"),
            ("divide(`7`, `2`)", E, "3"),
            ("divide(`-7`, `2`)", E, "-3"),
            ("divide(`100.0`, `25.0`)", E, "4.0"),
            ("divide(`100`, `25.0`)", E, "4.0"),
            ("divide(`0`, `1.7976931348623157e308`)", E, "0.0"),
            (
                "divide(`100`, `0`)",
                E,
                "!runtime Attempted to divide by zero.",
            ),
            (
                "divide(`-9223372036854775808`, `-1`)",
                E,
                "!runtime Arithmetic operation resulted in an overflow.",
            ),
            // double division never fails
            ("divide(`1.0`, `0`)", E, r#""Infinity""#),
            ("divide(`-1`, `0.0`)", E, r#""-Infinity""#),
            ("divide(`0.0`, `0`)", E, r#""NaN""#),
            ("pow(`0`, `0`)", E, "1"),
            ("pow(`1`, `0`)", E, "1"),
            ("pow(`1`, `1`)", E, "1"),
            ("pow(`10`, `2`)", E, "100"),
            ("pow(`0.0`, `0.0`)", E, "1.0"),
            ("pow(`10.0`, `2.0`)", E, "100.0"),
            ("pow(`10`, `2.5`)", E, "316.22776601683796"),
            ("pow(`100.0`, `-2.0`)", E, "0.0001"),
            ("pow(`100`, `0.5`)", E, "10.0"),
            // integer exponents: a double power rounded half to even
            ("pow(`100`, `-2`)", E, "0"),
            ("pow(`2`, `-1`)", E, "0"),
            ("pow(`2`, `62`)", E, "4611686018427387904"),
            (
                "pow(`2`, `63`)",
                E,
                "!runtime Arithmetic operation resulted in an overflow.",
            ),
            ("pow(`-2`, `63`)", E, "-9223372036854775808"),
            (
                "pow(`9223372036854775807`, `10`)",
                E,
                "!runtime Arithmetic operation resulted in an overflow.",
            ),
            (
                "pow(`40`, `50`)",
                E,
                "!runtime Arithmetic operation resulted in an overflow.",
            ),
            (
                "pow(`3`, `40`)",
                E,
                "!runtime Arithmetic operation resulted in an overflow.",
            ),
            ("pow(`3`, `3`)", E, "27"),
            ("pow(`-3`, `3`)", E, "-27"),
            ("pow(`-8`, `0.5`)", E, r#""NaN""#),
            ("pow(`10.0`, `400`)", E, r#""Infinity""#),
        ],
        true,
    );
}

#[test]
fn arithmetic_type_errors_are_positional_and_checked_first() {
    let rows = [
        ("add('1', `1`)", type_error("add", 0, "Integer|Float")),
        ("add(`1`, '1')", type_error("add", 1, "Integer|Float")),
        ("add('a', 'b')", type_error("add", 0, "Integer|Float")),
        ("add(`[1]`, `1`)", type_error("add", 0, "Integer|Float")),
        (
            "add(`{\"value\":1}`, `1`)",
            type_error("add", 0, "Integer|Float"),
        ),
        ("add(missing, `1`)", type_error("add", 0, "Integer|Float")),
        ("add(`true`, `1`)", type_error("add", 0, "Integer|Float")),
        (
            "subtract(`1`, `null`)",
            type_error("subtract", 1, "Integer|Float"),
        ),
        (
            "multiply('2', `3`)",
            type_error("multiply", 0, "Integer|Float"),
        ),
        (
            "divide('bad', `100`)",
            type_error("divide", 0, "Integer|Float"),
        ),
        (
            "divide(`[[[0,0,0],[0,0,0]]]`, `100`)",
            type_error("divide", 0, "Integer|Float"),
        ),
        ("pow('bad', `100`)", type_error("pow", 0, "Integer|Float")),
        (
            "pow(`2`, `{\"value\":1}`)",
            type_error("pow", 1, "Integer|Float"),
        ),
        ("add(&a, `1`)", NRE.to_string()),
        // a big integer is an Integer token, but .NET cannot convert it
        (
            "add(`123456789012345678901234`, `1`)",
            "!runtime Object must implement IConvertible.".to_string(),
        ),
        (
            "fromUnixTimestamp(`123456789012345678901234`)",
            "!runtime Object must implement IConvertible.".to_string(),
        ),
        ("add(`1`, &a)", NRE.to_string()),
    ];
    let table: Vec<(&str, &str, &str)> = rows.iter().map(|(e, x)| (*e, E, x.as_str())).collect();
    check(&table, true);
    // a date token is a Date, not a number
    let dates = r#"{"t":"@date:2019-02-01T22:46:01Z"}"#;
    assert_eq!(
        run("add(t, `1`)", dates, true),
        type_error("add", 0, "Integer|Float")
    );
}

#[test]
fn unix_timestamps_become_utc_date_tokens() {
    check(
        &[
            ("fromUnixTimestamp(`0`)", E, "date:1970-01-01T00:00:00Z"),
            ("fromUnixTimestamp(`1625677200`)", E, "date:2021-07-07T17:00:00Z"),
            ("fromUnixTimestamp(`-1`)", E, "date:1969-12-31T23:59:59Z"),
            ("fromUnixTimestamp(ts)", r#"{"ts":1625677200}"#, "date:2021-07-07T17:00:00Z"),
            ("fromUnixTimestamp(`253402300799`)", E, "date:9999-12-31T23:59:59Z"),
            ("fromUnixTimestamp(`-62135596800`)", E, "date:0001-01-01T00:00:00Z"),
            ("fromUnixTimestamp(`253402300800`)", E, "!runtime Valid values are between -62135596800 and 253402300799, inclusive. (Parameter 'seconds')"),
            ("fromUnixTimestamp(`-62135596801`)", E, "!runtime Valid values are between -62135596800 and 253402300799, inclusive. (Parameter 'seconds')"),
            ("fromUnixTimestamp(`9223372036854775807`)", E, "!runtime Valid values are between -62135596800 and 253402300799, inclusive. (Parameter 'seconds')"),
            ("fromUnixTimestampMs(`0`)", E, "date:1970-01-01T00:00:00Z"),
            ("fromUnixTimestampMs(`1000`)", E, "date:1970-01-01T00:00:01Z"),
            ("fromUnixTimestampMs(`1626799080000`)", E, "date:2021-07-20T16:38:00Z"),
            ("fromUnixTimestampMs(`-1000`)", E, "date:1969-12-31T23:59:59Z"),
            ("fromUnixTimestampMs(`1626799080123`)", E, "date:2021-07-20T16:38:00.123Z"),
            ("fromUnixTimestampMs(`253402300799999`)", E, "date:9999-12-31T23:59:59.999Z"),
            ("fromUnixTimestampMs(`253402300800000`)", E, "!runtime Valid values are between -62135596800000 and 253402300799999, inclusive. (Parameter 'milliseconds')"),
            // only Integer tokens are accepted
            ("fromUnixTimestamp('badData')", E, "!runtime Error: invalid-type, function fromUnixTimestamp expects argument 0 to be one of the following: Integer"),
            ("fromUnixTimestamp(`1.0`)", E, "!runtime Error: invalid-type, function fromUnixTimestamp expects argument 0 to be one of the following: Integer"),
            ("fromUnixTimestamp(`[[[0,0,0],[0,0,0]]]`)", E, "!runtime Error: invalid-type, function fromUnixTimestamp expects argument 0 to be one of the following: Integer"),
            ("fromUnixTimestamp(`{\"value\":1}`)", E, "!runtime Error: invalid-type, function fromUnixTimestamp expects argument 0 to be one of the following: Integer"),
            ("fromUnixTimestampMs('1000')", E, "!runtime Error: invalid-type, function fromUnixTimestampMs expects argument 0 to be one of the following: Integer"),
            ("fromUnixTimestampMs(&a)", E, NRE),
            // the result is a date token: a string for type(), its invariant text for string functions
            ("type(fromUnixTimestamp(`1625677200`))", E, r#""string""#),
            ("join('', [fromUnixTimestamp(`1625677200`)])", E, r#""07/07/2021 17:00:00""#),
            ("fromUnixTimestamp(`0`) == '1970-01-01T00:00:00Z'", E, "false"),
            ("to_string(fromUnixTimestamp(`0`))", E, "date:1970-01-01T00:00:00Z"),
            ("to_string([fromUnixTimestamp(`0`)])", E, r#""[\"1970-01-01T00:00:00Z\"]""#),
        ],
        true,
    );
}

#[test]
fn insert_string_works_on_utf16_positions() {
    let s = r#"{"original":"sample ","toInsert":"text"}"#;
    check(
        &[
            ("insertString('myString', '!!', `8`)", E, r#""myString!!""#),
            ("insertString('ppy', 'ha', `0`)", E, r#""happy""#),
            ("insertString('suess', 'cc', `2`)", E, r#""success""#),
            ("insertString(original, toInsert, length(original))", s, r#""sample text""#),
            ("insertString('', 'x', `0`)", E, r#""x""#),
            ("insertString('\u{1F600}b', 'a', `2`)", E, "\"\u{1F600}ab\""),
            // inside a surrogate pair: the halves are split and each becomes U+FFFD
            ("insertString('\u{1F600}b', 'a', `1`)", E, "\"\u{FFFD}a\u{FFFD}b\""),
            ("insertString('x\u{1F600}', 'a', `3`)", E, "\"x\u{1F600}a\""),
            ("insertString('é\u{1F600}', 'a', `1`)", E, "\"éa\u{1F600}\""),
            ("insertString('myString', '!!', `9`)", E, "!runtime Index was out of range. Must be non-negative and less than or equal to the size of the collection. (Parameter 'index')"),
            ("insertString('ppy', 'ha', `-1`)", E, "!runtime Index was out of range. Must be non-negative and less than or equal to the size of the collection. (Parameter 'index')"),
            ("insertString('ppy', 'ha', `2147483648`)", E, "!runtime Value was either too large or too small for an Int32."),
            ("insertString('ppy', 'ha', `-9223372036854775808`)", E, "!runtime Value was either too large or too small for an Int32."),
            ("insertString(`6`, 'value', `0`)", E, "!runtime Error: invalid-type, function insertString expects argument 0 to be one of the following: String"),
            ("insertString('text', `123`, `0`)", E, "!runtime Error: invalid-type, function insertString expects argument 1 to be one of the following: String"),
            ("insertString('text', 'toInsert', `1.5`)", E, "!runtime Error: invalid-type, function insertString expects argument 2 to be one of the following: Integer"),
            ("insertString(`[[[0,0,0],[0,0,0]]]`, 'value', `0`)", E, "!runtime Error: invalid-type, function insertString expects argument 0 to be one of the following: String"),
            ("insertString(`{\"bad\":\"value\"}`, 'value', `0`)", E, "!runtime Error: invalid-type, function insertString expects argument 0 to be one of the following: String"),
            ("insertString(missing, 'x', `0`)", E, "!runtime Error: invalid-type, function insertString expects argument 0 to be one of the following: String"),
            // types are checked left to right before anything is computed
            ("insertString('a', `1`, 'x')", E, "!runtime Error: invalid-type, function insertString expects argument 1 to be one of the following: String"),
            ("insertString(&a, 'b', `0`)", E, NRE),
        ],
        true,
    );
    // a date token is not a String token
    let dates = r#"{"t":"@date:2019-02-01T22:46:01Z"}"#;
    assert_eq!(
        run("insertString(t, 'x', `0`)", dates, true),
        "!runtime Error: invalid-type, function insertString expects argument 0 to be one of the following: String"
    );
}

#[test]
fn argument_counts_are_checked_when_parsing() {
    check(
        &[
            ("add()", E, "!compile Error: invalid-arity, the function add expects 2 arguments but none were supplied."),
            ("add(left)", E, "!compile Error: invalid-arity, the function add expects 2 arguments but 1 were supplied."),
            ("add(a, b, c)", E, "!compile Error: invalid-arity, the function add expects 2 arguments but 3 were supplied."),
            ("subtract(a)", E, "!compile Error: invalid-arity, the function subtract expects 2 arguments but 1 were supplied."),
            ("multiply()", E, "!compile Error: invalid-arity, the function multiply expects 2 arguments but none were supplied."),
            ("divide(a, b, c)", E, "!compile Error: invalid-arity, the function divide expects 2 arguments but 3 were supplied."),
            ("pow(a)", E, "!compile Error: invalid-arity, the function pow expects 2 arguments but 1 were supplied."),
            ("fromUnixTimestamp()", E, "!compile Error: invalid-arity, the function fromUnixTimestamp expects 1 argument but none were supplied."),
            ("fromUnixTimestamp(timestamp, extraParam)", E, "!compile Error: invalid-arity, the function fromUnixTimestamp expects 1 argument but 2 were supplied."),
            ("fromUnixTimestampMs(a, b)", E, "!compile Error: invalid-arity, the function fromUnixTimestampMs expects 1 argument but 2 were supplied."),
            ("insertString(a, b)", E, "!compile Error: invalid-arity, the function insertString expects 3 arguments but 2 were supplied."),
            ("insertString(a, b, c, d)", E, "!compile Error: invalid-arity, the function insertString expects 3 arguments but 4 were supplied."),
            ("Add(a, b)", E, "!compile Error: unknown-function, no function named Add has been registered."),
            ("fromunixtimestamp(a)", E, "!compile Error: unknown-function, no function named fromunixtimestamp has been registered."),
            ("insert_string(a, b, c)", E, "!compile Error: unknown-function, no function named insert_string has been registered."),
            ("pow(left", E, "!compile Error(1, 8): syntax, near ''."),
            ("pow(left, right, up", E, "!compile Error(1, 19): syntax, near ''."),
            ("add(left", E, "!compile Error(1, 8): syntax, near ''."),
        ],
        true,
    );
}
