//! A horizontal bar chart in plain SVG: one bar per row, its label and value as text, so the
//! chart reads without colour and to a screen reader (each bar has its own accessible label).

use crate::i18n::{tf, T};
use leptos::prelude::*;

/// One bar: what it is, how long it is, and how its value reads ("1.5 MiB").
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: u64,
    pub shown: String,
}

const ROW: u32 = 26;
const LABEL_W: u32 = 270;
const BAR_W: u32 = 340;
const VALUE_W: u32 = 90;

#[component]
pub fn BarChart(#[prop(into)] title: String, bars: Vec<Bar>) -> impl IntoView {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let height = ROW * bars.len().max(1) as u32;
    let width = LABEL_W + BAR_W + VALUE_W;
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, bar)| {
            let y = i as u32 * ROW;
            let len = ((bar.value as f64 / max as f64) * f64::from(BAR_W)).round() as u32;
            let name = tf(T::PgChartBar, &[("label", &bar.label), ("value", &bar.shown)]);
            let label = shorten(&bar.label, 34);
            let tooltip = name.clone();
            view! {
                <g role="listitem" aria-label=name>
                    <title>{tooltip}</title>
                    <text x=LABEL_W - 8 y=y + 17 text-anchor="end" class="chart-label">{label}</text>
                    <rect x=LABEL_W y=y + 4 width=len.max(1) height=ROW - 8 rx="3" class="chart-bar" />
                    <text x=LABEL_W + len + 6 y=y + 17 class="chart-value">{bar.shown}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption>{title.clone()}</figcaption>
            <svg role="list" aria-label=title viewBox=format!("0 0 {width} {height}") width="100%"
                preserveAspectRatio="xMinYMin meet">
                {rows}
            </svg>
        </figure>
    }
}

/// At most `n` characters, with an ellipsis when cut.
fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(n - 1).collect();
        out.push('…');
        out
    }
}
