//! The protocol side: each tool declared to rmcp with its parameters (a
//! JSON Schema written from the structs below) and a description that
//! tells the assistant when to call it, and each `tools::Answer` turned
//! into a tool result (text, structured content when it is JSON, and
//! `isError` when the tool could not do what was asked).

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, ContentBlock, Implementation, ServerCapabilities, ServerConfig};
use rmcp::{tool, tool_handler, tool_router, ServerHandler};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::source::ModelInput;
use crate::tools::{self, Answer, DfdFormat};

/// What the server tells the assistant when it connects.
const INSTRUCTIONS: &str = "tmc compiles threat models written in its .tm language and finds \
their threats. To write a model: read `language_reference` once, use `list_elements` and \
`describe` for the kinds and their attributes, write the model, then call `check` and fix \
what it reports (its notes carry did-you-mean hints) until it answers ok. Then `threats` \
lists the findings, `explain` says why one fired, `paths` lists the routes from one part of \
the system to another (who can reach the database, and through what), `fmt` lays the text \
out canonically and `dfd` draws the data-flow diagram. Every tool takes the model's text; the server reads and \
writes no files, so save the model yourself.";

/// The server: its tools, routed by name.
#[derive(Clone)]
pub struct Server {
    tool_router: ToolRouter<Server>,
}

/// `describe`'s parameters.
#[derive(Deserialize, JsonSchema)]
pub struct DescribeInput {
    /// A kind, record or enum, e.g. `Server`, `Dataflow`, `Controls`, `Classification`.
    pub name: String,
}

/// `threats`' parameters.
#[derive(Deserialize, JsonSchema)]
pub struct ThreatsInput {
    #[serde(flatten)]
    pub model: ModelInput,
    /// List only the findings still open (not mitigated, accepted or otherwise decided).
    #[serde(default)]
    pub open_only: bool,
    /// At most this many findings, worst first (default 50); `total` says how many there are.
    #[serde(default)]
    pub limit: Option<usize>,
}

/// `explain`'s parameters.
#[derive(Deserialize, JsonSchema)]
pub struct ExplainInput {
    #[serde(flatten)]
    pub model: ModelInput,
    /// The threat's id, e.g. `INP02` (a finding's `threat`).
    pub threat: String,
    /// The element, boundary or flow, by identifier (a finding's `target`).
    pub element: String,
    /// Answer as JSON instead of text.
    #[serde(default)]
    pub json: bool,
}

/// `paths`' parameters.
#[derive(Deserialize, JsonSchema)]
pub struct PathsInput {
    #[serde(flatten)]
    pub model: ModelInput,
    /// Where the paths start: an element id, a boundary id (everything inside it) or a trust level such as `INTERNET` (elements at that level or less trusted).
    pub from: String,
    /// Where they end: an element id, a boundary id or a trust level such as `RESTRICTED` (elements at that level or more trusted).
    pub to: String,
    /// The most hops (flows) of a path (default 8).
    #[serde(default)]
    pub max_hops: Option<usize>,
    /// Answer as JSON instead of text.
    #[serde(default)]
    pub json: bool,
}

/// `fmt`'s parameters.
#[derive(Deserialize, JsonSchema)]
pub struct FmtInput {
    /// The .tm text to lay out.
    pub text: String,
}

/// `dfd`'s parameters.
#[derive(Deserialize, JsonSchema)]
pub struct DfdInput {
    #[serde(flatten)]
    pub model: ModelInput,
    /// `mermaid` (default), `svg` or `dot` (Graphviz).
    #[serde(default)]
    pub format: Drawing,
    /// Fill each element with the colour of its worst finding.
    #[serde(default)]
    pub colormap: bool,
}

/// The diagram's form.
#[derive(Clone, Copy, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Drawing {
    #[default]
    Mermaid,
    Svg,
    Dot,
}

#[tool_router]
impl Server {
    /// A server with every tool.
    pub fn new() -> Server {
        Server {
            tool_router: Server::tool_router(),
        }
    }

    #[tool(
        description = "The .tm language reference (Markdown): models, elements, flows, boundaries, data, imports, assumptions, overrides and rules, with examples. Read it once before writing a model."
    )]
    fn language_reference(&self) -> CallToolResult {
        result(tools::language_reference())
    }

    #[tool(
        description = "Every element kind, boundary kind, flow kind, record and enum the language has, grouped. Use it to choose the kind of each part of the system."
    )]
    fn list_elements(&self) -> CallToolResult {
        result(tools::list_elements())
    }

    #[tool(
        description = "The attributes of a kind (with type, default and meaning), the fields of a record or the members of an enum, as JSON. Use it before writing a declaration, or when `check` reports an unknown attribute or value."
    )]
    fn describe(&self, Parameters(input): Parameters<DescribeInput>) -> CallToolResult {
        result(tools::describe(&input.name))
    }

    #[tool(
        description = "Compile a model and report its problems as JSON: each diagnostic's code, severity, message, file, line and column, and notes with hints such as did-you-mean. Call it after every edit, fix what it reports, and call again until `ok` is true; then it gives the model's size and how many findings there are."
    )]
    fn check(&self, Parameters(input): Parameters<ModelInput>) -> CallToolResult {
        result(tools::check(&input))
    }

    #[tool(
        description = "The threats found in a model that checks clean, as JSON: each finding's id (THREAT@element), threat, title, severity, likelihood, target, status and mitigation. Use it to review the model's risks and decide which controls to add."
    )]
    fn threats(&self, Parameters(input): Parameters<ThreatsInput>) -> CallToolResult {
        result(tools::threats(&input.model, input.open_only, input.limit))
    }

    #[tool(
        description = "Why one threat did or did not fire on one element: its condition evaluated there step by step, the verdict, and what would change it. Use it on a finding from `threats` (its `threat` and `target`) before adding a control or an assumption."
    )]
    fn explain(&self, Parameters(input): Parameters<ExplainInput>) -> CallToolResult {
        result(tools::explain(
            &input.model,
            &input.threat,
            &input.element,
            input.json,
        ))
    }

    #[tool(
        description = "The attack paths of a model that checks clean: every route along its request flows from `from` to `to` (element ids, boundary ids or trust levels), shortest first, each hop with its protocol, port, controls, data and the boundaries it crosses, and the weakest hop of each path (not encrypted, not authenticated). Use it to answer who can reach what, and through which flows."
    )]
    fn paths(&self, Parameters(input): Parameters<PathsInput>) -> CallToolResult {
        result(tools::paths(
            &input.model,
            &input.from,
            &input.to,
            input.max_hops,
            input.json,
        ))
    }

    #[tool(
        description = "Lay .tm text out in the canonical format (as `tmc fmt`), returning the formatted text, or the syntax error that stops it. Use it before saving a model."
    )]
    fn fmt(&self, Parameters(input): Parameters<FmtInput>) -> CallToolResult {
        result(tools::fmt(&input.text, crate::source::DEFAULT_NAME))
    }

    #[tool(
        description = "The data-flow diagram of a model that checks clean: Mermaid text (default, to show in chat or Markdown), SVG or Graphviz DOT. Use it to show the user the system as modelled."
    )]
    fn dfd(&self, Parameters(input): Parameters<DfdInput>) -> CallToolResult {
        let format = match input.format {
            Drawing::Mermaid => DfdFormat::Mermaid,
            Drawing::Svg => DfdFormat::Svg,
            Drawing::Dot => DfdFormat::Dot,
        };
        result(tools::dfd(&input.model, format, input.colormap))
    }
}

impl Default for Server {
    fn default() -> Server {
        Server::new()
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("tmc", env!("CARGO_PKG_VERSION")))
            .with_instructions(INSTRUCTIONS)
    }
}

/// An answer as a tool result.
fn result(answer: Answer) -> CallToolResult {
    let mut out = match answer.ok {
        true => CallToolResult::success(vec![ContentBlock::text(answer.text)]),
        false => CallToolResult::error(vec![ContentBlock::text(answer.text)]),
    };
    out.structured_content = answer.data;
    out
}
