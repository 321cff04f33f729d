// A multi-tenant B2B invoicing SaaS on AWS: customers manage invoices and
// subscriptions in a single-page app; an API gateway routes to four
// services on ECS Fargate that share one Postgres database; rendered
// invoices go to S3 through a queue; payments go to a hosted payment
// provider, sign-in to a hosted identity provider; a CI pipeline pushes new
// releases; operators reach the database only through the admin VPN and a
// bastion.

/// The model as the platform team reviewed it before the EU launch.
model "Invoicing SaaS" {
  description = """
    Ledgerly (fictional) lets small businesses issue invoices and take card
    payments. The browser app talks to a public API gateway; behind it, the
    accounts, invoicing, billing and document-rendering services run on ECS
    Fargate in one VPC and share a Postgres database on RDS. Invoice PDFs are
    stored in S3 and downloaded through short-lived presigned URLs. Card
    numbers never reach our systems: the payment provider's hosted fields
    collect them in an iframe (PCI DSS SAQ A). GitHub Actions builds the
    services and deploys them by pushing new task definitions to ECS.
    Out of scope: the identity and payment providers' own systems, the
    corporate laptop fleet, and the build pipeline's internals (its own
    model; here only the way it reaches production).
    """
  assumptions = [
    {
      name = "Data at rest is encrypted with AWS KMS keys (AES-256), rotated yearly"
      exclude = ["CR05"]
      description = "Enforced by an SCP that denies unencrypted RDS, S3, SQS and Secrets Manager resources."
    },
  ]
}

// ---------------------------------------------------------------- zones

/// The open internet: customers' browsers and whatever runs in them.
boundary internet "Internet" {
  trust = INTERNET

  /// A customer's employee using the web app. Untrusted device, untrusted network.
  Actor customer "Customer user" {
    description = "Signs in with the identity provider and manages invoices, customers and payment settings."
  }

  /// The React single-page app, executing in the customer's browser.
  ClientApp spa "Web app (SPA, in the browser)" {
    platform = BROWSER
    maxClassification = SECRET
    sourceFiles = ["web/src/main.tsx"]
    // The access token lives in memory only; the page loads the PSP's
    // hosted-fields script, pinned by subresource integrity.
    loadsThirdPartyCode = true
    controls {
      pinsDependencies = true
      // React escapes by default; a strict CSP (no inline script) is enforced.
      encodesOutput = true
      invokesScriptFilters = true
      // The API is bearer-token only (no cookies), so CSRF tokens are unnecessary
      // but none are implemented either.
      implementsCSRFToken = false
      disablesiFrames = true
      validatesInput = true
    }
  }
}

/// Hosted partners reached over the internet under contract.
boundary identity "Identity provider tenant" {
  trust = PARTNER

  /// Auth0-style OIDC provider: passwords, MFA and social login live there.
  IdentityProvider idp "Identity provider (OIDC)" {
    isThirdParty = true
    tokenLifetimeMinutes = 15
    inScope = false
    maxClassification = SECRET
    controls {
      usesMFA = true
      implementsAuthenticationScheme = true
      authenticationScheme = "OIDC authorization code + PKCE"
    }
  }
}

/// The payment provider, PCI DSS level 1; holds all card data.
boundary payments "Payment provider" {
  trust = PARTNER

  /// Stripe-like PSP: hosted card fields, charges, subscriptions, webhooks.
  ExternalEntity psp "Payment provider (PSP)" {
    inScope = false
    maxClassification = SECRET
  }
}

/// The production AWS account. Regional services that live outside the
/// VPC (S3, SQS, Secrets Manager) sit directly here and are gated by IAM
/// policies and VPC-endpoint conditions, not by the network.
boundary aws "AWS production account" {
  trust = INTERNAL

  /// Public entry points: CloudFront and the internet-facing ALB with AWS WAF.
  boundary edge "Edge (CloudFront, public ALB)" {
    trust = DMZ

    /// CloudFront distribution with a private S3 origin (origin access control).
    Gateway cdn "SPA hosting (CloudFront)" {
      role = CDN
      cloud = AWS
      protocol = "HTTPS"
      port = 443
      minTLSVersion = TLSv12
      maxClassification = PUBLIC
      assumptions = [
        {
          name = "Public static files only: no server-side rendering, sessions, uploads or per-user content"
          exclude = ["INP39", "AA01", "AC01", "AA04", "SC05"]
        },
      ]
      controls {
        isHardened = true
        isResilient = true
        disablesiFrames = true
        validatesHeaders = true
      }
    }

    /// ALB + Envoy: TLS termination, WAF, JWT validation, per-tenant rate limits,
    /// routing by path to the services.
    Gateway gateway "API gateway" {
      role = API_GATEWAY
      // AWS WAF with the managed core rule set sits on the ALB.
      filtersAttacks = true
      cloud = AWS
      protocol = "HTTPS"
      port = 443
      minTLSVersion = TLSv12
      maxClassification = SECRET
      usesSessionTokens = true
      sourceFiles = ["infra/gateway/envoy.yaml"]
      overrides = [
        {
          threat_id = "AC21"
          severity = Low
          response = "Mitigated: the API takes only bearer tokens from the Authorization header; no cookie carries authority, so a forged cross-site request has nothing to ride on."
        },
      ]
      controls {
        authenticatesSource = true
        implementsAuthenticationScheme = true
        authenticationScheme = "OAuth2 bearer JWT (RS256, JWKS from the IdP)"
        validatesHeaders = true
        implementsStrictHTTPValidation = true
        validatesContentType = true
        handlesResourceConsumption = true
        isResilient = true
        isHardened = true
        definesConnectionTimeout = true
        // ALB access logs and the gateway's auth decisions go to CloudWatch.
        logsSecurityEvents = true
        // The WAF's managed rule set filters the obvious injection payloads,
        // but the services must not rely on it.
        sanitizesInput = false
      }
    }
  }

  /// Private subnets of the application VPC: ECS Fargate tasks, no public IPs.
  /// Service-to-service traffic goes through the mesh with mutual TLS.
  boundary vpc "Application VPC" {
    trust = INTERNAL

    /// The ECS cluster: every task is a Fargate micro-VM of its own, pulling
    /// images from ECR; task secrets come from Secrets Manager at start.
    ContainerPlatform ecs "ECS Fargate cluster" {
      cloud = AWS
      controls {
        // No EC2 nodes to harden: Fargate runs each task in its own micro-VM.
        isHardened = true
        isolatesWorkloads = true
        authenticatesSource = true
        hasAccessControl = true
        implementsPOLP = true
      }
    }

    /// Tenants, users, roles and the per-tenant settings.
    Process accounts "Accounts service" {
      runsOn = ecs
      cloud = AWS
      codeType = "Managed"
      environment = "Production"
      implementsAPI = true
      maxClassification = SECRET
      sourceFiles = ["services/accounts/"]
      controls {
        authenticatesSource = true
        authorizesSource = true
        hasAccessControl = true
        implementsPOLP = true
        validatesInput = true
        implementsServerSideValidation = true
        usesParameterizedInput = true
        encodesOutput = true
        isHardened = true
      }
    }

    /// Invoices and customers' customers: the core of the product.
    Process invoicing "Invoicing service" {
      runsOn = ecs
      cloud = AWS
      codeType = "Managed"
      environment = "Production"
      implementsAPI = true
      maxClassification = SENSITIVE
      sourceFiles = ["services/invoicing/"]
      controls {
        authenticatesSource = true
        authorizesSource = true
        hasAccessControl = true
        implementsPOLP = true
        validatesInput = true
        implementsServerSideValidation = true
        usesParameterizedInput = true
        encodesOutput = true
        isHardened = true
      }
    }

    /// Subscriptions and charges through the PSP; receives the PSP's webhooks.
    Process billing "Billing service" {
      runsOn = ecs
      cloud = AWS
      codeType = "Managed"
      environment = "Production"
      implementsAPI = true
      maxClassification = SECRET
      sourceFiles = ["services/billing/"]
      controls {
        authenticatesSource = true
        authorizesSource = true
        hasAccessControl = true
        implementsPOLP = true
        validatesInput = true
        implementsServerSideValidation = true
        usesParameterizedInput = true
        // Webhooks are verified by their HMAC signature and a 5-minute timestamp window.
        providesIntegrity = true
        implementsNonce = true
        isHardened = true
      }
    }

    /// Turns invoice jobs into PDFs with headless Chromium and stores them.
    /// Known gap: the invoice notes are customer-written HTML and are not yet
    /// sanitised before rendering (ticket SEC-212), and Chromium can reach
    /// the network (SSRF through image and link URLs).
    Process renderer "Document renderer" {
      runsOn = ecs
      cloud = AWS
      fetchesURLs = true
      codeType = "Unmanaged"
      environment = "Production"
      maxClassification = SENSITIVE
      sourceFiles = ["services/renderer/"]
      overrides = [
        {
          threat_id = "INP02"
          cvss = "7.7"
          response = "Accepted until SEC-212 ships: customer-written HTML reaches Chromium's native parser unsanitised; sanitising invoice notes and removing network egress will limit what a parser bug can reach. Risk owner: CTO; review by the end of Q3."
        },
      ]
      controls {
        implementsPOLP = true
        handlesResourceConsumption = true
        handlesCrashes = true
        sanitizesInput = false
        validatesInput = false
      }
    }
    // Chromium fetches the images and links written in an invoice's notes.

    /// Only reachable through the admin Client VPN; sessions recorded by SSM.
    boundary mgmt "Management subnet" {
      trust = RESTRICTED

      /// SSM-managed bastion used for break-glass database access.
      Server bastion "Bastion host" {
        OS = "Amazon Linux 2023"
        protocol = "SSH"
        port = 22
        maxClassification = SENSITIVE
        assumptions = [
          {
            name = "Its input is an administrator's own psql session, not data built into a query"
            exclude = ["INP05"]
          },
        ]
        controls {
          authenticatesSource = true
          implementsAuthenticationScheme = true
          authenticationScheme = "SSO + SSM Session Manager"
          usesMFA = true
          hasAccessControl = true
          isHardened = true
          tracksExecutionFlow = true
          // SSM records every session, keystrokes included, to CloudWatch.
          logsSecurityEvents = true
        }
      }
    }

    /// Isolated data subnets: security groups admit only the services and the bastion.
    boundary data "Data subnet" {
      trust = RESTRICTED

      /// RDS for PostgreSQL 15, Multi-AZ. One database, one schema per service,
      /// but all services connect as roles of the same cluster.
      Datastore db "Postgres (RDS)" {
        type = SQL
        onAWS = true
        keepsDataForDays = 3650
        onRDS = true
        port = 5432
        protocol = "PostgreSQL"
        minTLSVersion = TLSv12
        maxClassification = SENSITIVE
        storesPII = true
        storesSensitiveData = true
        isShared = true
        hasWriteAccess = true
        controls {
          authenticatesSource = true
          authenticationScheme = "RDS IAM authentication"
          hasAccessControl = true
          implementsPOLP = true
          isEncryptedAtRest = true
          usesEncryptionAlgorithm = "AES-256 (KMS)"
          isResilient = true
          isHardened = true
          // Automated snapshots, 35 days, copied to a second region.
          hasBackup = true
          // Tenants export and delete their data from the settings page.
          supportsDataSubjectRights = true
        }
      }
    }
  }

  /// Render jobs from invoicing to the renderer; a dead-letter queue keeps failures.
  MessageQueue queue "Render job queue (SQS)" {
    cloud = AWS
    hasDeadLetterQueue = true
    keepsDataForDays = 4
    protocol = "HTTPS"
    port = 443
    maxClassification = RESTRICTED
    controls {
      authenticatesSource = true
      hasAccessControl = true
      implementsPOLP = true
      isEncryptedAtRest = true
      usesEncryptionAlgorithm = "SSE-SQS (AES-256)"
      isResilient = true
    }
  }

  /// Invoice PDFs. Block Public Access is on; customers download through
  /// presigned GET URLs that expire after 5 minutes.
  Datastore documents "Invoice documents (S3)" {
    type = AWS_S3
    onAWS = true
    // Invoices are kept the ten years commercial law asks for.
    keepsDataForDays = 3650
    protocol = "HTTPS"
    port = 443
    maxClassification = SENSITIVE
    storesPII = true
    storesSensitiveData = true
    controls {
      hasAccessControl = true
      implementsPOLP = true
      isEncryptedAtRest = true
      usesEncryptionAlgorithm = "SSE-KMS (AES-256)"
      isResilient = true
    }
  }

  /// Secrets Manager: the PSP's secret key and the webhook signing secret.
  SecretsVault secrets "Secrets Manager" {
    cloud = AWS
    protocol = "HTTPS"
    port = 443
    maxClassification = SECRET
    controls {
      hasAccessControl = true
      implementsPOLP = true
      isEncryptedAtRest = true
      usesEncryptionAlgorithm = "KMS (AES-256)"
      tracksExecutionFlow = true
      // CloudTrail records every GetSecretValue.
      logsSecurityEvents = true
      // Replicated to a second region; deletion waits out a 30-day recovery window.
      hasBackup = true
    }
  }
}

/// Staff laptops on the corporate network, managed by MDM.
boundary corp "Corporate admin network" {
  trust = INTERNAL

  /// An SRE on call. Connects with the AWS Client VPN (certificate + SSO with a hardware key).
  Actor admin "SRE (administrator)" {
    isAdmin = true
    isStaff = true
    usesManagedDevice = true
    controls.usesMFA = true
  }
}

/// GitHub, where the code and its build pipeline live.
boundary github "GitHub organisation" {
  trust = PARTNER

  /// GitHub Actions: builds images, pushes them to ECR and registers new ECS
  /// task definitions with a role it assumes through GitHub's OIDC tokens.
  BuildPipeline ci "Build and deploy (GitHub Actions)" {
    deploysByPush = true
    controls {
      // Organisation SSO with MFA; only the release team can run deploy jobs.
      authenticatesSource = true
      hasAccessControl = true
      requiresCodeReview = true
      pinsDependencies = true
      scansDependencies = true
    }
  }
}

// ---------------------------------------------------------------- data

Data spa_bundle "SPA bundle (HTML, JS, CSS)" {
  classification = PUBLIC
}

Data password "Customer password and MFA code" {
  classification = SECRET
  isCredentials = true
  credentialsLife = MANUAL
}

Data tokens "OIDC ID and access tokens (JWT)" {
  description = "15-minute access token; the refresh token stays in the IdP's session."
  classification = SECRET
  isCredentials = true
  credentialsLife = SHORT
}

Data jwks "IdP signing keys (JWKS)" {
  classification = PUBLIC
}

Data account "Tenant and user profile" {
  description = "Names, business e-mail addresses, roles."
  classification = SENSITIVE
  isPII = true
  purpose = "Sign-in, roles and the tenant's account"
  legalBasis = CONTRACT
  subjects = ["customers' employees"]
  isStored = true
  isDestEncryptedAtRest = true
}

Data invoice "Invoice" {
  description = "Line items, amounts, and the billed person's name and address."
  format = "JSON"
  classification = SENSITIVE
  isPII = true
  purpose = "Issuing and collecting the tenant's invoices"
  legalBasis = LEGAL_OBLIGATION
  retentionDays = 3650
  subjects = ["tenants' customers"]
  isStored = true
  isDestEncryptedAtRest = true
}

Data invoice_pdf "Rendered invoice PDF" {
  format = "PDF"
  classification = SENSITIVE
  isPII = true
  purpose = "The invoice as sent to the tenant's customer"
  legalBasis = LEGAL_OBLIGATION
  retentionDays = 3650
  subjects = ["tenants' customers"]
  isStored = true
  isDestEncryptedAtRest = true
}

Data render_job "Render job message" {
  description = "Tenant id, invoice id and a checksum; no invoice content."
  format = "JSON"
  classification = RESTRICTED
}

Data card "Card number, expiry and CVC" {
  classification = SECRET
  isPII = true
  purpose = "Paying the subscription"
  legalBasis = CONTRACT
}

Data psp_ref "PSP customer and payment-method ids" {
  classification = RESTRICTED
  isStored = true
}

Data psp_key "PSP secret API key" {
  classification = SECRET
  isCredentials = true
  credentialsLife = MANUAL
}

Data webhook "Payment event (signed webhook)" {
  format = "JSON"
  classification = RESTRICTED
}

Data db_token "RDS IAM auth token" {
  classification = SECRET
  isCredentials = true
  credentialsLife = SHORT
}

Data presigned "Presigned S3 URL" {
  description = "A bearer credential for one object, valid 5 minutes."
  classification = RESTRICTED
  isCredentials = true
  credentialsLife = SHORT
}

Data deploy_role "Deploy role session (GitHub OIDC)" {
  description = "One-hour AWS credentials for the deploy role, from GitHub's OIDC token."
  classification = SECRET
  isCredentials = true
  credentialsLife = SHORT
}

Data admin_session "Admin SSO session and VPN certificate" {
  classification = SECRET
  isCredentials = true
  credentialsLife = SHORT
}

// ---------------------------------------------------------------- flows

flow load_spa: customer -> cdn "Loads the web app" {
  protocol = "HTTPS"
  dstPort = 443
  tlsVersion = TLSv13
  controls.isEncrypted = true
}

flow cdn -> customer "SPA bundle" {
  responseTo = load_spa
  protocol = "HTTPS"
  tlsVersion = TLSv13
  controls.isEncrypted = true
  data = [spa_bundle]
}

flow customer -> spa "Uses the app" {
  note = "In-browser: clicks and keystrokes."
  data = [account, invoice]
  assumptions = [
    {
      name = "Inside the customer's browser: nothing crosses a network"
      exclude = ["DE03", "AC05"]
    },
  ]
}

flow sign_in: customer -> idp "Signs in (authorization code + PKCE)" {
  protocol = "HTTPS"
  dstPort = 443
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [password]
}

flow idp -> spa "Authorization code, then tokens" {
  responseTo = sign_in
  protocol = "HTTPS"
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [tokens]
}

flow api: spa -> gateway "API calls with bearer token" {
  protocol = "HTTPS"
  dstPort = 443
  tlsVersion = TLSv13
  usesSessionTokens = true
  controls.isEncrypted = true
  data = [tokens, account, invoice]
}

flow gateway -> spa "API responses" {
  responseTo = api
  protocol = "HTTPS"
  tlsVersion = TLSv13
  controls.isEncrypted = true
  data = [account, invoice, presigned]
}

/// The PSP's hosted fields: the card goes from the browser straight to the PSP.
flow spa -> psp "Card details (hosted fields iframe)" {
  protocol = "HTTPS"
  dstPort = 443
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [card]
}

flow gateway -> idp "Fetches signing keys" {
  protocol = "HTTPS"
  dstPort = 443
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [jwks]
}

flow gateway -> accounts "/v1/accounts/*" {
  protocol = "HTTP/2 (mTLS)"
  dstPort = 8443
  tlsVersion = TLSv13
  controls.isEncrypted = true
  data = [tokens, account]
}

flow gateway -> invoicing "/v1/invoices/*" {
  protocol = "HTTP/2 (mTLS)"
  dstPort = 8443
  tlsVersion = TLSv13
  controls.isEncrypted = true
  data = [tokens, invoice]
}

flow gateway -> billing "/v1/billing/* and /webhooks/psp" {
  protocol = "HTTP/2 (mTLS)"
  dstPort = 8443
  tlsVersion = TLSv13
  controls.isEncrypted = true
  data = [tokens, psp_ref, webhook]
}

flow psp -> gateway "Payment webhooks" {
  protocol = "HTTPS"
  dstPort = 443
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [webhook]
}

flow billing -> psp "Creates customers, subscriptions and charges" {
  protocol = "HTTPS"
  dstPort = 443
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [psp_key, psp_ref, invoice]
}

flow billing -> secrets "Reads the PSP key at start-up" {
  protocol = "HTTPS"
  dstPort = 443
  tlsVersion = TLSv12
  controls.isEncrypted = true
}

flow secrets -> billing "PSP key" {
  protocol = "HTTPS"
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [psp_key]
}

flow accounts -> db "Reads and writes tenants and users" {
  protocol = "PostgreSQL"
  dstPort = 5432
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [db_token, account]
}

flow invoicing -> db "Reads and writes invoices" {
  protocol = "PostgreSQL"
  dstPort = 5432
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [db_token, invoice]
}

flow billing -> db "Records subscriptions and payments" {
  protocol = "PostgreSQL"
  dstPort = 5432
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [db_token, psp_ref]
}

flow invoicing -> queue "Enqueues a render job" {
  protocol = "HTTPS (SQS API, VPC endpoint)"
  dstPort = 443
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [render_job]
}

flow queue -> renderer "Delivers render jobs (long polling)" {
  protocol = "HTTPS (SQS API, VPC endpoint)"
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [render_job]
}

flow renderer -> db "Reads the invoice to render" {
  protocol = "PostgreSQL"
  dstPort = 5432
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [db_token, invoice]
}

flow renderer -> documents "Stores the PDF" {
  protocol = "HTTPS (S3 API, VPC endpoint)"
  dstPort = 443
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [invoice_pdf]
}

/// The only path from the internet straight to a store: the presigned URL.
flow download: customer -> documents "Downloads a PDF (presigned URL)" {
  protocol = "HTTPS"
  dstPort = 443
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [presigned]
}

flow documents -> customer "Invoice PDF" {
  responseTo = download
  protocol = "HTTPS"
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [invoice_pdf]
}

flow admin -> bastion "SSM session over the admin Client VPN" {
  protocol = "SSH over SSM"
  dstPort = 22
  tlsVersion = TLSv12
  usesVPN = true
  controls.isEncrypted = true
  data = [admin_session]
}

/// Break-glass only: read-only role by default, writes need a second approver.
flow bastion -> db "Break-glass psql" {
  protocol = "PostgreSQL"
  dstPort = 5432
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [db_token]
}

flow ci -> ecs "Registers new task definitions" {
  protocol = "HTTPS (ECS API)"
  dstPort = 443
  tlsVersion = TLSv12
  controls.isEncrypted = true
  data = [deploy_role]
}
