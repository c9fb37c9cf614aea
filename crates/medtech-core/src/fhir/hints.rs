//! "Did you mean" suggestions: the closest candidate by edit distance, case differences first.

/// Levenshtein distance over chars (bounded inputs: template names and keys).
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(256).collect();
    let b: Vec<char> = b.chars().take(256).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `name`: an equal-ignoring-case one, else one containing it or
/// contained in it (4 characters or more), else one within about a third of the name's length
/// in edits (at least 1, at most 3).
pub(crate) fn closest<'c>(
    name: &str,
    candidates: impl Iterator<Item = &'c str> + Clone,
) -> Option<&'c str> {
    if let Some(c) = candidates
        .clone()
        .find(|c| c.to_lowercase() == name.to_lowercase() && *c != name)
    {
        return Some(c);
    }
    let lower = name.to_lowercase();
    let containing = candidates
        .clone()
        .filter(|c| *c != name)
        .filter(|c| {
            let c = c.to_lowercase();
            c.chars().count().min(lower.chars().count()) >= 4
                && (c.contains(&lower) || lower.contains(&c))
        })
        .min_by_key(|c| c.chars().count().abs_diff(lower.chars().count()));
    if containing.is_some() {
        return containing;
    }
    let limit = (name.chars().count() / 3).clamp(1, 3);
    candidates
        .map(|c| (distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= limit && *c != name)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let names = ["heartrate", "bloodpressure", "steps"];
        assert_eq!(
            closest("HeartRate", names.iter().copied()),
            Some("heartrate")
        );
        assert_eq!(
            closest("heartrat", names.iter().copied()),
            Some("heartrate")
        );
        assert_eq!(
            closest("bloodpresure", names.iter().copied()),
            Some("bloodpressure")
        );
        assert_eq!(closest("weight", names.iter().copied()), None);
        assert_eq!(closest("steps", names.iter().copied()), None);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(
            closest(
                "systolic",
                ["diastolic", "systolicBadValueName"].into_iter()
            ),
            Some("systolicBadValueName")
        );
        assert_eq!(
            closest(
                "bloodpressureBadTypeName",
                ["heartrate", "bloodpressure"].into_iter()
            ),
            Some("bloodpressure")
        );
        assert_eq!(closest("hr", ["hrv"].into_iter()), Some("hrv"));
    }
}
