// tmc's library: people as targets. Attackers rarely break a well-built
// service when they can phish the person who runs it, steal a laptop, or
// ask the help desk nicely. These rules fire on the Actor a reviewer
// would name: staff (`isStaff`) and administrators (`isAdmin`) whose
// sign-ins, devices (`usesManagedDevice`) or helpfulness open the system,
// and users lured to a copy of the login page. TB02 keeps the case of an
// administrator working from the internet without MFA.

/// The flow carries a person's long-lived credentials (a password: `isCredentials` with `credentialsLife` UNKNOWN, LONG or MANUAL, not a short-lived token or URL) to an element, and neither the flow nor its sink asks for a second factor (`controls.usesMFA`): a password sign-in.
predicate personSignsInWithoutMFA(f: Dataflow) =
  (any d in f.data: isLongLivedSecret(d)) and not f.controls.usesMFA and not f.sink.controls.usesMFA

/// The element is a client app that runs in a web browser.
predicate isBrowserClientApp(e: Element) = e is ClientApp and e.platform == BROWSER

threat HUM01 "Staff phished for their passwords" {
  targets = [Actor]
  stride = [Spoofing, ElevationOfPrivilege]
  severity = High
  likelihood = High
  when = target.isStaff
         and not (target.isAdmin and target.zone == INTERNET)
         and (any f in target.outputs: personSignsInWithoutMFA(f))
  details = """
    The actor works for the organisation (`isStaff`) and signs in to an
    element with credentials alone: neither the flow nor the element asks
    for a second factor (`controls.usesMFA`). Staff are named on the
    company's site and on social networks, and a convincing e-mail or a
    fake single-sign-on page collects their passwords; with one, the
    attacker acts as them with all the access they have. (An administrator
    working from the internet is TB02's.)
    """
  prerequisites = "The attacker can send the staff member a message, and the sign-in accepts a password alone."
  mitigations = """
    Require phishing-resistant MFA (WebAuthn or hardware keys, which a
    look-alike site cannot replay) for every staff sign-in, through single
    sign-on, and train staff to report suspicious messages. Then set
    `controls.usesMFA` on the element or the flow.
    """
  example = "A finance clerk enters her password on a copy of the company's sign-in page linked from an 'updated invoice' e-mail; the attacker changes a supplier's bank account that afternoon."
  capec = [98, 163]
  cwe = [308]
  references = [
    "https://capec.mitre.org/data/definitions/98.html",
    "https://capec.mitre.org/data/definitions/163.html",
    "https://cwe.mitre.org/data/definitions/308.html",
  ]
}

threat HUM02 "Compromised or stolen staff device" {
  targets = [Actor]
  stride = [Spoofing, InformationDisclosure]
  severity = High
  likelihood = Medium
  when = (target.isStaff or target.isAdmin)
         and not target.usesManagedDevice
         and (target.isAdmin or (any f in target.outputs: carriesSensitiveData(f)))
  details = """
    The actor is staff or an administrator, handles sensitive data or
    administers the system, and works from a device the organisation does
    not manage (`usesManagedDevice` false): nobody knows whether it is
    patched, encrypted or free of malware. An info-stealer on it takes
    passwords, session cookies and tokens, MFA included, and a lost or
    stolen laptop hands over whatever it keeps.
    """
  prerequisites = "The device is infected, shared or stolen."
  mitigations = """
    Allow access to internal systems and sensitive data only from managed
    devices (device compliance checks in single sign-on, device
    certificates), with disk encryption, endpoint protection, automatic
    updates and remote wipe. Then set `usesManagedDevice` on the actor.
    """
  example = "An engineer's home PC, also used by his children, runs an info-stealer from a pirated game; it uploads his browser's session cookie for the cloud console."
  capec = [560, 37]
  cwe = [522]
  references = [
    "https://capec.mitre.org/data/definitions/560.html",
    "https://capec.mitre.org/data/definitions/37.html",
    "https://cwe.mitre.org/data/definitions/522.html",
  ]
}

threat HUM03 "Malicious browser extension in a staff browser" {
  targets = [Actor]
  stride = [InformationDisclosure, Tampering]
  severity = High
  likelihood = Medium
  when = (target.isStaff or target.isAdmin)
         and not target.usesManagedDevice
         and (any f in target.outputs: f.usesSessionTokens or isBrowserClientApp(f.sink))
  details = """
    The actor is staff or an administrator and works in a browser (a web
    session, `usesSessionTokens`, or a browser client app) on a device the
    organisation does not manage (`usesManagedDevice` false), so no policy
    limits the extensions installed. An extension with access to all sites
    reads every page and cookie of the admin console, and extensions are
    bought and turned malicious by their new owners.
    """
  prerequisites = "The staff member installs, or already has, an extension that is or becomes malicious."
  mitigations = """
    Use managed browsers with an extension allow-list, separate browser
    profiles for administration, and bind sessions to the device where the
    platform allows it. Then set `usesManagedDevice` on the actor.
    """
  example = "A popular tab-manager extension is sold and updated to send cookies of every site to its new owner, including the support team's sessions on the customer admin panel."
  cwe = [829]
  references = ["https://cwe.mitre.org/data/definitions/829.html"]
}

threat HUM04 "Users lured to a look-alike login page" {
  targets = [Actor]
  stride = [Spoofing]
  severity = Medium
  likelihood = High
  when = not target.isStaff
         and not target.isAdmin
         and (any f in target.outputs: personSignsInWithoutMFA(f) and overUntrustedNetwork(f))
  details = """
    The actor signs in over the internet with credentials alone: neither
    the flow nor the element asks for a second factor (`controls.usesMFA`).
    A registered look-alike domain (a typo, another top-level domain, a
    character that looks the same) serves a copy of the login page,
    advertised in search ads or sent by e-mail; the passwords it collects
    open the real accounts.
    """
  prerequisites = "The attacker registers a domain users confuse with yours and gets them to visit it."
  mitigations = """
    Offer passkeys or other phishing-resistant MFA (bound to your origin,
    useless on a look-alike), monitor new domain registrations and
    certificate transparency logs for look-alikes and have them taken down,
    and tell users how you contact them. Then set `controls.usesMFA` on the
    login element.
    """
  example = "`examp1e-bank.com` shows a pixel-perfect copy of the bank's login, bought as the top search ad for the bank's name; hundreds of customers sign in there in a day."
  capec = [89, 630]
  cwe = [308]
  references = [
    "https://capec.mitre.org/data/definitions/89.html",
    "https://capec.mitre.org/data/definitions/630.html",
    "https://cwe.mitre.org/data/definitions/308.html",
  ]
}

threat HUM05 "Staff talked into acting for an impostor" {
  targets = [Actor]
  stride = [Spoofing, InformationDisclosure]
  linddun = [DataDisclosure]
  severity = Medium
  likelihood = Medium
  when = target.isStaff
         and not target.isAdmin
         and not target.controls.authenticatesSource
         and ((any f in target.outputs: any d in f.data: d.isPII)
              or (any f in target.inputs: any d in f.data: d.isPII))
  details = """
    The actor is staff (support, sales, operations) who handles other
    people's personal data, and nothing says they verify who is asking
    before they act (`controls.authenticatesSource`). A caller who knows a
    customer's name and address gets the help desk to change the e-mail
    address, reset MFA or read out account details, taking over the
    account without touching any system.
    """
  prerequisites = "The attacker can contact staff and knows a few public facts about the victim."
  mitigations = """
    Verify requesters through a channel the attacker does not control (a
    callback to the number on file, a code sent in the product), never
    reset MFA or change contact details on a call alone, and log such
    actions for review. Then set `controls.authenticatesSource` on the
    staff actor.
    """
  example = "A caller claiming to be a locked-out customer persuades support to change the account's phone number, then receives the SMS reset code."
  capec = [407, 416]
  cwe = [287]
  references = [
    "https://capec.mitre.org/data/definitions/407.html",
    "https://capec.mitre.org/data/definitions/416.html",
  ]
}
