//! A small SVG line chart of slot values (gaps ticked on the axis) — SampledData and repeated
//! measurement values. Geometry comes from `crate::chart`.

use crate::chart::geometry;
use std::rc::Rc;
use yew::prelude::*;

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 72.0;
const PAD: f64 = 6.0;

/// What to draw.
#[derive(Properties, PartialEq)]
pub struct ChartProps {
    /// One value per slot (`None` = gap).
    pub values: Rc<Vec<Option<f64>>>,
    /// Describes the chart for screen readers and the caption.
    pub label: AttrValue,
    /// Unit shown with the range.
    #[prop_or_default]
    pub unit: Option<AttrValue>,
    /// What one value is called in the caption (`slots`, `values`).
    #[prop_or(AttrValue::Static("slots"))]
    pub items: AttrValue,
}

fn short(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// The chart component.
#[component(Chart)]
pub fn chart(props: &ChartProps) -> Html {
    let g = geometry(&props.values, WIDTH, HEIGHT, PAD);
    let filled = props.values.iter().filter(|v| v.is_some()).count();
    let unit = props.unit.as_deref().unwrap_or("");
    let range = g
        .range
        .map(|(lo, hi)| format!("{}–{} {unit}", short(lo), short(hi)))
        .unwrap_or_else(|| "no values".into());
    let description = format!(
        "{}: {filled} of {} {} with a value, {range}",
        props.label,
        props.values.len(),
        props.items
    );
    html! {
        <figure class="chart">
            <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img" aria-label={description.clone()}
                preserveAspectRatio="none">
                <line class="axis" x1="0" y1={HEIGHT.to_string()} x2={WIDTH.to_string()} y2={HEIGHT.to_string()} />
                { for g.gaps.iter().map(|x| html! {
                    <line class="gap" x1={format!("{x:.1}")} x2={format!("{x:.1}")}
                        y1={(HEIGHT - 4.0).to_string()} y2={HEIGHT.to_string()} />
                }) }
                { for g.lines.iter().map(|points| html! { <polyline class="line" points={points.clone()} /> }) }
                { for g.dots.iter().map(|(x, y)| html! {
                    <circle class="dot" cx={format!("{x:.1}")} cy={format!("{y:.1}")} r="2.5" />
                }) }
            </svg>
            <figcaption>{ description }</figcaption>
        </figure>
    }
}
