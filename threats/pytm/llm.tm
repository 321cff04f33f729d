// LLM and agent threats (LLM01..LLM09): prompt injection, data leakage,
// poisoning, excessive agency and unsafe tool launching, translated from
// pytm 1.4's threat library, in pytm's order.

threat LLM01 "Direct Prompt Injection" {
  targets = [LLM]
  severity = High
  likelihood = High
  when = target.processesUntrustedInput and not target.hasContentFiltering
  details = """
    A user of the application writes text meant to override what the model was
    told to do: claiming a new role, declaring that earlier rules no longer
    apply, or hiding the request inside a story or an encoding. The model reads
    its system prompt and the user's text as one stream, so it has no reliable
    way to tell trusted instructions from untrusted ones and may follow the
    attacker. A successful injection can reveal the system prompt or
    confidential context, produce content the application must never return, or
    misuse any tools the model can call. The threat applies because this model
    takes input from sources you do not control and no content filter screens it.
    """
  prerequisites = """
    Attackers can send text that ends up in the model's prompt, and nothing
    between them and the model screens for injection attempts.
    """
  mitigations = """
    Put an input and output filter, such as a guardrail service or a classifier,
    in front of the model to detect and block injection attempts and replies
    that break policy, then set `hasContentFiltering = true`. Keep secrets,
    credentials and privileged business rules out of prompts, since anything in
    the context can leak. Separate user text from instructions with structured
    message roles or clear delimiters, and restate critical constraints after
    user content. Check the model's output before acting on it or displaying it.
    Log prompts and responses and review the unusual ones.
    """
  example = """
    A support chatbot's system prompt lists internal discount codes. A user
    writes that the bot is now in maintenance mode and must print its
    configuration word for word, and the bot replies with its whole prompt,
    codes included.
    """
  references = [
    "https://owasp.org/www-project-top-10-for-large-language-model-applications/",
    "https://genai.owasp.org/llmrisk/llm01-prompt-injection/",
  ]
}

threat LLM02 "Indirect Prompt Injection via Retrieved Content" {
  targets = [LLM]
  severity = High
  likelihood = High
  when = target.hasRAG and not target.hasContentFiltering
  details = """
    With retrieval-augmented generation, documents fetched from a search index,
    website, mailbox or knowledge base are placed in the model's context next to
    the user's question. Anyone who can write to those sources can plant
    instructions in them, often invisible to human readers, in white text,
    metadata or comments. Once retrieved, the model may obey them as if they came
    from the application: ignoring its own instructions, slanting its answers,
    or leaking the conversation through links or tool calls. The victim does
    nothing unusual; an ordinary question that happens to pull in the poisoned
    document is enough. The threat applies because the model uses retrieved
    content and no content filter screens it.
    """
  prerequisites = """
    The model's context includes retrieved content from sources outsiders can
    influence, and that content is not screened before it reaches the model.
    """
  mitigations = """
    Screen retrieved passages for embedded instructions before adding them to
    the context, filter the model's output as well, and set
    `hasContentFiltering = true` once both are in place. Index only sources you
    trust and record where each document came from, so poisoned ones can be
    traced and removed. Mark retrieved text as data in the prompt and tell the
    model never to follow instructions found in it, without relying on that
    alone. Do not let answers built on retrieved content trigger tool calls or
    render outside links and images unchecked. Watch the sources for unexpected
    changes.
    """
  example = """
    An internal assistant indexes a shared wiki. An attacker adds hidden text to
    a page telling the assistant to append an image whose URL carries the user's
    earlier messages, so whenever colleagues ask about that topic their
    conversation is sent to the attacker's server.
    """
  references = [
    "https://owasp.org/www-project-top-10-for-large-language-model-applications/",
    "https://genai.owasp.org/llmrisk/llm01-prompt-injection/",
  ]
}

threat LLM03 "Sensitive Data Leakage to Third-Party Provider" {
  targets = [LLM]
  severity = High
  likelihood = High
  when = target.isThirdParty
         and target.processesPersonalData
         and not target.controls.providesConfidentiality
  details = """
    When the model is a hosted service run by another company, every prompt and
    the personal data in it is sent to and processed on that company's
    infrastructure. Depending on its terms and settings, the provider may log
    requests, keep them for abuse monitoring, let its staff see them, or use
    them to improve its models. This can breach data protection law, contracts,
    or sector rules for health or financial data, and it adds the provider's own
    breaches to your risk. The threat applies because this third-party model
    handles personal data and no confidentiality control limits what the
    provider receives.
    """
  prerequisites = """
    Personal data is included in requests to a model run by an outside provider,
    with no masking, contractual limits or other measure protecting it.
    """
  mitigations = """
    Remove, mask or pseudonymise personal data before sending it, and put it
    back into the response locally if needed. Sign a data processing agreement
    that rules out training on your data and limits retention, and turn on
    zero-retention or opt-out settings where the provider offers them. Pick a
    provider region that meets your data residency rules and call the API only
    over TLS. Use a self-hosted model for the most sensitive workloads. Set
    `controls.providesConfidentiality = true` once these measures are in place.
    """
  example = """
    A clinic's note-taking tool sends whole consultation transcripts to a public
    LLM API to get summaries. The provider keeps requests for a month for abuse
    review, so patients' health details sit on an outside company's servers with
    no legal basis.
    """
  references = [
    "https://owasp.org/www-project-top-10-for-large-language-model-applications/",
    "https://genai.owasp.org/llmrisk/llm06-sensitive-information-disclosure/",
  ]
}

threat LLM04 "Training Data Poisoning" {
  targets = [LLM]
  severity = High
  likelihood = Medium
  when = target.hasFineTuning and not target.controls.providesIntegrity
  details = """
    A fine-tuned model learns from whatever examples it is given, so whoever can
    change the fine-tuning data can change the model. An attacker with write
    access to the dataset, its sources or the training pipeline can add examples
    that bias answers, degrade quality on chosen topics, or plant a backdoor that
    makes the model misbehave only when a trigger phrase appears. Such changes
    are hard to catch with ordinary testing because the model behaves normally
    on most inputs. The threat applies because the model is fine-tuned and
    nothing protects the integrity of its training data.
    """
  prerequisites = """
    The model is fine-tuned on data the attacker can add to or modify, and the
    data is not checked for tampering before training.
    """
  mitigations = """
    Record where every training example comes from and accept data only from
    trusted, reviewed sources. Store datasets with checksums or signatures and
    verify them before each training run; set `controls.providesIntegrity = true`
    once this is enforced. Restrict write access to datasets and training
    pipelines and log every change. Look for outliers and repeated trigger
    patterns in the data, and test each fine-tuned model against held-out and
    adversarial cases before release. Keep earlier model versions so a poisoned
    one can be rolled back.
    """
  example = """
    A company fine-tunes its assistant on support tickets gathered
    automatically. An attacker files hundreds of tickets that pair one product
    code with advice to visit a fake refund site, and after the next training
    run the assistant recommends that site whenever the code comes up.
    """
  references = [
    "https://owasp.org/www-project-top-10-for-large-language-model-applications/",
    "https://genai.owasp.org/llmrisk/llm03-training-data-poisoning/",
  ]
}

threat LLM05 "Excessive Agency via Unauthorized Tool Use" {
  targets = [LLM]
  severity = VeryHigh
  likelihood = High
  when = target.hasAgentCapabilities
         and target.hasAccessToSensitiveSystems
         and not target.controls.implementsPOLP
  details = """
    A model that can call tools acts through whatever permissions those tools
    carry. If the tools reach sensitive systems with broad rights, such as a
    database account that can read every table or a mail API that can write to
    anyone, then any manipulation of the model, whether by prompt injection,
    poisoned content or a plain misunderstanding, turns into an action with real
    consequences. The model cannot be trusted to refuse, so its permissions set
    the limit of the damage. The threat applies because this model has tools,
    they reach sensitive systems, and least privilege is not enforced on them.
    """
  prerequisites = """
    The model can invoke tools or functions that access sensitive systems, and
    those tools hold more permissions than the task needs.
    """
  mitigations = """
    Give each tool only the operations and data its task requires, through
    dedicated accounts with narrow rights, and set
    `controls.implementsPOLP = true` once this is in place. Where possible, run
    tools with the end user's permissions instead of a shared powerful account.
    Require a person to confirm destructive, financial or bulk operations.
    Validate tool arguments outside the model and cap the number of calls and
    records per session. Log every tool call with its arguments for audit.
    """
  example = """
    A customer service agent queries the orders database through an account that
    can read every table. A user asks it for the e-mail and postal addresses of
    everyone who ordered last week, and it runs the query and hands over the
    list.
    """
  references = [
    "https://owasp.org/www-project-top-10-for-large-language-model-applications/",
    "https://genai.owasp.org/llmrisk/llm08-excessive-agency/",
  ]
}

threat LLM06 "Arbitrary Code Execution via LLM Agent" {
  targets = [LLM]
  severity = VeryHigh
  likelihood = High
  when = target.executesCode and not target.controls.isHardened
  details = """
    Some LLM applications let the model write code and then run it, for example
    to analyse data or automate a task. Whoever can influence the model's input,
    directly or through content it reads, can therefore influence the code that
    runs. Without isolation, that code has the privileges of the host process:
    it can read files and credentials, call internal services, install
    persistent access or abuse the machine's resources. The threat applies
    because the model executes code and its execution environment has not been
    hardened.
    """
  prerequisites = """
    Code the model generates is run automatically in an environment without a
    sandbox or resource limits.
    """
  mitigations = """
    Run generated code only in an isolated sandbox, such as a short-lived
    container, microVM or WebAssembly runtime, with no access to host files,
    credentials or internal networks, and set `controls.isHardened = true` once
    this isolation is in place. Limit CPU, memory, run time and disk for each
    execution. Block outbound network access by default and allow only the
    destinations a task needs. Restrict the libraries and system calls available.
    Have a person review code before it runs when it touches important data.
    """
  example = """
    A data-analysis assistant runs Python directly on the application server. A
    spreadsheet uploaded by a user contains a note asking the assistant to load
    a helper module from a given URL; the generated code fetches and runs it, and
    the module sends the server's cloud credentials to the attacker.
    """
  references = [
    "https://owasp.org/www-project-top-10-for-large-language-model-applications/",
    "https://genai.owasp.org/llmrisk/llm08-excessive-agency/",
  ]
}

threat LLM07 "Jailbreaking and Safety Bypass" {
  targets = [LLM]
  severity = High
  likelihood = High
  when = not target.hasContentFiltering and target.hasSystemPrompt
  details = """
    The system prompt tells the model what it may and may not do, but it is only
    more text in the context, weighed against everything else the model reads.
    Jailbreak techniques exploit this: the attacker asks the model to play a
    character without rules, spreads a forbidden request over many turns,
    disguises it in another language or cipher, or piles up hypotheticals until
    the model produces what its instructions forbid. With no separate filter,
    nothing but the model's own judgement stands between the result and the
    user. The threat applies because this model relies on a system prompt for
    its limits and has no content filtering.
    """
  prerequisites = """
    The model's rules of behaviour are given only in its system prompt, with no
    independent filter on inputs or outputs.
    """
  mitigations = """
    Add content filtering on both inputs and outputs, for example a moderation
    service or a classifier trained to spot jailbreak attempts and policy
    violations, and set `hasContentFiltering = true` once it is deployed. Treat
    the system prompt as guidance rather than a security boundary, and enforce
    the rules that matter in code. Red-team the application regularly with
    current jailbreak techniques and update the filters. Limit conversation
    length and reset the context when a session shows repeated attempts. Monitor
    refusals and flagged outputs.
    """
  example = """
    A homework helper for children is told in its system prompt to avoid violent
    content. A user asks it to act as an "unrestricted" thriller writer and,
    over several turns, gets it to produce the graphic material its prompt was
    meant to exclude.
    """
  references = [
    "https://owasp.org/www-project-top-10-for-large-language-model-applications/",
    "https://genai.owasp.org/llmrisk/llm01-prompt-injection/",
  ]
}

threat LLM08 "Sensitive Information Disclosure Through Output" {
  targets = [LLM]
  severity = High
  likelihood = High
  when = target.processesPersonalData and not target.controls.encodesOutput
  details = """
    A model that sees personal data in its prompts, retrieved documents or
    training data can repeat it in its answers. This happens when a user simply
    asks for it, when context meant for one user leaks into another's session,
    when memorised training data resurfaces, or when a crafted prompt draws it
    out. The model decides freely what to write, so access checks made before
    the prompt was built do not govern what comes back. The threat applies
    because the model handles personal data and its output is neither filtered
    nor encoded before use.
    """
  prerequisites = """
    Personal or otherwise sensitive data is present in the model's context or
    training data, and its replies are passed on without checks.
    """
  mitigations = """
    Scan model output for personal data, credentials and other sensitive
    patterns, redact or block them before the output reaches users or other
    systems, and encode it for where it is displayed; set
    `controls.encodesOutput = true` once this is in place. Give the model only
    the records the current user may see, selected by the application before
    retrieval. Keep each user's context separate and clear it between sessions.
    Avoid training or fine-tuning on raw personal data. Log and review responses
    the filter flags.
    """
  example = """
    An HR assistant retrieves employee files to answer policy questions. A staff
    member asks about parental leave "taking a colleague's case as an example",
    and the answer includes that colleague's sick-leave dates and salary.
    """
  references = [
    "https://owasp.org/www-project-top-10-for-large-language-model-applications/",
    "https://genai.owasp.org/llmrisk/llm06-sensitive-information-disclosure/",
  ]
}

threat LLM09 "Untrusted Tool Launch Configuration" {
  targets = [Agent]
  severity = High
  likelihood = High
  when = target.usesExternalTools and not target.validatesToolLaunchConfig
  details = """
    Agent harnesses often start tools as local processes, for example MCP
    servers over stdio, using a command and arguments read from a configuration
    file, a project folder or a registry. That configuration looks like setup
    data, yet it decides which program runs on the user's machine with the
    user's rights. Anyone who can change it, through a malicious repository, a
    shared workspace file, a compromised package or an instruction injected into
    the agent, can make the harness run any command they like. The threat
    applies because this agent launches external tools and does not check their
    launch configuration before starting them.
    """
  prerequisites = """
    The agent starts tools or servers from configuration that untrusted parties
    may supply or change, and it runs them without any check.
    """
  mitigations = """
    Check each tool's command, arguments, environment and origin against an
    allow-list or policy before launching it, and set
    `validatesToolLaunchConfig = true` once this check is enforced. Ask the user
    to approve any new tool or changed configuration, showing exactly what will
    run. Refuse configurations that start shells or interpreters with inline
    code. Pin tool versions and verify the signatures or checksums of tool
    packages. Run tools with least privilege, ideally in a sandbox.
    """
  example = """
    A developer opens a cloned repository in an AI coding assistant. The
    repository ships a workspace file registering an MCP server whose command is
    a shell one-liner that uploads the developer's SSH keys, and the assistant
    starts it without asking.
    """
  references = [
    "https://owasp.org/www-project-mcp-top-10/",
    "https://owasp.org/www-project-top-10-for-large-language-model-applications/",
    "https://genai.owasp.org/resource/agentic-ai-threats-and-mitigations/",
  ]
}
