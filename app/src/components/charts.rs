//! Charts for the statistics page, drawn on the server as SVG so they show without JavaScript. Each is a
//! figure: its caption, the picture, its figures as a table and the data as a CSV file. A screen reader meets
//! the picture as one image named by its title and a one-sentence summary (it is not walked through every
//! bar); the table holds the figures. The strings come translated from the caller.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One bar of a bar chart, or one period of a column chart. `href` links the label in the table (say, to a
/// theme's page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub href: Option<String>,
}

/// One bar of a stacked chart: its parts in the order of the chart's `part_names` (a missing part counts as
/// 0, one without a name is left out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stacked {
    pub label: String,
    pub parts: Vec<i64>,
}

/// The drawing's width in SVG units (a column chart of many periods is wider). `Plot` draws it no wider than
/// makes its `FONT`-unit text the page's size; that narrow, a phone shrinks the text less. The table keeps
/// the figures at full size.
const WIDTH: i64 = 360;
const FONT: i64 = 14;
const LINE: i64 = 18;
/// What a character is reckoned to take at `FONT`: a little more than most, as SVG text cannot be measured
/// on the server and must not run into the next.
const CHAR: i64 = 8;
const LINE_CHARS: usize = (WIDTH / CHAR) as usize;
const BAR: i64 = 22;
const ROW_GAP: i64 = 14;
/// Between the parts of a stacked bar, so each part meets the background, not a neighbour of the same
/// lightness (WCAG 1.4.11).
const PART_GAP: i64 = 2;
/// At least 3:1 against white (6.7, 4.8, 5.3, 6.2) and told apart by hue and lightness; the stylesheet's
/// classes override them (forced colours, a dark theme).
const COLOURS: [&str; 4] = ["#1f5f99", "#b35900", "#6b6b6b", "#7a4ca0"];
/// More axis labels than this crowd a phone's width; the table has every period.
const MAX_AXIS_LABELS: usize = 12;
const PLOT_HEIGHT: i64 = 160;

/// An axis maximum: `v` rounded up to 1, 2 or 5 times a power of ten (7 → 10, 13 → 20, 51 → 100); at
/// least 1, so an all-zero chart still has a scale.
pub fn nice_max(v: i64) -> i64 {
    let mut power: i64 = 1;
    loop {
        for step in [1, 2, 5] {
            match power.checked_mul(step) {
                Some(candidate) if candidate >= v => return candidate,
                Some(_) => {}
                None => return v,
            }
        }
        match power.checked_mul(10) {
            Some(next) => power = next,
            None => return v,
        }
    }
}

/// The sum of the values, for the caller's summary sentence.
pub fn total(bars: &[Bar]) -> i64 {
    bars.iter().fold(0, |sum, b| sum.saturating_add(b.value))
}

/// The bar with the largest value (the first of equals), for the caller's summary sentence.
pub fn largest(bars: &[Bar]) -> Option<&Bar> {
    bars.iter()
        .reduce(|best, b| if b.value > best.value { b } else { best })
}

/// How long `value` is drawn when `max` takes `full` units. A value above 0 stays visible however small.
fn length(value: i64, max: i64, full: i64) -> i64 {
    if value <= 0 || max <= 0 {
        return 0;
    }
    let v = i128::from(value.min(max));
    let (max, full) = (i128::from(max), i128::from(full));
    let scaled = (v * full + max / 2) / max;
    i64::try_from(scaled).unwrap_or(0).max(2)
}

fn text_width(text: &str) -> i64 {
    int(text.chars().count()).saturating_mul(CHAR)
}

/// Breaks text at spaces into lines of at most `max` characters, as SVG text does not wrap. A longer word
/// keeps a line of its own; a no-break space holds words together.
fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Lines of text from the left edge, the first one's top at `top`; returns the view and its height.
fn text_block(lines: Vec<String>, top: i64) -> (impl IntoView, i64) {
    let height = int(lines.len()) * LINE;
    let spans = lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| view! { <tspan x="0" y={top + int(i) * LINE + FONT}>{line}</tspan> })
        .collect_view();
    (view! { <text>{spans}</text> }, height)
}

fn int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The stylesheet classes of the n-th colour: `chart-part-n` lets forced colours tell parts apart.
fn part_class(n: usize) -> String {
    format!("chart-bar chart-part-{}", n % COLOURS.len())
}

/// The figure around every chart: its caption first, so it is read before the picture.
#[component]
fn Frame(id: String, title: String, children: Children) -> impl IntoView {
    view! {
        <figure class="chart" data-test="chart" id=id>
            <figcaption>{title}</figcaption>
            {children()}
        </figure>
    }
}

/// In place of an empty picture and table.
#[component]
fn Empty(label: String) -> impl IntoView {
    view! { <p class="chart-empty" data-test="chart-empty">{label}</p> }
}

/// The picture: one image to assistive technology, named by the title and the summary. It fills the
/// column's width but is drawn no larger than makes its text the page's size.
#[component]
fn Plot(
    id: String,
    title: String,
    summary: String,
    width: i64,
    height: i64,
    children: Children,
) -> impl IntoView {
    let rem = width * 10 / FONT;
    let cap = format!("max-width: min(100%, {}.{}rem)", rem / 10, rem % 10);
    view! {
        <svg
            class="chart-plot"
            role="img"
            aria-labelledby=format!("{id}-title {id}-desc")
            viewBox=format!("0 0 {width} {height}")
            width="100%"
            style=cap
            font-size=FONT
            fill="currentColor"
        >
            <title id=format!("{id}-title")>{title}</title>
            <desc id=format!("{id}-desc")>{summary}</desc>
            {children()}
        </svg>
    }
}

/// The figures behind the picture, folded away under `table_label`, and the CSV file.
#[component]
fn Figures(
    title: String,
    table_label: String,
    csv_href: String,
    csv_label: String,
    children: Children,
) -> impl IntoView {
    view! {
        <details class="chart-figures" data-test="chart-table">
            <summary>{table_label}</summary>
            <table class="table chart-table">
                <caption>{title}</caption>
                {children()}
            </table>
        </details>
        <p class="chart-csv">
            <a data-test="chart-csv" href=csv_href type="text/csv" download>{csv_label}</a>
        </p>
    }
}

/// A row header: the label, a link when it has somewhere to go.
fn row_header(label: String, href: Option<String>) -> impl IntoView {
    let label = match href {
        Some(href) => view! { <a href=href>{label}</a> }.into_any(),
        None => label.into_any(),
    };
    view! { <th scope="row">{label}</th> }
}

fn bar_rows(bars: Vec<Bar>) -> impl IntoView {
    bars.into_iter()
        .map(|b| view! { <tr>{row_header(b.label, b.href)}<td class="num">{b.value}</td></tr> })
        .collect_view()
}

/// Horizontal bars in the order given, each with its label above and its value at its end, so the chart
/// reads without colour or hovering.
#[component]
pub fn BarChart(
    /// Unique on the page: the figure's id and the prefix of the ids inside.
    id: String,
    title: String,
    /// One sentence for those who do not see the picture, e.g. the largest value and the total.
    summary: String,
    /// The values' column header in the table, e.g. "Cases".
    unit: String,
    bars: Vec<Bar>,
    csv_href: String,
    csv_label: String,
    table_label: String,
    label_header: String,
    empty_label: String,
) -> impl IntoView {
    if bars.is_empty() {
        return view! { <Frame id title><Empty label=empty_label/></Frame> }.into_any();
    }
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0);
    let value_room = bars
        .iter()
        .map(|b| text_width(&b.value.to_string()))
        .max()
        .unwrap_or(0)
        + 8;
    let full = WIDTH - value_room;
    let mut y = 0;
    let mut rows = Vec::new();
    for b in &bars {
        let (label, label_height) = text_block(wrap(&b.label, LINE_CHARS), y);
        let bar_y = y + label_height + 4;
        let w = length(b.value, max, full);
        rows.push(view! {
            {label}
            {(w > 0).then(|| view! {
                <rect class=part_class(0) x="0" y=bar_y width=w height=BAR fill=COLOURS[0]/>
            })}
            <text x={w + 6} y={bar_y + BAR / 2 + 5}>{b.value}</text>
        });
        y = bar_y + BAR + ROW_GAP;
    }
    let height = y - ROW_GAP;
    view! {
        <Frame id=id.clone() title=title.clone()>
            <Plot id title=title.clone() summary width=WIDTH height>{rows}</Plot>
            <Figures title table_label csv_href csv_label>
                <thead>
                    <tr><th scope="col">{label_header}</th><th scope="col" class="num">{unit}</th></tr>
                </thead>
                <tbody>{bar_rows(bars)}</tbody>
            </Figures>
        </Frame>
    }
    .into_any()
}

/// Horizontal bars split into parts (say, a language's translations: current, outdated, missing). Colour is
/// not the only clue: the legend and the parts go in the same order, and under each bar its parts are
/// written out by name. Other props as for `BarChart`.
#[component]
pub fn StackedBarChart(
    id: String,
    title: String,
    summary: String,
    /// The header of the table's last column, each row's total, e.g. "Total".
    total_header: String,
    part_names: Vec<String>,
    rows: Vec<Stacked>,
    csv_href: String,
    csv_label: String,
    table_label: String,
    label_header: String,
    empty_label: String,
) -> impl IntoView {
    if rows.is_empty() {
        return view! { <Frame id title><Empty label=empty_label/></Frame> }.into_any();
    }
    let parts_of = |row: &Stacked| -> Vec<i64> {
        (0..part_names.len())
            .map(|i| row.parts.get(i).copied().unwrap_or(0))
            .collect()
    };
    let sum = |parts: &[i64]| parts.iter().fold(0i64, |s, p| s.saturating_add(*p));
    let max = rows.iter().map(|r| sum(&parts_of(r))).max().unwrap_or(0);
    let value_room = rows
        .iter()
        .map(|r| text_width(&sum(&parts_of(r)).to_string()))
        .max()
        .unwrap_or(0)
        + 8;
    let full = WIDTH - value_room;
    let mut y = 0;
    let mut bars = Vec::new();
    for row in &rows {
        let parts = parts_of(row);
        let total = sum(&parts);
        let (label, label_height) = text_block(wrap(&row.label, LINE_CHARS), y);
        let bar_y = y + label_height + 4;
        let mut before = 0i64;
        let segments = parts
            .iter()
            .enumerate()
            .map(|(i, &part)| {
                let start = length(before, max, full);
                before = before.saturating_add(part.max(0));
                let w = (length(before, max, full) - start - PART_GAP).max(1);
                (part > 0).then(|| view! {
                    <rect class=part_class(i) x=start y=bar_y width=w height=BAR fill=COLOURS[i % COLOURS.len()]/>
                })
            })
            .collect::<Vec<_>>();
        // "current: 12 · outdated: 3": no-break spaces keep a name with its number when the line wraps.
        let written = part_names
            .iter()
            .zip(&parts)
            .map(|(name, part)| format!("{name}:\u{a0}{part}").replace(' ', "\u{a0}"))
            .collect::<Vec<_>>()
            .join("\u{a0}· ");
        let (breakdown, breakdown_height) = text_block(wrap(&written, LINE_CHARS), bar_y + BAR + 4);
        bars.push(view! {
            {label}
            {segments}
            <text x={length(total, max, full) + 6} y={bar_y + BAR / 2 + 5}>{total}</text>
            {breakdown}
        });
        y = bar_y + BAR + 4 + breakdown_height + ROW_GAP;
    }
    let height = y - ROW_GAP;
    let legend = part_names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            view! {
                <li>
                    <svg class="chart-swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
                        <rect class=part_class(i) width="16" height="16" fill=COLOURS[i % COLOURS.len()]/>
                    </svg>
                    {name.clone()}
                </li>
            }
        })
        .collect_view();
    let headers = part_names
        .iter()
        .map(|name| view! { <th scope="col" class="num">{name.clone()}</th> })
        .collect_view();
    let table_rows = rows
        .iter()
        .map(|row| {
            let parts = parts_of(row);
            let total = sum(&parts);
            let cells = parts
                .into_iter()
                .map(|p| view! { <td class="num">{p}</td> })
                .collect_view();
            view! { <tr>{row_header(row.label.clone(), None)}{cells}<td class="num">{total}</td></tr> }
        })
        .collect_view();
    view! {
        <Frame id=id.clone() title=title.clone()>
            <ul class="chart-legend" data-test="chart-legend">{legend}</ul>
            <Plot id title=title.clone() summary width=WIDTH height>{bars}</Plot>
            <Figures title table_label csv_href csv_label>
                <thead>
                    <tr>
                        <th scope="col">{label_header}</th>
                        {headers}
                        <th scope="col" class="num">{total_header}</th>
                    </tr>
                </thead>
                <tbody>{table_rows}</tbody>
            </Figures>
        </Frame>
    }
    .into_any()
}

/// Columns over time (months, years), each with its value above it. The scale runs from 0 to `nice_max` of
/// the largest value, marked at its top and middle. Below the axis, every n-th period is named so that the
/// names do not collide and there are at most `MAX_AXIS_LABELS`; the table has them all. Other props as for
/// `BarChart`.
#[component]
pub fn ColumnChart(
    id: String,
    title: String,
    summary: String,
    unit: String,
    /// One per period, in time order; the label is the period.
    points: Vec<Bar>,
    csv_href: String,
    csv_label: String,
    table_label: String,
    label_header: String,
    empty_label: String,
) -> impl IntoView {
    if points.is_empty() {
        return view! { <Frame id title><Empty label=empty_label/></Frame> }.into_any();
    }
    let n = points.len();
    let count = int(n);
    let max = nice_max(points.iter().map(|p| p.value).max().unwrap_or(0));
    let widest = |text: fn(&Bar) -> String| {
        points
            .iter()
            .map(|p| text_width(&text(p)))
            .max()
            .unwrap_or(0)
            + 8
    };
    let value_width = widest(|p| p.value.to_string());
    let label_width = widest(|p| p.label.clone());
    // Every value must fit over its column: many periods widen the drawing rather than crowd it.
    let slot = value_width.max(28).max(WIDTH / count);
    let step = (1..=n)
        .find(|&k| int(k) * slot >= label_width && n.div_ceil(k) <= MAX_AXIS_LABELS)
        .unwrap_or(n);
    let margin = ((label_width - slot + 1) / 2).max(4);
    let left = margin.max(text_width(&max.to_string()) + 8);
    let width = left + count * slot + margin;
    let column = (slot * 3 / 5).min(48);
    let top = LINE + 4;
    let base = top + PLOT_HEIGHT;
    let columns = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let centre = left + int(i) * slot + slot / 2;
            let h = length(p.value, max, PLOT_HEIGHT);
            let tick = (i % step == 0).then(|| {
                view! {
                    <line class="chart-axis" x1=centre y1=base x2=centre y2={base + 4} stroke="currentColor"/>
                    <text x=centre y={base + LINE + 2} text-anchor="middle">{p.label.clone()}</text>
                }
            });
            view! {
                {(h > 0).then(|| view! {
                    <rect class=part_class(0) x={centre - column / 2} y={base - h} width=column height=h fill=COLOURS[0]/>
                })}
                <text x=centre y={base - h - 6} text-anchor="middle">{p.value}</text>
                {tick}
            }
        })
        .collect_view();
    // The scale's top and middle as light lines, so the room above the columns reads as part of a scale.
    let marks = if max % 2 == 0 {
        vec![max / 2, max]
    } else {
        vec![max]
    };
    let grid = marks
        .into_iter()
        .map(|v| {
            let y = base - length(v, max, PLOT_HEIGHT);
            view! {
                <line class="chart-grid" x1=left y1=y x2={width - margin} y2=y stroke="currentColor" stroke-opacity="0.25"/>
                <text x={left - 6} y={y + 5} text-anchor="end">{v}</text>
            }
        })
        .collect_view();
    let height = base + LINE + 8;
    view! {
        <Frame id=id.clone() title=title.clone()>
            <Plot id title=title.clone() summary width height>
                {grid}
                {columns}
                <line class="chart-axis" x1=left y1=base x2={width - margin} y2=base stroke="currentColor"/>
            </Plot>
            <Figures title table_label csv_href csv_label>
                <thead>
                    <tr><th scope="col">{label_header}</th><th scope="col" class="num">{unit}</th></tr>
                </thead>
                <tbody>{bar_rows(points)}</tbody>
            </Figures>
        </Frame>
    }
    .into_any()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn bar(label: &str, value: i64) -> Bar {
        Bar {
            label: label.to_string(),
            value,
            href: None,
        }
    }

    // Without Leptos's hydration markers (`<!>`), which sit between the pieces of a list.
    fn bar_chart(bars: Vec<Bar>) -> String {
        Owner::new().with(|| {
            view! {
                <BarChart
                    id="by-theme".to_string()
                    title="Cases by theme".to_string()
                    summary="Most cases: Housing (12). 20 cases in all.".to_string()
                    unit="Cases".to_string()
                    bars
                    csv_href="/en/statistics/themes.csv".to_string()
                    csv_label="Download the data (CSV)".to_string()
                    table_label="Show the figures as a table".to_string()
                    label_header="Theme".to_string()
                    empty_label="No data yet.".to_string()
                />
            }
            .to_html()
            .replace("<!>", "")
        })
    }

    fn column_chart(points: Vec<Bar>) -> String {
        Owner::new().with(|| {
            view! {
                <ColumnChart
                    id="per-month".to_string()
                    title="Cases per month".to_string()
                    summary="Most in March.".to_string()
                    unit="Cases".to_string()
                    points
                    csv_href="/en/statistics/months.csv".to_string()
                    csv_label="Download the data (CSV)".to_string()
                    table_label="Show the figures as a table".to_string()
                    label_header="Month".to_string()
                    empty_label="No data yet.".to_string()
                />
            }
            .to_html()
            .replace("<!>", "")
        })
    }

    /// The part of `html` from the first `from` to the next `to`.
    fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
        let start = html
            .find(from)
            .unwrap_or_else(|| panic!("no {from} in {html}"));
        let rest = &html[start..];
        &rest[..rest.find(to).map_or(rest.len(), |e| e + to.len())]
    }

    #[test]
    fn axis_maxima_are_one_two_or_five_times_a_power_of_ten() {
        let cases = [
            (-3, 1),
            (0, 1),
            (1, 1),
            (2, 2),
            (3, 5),
            (7, 10),
            (10, 10),
            (13, 20),
            (51, 100),
            (101, 200),
            (4999, 5000),
        ];
        for (v, want) in cases {
            assert_eq!(nice_max(v), want, "nice_max({v})");
        }
        assert_eq!(nice_max(i64::MAX), i64::MAX);
    }

    #[test]
    fn the_table_holds_every_label_and_value_and_links_where_asked() {
        let mut housing = bar("Housing", 12);
        housing.href = Some("/en/themes/housing".to_string());
        let html = bar_chart(vec![housing, bar("Care", 5), bar("Mobility", 3)]);
        let table = between(&html, "<table", "</table>");
        for (label, value) in [("Care", 5), ("Mobility", 3)] {
            assert!(
                table.contains(&format!(
                    r#"<th scope="row">{label}</th><td class="num">{value}</td>"#
                )),
                "{table}"
            );
        }
        assert!(
            table.contains(r#"<th scope="row"><a href="/en/themes/housing">Housing</a></th><td class="num">12</td>"#),
            "{table}"
        );
        assert!(
            table.contains("<caption>Cases by theme</caption>"),
            "{table}"
        );
        assert!(
            table.contains(r#"<th scope="col">Theme</th><th scope="col" class="num">Cases</th>"#),
            "{table}"
        );
        let figures = between(&html, "<details", "</details>");
        assert!(figures.contains(r#"data-test="chart-table""#), "{figures}");
        assert!(
            figures.contains("<summary>Show the figures as a table</summary>"),
            "{figures}"
        );
        assert!(
            html.contains(r#"href="/en/statistics/themes.csv""#) && html.contains("download"),
            "{html}"
        );
    }

    #[test]
    fn the_picture_is_one_image_named_by_its_title_and_summary() {
        let html = bar_chart(vec![bar("Housing", 12), bar("Care", 0)]);
        let svg = between(&html, "<svg", "</svg>");
        assert!(svg.contains(r#"role="img""#), "{svg}");
        assert!(
            svg.contains(r#"aria-labelledby="by-theme-title by-theme-desc""#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"<title id="by-theme-title">Cases by theme</title>"#),
            "{svg}"
        );
        assert!(
            svg.contains(
                r#"<desc id="by-theme-desc">Most cases: Housing (12). 20 cases in all.</desc>"#
            ),
            "{svg}"
        );
        assert!(svg.contains(r#"viewBox="0 0 360 "#), "{svg}");
        // The value is written at the end of its bar; a 0 has no bar but still its number.
        assert_eq!(svg.matches("<rect").count(), 1, "{svg}");
        assert!(
            svg.contains(">12</text>") && svg.contains(">0</text>"),
            "{svg}"
        );
        assert!(
            html.contains(r#"data-test="chart" id="by-theme""#)
                && html.contains("<figcaption>Cases by theme</figcaption><svg"),
            "{html}"
        );
    }

    #[test]
    fn labels_are_escaped() {
        let html = bar_chart(vec![bar("Rent < income & <b>care</b>", 4)]);
        assert!(!html.contains("<b>"), "{html}");
        assert!(
            html.contains("Rent &lt; income &amp; &lt;b&gt;care&lt;/b&gt;"),
            "{html}"
        );
    }

    #[test]
    fn no_data_says_so_instead_of_an_empty_picture() {
        let html = bar_chart(vec![]);
        assert!(html.contains("No data yet."), "{html}");
        assert!(!html.contains("<svg") && !html.contains("<table"), "{html}");
    }

    #[test]
    fn stacked_parts_are_named_in_a_legend_in_each_row_and_in_the_table() {
        let html = Owner::new().with(|| {
            view! {
                <StackedBarChart
                    id="translations".to_string()
                    title="Translations by language".to_string()
                    summary="Dutch is the most complete.".to_string()
                    total_header="Total".to_string()
                    part_names=vec!["current".to_string(), "outdated".to_string(), "not translated".to_string()]
                    rows=vec![
                        Stacked { label: "Dutch".to_string(), parts: vec![12, 3, 5] },
                        Stacked { label: "German".to_string(), parts: vec![4] },
                    ]
                    csv_href="/en/statistics/translations.csv".to_string()
                    csv_label="Download the data (CSV)".to_string()
                    table_label="Show the figures as a table".to_string()
                    label_header="Language".to_string()
                    empty_label="No data yet.".to_string()
                />
            }
            .to_html()
            .replace("<!>", "")
        });
        let legend = between(&html, "<ul", "</ul>");
        for name in ["current", "outdated", "not translated"] {
            assert!(legend.contains(name), "{legend}");
        }
        let svg = between(&html, r#"role="img""#, "</svg>");
        assert!(
            svg.contains(
                "current:\u{a0}12\u{a0}· outdated:\u{a0}3\u{a0}· not\u{a0}translated:\u{a0}5"
            ),
            "{svg}"
        );
        assert!(
            svg.contains(">20</text>") && svg.contains("current:\u{a0}4"),
            "{svg}"
        );
        let table = between(&html, "<table", "</table>");
        assert!(
            table.contains(r#"<th scope="row">Dutch</th><td class="num">12</td><td class="num">3</td><td class="num">5</td><td class="num">20</td>"#),
            "{table}"
        );
        assert!(
            table.contains(r#"<th scope="row">German</th><td class="num">4</td><td class="num">0</td><td class="num">0</td><td class="num">4</td>"#),
            "{table}"
        );
        assert!(
            table.contains(r#"<th scope="col" class="num">not translated</th>"#),
            "{table}"
        );
    }

    #[test]
    fn many_periods_label_every_nth_on_the_axis_but_every_value() {
        let points = (1..=24)
            .map(|m| bar(&format!("2024-{m:02}"), m * 10))
            .collect::<Vec<_>>();
        let html = column_chart(points);
        let svg = between(&html, "<svg", "</svg>");
        let axis_labels = svg.matches(r#"text-anchor="middle">2024-"#).count();
        assert!(
            (1..=12).contains(&axis_labels),
            "{axis_labels} labels: {svg}"
        );
        for m in 1..=24 {
            assert!(
                svg.contains(&format!(">{}</text>", m * 10)),
                "value {m}: {svg}"
            );
        }
        let table = between(&html, "<table", "</table>");
        assert_eq!(
            table.matches(r#"<th scope="row">2024-"#).count(),
            24,
            "{table}"
        );
    }

    #[test]
    fn few_short_periods_are_all_labelled() {
        let html = column_chart(vec![bar("2023", 7), bar("2024", 13), bar("2025", 0)]);
        let svg = between(&html, "<svg", "</svg>");
        for year in ["2023", "2024", "2025"] {
            assert!(
                svg.contains(&format!(r#"text-anchor="middle">{year}</text>"#)),
                "{svg}"
            );
        }
        assert_eq!(svg.matches("<rect").count(), 2, "{svg}");
    }

    #[test]
    fn long_labels_wrap_at_spaces() {
        assert_eq!(wrap("a bb ccc", 4), vec!["a bb", "ccc"]);
        assert_eq!(wrap("unbreakable", 4), vec!["unbreakable"]);
        assert_eq!(wrap("", 4), vec![""]);
        assert_eq!(wrap("x\u{a0}y z", 3), vec!["x\u{a0}y", "z"]);
    }

    #[test]
    fn summary_helpers() {
        let bars = vec![bar("a", 3), bar("b", 9), bar("c", 9)];
        assert_eq!(total(&bars), 21);
        assert_eq!(largest(&bars).map(|b| b.label.as_str()), Some("b"));
        assert_eq!(largest(&[]), None);
    }
}
