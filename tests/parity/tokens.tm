// A browser signs in; the sign-in server hands back a session token and a
// refresh token in its reply, and reads its signing key from a key store.
//
// pytm parity fixture (see README.md) for credentials: pytm 1.4 applies
// its credential defaults (a lifetime other than NONE makes a credential;
// a credential of no lifetime has an UNKNOWN one) only to the data of
// request flows, and never over a value written. The session and refresh
// tokens travel only in a reply; the device token in a request and in its
// reply; the signing key and the rotation settings write values that
// contradict the defaults.

model "Sign-in service" {
  description = "A browser signs in; the service hands back a session token and keeps keys in a store."
  // A pytm model: pytm's library gives the findings parity checks.
  library = pytm
}

boundary internet "Internet" {
  Actor browser "Browser"
}

boundary service "Service" {
  Server signin "Sign-in server" {
    controls.isHardened = true
  }
  Datastore keys "Key store"
}

Data password "Password" {
  isCredentials = true
  credentialsLife = SHORT
}

Data session "Session token" {
  isCredentials = true
}

Data refresh "Refresh token" {
  credentialsLife = LONG
}

Data signingKey "Signing key" {
  isCredentials = true
  credentialsLife = NONE
}

Data rotation "Key rotation settings" {
  isCredentials = false
  credentialsLife = MANUAL
}

Data device "Device token" {
  isCredentials = true
}

flow login: browser -> signin "Sign in" {
  data = [password]
}

flow issued: signin -> browser "Session issued" {
  responseTo = login
  data = [session]
}

flow renew: browser -> signin "Renew session"

flow renewed: signin -> browser "Session renewed" {
  responseTo = renew
  data = [refresh]
}

flow readKey: signin -> keys "Read signing key" {
  data = [signingKey, rotation]
}

flow key: keys -> signin "Signing key returned" {
  responseTo = readKey
  data = [signingKey]
}

flow register: browser -> signin "Register device" {
  data = [device]
}

flow registered: signin -> browser "Device registered" {
  responseTo = register
  data = [device]
}
