//! Which format `report`, `dfd`, `seq`, `threats` and `check` write. A `--format`
//! given on the command line wins; without one, the extension of the
//! `-o/--output` file picks it (`-o report.html` writes HTML), and
//! otherwise the command's default applies. Every command's extensions are
//! listed here, one table per format enum.

use std::path::Path;

use crate::args::{DfdFormat, FindingsFormat, ReportFormat, SeqFormat};

/// A `--format` enum whose value can come from an output file's name.
pub trait ByExtension: Copy + 'static {
    /// File-name endings (lowercase, with the leading dot) and the format
    /// each picks, tried in order: a longer ending comes before a shorter
    /// one it ends in (`.sarif.json` before `.json`).
    const EXTENSIONS: &'static [(&'static str, Self)];
    /// The format when neither `--format` nor the extension says.
    const DEFAULT: Self;
}

/// The format to write: `explicit` if given, else the one the end of
/// `output`'s file name names, else the default.
pub fn choose<F: ByExtension>(explicit: Option<F>, output: Option<&Path>) -> F {
    explicit
        .or_else(|| output.and_then(by_extension))
        .unwrap_or(F::DEFAULT)
}

/// The format whose ending `path`'s file name has, without regard to case.
/// A name that is only the ending (`.html`) has no extension, as for
/// `Path::extension`.
fn by_extension<F: ByExtension>(path: &Path) -> Option<F> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    F::EXTENSIONS
        .iter()
        .find(|(ending, _)| name.len() > ending.len() && name.ends_with(ending))
        .map(|&(_, format)| format)
}

impl ByExtension for ReportFormat {
    const EXTENSIONS: &'static [(&'static str, Self)] = &[
        (".html", Self::Html),
        (".htm", Self::Html),
        (".md", Self::Markdown),
        (".markdown", Self::Markdown),
    ];
    const DEFAULT: Self = Self::Markdown;
}

impl ByExtension for DfdFormat {
    const EXTENSIONS: &'static [(&'static str, Self)] = &[
        (".dot", Self::Dot),
        (".gv", Self::Dot),
        (".mmd", Self::Mermaid),
        (".mermaid", Self::Mermaid),
        (".svg", Self::Svg),
    ];
    const DEFAULT: Self = Self::Dot;
}

impl ByExtension for SeqFormat {
    const EXTENSIONS: &'static [(&'static str, Self)] = &[
        (".puml", Self::Plantuml),
        (".plantuml", Self::Plantuml),
        (".pu", Self::Plantuml),
        (".mmd", Self::Mermaid),
        (".mermaid", Self::Mermaid),
    ];
    const DEFAULT: Self = Self::Plantuml;
}

impl ByExtension for FindingsFormat {
    const EXTENSIONS: &'static [(&'static str, Self)] = &[
        (".sarif.json", Self::Sarif),
        (".sarif", Self::Sarif),
        (".json", Self::Json),
    ];
    const DEFAULT: Self = Self::Human;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The format chosen without `--format` for an output file `name`.
    fn for_file<F: ByExtension>(name: &str) -> F {
        choose(None, Some(Path::new(name)))
    }

    /// Checks that each output file name picks its format.
    fn picks<F: ByExtension + PartialEq + std::fmt::Debug>(cases: &[(&str, F)]) {
        for &(name, format) in cases {
            assert_eq!(for_file::<F>(name), format, "{name}");
        }
    }

    #[test]
    fn report_extensions() {
        for name in ["r.html", "out/r.htm", "r.HTML", "r.Htm"] {
            assert_eq!(for_file::<ReportFormat>(name), ReportFormat::Html, "{name}");
        }
        for name in ["r.md", "r.markdown", "r.MD", "r.txt", "report"] {
            assert_eq!(
                for_file::<ReportFormat>(name),
                ReportFormat::Markdown,
                "{name}"
            );
        }
    }

    #[test]
    fn dfd_extensions() {
        let cases = [
            ("d.dot", DfdFormat::Dot),
            ("d.gv", DfdFormat::Dot),
            ("d.mmd", DfdFormat::Mermaid),
            ("d.mermaid", DfdFormat::Mermaid),
            ("d.svg", DfdFormat::Svg),
            ("d.SVG", DfdFormat::Svg),
            ("d.png", DfdFormat::Dot),
        ];
        picks(&cases);
    }

    #[test]
    fn seq_extensions() {
        let cases = [
            ("s.puml", SeqFormat::Plantuml),
            ("s.plantuml", SeqFormat::Plantuml),
            ("s.pu", SeqFormat::Plantuml),
            ("s.mmd", SeqFormat::Mermaid),
            ("s.Mermaid", SeqFormat::Mermaid),
            ("s.svg", SeqFormat::Plantuml),
        ];
        picks(&cases);
    }

    #[test]
    fn threats_extensions() {
        let cases = [
            ("f.json", FindingsFormat::Json),
            ("f.JSON", FindingsFormat::Json),
            ("f.sarif", FindingsFormat::Sarif),
            ("f.sarif.json", FindingsFormat::Sarif),
            ("f.SARIF.Json", FindingsFormat::Sarif),
            ("f.txt", FindingsFormat::Human),
        ];
        picks(&cases);
    }

    #[test]
    fn an_explicit_format_wins_over_the_extension() {
        let html = Some(Path::new("report.html"));
        assert_eq!(
            choose(Some(ReportFormat::Markdown), html),
            ReportFormat::Markdown
        );
        let sarif = Some(Path::new("f.sarif"));
        assert_eq!(
            choose(Some(FindingsFormat::Human), sarif),
            FindingsFormat::Human
        );
        assert_eq!(choose(Some(DfdFormat::Svg), None), DfdFormat::Svg);
    }

    #[test]
    fn no_output_or_no_known_extension_gives_the_default() {
        assert_eq!(choose::<ReportFormat>(None, None), ReportFormat::Markdown);
        assert_eq!(choose::<DfdFormat>(None, None), DfdFormat::Dot);
        assert_eq!(choose::<SeqFormat>(None, None), SeqFormat::Plantuml);
        assert_eq!(choose::<FindingsFormat>(None, None), FindingsFormat::Human);
        for name in ["out", "html", ".html", "-"] {
            assert_eq!(for_file::<DfdFormat>(name), DfdFormat::Dot, "{name}");
            assert_eq!(
                for_file::<ReportFormat>(name),
                ReportFormat::Markdown,
                "{name}"
            );
        }
    }
}
