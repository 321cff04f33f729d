// tmc's library: the platform: denial of service, reverse engineering and exposed APIs.
//
// Each threat refines the pytm threat of the same id (`refines pytm.ID`):
// it inherits the title, condition and texts, and adds its STRIDE (and,
// for privacy threats, LINDDUN) categories.

threat LB01 refines pytm.LB01 {
  stride = [Tampering]
}
threat API01 refines pytm.API01 {
  stride = [ElevationOfPrivilege, InformationDisclosure]
}
threat DO01 refines pytm.DO01 {
  stride = [DenialOfService]
}
threat HA01 refines pytm.HA01 {
  stride = [InformationDisclosure, Tampering]
}
threat DO02 refines pytm.DO02 {
  stride = [DenialOfService]
}
threat DO03 refines pytm.DO03 {
  stride = [DenialOfService]
}
threat API02 refines pytm.API02 {
  stride = [Tampering, ElevationOfPrivilege]
}
threat HA02 refines pytm.HA02 {
  stride = [InformationDisclosure]
}
threat HA03 refines pytm.HA03 {
  stride = [InformationDisclosure]
}
threat HA04 refines pytm.HA04 {
  stride = [InformationDisclosure]
}
threat DO04 refines pytm.DO04 {
  stride = [DenialOfService]
}
threat DO05 refines pytm.DO05 {
  stride = [DenialOfService]
}
