//! The standard library: the `.tm` files in `stdlib/` that declare every
//! element kind, record and enum, embedded in the binary so `tmc` needs no
//! files beside it.

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
];
