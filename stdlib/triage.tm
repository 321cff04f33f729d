// Risk tracking. A `Triage` records what the team decided about a finding
// (or a set of findings) and lasts across versions of the model: it names
// findings by threat id and by the elements they are on, never by position,
// so reordering, reformatting or moving declarations between files keeps it;
// an element renamed with `renamedFrom` keeps it too. Like `Expect`, a
// `Triage` is not an element: it sits in no boundary, no threat is checked
// on it and no diagram shows it. See docs/language.md, "Risk tracking".
//
// Which findings a triage decides: the threat `threat_id` (or "*", every
// threat) on what `on` names (everything when empty), only on elements of
// `kinds` when given. When several triages match one finding, the most
// specific wins: one naming the element itself, then a boundary holding it
// (the innermost first), then every element; at the same level, one
// restricted by `kinds`, then one with an exact threat id rather than "*".
// Two equally specific triages of one finding are an error.

/// Where a finding stands; a finding nobody triaged is OPEN. NEEDS_INVESTIGATION and IN_PROGRESS still count as open for `--fail-on`; the other decisions close the finding until their `reviewBy` date passes.
enum TriageStatus {
  /// Nobody has decided anything yet (every finding without a triage is open).
  OPEN
  /// Someone has to find out whether the threat is real here before it can be decided.
  NEEDS_INVESTIGATION
  /// A fix is being built, usually with a `ticket`; still open until it ships.
  IN_PROGRESS
  /// A control in place counters the threat here.
  MITIGATED
  /// The risk is known and taken on purpose; needs a `justification`, and should have a `reviewBy` date.
  ACCEPTED
  /// Someone else carries the risk, such as a provider, an insurer or a customer by contract; needs a `justification`.
  TRANSFERRED
  /// The rule fired but the threat does not exist here, because the model is coarser than the system; needs a `justification`.
  FALSE_POSITIVE
  /// The threat exists in general but cannot happen in this deployment; needs a `justification`.
  NOT_APPLICABLE
}

/// A decision about findings, which lasts across versions: their status, why, who owns it, the ticket and when to review it; `threat_id`, `on` and `kinds` say which findings (see docs/language.md, "Risk tracking").
kind Triage {
  /// The id of the threat, such as "INP02", or "*" for every threat (`threat` is a keyword; overrides and expectations name threats with `threat_id` too).
  threat_id:     string
  /// The elements, flows or boundaries whose findings it decides; a boundary stands for everything inside it (nested boundaries included, and flows with both ends inside). Empty: every element of the model.
  on:            [Element] = []
  /// Only the findings on elements of these kinds (or of kinds under them), such as ["Datastore"]; empty: any kind.
  kinds:         [string]  = []
  /// What was decided.
  status:        TriageStatus
  /// Why; required for ACCEPTED, TRANSFERRED, FALSE_POSITIVE and NOT_APPLICABLE, and shown in reports and as the SARIF suppression's justification.
  justification: string    = ""
  /// Who owns the decision or the fix, such as a person or a team.
  owner:         string    = ""
  /// A link to the ticket that tracks the work or the decision.
  ticket:        string    = ""
  /// When it was decided, as YYYY-MM-DD.
  decided:       string    = ""
  /// When the decision must be looked at again, as YYYY-MM-DD; from the day after, the findings count as open again and a warning names the triage.
  reviewBy:      string    = ""
}
