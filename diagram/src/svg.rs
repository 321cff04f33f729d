//! The data-flow diagram as a standalone SVG document, laid out and drawn by
//! tmc itself, so `tmc dfd --format svg` gives a picture without Graphviz.
//!
//! Why no layout crate: `layout-rs` 0.1.3 (lib `layout`, the one
//! maintained Sugiyama-style layout of DOT graphs on crates.io) was
//! evaluated on examples/webapp.tm. Its DOT builder flattens `subgraph
//! cluster_*` blocks, so boundaries are lost, and its placement interleaves
//! the elements of different boundaries, so rectangles drawn around its
//! node positions afterwards would enclose foreign elements; it also has
//! no cylinders, rounded boxes or graph title. The other layered-layout
//! crates (`rust-sugiyama`, the young `dagre` ports) have no clusters or
//! edge labels either. Boundaries that enclose exactly their elements need
//! them in the layout itself, so this module carries its own compact
//! layered layout, in the manner of Graphviz `dot` with `rankdir = LR`:
//!
//! 1. Cycles are broken by a depth-first search that follows requests
//!    before responses, so responses are the flows drawn backwards.
//! 2. Ranks (columns): longest path, every flow two ranks long so that its
//!    label gets a column of its own between its ends; sources are pulled
//!    next to their successors.
//! 3. A flow gets a dummy item in every column it crosses; one of them is
//!    its label. A dummy belongs to the deepest boundary that spans its
//!    column on the side of the nearer end, so flows leave boundaries
//!    through their sides.
//! 4. Order within columns: barycenter sweeps that sort the boundary tree
//!    as a whole (a boundary is one block among its siblings, in every
//!    column at once), so boundaries stay contiguous and never interleave;
//!    the order with the fewest crossings is kept. Big diagrams get fewer
//!    sweeps, so the work stays near-linear.
//! 5. Vertical positions, bottom-up over the boundary tree: the children of
//!    a boundary (elements, dummies, inner boundaries as rigid blocks) get
//!    separation constraints between neighbours in each column and are
//!    pulled towards the items they are connected to by a projection onto
//!    those constraints (the "satisfy" step of VPSC). Then top-down, each
//!    boundary's content is placed again towards its outside neighbours,
//!    within its box.
//! 6. Columns are as wide as their widest item, with room between them for
//!    the boundaries' padding. A boundary spans whole columns, so its
//!    rectangle holds exactly its own items.
//!
//! Flows run horizontally through columns and as Bézier curves in the gaps
//! between them, so they never cross an element or a label.
//!
//! The layered layout's work grows faster than the diagram: a flow costs
//! an item per column it crosses (1,000 elements and 5,000 flows can make
//! two million), an item costs again for each boundary around it, and the
//! projection looks at a block's constraints again each time the block
//! grows. So it has a budget (`Budget`), counted in items and solver
//! steps, never in time: the items are counted before any is made, from
//! the columns, and the steps as the solver takes them. Past either, the
//! diagram is drawn as an overview instead (`overview`: a grid per
//! boundary, one line per pair of elements), in time and memory linear in
//! the diagram. Diagrams within the budget are laid out as before it
//! existed. Text widths
//! are estimated from Helvetica's metrics with some slack for wider
//! fallback fonts. Output is deterministic: no hashing order, fixed
//! iteration counts, numbers rounded to one decimal. Every id in the
//! document starts with `tmc-` (`tmc-elements`, `tmc-element-web`, ...),
//! so the SVG can be put inline in a page whose own ids it cannot take.

mod overview;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt::{self, Write};

use crate::ir::{
    severity_color, wrap, Dfd, Edge, Mark, Shape, DIM_COLOR, DIM_TEXT, PATH_COLOR, WEAKEST_COLOR,
};

const FONT_FAMILY: &str = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";
const NODE_SIZE: f64 = 13.0;
const EDGE_SIZE: f64 = 12.0;
const CLUSTER_SIZE: f64 = 12.0;
const TITLE_SIZE: f64 = 18.0;
const LEGEND_SIZE: f64 = 12.0;
/// Line height as a multiple of the font size.
const LINE: f64 = 1.25;
/// Characters per line: node labels as in the DOT output, then flows and
/// boundaries.
const NODE_WRAP: usize = 18;
const EDGE_WRAP: usize = 26;
const CLUSTER_WRAP: usize = 36;

const MARGIN: f64 = 24.0;
/// Horizontal room between two columns, for the curves.
const COL_GAP: f64 = 34.0;
/// Boundary padding: sides, and below the content.
const BPAD: f64 = 14.0;
const BPAD_BOTTOM: f64 = 12.0;
/// Half the vertical distance kept between an item and its neighbour.
const NODE_MARGIN: f64 = 13.0;
const LABEL_MARGIN: f64 = 5.0;
const DUMMY_MARGIN: f64 = 5.0;
const CLUSTER_MARGIN: f64 = 9.0;
/// The datastore cylinder's cap (vertical radius).
const CAP: f64 = 7.0;
/// Height of a self-loop above its element.
const LOOP_H: f64 = 22.0;
/// Rounds of the position solver per boundary.
const PLACE_ROUNDS: usize = 24;
/// Barycenter sweeps (each down or up): at most this many, fewer for big
/// diagrams (about this many item moves in all), and none after this many
/// without fewer crossings.
const ORDER_SWEEPS: usize = 24;
const ORDER_WORK: usize = 10_000_000;
const ORDER_PATIENCE: usize = 6;

const EDGE_COLOR: &str = "#555555";
const NODE_STROKE: &str = "#333333";
const BOUNDARY_COLOR: &str = "#c0392b";
const TEXT_COLOR: &str = "#1a1a1a";

/// The diagram as a complete SVG document.
pub fn render(dfd: &Dfd) -> String {
    document(dfd, &layout(dfd))
}

/// The SVG document of `dfd` laid out as `l`.
fn document(dfd: &Dfd, l: &Layout) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{}\" font-size=\"{}\" fill=\"{TEXT_COLOR}\">",
        esc(FONT_FAMILY),
        F(NODE_SIZE),
        w = F(l.width),
        h = F(l.height),
    );
    let _ = writeln!(out, "  <title>{}</title>", esc(&dfd.title));
    out.push_str("  <desc>Data-flow diagram drawn by tmc</desc>\n");
    out.push_str("  <defs>\n");
    let _ = writeln!(
        out,
        "    <marker id=\"tmc-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"10\" markerHeight=\"10\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"><path d=\"M0 1L10 5L0 9z\" fill=\"{EDGE_COLOR}\"/></marker>"
    );
    if dfd.highlight.is_some() {
        for mark in [Mark::On, Mark::Weakest, Mark::Dimmed] {
            let (suffix, color, _, _) = flow_look(mark);
            let _ = writeln!(
                out,
                "    <marker id=\"tmc-arrow{suffix}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"12\" markerHeight=\"12\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"><path d=\"M0 1L10 5L0 9z\" fill=\"{color}\"/></marker>"
            );
        }
    }
    out.push_str("  </defs>\n");
    out.push_str("  <rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    let _ = writeln!(
        out,
        "  <text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"bold\">{}</text>",
        F(MARGIN),
        F(MARGIN + TITLE_SIZE * 0.8),
        F(TITLE_SIZE),
        esc(&dfd.title)
    );

    out.push_str("  <g id=\"tmc-boundaries\">\n");
    for (c, r) in dfd.clusters.iter().zip(&l.drawn.clusters) {
        let _ = writeln!(
            out,
            "    <rect id=\"tmc-boundary-{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"none\" stroke=\"{BOUNDARY_COLOR}\" stroke-width=\"1.4\" stroke-dasharray=\"7 4\"><title>{} (trust boundary)</title></rect>",
            esc(&c.id),
            F(r.x),
            F(r.y),
            F(r.w),
            F(r.h),
            esc(&c.label)
        );
    }
    out.push_str("  </g>\n");

    out.push_str("  <g id=\"tmc-flows\" fill=\"none\">\n");
    for draw in &l.drawn.flows {
        let (suffix, color, width, dash) = flow_look(draw.mark);
        let mut attrs = String::new();
        match (dash, draw.dashed) {
            (Some(dash), _) => {
                let _ = write!(
                    attrs,
                    " stroke-dasharray=\"{dash}\" stroke-linecap=\"round\""
                );
            }
            (None, true) => attrs.push_str(" stroke-dasharray=\"6 4\""),
            (None, false) => {}
        }
        if draw.start_arrow {
            let _ = write!(attrs, " marker-start=\"url(#tmc-arrow{suffix})\"");
        }
        if draw.end_arrow {
            let _ = write!(attrs, " marker-end=\"url(#tmc-arrow{suffix})\"");
        }
        if let Some(name) = mark_name(draw.mark) {
            let _ = write!(attrs, " data-tmc-mark=\"{name}\"");
        }
        let _ = writeln!(
            out,
            "    <path id=\"tmc-{}\" d=\"{}\" stroke=\"{color}\" stroke-width=\"{}\"{attrs}><title>{}</title></path>",
            esc(&draw.id),
            draw.path,
            F(draw.width.max(width)),
            esc(&draw.title)
        );
    }
    out.push_str("  </g>\n");

    out.push_str("  <g id=\"tmc-elements\">\n");
    let d = &l.drawn;
    for (n, (r, t)) in dfd.nodes.iter().zip(d.nodes.iter().zip(&d.node_text)) {
        let fill = if n.colored {
            severity_color(n.severity.as_ref().map(|(rank, _)| *rank))
        } else {
            "#ffffff"
        };
        let mut tip = format!("{} ({})", n.label, n.kind);
        if let Some((_, sev)) = n.colored.then_some(n.severity.as_ref()).flatten() {
            tip.push_str(&format!("\nworst finding: {sev}"));
        }
        let mark = dfd.node_mark(&n.id);
        let (stroke, width, text_fill) = node_look(mark);
        match mark_name(mark) {
            Some(name) => {
                let _ = writeln!(
                    out,
                    "    <g id=\"tmc-element-{}\" data-tmc-mark=\"{name}\">",
                    esc(&n.id)
                );
            }
            None => {
                let _ = writeln!(out, "    <g id=\"tmc-element-{}\">", esc(&n.id));
            }
        }
        let _ = writeln!(out, "      <title>{}</title>", esc(&tip));
        let style = format!("fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\"");
        let text_mid = match n.shape {
            Shape::Entity => {
                let _ = writeln!(
                    out,
                    "      <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {style}/>",
                    F(r.x),
                    F(r.y),
                    F(r.w),
                    F(r.h)
                );
                r.y + r.h / 2.0
            }
            Shape::Process => {
                let _ = writeln!(
                    out,
                    "      <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" {style}/>",
                    F(r.x),
                    F(r.y),
                    F(r.w),
                    F(r.h),
                    F((r.h / 2.0).min(12.0))
                );
                r.y + r.h / 2.0
            }
            Shape::Store => {
                let rx = r.w / 2.0;
                let _ = writeln!(
                    out,
                    "      <path d=\"M{x} {t}V{b}A{rx} {CAPF} 0 0 0 {xr} {b}V{t}Z\" {style}/>",
                    x = F(r.x),
                    t = F(r.y + CAP),
                    b = F(r.bottom() - CAP),
                    rx = F(rx),
                    xr = F(r.right()),
                    CAPF = F(CAP),
                );
                let _ = writeln!(
                    out,
                    "      <ellipse cx=\"{}\" cy=\"{}\" rx=\"{}\" ry=\"{}\" {style}/>",
                    F(r.x + rx),
                    F(r.y + CAP),
                    F(rx),
                    F(CAP)
                );
                r.y + r.h / 2.0 + CAP / 2.0
            }
        };
        let attrs = text_fill.map_or(String::new(), |c| format!(" fill=\"{c}\""));
        text_block(
            &mut out,
            "      ",
            t,
            r.x + r.w / 2.0,
            text_mid - t.h / 2.0,
            &attrs,
        );
        out.push_str("    </g>\n");
    }
    out.push_str("  </g>\n");

    out.push_str("  <g id=\"tmc-labels\">\n");
    const HALO: &str =
        " stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"";
    for (r, t) in &d.cluster_labels {
        let attrs = format!(" fill=\"{BOUNDARY_COLOR}\"{HALO}");
        text_block(&mut out, "    ", t, r.x + r.w / 2.0, r.y, &attrs);
    }
    for draw in &d.flows {
        let Some((r, t)) = draw.label.as_ref() else {
            continue;
        };
        let fill = match draw.mark {
            Mark::Weakest => WEAKEST_COLOR,
            Mark::Dimmed => DIM_TEXT,
            Mark::Plain | Mark::On | Mark::End => TEXT_COLOR,
        };
        let attrs = format!(" fill=\"{fill}\"{HALO}");
        text_block(&mut out, "    ", t, r.x + r.w / 2.0, r.y, &attrs);
    }
    out.push_str("  </g>\n");

    if let Some(legend) = &l.legend {
        out.push_str("  <g id=\"tmc-legend\">\n");
        let y = legend.y;
        let _ = writeln!(
            out,
            "    <text x=\"{}\" y=\"{}\" font-size=\"{}\">Worst finding:</text>",
            F(MARGIN),
            F(y + 11.0),
            F(LEGEND_SIZE)
        );
        for (x, rank, label) in &legend.entries {
            let _ = writeln!(
                out,
                "    <rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"{}\" stroke=\"{NODE_STROKE}\" stroke-width=\"1\"/>",
                F(*x),
                F(y),
                severity_color(*rank)
            );
            let _ = writeln!(
                out,
                "    <text x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>",
                F(x + 19.0),
                F(y + 11.0),
                F(LEGEND_SIZE),
                esc(label)
            );
        }
        out.push_str("  </g>\n");
    }
    out.push_str("</svg>\n");
    out
}

/// How a flow with this mark is drawn: its arrowhead's id suffix, its
/// colour, its least width and its own dashes (which replace a
/// response's).
fn flow_look(mark: Mark) -> (&'static str, &'static str, f64, Option<&'static str>) {
    match mark {
        Mark::Plain => ("", EDGE_COLOR, 0.0, None),
        Mark::On | Mark::End => ("-path", PATH_COLOR, 2.6, None),
        Mark::Weakest => ("-weakest", WEAKEST_COLOR, 3.5, Some("1 6")),
        Mark::Dimmed => ("-dim", DIM_COLOR, 0.0, None),
    }
}

/// How an element with this mark is drawn: its outline's colour and
/// width, and its text's colour when not the default.
fn node_look(mark: Mark) -> (&'static str, &'static str, Option<&'static str>) {
    match mark {
        Mark::Plain | Mark::Weakest => (NODE_STROKE, "1.2", None),
        Mark::On => (PATH_COLOR, "2.4", None),
        Mark::End => (PATH_COLOR, "4", None),
        Mark::Dimmed => (DIM_COLOR, "1.2", Some(DIM_TEXT)),
    }
}

/// The `data-tmc-mark` of a highlighted diagram's element or flow, for
/// scripts and tests; none on a plain diagram.
fn mark_name(mark: Mark) -> Option<&'static str> {
    match mark {
        Mark::Plain => None,
        Mark::On => Some("path"),
        Mark::End => Some("end"),
        Mark::Weakest => Some("weakest"),
        Mark::Dimmed => Some("dimmed"),
    }
}

/// Lines of text centred on `cx`, the first line's top at `top`.
fn text_block(out: &mut String, indent: &str, t: &Text, cx: f64, top: f64, attrs: &str) {
    let weight = if t.bold { " font-weight=\"bold\"" } else { "" };
    let _ = write!(
        out,
        "{indent}<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\"{weight}{attrs}>",
        F(cx),
        F(top + baseline(t.size)),
        F(t.size)
    );
    for (i, line) in t.lines.iter().enumerate() {
        if i == 0 {
            out.push_str(&esc(line));
        } else {
            let _ = write!(
                out,
                "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
                F(cx),
                F(t.size * LINE),
                esc(line)
            );
        }
    }
    out.push_str("</text>\n");
}

/// Distance from a line's top to its baseline.
fn baseline(size: f64) -> f64 {
    size * (LINE - 1.0) / 2.0 + size * 0.8
}

/// XML text and attribute escaping (`xml`).
fn esc(text: &str) -> String {
    crate::xml::text(text)
}

/// A coordinate, rounded to one decimal, without a trailing `.0` or `-0`.
struct F(f64);

impl fmt::Display for F {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = (self.0 * 10.0).round() as i64;
        if tenths < 0 {
            f.write_str("-")?;
        }
        let a = tenths.unsigned_abs();
        if a.is_multiple_of(10) {
            write!(f, "{}", a / 10)
        } else {
            write!(f, "{}.{}", a / 10, a % 10)
        }
    }
}

// ---------------------------------------------------------------- text

/// Wrapped text and its estimated size.
#[derive(Clone, Debug)]
struct Text {
    lines: Vec<String>,
    size: f64,
    bold: bool,
    w: f64,
    h: f64,
}

fn text(s: &str, width: usize, size: f64, bold: bool) -> Text {
    let lines = wrap(s, width);
    let w = lines
        .iter()
        .map(|l| text_width(l, size, bold))
        .fold(0.0, f64::max);
    let h = lines.len() as f64 * size * LINE;
    Text {
        lines,
        size,
        bold,
        w,
        h,
    }
}

/// Helvetica advance widths of ' '..='~' in 1/1000 em.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, // ' '..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // '0'..'9'
    278, 278, 584, 584, 584, 556, 1015, // ':'..'@'
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // 'A'..'M'
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // 'N'..'Z'
    278, 278, 278, 469, 556, 333, // '['..'`'
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // 'a'..'m'
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // 'n'..'z'
    334, 260, 334, 584, // '{'..'~'
];

/// Estimated width of one line: Helvetica, widened by a tenth so that a
/// wider fallback font (DejaVu Sans) still fits.
fn text_width(s: &str, size: f64, bold: bool) -> f64 {
    let units: u32 = s
        .chars()
        .map(|c| match c {
            ' '..='~' => u32::from(HELVETICA[c as usize - 32]),
            '\u{1100}'..='\u{115f}'
            | '\u{2e80}'..='\u{a4cf}'
            | '\u{ac00}'..='\u{d7a3}'
            | '\u{f900}'..='\u{faff}'
            | '\u{fe30}'..='\u{fe4f}'
            | '\u{ff00}'..='\u{ff60}'
            | '\u{ffe0}'..='\u{ffe6}'
            | '\u{1f300}'..='\u{1faff}'
            | '\u{20000}'..='\u{3fffd}' => 1000,
            c if (c as u32) < 0x20 => 0,
            _ => 620,
        })
        .sum();
    let bold = if bold { 1.07 } else { 1.0 };
    f64::from(units) * size / 1000.0 * 1.1 * bold
}

// -------------------------------------------------------------- layout

#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn right(&self) -> f64 {
        self.x + self.w
    }

    fn bottom(&self) -> f64 {
        self.y + self.h
    }
}

/// Where everything goes.
#[derive(Debug)]
struct Layout {
    width: f64,
    height: f64,
    drawn: Drawn,
    legend: Option<Legend>,
}

/// What a layout places: the diagram without its frame (size, legend).
#[derive(Debug)]
struct Drawn {
    /// Per `Dfd::nodes`: the shape's box.
    nodes: Vec<Rect>,
    node_text: Vec<Text>,
    /// Per `Dfd::clusters`.
    clusters: Vec<Rect>,
    cluster_labels: Vec<(Rect, Text)>,
    /// The lines drawn for the flows, in drawing order.
    flows: Vec<FlowDraw>,
}

impl Layout {
    /// `drawn` on a canvas reaching `right` and `bottom`, with room for
    /// the title and, when the elements are coloured, the legend below.
    fn framed(dfd: &Dfd, right: f64, bottom: f64, drawn: Drawn) -> Layout {
        let title_w = text_width(&dfd.title, TITLE_SIZE, true);
        let mut width = (right + MARGIN).max(title_w + 2.0 * MARGIN);
        let mut height = bottom + MARGIN;
        let legend = if dfd.nodes.iter().any(|nd| nd.colored) {
            let mut sev: Vec<(usize, &str)> =
                dfd.nodes.iter().filter_map(|nd| nd.severity).collect();
            sev.sort();
            sev.dedup_by(|a, b| a.0 == b.0);
            let mut x = MARGIN + text_width("Worst finding:", LEGEND_SIZE, false) + 12.0;
            let mut entries = vec![(x, None, "none".to_string())];
            x += 19.0 + text_width("none", LEGEND_SIZE, false) + 16.0;
            for (rank, label) in sev {
                let w = text_width(label, LEGEND_SIZE, false);
                entries.push((x, Some(rank), label.to_string()));
                x += 19.0 + w + 16.0;
            }
            width = width.max(x + MARGIN);
            let y = height;
            height += 14.0 + MARGIN;
            Some(Legend { y, entries })
        } else {
            None
        };
        Layout {
            width: width.ceil(),
            height: height.ceil(),
            drawn,
            legend,
        }
    }
}

/// One line drawn for one flow, or (in the overview) for every flow
/// between two elements.
#[derive(Debug)]
struct FlowDraw {
    /// The SVG id after `tmc-`: `flow-<flow id>`.
    id: String,
    /// The tooltip: the flow's label, or the labels of a bundle.
    title: String,
    /// SVG path data.
    path: String,
    /// Drawn dashed: a response.
    dashed: bool,
    /// How a highlight draws it (`Mark::Plain` without one).
    mark: Mark,
    /// Stroke width.
    width: f64,
    start_arrow: bool,
    end_arrow: bool,
    /// Text drawn on the canvas, from the top of its box.
    label: Option<(Rect, Text)>,
}

impl FlowDraw {
    /// The line of one flow, with its label.
    fn one(
        edge: &Edge,
        mark: Mark,
        path: String,
        label: (Rect, Text),
        start_arrow: bool,
        end_arrow: bool,
    ) -> FlowDraw {
        FlowDraw {
            id: format!("flow-{}", edge.id),
            title: edge.label.clone(),
            path,
            dashed: edge.is_response,
            mark,
            width: 1.3,
            start_arrow,
            end_arrow,
            label: Some(label),
        }
    }
}

#[derive(Debug)]
struct Legend {
    y: f64,
    /// Swatch x, severity rank, label.
    entries: Vec<(f64, Option<usize>, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// An element: `Dfd::nodes[i]`.
    Node(usize),
    /// The label of `Dfd::edges[e]`, where the flow crosses its column.
    Label(usize),
    /// Where a flow crosses a column elsewhere.
    Dummy,
    /// Holds the place of an empty boundary.
    Phantom,
}

/// Something with a place in a column.
#[derive(Clone, Debug)]
struct Item {
    kind: Kind,
    rank: usize,
    cluster: Option<usize>,
    w: f64,
    h: f64,
    /// Where flows attach, down from the top.
    port: f64,
    /// Half the vertical gap to keep to a neighbour.
    margin: f64,
    /// The top: relative to the enclosing boundary while placing
    /// bottom-up, absolute afterwards.
    y: f64,
}

/// A piece of flow between adjacent columns: `a` in rank r, `b` in r + 1.
#[derive(Clone, Copy, Debug)]
struct Seg {
    a: usize,
    b: usize,
    weight: f64,
}

/// One flow through the columns, in layout order (left to right).
#[derive(Clone, Debug)]
struct Chain {
    edge: usize,
    items: Vec<usize>,
    /// Drawn right to left: the flow's sink is `items[0]`.
    reversed: bool,
}

#[derive(Clone, Copy, Debug)]
enum Child {
    Item(usize),
    Cluster(usize),
}

/// Per node of the boundary tree (index 0: the diagram, c + 1: cluster c).
struct Tree {
    /// The clusters directly inside.
    kids: Vec<Vec<usize>>,
    /// The items directly inside.
    direct: Vec<Vec<usize>>,
    /// Every item in the subtree.
    sub: Vec<Vec<usize>>,
    /// Every cluster in the subtree, itself included.
    csub: Vec<Vec<usize>>,
}

struct Engine {
    items: Vec<Item>,
    segs: Vec<Seg>,
    nranks: usize,
    /// Global order: items sorted by it give every column top to bottom.
    pos: Vec<usize>,
    /// Per tree node: its children in that order.
    rows: Vec<Vec<Child>>,
    span: Vec<(usize, usize)>,
    tree: Tree,
    /// Per tree node: room above the content (title, boundary label).
    pad_top: Vec<f64>,
    ctop: Vec<f64>,
    cheight: Vec<f64>,
    root_height: f64,
    /// Per item: the segments that start or end at it, in `segs` order.
    item_segs: Vec<Vec<usize>>,
    /// Per item: the child of the tree node being placed that holds it
    /// (`usize::MAX`: none). Kept between calls so that placing a small
    /// boundary costs nothing for the rest of the diagram.
    owner: Vec<usize>,
    /// What is left of the position solver's budget.
    steps: usize,
}

/// A pull on a child of the boundary being placed, towards a flow's other
/// end: (the child holding that end, or `None` when it is outside; that
/// end's y, relative to its child's top, or to the top of the content when
/// outside; the pulled end's y relative to the pulled child's top; the
/// pull's weight).
type Wish = (Option<usize>, f64, f64, f64);

fn tix(c: Option<usize>) -> usize {
    c.map_or(0, |c| c + 1)
}

fn layout(dfd: &Dfd) -> Layout {
    layout_within(dfd, Budget::of(dfd))
}

/// `layout` within `budget`: layered while the work fits, else the
/// overview.
fn layout_within(dfd: &Dfd, budget: Budget) -> Layout {
    let g = Graph::of(dfd);
    layered(dfd, &g, budget).unwrap_or_else(|OverBudget| overview::layout(dfd, &g))
}

/// How much work the layered layout may do before the overview is drawn
/// instead. Counted in steps of the algorithm, never in time, so that a
/// diagram comes out the same on every machine.
#[derive(Clone, Copy, Debug)]
struct Budget {
    /// Item moves of the column ordering before it moves every column
    /// at once (`Engine::order`); this only changes how it orders.
    order: usize,
    /// Items, counted before any is made: one per element, per empty
    /// boundary's placeholder and per column a flow crosses, and one
    /// `LEVELS_PER_ITEM`th per column a boundary spans and per boundary
    /// around an item (what placing the boundary tree reads and moves).
    items: usize,
    /// Constraints the position solver looks at, counted as it runs.
    steps: usize,
}

/// Items allowed per element, flow and boundary of the diagram, at least
/// `ITEMS_MIN` and at most `ITEMS_MAX` in all; columns and levels of
/// nesting per item; solver steps per item allowed.
const ITEMS_PER_OBJECT: usize = 8;
const ITEMS_MIN: usize = 20_000;
const ITEMS_MAX: usize = 100_000;
const LEVELS_PER_ITEM: usize = 16;
const STEPS_PER_ITEM: usize = 3_000;

impl Budget {
    fn of(dfd: &Dfd) -> Budget {
        let objects = dfd.nodes.len() + dfd.edges.len() + dfd.clusters.len();
        let items = objects
            .saturating_mul(ITEMS_PER_OBJECT)
            .clamp(ITEMS_MIN, ITEMS_MAX);
        Budget {
            order: ORDER_WORK,
            items,
            steps: items * STEPS_PER_ITEM,
        }
    }
}

/// The layered layout would do more work than its budget allows.
#[derive(Debug)]
struct OverBudget;

/// What both layouts read: the elements by index, the flows between
/// them, the boundary tree and each element's column.
struct Graph {
    /// (edge, source, sink) of the flows between drawn elements.
    flows: Vec<(usize, usize, usize)>,
    node_text: Vec<Text>,
    /// Width and height of each element's shape.
    node_size: Vec<(f64, f64)>,
    /// Per cluster: the enclosing one, always of a lower index.
    parent: Vec<Option<usize>>,
    /// Per element: its boundary.
    node_cluster: Vec<Option<usize>>,
    /// Per element: its self-loops.
    loops: Vec<Vec<usize>>,
    /// The other flows, left end first: (edge, left end, right end,
    /// drawn backwards).
    oriented: Vec<(usize, usize, usize, bool)>,
    /// Per element: its column (even; odd ones hold the flows' labels).
    rank: Vec<usize>,
}

impl Graph {
    fn of(dfd: &Dfd) -> Graph {
        let n = dfd.nodes.len();
        let nc = dfd.clusters.len();
        let index: HashMap<&str, usize> = dfd
            .nodes
            .iter()
            .enumerate()
            .map(|(i, node)| (node.id.as_str(), i))
            .collect();
        let flows: Vec<(usize, usize, usize)> = dfd
            .edges
            .iter()
            .enumerate()
            .filter_map(|(e, edge)| {
                Some((
                    e,
                    *index.get(edge.from.as_str())?,
                    *index.get(edge.to.as_str())?,
                ))
            })
            .collect();
        let node_text: Vec<Text> = dfd
            .nodes
            .iter()
            .map(|nd| text(&nd.label, NODE_WRAP, NODE_SIZE, false))
            .collect();
        let node_size: Vec<(f64, f64)> = dfd
            .nodes
            .iter()
            .zip(&node_text)
            .map(|(nd, t)| {
                let w = (t.w + 28.0).max(88.0).round();
                let mut h = (t.h + 18.0).max(38.0).round();
                if nd.shape == Shape::Store {
                    h += 2.0 * CAP;
                }
                (w, h)
            })
            .collect();
        let parent: Vec<Option<usize>> = dfd
            .clusters
            .iter()
            .enumerate()
            .map(|(i, c)| c.parent.filter(|&p| p < i))
            .collect();
        let node_cluster: Vec<Option<usize>> = dfd
            .nodes
            .iter()
            .map(|nd| nd.cluster.filter(|&c| c < nc))
            .collect();

        // Self-loops sit on top of their element.
        let mut loops: Vec<Vec<usize>> = vec![Vec::new(); n];
        for &(e, u, v) in &flows {
            if u == v {
                loops[u].push(e);
            }
        }
        let links: Vec<(usize, usize, usize)> =
            flows.iter().copied().filter(|&(_, u, v)| u != v).collect();
        let reversed = break_cycles(n, &links, dfd);
        let oriented: Vec<(usize, usize, usize, bool)> = links
            .iter()
            .zip(&reversed)
            .map(|(&(e, u, v), &r)| if r { (e, v, u, true) } else { (e, u, v, false) })
            .collect();
        let rank = rank_nodes(n, nc, &oriented, &node_cluster);
        Graph {
            flows,
            node_text,
            node_size,
            parent,
            node_cluster,
            loops,
            oriented,
            rank,
        }
    }
}

/// The layered layout (see the module's documentation), or `OverBudget`
/// as soon as it is known to need more work than `budget` allows.
fn layered(dfd: &Dfd, g: &Graph, budget: Budget) -> Result<Layout, OverBudget> {
    let n = dfd.nodes.len();
    let nc = dfd.clusters.len();
    let Graph {
        node_text,
        parent,
        node_cluster,
        loops,
        oriented,
        rank,
        ..
    } = g;
    let mut node_size = g.node_size.clone();
    let edge_text: Vec<Text> = dfd
        .edges
        .iter()
        .map(|e| text(&e.label, EDGE_WRAP, EDGE_SIZE, false))
        .collect();

    let mut items: Vec<Item> = (0..n)
        .map(|i| {
            let (w, h) = node_size[i];
            let (lw, lh) = loop_room(&loops[i], &edge_text);
            Item {
                kind: Kind::Node(i),
                rank: rank[i],
                cluster: node_cluster[i],
                w: w.max(lw),
                h: h + lh,
                port: lh + h / 2.0,
                margin: NODE_MARGIN,
                y: 0.0,
            }
        })
        .collect();

    // Empty boundaries get a phantom item at their parent's first rank.
    let mut min_rank: Vec<Option<usize>> = vec![None; nc];
    for i in 0..n {
        let mut at = node_cluster[i];
        while let Some(c) = at {
            min_rank[c] = Some(min_rank[c].map_or(rank[i], |m: usize| m.min(rank[i])));
            at = parent[c];
        }
    }
    for c in 0..nc {
        if min_rank[c].is_none() {
            let mut at = parent[c];
            let mut r = 0;
            while let Some(p) = at {
                if let Some(m) = min_rank[p] {
                    r = m;
                    break;
                }
                at = parent[p];
            }
            items.push(Item {
                kind: Kind::Phantom,
                rank: r,
                cluster: Some(c),
                w: 40.0,
                h: 12.0,
                port: 6.0,
                margin: DUMMY_MARGIN,
                y: 0.0,
            });
        }
    }
    let mut span: Vec<(usize, usize)> = vec![(usize::MAX, 0); nc];
    for it in &items {
        let mut at = it.cluster;
        while let Some(c) = at {
            span[c] = (span[c].0.min(it.rank), span[c].1.max(it.rank));
            at = parent[c];
        }
    }
    for s in &mut span {
        if s.0 == usize::MAX {
            *s = (0, 0);
        }
    }

    // The work ahead, counted before any of it is done (see `Budget`):
    // a flow crosses every column between its ends, in boundaries as deep
    // as its deeper end's at most.
    let mut around = vec![0usize; nc];
    for c in 0..nc {
        around[c] = 1 + parent[c].map_or(0, |p| around[p]);
    }
    let depth = |c: Option<usize>| c.map_or(0, |c| around[c]);
    let mut count = items.len();
    let mut levels: usize = span.iter().map(|&(s, e)| e - s + 1).sum();
    levels += items.iter().map(|it| depth(it.cluster)).sum::<usize>();
    for &(_, a, b, _) in oriented {
        let crossings = rank[b].saturating_sub(rank[a] + 1);
        count = count.saturating_add(crossings);
        let deeper = depth(node_cluster[a]).max(depth(node_cluster[b]));
        levels = levels.saturating_add(crossings.saturating_mul(deeper));
    }
    if count.saturating_add(levels / LEVELS_PER_ITEM) > budget.items {
        return Err(OverBudget);
    }

    let ancestors = |c: Option<usize>| -> Vec<usize> {
        let mut out = Vec::new();
        let mut at = c;
        while let Some(x) = at {
            out.push(x);
            at = parent[x];
        }
        out
    };
    // Dummies and labels.
    let mut chains: Vec<Chain> = Vec::new();
    // Per boundary: the last flow with its right end inside it.
    let mut holds_end = vec![usize::MAX; nc];
    for (f, &(e, a, b, rev)) in oriented.iter().enumerate() {
        let (ra, rb) = (rank[a], rank[b]);
        let ua = ancestors(node_cluster[a]);
        let va = ancestors(node_cluster[b]);
        for &c in &va {
            holds_end[c] = f;
        }
        let lca = ua.iter().copied().find(|&c| holds_end[c] == f);
        let side = |list: &[usize], k: usize| {
            list.iter()
                .copied()
                .take_while(|&c| Some(c) != lca)
                .find(|&c| span[c].0 <= k && k <= span[c].1)
        };
        let label_rank = ra + 1 + 2 * (((rb - ra) / 2 - 1) / 2);
        let mut chain = vec![a];
        for k in ra + 1..rb {
            let (du, dv) = (side(&ua, k), side(&va, k));
            let cluster = if 2 * k <= ra + rb {
                du.or(dv).or(lca)
            } else {
                dv.or(du).or(lca)
            };
            let item = if k == label_rank {
                let t = &edge_text[e];
                Item {
                    kind: Kind::Label(e),
                    rank: k,
                    cluster,
                    w: t.w + 8.0,
                    h: t.h + 5.0,
                    port: t.h + 4.0,
                    margin: LABEL_MARGIN,
                    y: 0.0,
                }
            } else {
                Item {
                    kind: Kind::Dummy,
                    rank: k,
                    cluster,
                    w: 0.0,
                    h: 2.0,
                    port: 1.0,
                    margin: DUMMY_MARGIN,
                    y: 0.0,
                }
            };
            chain.push(items.len());
            items.push(item);
        }
        chain.push(b);
        chains.push(Chain {
            edge: e,
            items: chain,
            reversed: rev,
        });
    }

    // Drop empty columns.
    let max_rank = items.iter().map(|it| it.rank).max().unwrap_or(0);
    let mut used = vec![false; max_rank + 1];
    for it in &items {
        used[it.rank] = true;
    }
    let mut renumber = vec![0; max_rank + 1];
    let mut next = 0;
    for r in 0..=max_rank {
        renumber[r] = next;
        if used[r] {
            next += 1;
        }
    }
    let nranks = next.max(1);
    for it in &mut items {
        it.rank = renumber[it.rank];
    }
    for s in &mut span {
        *s = (renumber[s.0], renumber[s.1]);
    }

    let mut segs = Vec::new();
    for ch in &chains {
        for w in ch.items.windows(2) {
            let dummies = [w[0], w[1]]
                .iter()
                .filter(|&&i| !matches!(items[i].kind, Kind::Node(_)))
                .count();
            segs.push(Seg {
                a: w[0],
                b: w[1],
                weight: [1.0, 2.0, 8.0][dummies],
            });
        }
    }

    // Elements with many flows on one side grow so the flows stay apart.
    let mut sides = vec![(0usize, 0usize); n];
    for s in &segs {
        if s.a < n {
            sides[s.a].0 += 1;
        }
        if s.b < n {
            sides[s.b].1 += 1;
        }
    }
    for (i, &(outs, ins)) in sides.iter().enumerate() {
        let m = outs.max(ins);
        let caps = if dfd.nodes[i].shape == Shape::Store {
            2.0 * CAP
        } else {
            0.0
        };
        let need = 14.0 + 7.0 * m.saturating_sub(1) as f64 + caps;
        if need > node_size[i].1 {
            let grow = (need - node_size[i].1).ceil();
            node_size[i].1 += grow;
            items[i].h += grow;
            items[i].port += grow / 2.0;
        }
    }

    let tree = build_tree(nc, parent, &items);
    let mut pad_top = vec![MARGIN + TITLE_SIZE * LINE + 14.0];
    let cluster_text: Vec<Text> = dfd
        .clusters
        .iter()
        .map(|c| text(&c.label, CLUSTER_WRAP, CLUSTER_SIZE, true))
        .collect();
    pad_top.extend(cluster_text.iter().map(|t| t.h + 12.0));

    let rows = (0..=nc)
        .map(|t| {
            let items = tree.direct[t].iter().map(|&i| Child::Item(i));
            items
                .chain(tree.kids[t].iter().map(|&c| Child::Cluster(c)))
                .collect()
        })
        .collect();
    let mut item_segs = vec![Vec::new(); items.len()];
    for (k, s) in segs.iter().enumerate() {
        item_segs[s.a].push(k);
        if s.b != s.a {
            item_segs[s.b].push(k);
        }
    }
    let mut engine = Engine {
        owner: vec![usize::MAX; items.len()],
        item_segs,
        pos: (0..items.len()).collect(),
        rows,
        items,
        segs,
        nranks,
        span,
        tree,
        pad_top,
        ctop: vec![0.0; nc],
        cheight: vec![0.0; nc],
        root_height: 0.0,
        steps: budget.steps,
    };
    engine.order(budget.order);
    for c in (0..nc).rev() {
        engine.place(c + 1, false)?;
    }
    engine.place(0, false)?;
    for _ in 0..2 {
        for c in 0..nc {
            engine.place(c + 1, true)?;
        }
    }

    // Columns.
    let Engine {
        items,
        segs,
        span,
        ctop,
        cheight,
        root_height,
        tree,
        ..
    } = engine;
    let mut colw = vec![0.0f64; nranks];
    for it in &items {
        colw[it.rank] = colw[it.rank].max(it.w);
    }
    let mut lstart = vec![1usize; nc];
    let mut lend = vec![1usize; nc];
    for c in (0..nc).rev() {
        for &d in &tree.kids[c + 1] {
            if span[d].0 == span[c].0 {
                lstart[c] = lstart[c].max(lstart[d] + 1);
            }
            if span[d].1 == span[c].1 {
                lend[c] = lend[c].max(lend[d] + 1);
            }
        }
    }
    let mut starts = vec![0usize; nranks];
    let mut ends = vec![0usize; nranks];
    for c in 0..nc {
        starts[span[c].0] = starts[span[c].0].max(lstart[c]);
        ends[span[c].1] = ends[span[c].1].max(lend[c]);
    }
    // Gaps widen with the steepest curve through them.
    let mut gap = vec![COL_GAP; nranks];
    for s in &segs {
        let (a, b) = (&items[s.a], &items[s.b]);
        let dy = (a.y + a.port - b.y - b.port).abs();
        gap[a.rank] = gap[a.rank].max(COL_GAP + ((dy - 30.0) * 0.3).clamp(0.0, 80.0));
    }
    let mut colx = vec![0.0f64; nranks];
    let mut right;
    let mut rounds = 0;
    loop {
        let mut x = MARGIN + BPAD * starts[0] as f64;
        for k in 0..nranks {
            colx[k] = x;
            x += colw[k];
            if k + 1 < nranks {
                x += gap[k] + BPAD * (ends[k] + starts[k + 1]) as f64;
            }
        }
        right = x + BPAD * ends[nranks - 1] as f64;
        // Every boundary at least as wide as its label.
        let mut changed = false;
        for c in 0..nc {
            let (s, e) = span[c];
            let w = colx[e] + colw[e] + BPAD * lend[c] as f64 - (colx[s] - BPAD * lstart[c] as f64);
            let need = cluster_text[c].w + 20.0;
            if w + 0.01 < need {
                colw[e] += need - w;
                changed = true;
            }
        }
        rounds += 1;
        if !changed || rounds > 100 {
            break;
        }
    }
    let cx = |i: usize| colx[items[i].rank] + colw[items[i].rank] / 2.0;

    let clusters: Vec<Rect> = (0..nc)
        .map(|c| {
            let (s, e) = span[c];
            let x = colx[s] - BPAD * lstart[c] as f64;
            Rect {
                x,
                y: ctop[c],
                w: colx[e] + colw[e] + BPAD * lend[c] as f64 - x,
                h: cheight[c],
            }
        })
        .collect();
    let cluster_labels: Vec<(Rect, Text)> = clusters
        .iter()
        .zip(cluster_text)
        .map(|(r, t)| {
            (
                Rect {
                    x: r.x + 9.0,
                    y: r.y + 5.0,
                    w: t.w,
                    h: t.h,
                },
                t,
            )
        })
        .collect();
    let nodes: Vec<Rect> = (0..n)
        .map(|i| {
            let (w, h) = node_size[i];
            let it = &items[i];
            Rect {
                x: cx(i) - w / 2.0,
                y: it.y + it.h - h,
                w,
                h,
            }
        })
        .collect();

    // Ports: flows spread along an element's side, in the order of what
    // they lead to.
    let mut port_a = vec![0.0; segs.len()];
    let mut port_b = vec![0.0; segs.len()];
    let mut out_segs: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let mut in_segs: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for (s, seg) in segs.iter().enumerate() {
        out_segs[seg.a].push(s);
        in_segs[seg.b].push(s);
        port_a[s] = items[seg.a].y + items[seg.a].port;
        port_b[s] = items[seg.b].y + items[seg.b].port;
    }
    let mid = |i: usize| items[i].y + items[i].port;
    for (i, r) in nodes.iter().enumerate() {
        let cap = if dfd.nodes[i].shape == Shape::Store {
            CAP
        } else {
            0.0
        };
        let centre = r.y + r.h / 2.0 + cap / 2.0;
        let room = r.h - cap - 14.0;
        for (list, out) in [(&out_segs[i], true), (&in_segs[i], false)] {
            let mut list = list.clone();
            list.sort_by(|&s, &t| {
                let (os, ot) = if out {
                    (mid(segs[s].b), mid(segs[t].b))
                } else {
                    (mid(segs[s].a), mid(segs[t].a))
                };
                os.total_cmp(&ot).then(s.cmp(&t))
            });
            let m = list.len();
            let step = if m > 1 {
                (room / (m - 1) as f64).clamp(0.0, 9.0)
            } else {
                0.0
            };
            for (j, &s) in list.iter().enumerate() {
                let y = centre + (j as f64 - (m as f64 - 1.0) / 2.0) * step;
                if out {
                    port_a[s] = y;
                } else {
                    port_b[s] = y;
                }
            }
        }
    }

    let mut edges: Vec<Option<FlowDraw>> = (0..dfd.edges.len()).map(|_| None).collect();
    let mut seg_of: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (s, seg) in segs.iter().enumerate() {
        seg_of.insert((seg.a, seg.b), s);
    }
    for ch in &chains {
        let mut d = String::new();
        let first = ch.items[0];
        let s0 = seg_of[&(ch.items[0], ch.items[1])];
        let mut cur = nodes[first].right();
        let _ = write!(d, "M{} {}", F(cur), F(port_a[s0]));
        let mut label = Rect::default();
        for w in ch.items.windows(2) {
            let s = seg_of[&(w[0], w[1])];
            let (ya, yb) = (port_a[s], port_b[s]);
            let (ka, kb) = (items[w[0]].rank, items[w[1]].rank);
            let xa = colx[ka] + colw[ka];
            let xb = colx[kb];
            if xa > cur + 0.05 {
                let _ = write!(d, "H{}", F(xa));
            }
            let mx = (xa + xb) / 2.0;
            let _ = write!(
                d,
                "C{} {} {} {} {} {}",
                F(mx),
                F(ya),
                F(mx),
                F(yb),
                F(xb),
                F(yb)
            );
            cur = xb;
            match items[w[1]].kind {
                Kind::Node(v) if nodes[v].x > cur + 0.05 => {
                    let _ = write!(d, "H{}", F(nodes[v].x));
                }
                Kind::Label(_) => {
                    let t = &edge_text[ch.edge];
                    label = Rect {
                        x: cx(w[1]) - t.w / 2.0,
                        y: items[w[1]].y,
                        w: t.w,
                        h: t.h,
                    };
                }
                _ => {}
            }
        }
        let e = &dfd.edges[ch.edge];
        edges[ch.edge] = Some(FlowDraw::one(
            e,
            dfd.edge_mark(e),
            d,
            (label, edge_text[ch.edge].clone()),
            ch.reversed || e.both_ways,
            !ch.reversed || e.both_ways,
        ));
    }
    for (i, list) in loops.iter().enumerate() {
        let r = nodes[i];
        let mid = r.x + r.w / 2.0;
        let mut top = r.y - LOOP_H - 6.0 * (list.len() as f64 - 1.0) * 0.75 - 4.0;
        for (j, &e) in list.iter().enumerate().rev() {
            let dx = 12.0 + 5.0 * j as f64;
            let h = (LOOP_H + 6.0 * j as f64) / 0.75;
            let path = format!(
                "M{a} {y}C{a} {t} {b} {t} {b} {y}",
                a = F(mid - dx),
                b = F(mid + dx),
                y = F(r.y),
                t = F(r.y - h)
            );
            let t = &edge_text[e];
            top -= t.h;
            let label = Rect {
                x: mid - t.w / 2.0,
                y: top,
                w: t.w,
                h: t.h,
            };
            let edge = &dfd.edges[e];
            edges[e] = Some(FlowDraw::one(
                edge,
                dfd.edge_mark(edge),
                path,
                (label, t.clone()),
                edge.both_ways,
                true,
            ));
        }
    }

    Ok(Layout::framed(
        dfd,
        right,
        root_height,
        Drawn {
            nodes,
            node_text: node_text.clone(),
            clusters,
            cluster_labels,
            flows: edges.into_iter().flatten().collect(),
        },
    ))
}

/// Width and height of the self-loops' room above an element.
fn loop_room(loops: &[usize], texts: &[Text]) -> (f64, f64) {
    if loops.is_empty() {
        return (0.0, 0.0);
    }
    let w = loops.iter().map(|&e| texts[e].w).fold(0.0, f64::max);
    let h: f64 = loops.iter().map(|&e| texts[e].h).sum();
    (
        w + 8.0,
        h + LOOP_H + 6.0 * (loops.len() as f64 - 1.0) * 0.75 + 6.0,
    )
}

/// Which flows to draw backwards so that the rest has no cycle: those
/// against the reverse postorder of a depth-first search along the
/// requests, in declaration order (so responses go back along their
/// requests). The search starts where a reader does: first at the actors
/// and external entities that make more requests than they receive (flows
/// into them are drawn backwards, so they stay on the left), then at the
/// elements that only send and the entities that send as much as they
/// receive, in the order of their first flow, then at whatever sends most.
fn break_cycles(n: usize, links: &[(usize, usize, usize)], dfd: &Dfd) -> Vec<bool> {
    let response = |e: usize| dfd.edges[e].is_response;
    let weight = |e: usize| if response(e) { 0.25 } else { 1.0 };
    let mut first_flow = vec![usize::MAX; n];
    let mut balance = vec![0.0f64; n];
    let mut requests = vec![(0usize, 0usize); n];
    let mut sends = vec![false; n];
    let mut received = vec![false; n];
    for (l, &(e, u, v)) in links.iter().enumerate() {
        sends[u] = true;
        received[v] = true;
        first_flow[u] = first_flow[u].min(l);
        balance[u] += weight(e);
        balance[v] -= weight(e);
        if !response(e) {
            requests[u].0 += 1;
            requests[v].1 += 1;
        }
    }
    let entity = |v: usize| dfd.nodes[v].shape == Shape::Entity;
    let group = |v: usize| {
        if entity(v) && requests[v].0 > requests[v].1 {
            0
        } else if sends[v] && (!received[v] || (entity(v) && balance[v] >= 0.0)) {
            1
        } else {
            2
        }
    };
    let flipped: Vec<bool> = links
        .iter()
        .map(|&(_, u, v)| group(v) == 0 && group(u) != 0)
        .collect();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (l, &(e, u, v)) in links.iter().enumerate() {
        if !response(e) {
            out[if flipped[l] { v } else { u }].push(l);
        }
    }
    let mut roots: Vec<usize> = (0..n).collect();
    roots.sort_by(|&a, &b| {
        group(a)
            .cmp(&group(b))
            .then_with(|| {
                if group(a) < 2 {
                    first_flow[a].cmp(&first_flow[b])
                } else {
                    balance[b]
                        .total_cmp(&balance[a])
                        .then(first_flow[a].cmp(&first_flow[b]))
                }
            })
            .then(a.cmp(&b))
    });
    let mut state = vec![0u8; n];
    let mut finished = Vec::with_capacity(n);
    for root in roots {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        let mut stack = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&l) = out[v].get(*next) {
                *next += 1;
                let (_, a, b) = links[l];
                let w = if flipped[l] { a } else { b };
                if state[w] == 0 {
                    state[w] = 1;
                    stack.push((w, 0));
                }
            } else {
                state[v] = 2;
                finished.push(v);
                stack.pop();
            }
        }
    }
    // Reverse postorder: every request but the back edges goes forward.
    let mut at = vec![0; n];
    for (p, &v) in finished.iter().rev().enumerate() {
        at[v] = p;
    }
    links.iter().map(|&(_, u, v)| at[u] > at[v]).collect()
}

/// Even ranks for the elements (odd ones hold the flows' labels): longest
/// path, then sources pulled next to their successors, and elements
/// without flows beside the first element of their boundary.
fn rank_nodes(
    n: usize,
    nc: usize,
    links: &[(usize, usize, usize, bool)],
    cluster: &[Option<usize>],
) -> Vec<usize> {
    let mut indeg = vec![0usize; n];
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(_, a, b, _) in links {
        indeg[b] += 1;
        succ[a].push(b);
        pred[b].push(a);
    }
    let mut queue: VecDeque<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut topo = Vec::with_capacity(n);
    while let Some(v) = queue.pop_front() {
        topo.push(v);
        for &w in &succ[v] {
            indeg[w] -= 1;
            if indeg[w] == 0 {
                queue.push_back(w);
            }
        }
    }
    let mut rank = vec![0usize; n];
    for &v in &topo {
        for &w in &succ[v] {
            rank[w] = rank[w].max(rank[v] + 2);
        }
    }
    for &v in topo.iter().rev() {
        if pred[v].is_empty() {
            if let Some(m) = succ[v].iter().map(|&w| rank[w]).min() {
                rank[v] = m - 2;
            }
        }
    }
    let linked: Vec<bool> = (0..n)
        .map(|v| !succ[v].is_empty() || !pred[v].is_empty())
        .collect();
    let min = (0..n)
        .filter(|&v| linked[v])
        .map(|v| rank[v])
        .min()
        .unwrap_or(0);
    for r in &mut rank {
        *r = r.saturating_sub(min);
    }
    // The first column of each boundary's linked elements.
    let mut first: Vec<Option<usize>> = vec![None; nc + 1];
    for u in (0..n).filter(|&u| linked[u]) {
        let f = &mut first[tix(cluster[u])];
        *f = Some(f.map_or(rank[u], |r| r.min(rank[u])));
    }
    for v in (0..n).filter(|&v| !linked[v]) {
        rank[v] = first[tix(cluster[v])].unwrap_or(0);
    }
    rank
}

fn build_tree(nc: usize, parent: &[Option<usize>], items: &[Item]) -> Tree {
    let mut kids = vec![Vec::new(); nc + 1];
    for c in 0..nc {
        kids[tix(parent[c])].push(c);
    }
    let mut direct = vec![Vec::new(); nc + 1];
    let mut sub = vec![Vec::new(); nc + 1];
    for (i, it) in items.iter().enumerate() {
        direct[tix(it.cluster)].push(i);
        sub[0].push(i);
        let mut at = it.cluster;
        while let Some(c) = at {
            sub[c + 1].push(i);
            at = parent[c];
        }
    }
    let mut csub: Vec<Vec<usize>> = (0..=nc)
        .map(|t| if t == 0 { Vec::new() } else { vec![t - 1] })
        .collect();
    for c in 0..nc {
        let mut at = parent[c];
        while let Some(p) = at {
            csub[p + 1].push(c);
            at = parent[p];
        }
        csub[0].push(c);
    }
    Tree {
        kids,
        direct,
        sub,
        csub,
    }
}

impl Engine {
    /// Sorts the items into a new global order: the children of every
    /// boundary (its own items, and its inner boundaries as blocks) by
    /// `key`, a boundary by the mean key of its items; ties keep the
    /// current order.
    fn reorder(&mut self, key: &[f64]) {
        let nt = self.rows.len();
        // Per tree node: the mean key of its items, and where its block
        // starts now. Inner boundaries come after their parents.
        let mut sum = vec![0.0; nt];
        let mut first = vec![usize::MAX; nt];
        for (i, it) in self.items.iter().enumerate() {
            let t = tix(it.cluster);
            sum[t] += key[i];
            first[t] = first[t].min(self.pos[i]);
        }
        for t in (0..nt).rev() {
            for &c in &self.tree.kids[t] {
                sum[t] += sum[c + 1];
                first[t] = first[t].min(first[c + 1]);
            }
        }
        let mean: Vec<f64> = (0..nt)
            .map(|t| sum[t] / self.tree.sub[t].len().max(1) as f64)
            .collect();
        let sort_key = |c: &Child| match *c {
            Child::Item(i) => (key[i], self.pos[i]),
            Child::Cluster(c) => (mean[c + 1], first[c + 1]),
        };
        // The rows are in the current order: mostly sorted already.
        let mut rows = std::mem::take(&mut self.rows);
        for row in &mut rows {
            row.sort_by(|a, b| {
                let (ka, pa) = sort_key(a);
                let (kb, pb) = sort_key(b);
                ka.total_cmp(&kb).then(pa.cmp(&pb))
            });
        }
        self.rows = rows;
        let mut next = 0;
        self.number(0, &mut next);
    }

    /// Numbers the items of tree node `t` in the order of the rows,
    /// from `next` on.
    fn number(&mut self, t: usize, next: &mut usize) {
        for j in 0..self.rows[t].len() {
            match self.rows[t][j] {
                Child::Item(i) => {
                    self.pos[i] = *next;
                    *next += 1;
                }
                Child::Cluster(c) => self.number(c + 1, next),
            }
        }
    }

    /// How many pairs of flow pieces cross: per column gap, the pairs
    /// whose ends are in opposite orders (counted with a Fenwick tree).
    fn crossings(&self) -> usize {
        let mut by_rank: Vec<Vec<(usize, usize)>> = vec![Vec::new(); self.nranks];
        for s in &self.segs {
            by_rank[self.items[s.a].rank].push((self.pos[s.a], self.pos[s.b]));
        }
        let mut tree = vec![0usize; self.items.len() + 1];
        let mut count = 0;
        for list in &mut by_rank {
            list.sort_unstable();
            // Pieces seen so far (left end above) whose right end is below.
            for (seen, &(_, b)) in list.iter().enumerate() {
                let mut at_or_above = 0;
                let mut k = b + 1;
                while k > 0 {
                    at_or_above += tree[k];
                    k &= k - 1;
                }
                count += seen - at_or_above;
                let mut k = b + 1;
                while k < tree.len() {
                    tree[k] += 1;
                    k += k & k.wrapping_neg();
                }
            }
            for &(_, b) in list.iter() {
                let mut k = b + 1;
                while k < tree.len() {
                    tree[k] -= 1;
                    k += k & k.wrapping_neg();
                }
            }
        }
        count
    }

    /// Barycenter sweeps over the columns, keeping the best order.
    fn order(&mut self, work: usize) {
        let m = self.items.len();
        let mut pred: Vec<Vec<usize>> = vec![Vec::new(); m];
        let mut succ: Vec<Vec<usize>> = vec![Vec::new(); m];
        for s in &self.segs {
            succ[s.a].push(s.b);
            pred[s.b].push(s.a);
        }
        let mut by_rank: Vec<Vec<usize>> = vec![Vec::new(); self.nranks];
        for (i, it) in self.items.iter().enumerate() {
            by_rank[it.rank].push(i);
        }
        // Start from the declaration order; dummies follow their source.
        let mut key: Vec<f64> = (0..m).map(|i| i as f64).collect();
        for list in &by_rank {
            for &i in list {
                if !matches!(self.items[i].kind, Kind::Node(_)) {
                    if let Some(&p) = pred[i].first() {
                        key[i] = key[p] + 0.5;
                    }
                }
            }
        }
        self.reorder(&key);
        let mut best = (self.crossings(), self.pos.clone(), self.rows.clone());
        let sweeps = (work / (m * self.nranks).max(1)).clamp(4, ORDER_SWEEPS);
        // A sweep column by column re-sorts the whole order once per
        // column, and the columns grow with the diagram: past the work
        // budget, each sweep moves every column at once instead.
        let by_column = m * self.nranks <= work;
        let mut last_better = 0;
        for sweep in 0..sweeps {
            if best.0 == 0 || sweep - last_better >= ORDER_PATIENCE {
                break;
            }
            let down = sweep % 2 == 0;
            if !by_column {
                // Every column at once, from the order before the sweep.
                for (k, &p) in key.iter_mut().zip(&self.pos) {
                    *k = p as f64;
                }
                for (i, k) in key.iter_mut().enumerate() {
                    let nb = if down { &pred[i] } else { &succ[i] };
                    if !nb.is_empty() {
                        *k = nb.iter().map(|&j| self.pos[j] as f64).sum::<f64>() / nb.len() as f64;
                    }
                }
                self.reorder(&key);
            }
            let ranks: Vec<usize> = match (by_column, down) {
                (false, _) => Vec::new(),
                (true, true) => (1..self.nranks).collect(),
                (true, false) => (0..self.nranks.saturating_sub(1)).rev().collect(),
            };
            for r in ranks {
                for (k, &p) in key.iter_mut().zip(&self.pos) {
                    *k = p as f64;
                }
                for &i in &by_rank[r] {
                    let nb = if down { &pred[i] } else { &succ[i] };
                    if !nb.is_empty() {
                        key[i] =
                            nb.iter().map(|&j| self.pos[j] as f64).sum::<f64>() / nb.len() as f64;
                    }
                }
                self.reorder(&key);
            }
            let c = self.crossings();
            if c < best.0 {
                best = (c, self.pos.clone(), self.rows.clone());
                last_better = sweep;
            }
        }
        (self.pos, self.rows) = (best.1, best.2);
    }

    fn shift(&mut self, c: usize, d: f64) {
        for &i in &self.tree.sub[c + 1] {
            self.items[i].y += d;
        }
        for &x in &self.tree.csub[c + 1] {
            self.ctop[x] += d;
        }
    }

    /// Places the children of tree node `t`. Bottom-up (`refine` false):
    /// relative to `t`'s box, which gets its height. Top-down: again,
    /// within the box, towards neighbours outside it too.
    fn place(&mut self, t: usize, refine: bool) -> Result<(), OverBudget> {
        let ch = self.rows[t].clone();
        let m = ch.len();
        let pad = self.pad_top[t];
        let base = if refine && t > 0 {
            self.ctop[t - 1] + pad
        } else {
            pad
        };
        let mut owner = std::mem::take(&mut self.owner);
        let mut span = Vec::with_capacity(m);
        let mut height = Vec::with_capacity(m);
        let mut margin = Vec::with_capacity(m);
        let mut top = Vec::with_capacity(m);
        for (j, c) in ch.iter().enumerate() {
            match *c {
                Child::Item(i) => {
                    let it = &self.items[i];
                    owner[i] = j;
                    span.push((it.rank, it.rank));
                    height.push(it.h);
                    margin.push(it.margin);
                    top.push(it.y);
                }
                Child::Cluster(c) => {
                    for &i in &self.tree.sub[c + 1] {
                        owner[i] = j;
                    }
                    span.push(self.span[c]);
                    height.push(self.cheight[c]);
                    margin.push(CLUSTER_MARGIN);
                    top.push(self.ctop[c]);
                }
            }
        }
        // Neighbours in a column keep their distance.
        let mut cons: BTreeMap<(usize, usize), f64> = BTreeMap::new();
        let mut last_in_column: Vec<Option<usize>> = vec![None; self.nranks];
        for j in 0..m {
            for prev in &mut last_in_column[span[j].0..=span[j].1] {
                if let Some(p) = *prev {
                    let g = height[p] + margin[p] + margin[j];
                    let e = cons.entry((p, j)).or_insert(g);
                    *e = e.max(g);
                }
                *prev = Some(j);
            }
        }
        let cons: Vec<(usize, usize, f64)> =
            cons.into_iter().map(|((a, b), g)| (a, b, g)).collect();
        // What pulls each child: (other child or a fixed y, own port, weight).
        let mut wishes: Vec<Vec<Wish>> = vec![Vec::new(); m];
        // The segments with an end in this boundary, in `segs` order (the
        // order the pulls are summed in).
        let mut touching: Vec<usize> = self.tree.sub[t]
            .iter()
            .flat_map(|&i| &self.item_segs[i])
            .copied()
            .collect();
        touching.sort_unstable();
        touching.dedup();
        for s in touching.iter().map(|&k| &self.segs[k]) {
            let pa = self.items[s.a].y + self.items[s.a].port;
            let pb = self.items[s.b].y + self.items[s.b].port;
            let (oa, ob) = (owner[s.a], owner[s.b]);
            match (oa != usize::MAX, ob != usize::MAX) {
                (true, true) if oa != ob => {
                    wishes[oa].push((Some(ob), pb - top[ob], pa - top[oa], s.weight));
                    wishes[ob].push((Some(oa), pa - top[oa], pb - top[ob], s.weight));
                }
                (true, false) if refine => {
                    wishes[oa].push((None, pb - base, pa - top[oa], s.weight));
                }
                (false, true) if refine => {
                    wishes[ob].push((None, pa - base, pb - top[ob], s.weight));
                }
                _ => {}
            }
        }
        for &i in &self.tree.sub[t] {
            owner[i] = usize::MAX;
        }
        self.owner = owner;
        let limit = (refine && t > 0).then(|| self.cheight[t - 1] - pad - BPAD_BOTTOM);
        let old: Vec<f64> = top.iter().map(|y| y - base).collect();
        let mut off = if refine { old.clone() } else { vec![0.0; m] };
        push_down(&mut off, &cons);
        for _ in 0..PLACE_ROUNDS {
            let mut desired = Vec::with_capacity(m);
            let mut weight = Vec::with_capacity(m);
            for j in 0..m {
                let (mut sw, mut swy) = (0.0, 0.0);
                for &(other, p_other, p_self, w) in &wishes[j] {
                    let target = other.map_or(p_other, |o| off[o] + p_other);
                    sw += w;
                    swy += w * (target - p_self);
                }
                if sw > 0.0 {
                    desired.push(0.5 * off[j] + 0.5 * swy / sw);
                    weight.push(sw);
                } else {
                    desired.push(off[j]);
                    weight.push(1e-3);
                }
            }
            off = solve(&desired, &weight, &cons, &height, limit, &mut self.steps)?;
        }
        // What nothing pulls moves up as far as it can: to the top of the
        // box, or just below its upper neighbours. Moving only up keeps
        // the constraints towards the neighbours below.
        let top_of_box = if limit.is_some() {
            0.0
        } else {
            off.iter().copied().fold(f64::INFINITY, f64::min)
        };
        let mut above: Vec<Vec<(usize, f64)>> = vec![Vec::new(); m];
        for &(a, b, g) in &cons {
            above[b].push((a, g));
        }
        for j in 0..m {
            if wishes[j].is_empty() {
                let highest = above[j]
                    .iter()
                    .map(|&(a, g)| off[a] + g)
                    .fold(top_of_box, f64::max);
                off[j] = off[j].min(highest);
            }
        }
        if let Some(limit) = limit {
            let inside = off
                .iter()
                .zip(&height)
                .all(|(o, h)| *o >= -1e-6 && o + h <= limit + 1e-6);
            if !inside {
                off = old;
            }
        } else {
            let min = off.iter().copied().fold(f64::INFINITY, f64::min);
            if min.is_finite() {
                for o in &mut off {
                    *o -= min;
                }
            }
        }
        for (j, c) in ch.iter().enumerate() {
            let d = base + off[j] - top[j];
            match *c {
                Child::Item(i) => self.items[i].y += d,
                Child::Cluster(c) => self.shift(c, d),
            }
        }
        if !refine {
            let content = off
                .iter()
                .zip(&height)
                .map(|(o, h)| o + h)
                .fold(0.0, f64::max);
            if t > 0 {
                self.cheight[t - 1] = pad + content.max(14.0) + BPAD_BOTTOM;
            } else {
                self.root_height = pad + content;
            }
        }
        Ok(())
    }
}

/// Positions close to `desired` that keep `pos[b] - pos[a] >= g` for every
/// `(a, b, g)` in `cons` (always `a < b`); with `limit`, also within
/// `0..=limit` (each variable's `height` included). `steps` as in
/// `satisfy`.
fn solve(
    desired: &[f64],
    weight: &[f64],
    cons: &[(usize, usize, f64)],
    height: &[f64],
    limit: Option<f64>,
    steps: &mut usize,
) -> Result<Vec<f64>, OverBudget> {
    let Some(limit) = limit else {
        let mut p = satisfy(desired, weight, cons, steps)?;
        push_down(&mut p, cons);
        return Ok(p);
    };
    let m = desired.len();
    let mut d = vec![0.0];
    d.extend_from_slice(desired);
    d.push(limit);
    let mut w = vec![1e6];
    w.extend_from_slice(weight);
    w.push(1e6);
    let mut c: Vec<(usize, usize, f64)> = cons.iter().map(|&(a, b, g)| (a + 1, b + 1, g)).collect();
    // The box's top and bottom hold the first and last child of every
    // column; the others follow from their neighbours.
    let mut has_above = vec![false; m];
    let mut has_below = vec![false; m];
    for &(a, b, _) in cons {
        has_below[a] = true;
        has_above[b] = true;
    }
    for (j, h) in height.iter().enumerate() {
        if !has_above[j] {
            c.push((0, j + 1, 0.0));
        }
        if !has_below[j] {
            c.push((j + 1, m + 1, *h));
        }
    }
    let mut p = satisfy(&d, &w, &c, steps)?;
    push_down(&mut p, &c);
    Ok((1..=m).map(|j| p[j] - p[0]).collect())
}

/// The "satisfy" step of VPSC (Dwyer, Marriott and Stuckey, 2005):
/// variables in order, each merged with the blocks whose constraints it
/// violates, a block sitting at its members' weighted mean desire. Each
/// constraint looked at takes one of `steps`; `OverBudget` when they run
/// out (a block's constraints are looked at again each time it grows, so
/// the count can grow faster than the constraints).
fn satisfy(
    desired: &[f64],
    weight: &[f64],
    cons: &[(usize, usize, f64)],
    steps: &mut usize,
) -> Result<Vec<f64>, OverBudget> {
    let n = desired.len();
    // Per block (named by its first variable): its members and the
    // constraints into it from other blocks, each a linked list (merging
    // blocks joins lists without allocating; the result depends on
    // neither list's order), and the sums its position comes from.
    let mut block_of: Vec<usize> = (0..n).collect();
    let mut members = Lists::new(n, n);
    for v in 0..n {
        members.push(v, v);
    }
    let mut incoming = Lists::new(n, cons.len());
    for (ci, &(_, b, _)) in cons.iter().enumerate() {
        incoming.push(b, ci);
    }
    let mut offset = vec![0.0; n];
    let mut wsum: Vec<f64> = weight.to_vec();
    let mut wdes: Vec<f64> = desired.iter().zip(weight).map(|(d, w)| d * w).collect();
    let mut bpos: Vec<f64> = desired.to_vec();
    for v in 0..n {
        let mut b = v;
        loop {
            // Constraints inside the block are satisfied for good.
            let looked_at = incoming.retain(b, |ci| block_of[cons[ci].0] != b);
            *steps = steps.checked_sub(looked_at).ok_or(OverBudget)?;
            let violation = |ci: usize| {
                let (a, bb, g) = cons[ci];
                bpos[block_of[a]] + offset[a] + g - (bpos[b] + offset[bb])
            };
            let worst = incoming
                .iter(b)
                .map(|ci| (violation(ci), ci))
                .filter(|&(x, _)| x > 1e-9)
                .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)));
            let Some((_, ci)) = worst else { break };
            // Merge this block into the one above it, at their mean.
            let (a, bb, g) = cons[ci];
            let l = block_of[a];
            let shift = offset[a] + g - offset[bb];
            for x in members.iter(b) {
                offset[x] += shift;
                block_of[x] = l;
            }
            members.append(l, b);
            incoming.append(l, b);
            wdes[l] += wdes[b] - wsum[b] * shift;
            wsum[l] += wsum[b];
            bpos[l] = wdes[l] / wsum[l];
            b = l;
        }
    }
    Ok((0..n).map(|i| bpos[block_of[i]] + offset[i]).collect())
}

/// Lists of numbers `0..items`, each number in at most one list, kept as
/// links between the numbers: appending one list to another is two
/// writes, and there is no allocation per list.
struct Lists {
    head: Vec<usize>,
    tail: Vec<usize>,
    next: Vec<usize>,
}

const END: usize = usize::MAX;

impl Lists {
    fn new(lists: usize, items: usize) -> Lists {
        Lists {
            head: vec![END; lists],
            tail: vec![END; lists],
            next: vec![END; items],
        }
    }

    fn push(&mut self, list: usize, item: usize) {
        match self.tail[list] {
            END => self.head[list] = item,
            last => self.next[last] = item,
        }
        self.tail[list] = item;
    }

    fn iter(&self, list: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(self.head[list]).filter(|&x| x != END), |&x| {
            Some(self.next[x]).filter(|&y| y != END)
        })
    }

    /// Moves the items of list `from` to the end of list `to`.
    fn append(&mut self, to: usize, from: usize) {
        let (first, last) = (self.head[from], self.tail[from]);
        if first == END {
            return;
        }
        self.push(to, first);
        self.tail[to] = last;
        self.head[from] = END;
        self.tail[from] = END;
    }

    /// Drops the items of `list` that `keep` refuses; the number of
    /// items looked at.
    fn retain(&mut self, list: usize, mut keep: impl FnMut(usize) -> bool) -> usize {
        let mut at = self.head[list];
        self.head[list] = END;
        self.tail[list] = END;
        let mut looked_at = 0;
        while at != END {
            looked_at += 1;
            let next = self.next[at];
            self.next[at] = END;
            if keep(at) {
                self.push(list, at);
            }
            at = next;
        }
        looked_at
    }
}

/// Moves variables down, in order, until every constraint holds.
fn push_down(pos: &mut [f64], cons: &[(usize, usize, f64)]) {
    let mut incoming: Vec<Vec<(usize, f64)>> = vec![Vec::new(); pos.len()];
    for &(a, b, g) in cons {
        incoming[b].push((a, g));
    }
    for v in 0..pos.len() {
        for &(a, g) in &incoming[v] {
            pos[v] = pos[v].max(pos[a] + g);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Cluster, Edge, Node};

    fn node(id: &str, label: &str, shape: Shape, cluster: Option<usize>) -> Node {
        Node {
            id: id.into(),
            label: label.into(),
            kind: "Process".into(),
            shape,
            cluster,
            severity: None,
            colored: false,
        }
    }

    fn edge(id: &str, from: &str, to: &str, label: &str, is_response: bool) -> Edge {
        Edge {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            label: label.into(),
            both_ways: false,
            merged: None,
            is_response,
        }
    }

    fn cluster(id: &str, label: &str, parent: Option<usize>) -> Cluster {
        Cluster {
            id: id.into(),
            label: label.into(),
            parent,
        }
    }

    /// The bundled example, as `diagram::dfd` draws it.
    fn webapp() -> Dfd {
        Dfd {
            title: "Web application".into(),
            clusters: vec![
                cluster("user_web", "User/Web", None),
                cluster("web_db", "Web/DB", None),
            ],
            nodes: vec![
                node("user", "User", Shape::Entity, Some(0)),
                node("web", "Web Server", Shape::Process, None),
                node("db", "SQL Database", Shape::Store, Some(1)),
                node("cleaner", "cleanDBevery6hours", Shape::Process, Some(1)),
            ],
            edges: vec![
                edge(
                    "user_to_web",
                    "user",
                    "web",
                    "(1) User enters comments",
                    false,
                ),
                edge("web_to_user", "web", "user", "(2) Comments saved", true),
                edge(
                    "web_to_db",
                    "web",
                    "db",
                    "(3) Insert query with comments",
                    false,
                ),
                edge("db_to_web", "db", "web", "(4) Comments contents", true),
                edge(
                    "cleaner_to_db",
                    "cleaner",
                    "db",
                    "(5) (λ)Periodically cleans DB",
                    false,
                ),
            ],
            highlight: None,
        }
    }

    /// A pseudo-random diagram: nested boundaries, cycles, parallel flows,
    /// self-loops, long names, an empty boundary.
    fn random(seed: u64, nodes: usize, clusters: usize, edges: usize) -> Dfd {
        let mut state = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut next = move |n: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % n as u64) as usize
        };
        let words = [
            "Payment",
            "Gateway",
            "DB",
            "a",
            "Service",
            "with",
            "very-long-identifier-name",
            "&",
            "<x>",
            "Ünïcode",
            "\"quoted\"",
        ];
        let name = |n: usize, next: &mut dyn FnMut(usize) -> usize| {
            (0..1 + next(n))
                .map(|_| words[next(words.len())])
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut dfd = Dfd {
            title: format!("Random model {seed}"),
            ..Default::default()
        };
        for c in 0..clusters {
            let parent = if c == 0 || next(3) == 0 {
                None
            } else {
                Some(next(c))
            };
            let label = name(3, &mut next);
            dfd.clusters.push(cluster(&format!("c{c}"), &label, parent));
        }
        let shapes = [Shape::Entity, Shape::Process, Shape::Store];
        for i in 0..nodes {
            // The last boundary stays empty.
            let cluster = if clusters > 1 && next(4) != 0 {
                Some(next(clusters - 1))
            } else {
                None
            };
            let label = name(5, &mut next);
            dfd.nodes
                .push(node(&format!("n{i}"), &label, shapes[next(3)], cluster));
        }
        for e in 0..edges {
            let (a, b) = (next(nodes), next(nodes));
            let label = format!("({e}) {}", name(4, &mut next));
            dfd.edges.push(edge(
                &format!("e{e}"),
                &format!("n{a}"),
                &format!("n{b}"),
                &label,
                next(3) == 0,
            ));
            if next(5) == 0 {
                dfd.edges.push(edge(
                    &format!("e{e}b"),
                    &format!("n{a}"),
                    &format!("n{b}"),
                    "parallel",
                    false,
                ));
            }
        }
        dfd
    }

    fn inside(inner: &Rect, outer: &Rect) -> bool {
        inner.x >= outer.x - 0.01
            && inner.y >= outer.y - 0.01
            && inner.right() <= outer.right() + 0.01
            && inner.bottom() <= outer.bottom() + 0.01
    }

    fn overlap(a: &Rect, b: &Rect) -> bool {
        a.x < b.right() - 0.01
            && b.x < a.right() - 0.01
            && a.y < b.bottom() - 0.01
            && b.y < a.bottom() - 0.01
    }

    fn in_cluster(dfd: &Dfd, mut at: Option<usize>, c: usize) -> bool {
        while let Some(x) = at {
            if x == c {
                return true;
            }
            at = dfd.clusters[x].parent;
        }
        false
    }

    /// The layered layout of `dfd`, which must be within its budget.
    fn layered_layout(dfd: &Dfd) -> Layout {
        layered(dfd, &Graph::of(dfd), Budget::of(dfd)).expect("within the budget")
    }

    /// Boundaries hold exactly their elements, inner boundaries sit in
    /// their parents, siblings apart; no label overlaps an element or
    /// another label; everything on the canvas.
    fn check_geometry(dfd: &Dfd) {
        check_geometry_of(dfd, &layered_layout(dfd));
    }

    fn check_geometry_of(dfd: &Dfd, l: &Layout) {
        check_boxes(dfd, l);
        let d = &l.drawn;
        let canvas = canvas_of(l);
        assert_eq!(d.flows.len(), dfd.edges.len(), "every flow drawn");
        let mut labels: Vec<(String, Rect)> = Vec::new();
        for (e, draw) in dfd.edges.iter().zip(&d.flows) {
            assert_eq!(draw.id, format!("flow-{}", e.id));
            assert!(!draw.path.is_empty());
            if e.label.is_empty() {
                continue;
            }
            let r = draw.label.as_ref().expect("a label").0;
            assert!(inside(&r, &canvas), "label of {} off the canvas", e.id);
            for (i, n) in d.nodes.iter().enumerate() {
                assert!(!overlap(&r, n), "label of {} on {}", e.id, dfd.nodes[i].id);
            }
            for (c, (cr, _)) in d.cluster_labels.iter().enumerate() {
                assert!(!overlap(&r, cr), "label of {} on boundary label {c}", e.id);
            }
            for (other, o) in &labels {
                assert!(!overlap(&r, o), "label of {} on label of {other}", e.id);
            }
            labels.push((e.id.clone(), r));
        }
    }

    fn canvas_of(l: &Layout) -> Rect {
        Rect {
            x: 0.0,
            y: 0.0,
            w: l.width,
            h: l.height,
        }
    }

    /// Boundaries hold exactly their elements and their labels, inner
    /// boundaries sit in their parents, siblings apart, elements apart;
    /// everything on the canvas.
    fn check_boxes(dfd: &Dfd, l: &Layout) {
        let d = &l.drawn;
        let canvas = canvas_of(l);
        for (i, n) in dfd.nodes.iter().enumerate() {
            assert!(inside(&d.nodes[i], &canvas), "{} off the canvas", n.id);
            for c in 0..dfd.clusters.len() {
                let r = &d.clusters[c];
                if in_cluster(dfd, n.cluster, c) {
                    assert!(inside(&d.nodes[i], r), "{} outside boundary {c}", n.id);
                } else {
                    assert!(
                        !overlap(&d.nodes[i], r),
                        "{} inside foreign boundary {c}",
                        n.id
                    );
                }
            }
            for j in 0..i {
                assert!(
                    !overlap(&d.nodes[i], &d.nodes[j]),
                    "{} overlaps {}",
                    n.id,
                    dfd.nodes[j].id
                );
            }
        }
        for (c, cl) in dfd.clusters.iter().enumerate() {
            let r = &d.clusters[c];
            assert!(inside(r, &canvas));
            assert!(
                inside(&d.cluster_labels[c].0, r),
                "label of {} outside it",
                cl.id
            );
            if let Some(p) = cl.parent {
                assert!(inside(r, &d.clusters[p]), "{} outside its parent", cl.id);
            }
            for k in 0..c {
                if dfd.clusters[k].parent == cl.parent {
                    assert!(
                        !overlap(r, &d.clusters[k]),
                        "{} overlaps {}",
                        cl.id,
                        dfd.clusters[k].id
                    );
                }
            }
        }
    }

    /// A minimal XML well-formedness check: one root, balanced tags,
    /// quoted attributes, only known entities, no stray `<` or `&`.
    fn well_formed(xml: &str) -> Result<(), String> {
        let mut stack: Vec<&str> = Vec::new();
        let mut rest = xml.trim_start();
        let mut roots = 0;
        if let Some(r) = rest.strip_prefix("<?xml") {
            rest = &r[r.find("?>").ok_or("unclosed declaration")? + 2..];
        }
        let check_text = |t: &str| -> Result<(), String> {
            let mut s = t;
            while let Some(i) = s.find('&') {
                let end = s[i..].find(';').ok_or("bare &")?;
                let ent = &s[i + 1..i + end];
                let ok = matches!(ent, "amp" | "lt" | "gt" | "quot" | "apos")
                    || ent
                        .strip_prefix('#')
                        .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
                if !ok {
                    return Err(format!("unknown entity &{ent};"));
                }
                s = &s[i + end..];
            }
            Ok(())
        };
        while !rest.is_empty() {
            let lt = rest.find('<').unwrap_or(rest.len());
            let text = &rest[..lt];
            if stack.is_empty() && !text.trim().is_empty() {
                return Err(format!("text outside the root: {text:?}"));
            }
            check_text(text)?;
            rest = &rest[lt..];
            if rest.is_empty() {
                break;
            }
            let gt = rest.find('>').ok_or("unclosed tag")?;
            let tag = &rest[1..gt];
            rest = &rest[gt + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack.pop().ok_or("close without open")?;
                if open != name.trim() {
                    return Err(format!("</{name}> closes <{open}>"));
                }
                continue;
            }
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name_end = body.find(char::is_whitespace).unwrap_or(body.len());
            let name = &body[..name_end];
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
            {
                return Err(format!("bad tag name {name:?}"));
            }
            // Attributes: name="value" pairs.
            let mut attrs = body[name_end..].trim();
            while !attrs.is_empty() {
                let eq = attrs
                    .find("=\"")
                    .ok_or_else(|| format!("unquoted attribute in <{name}>"))?;
                let aname = attrs[..eq].trim();
                if aname.is_empty() || aname.contains(char::is_whitespace) {
                    return Err(format!("bad attribute name {aname:?}"));
                }
                let after = &attrs[eq + 2..];
                let close = after.find('"').ok_or("unclosed attribute")?;
                let value = &after[..close];
                if value.contains('<') {
                    return Err("< in an attribute".into());
                }
                check_text(value)?;
                attrs = after[close + 1..].trim_start();
            }
            if stack.is_empty() {
                roots += 1;
            }
            if !self_closing {
                stack.push(name);
            }
        }
        if !stack.is_empty() {
            return Err(format!("unclosed <{}>", stack.join("> <")));
        }
        if roots != 1 {
            return Err(format!("{roots} root elements"));
        }
        Ok(())
    }

    #[test]
    fn webapp_is_a_well_formed_svg_with_every_label() {
        let dfd = webapp();
        let svg = render(&dfd);
        well_formed(&svg).unwrap();
        assert!(svg.starts_with("<?xml"));
        assert!(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains(">Web application</text>"));
        for n in &dfd.nodes {
            for line in wrap(&n.label, NODE_WRAP) {
                assert!(svg.contains(&esc(&line)), "{line} missing");
            }
        }
        for e in &dfd.edges {
            for line in wrap(&e.label, EDGE_WRAP) {
                assert!(svg.contains(&esc(&line)), "{line} missing");
            }
        }
        for c in &dfd.clusters {
            assert!(svg.contains(&format!(">{}</text>", esc(&c.label))));
        }
        // Responses dashed, requests solid, every flow with a head.
        assert_eq!(svg.matches("stroke-dasharray=\"6 4\"").count(), 2);
        assert_eq!(svg.matches("url(#tmc-arrow)").count(), 5);
        check_geometry(&dfd);
    }

    #[test]
    fn text_is_escaped() {
        let mut dfd = webapp();
        dfd.title = "A & B <model>".into();
        dfd.nodes[0].label = "\"Quotes\" & <tags> 'too'\u{1}".into();
        dfd.edges[0].label = "a < b && c > d".into();
        dfd.clusters[0].label = "<User & Web>".into();
        let svg = render(&dfd);
        well_formed(&svg).unwrap();
        assert!(svg.contains("A &amp; B &lt;model&gt;"));
        assert!(svg.contains("&quot;Quotes&quot; &amp;"));
        assert!(svg.contains("a &lt; b &amp;&amp; c &gt; d"));
        assert!(!svg.contains('\u{1}'));
    }

    #[test]
    fn rendering_is_deterministic() {
        let a = render(&webapp());
        assert_eq!(a, render(&webapp()));
        let dfd = random(7, 24, 7, 34);
        assert_eq!(render(&dfd), render(&dfd));
    }

    /// Forty random diagrams of up to 30 elements, 8 boundaries and 40
    /// flows, with the seed each was made from.
    fn random_diagrams() -> impl Iterator<Item = (u64, Dfd)> {
        (0..40).map(|seed| {
            let dfd = random(
                seed,
                6 + (seed as usize * 7) % 25,
                1 + seed as usize % 8,
                (seed as usize * 5) % 40,
            );
            (seed, dfd)
        })
    }

    #[test]
    fn boundaries_enclose_exactly_their_elements() {
        check_geometry(&webapp());
        for (seed, dfd) in random_diagrams() {
            well_formed(&render(&dfd)).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            check_geometry(&dfd);
        }
    }

    #[test]
    fn big_diagrams_ordered_all_columns_at_once_keep_their_geometry() {
        // A budget of one item move sends every diagram down the path that
        // diagrams of tens of thousands of elements take.
        for (seed, dfd) in random_diagrams() {
            let budget = Budget {
                order: 1,
                ..Budget::of(&dfd)
            };
            let l = layered(&dfd, &Graph::of(&dfd), budget).expect("within the budget");
            check_geometry_of(&dfd, &l);
            let again = layout_within(&dfd, budget);
            assert_eq!(
                format!("{:?}", l.drawn.nodes),
                format!("{:?}", again.drawn.nodes),
                "seed {seed}"
            );
        }
    }

    #[test]
    fn nested_boundaries_and_cycles() {
        let dfd = Dfd {
            title: "Nested".into(),
            clusters: vec![
                cluster("outer", "Data centre", None),
                cluster("inner", "Core zone", Some(0)),
                cluster("pci", "PCI", Some(1)),
                cluster("empty", "Nothing here yet", Some(0)),
            ],
            nodes: vec![
                node("a", "Browser", Shape::Entity, None),
                node("b", "Web", Shape::Process, Some(0)),
                node("c", "Core", Shape::Process, Some(1)),
                node("d", "Vault", Shape::Store, Some(2)),
            ],
            edges: vec![
                edge("ab", "a", "b", "request", false),
                edge("ba", "b", "a", "response", true),
                edge("bc", "b", "c", "call", false),
                edge("cd", "c", "d", "read", false),
                edge("da", "d", "a", "leak", false),
                edge("cc", "c", "c", "retry", false),
                edge("bc2", "b", "c", "second call", false),
            ],
            highlight: None,
        };
        check_geometry(&dfd);
        let l = layered_layout(&dfd).drawn;
        // The inner boundaries are strictly inside the outer one.
        assert!(l.clusters[1].x > l.clusters[0].x && l.clusters[2].x > l.clusters[1].x);
        assert!(l.clusters[3].w >= text_width("Nothing here yet", CLUSTER_SIZE, true));
    }

    #[test]
    fn a_highlight_draws_the_path_the_weakest_hop_and_dims_the_rest() {
        let set = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect();
        let h = crate::ir::Highlight {
            elements: set(&["user", "web", "db"]),
            flows: set(&["user_to_web", "web_to_db"]),
            starts: set(&["user"]),
            ends: set(&["db"]),
            weakest: BTreeMap::from([("web_to_db".into(), "not encrypted".into())]),
        };
        let svg = render(&crate::ir::highlight(webapp(), h));
        well_formed(&svg).unwrap();
        assert!(svg.contains("<g id=\"tmc-element-user\" data-tmc-mark=\"end\">"));
        assert!(svg.contains("<g id=\"tmc-element-web\" data-tmc-mark=\"path\">"));
        assert!(svg.contains("<g id=\"tmc-element-cleaner\" data-tmc-mark=\"dimmed\">"));
        assert!(svg.contains(">User (start)</text>"), "{svg}");
        let flow = |id: &str| {
            svg.lines()
                .find(|l| l.contains(&format!("id=\"tmc-flow-{id}\"")))
                .unwrap_or_default()
        };
        assert!(flow("user_to_web").contains(&format!(
            "stroke=\"{PATH_COLOR}\" stroke-width=\"2.6\" marker-end=\"url(#tmc-arrow-path)\""
        )));
        let weakest = flow("web_to_db");
        assert!(weakest.contains("stroke-dasharray=\"1 6\""), "{weakest}");
        assert!(weakest
            .contains("<title>(3) Insert query with comments [weakest: not encrypted]</title>"));
        // A response off the path keeps its dashes, in grey.
        let response = flow("web_to_user");
        assert!(
            response.contains(&format!("stroke=\"{DIM_COLOR}\""))
                && response.contains("stroke-dasharray=\"6 4\"")
        );
        assert!(svg.contains("<marker id=\"tmc-arrow-weakest\""));
    }

    #[test]
    fn a_plain_diagram_has_no_marks() {
        let svg = render(&webapp());
        assert!(!svg.contains("data-tmc-mark") && !svg.contains("tmc-arrow-"));
    }

    #[test]
    fn colours_follow_severity() {
        let mut dfd = webapp();
        for (i, n) in dfd.nodes.iter_mut().enumerate() {
            n.colored = true;
            let label: &'static str = format!("Level{i}").leak();
            n.severity = (i > 0).then_some((i, label));
        }
        let svg = render(&dfd);
        well_formed(&svg).unwrap();
        for rank in [None, Some(1), Some(2), Some(3)] {
            assert!(svg.contains(&format!("fill=\"{}\"", severity_color(rank))));
        }
        assert!(svg.contains(">Worst finding:</text>"));
        assert!(svg.contains(">Level2</text>"));
        assert!(!render(&webapp()).contains("Worst finding"));
    }

    /// `nodes` elements, each sending `flows / nodes` flows to elements
    /// further along (`7 i + 1 + k`), as in the diagram of issue #19 that
    /// took 29 s and 1.6 GB: two million items, most of them flows
    /// crossing columns.
    fn far_flows(nodes: usize, flows: usize) -> Dfd {
        let mut dfd = Dfd {
            title: "Far flows".into(),
            ..Default::default()
        };
        for i in 0..nodes {
            let label = format!("Server {i}");
            dfd.nodes
                .push(node(&format!("s{i}"), &label, Shape::Process, None));
        }
        for f in 0..flows {
            let (a, k) = (f % nodes, f / nodes);
            let mut b = (a * 7 + 1 + k) % nodes;
            if a == b {
                b = (b + 1) % nodes;
            }
            let (from, to) = (format!("s{a}"), format!("s{b}"));
            dfd.edges
                .push(edge(&format!("f{f}"), &from, &to, &format!("f{f}"), false));
        }
        dfd
    }

    /// The checks of `check_boxes`, and: one line per pair of elements
    /// with flows, named after its first flow, from the edge of one to the
    /// edge of the other, listing every flow's label in its tooltip, with
    /// their number on the canvas when more than one.
    fn check_overview(dfd: &Dfd, l: &Layout) {
        check_boxes(dfd, l);
        let d = &l.drawn;
        let index: HashMap<&str, usize> = dfd
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect();
        let mut pairs: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
        for (e, edge) in dfd.edges.iter().enumerate() {
            let (u, v) = (index[edge.from.as_str()], index[edge.to.as_str()]);
            pairs.entry((u.min(v), u.max(v))).or_default().push(e);
        }
        assert_eq!(d.flows.len(), pairs.len(), "one line per pair");
        let by_id: HashMap<&str, &FlowDraw> = d.flows.iter().map(|f| (f.id.as_str(), f)).collect();
        let near_edge = |r: &Rect, x: f64, y: f64| {
            let on_side = |a: f64, lo: f64, hi: f64| (a - lo).abs() < 0.1 || (a - hi).abs() < 0.1;
            let within = |a: f64, lo: f64, hi: f64| a > lo - 0.1 && a < hi + 0.1;
            (on_side(x, r.x, r.right()) && within(y, r.y, r.bottom()))
                || (on_side(y, r.y, r.bottom()) && within(x, r.x, r.right()))
        };
        for ((u, v), edges) in &pairs {
            let first = &dfd.edges[edges[0]];
            let line = by_id[format!("flow-{}", first.id).as_str()];
            for &e in edges {
                assert!(
                    line.title.contains(&dfd.edges[e].label),
                    "{}",
                    dfd.edges[e].id
                );
            }
            let count = line.label.as_ref().map(|(_, t)| t.lines.join(""));
            let expected = (edges.len() > 1).then(|| format!("×{}", edges.len()));
            assert_eq!(count, expected, "count of {}", first.id);
            if u == v {
                continue;
            }
            let numbers: Vec<f64> = line
                .path
                .split(|c: char| c.is_ascii_alphabetic() || c == ' ')
                .filter(|t| !t.is_empty())
                .map(|t| t.parse().unwrap())
                .collect();
            let [x0, y0, cx, cy, x1, y1] = numbers[..] else {
                panic!("not a quadratic curve: {}", line.path)
            };
            let (from, to) = (index[first.from.as_str()], index[first.to.as_str()]);
            assert!(
                near_edge(&d.nodes[from], x0, y0),
                "{} starts off its element",
                first.id
            );
            assert!(
                near_edge(&d.nodes[to], x1, y1),
                "{} ends off its element",
                first.id
            );
            assert!(inside(
                &Rect {
                    x: cx,
                    y: cy,
                    w: 0.0,
                    h: 0.0
                },
                &canvas_of(l)
            ));
        }
    }

    #[test]
    fn far_flows_past_the_item_budget_are_drawn_as_an_overview() {
        let dfd = far_flows(1000, 5000);
        let budget = Budget::of(&dfd);
        assert_eq!(budget.items, 8 * 6000);
        // Refused before a single item is made.
        assert!(layered(&dfd, &Graph::of(&dfd), budget).is_err());
        let l = layout(&dfd);
        check_overview(&dfd, &l);
        let svg = document(&dfd, &l);
        well_formed(&svg).unwrap();
        let drawn: Vec<&str> = svg
            .split("<g id=\"tmc-element-")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect();
        let ids: Vec<&str> = dfd.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(drawn, ids);
        assert_eq!(svg, render(&dfd), "deterministic");
    }

    #[test]
    fn the_solver_stops_when_its_steps_run_out() {
        for (seed, dfd) in random_diagrams().filter(|(_, d)| !d.edges.is_empty()) {
            let g = Graph::of(&dfd);
            assert!(layered(&dfd, &g, Budget::of(&dfd)).is_ok(), "seed {seed}");
            let starved = Budget {
                steps: 0,
                ..Budget::of(&dfd)
            };
            assert!(layered(&dfd, &g, starved).is_err(), "seed {seed}");
            check_overview(&dfd, &layout_within(&dfd, starved));
        }
    }

    #[test]
    fn items_count_a_little_more_per_boundary_around_them() {
        // A chain of 30 elements and 60 flows from its first element to its
        // last (3,500 items); in the innermost of 100 boundaries, one inside
        // the other, they count for 25,000, past the least budget.
        let chain = |clusters: usize| {
            let mut dfd = Dfd {
                title: "Deep".into(),
                ..Default::default()
            };
            for c in 0..clusters {
                let parent = c.checked_sub(1);
                dfd.clusters.push(cluster(&format!("b{c}"), "B", parent));
            }
            for i in 0..30 {
                let inside = clusters.checked_sub(1);
                dfd.nodes
                    .push(node(&format!("n{i}"), "N", Shape::Process, inside));
            }
            for i in 0..29 {
                let (a, b) = (format!("n{i}"), format!("n{}", i + 1));
                dfd.edges.push(edge(&format!("c{i}"), &a, &b, "", false));
            }
            for i in 0..60 {
                dfd.edges
                    .push(edge(&format!("f{i}"), "n0", "n29", "far", false));
            }
            dfd
        };
        let flat = chain(0);
        let deep = chain(100);
        assert_eq!(Budget::of(&flat).items, ITEMS_MIN);
        assert_eq!(Budget::of(&deep).items, ITEMS_MIN);
        let l = layered(&flat, &Graph::of(&flat), Budget::of(&flat));
        check_geometry_of(&flat, &l.expect("within the budget"));
        assert!(layered(&deep, &Graph::of(&deep), Budget::of(&deep)).is_err());
        check_overview(&deep, &layout(&deep));
    }

    #[test]
    fn the_overview_keeps_its_geometry() {
        check_overview(
            &webapp(),
            &overview::layout(&webapp(), &Graph::of(&webapp())),
        );
        for (seed, dfd) in random_diagrams() {
            let l = overview::layout(&dfd, &Graph::of(&dfd));
            check_overview(&dfd, &l);
            well_formed(&document(&dfd, &l)).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        }
    }

    #[test]
    fn the_overview_draws_a_bundle_as_its_most_marked_flow() {
        let mut dfd = webapp();
        // A second flow from the web server to the database, off the path:
        // one bundle with web_to_db, which is the weakest hop.
        dfd.edges.push(Edge {
            id: "web_to_db_2".into(),
            ..dfd.edges[2].clone()
        });
        let set = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect();
        let h = crate::ir::Highlight {
            elements: set(&["web", "db"]),
            flows: set(&["web_to_db"]),
            starts: set(&["web"]),
            ends: set(&["db"]),
            weakest: BTreeMap::from([("web_to_db".into(), "not encrypted".into())]),
        };
        let dfd = crate::ir::highlight(dfd, h);
        let l = overview::layout(&dfd, &Graph::of(&dfd));
        let mark = |id: &str| l.drawn.flows.iter().find(|f| f.id == id).map(|f| f.mark);
        assert_eq!(mark("flow-web_to_db"), Some(Mark::Weakest));
        assert_eq!(mark("flow-user_to_web"), Some(Mark::Dimmed));
        let svg = document(&dfd, &l);
        well_formed(&svg).unwrap();
        assert!(svg.contains("data-tmc-mark=\"weakest\""));
    }

    #[test]
    fn an_empty_diagram_still_renders() {
        let dfd = Dfd {
            title: "Nothing".into(),
            ..Default::default()
        };
        well_formed(&render(&dfd)).unwrap();
    }

    #[test]
    fn numbers_are_compact() {
        assert_eq!(F(12.0).to_string(), "12");
        assert_eq!(F(12.34).to_string(), "12.3");
        assert_eq!(F(-0.04).to_string(), "0");
        assert_eq!(F(-2.5).to_string(), "-2.5");
    }
}
