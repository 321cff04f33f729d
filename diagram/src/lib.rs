//! tmc-diagram: the pictures of a compiled model. `ir` decides once, for
//! every format, what a data-flow or sequence diagram shows (elements,
//! boundaries, flows, shapes, labels, colours); `svg` lays the data-flow
//! diagram out and draws it as a standalone SVG document, with no outside
//! program. The text formats of the same diagrams (DOT, Mermaid, PlantUML)
//! are `tmc_output`'s, which also embeds the SVG in the HTML report: the
//! layering is compiler -> diagram -> output, never back.

pub mod ir;
pub mod svg;
mod xml;
