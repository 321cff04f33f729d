// Rule tests. A test is an ordinary model file with `Expect` declarations
// beside its elements; `tmc test` compiles it with the threat rules in use
// and checks each expectation against the findings. `Expect` is not an
// element (it has no parent kind, like Model and Data): it sits in no
// boundary, no threat is checked on it, and no diagram, report or export
// shows it. Other commands accept a model holding expectations and ignore
// them. See docs/rules.md, "Testing rules".

/// An expectation of a rule test: the threat `threat_id` must (or, with `fires = false`, must not) be reported on `on`.
kind Expect {
  /// The id of the threat, such as "DE03" (`threat` is a keyword; overrides name threats with `threat_id` too).
  threat_id: string
  /// The element, boundary or flow it is checked on.
  on:        Element
  /// Whether it must be reported there (true) or must not be (false); a finding ruled out by an assumption counts as not reported.
  fires:     bool = true
}
