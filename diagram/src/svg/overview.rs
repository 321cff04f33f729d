//! The overview: how the SVG draws a diagram too big for the layered
//! layout's budget, in time and memory that grow with the diagram (one
//! pass over the elements, boundaries and flows, and a sort of each
//! boundary's elements).
//!
//! What a reader of such a diagram can use is where each element sits,
//! which boundary holds it and what it talks to; a flow's name is a
//! tooltip away. So:
//!
//! - each boundary is a box holding a grid of its own elements, filled
//!   column by column in the order of the elements' columns in the
//!   layered layout (so most flows run left to right), and below it its
//!   inner boundaries' boxes, side by side in rows;
//! - all flows between the same two elements are one line, a curve from
//!   one element's edge to the other's, bowed towards the middle of the
//!   diagram, with an arrowhead at each end that flows go to, thicker the
//!   more flows it carries and labelled with their number (`×12`) when
//!   there is more than one, at its middle or as near as the label covers
//!   no element, boundary label or other count; its tooltip lists the
//!   flows' labels, and its id is `tmc-flow-` and the id of its first flow;
//! - a line is dashed when every flow on it is a response; self-loops are
//!   a loop above the element.

use std::collections::HashMap;
use std::fmt::Write;

use super::{
    text, Drawn, FlowDraw, Graph, Layout, Rect, Text, BPAD, BPAD_BOTTOM, CLUSTER_SIZE,
    CLUSTER_WRAP, EDGE_SIZE, EDGE_WRAP, F, LINE, LOOP_H, MARGIN, TITLE_SIZE,
};
use crate::ir::{Dfd, Mark};

/// Room around an element in its grid cell: beside it, and above it (for
/// its self-loops and the lines between rows).
const CELL_GAP_X: f64 = 44.0;
const CELL_GAP_Y: f64 = 40.0;
/// Room between two inner boundaries' boxes.
const BOX_GAP: f64 = 22.0;
/// Widths of the rows of inner boundaries tried, as multiples of the side
/// of a square with the area of the content.
const ROW_WIDTHS: [f64; 4] = [1.0, 1.3, 1.7, 2.2];
/// How far a line bows out, as a share of its length, and at most.
const BOW: f64 = 0.12;
const BOW_MAX: f64 = 160.0;
/// Where on its line a count is written: the first of these points (as
/// the curve's parameter) where it covers no element, boundary label or
/// other count, else the first.
const COUNT_AT: [f64; 7] = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8];
/// The side of the cells in which `Taken` files boxes.
const TAKEN_CELL: f64 = 64.0;

/// Where the things of one boundary (or of the diagram) go, relative to
/// the top left of its content.
#[derive(Default)]
struct Content {
    /// The content's width and height.
    w: f64,
    h: f64,
    /// (element, x, y) of its own elements' shapes.
    nodes: Vec<(usize, f64, f64)>,
    /// (boundary, x, y) of its inner boundaries' boxes.
    kids: Vec<(usize, f64, f64)>,
}

/// The whole diagram in the overview.
pub(super) fn layout(dfd: &Dfd, g: &Graph) -> Layout {
    let nc = dfd.clusters.len();
    let cluster_text: Vec<Text> = dfd
        .clusters
        .iter()
        .map(|c| text(&c.label, CLUSTER_WRAP, CLUSTER_SIZE, true))
        .collect();
    // Per tree node (0: the diagram, c + 1: cluster c): its elements in
    // column order, and its inner boundaries.
    let mut own: Vec<Vec<usize>> = vec![Vec::new(); nc + 1];
    for (i, c) in g.node_cluster.iter().enumerate() {
        own[c.map_or(0, |c| c + 1)].push(i);
    }
    for list in &mut own {
        list.sort_by_key(|&i| g.rank[i]);
    }
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); nc + 1];
    for (c, p) in g.parent.iter().enumerate() {
        kids[p.map_or(0, |p| p + 1)].push(c);
    }

    // Bottom-up: inner boundaries have higher indices than their parents.
    let mut size = vec![(0.0, 0.0); nc];
    let mut contents: Vec<Content> = (0..=nc).map(|_| Content::default()).collect();
    for t in (0..=nc).rev() {
        let content = arrange(&own[t], &kids[t], &g.node_size, &size);
        if t > 0 {
            let label = &cluster_text[t - 1];
            let w = (content.w + 2.0 * BPAD).max(label.w + 20.0);
            let h = label.h + 12.0 + content.h.max(14.0) + BPAD_BOTTOM;
            size[t - 1] = (w, h);
        }
        contents[t] = content;
    }

    // Top-down: each box where its parent's content puts it.
    let top = MARGIN + TITLE_SIZE * LINE + 14.0;
    let mut nodes = vec![Rect::default(); dfd.nodes.len()];
    let mut clusters = vec![Rect::default(); nc];
    let mut origin = vec![(MARGIN, top); nc + 1];
    for t in 0..=nc {
        let (ox, oy) = origin[t];
        for &(i, x, y) in &contents[t].nodes {
            let (w, h) = g.node_size[i];
            nodes[i] = Rect {
                x: ox + x,
                y: oy + y,
                w,
                h,
            };
        }
        for &(c, x, y) in &contents[t].kids {
            let (w, h) = size[c];
            clusters[c] = Rect {
                x: ox + x,
                y: oy + y,
                w,
                h,
            };
            origin[c + 1] = (ox + x + BPAD, oy + y + cluster_text[c].h + 12.0);
        }
    }
    let cluster_labels: Vec<(Rect, Text)> = clusters
        .iter()
        .zip(cluster_text)
        .map(|(r, t)| {
            let at = Rect {
                x: r.x + 9.0,
                y: r.y + 5.0,
                w: t.w,
                h: t.h,
            };
            (at, t)
        })
        .collect();
    let canvas = Rect {
        x: MARGIN,
        y: top,
        w: contents[0].w,
        h: contents[0].h,
    };
    let mut taken = Taken::new();
    for r in nodes.iter().chain(cluster_labels.iter().map(|(r, _)| r)) {
        taken.add(*r);
    }
    let flows = bundles(dfd, g)
        .iter()
        .map(|b| draw(dfd, b, &nodes, &canvas, &mut taken))
        .collect();
    Layout::framed(
        dfd,
        canvas.right(),
        canvas.bottom(),
        Drawn {
            nodes,
            node_text: g.node_text.clone(),
            clusters,
            cluster_labels,
            flows,
        },
    )
}

/// A boundary's content: its elements in a grid of equal cells, about as
/// wide as high, filled column by column; below it, its inner boundaries'
/// boxes (`size`) in rows about as wide as the content is high.
fn arrange(
    own: &[usize],
    kids: &[usize],
    node_size: &[(f64, f64)],
    size: &[(f64, f64)],
) -> Content {
    let mut content = Content::default();
    if !own.is_empty() {
        let widest = own.iter().map(|&i| node_size[i].0).fold(0.0, f64::max);
        let highest = own.iter().map(|&i| node_size[i].1).fold(0.0, f64::max);
        let (cw, ch) = (widest + CELL_GAP_X, highest + CELL_GAP_Y);
        let k = own.len();
        let rows = ((k as f64 * cw / ch).sqrt().round() as usize).clamp(1, k);
        let cols = k.div_ceil(rows);
        for (j, &i) in own.iter().enumerate() {
            let (w, h) = node_size[i];
            let (col, row) = (j / rows, j % rows);
            let x = col as f64 * cw + (cw - w) / 2.0;
            let y = row as f64 * ch + CELL_GAP_Y + (highest - h) / 2.0;
            content.nodes.push((i, x, y));
        }
        content.w = cols as f64 * cw;
        content.h = rows as f64 * ch;
    }
    if !kids.is_empty() {
        let area: f64 = kids
            .iter()
            .map(|&c| (size[c].0 + BOX_GAP) * (size[c].1 + BOX_GAP))
            .sum::<f64>()
            + content.w * content.h;
        let widest = kids.iter().map(|&c| size[c].0).fold(0.0, f64::max);
        let below = if own.is_empty() {
            0.0
        } else {
            content.h + BOX_GAP
        };
        // Rows about as wide as the whole is high: of the widths tried,
        // the one that gives the squarest box (the first of equals).
        let (_, rows) = ROW_WIDTHS
            .iter()
            .map(|f| {
                let row_width = (area.sqrt() * f).max(widest).max(content.w);
                let rows = shelves(kids, size, row_width, below);
                let (w, h) = (rows.1.max(content.w), rows.2);
                ((w / h).max(h / w), rows)
            })
            .fold(None, |best: Option<(f64, _)>, (skew, rows)| match best {
                Some(b) if b.0 <= skew => Some(b),
                _ => Some((skew, rows)),
            })
            .expect("widths to try");
        content.kids = rows.0;
        content.w = content.w.max(rows.1);
        content.h = rows.2;
    }
    content
}

/// Boxes of `size` side by side from `top` down, in rows of at most
/// `row_width` (or one box); where each goes, and the width and bottom
/// of them all.
type Shelves = (Vec<(usize, f64, f64)>, f64, f64);

fn shelves(kids: &[usize], size: &[(f64, f64)], row_width: f64, top: f64) -> Shelves {
    let mut at = Vec::with_capacity(kids.len());
    let (mut x, mut y, mut row_h, mut width) = (0.0, top, 0.0f64, 0.0f64);
    for &c in kids {
        let (w, h) = size[c];
        if x > 0.0 && x + w > row_width {
            y += row_h + BOX_GAP;
            (x, row_h) = (0.0, 0.0);
        }
        at.push((c, x, y));
        width = width.max(x + w);
        x += w + BOX_GAP;
        row_h = row_h.max(h);
    }
    (at, width, y + row_h)
}

/// The flows between two elements (or of an element to itself), drawn as
/// one line from `from` to `to`.
struct Bundle {
    from: usize,
    to: usize,
    /// Indices in `Dfd::edges`, in order.
    edges: Vec<usize>,
    /// Some flow goes from `from` to `to` (or both ways).
    forward: bool,
    /// Some flow goes from `to` to `from` (or both ways).
    backward: bool,
}

/// The flows grouped by the pair of elements they join, in the order of
/// each pair's first flow.
fn bundles(dfd: &Dfd, g: &Graph) -> Vec<Bundle> {
    let mut at: HashMap<(usize, usize), usize> = HashMap::new();
    let mut out: Vec<Bundle> = Vec::new();
    for &(e, u, v) in &g.flows {
        let b = *at.entry((u.min(v), u.max(v))).or_insert_with(|| {
            out.push(Bundle {
                from: u,
                to: v,
                edges: Vec::new(),
                forward: false,
                backward: false,
            });
            out.len() - 1
        });
        let bundle = &mut out[b];
        bundle.edges.push(e);
        let both = dfd.edges[e].both_ways;
        if u == bundle.from || both {
            bundle.forward = true;
        }
        if u != bundle.from || both {
            bundle.backward = true;
        }
    }
    out
}

/// The line of one bundle, bowed towards the middle of `canvas`, with
/// its count, when it has more than one flow, where `taken` has room.
fn draw(dfd: &Dfd, b: &Bundle, nodes: &[Rect], canvas: &Rect, taken: &mut Taken) -> FlowDraw {
    let first = &dfd.edges[b.edges[0]];
    let count = b.edges.len();
    let mut title = String::new();
    if count > 1 {
        let _ = write!(title, "{count} flows:");
    }
    for &e in &b.edges {
        if !title.is_empty() {
            title.push('\n');
        }
        title.push_str(&dfd.edges[e].label);
    }
    let (a, z) = (&nodes[b.from], &nodes[b.to]);
    let t = text(&format!("×{count}"), EDGE_WRAP, EDGE_SIZE, false);
    let (path, spots) = if b.from == b.to {
        self_loop(a, &t)
    } else {
        curve(a, z, canvas)
    };
    let label = (count > 1).then(|| {
        // Centred on the spot, kept on the canvas (left and top first).
        let boxes: Vec<Rect> = spots
            .iter()
            .map(|&(x, y)| Rect {
                x: (x - t.w / 2.0).min(canvas.right() - t.w).max(canvas.x),
                y: (y - t.h / 2.0).min(canvas.bottom() - t.h).max(canvas.y),
                w: t.w,
                h: t.h,
            })
            .collect();
        // Where nothing is (and then taken), else over something.
        let at = match boxes.iter().find(|r| !taken.hits(r)) {
            Some(&free) => {
                taken.add(free);
                free
            }
            None => boxes[0],
        };
        (at, t)
    });
    FlowDraw {
        id: format!("flow-{}", first.id),
        title,
        path,
        dashed: b.edges.iter().all(|&e| dfd.edges[e].is_response),
        mark: bundle_mark(dfd, b),
        width: 1.3 + (0.6 * (count as f64).log2()).min(3.2),
        start_arrow: b.backward,
        end_arrow: b.forward,
        label,
    }
}

/// How a highlight draws a bundle: as its most marked flow (a weakest hop,
/// else a flow on a path, else dimmed).
fn bundle_mark(dfd: &Dfd, b: &Bundle) -> Mark {
    let marks: Vec<Mark> = b
        .edges
        .iter()
        .map(|&e| dfd.edge_mark(&dfd.edges[e]))
        .collect();
    [Mark::Weakest, Mark::On, Mark::Dimmed]
        .into_iter()
        .find(|m| marks.contains(m))
        .unwrap_or(Mark::Plain)
}

/// A loop above `r`, and where the middle of its count `t` may go:
/// beside the loop.
fn self_loop(r: &Rect, t: &Text) -> (String, Vec<(f64, f64)>) {
    let mid = r.x + r.w / 2.0;
    let h = LOOP_H / 0.75;
    let path = format!(
        "M{a} {y}C{a} {t} {b} {t} {b} {y}",
        a = F(mid - 12.0),
        b = F(mid + 12.0),
        y = F(r.y),
        t = F(r.y - h)
    );
    (path, vec![(mid + 16.0 + t.w / 2.0, r.y - LOOP_H / 2.0)])
}

/// A quadratic curve between the edges of `a` and `z`, its control point
/// off the middle of the straight line towards the middle of `canvas`
/// (and inside it, so the curve is too); and the points on it where its
/// count may go, the middle first.
fn curve(a: &Rect, z: &Rect, canvas: &Rect) -> (String, Vec<(f64, f64)>) {
    let ca = centre(a);
    let cz = centre(z);
    let (dx, dy) = (cz.0 - ca.0, cz.1 - ca.1);
    let len = dx.hypot(dy).max(1e-9);
    let (nx, ny) = (-dy / len, dx / len);
    let mid = ((ca.0 + cz.0) / 2.0, (ca.1 + cz.1) / 2.0);
    let middle = centre(canvas);
    let towards = (middle.0 - mid.0) * nx + (middle.1 - mid.1) * ny;
    let bow = (BOW * len).min(BOW_MAX) * if towards < 0.0 { -1.0 } else { 1.0 };
    let control = (
        (mid.0 + nx * bow).clamp(canvas.x, canvas.right()),
        (mid.1 + ny * bow).clamp(canvas.y, canvas.bottom()),
    );
    let start = edge_towards(a, control);
    let end = edge_towards(z, control);
    let path = format!(
        "M{} {}Q{} {} {} {}",
        F(start.0),
        F(start.1),
        F(control.0),
        F(control.1),
        F(end.0),
        F(end.1)
    );
    let at = |t: f64| {
        let (u, v, w) = ((1.0 - t) * (1.0 - t), 2.0 * (1.0 - t) * t, t * t);
        (
            u * start.0 + v * control.0 + w * end.0,
            u * start.1 + v * control.1 + w * end.1,
        )
    };
    (path, COUNT_AT.iter().map(|&t| at(t)).collect())
}

fn centre(r: &Rect) -> (f64, f64) {
    (r.x + r.w / 2.0, r.y + r.h / 2.0)
}

/// Where the line from the centre of `r` towards `p` leaves `r`.
fn edge_towards(r: &Rect, p: (f64, f64)) -> (f64, f64) {
    let c = centre(r);
    let (dx, dy) = (p.0 - c.0, p.1 - c.1);
    let sx = if dx.abs() > 1e-9 {
        r.w / 2.0 / dx.abs()
    } else {
        f64::INFINITY
    };
    let sy = if dy.abs() > 1e-9 {
        r.h / 2.0 / dy.abs()
    } else {
        f64::INFINITY
    };
    let s = sx.min(sy).min(1.0);
    (c.0 + dx * s, c.1 + dy * s)
}

/// Boxes on the canvas that do not overlap (elements, boundary labels,
/// counts), filed in square cells of a size that suits each: the least of
/// 64, 128, 256, ... px that is at least the box's longer side, so a box
/// touches at most four cells however long its label, and a cell holds a
/// few boxes. Asking whether a small box is free looks at a few cells per
/// size in use.
struct Taken {
    /// By size (`TAKEN_CELL` times two to that power) and cell.
    cells: HashMap<(u32, i64, i64), Vec<Rect>>,
    /// The sizes in use.
    sizes: Vec<u32>,
}

impl Taken {
    fn new() -> Taken {
        Taken {
            cells: HashMap::new(),
            sizes: Vec::new(),
        }
    }

    /// The cells of size `k` that `r` touches.
    fn under(r: &Rect, k: u32) -> impl Iterator<Item = (u32, i64, i64)> {
        let side = TAKEN_CELL * f64::from(k).exp2();
        let cell = |v: f64| (v / side).floor() as i64;
        let (x0, x1, y0, y1) = (cell(r.x), cell(r.right()), cell(r.y), cell(r.bottom()));
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (k, x, y)))
    }

    fn add(&mut self, r: Rect) {
        let mut k = 0;
        while TAKEN_CELL * f64::from(k).exp2() < r.w.max(r.h) {
            k += 1;
        }
        if !self.sizes.contains(&k) {
            self.sizes.push(k);
        }
        for key in Taken::under(&r, k) {
            self.cells.entry(key).or_default().push(r);
        }
    }

    /// Whether `r` overlaps a box already taken.
    fn hits(&self, r: &Rect) -> bool {
        self.sizes
            .iter()
            .flat_map(|&k| Taken::under(r, k))
            .any(|key| {
                self.cells.get(&key).is_some_and(|list| {
                    list.iter().any(|o| {
                        r.x < o.right() && o.x < r.right() && r.y < o.bottom() && o.y < r.bottom()
                    })
                })
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }

    #[test]
    fn a_long_box_takes_few_cells_and_is_found_all_along() {
        let mut taken = Taken::new();
        taken.add(rect(10.0, 10.0, 7.0e6, 20.0));
        taken.add(rect(10.0, 100.0, 90.0, 40.0));
        assert!(taken.cells.len() <= 6, "{} cells", taken.cells.len());
        for x in [0.0, 20.0, 3.5e6, 7.0e6] {
            assert!(taken.hits(&rect(x, 15.0, 20.0, 10.0)), "{x}");
        }
        assert!(taken.hits(&rect(95.0, 135.0, 20.0, 10.0)));
        assert!(!taken.hits(&rect(20.0, 40.0, 20.0, 10.0)));
        assert!(!taken.hits(&rect(7.1e6, 15.0, 20.0, 10.0)));
        assert!(!taken.hits(&rect(101.0, 100.0, 20.0, 10.0)));
    }
}
