//! The embedded `.tm` files: the standard library in `stdlib/` (every
//! element kind, record, enum and stdlib predicate) and the built-in threat
//! library in `threats/`, so `tmc` needs no files beside it.

/// (name shown in messages, text), in load order.
pub const FILES: &[(&str, &str)] = &[
    ("<stdlib>/enums.tm", include_str!("../../stdlib/enums.tm")),
    (
        "<stdlib>/records.tm",
        include_str!("../../stdlib/records.tm"),
    ),
    (
        "<stdlib>/elements.tm",
        include_str!("../../stdlib/elements.tm"),
    ),
    ("<stdlib>/model.tm", include_str!("../../stdlib/model.tm")),
    ("<stdlib>/rules.tm", include_str!("../../stdlib/rules.tm")),
];

/// The built-in threat library, (name shown in messages, text).
pub const THREATS: &[(&str, &str)] = &[
    (
        "<threats>/input-1.tm",
        include_str!("../../threats/input-1.tm"),
    ),
    (
        "<threats>/input-2.tm",
        include_str!("../../threats/input-2.tm"),
    ),
    (
        "<threats>/access.tm",
        include_str!("../../threats/access.tm"),
    ),
    ("<threats>/data.tm", include_str!("../../threats/data.tm")),
    (
        "<threats>/platform.tm",
        include_str!("../../threats/platform.tm"),
    ),
    ("<threats>/llm.tm", include_str!("../../threats/llm.tm")),
];
