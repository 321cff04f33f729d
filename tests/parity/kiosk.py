#!/usr/bin/env python3
"""pytm 1.4 version of kiosk.tm: a self-service kiosk in a shop, checked
with a threat file of our own (threats/kiosk.json, the same threats as
threats/kiosk.tm) so that report templates can print every text of a
finding (templates/).

Prints one line per finding, `THREAT_ID<TAB>element name`, sorted; that
output is kiosk.expected (regenerate it with generate.sh).
"""

from pytm import TM, Actor, Boundary, Dataflow, Process, Server

tm = TM("Shop kiosk")
tm.description = "Customers look up prices on a kiosk; it asks the shop's price service."
tm.threatsFile = "threats/kiosk.json"

shop = Boundary("Shop floor")

customer = Actor("Customer")
customer.inBoundary = shop

kiosk = Server("Kiosk")
kiosk.inBoundary = shop

prices = Process("Price service")
prices.controls.isHardened = True
prices.protocol = "HTTP"

lookup = Dataflow(customer, kiosk, "Scan a barcode")

ask = Dataflow(kiosk, prices, "Ask the price")

tm.check()
tm.resolve()
for line in sorted(f"{f.threat_id}\t{f.element.name}" for f in tm.findings):
    print(line)
