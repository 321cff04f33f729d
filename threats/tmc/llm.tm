// tmc's library: language models and agents.
//
// Each threat refines the pytm threat of the same id (`refines pytm.ID`):
// it inherits the title, condition and texts, and adds its STRIDE (and,
// for privacy threats, LINDDUN) categories.

threat LLM01 refines pytm.LLM01 {
  stride = [Tampering, ElevationOfPrivilege]
}
threat LLM02 refines pytm.LLM02 {
  stride = [Tampering]
}
threat LLM03 refines pytm.LLM03 {
  stride = [InformationDisclosure]
  linddun = [DataDisclosure, NonCompliance]
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
threat LLM07 refines pytm.LLM07 {
  stride = [ElevationOfPrivilege, Tampering]
}
threat LLM08 refines pytm.LLM08 {
  stride = [InformationDisclosure]
  linddun = [DataDisclosure]
}
threat LLM09 refines pytm.LLM09 {
  stride = [Tampering, ElevationOfPrivilege]
}
