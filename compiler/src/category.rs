//! Threat categories: the members of the stdlib's `Stride` and `Linddun`
//! enums that a threat lists in `stride` and `linddun`. `tmc threats
//! --category` picks findings by them (`Filter`); the outputs show them
//! (`stride_letters`, `tags`).

use crate::findings::Finding;
use crate::rules::{Library, Threat};

/// A classification scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scheme {
    Stride,
    Linddun,
}

impl Scheme {
    /// `STRIDE` or `LINDDUN`, as tags and tables write it.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Stride => "STRIDE",
            Scheme::Linddun => "LINDDUN",
        }
    }

    /// The stdlib enum whose members are its categories (a test checks
    /// the stdlib declares them).
    #[cfg(test)]
    fn enumeration(self) -> &'static str {
        match self {
            Scheme::Stride => "Stride",
            Scheme::Linddun => "Linddun",
        }
    }

    /// Its categories, in the enum's order.
    pub(crate) fn members(self) -> &'static [&'static str] {
        match self {
            Scheme::Stride => &STRIDE,
            Scheme::Linddun => &LINDDUN,
        }
    }

    /// A threat's categories in this scheme, as written.
    pub fn of(self, threat: &Threat) -> &[String] {
        match self {
            Scheme::Stride => &threat.stride,
            Scheme::Linddun => &threat.linddun,
        }
    }
}

/// The members of the stdlib's `Stride` enum, in order; the first letters
/// spell S, T, R, I, D, E.
pub const STRIDE: [&str; 6] = [
    "Spoofing",
    "Tampering",
    "Repudiation",
    "InformationDisclosure",
    "DenialOfService",
    "ElevationOfPrivilege",
];

/// The members of the stdlib's `Linddun` enum, in order.
pub(crate) const LINDDUN: [&str; 7] = [
    "Linking",
    "Identifying",
    "NonRepudiation",
    "Detecting",
    "DataDisclosure",
    "Unawareness",
    "NonCompliance",
];

/// One category of one scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Category {
    pub scheme: Scheme,
    /// The enum member, e.g. `InformationDisclosure`.
    pub member: &'static str,
}

impl Category {
    /// Every category: STRIDE's, then LINDDUN's.
    pub(crate) fn all() -> impl Iterator<Item = Category> {
        [Scheme::Stride, Scheme::Linddun]
            .into_iter()
            .flat_map(|scheme| {
                scheme
                    .members()
                    .iter()
                    .map(move |&member| Category { scheme, member })
            })
    }

    /// The category named `text`: an enum member in any case
    /// (`informationdisclosure`), or a STRIDE letter (`I`). The error says
    /// which names there are.
    pub fn parse(text: &str) -> Result<Category, String> {
        let text = text.trim();
        let letter = |c: &Category| {
            c.scheme == Scheme::Stride
                && text.len() == 1
                && c.member[..1].eq_ignore_ascii_case(text)
        };
        Category::all()
            .find(|c| c.member.eq_ignore_ascii_case(text) || letter(c))
            .ok_or_else(|| {
                format!(
                    "unknown threat category `{}`; the categories are STRIDE's {} (or their letters S, T, R, I, D, E) and LINDDUN's {}",
                    crate::escape::terminal::line(text),
                    STRIDE.join(", "),
                    LINDDUN.join(", ")
                )
            })
    }

    /// Whether `threat` lists it.
    pub(crate) fn of(self, threat: &Threat) -> bool {
        self.scheme.of(threat).iter().any(|m| m == self.member)
    }
}

/// A threat's categories, STRIDE's then LINDDUN's, each as written.
pub fn of(threat: &Threat) -> impl Iterator<Item = (Scheme, &str)> {
    let stride = threat.stride.iter().map(|m| (Scheme::Stride, m.as_str()));
    let linddun = threat.linddun.iter().map(|m| (Scheme::Linddun, m.as_str()));
    stride.chain(linddun)
}

/// The first letters of a threat's STRIDE categories in S, T, R, I, D, E
/// order, separated by spaces (`S T I`), or `""` without any.
pub fn stride_letters(threat: &Threat) -> String {
    let letters: Vec<&str> = STRIDE
        .iter()
        .filter(|m| threat.stride.iter().any(|s| s == *m))
        .map(|m| &m[..1])
        .collect();
    letters.join(" ")
}

/// Which threats `--category` keeps: those with at least one of the
/// categories. An empty filter keeps every threat.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    categories: Vec<Category>,
}

impl Filter {
    /// The filter of `values`, each a name or a comma-separated list of
    /// names (`--category S,T --category Linking`), as the command line
    /// splits them (for tests).
    #[cfg(test)]
    fn parse<S: AsRef<str>>(values: &[S]) -> Result<Filter, String> {
        let mut categories = Vec::new();
        for part in values.iter().flat_map(|v| v.as_ref().split(',')) {
            if part.trim().is_empty() {
                continue;
            }
            let c = Category::parse(part)?;
            if !categories.contains(&c) {
                categories.push(c);
            }
        }
        Ok(Filter { categories })
    }

    pub fn new(categories: Vec<Category>) -> Filter {
        Filter { categories }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.categories.is_empty()
    }

    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// Whether it keeps `threat`.
    pub fn keeps(&self, threat: &Threat) -> bool {
        self.is_empty() || self.categories.iter().any(|c| c.of(threat))
    }

    /// The findings whose threat it keeps, in the order given: borrowed
    /// as they are when it keeps every threat.
    pub fn findings<'a>(
        &self,
        library: &Library,
        findings: &'a [Finding],
    ) -> std::borrow::Cow<'a, [Finding]> {
        if self.is_empty() {
            return std::borrow::Cow::Borrowed(findings);
        }
        let kept: Vec<bool> = library.threats.iter().map(|t| self.keeps(t)).collect();
        std::borrow::Cow::Owned(
            findings
                .iter()
                .filter(|f| kept[f.threat.index()])
                .cloned()
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_members_are_the_stdlib_enums() {
        let (schema, _, diags) = crate::stdlib_schema();
        assert!(diags.is_empty(), "{diags:?}");
        for scheme in [Scheme::Stride, Scheme::Linddun] {
            let e = schema.enumeration(scheme.enumeration()).expect("declared");
            let names: Vec<&str> = e.members.iter().map(|m| m.name.as_str()).collect();
            assert_eq!(names, scheme.members(), "{}", scheme.name());
        }
    }

    #[test]
    fn names_are_matched_in_any_case_and_stride_by_letter() {
        let p = |s| Category::parse(s).map(|c| (c.scheme, c.member));
        assert_eq!(
            p("informationDISCLOSURE"),
            Ok((Scheme::Stride, "InformationDisclosure"))
        );
        assert_eq!(p("i"), Ok((Scheme::Stride, "InformationDisclosure")));
        assert_eq!(p(" D "), Ok((Scheme::Stride, "DenialOfService")));
        assert_eq!(p("datadisclosure"), Ok((Scheme::Linddun, "DataDisclosure")));
        assert_eq!(p("nonrepudiation"), Ok((Scheme::Linddun, "NonRepudiation")));
        // LINDDUN has no letters: L is not a category.
        let e = p("L").unwrap_err();
        assert!(e.contains("unknown threat category `L`"), "{e}");
        assert!(
            e.contains("ElevationOfPrivilege") && e.contains("NonCompliance"),
            "{e}"
        );
        let e = p("Spoof\u{1b}[2J").unwrap_err();
        assert!(!e.contains('\u{1b}'), "{e}");
    }

    #[test]
    fn a_filter_keeps_the_threats_with_any_of_its_categories() {
        let f = Filter::parse(&["S,t", "Linking", "s", ""]).unwrap();
        assert_eq!(f.categories().len(), 3);
        let c = crate::compile_clean("model \"M\" { description = \"d\" }\nServer s \"S\"\n").0;
        let mut threat = c.library.threats[0].clone();
        threat.stride = vec!["InformationDisclosure".into()];
        threat.linddun = vec![];
        assert!(!f.keeps(&threat));
        assert!(Filter::default().keeps(&threat));
        threat.linddun = vec!["Linking".into()];
        assert!(f.keeps(&threat));
        threat.linddun = vec![];
        threat.stride = vec!["Tampering".into()];
        assert!(f.keeps(&threat));
        assert_eq!(stride_letters(&threat), "T");
        threat.stride = vec![
            "ElevationOfPrivilege".into(),
            "Spoofing".into(),
            "Tampering".into(),
        ];
        assert_eq!(stride_letters(&threat), "S T E");
    }

    #[test]
    fn filtered_findings_are_those_of_the_kept_threats() {
        let (c, _) = crate::compile_clean(
            "model \"M\" { description = \"d\" }\nServer s \"S\"\nDatastore d \"D\"\n",
        );
        let all = c.findings.as_deref().unwrap_or_default();
        let f = Filter::parse(&["R"]).unwrap();
        let kept = f.findings(&c.library, all);
        let expected = all
            .iter()
            .filter(|x| {
                c.library.threats[x.threat]
                    .stride
                    .iter()
                    .any(|s| s == "Repudiation")
            })
            .count();
        assert_eq!(kept.len(), expected);
        assert!(kept.len() < all.len(), "{} of {}", kept.len(), all.len());
        assert!(matches!(
            Filter::default().findings(&c.library, all),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
