#!/usr/bin/env python3
"""pytm 1.4 version of tokens.tm: credentials carried by requests and by
replies, with lifetimes written, implied and contradicted.

Prints one line per finding, `THREAT_ID<TAB>element name`, sorted; that
output is tokens.expected (regenerate it with generate.sh).
"""

from pytm import TM, Actor, Boundary, Data, Dataflow, Datastore, Lifetime, Server

tm = TM("Sign-in service")
tm.description = "A browser signs in; the service hands back a session token and keeps keys in a store."

internet = Boundary("Internet")

browser = Actor("Browser")
browser.inBoundary = internet

# Created here, as tokens.tm declares it: after the browser in the block
# of "Internet" (a report lists elements in the order they are made).
service = Boundary("Service")

signin = Server("Sign-in server")
signin.inBoundary = service
signin.controls.isHardened = True

keys = Datastore("Key store")
keys.inBoundary = service

password = Data("Password", isCredentials=True, credentialsLife=Lifetime.SHORT)
session = Data("Session token", isCredentials=True)
refresh = Data("Refresh token", credentialsLife=Lifetime.LONG)
signing_key = Data("Signing key", isCredentials=True, credentialsLife=Lifetime.NONE)
config = Data("Key rotation settings", isCredentials=False, credentialsLife=Lifetime.MANUAL)
both = Data("Device token", isCredentials=True)

login = Dataflow(browser, signin, "Sign in")
login.data = [password]

issued = Dataflow(signin, browser, "Session issued")
issued.responseTo = login
issued.data = [session]

renew = Dataflow(browser, signin, "Renew session")

renewed = Dataflow(signin, browser, "Session renewed")
renewed.responseTo = renew
renewed.data = [refresh]

read_key = Dataflow(signin, keys, "Read signing key")
read_key.data = [signing_key, config]

key = Dataflow(keys, signin, "Signing key returned")
key.responseTo = read_key
key.data = [signing_key]

register = Dataflow(browser, signin, "Register device")
register.data = [both]

registered = Dataflow(signin, browser, "Device registered")
registered.responseTo = register
registered.data = [both]

tm.check()
tm.resolve()
for line in sorted(f"{f.threat_id}\t{f.element.name}" for f in tm.findings):
    print(line)
