#!/usr/bin/env python3
"""pytm 1.4 version of iot.tm: the same elements, data and flows, with the
same attributes, declared in the same order.

Prints one line per finding, `THREAT_ID<TAB>element name`, sorted; that
output is iot.expected (regenerate it with generate.sh).
"""

from pytm import (
    TM,
    Actor,
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

tm = TM("IoT telemetry pipeline")
tm.description = (
    "Field sensors and gateways, an MQTT broker, stream processing, storage,\n"
    "alerting, a SCADA export and operator tooling with an LLM copilot."
)
tm.isOrdered = True

# Boundaries and elements, in the order iot.tm declares them

field = Boundary("Field sites")
site_a = Boundary("Substation A")
site_a.inBoundary = field

sensor = ExternalEntity("Vibration Sensor")
sensor.inBoundary = site_a
sensor.hasPhysicalAccess = True

gateway = Process("Field Gateway")
gateway.inBoundary = site_a
gateway.codeType = "Unmanaged"
gateway.implementsCommunicationProtocol = True
gateway.usesEnvironmentVariables = True
gateway.controls.checksInputBounds = True
gateway.controls.usesSecureFunctions = True
gateway.controls.authenticatesDestination = True
gateway.controls.checksDestinationRevocation = True
gateway.controls.providesIntegrity = True

technician = Actor("Field Technician")
technician.inBoundary = field

cloud = Boundary("Cloud account")
ingest_vpc = Boundary("Ingestion VPC")
ingest_vpc.inBoundary = cloud

broker = Server("MQTT Broker")
broker.inBoundary = ingest_vpc
broker.protocol = "MQTTS"
broker.port = 8883
broker.minTLSVersion = TLSVersion.TLSv12
broker.handlesResources = True
broker.controls.isEncrypted = True
broker.controls.authenticatesSource = True
broker.controls.authorizesSource = True
broker.controls.hasAccessControl = True
broker.controls.isResilient = True
broker.controls.handlesResourceConsumption = True

stream = SetOfProcesses("Stream Processors")
stream.inBoundary = ingest_vpc
stream.protocol = "Kafka"
stream.port = 9093
stream.codeType = "Managed"
stream.environment = "Production"
stream.controls.isEncrypted = True
stream.controls.validatesInput = True
stream.controls.sanitizesInput = True
stream.controls.checksInputBounds = True
stream.controls.implementsNonce = True
stream.controls.authenticatesDestination = True

alert_fn = Lambda("Alerting Function")
alert_fn.inBoundary = cloud
alert_fn.environment = "Production"
alert_fn.usesEnvironmentVariables = True
alert_fn.implementsAPI = True
alert_fn.controls.validatesInput = True
alert_fn.controls.sanitizesInput = True

api_fn = Lambda("Fleet API")
api_fn.inBoundary = cloud
api_fn.environment = "Staging"
api_fn.implementsAPI = True
api_fn.protocol = "HTTPS"
api_fn.port = 443
api_fn.minTLSVersion = TLSVersion.TLSv13
api_fn.controls.isEncrypted = True
api_fn.controls.validatesInput = True
api_fn.controls.implementsAuthenticationScheme = True
api_fn.controls.authorizesSource = True

summariser = LLM("Anomaly Summariser")
summariser.inBoundary = cloud
summariser.isThirdParty = False
summariser.isSelfHosted = True
summariser.hasContentFiltering = True
summariser.hasRAG = True
summariser.executesCode = True
summariser.hasAgentCapabilities = True
summariser.hasAccessToSensitiveSystems = True
summariser.protocol = "HTTP"
summariser.port = 8081
summariser.controls.isHardened = True
summariser.controls.implementsPOLP = True

copilot = Agent("Ops Copilot")
copilot.inBoundary = cloud
copilot.usesExternalTools = True
copilot.validatesToolLaunchConfig = True

dashboard = Process("Fleet Dashboard")
dashboard.inBoundary = cloud
dashboard.codeType = "Managed"
dashboard.allowsClientSideScripting = True
dashboard.protocol = "HTTPS"
dashboard.port = 443
dashboard.controls.isEncrypted = True
dashboard.controls.validatesInput = True
dashboard.controls.implementsCSRFToken = True
dashboard.controls.verifySessionIdentifiers = True
dashboard.controls.definesConnectionTimeout = True

data_vpc = Boundary("Data VPC")
data_vpc.inBoundary = ingest_vpc

tsdb = Datastore("Time-series DB")
tsdb.inBoundary = data_vpc
tsdb.isSQL = False
tsdb.isShared = True
tsdb.protocol = "HTTPS"
tsdb.port = 8086
tsdb.controls.isEncrypted = True

archive = Datastore("Telemetry Archive")
archive.inBoundary = data_vpc
archive.type = DatastoreType.AWS_S3
archive.isSQL = False
archive.onAWS = True
archive.protocol = "HTTPS"
archive.port = 443
archive.controls.isEncrypted = True
archive.controls.isEncryptedAtRest = True
archive.controls.usesEncryptionAlgorithm = "AES"
archive.controls.hasAccessControl = True
archive.controls.authorizesSource = True

registry = Datastore("Device Registry")
registry.inBoundary = data_vpc
registry.type = DatastoreType.SQL
registry.storesPII = True
registry.protocol = "MySQL"
registry.port = 3306
registry.controls.usesParameterizedInput = True
registry.controls.validatesInput = True

ops = Boundary("Operations centre")

operator = Actor("Operator")
operator.inBoundary = ops
operator.controls.authenticatesDestination = True
operator.controls.checksDestinationRevocation = True

console = Server("Device Management Console")
console.inBoundary = ops
console.protocol = "HTTP"
console.port = 8080
console.usesSessionTokens = True
console.usesVPN = True
console.usesXMLParser = True
console.controls.isHardened = True
console.controls.validatesHeaders = True
console.controls.encodesOutput = True
console.controls.implementsStrictHTTPValidation = True

utility = Boundary("Utility network")
utility.inScope = False

scada = ExternalEntity("Utility SCADA")
scada.inBoundary = utility
scada.protocol = "HTTP"
scada.port = 80

weather = ExternalEntity("Weather Service")
weather.inScope = False
weather.protocol = "HTTPS"
weather.port = 443
weather.controls.isEncrypted = True

# Data

device_key = Data("Device private key", classification=Classification.TOP_SECRET, credentialsLife=Lifetime.HARDCODED)
telemetry = Data("Telemetry reading", classification=Classification.RESTRICTED, format="JSON", isStored=True)
window = Data("Anomaly window", classification=Classification.RESTRICTED, format="JSON")
readings_xml = Data("Meter readings (CIM XML)", classification=Classification.RESTRICTED, format="XML")
prov_token = Data("Provisioning token", classification=Classification.SECRET, credentialsLife=Lifetime.SHORT)
api_key = Data("Fleet API key", classification=Classification.SECRET, credentialsLife=Lifetime.LONG)
ops_password = Data(
    "Operator password",
    classification=Classification.SECRET,
    isCredentials=True,
    credentialsLife=Lifetime.MANUAL,
)
console_session = Data("Console session cookie", classification=Classification.SECRET, credentialsLife=Lifetime.SHORT)
site_owner = Data("Site owner contact", classification=Classification.SENSITIVE, isPII=True, isStored=True)
alert = Data("Alert notification", classification=Classification.RESTRICTED)
forecast = Data("Weather forecast", classification=Classification.PUBLIC)
firmware = Data("Firmware image", classification=Classification.PUBLIC, format="binary")

sensor.data = [device_key]
technician.data = [prov_token]
stream.data = [telemetry]

# Telemetry path

f = Dataflow(sensor, gateway, "Sensor readings")
f.protocol = "BLE"

publish = Dataflow(gateway, broker, "Publish telemetry")
publish.protocol = "MQTTS"
publish.dstPort = 8883
publish.tlsVersion = TLSVersion.TLSv10
publish.data = [telemetry]
publish.controls.isEncrypted = True

f = Dataflow(broker, gateway, "PUBACK")
f.isResponse = True

f = Dataflow(broker, stream, "Deliver to subscribers")
f.tlsVersion = TLSVersion.TLSv12
f.data = [telemetry]
f.maxClassification = Classification.RESTRICTED

f = Dataflow(stream, tsdb, "Write time series")
f.tlsVersion = TLSVersion.TLSv12

f = Dataflow(stream, archive, "Archive raw batches")
f.tlsVersion = TLSVersion.TLSv13

f = Dataflow(stream, alert_fn, "Threshold breach")
f.data = [alert]

f = Dataflow(alert_fn, operator, "Page on-call operator")
f.data = [alert]

f = Dataflow(stream, scada, "Export meter readings")
f.data = [readings_xml]

f = Dataflow(weather, stream, "Forecast feed")
f.data = [forecast]

# Operators

ops_login = Dataflow(operator, console, "Operator login")
ops_login.data = [ops_password]
ops_login.controls.implementsAuthenticationScheme = True
ops_login.controls.authorizesSource = True

f = Dataflow(console, operator, "Console session")
f.responseTo = ops_login
f.usesSessionTokens = True
f.data = [console_session]

f = Dataflow(operator, console, "Send device command")
f.usesSessionTokens = True
f.data = [console_session]
f.controls.sanitizesInput = True

owner_lookup = Dataflow(console, registry, "Look up site owner")
owner_lookup.data = [site_owner]

f = Dataflow(registry, console, "Site owner record")
f.responseTo = owner_lookup
f.data = [site_owner]

f = Dataflow(console, broker, "Queue device command")
f.tlsVersion = TLSVersion.TLSv13
f.usesVPN = True

f = Dataflow(console, gateway, "Push firmware update")
f.usesVPN = True
f.data = [firmware]

f = Dataflow(technician, gateway, "Provision gateway")

f = Dataflow(operator, dashboard, "Open fleet dashboard")
f.tlsVersion = TLSVersion.TLSv13
f.usesSessionTokens = True
f.usesVPN = True

fleet_query = Dataflow(dashboard, api_fn, "Query fleet status")
fleet_query.tlsVersion = TLSVersion.TLSv12
fleet_query.data = [api_key]

f = Dataflow(api_fn, dashboard, "Fleet status")
f.responseTo = fleet_query
f.data = [telemetry]

query_readings = Dataflow(api_fn, tsdb, "Query readings")
query_readings.tlsVersion = TLSVersion.TLSv13

readings = Dataflow(tsdb, api_fn, "Readings")
readings.data = [telemetry]
query_readings.response = readings

# Ops copilot

f = Dataflow(operator, copilot, "Ask copilot")
f.data = [alert]

summarise = Dataflow(copilot, summariser, "Summarise anomaly window")
summarise.data = [window]

f = Dataflow(summariser, copilot, "Anomaly summary")
f.responseTo = summarise
f.data = [window]

f = Dataflow(copilot, registry, "Tool: site lookup")
f.data = [window]

tm.check()
tm.resolve()
for line in sorted(f"{f.threat_id}\t{f.element.name}" for f in tm.findings):
    print(line)
