"""A small pytm 1.4 model for `tmc import-pytm` tests: an ordered model
with overrides (mitigated findings), element assumptions, excluded threats,
a response flow, nested boundaries, a lambda, and data with credentials."""

from pytm import (
    TM, Actor, Boundary, Classification, Data, Dataflow, Datastore, Finding,
    Lambda, Lifetime, Process, Server, Assumption,
)

tm = TM("Ledger")
tm.description = "A team books expenses through an API; a nightly job reconciles them."
tm.isOrdered = True
tm.threatsExcluded = ["DS06"]
tm.assumptions = [Assumption("Staff laptops are managed", exclude=["AC07"])]

corp = Boundary("Corporate network")
cloud = Boundary("Cloud account")
vpc = Boundary("Ledger VPC")
vpc.inBoundary = cloud

staff = Actor("Staff member")
staff.inBoundary = corp

api = Server("Ledger API")
api.inBoundary = vpc
api.OS = "Debian 12"
api.controls.sanitizesInput = True
api.controls.encodesOutput = True
api.controls.isHardened = True
api.sourceFiles = ["api/"]
api.overrides = [
    Finding(threat_id="INP02", response="Bounds are checked by the framework's request limits"),
    Finding(threat_id="AA01", cvss="4.0", response="Accepted: internal tool"),
]

job = Lambda("Reconcile job")
job.inBoundary = cloud
job.controls.hasAccessControl = True

worker = Process("Report renderer")
worker.inBoundary = vpc
worker.codeType = "Managed"

store = Datastore("Ledger DB")
store.inBoundary = vpc
store.isSQL = True
store.controls.isEncryptedAtRest = True
store.storesPII = True

token = Data("API token", classification=Classification.SECRET,
             isCredentials=True, credentialsLife=Lifetime.SHORT)
expense = Data("Expense", classification=Classification.RESTRICTED, isPII=True, isStored=True)

book = Dataflow(staff, api, "Book expense")
book.protocol = "HTTPS"
book.dstPort = 443
book.tlsVersion = api.minTLSVersion
book.data = [token, expense]

ack = Dataflow(api, staff, "Booking receipt")
ack.responseTo = book
ack.protocol = "HTTPS"

save = Dataflow(api, store, "Store expense")
save.protocol = "PostgreSQL"
save.dstPort = 5432
save.data = expense
save.controls.isEncrypted = True

nightly = Dataflow(job, store, "Nightly reconcile")
nightly.protocol = "PostgreSQL"
nightly.dstPort = 5432
nightly.note = "Runs at 02:00 UTC"

render = Dataflow(store, worker, "Read for report")
render.protocol = "PostgreSQL"

if __name__ == "__main__":
    tm.process()
