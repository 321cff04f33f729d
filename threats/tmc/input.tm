// tmc's library: input handling: injection, cross-site scripting and parsing.
//
// Each threat refines the pytm threat of the same id (`refines pytm.ID`):
// it inherits the title, condition and texts, and adds its STRIDE (and,
// for privacy threats, LINDDUN) categories.

threat INP01 refines pytm.INP01 {
  stride = [Tampering, ElevationOfPrivilege]
}
threat INP02 refines pytm.INP02 {
  stride = [Tampering, ElevationOfPrivilege]
}
threat INP03 refines pytm.INP03 {
  stride = [Tampering, ElevationOfPrivilege]
}
threat INP04 refines pytm.INP04 {
  stride = [Tampering]
}
threat INP05 refines pytm.INP05 {
  stride = [Tampering, InformationDisclosure, ElevationOfPrivilege]
}
threat INP06 refines pytm.INP06 {
  stride = [Tampering, InformationDisclosure]
}
threat INP07 refines pytm.INP07 {
  stride = [Tampering, ElevationOfPrivilege]
}
threat INP08 refines pytm.INP08 {
  stride = [Tampering, ElevationOfPrivilege]
}
threat INP09 refines pytm.INP09 {
  stride = [Tampering, InformationDisclosure]
}
threat INP10 refines pytm.INP10 {
  stride = [Tampering]
}
threat INP11 refines pytm.INP11 {
  stride = [InformationDisclosure, Tampering]
}
threat INP12 refines pytm.INP12 {
  stride = [Tampering, ElevationOfPrivilege]
}
threat INP13 refines pytm.INP13 {
  stride = [Tampering, ElevationOfPrivilege]
}
threat INP14 refines pytm.INP14 {
  stride = [Tampering]
}
threat INP15 refines pytm.INP15 {
  stride = [Tampering]
}
threat INP16 refines pytm.INP16 {
  stride = [ElevationOfPrivilege, Tampering]
}
threat INP17 refines pytm.INP17 {
  stride = [Tampering, InformationDisclosure]
}
threat INP18 refines pytm.INP18 {
  stride = [InformationDisclosure]
}
threat INP19 refines pytm.INP19 {
  stride = [DenialOfService]
}
threat INP20 refines pytm.INP20 {
  stride = [Spoofing, Tampering]
}
threat INP21 refines pytm.INP21 {
  stride = [Tampering, DenialOfService]
}
threat INP22 refines pytm.INP22 {
  stride = [DenialOfService]
}
threat INP23 refines pytm.INP23 {
  stride = [Tampering, ElevationOfPrivilege]
}
threat INP24 refines pytm.INP24 {
  stride = [Tampering, ElevationOfPrivilege]
}
threat INP25 refines pytm.INP25 {
  stride = [Tampering]
}
threat INP26 refines pytm.INP26 {
  stride = [Tampering, ElevationOfPrivilege]
}
threat INP27 refines pytm.INP27 {
  stride = [Tampering, InformationDisclosure]
}
threat INP28 refines pytm.INP28 {
  stride = [Tampering, InformationDisclosure]
}
threat INP29 refines pytm.INP29 {
  stride = [Tampering, InformationDisclosure]
}
threat INP30 refines pytm.INP30 {
  stride = [Tampering, InformationDisclosure]
}
threat INP31 refines pytm.INP31 {
  stride = [Tampering, ElevationOfPrivilege]
}
threat INP32 refines pytm.INP32 {
  stride = [Tampering, InformationDisclosure]
}
threat INP33 refines pytm.INP33 {
  stride = [ElevationOfPrivilege]
}
threat INP34 refines pytm.INP34 {
  stride = [Tampering, DenialOfService]
}
threat INP35 refines pytm.INP35 {
  stride = [Tampering]
}
threat INP36 refines pytm.INP36 {
  stride = [Tampering, Spoofing]
}
threat INP37 refines pytm.INP37 {
  stride = [Tampering, Spoofing]
}
threat INP38 refines pytm.INP38 {
  stride = [Tampering, InformationDisclosure]
}
threat INP39 refines pytm.INP39 {
  stride = [Tampering, InformationDisclosure]
}
threat INP40 refines pytm.INP40 {
  stride = [Tampering, InformationDisclosure]
}
threat INP41 refines pytm.INP41 {
  stride = [Tampering, ElevationOfPrivilege]
}
threat SC01 refines pytm.SC01 {
  stride = [InformationDisclosure]
}
threat SC02 refines pytm.SC02 {
  stride = [Tampering, InformationDisclosure]
}
threat SC03 refines pytm.SC03 {
  stride = [Tampering, InformationDisclosure]
}
threat SC04 refines pytm.SC04 {
  stride = [Tampering, InformationDisclosure]
}
threat SC05 refines pytm.SC05 {
  stride = [Tampering]
}
