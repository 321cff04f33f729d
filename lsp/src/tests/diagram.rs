//! The `tmc/diagram` request: the model's data-flow diagram as SVG, and
//! where each object it draws is declared. Each snapshot lists the ids the
//! SVG gives its elements, boundaries and flows, then the locations.

use insta::assert_snapshot;

use super::{Project, SHOP};

fn diagram(project: Project) -> String {
    let project = project.compiled();
    let (engine, path, _) = project.at();
    let answer = match engine.diagram(path) {
        None => "no diagram".to_string(),
        Some(d) => {
            assert!(d.svg.starts_with("<?xml") && d.svg.trim_end().ends_with("</svg>"));
            let ids: Vec<&str> = d
                .svg
                .split(" id=\"tmc-")
                .skip(1)
                .filter_map(|s| s.split('"').next())
                .filter(|id| {
                    ["element-", "boundary-", "flow-"]
                        .iter()
                        .any(|p| id.starts_with(p))
                })
                .collect();
            let places: Vec<String> = d
                .locations
                .iter()
                .map(|(id, at)| format!("{id} -> {}", project.show(at)))
                .collect();
            format!("svg ids: {}\n{}", ids.join(" "), places.join("\n"))
        }
    };
    format!("{}=== answer\n{answer}\n", project.sources())
}

#[test]
fn of_a_model_each_drawn_object_and_its_declaration() {
    let named = SHOP.replace("flow user -> web", "flow order: user -> web");
    assert_snapshot!(diagram(Project::new(&format!("|{named}"))));
}

#[test]
fn while_the_file_does_not_parse_the_last_good_compilation_answers() {
    let broken = format!("{SHOP}Server broken \"B\" {{|");
    let project = Project::new(SHOP).compiled().edit("main.tm", &broken);
    assert_snapshot!(diagram(project));
}

#[test]
fn of_a_file_that_never_compiled() {
    assert_snapshot!(diagram(Project::new("model \"M\" {|")));
}

#[test]
fn it_is_the_svg_tmc_dfd_draws() {
    let project = Project::new(&format!("|{SHOP}")).compiled();
    let (engine, path, _) = project.at();
    let d = engine.diagram(path).expect("a diagram");
    let root = [std::path::PathBuf::from("/tmc-lsp-tests/main.tm")];
    let options = tmc_compiler::Options::default();
    let c = tmc_compiler::compile_with(&root, &options, &tmc_compiler::OneFile(SHOP));
    let model = c.model.as_ref().expect("a model");
    let findings = c.findings.as_deref().unwrap_or_default();
    let dfd = tmc_diagram::ir::dfd(&c.schema, model, findings, &Default::default());
    assert_eq!(d.svg, tmc_diagram::svg::render(&dfd));
}
