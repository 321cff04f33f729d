// tmc's library: the model itself. A link that carries nothing, data that
// goes nowhere, or a party drawn in the wrong trust zone is either
// something the system should not have or a model that misleads every
// other rule: an outside party placed in an internal zone makes what it
// reaches look internal, so the threats that follow exposure go quiet.
// These findings are rated Low; each says what to change in the system or
// in the model.

/// The element `from` has a request flow to `to` that carries data: a reply declared as a flow of its own, without `responseTo`.
predicate repliesWithDataTo(from: Element, to: Element) =
  (from is Asset and (any g in from.outputs: g.sink == to and count(g.data) > 0))
  or (from is Actor and (any g in from.outputs: g.sink == to and count(g.data) > 0))

threat MOD01 "Communication link that carries no data" {
  targets = [Dataflow]
  stride = [ElevationOfPrivilege]
  severity = Low
  likelihood = Low
  when = count(target.data) == 0
         and not target.isResponse
         and target.response == none
         and not repliesWithDataTo(target.sink, target.source)
         and target.source.inScope
         and target.sink.inScope
  details = """
    The flow declares no data (`data` is empty, and its source holds
    none), and nothing comes back with data: no response is declared
    (`response`), and no flow goes the other way carrying data. Either the link is not needed, and it is a path an attacker can
    use between the two elements (firewall openings, credentials, client
    code) with no business reason, or it carries something the model does
    not say, and the data-protection threats cannot see it.
    """
  prerequisites = "The link exists in the deployed system, or the model leaves out what it carries."
  mitigations = """
    Remove links that are not used (and close the network paths and
    credentials they needed), or list what the flow carries in its `data`
    so the rules that read classification, personal data and credentials
    can check it.
    """
  example = "A legacy reporting connection from the web tier to the database is still open and holds a working database password, though no report has run for two years."
  cwe = [1125]
  references = ["https://cwe.mitre.org/data/definitions/1125.html"]
}

threat MOD02 "Data held that no flow uses" {
  targets = [Asset]
  stride = [InformationDisclosure]
  linddun = [DataDisclosure]
  severity = Low
  likelihood = Low
  when = any d in target.data: count(d.carriedBy) == 0
  details = """
    The element lists data in its `data` that no flow of the model
    carries: nothing reads it and nothing writes it. Data kept without a
    use is a liability: it can only leak, and for personal data keeping it
    breaks data minimisation. Or the model leaves out the flows that use
    it, and their threats are missing.
    """
  prerequisites = "The data is really kept, or the model omits the flows that use it."
  mitigations = """
    Delete the data and stop collecting it, or add the flows that read or
    write it, with their data, so the data-protection rules can check them.
    """
  example = "A customer table keeps scanned ID documents from a verification process retired years ago; they leak in the next breach."
  cwe = [1125]
  references = ["https://cwe.mitre.org/data/definitions/1125.html"]
}

threat MOD03 "Outside party drawn inside a trusted zone" {
  targets = [Actor]
  stride = [Spoofing, ElevationOfPrivilege]
  severity = Low
  likelihood = Medium
  when = not target.isStaff and not target.isAdmin and target.zone >= INTERNAL
  details = """
    The actor is neither staff (`isStaff`) nor an administrator, yet sits
    in a zone of trust INTERNAL or above. Customers, partners and the
    public reach the system from networks you do not control; drawn
    inside, they make everything they reach look internal, so every threat
    rated by exposure is under-rated or silent on it.
    """
  prerequisites = "The model places an outside party in an internal boundary."
  mitigations = """
    Move the actor to a boundary of its real trust (INTERNET for the
    public, PARTNER for a partner), or, if it is really staff working from
    the inside, set `isStaff`.
    """
  example = "The customer is drawn inside the 'Corporate network' boundary next to the web server, and the web server's findings are rated as if only employees could reach it."
  references = ["https://owasp.org/www-community/Threat_Modeling_Process"]
}

threat MOD04 "External system drawn inside your own trust zone" {
  targets = [ExternalEntity]
  stride = [Spoofing, ElevationOfPrivilege]
  severity = Low
  likelihood = Medium
  when = target.zone >= INTERNAL
  details = """
    An external entity, a system outside your control, sits in a zone of
    trust INTERNAL or above. Your boundary's controls do not apply to it,
    and what it sends is trusted as if your own services sent it: the
    threats that read where flows come from go quiet on everything it
    reaches.
    """
  prerequisites = "The model places a third-party system in an internal boundary."
  mitigations = """
    Move the entity to a boundary of its real trust (PARTNER for a
    partner's systems, INTERNET for a public service); if you do run it
    yourself, model it as a Server, Process or Datastore instead.
    """
  example = "A payment provider's API is drawn inside the VPC because it is reached through a private link; the service calling it is never asked to validate its responses."
  references = ["https://owasp.org/www-community/Threat_Modeling_Process"]
}
