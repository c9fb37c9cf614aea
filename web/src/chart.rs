//! Geometry of the small line charts (SampledData slots, repeated measurement values): pure
//! arithmetic, drawn as SVG by `components::chart`. Gaps break the line and are ticked on the
//! axis, so `E E 56 E` reads as "one reading in the third slot".

/// What to draw, in a `width × height` box (SVG user units).
#[derive(Clone, Debug, PartialEq)]
pub struct Geometry {
    /// Polylines (runs of consecutive values), as SVG `points` strings.
    pub lines: Vec<String>,
    /// Isolated values (a run of one) — or every value, when there are few — as (x, y).
    pub dots: Vec<(f64, f64)>,
    /// x of each gap.
    pub gaps: Vec<f64>,
    /// Smallest and largest value.
    pub range: Option<(f64, f64)>,
}

/// Charts `values` (one per slot, `None` for a gap) in a box of the given size with `pad`
/// units of margin. At most 400 gap ticks are kept (evenly thinned).
pub fn geometry(values: &[Option<f64>], width: f64, height: f64, pad: f64) -> Geometry {
    let finite: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    let range = finite
        .iter()
        .fold(None, |acc: Option<(f64, f64)>, &v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        });
    let n = values.len();
    let x = |i: usize| {
        if n <= 1 {
            width / 2.0
        } else {
            pad + (width - 2.0 * pad) * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: f64| match range {
        Some((lo, hi)) if hi > lo => pad + (height - 2.0 * pad) * (1.0 - (v - lo) / (hi - lo)),
        _ => height / 2.0,
    };
    let mut lines = Vec::new();
    let mut dots = Vec::new();
    let mut gaps = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    let flush = |run: &mut Vec<(f64, f64)>, lines: &mut Vec<String>, dots: &mut Vec<_>| {
        match run.len() {
            0 => {}
            1 => dots.push(run[0]),
            _ => lines.push(
                run.iter()
                    .map(|(a, b)| format!("{a:.1},{b:.1}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        }
        run.clear();
    };
    for (i, value) in values.iter().enumerate() {
        match value.filter(|v| v.is_finite()) {
            Some(v) => run.push((x(i), y(v))),
            None => {
                flush(&mut run, &mut lines, &mut dots);
                gaps.push(x(i));
            }
        }
    }
    flush(&mut run, &mut lines, &mut dots);
    // With few values, every value gets a dot so each reading is visible.
    const MAX_DOTTED: usize = 60;
    if finite.len() <= MAX_DOTTED {
        dots = values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.filter(|v| v.is_finite()).map(|v| (x(i), y(v))))
            .collect();
    }
    const MAX_GAPS: usize = 400;
    if gaps.len() > MAX_GAPS {
        let step = gaps.len().div_ceil(MAX_GAPS);
        gaps = gaps.into_iter().step_by(step).collect();
    }
    Geometry {
        lines,
        dots,
        gaps,
        range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_break_lines_and_single_values_are_dots() {
        let g = geometry(
            &[Some(1.0), Some(3.0), None, Some(2.0), None],
            100.0,
            50.0,
            5.0,
        );
        assert_eq!(g.lines.len(), 1);
        assert_eq!(g.lines[0], "5.0,45.0 27.5,5.0");
        assert_eq!(g.dots, vec![(5.0, 45.0), (27.5, 5.0), (72.5, 25.0)]);
        assert_eq!(g.gaps, vec![50.0, 95.0]);
        assert_eq!(g.range, Some((1.0, 3.0)));
    }

    #[test]
    fn all_gaps_or_one_value_do_not_divide_by_zero() {
        let g = geometry(&[None, None], 10.0, 10.0, 1.0);
        assert!(g.lines.is_empty() && g.dots.is_empty());
        assert_eq!(g.range, None);
        let g = geometry(&[Some(5.0)], 10.0, 10.0, 1.0);
        assert_eq!(g.dots, vec![(5.0, 5.0)]);
        let g = geometry(&[], 10.0, 10.0, 1.0);
        assert_eq!(g, geometry(&[], 10.0, 10.0, 1.0));
    }

    #[test]
    fn many_gaps_are_thinned() {
        let values = vec![None; 3600];
        assert!(geometry(&values, 10.0, 10.0, 1.0).gaps.len() <= 400);
    }

    #[test]
    fn long_runs_are_lines_without_dots() {
        let values: Vec<Option<f64>> = (0..100).map(|i| Some(f64::from(i))).collect();
        let g = geometry(&values, 100.0, 10.0, 0.0);
        assert_eq!(g.lines.len(), 1);
        assert!(g.dots.is_empty());
    }
}
