// An IoT telemetry pipeline for a utility. Vibration sensors at field sites
// report over Bluetooth to a field gateway, which publishes telemetry to an
// MQTT broker in the cloud; stream processors store it in a shared
// time-series database and an encrypted archive, raise alerts through a
// lambda, and export meter readings to the utility's SCADA system as XML.
// Operators use a management console and a fleet dashboard; an ops copilot
// (an agent over a self-hosted LLM) summarises anomalies.
//
// pytm parity fixture (see README.md): every request flow's protocol, port
// and controls.isEncrypted agree with its sink's `protocol`, `port` and
// `controls.isEncrypted`, and every response's with its source's, because
// pytm copies those over what the flow says.

model "IoT telemetry pipeline" {
  description = """
    Field sensors and gateways, an MQTT broker, stream processing, storage,
    alerting, a SCADA export and operator tooling with an LLM copilot.
    """
  // A pytm model: pytm's library gives the findings parity checks.
  library = pytm
  isOrdered = true
}

boundary field "Field sites" {
  boundary site_a "Substation A" {
    ExternalEntity sensor "Vibration Sensor" {
      hasPhysicalAccess = true
      data = [device_key]
    }
    Process gateway "Field Gateway" {
      codeType = "Unmanaged"
      implementsCommunicationProtocol = true
      usesEnvironmentVariables = true
      controls {
        checksInputBounds = true
        usesSecureFunctions = true
        authenticatesDestination = true
        checksDestinationRevocation = true
        providesIntegrity = true
      }
    }
  }
  Actor technician "Field Technician" {
    data = [prov_token]
  }
}

boundary cloud "Cloud account" {
  boundary ingest_vpc "Ingestion VPC" {
    Server broker "MQTT Broker" {
      protocol = "MQTTS"
      port = 8883
      minTLSVersion = TLSv12
      handlesResources = true
      controls {
        isEncrypted = true
        authenticatesSource = true
        authorizesSource = true
        hasAccessControl = true
        isResilient = true
        handlesResourceConsumption = true
      }
    }
    SetOfProcesses stream "Stream Processors" {
      protocol = "Kafka"
      port = 9093
      codeType = "Managed"
      environment = "Production"
      data = [telemetry]
      controls {
        isEncrypted = true
        validatesInput = true
        sanitizesInput = true
        checksInputBounds = true
        implementsNonce = true
        authenticatesDestination = true
      }
    }
  }
  Lambda alert_fn "Alerting Function" {
    environment = "Production"
    usesEnvironmentVariables = true
    implementsAPI = true
    controls {
      validatesInput = true
      sanitizesInput = true
    }
  }
  Lambda api_fn "Fleet API" {
    environment = "Staging"
    implementsAPI = true
    protocol = "HTTPS"
    port = 443
    minTLSVersion = TLSv13
    controls {
      isEncrypted = true
      validatesInput = true
      implementsAuthenticationScheme = true
      authorizesSource = true
    }
  }
  LLM summariser "Anomaly Summariser" {
    isThirdParty = false
    isSelfHosted = true
    hasContentFiltering = true
    hasRAG = true
    executesCode = true
    hasAgentCapabilities = true
    hasAccessToSensitiveSystems = true
    protocol = "HTTP"
    port = 8081
    controls {
      isHardened = true
      implementsPOLP = true
    }
  }
  Agent copilot "Ops Copilot" {
    usesExternalTools = true
    validatesToolLaunchConfig = true
  }
  Process dashboard "Fleet Dashboard" {
    codeType = "Managed"
    allowsClientSideScripting = true
    protocol = "HTTPS"
    port = 443
    controls {
      isEncrypted = true
      validatesInput = true
      implementsCSRFToken = true
      verifySessionIdentifiers = true
      definesConnectionTimeout = true
    }
  }
}

boundary data_vpc "Data VPC" in ingest_vpc {
  Datastore tsdb "Time-series DB" {
    isSQL = false
    isShared = true
    protocol = "HTTPS"
    port = 8086
    controls.isEncrypted = true
  }
  Datastore archive "Telemetry Archive" {
    type = AWS_S3
    isSQL = false
    onAWS = true
    protocol = "HTTPS"
    port = 443
    controls {
      isEncrypted = true
      isEncryptedAtRest = true
      usesEncryptionAlgorithm = "AES"
      hasAccessControl = true
      authorizesSource = true
    }
  }
  Datastore registry "Device Registry" {
    type = SQL
    storesPII = true
    protocol = "MySQL"
    port = 3306
    controls {
      usesParameterizedInput = true
      validatesInput = true
    }
  }
}

boundary ops "Operations centre" {
  Actor operator "Operator" {
    controls {
      authenticatesDestination = true
      checksDestinationRevocation = true
    }
  }
  Server console "Device Management Console" {
    protocol = "HTTP"
    port = 8080
    usesSessionTokens = true
    usesVPN = true
    usesXMLParser = true
    controls {
      isHardened = true
      validatesHeaders = true
      encodesOutput = true
      implementsStrictHTTPValidation = true
    }
  }
}

boundary utility "Utility network" {
  inScope = false
  ExternalEntity scada "Utility SCADA" {
    protocol = "HTTP"
    port = 80
  }
}

ExternalEntity weather "Weather Service" {
  inScope = false
  protocol = "HTTPS"
  port = 443
  controls.isEncrypted = true
}

// Data

Data device_key "Device private key" {
  classification = TOP_SECRET
  credentialsLife = HARDCODED
}
Data telemetry "Telemetry reading" {
  classification = RESTRICTED
  format = "JSON"
  isStored = true
}
Data window "Anomaly window" {
  classification = RESTRICTED
  format = "JSON"
}
Data readings_xml "Meter readings (CIM XML)" {
  classification = RESTRICTED
  format = "XML"
}
Data prov_token "Provisioning token" {
  classification = SECRET
  credentialsLife = SHORT
}
Data api_key "Fleet API key" {
  classification = SECRET
  credentialsLife = LONG
}
Data ops_password "Operator password" {
  classification = SECRET
  isCredentials = true
  credentialsLife = MANUAL
}
Data console_session "Console session cookie" {
  classification = SECRET
  credentialsLife = SHORT
}
Data site_owner "Site owner contact" {
  classification = SENSITIVE
  isPII = true
  isStored = true
}
Data alert "Alert notification" {
  classification = RESTRICTED
}
Data forecast "Weather forecast" {
  classification = PUBLIC
}
Data firmware "Firmware image" {
  classification = PUBLIC
  format = "binary"
}

// Telemetry path

flow sensor -> gateway "Sensor readings" {
  protocol = "BLE"
}
flow publish: gateway -> broker "Publish telemetry" {
  protocol = "MQTTS"
  dstPort = 8883
  tlsVersion = TLSv10
  data = [telemetry]
  controls.isEncrypted = true
}
flow broker -> gateway "PUBACK" {
  isResponse = true
}
flow broker -> stream "Deliver to subscribers" {
  tlsVersion = TLSv12
  data = [telemetry]
  maxClassification = RESTRICTED
}
flow stream -> tsdb "Write time series" {
  tlsVersion = TLSv12
}
flow stream -> archive "Archive raw batches" {
  tlsVersion = TLSv13
}
flow stream -> alert_fn "Threshold breach" {
  data = [alert]
}
flow alert_fn -> operator "Page on-call operator" {
  data = [alert]
}
flow stream -> scada "Export meter readings" {
  data = [readings_xml]
}
flow weather -> stream "Forecast feed" {
  data = [forecast]
}

// Operators

flow ops_login: operator -> console "Operator login" {
  data = [ops_password]
  controls {
    implementsAuthenticationScheme = true
    authorizesSource = true
  }
}
flow console -> operator "Console session" {
  responseTo = ops_login
  usesSessionTokens = true
  data = [console_session]
}
flow operator -> console "Send device command" {
  usesSessionTokens = true
  data = [console_session]
  controls.sanitizesInput = true
}
flow owner_lookup: console -> registry "Look up site owner" {
  data = [site_owner]
}
flow registry -> console "Site owner record" {
  responseTo = owner_lookup
  data = [site_owner]
}
flow console -> broker "Queue device command" {
  tlsVersion = TLSv13
  usesVPN = true
}
flow console -> gateway "Push firmware update" {
  usesVPN = true
  data = [firmware]
}
flow technician -> gateway "Provision gateway"
flow operator -> dashboard "Open fleet dashboard" {
  tlsVersion = TLSv13
  usesSessionTokens = true
  usesVPN = true
}
flow fleet_query: dashboard -> api_fn "Query fleet status" {
  tlsVersion = TLSv12
  data = [api_key]
}
flow api_fn -> dashboard "Fleet status" {
  responseTo = fleet_query
  data = [telemetry]
}
flow api_fn -> tsdb "Query readings" {
  tlsVersion = TLSv13
  response = readings
}
flow readings: tsdb -> api_fn "Readings" {
  data = [telemetry]
}

// Ops copilot

flow operator -> copilot "Ask copilot" {
  data = [alert]
}
flow summarise: copilot -> summariser "Summarise anomaly window" {
  data = [window]
}
flow summariser -> copilot "Anomaly summary" {
  responseTo = summarise
  data = [window]
}
flow copilot -> registry "Tool: site lookup" {
  data = [window]
}
