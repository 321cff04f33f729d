// An internal AI assistant: employees chat with an agent that calls a
// third-party hosted LLM, retrieves wiki passages from a vector store (RAG)
// and acts through MCP tool servers: the ticketing system, a code
// execution sandbox and the HR database. Every prompt and tool call is
// written to an append-only audit log.

/// The assistant as the AI platform team runs it for the pilot (800 users).
model "Internal AI assistant" {
  description = """
    "Ask Atlas" (fictional) answers employees' questions from the internal
    wiki, files and updates tickets, runs small Python analyses and answers
    questions about the asker's own HR record (leave balance, manager,
    payslip dates). An orchestrating agent sends the conversation, the
    retrieved passages and the tools' results to a hosted LLM, which answers
    or asks for tool calls; the agent validates each call and runs it on an
    MCP server with the employee's own delegated token, except for the
    ticketing tool, which still uses a shared service account (AI-88).
    Out of scope: the LLM provider's infrastructure, the wiki and the
    ticketing SaaS themselves, and the corporate SSO.
    """
  assumptions = [
    {
      name = "Employees are authenticated by corporate SSO with phishing-resistant MFA"
      exclude = ["CR03"]
      description = "The chat UI and every tool server accept only tokens issued by the corporate IdP."
    },
  ]
}

// ---------------------------------------------------------------- zones

/// The corporate network, reached from the office or the always-on VPN.
boundary corp "Corporate network" {
  trust = INTERNAL

  /// Any employee; may paste anything into the chat, including other people's data.
  Actor employee "Employee" {
    isStaff = true
    usesManagedDevice = true
  }

  /// The platform team's Kubernetes cluster; the AI namespace's pods run on it.
  ContainerPlatform cluster "AI platform cluster (Kubernetes)" {
    controls {
      authenticatesSource = true
      hasAccessControl = true
      isHardened = true
    }
  }

  /// Confluence-style wiki. Every employee can edit most spaces, so its
  /// pages are untrusted input for the model (indirect prompt injection).
  Datastore wiki "Internal wiki" {
    inScope = false
    type = OTHER
    protocol = "HTTPS"
    port = 443
    maxClassification = RESTRICTED
  }

  /// The Kubernetes namespace of the AI platform; Istio mTLS between pods,
  /// except on the GPU node pool (see the embedding flows).
  boundary ai "AI platform namespace" {
    trust = INTERNAL

    /// Next.js chat front end behind the SSO proxy.
    Server chat "Chat UI" {
      runsOn = cluster
      protocol = "HTTPS"
      port = 443
      minTLSVersion = TLSv12
      maxClassification = SECRET
      usesSessionTokens = true
      controls {
        authenticatesSource = true
        implementsAuthenticationScheme = true
        authenticationScheme = "OIDC (corporate SSO)"
        usesMFA = true
        usesStrongSessionIdentifiers = true
        encryptsCookies = true
        implementsCSRFToken = true
        disablesiFrames = true
        // Model output is rendered as Markdown: links and images are allowed,
        // which can exfiltrate data through URLs (no allow-list yet).
        encodesOutput = true
        definesConnectionTimeout = true
        isHardened = true
      }
    }

    /// The orchestrator: builds prompts, runs the tool loop (at most 8 steps),
    /// validates each tool call against the tool's JSON schema and the
    /// employee's group, and exchanges the employee's token for a
    /// per-tool on-behalf-of token. It does not screen prompts or retrieved
    /// passages for injection.
    Agent agent "Assistant agent" {
      runsOn = cluster
      usesExternalTools = true
      // Retrieved wiki passages and ticket contents go into the prompt as they are.
      readsUntrustedContent = true
      // create_ticket and comment_ticket run without asking the employee first.
      hasWriteTools = true
      // MCP servers are launched from a reviewed, pinned manifest in Git;
      // the agent refuses any server not in it.
      validatesToolLaunchConfig = true
      maxClassification = SECRET
      sourceFiles = ["agent/orchestrator.py", "agent/tools.yaml"]
      controls {
        authenticatesSource = true
        authorizesSource = true
        hasAccessControl = true
        implementsPOLP = true
        validatesInput = true
        implementsServerSideValidation = true
        handlesResourceConsumption = true
        tracksExecutionFlow = true
        // pgvector is queried with bound parameters only.
        usesParameterizedInput = true
        sanitizesInput = false
      }
    }

    /// Self-hosted embedding model on the GPU pool; sees every question and passage.
    LLM embedder "Embedding model (self-hosted)" {
      isThirdParty = false
      isSelfHosted = true
      hasSystemPrompt = false
      processesPersonalData = true
      protocol = "HTTP"
      port = 8080
      maxClassification = SENSITIVE
      // The LLM kind has no way to say "embedding model": an assumption it is.
      assumptions = [
        {
          name = "Embedding-only model: returns vectors, never text, and takes no actions"
          exclude = ["LLM01", "LLM08"]
        },
      ]
    }

    /// pgvector: wiki passages and their embeddings, with the space's ACL
    /// copied onto every passage so retrieval is filtered by the asker's groups.
    Datastore vectors "Vector store (pgvector)" {
      type = SQL
      isSQL = true
      protocol = "PostgreSQL"
      port = 5432
      maxClassification = RESTRICTED
      hasWriteAccess = true
      controls {
        authenticatesSource = true
        hasAccessControl = true
        isEncryptedAtRest = true
      }
    }

    /// Nightly job: crawls the wiki, chunks pages, embeds them, loads pgvector.
    Process indexer "RAG indexer" {
      runsOn = cluster
      codeType = "Managed"
      environment = "Production"
      maxClassification = RESTRICTED
      sourceFiles = ["indexer/"]
      controls {
        implementsPOLP = true
        validatesInput = true
        // Pages are stored verbatim: hidden text and HTML comments included.
        sanitizesInput = false
      }
    }

    /// MCP server exposing search_tickets, create_ticket and comment_ticket.
    Process mcp_tickets "Ticketing MCP server" {
      runsOn = cluster
      codeType = "Managed"
      environment = "Production"
      implementsAPI = true
      maxClassification = SECRET
      sourceFiles = ["mcp/ticketing/"]
      controls {
        authenticatesSource = true
        validatesInput = true
        // Acts as one service account for everyone (AI-88): no per-user authorisation.
        authorizesSource = false
      }
    }

    /// Runs model-written Python in a fresh gVisor pod per call: no network,
    /// no credentials, 30 s of CPU, 512 MB, read-only image. Trusted less
    /// than the rest of the platform because what runs there is untrusted.
    boundary sandbox "Code sandbox" {
      trust = DMZ

      /// MCP server with one tool, run_python.
      Process mcp_sandbox "Code execution MCP server" {
        runsOn = cluster
        codeType = "Managed"
        environment = "Production"
        implementsAPI = true
        maxClassification = RESTRICTED
        sourceFiles = ["mcp/sandbox/"]
        controls {
          authenticatesSource = true
          implementsPOLP = true
          handlesResourceConsumption = true
          handlesCrashes = true
          isHardened = true
          // gVisor: each call in a pod of its own, with its own kernel.
          isolatesWorkloads = true
        }
      }
    }
  }

  /// The HR systems' network segment; the MCP server is its only new entry.
  boundary hr "HR systems" {
    trust = RESTRICTED

    /// MCP server with get_my_leave, get_my_manager, get_my_payslip_dates:
    /// every query is bound to the subject of the on-behalf-of token.
    Process mcp_hr "HR MCP server" {
      codeType = "Managed"
      environment = "Production"
      implementsAPI = true
      maxClassification = SECRET
      sourceFiles = ["mcp/hr/"]
      controls {
        authenticatesSource = true
        authorizesSource = true
        hasAccessControl = true
        implementsPOLP = true
        validatesInput = true
        usesParameterizedInput = true
        tracksExecutionFlow = true
      }
    }

    /// The HR system of record (Postgres); the MCP server has a read-only
    /// role on three views.
    Datastore hr_db "HR database" {
      type = SQL
      isSQL = true
      protocol = "PostgreSQL"
      port = 5432
      maxClassification = SECRET
      storesPII = true
      storesSensitiveData = true
      controls {
        authenticatesSource = true
        hasAccessControl = true
        implementsPOLP = true
        isEncryptedAtRest = true
        isHardened = true
      }
    }
  }

  /// The security team's logging account.
  boundary security "Security logging" {
    trust = RESTRICTED

    /// S3 with Object Lock (compliance mode, 1 year); the platform can only append.
    Datastore audit "Audit log" {
      type = AWS_S3
      onAWS = true
      keepsDataForDays = 365
      protocol = "HTTPS"
      port = 443
      storesLogData = true
      storesPII = true
      maxClassification = SECRET
      controls {
        hasAccessControl = true
        implementsPOLP = true
        isEncryptedAtRest = true
        providesIntegrity = true
      }
    }
  }
}

/// The model provider, under an enterprise agreement (zero data retention, EU region).
boundary provider "LLM provider" {
  trust = PARTNER

  /// A frontier model behind the provider's API, with function calling.
  LLM llm "Hosted LLM" {
    isThirdParty = true
    processesUntrustedInput = true
    hasSystemPrompt = true
    // Only the provider's own moderation; nothing screens for prompt injection.
    hasContentFiltering = false
    processesPersonalData = true
    retainsUserData = false
    hasRAG = true
    hasFineTuning = false
    hasAgentCapabilities = true
    hasAccessToSensitiveSystems = true
    // Through the run_python tool; the code runs in the sandbox, not at the provider.
    executesCode = true
    protocol = "HTTPS"
    port = 443
    maxClassification = SECRET
    overrides = [
      {
        threat_id = "LLM03"
        response = "Accepted by the DPO: enterprise agreement with zero data retention and no training on our data, EU processing; HR tools return only the asker's own record."
      },
      {
        threat_id = "LLM06"
        severity = Medium
        response = "Mitigated: generated code runs only in the gVisor sandbox, without network, credentials or persistent storage."
      },
    ]
  }
}

/// Ticketing SaaS, reached over the internet with an API token.
boundary saas "Ticketing vendor" {
  trust = PARTNER

  /// Jira Cloud-style ticketing.
  ExternalEntity ticketing "Ticketing SaaS" {
    inScope = false
    protocol = "HTTPS"
    port = 443
    maxClassification = SECRET
  }
}

// ---------------------------------------------------------------- data

Data sso_session "Employee SSO session" {
  classification = SECRET
  isCredentials = true
  credentialsLife = SHORT
}

Data obo_token "On-behalf-of token (per tool, 5 minutes)" {
  classification = SECRET
  isCredentials = true
  credentialsLife = SHORT
}

Data question "Question and chat history" {
  description = "Free text: may contain anything the employee pastes, personal data included."
  classification = SENSITIVE
  isPII = true
  purpose = "Answering the employee's question"
  legalBasis = LEGITIMATE_INTERESTS
  subjects = ["employees", "anyone an employee writes about"]
}

Data llm_request "Prompt: system prompt, history, passages and tool results" {
  format = "JSON"
  classification = SENSITIVE
  isPII = true
  purpose = "Answering the employee's question"
  legalBasis = LEGITIMATE_INTERESTS
}

Data llm_key "LLM provider API key" {
  classification = SECRET
  isCredentials = true
  credentialsLife = MANUAL
}

Data answer "Model output (text and tool calls)" {
  description = "Untrusted: shaped by whatever text reached the prompt."
  format = "JSON"
  classification = RESTRICTED
}

Data tool_call "Tool call (name and JSON arguments)" {
  format = "JSON"
  classification = RESTRICTED
}

Data passages "Wiki passages" {
  classification = RESTRICTED
}

Data vectors_data "Embeddings" {
  classification = RESTRICTED
  isStored = true
  isDestEncryptedAtRest = true
}

Data ticket "Ticket contents" {
  classification = RESTRICTED
}

Data ticket_token "Ticketing service-account token" {
  classification = SECRET
  isCredentials = true
  credentialsLife = MANUAL
}

Data code "Generated Python code" {
  classification = RESTRICTED
}

Data code_result "Sandbox stdout, stderr and files" {
  classification = RESTRICTED
}

Data hr_record "Employee HR record" {
  description = "Leave balance, manager, payslip dates of the asker only."
  classification = SECRET
  isPII = true
  purpose = "Employment administration"
  legalBasis = CONTRACT
  subjects = ["employees"]
}

Data audit_event "Audit event" {
  description = "Who asked what, every tool call and its arguments, and hashes of the results."
  format = "JSON"
  classification = SENSITIVE
  isPII = true
  purpose = "Security investigation of the assistant's use"
  legalBasis = LEGITIMATE_INTERESTS
  retentionDays = 365
  isStored = true
  isDestEncryptedAtRest = true
}

// ---------------------------------------------------------------- flows

flow ask: employee -> chat "Asks a question" {
  protocol = "HTTPS"
  dstPort = 443
  tlsVersion = TLSv13
  usesSessionTokens = true
  controls.isEncrypted = true
  data = [sso_session, question]
}

flow chat -> employee "Streams the answer" {
  responseTo = ask
  protocol = "HTTPS (SSE)"
  tlsVersion = TLSv13
  controls.isEncrypted = true
  data = [answer]
}

flow converse: chat -> agent "Forwards the conversation" {
  protocol = "HTTP/2 (mTLS)"
  dstPort = 8443
  tlsVersion = TLSv13
  controls.isEncrypted = true
  data = [obo_token, question]
}

flow agent -> chat "Answer" {
  responseTo = converse
  protocol = "HTTP/2 (mTLS)"
  tlsVersion = TLSv13
  controls.isEncrypted = true
  data = [answer]
}

/// Known gap (AI-91): the GPU node pool is outside the mesh, so this is plain HTTP.
flow agent -> embedder "Embeds the question" {
  protocol = "HTTP"
  dstPort = 8080
  data = [question]
}

flow agent -> vectors "Similarity search, filtered by the asker's groups" {
  protocol = "PostgreSQL"
  dstPort = 5432
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [vectors_data]
}

flow vectors -> agent "Top passages" {
  protocol = "PostgreSQL"
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [passages]
}

flow complete: agent -> llm "Chat completion with tool definitions" {
  protocol = "HTTPS"
  dstPort = 443
  tlsVersion = TLSv13
  controls.isEncrypted = true
  data = [llm_key, llm_request]
}

flow llm -> agent "Completion or tool calls" {
  responseTo = complete
  protocol = "HTTPS"
  tlsVersion = TLSv13
  controls.isEncrypted = true
  data = [answer, tool_call]
}

flow agent -> mcp_tickets "tools/call: ticketing" {
  protocol = "MCP (streamable HTTP, mTLS)"
  dstPort = 8443
  tlsVersion = TLSv13
  controls.isEncrypted = true
  data = [obo_token, tool_call]
}

flow mcp_tickets -> ticketing "REST API as the service account" {
  protocol = "HTTPS"
  dstPort = 443
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [ticket_token, ticket]
}

flow mcp_tickets -> agent "Ticket results" {
  protocol = "MCP (streamable HTTP, mTLS)"
  tlsVersion = TLSv13
  controls.isEncrypted = true
  data = [ticket]
}

flow agent -> mcp_sandbox "tools/call: run_python" {
  protocol = "MCP (streamable HTTP, mTLS)"
  dstPort = 8443
  tlsVersion = TLSv13
  controls.isEncrypted = true
  data = [code]
}

flow mcp_sandbox -> agent "Execution result" {
  protocol = "MCP (streamable HTTP, mTLS)"
  tlsVersion = TLSv13
  controls.isEncrypted = true
  data = [code_result]
}

flow agent -> mcp_hr "tools/call: HR lookups" {
  protocol = "MCP (streamable HTTP, mTLS)"
  dstPort = 8443
  tlsVersion = TLSv13
  controls.isEncrypted = true
  data = [obo_token, tool_call]
}

flow mcp_hr -> hr_db "Read-only queries on the asker's rows" {
  protocol = "PostgreSQL"
  dstPort = 5432
  tlsVersion = TLSv12
  controls.isEncrypted = true
}

flow hr_db -> mcp_hr "HR record" {
  protocol = "PostgreSQL"
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [hr_record]
}

flow mcp_hr -> agent "HR answer" {
  protocol = "MCP (streamable HTTP, mTLS)"
  tlsVersion = TLSv13
  controls.isEncrypted = true
  data = [hr_record]
}

flow agent -> audit "Appends audit events" {
  protocol = "HTTPS (Firehose)"
  dstPort = 443
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [audit_event]
}

flow wiki -> indexer "Pages crawled nightly" {
  protocol = "HTTPS"
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [passages]
}

/// Same gap as the agent's: plain HTTP to the GPU pool.
flow indexer -> embedder "Embeds passages" {
  protocol = "HTTP"
  dstPort = 8080
  data = [passages]
}

flow indexer -> vectors "Loads passages and embeddings" {
  protocol = "PostgreSQL"
  dstPort = 5432
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [passages, vectors_data]
}
