//! The engine on a small model: values as pytm prints them, the
//! constructs, and errors at their place.

use crate::report::Template;

const MODEL: &str = r#"model "Shop" { description = "A <small> shop." }
boundary net "Net"
boundary inner "Inner" in net
Actor user "User" in net
Server web "Web" in inner { port = 443 }
Data order "Order" { classification = SECRET }
flow buy: user -> web "Buy" { data = [order] order = 2 }
"#;

fn run(template: &str) -> Result<String, String> {
    let (c, model) = crate::compile_clean(MODEL);
    let findings = c.findings.as_deref().unwrap_or_default();
    let t = Template {
        name: "t.md",
        source: template,
    };
    super::render(t, &c.schema, &model, &c.library, findings).map_err(|e| e.to_string())
}

#[test]
fn plain_fields_print_as_python_prints_them() {
    assert_eq!(
        run("{tm.name}: {tm.description}").unwrap(),
        "Shop: A <small> shop."
    );
    assert_eq!(
        run("{data:repeat:{{item}} {{item.classification}} {{item.classification.name}} {{item.classification.value}};}").unwrap(),
        "Data(Order) Classification.SECRET SECRET 4;"
    );
    assert_eq!(
        run("{dataflows:repeat:{{item.source}}>{{item.sink.name}} {{item.data}} {{item.order}} {{item.isResponse}} {{item.responseTo}} {{item.display_name:call:}}}").unwrap(),
        "Actor(User)>Web Order 2 False None (2) Buy"
    );
    assert_eq!(
        run("{tm.assumptions} {tm.assumptions:if:yes}{tm.assumptions:not:no}").unwrap(),
        "[] no"
    );
}

#[test]
fn braces_double_and_nest() {
    assert_eq!(run("{{x}} {tm.name}").unwrap(), "{x} Shop");
    assert_eq!(
        run("{boundaries:repeat:{{item.name}}<{{item.parents:call:{{{{item.name}}}},}}|}").unwrap(),
        "Net<|Inner<Net,|"
    );
    assert_eq!(
        run("{data:repeat:{{item.carriedBy:repeat:{{{{item.name}}}}}}}").unwrap(),
        "Buy"
    );
}

#[test]
fn helpers_answer_as_report_utils_does() {
    assert_eq!(
        run("{boundaries:repeat:{{item:call:getParentName}}/{{item:call:getElementType}};}")
            .unwrap(),
        "/Boundary;Net/Boundary;"
    );
    assert_eq!(
        run("{actors:repeat:{{item:call:getParentName}}}").unwrap(),
        "ERROR: getParentName method is not valid for Actor"
    );
    assert_eq!(
        run("{boundaries:repeat:{{item:call:getNamesOfParents:{{{{item}}}}}}}").unwrap(),
        "Net"
    );
}

#[test]
fn specs_format_as_python_formats() {
    assert_eq!(
        run("[{tm.name:>6}] [{tm.name!r}]").unwrap(),
        "[  Shop] ['Shop']"
    );
    assert_eq!(run("{assets:repeat:{{item.port:05d}}}").unwrap(), "00443");
}

#[test]
fn errors_point_into_the_template() {
    let e = run("line\n  {tm.nme}").unwrap_err();
    assert!(
        e.starts_with("t.md:2:7: AttributeError: `Model` has no attribute `nme`"),
        "{e}"
    );
    assert!(e.contains("description"), "{e}");
    let e = run("{dataflows:repeat:\n{{item.colour}}}").unwrap_err();
    assert!(
        e.starts_with("t.md:2:8: AttributeError: `Dataflow` has no attribute `colour`"),
        "{e}"
    );
    let e = run("{actors:repeat:{{item:call:getColour}}}").unwrap_err();
    assert!(
        e.starts_with("t.md:1:28: AttributeError: ReportUtils has no helper `getColour`"),
        "{e}"
    );
    let e = run("{dataflows:repeat:{{tm.name}}}").unwrap_err();
    assert!(
        e.starts_with("t.md:1:21: KeyError: no variable `tm` here"),
        "{e}"
    );
    let e = run("a}").unwrap_err();
    assert_eq!(e, "t.md:1:2: Single '}' encountered in format string");
    let e = run("{tm.name:{tm.name:{tm.name}}}").unwrap_err();
    assert!(
        e.starts_with("t.md:1:19: Max string recursion exceeded"),
        "{e}"
    );
    let e = run("{elements:repeat:{{item}}{{item.findings}}}").unwrap_err();
    assert!(e.contains("memory address"), "{e}");
    let e = run("{tm.name:d}").unwrap_err();
    assert!(e.contains("Unknown format code 'd'"), "{e}");
}

#[test]
fn detection_needs_a_pytm_variable_and_no_jinja_tag() {
    assert!(super::looks_like_pytm("# {tm.name}\n{findings:repeat:x}"));
    assert!(super::looks_like_pytm("{dataflows:repeat:{{item.name}}}"));
    assert!(!super::looks_like_pytm("{{ model.name }}"));
    assert!(!super::looks_like_pytm(
        "{% for f in findings %}{tm.name}{% endfor %}"
    ));
    assert!(!super::looks_like_pytm("{{tm.name}}"));
}
