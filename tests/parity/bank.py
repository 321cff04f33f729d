#!/usr/bin/env python3
"""pytm 1.4 version of bank.tm: the same elements, data and flows, with the
same attributes, declared in the same order.

Prints one line per finding, `THREAT_ID<TAB>element name`, sorted; that
output is bank.expected (regenerate it with generate.sh).
"""

from pytm import (
    TM,
    Actor,
    Assumption,
    Boundary,
    Classification,
    Data,
    Dataflow,
    Datastore,
    DatastoreType,
    ExternalEntity,
    Lambda,
    Lifetime,
    Process,
    Server,
    SetOfProcesses,
    TLSVersion,
)
from pytm.asset import LLM, Agent

tm = TM("Online bank")
tm.description = (
    "Retail online banking with an LLM support assistant, SOAP payments,\n"
    "sanctions screening, ATMs and a card vault."
)
tm.assumptions = [
    Assumption("No server runs Windows, so there is no registry", exclude=["AC08"]),
]

# Boundaries

internet = Boundary("Internet")
branch = Boundary("Branch network")
ai_cloud = Boundary("AI provider cloud")
partners = Boundary("Partner networks")
bank = Boundary("Bank data centre")
bank.description = "Everything the bank runs itself."
dmz = Boundary("DMZ")
dmz.inBoundary = bank
core = Boundary("Core banking zone")
core.inBoundary = bank
pci = Boundary("PCI card data environment")
pci.inBoundary = core

# Elements

web = Server("Online Banking Web")
web.inBoundary = dmz
web.protocol = "HTTPS"
web.port = 443
web.minTLSVersion = TLSVersion.TLSv12
web.maxClassification = Classification.SECRET
web.usesSessionTokens = True
web.usesCache = True
web.controls.isEncrypted = True
web.controls.isHardened = True
web.controls.authenticatesSource = True
web.controls.implementsAuthenticationScheme = True
web.controls.authenticationScheme = "OIDC"
web.controls.usesMFA = True
web.controls.authorizesSource = True
web.controls.hasAccessControl = True
web.controls.usesStrongSessionIdentifiers = True
web.controls.implementsCSRFToken = True
web.controls.validatesInput = True
web.controls.sanitizesInput = True
web.controls.encodesOutput = True
web.controls.validatesHeaders = True
web.controls.usesEncryptionAlgorithm = "AES"
web.controls.providesIntegrity = True
web.controls.authenticatesDestination = True
web.controls.checksDestinationRevocation = True

mobile_api = Server("Mobile API Gateway")
mobile_api.inBoundary = dmz
mobile_api.protocol = "HTTPS"
mobile_api.port = 8443
mobile_api.minTLSVersion = TLSVersion.TLSv13
mobile_api.maxClassification = Classification.SECRET
mobile_api.controls.isEncrypted = True
mobile_api.controls.authenticatesSource = True
mobile_api.controls.hasAccessControl = True
mobile_api.controls.validatesInput = True

core_svc = Process("Core Banking Service")
core_svc.inBoundary = core
core_svc.protocol = "gRPC"
core_svc.port = 9090
core_svc.codeType = "Managed"
core_svc.environment = "Production"
core_svc.implementsAPI = True
core_svc.maxClassification = Classification.SECRET
core_svc.assumptions = [
    Assumption("Runs on the JVM, so there are no native buffers", exclude=["INP02", "INP07"]),
]
core_svc.controls.isEncrypted = True
core_svc.controls.authenticatesSource = True
core_svc.controls.authorizesSource = True
core_svc.controls.hasAccessControl = True
core_svc.controls.implementsPOLP = True
core_svc.controls.validatesInput = True
core_svc.controls.providesIntegrity = True
core_svc.controls.authenticatesDestination = True
core_svc.controls.checksDestinationRevocation = True

fraud = SetOfProcesses("Fraud Scoring Workers")
fraud.inBoundary = core
fraud.protocol = "AMQP"
fraud.port = 5671
fraud.environment = "Production"
fraud.handlesResources = True
fraud.usesEnvironmentVariables = True
fraud.controls.isEncrypted = True
fraud.controls.checksInputBounds = True
fraud.controls.validatesInput = True
fraud.controls.sanitizesInput = True

accounts_db = Datastore("Accounts DB")
accounts_db.inBoundary = core
accounts_db.type = DatastoreType.SQL
accounts_db.protocol = "PostgreSQL"
accounts_db.port = 5432
accounts_db.storesPII = True
accounts_db.storesSensitiveData = True
accounts_db.hasWriteAccess = True
accounts_db.maxClassification = Classification.SECRET
accounts_db.controls.isEncrypted = True
accounts_db.controls.isEncryptedAtRest = True
accounts_db.controls.usesEncryptionAlgorithm = "AES"
accounts_db.controls.hasAccessControl = True
accounts_db.controls.authorizesSource = True
accounts_db.controls.validatesInput = True
accounts_db.controls.implementsPOLP = True
accounts_db.controls.handlesResourceConsumption = True

audit_log = Datastore("Audit Log")
audit_log.inBoundary = core
audit_log.isSQL = False
audit_log.storesLogData = True
audit_log.isShared = True
audit_log.protocol = "Syslog-TLS"
audit_log.port = 6514
audit_log.controls.isEncrypted = True

kb = Datastore("Knowledge Base")
kb.inBoundary = core
kb.isSQL = False
kb.protocol = "HTTPS"
kb.port = 6333
kb.controls.isEncrypted = True

payments = Server("Payments Gateway")
payments.inBoundary = core
payments.protocol = "SOAP"
payments.port = 8444
payments.usesXMLParser = True
payments.minTLSVersion = TLSVersion.TLSv12
payments.controls.isEncrypted = True
payments.controls.validatesInput = True
payments.controls.authenticatesDestination = True

screening = Server("Sanctions Screening")
screening.inBoundary = core
screening.protocol = "HTTP"
screening.port = 8080
screening.usesXMLParser = True
screening.controls.disablesDTD = True
screening.controls.validatesInput = True
screening.controls.sanitizesInput = True
screening.controls.encodesOutput = True

assistant = Agent("Support Assistant")
assistant.inBoundary = core
assistant.usesExternalTools = True
assistant.protocol = "HTTPS"
assistant.port = 8000
assistant.controls.isEncrypted = True

statements_fn = Lambda("Statement Renderer")
statements_fn.inBoundary = core
statements_fn.environment = "Production"
statements_fn.usesEnvironmentVariables = True
statements_fn.protocol = "HTTPS"
statements_fn.port = 443
statements_fn.controls.isEncrypted = True
statements_fn.controls.validatesInput = True

staff = Actor("Support Staff")
staff.inBoundary = bank
staff.isAdmin = True

card_vault = Datastore("Card Vault")
card_vault.inBoundary = pci
card_vault.type = DatastoreType.FILE_SYSTEM
card_vault.isSQL = False
card_vault.protocol = "PKCS11"
card_vault.port = 1792
card_vault.controls.isEncrypted = True
card_vault.controls.isEncryptedAtRest = True
card_vault.controls.usesEncryptionAlgorithm = "RSA"
card_vault.controls.hasAccessControl = True

card_switch = Server("Card Switch")
card_switch.inBoundary = pci
card_switch.protocol = "ISO8583"
card_switch.port = 5000
card_switch.usesVPN = True
card_switch.controls.isEncrypted = True
card_switch.controls.isHardened = True

customer = Actor("Customer")
customer.inBoundary = internet
customer.maxClassification = Classification.SECRET
customer.controls.authenticatesDestination = True
customer.controls.checksDestinationRevocation = True

atm = ExternalEntity("ATM")
atm.inBoundary = branch
atm.hasPhysicalAccess = True

llm = LLM("Hosted LLM")
llm.inBoundary = ai_cloud
llm.protocol = "HTTPS"
llm.port = 443
llm.maxClassification = Classification.RESTRICTED
llm.processesPersonalData = True
llm.retainsUserData = True
llm.hasRAG = True
llm.hasFineTuning = True
llm.hasAgentCapabilities = True
llm.hasAccessToSensitiveSystems = True
llm.executesCode = True
llm.controls.isEncrypted = True

bureau = ExternalEntity("Credit Bureau")
bureau.inBoundary = partners
bureau.inScope = False
bureau.protocol = "HTTPS"
bureau.port = 443
bureau.controls.isEncrypted = True

swift = ExternalEntity("SWIFT Network")
swift.inBoundary = partners
swift.protocol = "HTTPS"
swift.port = 443
swift.controls.isEncrypted = True
swift.controls.providesIntegrity = True

# Data

login_creds = Data("Login credentials", classification=Classification.SECRET, isCredentials=True)
session = Data("Session cookie", classification=Classification.SECRET, credentialsLife=Lifetime.SHORT)
refresh = Data("Mobile refresh token", classification=Classification.SECRET, credentialsLife=Lifetime.AUTO)
profile = Data("Customer profile", classification=Classification.SENSITIVE, isPII=True, isStored=True)
statement = Data("Account statement", classification=Classification.SENSITIVE, format="JSON", isPII=True)
payment = Data("Payment order (pain.001)", classification=Classification.SENSITIVE, format="XML", isStored=True)
pan = Data("Card number (PAN)", classification=Classification.SECRET, isPII=True, isStored=True)
pin_block = Data("Encrypted PIN block", classification=Classification.TOP_SECRET, credentialsLife=Lifetime.LONG)
atm_key = Data("ATM terminal key", classification=Classification.TOP_SECRET, credentialsLife=Lifetime.HARDCODED)
llm_key = Data("LLM provider API key", classification=Classification.SECRET, credentialsLife=Lifetime.MANUAL)
bureau_key = Data("Credit bureau API key", classification=Classification.SECRET, credentialsLife=Lifetime.LONG)
chat = Data("Support chat message", classification=Classification.SENSITIVE, isPII=True)
articles = Data("Help-centre articles", classification=Classification.PUBLIC)
audit = Data("Audit event", classification=Classification.RESTRICTED, isStored=True)
score = Data("Credit score", classification=Classification.SENSITIVE, isPII=True)

core_svc.data = [statement]
atm.data = [atm_key]

# Web and mobile banking

login = Dataflow(customer, web, "Log in")
login.tlsVersion = TLSVersion.TLSv13
login.maxClassification = Classification.SECRET
login.data = [login_creds]
login.controls.implementsAuthenticationScheme = True
login.controls.authorizesSource = True

f = Dataflow(web, customer, "Session established")
f.responseTo = login
f.data = [session]

f = Dataflow(customer, web, "View accounts")
f.protocol = "HTTPS"
f.dstPort = 443
f.tlsVersion = TLSVersion.TLSv13
f.usesSessionTokens = True
f.data = [session]

f = Dataflow(web, customer, "Account overview")
f.isResponse = True
f.usesSessionTokens = True
f.data = [statement]

mobile = Dataflow(customer, mobile_api, "Mobile banking request")
mobile.tlsVersion = TLSVersion.TLSv12
mobile.usesSessionTokens = True
mobile.data = [refresh]

f = Dataflow(mobile_api, customer, "Mobile banking response")
f.responseTo = mobile
f.data = [statement]

queries = Dataflow(web, core_svc, "Account queries")
queries.protocol = "gRPC"
queries.dstPort = 9090
queries.data = [profile]
queries.controls.isEncrypted = True

f = Dataflow(core_svc, web, "Account data")
f.responseTo = queries
f.data = [profile]

f = Dataflow(mobile_api, core_svc, "Mobile account queries")
f.tlsVersion = TLSVersion.TLSv13

f = Dataflow(core_svc, accounts_db, "Read and write accounts")
f.protocol = "PostgreSQL"
f.dstPort = 5432
f.tlsVersion = TLSVersion.TLSv12
f.data = [profile]

f = Dataflow(accounts_db, core_svc, "Account records")
f.isResponse = True
f.data = [profile]

# Payments

f = Dataflow(core_svc, payments, "Payment instruction")
f.tlsVersion = TLSVersion.TLSv12
f.data = [payment]
f.controls.authorizesSource = True

f = Dataflow(payments, screening, "Sanctions check")
f.data = [payment]

f = Dataflow(screening, payments, "Screening verdict")
f.isResponse = True

f = Dataflow(payments, swift, "Send payment")
f.tlsVersion = TLSVersion.TLSv12
f.data = [payment]
f.controls.implementsAuthenticationScheme = True
f.controls.authorizesSource = True

f = Dataflow(swift, payments, "Payment status report")
f.inScope = False
f.data = [payment]

f = Dataflow(core_svc, fraud, "Score transaction")
f.protocol = "AMQP"
f.dstPort = 5671
f.data = [payment]

# Cards

card_auth = Dataflow(atm, card_switch, "Card authorisation")
card_auth.usesVPN = True
card_auth.tlsVersion = TLSVersion.TLSv12
card_auth.data = [pan, pin_block]

f = Dataflow(card_switch, atm, "Authorisation result")
f.isResponse = True
f.usesVPN = True

f = Dataflow(card_switch, card_vault, "Tokenise card number")
f.data = [pan]

# Support assistant

ask = Dataflow(customer, assistant, "Ask support question")
ask.tlsVersion = TLSVersion.TLSv13
ask.data = [chat]

f = Dataflow(assistant, customer, "Support answer")
f.responseTo = ask
f.data = [chat]

retrieve = Dataflow(assistant, kb, "Retrieve articles")
retrieve.data = [chat]

f = Dataflow(kb, assistant, "Relevant articles")
f.responseTo = retrieve
f.data = [articles]

f = Dataflow(assistant, llm, "Prompt with context")
f.tlsVersion = TLSVersion.TLSv13
f.data = [chat, articles, llm_key]

f = Dataflow(llm, assistant, "Completion")
f.isResponse = True
f.data = [chat]

f = Dataflow(assistant, core_svc, "Tool call: look up account")
f.data = [chat]
f.controls.authorizesSource = True

f = Dataflow(staff, assistant, "Review escalated chats")
f.data = [chat]

# Credit bureau (out of scope) and back office

credit_check = Dataflow(core_svc, bureau, "Credit check")
credit_check.data = [bureau_key]

f = Dataflow(bureau, core_svc, "Credit score")
f.responseTo = credit_check
f.data = [score]

f = Dataflow(bureau, core_svc, "Score change webhook")
f.data = [score]

f = Dataflow(core_svc, audit_log, "Audit trail")
f.data = [audit]

f = Dataflow(fraud, audit_log, "Fraud alerts")
f.data = [audit]

f = Dataflow(core_svc, statements_fn, "Render statement")
f.tlsVersion = TLSVersion.TLSv12

f = Dataflow(statements_fn, customer, "Email statement")
f.data = [statement]

tm.check()
tm.resolve()
for line in sorted(f"{f.threat_id}\t{f.element.name}" for f in tm.findings):
    print(line)
