// An online bank. Customers use the web banking site and the mobile API; a
// support assistant (an agent over a third-party hosted LLM with retrieval)
// answers their questions; payments leave as ISO 20022 XML through a SOAP
// gateway and a sanctions screen; ATMs in the branches authorise cards
// through the card switch over a VPN; a credit bureau (not assessed here)
// is called for credit checks.
//
// pytm parity fixture (see README.md): every request flow's protocol, port
// and controls.isEncrypted agree with its sink's `protocol`, `port` and
// `controls.isEncrypted`, and every response's with its source's, because
// pytm copies those over what the flow says.

model "Online bank" {
  description = """
    Retail online banking with an LLM support assistant, SOAP payments,
    sanctions screening, ATMs and a card vault.
    """
  // A pytm model: pytm's library gives the findings parity checks.
  library = pytm
  assumptions = [
    { name = "No server runs Windows, so there is no registry" exclude = ["AC08"] },
  ]
}

boundary internet "Internet"
boundary branch "Branch network"
boundary ai_cloud "AI provider cloud"
boundary partners "Partner networks"

/// The bank's own data centre, with a DMZ and the core zone nested in it.
boundary bank "Bank data centre" {
  description = "Everything the bank runs itself."

  boundary dmz "DMZ" {
    Server web "Online Banking Web" {
      protocol = "HTTPS"
      port = 443
      minTLSVersion = TLSv12
      maxClassification = SECRET
      usesSessionTokens = true
      usesCache = true
      controls {
        isEncrypted = true
        isHardened = true
        authenticatesSource = true
        implementsAuthenticationScheme = true
        authenticationScheme = "OIDC"
        usesMFA = true
        authorizesSource = true
        hasAccessControl = true
        usesStrongSessionIdentifiers = true
        implementsCSRFToken = true
        validatesInput = true
        sanitizesInput = true
        encodesOutput = true
        validatesHeaders = true
        usesEncryptionAlgorithm = "AES"
        providesIntegrity = true
        authenticatesDestination = true
        checksDestinationRevocation = true
      }
    }

    Server mobile_api "Mobile API Gateway" {
      protocol = "HTTPS"
      port = 8443
      minTLSVersion = TLSv13
      maxClassification = SECRET
      controls {
        isEncrypted = true
        authenticatesSource = true
        hasAccessControl = true
        validatesInput = true
      }
    }
  }

  boundary core "Core banking zone" {
    boundary pci "PCI card data environment"

    Process core_svc "Core Banking Service" {
      protocol = "gRPC"
      port = 9090
      codeType = "Managed"
      environment = "Production"
      implementsAPI = true
      maxClassification = SECRET
      data = [statement]
      assumptions = [
        { name = "Runs on the JVM, so there are no native buffers" exclude = ["INP02", "INP07"] },
      ]
      controls {
        isEncrypted = true
        authenticatesSource = true
        authorizesSource = true
        hasAccessControl = true
        implementsPOLP = true
        validatesInput = true
        providesIntegrity = true
        authenticatesDestination = true
        checksDestinationRevocation = true
      }
    }

    SetOfProcesses fraud "Fraud Scoring Workers" {
      protocol = "AMQP"
      port = 5671
      environment = "Production"
      handlesResources = true
      usesEnvironmentVariables = true
      controls {
        isEncrypted = true
        checksInputBounds = true
        validatesInput = true
        sanitizesInput = true
      }
    }

    Datastore accounts_db "Accounts DB" {
      type = SQL
      protocol = "PostgreSQL"
      port = 5432
      storesPII = true
      storesSensitiveData = true
      hasWriteAccess = true
      maxClassification = SECRET
      controls {
        isEncrypted = true
        isEncryptedAtRest = true
        usesEncryptionAlgorithm = "AES"
        hasAccessControl = true
        authorizesSource = true
        validatesInput = true
        implementsPOLP = true
        handlesResourceConsumption = true
      }
    }

    Datastore audit_log "Audit Log" {
      isSQL = false
      storesLogData = true
      isShared = true
      protocol = "Syslog-TLS"
      port = 6514
      controls.isEncrypted = true
    }

    Datastore kb "Knowledge Base" {
      isSQL = false
      protocol = "HTTPS"
      port = 6333
      controls.isEncrypted = true
    }

    Server payments "Payments Gateway" {
      protocol = "SOAP"
      port = 8444
      usesXMLParser = true
      minTLSVersion = TLSv12
      controls {
        isEncrypted = true
        validatesInput = true
        authenticatesDestination = true
      }
    }

    Server screening "Sanctions Screening" {
      protocol = "HTTP"
      port = 8080
      usesXMLParser = true
      controls {
        disablesDTD = true
        validatesInput = true
        sanitizesInput = true
        encodesOutput = true
      }
    }

    Agent assistant "Support Assistant" {
      usesExternalTools = true
      protocol = "HTTPS"
      port = 8000
      controls.isEncrypted = true
    }

    Lambda statements_fn "Statement Renderer" {
      environment = "Production"
      usesEnvironmentVariables = true
      protocol = "HTTPS"
      port = 443
      controls {
        isEncrypted = true
        validatesInput = true
      }
    }
  }

  Actor staff "Support Staff" {
    isAdmin = true
  }
}

Datastore card_vault "Card Vault" in pci {
  type = FILE_SYSTEM
  isSQL = false
  protocol = "PKCS11"
  port = 1792
  controls {
    isEncrypted = true
    isEncryptedAtRest = true
    usesEncryptionAlgorithm = "RSA"
    hasAccessControl = true
  }
}

Server card_switch "Card Switch" in pci {
  protocol = "ISO8583"
  port = 5000
  usesVPN = true
  controls {
    isEncrypted = true
    isHardened = true
  }
}

Actor customer "Customer" in internet {
  maxClassification = SECRET
  controls {
    authenticatesDestination = true
    checksDestinationRevocation = true
  }
}

ExternalEntity atm "ATM" in branch {
  hasPhysicalAccess = true
  data = [atm_key]
}

LLM llm "Hosted LLM" in ai_cloud {
  protocol = "HTTPS"
  port = 443
  maxClassification = RESTRICTED
  processesPersonalData = true
  retainsUserData = true
  hasRAG = true
  hasFineTuning = true
  hasAgentCapabilities = true
  hasAccessToSensitiveSystems = true
  executesCode = true
  controls.isEncrypted = true
}

ExternalEntity bureau "Credit Bureau" in partners {
  inScope = false
  protocol = "HTTPS"
  port = 443
  controls.isEncrypted = true
}

ExternalEntity swift "SWIFT Network" in partners {
  protocol = "HTTPS"
  port = 443
  controls {
    isEncrypted = true
    providesIntegrity = true
  }
}

// Data

Data login_creds "Login credentials" {
  classification = SECRET
  isCredentials = true
}
Data session "Session cookie" {
  classification = SECRET
  credentialsLife = SHORT
}
Data refresh "Mobile refresh token" {
  classification = SECRET
  credentialsLife = AUTO
}
Data profile "Customer profile" {
  classification = SENSITIVE
  isPII = true
  isStored = true
}
Data statement "Account statement" {
  classification = SENSITIVE
  format = "JSON"
  isPII = true
}
Data payment "Payment order (pain.001)" {
  classification = SENSITIVE
  format = "XML"
  isStored = true
}
Data pan "Card number (PAN)" {
  classification = SECRET
  isPII = true
  isStored = true
}
Data pin_block "Encrypted PIN block" {
  classification = TOP_SECRET
  credentialsLife = LONG
}
Data atm_key "ATM terminal key" {
  classification = TOP_SECRET
  credentialsLife = HARDCODED
}
Data llm_key "LLM provider API key" {
  classification = SECRET
  credentialsLife = MANUAL
}
Data bureau_key "Credit bureau API key" {
  classification = SECRET
  credentialsLife = LONG
}
Data chat "Support chat message" {
  classification = SENSITIVE
  isPII = true
}
Data articles "Help-centre articles" {
  classification = PUBLIC
}
Data audit "Audit event" {
  classification = RESTRICTED
  isStored = true
}
Data score "Credit score" {
  classification = SENSITIVE
  isPII = true
}

// Web and mobile banking

flow login: customer -> web "Log in" {
  tlsVersion = TLSv13
  maxClassification = SECRET
  data = [login_creds]
  controls {
    implementsAuthenticationScheme = true
    authorizesSource = true
  }
}
flow web -> customer "Session established" {
  responseTo = login
  data = [session]
}
flow customer -> web "View accounts" {
  protocol = "HTTPS"
  dstPort = 443
  tlsVersion = TLSv13
  usesSessionTokens = true
  data = [session]
}
flow web -> customer "Account overview" {
  isResponse = true
  usesSessionTokens = true
  data = [statement]
}
flow mobile: customer -> mobile_api "Mobile banking request" {
  tlsVersion = TLSv12
  usesSessionTokens = true
  data = [refresh]
}
flow mobile_api -> customer "Mobile banking response" {
  responseTo = mobile
  data = [statement]
}
flow queries: web -> core_svc "Account queries" {
  protocol = "gRPC"
  dstPort = 9090
  data = [profile]
  controls.isEncrypted = true
}
flow core_svc -> web "Account data" {
  responseTo = queries
  data = [profile]
}
flow mobile_api -> core_svc "Mobile account queries" {
  tlsVersion = TLSv13
}
flow core_svc -> accounts_db "Read and write accounts" {
  protocol = "PostgreSQL"
  dstPort = 5432
  tlsVersion = TLSv12
  data = [profile]
}
flow accounts_db -> core_svc "Account records" {
  isResponse = true
  data = [profile]
}

// Payments

flow core_svc -> payments "Payment instruction" {
  tlsVersion = TLSv12
  data = [payment]
  controls.authorizesSource = true
}
flow payments -> screening "Sanctions check" {
  data = [payment]
}
flow screening -> payments "Screening verdict" {
  isResponse = true
}
flow payments -> swift "Send payment" {
  tlsVersion = TLSv12
  data = [payment]
  controls {
    implementsAuthenticationScheme = true
    authorizesSource = true
  }
}
flow swift -> payments "Payment status report" {
  inScope = false
  data = [payment]
}
flow core_svc -> fraud "Score transaction" {
  protocol = "AMQP"
  dstPort = 5671
  data = [payment]
}

// Cards

flow card_auth: atm -> card_switch "Card authorisation" {
  usesVPN = true
  tlsVersion = TLSv12
  data = [pan, pin_block]
}
flow card_switch -> atm "Authorisation result" {
  isResponse = true
  usesVPN = true
}
flow card_switch -> card_vault "Tokenise card number" {
  data = [pan]
}

// Support assistant

flow ask: customer -> assistant "Ask support question" {
  tlsVersion = TLSv13
  data = [chat]
}
flow assistant -> customer "Support answer" {
  responseTo = ask
  data = [chat]
}
flow retrieve: assistant -> kb "Retrieve articles" {
  data = [chat]
}
flow kb -> assistant "Relevant articles" {
  responseTo = retrieve
  data = [articles]
}
flow assistant -> llm "Prompt with context" {
  tlsVersion = TLSv13
  data = [chat, articles, llm_key]
}
flow llm -> assistant "Completion" {
  isResponse = true
  data = [chat]
}
flow assistant -> core_svc "Tool call: look up account" {
  data = [chat]
  controls.authorizesSource = true
}
flow staff -> assistant "Review escalated chats" {
  data = [chat]
}

// Credit bureau (out of scope) and back office

flow credit_check: core_svc -> bureau "Credit check" {
  data = [bureau_key]
}
flow bureau -> core_svc "Credit score" {
  responseTo = credit_check
  data = [score]
}
flow bureau -> core_svc "Score change webhook" {
  data = [score]
}
flow core_svc -> audit_log "Audit trail" {
  data = [audit]
}
flow fraud -> audit_log "Fraud alerts" {
  data = [audit]
}
flow core_svc -> statements_fn "Render statement" {
  tlsVersion = TLSv12
}
flow statements_fn -> customer "Email statement" {
  data = [statement]
}
