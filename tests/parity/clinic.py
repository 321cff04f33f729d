#!/usr/bin/env python3
"""pytm 1.4 version of clinic.tm: a small clinic booking system, written
for the report-template tests (templates/). pytm 1.4 cannot render a report
of every model (see README.md), so this one keeps to what it can render.

Prints one line per finding, `THREAT_ID<TAB>element name`, sorted; that
output is clinic.expected (regenerate it with generate.sh).
"""

from pytm import TM, Actor, Assumption, Boundary, Classification, Data, Dataflow, Datastore, Finding, Process, Server

tm = TM("Clinic bookings")
tm.description = "Patients book visits online; staff confirm them from the front desk."
tm.assumptions = [
    Assumption("Staff laptops are managed", exclude=["AC08"], description="Disk encryption and updates are enforced centrally."),
    Assumption("No uploads"),
]

internet = Boundary("Internet")
clinic = Boundary("Clinic network")
records = Boundary("Records zone")
records.inBoundary = clinic

patient = Actor("Patient")
patient.inBoundary = internet
patient.description = "Books & cancels visits."

staff = Actor("Front desk")
staff.inBoundary = clinic
staff.isAdmin = True

portal = Server("Booking portal")
portal.inBoundary = clinic
portal.OS = "Linux"
portal.protocol = "HTTPS"
portal.port = 443
portal.controls.isEncrypted = True
portal.controls.sanitizesInput = True
portal.assumptions = [Assumption("Portal behind a WAF", exclude=["INP03"])]
portal.overrides = [Finding(threat_id="AC07", response="mitigated: single sign-on <SSO> & MFA", cvss="5.3")]

scheduler = Process("Scheduler")
scheduler.inBoundary = records

store = Datastore("Visit store")
store.inBoundary = records
store.isSQL = True
store.inScope = False

visit = Data("Visit request", description="Date, time and reason", classification=Classification.SENSITIVE, isPII=True)

book = Dataflow(patient, portal, "Book a visit")
book.protocol = "HTTPS"
book.dstPort = 443
book.data = [visit]
book.order = 1

confirm = Dataflow(portal, patient, "Confirmation")
confirm.responseTo = book
confirm.order = 2

plan = Dataflow(portal, scheduler, "Plan the visit")

save = Dataflow(scheduler, store, "Save the visit")

desk = Dataflow(staff, portal, "Review bookings")
desk.protocol = "HTTPS"

tm.check()
tm.resolve()
for line in sorted(f"{f.threat_id}\t{f.element.name}" for f in tm.findings):
    print(line)
