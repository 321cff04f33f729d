// tmc's library: authentication, authorization, sessions and credentials.
//
// Each threat refines the pytm threat of the same id (`refines pytm.ID`):
// it inherits the title, condition and texts, and adds its STRIDE (and,
// for privacy threats, LINDDUN) categories.

threat AA01 refines pytm.AA01 {
  stride = [Spoofing]
}
threat AC01 refines pytm.AC01 {
  stride = [ElevationOfPrivilege]
}
threat AC02 refines pytm.AC02 {
  stride = [Tampering]
}
threat AC03 refines pytm.AC03 {
  stride = [Tampering, ElevationOfPrivilege]
}
threat AC04 refines pytm.AC04 {
  stride = [Tampering, DenialOfService]
}
threat AC05 refines pytm.AC05 {
  stride = [Spoofing, Tampering]
}
threat AC06 refines pytm.AC06 {
  stride = [Tampering, ElevationOfPrivilege]
}
threat AC07 refines pytm.AC07 {
  stride = [ElevationOfPrivilege, InformationDisclosure]
}
threat AA02 refines pytm.AA02 {
  stride = [Spoofing]
}
threat AC08 refines pytm.AC08 {
  stride = [Tampering]
}
threat AA03 refines pytm.AA03 {
  stride = [Spoofing]
}
threat AC09 refines pytm.AC09 {
  stride = [ElevationOfPrivilege]
}
threat AC10 refines pytm.AC10 {
  stride = [InformationDisclosure, Tampering]
}
threat AA04 refines pytm.AA04 {
  stride = [Spoofing, Tampering]
}
threat AC11 refines pytm.AC11 {
  stride = [Spoofing]
}
threat AC12 refines pytm.AC12 {
  stride = [ElevationOfPrivilege]
}
threat AC13 refines pytm.AC13 {
  stride = [ElevationOfPrivilege]
}
threat AC14 refines pytm.AC14 {
  stride = [ElevationOfPrivilege]
}
threat AC15 refines pytm.AC15 {
  stride = [Tampering, DenialOfService]
}
threat AC16 refines pytm.AC16 {
  stride = [Spoofing]
}
threat AC17 refines pytm.AC17 {
  stride = [Spoofing]
}
threat AC18 refines pytm.AC18 {
  stride = [Spoofing]
}
threat AC19 refines pytm.AC19 {
  stride = [Spoofing]
}
threat AC20 refines pytm.AC20 {
  stride = [Spoofing]
}
threat AC21 refines pytm.AC21 {
  stride = [Spoofing, Tampering]
}
threat AC22 refines pytm.AC22 {
  stride = [Spoofing]
}
threat AC23 refines pytm.AC23 {
  stride = [InformationDisclosure, Spoofing]
}
threat AC24 refines pytm.AC24 {
  stride = [Spoofing, InformationDisclosure]
}
threat CR01 refines pytm.CR01 {
  stride = [Spoofing, InformationDisclosure]
}
threat CR02 refines pytm.CR02 {
  stride = [InformationDisclosure]
}
threat CR03 refines pytm.CR03 {
  stride = [Spoofing]
}
threat CR04 refines pytm.CR04 {
  stride = [Spoofing]
}
threat CR05 refines pytm.CR05 {
  stride = [InformationDisclosure]
}
threat CR06 refines pytm.CR06 {
  stride = [Tampering, InformationDisclosure]
}
threat CR07 refines pytm.CR07 {
  stride = [Tampering, InformationDisclosure]
}
threat CR08 refines pytm.CR08 {
  stride = [Tampering]
}
