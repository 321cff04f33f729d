//! `tmc report --watch`: the HTML report served on this machine's loopback
//! address and rebuilt when one of its files changes, for a review meeting
//! that edits the model while everyone looks at the report.
//!
//! One thread checks the model's files (every file the compile read, the
//! rule files and the template) four times a second and rebuilds the page
//! when one changed; a model that no longer compiles gives a page of its
//! errors, at file:line:col, until it is fixed. The page carries a small
//! script that asks `/version` once a second and reloads when the number
//! has moved. The server answers `GET /` and `GET /version` on 127.0.0.1
//! only, and only requests whose `Host` is that address or `localhost`
//! with the port: a web page elsewhere cannot read the report through a
//! DNS name made to point here.

use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, SystemTime};

use codespan_reporting::term::termcolor::NoColor;
use tmc_output::pytm_template;
use tmc_output::report::{self, Format, Scope, Template};

use super::Selection;

use crate::args::{RuleArgs, TemplateFormat};
use crate::shared::{exit_code, shown, Context, OK, USAGE};

/// How often the files are checked for changes.
const POLL: Duration = Duration::from_millis(250);

/// The longest request head read; anything longer is refused.
const MAX_HEAD: usize = 8 * 1024;

/// What the server hands out: the page and its build number.
struct Page {
    version: u64,
    html: String,
}

/// What a rebuild needs, fixed for the run.
struct Build<'a> {
    ctx: &'a Context,
    files: &'a [PathBuf],
    rules: &'a RuleArgs,
    selection: &'a Selection<'a>,
    /// The user's template (`--template`), read again at each rebuild.
    template: Option<&'a Path>,
    /// `--template-format`, else detected at each rebuild.
    template_format: Option<TemplateFormat>,
}

/// Serves the HTML report of `files` on `port` (0: any free port) until
/// the process is stopped; returns only when the port cannot be opened.
pub fn run(
    ctx: &Context,
    files: &[PathBuf],
    template: Option<&Path>,
    template_format: Option<TemplateFormat>,
    port: u16,
    selection: &Selection,
    rules: &RuleArgs,
) -> std::io::Result<ExitCode> {
    let listener = match TcpListener::bind((Ipv4Addr::LOCALHOST, port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {}", shown(e));
            return Ok(ExitCode::from(USAGE));
        }
    };
    let port = listener.local_addr()?.port();
    let build = Build {
        ctx,
        files,
        rules,
        selection,
        template,
        template_format,
    };
    let started = SystemTime::now();
    let (html, mut watched, built) = build.page(1);
    let page = Arc::new(Mutex::new(Page { version: 1, html }));
    let served = Arc::clone(&page);
    thread::spawn(move || serve(listener, port, &served));
    let names: Vec<String> = files.iter().map(|f| shown(f.display())).collect();
    eprintln!(
        "serving the report of {} at http://127.0.0.1:{port}/ (rebuilt when a file changes; Ctrl-C stops)",
        names.join(", ")
    );
    if !built {
        eprintln!("version 1: the report cannot be built; the page shows why");
    }
    let mut seen = seen_since(&watched, started);
    loop {
        thread::sleep(POLL);
        let now = stamps(&watched);
        if now == seen {
            continue;
        }
        let version = page.lock().map_or(1, |p| p.version) + 1;
        let started = SystemTime::now();
        let (html, files, built) = build.page(version);
        watched = files;
        seen = seen_since(&watched, started);
        if let Ok(mut p) = page.lock() {
            *p = Page { version, html };
        }
        match built {
            true => eprintln!("rebuilt the report (version {version})"),
            false => eprintln!("version {version}: the report cannot be built; the page shows why"),
        }
    }
}

impl Build<'_> {
    /// The page of build `version`, the files it was made from, and
    /// whether it is the report (else a page of the errors that stopped it).
    fn page(&self, version: u64) -> (String, Vec<PathBuf>, bool) {
        let options = self.ctx.options(self.rules);
        let c = tmc_compiler::compile(self.files, &options);
        let mut watched: Vec<PathBuf> = self.files.to_vec();
        watched.extend(self.rules.threat_files.iter().cloned());
        watched.extend(self.template.map(Path::to_path_buf));
        for file in c.sources.ids().filter(|&f| !c.sources.is_embedded(f)) {
            watched.push(PathBuf::from(c.sources.name(file)));
        }
        watched.sort();
        watched.dedup();
        let own = self.template.map(|path| {
            tmc_compiler::RealFs::read_file(path)
                .map(|source| (path.display().to_string(), source))
                .map_err(|e| format!("cannot read template `{}`: {e}", path.display()))
        });
        let body = match (exit_code(&c), &c.model, &c.findings, &own) {
            (_, _, _, Some(Err(e))) => Err(e.clone()),
            (OK, Some(model), Some(findings), own) => {
                let template = match own {
                    Some(Ok((name, source))) => Template { name, source },
                    _ => report::HTML,
                };
                let findings = self.selection.categories.findings(&c.library, findings);
                let source = own.as_ref().map(|_| template.source);
                if super::is_pytm(source, self.template_format) {
                    // A pytm template's text is served as it comes out.
                    pytm_template::render(template, &c.schema, model, &c.library, &findings)
                } else {
                    let scope = Scope::of(model, self.selection.scope);
                    let context = report::context(&c.schema, model, &c.library, &findings, scope);
                    report::render(template, Format::Html, &context)
                }
                .map_err(|e| format!("the template failed: {e}"))
            }
            _ => Err(errors(&c)),
        };
        let built = body.is_ok();
        let html = body.unwrap_or_else(|message| error_page(&message));
        (with_reload(&html, version), watched, built)
    }
}

/// The compile's diagnostics as plain text, as `tmc check` prints them.
fn errors(c: &tmc_compiler::Compilation) -> String {
    let mut out = NoColor::new(Vec::new());
    let _ = tmc_syntax::diagnostic::render_human(&c.sources, &c.diagnostics, &mut out);
    let text = String::from_utf8_lossy(&out.into_inner()).into_owned();
    match text.trim() {
        "" => "the model cannot be compiled (a file cannot be read)".to_string(),
        _ => text,
    }
}

/// A page that shows why the report could not be built.
fn error_page(message: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>tmc: the report cannot be built</title></head>\n\
         <body><h1>The report cannot be built</h1><p>Fix the model and save: this page reloads by itself.</p>\n<pre>{}</pre>\n</body></html>\n",
        escape(message)
    )
}

/// `text` with `&`, `<` and `>` escaped for HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `html` with the script that reloads the page when `/version` moves
/// past `version`, before `</body>` (or at the end).
fn with_reload(html: &str, version: u64) -> String {
    let script = format!(
        "<script>/* tmc report --watch */(function(){{var v={version};\
         setInterval(function(){{fetch('/version',{{cache:'no-store'}}).then(function(r){{return r.text();}})\
         .then(function(t){{if(Number(t)!==v)location.reload();}}).catch(function(){{}});}},1000);}})();</script>\n"
    );
    match html.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &html[..at], &html[at..]),
        None => format!("{html}{script}"),
    }
}

/// The stamps of `files` after a build that began at `started`, or none
/// (so that the next look rebuilds) when one was saved while it ran: the
/// build may have read it before that save. A time in the future (a clock
/// set differently) is no save during the build.
fn seen_since(files: &[PathBuf], started: SystemTime) -> Vec<Option<(SystemTime, u64)>> {
    let seen = stamps(files);
    let during = started..=SystemTime::now();
    match seen
        .iter()
        .flatten()
        .any(|(modified, _)| during.contains(modified))
    {
        true => Vec::new(),
        false => seen,
    }
}

/// Each watched file's modification time and length (`None` when it
/// cannot be read): a save changes one or the other.
fn stamps(files: &[PathBuf]) -> Vec<Option<(SystemTime, u64)>> {
    files
        .iter()
        .map(|f| {
            let m = std::fs::metadata(f).ok()?;
            Some((m.modified().ok()?, m.len()))
        })
        .collect()
}

/// Answers each connection on its own thread.
fn serve(listener: TcpListener, port: u16, page: &Arc<Mutex<Page>>) {
    for stream in listener.incoming().flatten() {
        let page = Arc::clone(page);
        thread::spawn(move || {
            let _ = answer(stream, port, &page);
        });
    }
}

/// One request: `GET /` the page, `GET /version` its number,
/// `/favicon.ico` nothing (204); anything else 404, a method other than
/// GET 405, a foreign `Host` 403.
fn answer(stream: TcpStream, port: u16, page: &Mutex<Page>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut head = Vec::new();
    let mut line = String::new();
    let mut read = 0;
    loop {
        line.clear();
        let n = reader.read_line(&mut line)?;
        read += n;
        if n == 0 || read > MAX_HEAD {
            return reply(stream, "400 Bad Request", "text/plain", "bad request\n");
        }
        if line == "\r\n" || line == "\n" {
            break;
        }
        head.push(line.trim_end().to_string());
    }
    let mut first = head.first().map(|l| l.split(' ')).into_iter().flatten();
    let (method, target) = (first.next().unwrap_or(""), first.next().unwrap_or(""));
    let host = head.iter().skip(1).find_map(|h| {
        let (name, value) = h.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("host")
            .then(|| value.trim().to_string())
    });
    let allowed = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    if !host.is_some_and(|h| allowed.contains(&h)) {
        return reply(
            stream,
            "403 Forbidden",
            "text/plain",
            "this server answers requests for 127.0.0.1 only\n",
        );
    }
    if method != "GET" {
        return reply(stream, "405 Method Not Allowed", "text/plain", "only GET\n");
    }
    let (version, html) = match page.lock() {
        Ok(p) => (p.version, p.html.clone()),
        Err(_) => {
            return reply(
                stream,
                "500 Internal Server Error",
                "text/plain",
                "no page\n",
            )
        }
    };
    match target {
        "/" | "/index.html" => reply(stream, "200 OK", "text/html; charset=utf-8", &html),
        "/version" => reply(stream, "200 OK", "text/plain", &version.to_string()),
        // Browsers ask for an icon by themselves: none, and no error.
        "/favicon.ico" => reply(stream, "204 No Content", "text/plain", ""),
        _ => reply(stream, "404 Not Found", "text/plain", "not found\n"),
    }
}

fn reply(mut stream: TcpStream, status: &str, kind: &str, body: &str) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body.as_bytes())?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reload_script_goes_before_the_body_ends() {
        let page = with_reload("<html><body><p>x</p></body></html>", 7);
        assert!(page.contains("var v=7;"), "{page}");
        assert!(page.ends_with("</script>\n</body></html>"), "{page}");
        assert!(with_reload("no body", 1).starts_with("no body<script>"));
    }

    #[test]
    fn an_error_page_shows_the_message_escaped() {
        let page = error_page("m.tm:3:4: `a <b>` & more");
        assert!(
            page.contains("m.tm:3:4: `a &lt;b&gt;` &amp; more"),
            "{page}"
        );
    }
}
