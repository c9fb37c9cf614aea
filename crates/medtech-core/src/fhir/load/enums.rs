//! `periodInterval` given as a string: Newtonsoft's `EnumUtils.ParseEnum` for
//! `ObservationPeriodInterval` (no `StringEnumConverter`, fhir-mapping.md §1.5).
//!
//! * the whole text equal to a name → that value;
//! * a text starting (after white space) with a digit or sign is tried as an `int`
//!   (`" 60 "`, `"+60"`, any other integer such as `"30"`);
//! * otherwise comma-separated names, each trimmed, matched exactly then ignoring case, and
//!   OR-ed together (`"hourly"` → 60, `"Hourly, Daily"` → 60 | 1440 = 1468, undefined at run time);
//! * anything else (`"Instance"`, `"Hour"`, `"60.0"`, `""`) is a conversion error.

use super::convert::parse_dotnet_int;
use crate::fhir::model::PeriodInterval;

const NAMES: [(&str, i64); 4] = [
    ("CorrelationId", -1),
    ("Single", 0),
    ("Hourly", 60),
    ("Daily", 1440),
];

/// The value of a `periodInterval` string, `None` where Newtonsoft throws.
pub(crate) fn parse_period_interval(text: &str) -> Option<PeriodInterval> {
    if let Some((_, v)) = NAMES.iter().find(|(n, _)| *n == text) {
        return Some(PeriodInterval::from_value(*v as i32));
    }
    let first = text.char_indices().find(|(_, c)| !c.is_whitespace())?;
    let mut value = text;
    if first.1.is_ascii_digit() || first.1 == '-' || first.1 == '+' {
        value = text.trim();
        if let Some(i) = parse_dotnet_int(value) {
            return Some(PeriodInterval::from_value(i));
        }
        if value
            .trim_start_matches(['-', '+'])
            .bytes()
            .all(|b| b.is_ascii_digit())
            && !value.is_empty()
        {
            // All digits but out of range: OverflowException, not a name.
            return None;
        }
    }
    let whole_ignore_case = || {
        NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(value))
            .map(|(_, v)| PeriodInterval::from_value(*v as i32))
    };
    let start = value.char_indices().find(|(_, c)| !c.is_whitespace())?.0;
    let mut result: u64 = 0;
    let mut rest = &value[start..];
    loop {
        let (part, next) = match rest.find(',') {
            Some(i) => (&rest[..i], Some(&rest[i + 1..])),
            None => (rest, None),
        };
        let part = part.trim();
        let matched = NAMES
            .iter()
            .find(|(n, _)| *n == part)
            .or_else(|| NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(part)));
        match matched {
            Some((_, v)) => result |= *v as u64,
            None => return whole_ignore_case(),
        }
        match next {
            Some(n) => rest = n,
            None => break,
        }
    }
    Some(PeriodInterval::from_value(result as u32 as i32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_numbers_and_flags_like_newtonsoft() {
        let table: &[(&str, Option<i32>)] = &[
            ("Hourly", Some(60)),
            ("hourly", Some(60)),
            ("HOURLY", Some(60)),
            (" Daily ", Some(1440)),
            ("Single", Some(0)),
            ("correlationid", Some(-1)),
            ("60", Some(60)),
            (" 60 ", Some(60)),
            ("+60", Some(60)),
            ("-1", Some(-1)),
            ("30", Some(30)),
            ("Hourly, Daily", Some(1468)),
            ("Single,Hourly", Some(60)),
            ("CorrelationId,Hourly", Some(-1)),
            ("Hourly,", None),
            ("Instance", None),
            ("Hour", None),
            ("Day", None),
            ("60.0", None),
            ("", None),
            ("   ", None),
            ("99999999999", None),
            ("60x", None),
        ];
        for (text, expected) in table {
            assert_eq!(
                parse_period_interval(text).map(PeriodInterval::value),
                *expected,
                "{text:?}"
            );
        }
    }
}
