// tmc's library: data in transit and at rest: eavesdropping, leaks and unprotected data.
//
// Each threat refines the pytm threat of the same id (`refines pytm.ID`):
// it inherits the title, condition and texts, and adds its STRIDE (and,
// for privacy threats, LINDDUN) categories.

threat DS01 refines pytm.DS01 {
  stride = [InformationDisclosure]
}
threat DE01 refines pytm.DE01 {
  stride = [InformationDisclosure]
}
threat DE02 refines pytm.DE02 {
  stride = [Tampering]
}
threat DS02 refines pytm.DS02 {
  stride = [InformationDisclosure]
}
threat DE03 refines pytm.DE03 {
  stride = [InformationDisclosure]
}
threat DS03 refines pytm.DS03 {
  stride = [InformationDisclosure]
}
threat DS04 refines pytm.DS04 {
  stride = [InformationDisclosure, Tampering]
}
threat DS05 refines pytm.DS05 {
  stride = [InformationDisclosure]
}
threat DE04 refines pytm.DE04 {
  stride = [Repudiation, Tampering]
}
threat DS06 refines pytm.DS06 {
  stride = [InformationDisclosure]
  linddun = [DataDisclosure]
}
threat DR01 refines pytm.DR01 {
  stride = [InformationDisclosure]
  linddun = [DataDisclosure]
}
