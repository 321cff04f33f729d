// tmc's library: language models and agents.
//
// Each threat refines the pytm threat of the same id (`refines pytm.ID`)
// and keeps its texts where its condition is pytm's. LLM03 and LLM08 also
// read the data that flows into the model, not only `processesPersonalData`.
// LLM07 (jailbreaking, raised on every model with a system prompt and no
// content filter) is folded into LLM01, whose condition covers it.

/// Some flow into the asset carries sensitive data (`carriesSensitiveData`).
predicate receivesSensitiveData(a: Asset) = any f in a.inputs: carriesSensitiveData(f)

threat LLM01 "Prompt injection and jailbreaking" refines pytm.LLM01 {
  stride = [Tampering, ElevationOfPrivilege]
  capec = [242]
}
threat LLM02 refines pytm.LLM02 {
  stride = [Tampering]
}
threat LLM03 refines pytm.LLM03 {
  stride = [InformationDisclosure]
  linddun = [DataDisclosure, NonCompliance]
  when = target.isThirdParty
         and (target.processesPersonalData or receivesSensitiveData(target))
         and not target.controls.providesConfidentiality
  details = """
    The model is run by an outside provider (`isThirdParty`), and the prompts
    sent to it hold personal or otherwise sensitive data: the model is marked
    `processesPersonalData`, or a flow into it carries data that needs
    protection. That data is then processed, and depending on the provider's
    terms logged, kept, read by its staff or used for training, on
    infrastructure you do not control. This can break data-protection law,
    contracts or sector rules, and the provider's breaches become yours.
    """
  prerequisites = """
    Personal or sensitive data goes in requests to a model an outside provider
    runs, with no masking, contractual limit or other measure protecting it.
    """
}
threat LLM04 refines pytm.LLM04 {
  stride = [Tampering]
}
threat LLM05 refines pytm.LLM05 {
  stride = [ElevationOfPrivilege]
}
threat LLM06 refines pytm.LLM06 {
  stride = [ElevationOfPrivilege]
}
threat LLM08 refines pytm.LLM08 {
  stride = [InformationDisclosure]
  linddun = [DataDisclosure]
  when = (target.processesPersonalData or receivesSensitiveData(target))
         and not target.controls.encodesOutput
}
threat LLM09 refines pytm.LLM09 {
  stride = [ElevationOfPrivilege, Tampering]
}
