//! The HTML report of every example model (and of the parity models of
//! tests/parity) opened in a real headless Chromium (tests/support/cdp.rs):
//! the DFD renders, zooms and opens full size, clicking an element in it
//! shows its findings, a severity filter reduces the rows, the URL
//! fragment restores the view on reload, printing shows every finding and
//! no controls, sorting reorders a table, the console logs no error,
//! nothing but the file is requested, a screenshot has the viewport's size
//! and is not blank; with JavaScript off every finding is shown.
//! Without `chromium` (or `$CHROMIUM_BIN`) the test prints a `skipped:`
//! line, except on CI (CI=true), where .ci/run installs it and its absence
//! fails the test (tests/support/tool.rs).
#![cfg(unix)]

#[path = "support/cdp.rs"]
mod cdp;
#[path = "support/run.rs"]
mod run;
mod support;

use std::path::{Path, PathBuf};

use cdp::Browser;
use serde_json::{json, Value};

const WIDTH: u32 = 1400;
const HEIGHT: u32 = 900;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// examples/*.tm and the parity models (tests/parity/*.tm), sorted.
fn examples() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["examples", "tests/parity"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".tm") {
                out.push(format!("{dir}/{name}"));
            }
        }
    }
    out.sort();
    out
}

/// Writes the HTML report of `model` into `dir`, with `more` arguments;
/// its path.
fn report(model: &str, dir: &Path, more: &[&str]) -> PathBuf {
    let out = dir.join(format!("{}{}.html", model.replace('/', "_"), more.concat()));
    let o = run::tmc(
        &[
            &[
                "report",
                model,
                "--format",
                "html",
                "-o",
                out.to_str().unwrap(),
            ],
            more,
        ]
        .concat(),
    );
    assert!(
        o.status.success(),
        "{model}: {}{}",
        run::stdout(&o),
        run::stderr(&o)
    );
    out
}

/// How many findings (rows and excluded cards) the Findings section shows.
const VISIBLE_FINDINGS: &str = "[...document.querySelectorAll('#findings table.findings tbody tr, \
     #findings article.finding.excluded')].filter(e => e.getClientRects().length > 0).length";

/// All of them, shown or not.
const ALL_FINDINGS: &str = "document.querySelectorAll('#findings table.findings tbody tr, \
     #findings article.finding.excluded').length";

#[test]
fn the_html_report_works_in_a_browser() {
    let Some(bin) = cdp::chromium() else {
        support::tool("chromium", "chromium");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report_browser");
    std::fs::create_dir_all(&shots).unwrap();
    let mut browser = Browser::launch(&bin, WIDTH, HEIGHT);
    let mut boundary_filtered = 0;
    for model in examples() {
        let file = report(&model, dir.path(), &[]);
        let url = format!("file://{}", file.display());
        let from = browser.events.len();
        boundary_filtered += usize::from(check_interactive(&mut browser, &model, &url));
        check_screenshot(&mut browser, &model, &shots);
        check_without_script(&mut browser, &model, &url);
        check_quiet(&browser.events[from..], &model, &url);
    }
    assert!(
        boundary_filtered > 0,
        "no model had a finding to filter by boundary"
    );
}

/// A summary (`--summary`) of every model: its boundary diagrams are
/// images that load and have a size, its tables sort, the page is not
/// blank, and nothing is logged or fetched but the page and its `data:`
/// images.
#[test]
fn a_summary_report_works_in_a_browser() {
    let Some(bin) = cdp::chromium() else {
        support::tool("chromium", "chromium");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut browser = Browser::launch(&bin, WIDTH, HEIGHT);
    let mut drawn = 0;
    for model in examples() {
        let file = report(&model, dir.path(), &["--summary"]);
        let url = format!("file://{}", file.display());
        let from = browser.events.len();
        browser.load(Some(&url));
        let images = "[...document.querySelectorAll('.boundary-diagram img')]";
        settle(
            &mut browser,
            &format!("{images}.every(i => i.complete && i.naturalWidth > 0)"),
        );
        let sizes = browser.eval(&format!(
            "{images}.map(i => [i.naturalWidth, i.naturalHeight, i.getBoundingClientRect().width])"
        ));
        let sizes = sizes.as_array().unwrap();
        assert!(!sizes.is_empty(), "{model}: no boundary diagram");
        for s in sizes {
            let [w, h, shown] = [0, 1, 2].map(|i| s[i].as_f64().unwrap());
            assert!(w > 100.0 && h > 50.0 && shown > 100.0, "{model}: {s}");
        }
        drawn += sizes.len();
        check_sorting(&mut browser, &model);
        browser.eval("window.scrollTo(0, 0)");
        let png = browser.screenshot();
        assert!(png.len() > 30_000, "{model}: the page looks blank");
        let events: Vec<Value> = browser.events[from..]
            .iter()
            .filter(|e| {
                let asked = e["params"]["request"]["url"].as_str().unwrap_or("");
                !asked.starts_with("data:image/svg+xml")
            })
            .cloned()
            .collect();
        check_quiet(&events, &model, &url);
    }
    assert!(drawn >= examples().len());
}

/// Whether the model had a finding inside a boundary to filter by.
fn check_interactive(b: &mut Browser, model: &str, url: &str) -> bool {
    b.load(Some(url));
    let total = b.eval(ALL_FINDINGS).as_u64().unwrap();
    assert!(total > 0, "{model}: no findings to test with");
    assert_eq!(b.eval(VISIBLE_FINDINGS).as_u64(), Some(total), "{model}");
    check_diagram(b, model);
    check_selection(b, model);
    check_filter_and_fragment(b, model, total);
    let by_boundary = check_stride_and_boundary(b, model, total);
    check_sorting(b, model);
    by_boundary
}

/// Waits (up to 5 s) until the expression `cond` holds in the page; the
/// caller's assertions then say what did not happen.
fn settle(b: &mut Browser, cond: &str) {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while b.eval(cond) != json!(true) && std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// The DFD is drawn at a nonzero size, zooms with the buttons and the
/// wheel, and opens full size.
fn check_diagram(b: &mut Browser, model: &str) {
    let size = b.eval(
        "(() => { const s = document.querySelector('.dfd-app svg'); \
         s.scrollIntoView({ block: 'center' }); const r = s.getBoundingClientRect(); \
         return [r.width, r.height, s.querySelectorAll('[id^=\"tmc-element-\"]').length]; })()",
    );
    assert!(size[0].as_f64().unwrap() > 200.0, "{model}: DFD {size}");
    assert!(size[1].as_f64().unwrap() > 200.0, "{model}: DFD {size}");
    assert!(
        size[2].as_u64().unwrap() > 0,
        "{model}: DFD without elements"
    );
    let view_width =
        "+document.querySelector('.dfd-app svg').getAttribute('viewBox').split(' ')[2]";
    let before = b.eval(view_width).as_f64().unwrap();
    b.eval("document.querySelector('.dfd-app button[title=\"Zoom in\"]').click()");
    let zoomed = b.eval(view_width).as_f64().unwrap();
    assert!(
        zoomed < before * 0.9,
        "{model}: + did not zoom in: {before} -> {zoomed}"
    );
    let centre = b.eval(
        "(() => { const r = document.querySelector('.dfd-app .diagram').getBoundingClientRect(); \
         return [r.left + r.width / 2, r.top + r.height / 2]; })()",
    );
    let (x, y) = (centre[0].as_f64().unwrap(), centre[1].as_f64().unwrap());
    b.wheel(x, y, 300.0);
    // Wheel events reach the page through the compositor: wait for it.
    settle(b, &format!("{view_width} > {}", zoomed * 1.1));
    let wheeled = b.eval(view_width).as_f64().unwrap();
    assert!(
        wheeled > zoomed * 1.1,
        "{model}: the wheel did not zoom out: {zoomed} -> {wheeled}"
    );
    b.eval("[...document.querySelectorAll('.dfd-app button')].find(x => x.textContent === 'Full size').click()");
    let full = b.eval(
        "(() => { const r = document.querySelector('.dfd-app .diagram').getBoundingClientRect(); \
         return [document.querySelector('.dfd-app').classList.contains('full'), r.width, r.height]; })()",
    );
    assert_eq!(full[0], json!(true), "{model}: not full size");
    assert!(
        full[1].as_f64().unwrap() >= f64::from(WIDTH) - 2.0,
        "{model}: {full}"
    );
    assert!(
        full[2].as_f64().unwrap() >= f64::from(HEIGHT) * 0.8,
        "{model}: {full}"
    );
    b.key("Escape", "Escape", 27);
    let closed = b.eval("document.querySelector('.dfd-app').classList.contains('full')");
    assert_eq!(
        closed,
        json!(false),
        "{model}: Escape did not close full size"
    );
    b.eval("[...document.querySelectorAll('.dfd-app button')].find(x => x.textContent === 'Fit').click()");
}

/// A click on the element with the most findings in the DFD selects it:
/// the panel names it and the Findings section shows only its findings.
fn check_selection(b: &mut Browser, model: &str) {
    let target = b.eval(
        "(() => { \
           const svg = document.querySelector('.dfd-app svg'); \
           const groups = [...document.querySelectorAll('#findings .group')] \
             .map(g => [g.id.slice(3), g.querySelectorAll('table.findings tbody tr').length]) \
             .filter(([id, n]) => n > 0 && document.getElementById('tmc-element-' + id)) \
             .sort((a, b) => b[1] - a[1]); \
           if (!groups.length) return null; \
           const id = groups[0][0]; \
           const shape = document.getElementById('tmc-element-' + id).querySelector(':not(title):not(text)'); \
           shape.scrollIntoView({ block: 'center' }); \
           const r = shape.getBoundingClientRect(); \
           for (const [fx, fy] of [[0.5, 0.5], [0.15, 0.15], [0.85, 0.85], [0.15, 0.85], [0.85, 0.15]]) { \
             const x = r.left + r.width * fx, y = r.top + r.height * fy; \
             const hit = document.elementFromPoint(x, y); \
             if (hit && hit.closest('#tmc-element-' + CSS.escape(id))) return [id, x, y]; \
           } \
           return [id, -1, -1]; })()",
    );
    let Some(target) = target.as_array() else {
        panic!("{model}: no element of the DFD has findings");
    };
    let id = target[0].as_str().unwrap().to_string();
    let (x, y) = (target[1].as_f64().unwrap(), target[2].as_f64().unwrap());
    assert!(x >= 0.0, "{model}: {id} cannot be clicked in the DFD");
    b.click_at(x, y);
    settle(b, "location.hash !== ''");
    let shown = b.eval(
        "[...document.querySelectorAll('#findings .group')].filter(g => g.getClientRects().length > 0).map(g => g.id)",
    );
    assert_eq!(
        shown,
        json!([format!("el-{id}")]),
        "{model}: after clicking {id}"
    );
    let panel = b.eval(
        "(() => { const p = document.querySelector('.dfd-panel'); \
         return [p.getClientRects().length > 0, p.querySelector('code').textContent, p.querySelectorAll('li').length]; })()",
    );
    assert_eq!(panel[0], json!(true), "{model}: the panel is hidden");
    assert_eq!(panel[1], json!(id), "{model}: the panel shows {panel}");
    assert!(
        panel[2].as_u64().unwrap() > 0,
        "{model}: the panel lists no findings"
    );
    let hash = b.eval("location.hash");
    assert!(
        hash.as_str().unwrap().contains(&format!("sel={id}")),
        "{model}: {hash}"
    );
    // The fragment keeps the selection through a reload.
    b.load(None);
    let restored = b.eval(
        "[document.querySelector('.dfd-panel code').textContent, \
          [...document.querySelectorAll('#findings .group')].filter(g => g.getClientRects().length > 0).length]",
    );
    assert_eq!(restored, json!([id, 1]), "{model}: selection after reload");
    // A click on the diagram's background clears the selection (fitted
    // first: the reload brought the selection into view).
    b.eval("[...document.querySelectorAll('.dfd-app button')].find(x => x.textContent === 'Fit').click()");
    let corner = b.eval(
        "(() => { const r = document.querySelector('.dfd-app .diagram').getBoundingClientRect(); \
         return [r.left + 3, Math.min(r.bottom, innerHeight) - 3]; })()",
    );
    b.click_at(corner[0].as_f64().unwrap(), corner[1].as_f64().unwrap());
    assert_eq!(
        b.eval("location.hash"),
        json!(""),
        "{model}: still selected"
    );
}

/// Ticking one severity leaves fewer rows, all of it; the fragment keeps
/// the filter through a reload.
fn check_filter_and_fragment(b: &mut Browser, model: &str, total: u64) {
    let severities = b.eval(
        "[...new Set([...document.querySelectorAll('#findings table.findings .pill[class*=\"sev-\"]')] \
          .map(p => p.className.match(/sev-([a-z0-9-]+)/)[1]))]",
    );
    let severities: Vec<String> = serde_json::from_value(severities).unwrap();
    assert!(!severities.is_empty(), "{model}");
    // The rarest severity, so that the filter surely removes rows.
    let mut counts: Vec<(u64, String)> = severities
        .iter()
        .map(|s| {
            let n = b.eval(&format!(
                "document.querySelectorAll('#findings table.findings .pill.sev-{s}').length"
            ));
            (n.as_u64().unwrap(), s.clone())
        })
        .collect();
    counts.sort();
    let (expected, severity) = counts[0].clone();
    b.eval(&format!(
        "document.querySelector('.filters input[data-filter=\"sev\"][value=\"{severity}\"]').click()"
    ));
    let after = b.eval(VISIBLE_FINDINGS).as_u64().unwrap();
    assert_eq!(
        after, expected,
        "{model}: rows shown with severity {severity}"
    );
    if severities.len() > 1 {
        assert!(after < total, "{model}: the filter removed no row");
    }
    let hash = b.eval("location.hash");
    assert_eq!(hash, json!(format!("#view?sev={severity}")), "{model}");
    b.load(None);
    assert_eq!(
        b.eval(VISIBLE_FINDINGS).as_u64(),
        Some(after),
        "{model}: after reload"
    );
    let ticked = b.eval(&format!(
        "document.querySelector('.filters input[data-filter=\"sev\"][value=\"{severity}\"]').checked"
    ));
    assert_eq!(
        ticked,
        json!(true),
        "{model}: the box is not ticked after reload"
    );
    // Printed, the filtered view shows every finding and no controls.
    b.call("Emulation.setEmulatedMedia", json!({ "media": "print" }));
    assert_eq!(
        b.eval(VISIBLE_FINDINGS).as_u64(),
        Some(total),
        "{model}: print"
    );
    let controls = b.eval(
        "[...document.querySelectorAll('.filters, .dfd-app .toolbar')].filter(e => e.getClientRects().length > 0).length",
    );
    assert_eq!(controls, json!(0), "{model}: controls printed");
    b.call("Emulation.setEmulatedMedia", json!({ "media": "" }));
    // Free text narrows further and also goes into the fragment.
    b.eval(
        "(() => { const q = document.querySelector('.filters input[type=search]'); \
         q.value = 'zzz-nothing-matches'; q.dispatchEvent(new Event('input')); })()",
    );
    assert_eq!(b.eval(VISIBLE_FINDINGS), json!(0), "{model}: search");
    b.eval("[...document.querySelectorAll('.filters button')].find(x => x.textContent === 'Reset filters').click()");
    assert_eq!(
        b.eval(VISIBLE_FINDINGS).as_u64(),
        Some(total),
        "{model}: reset"
    );
    assert_eq!(b.eval("location.hash"), json!(""), "{model}: reset");
}

/// The STRIDE boxes and the boundary menu each leave only the findings
/// that fit: a row whose categories have the letter; a group inside the
/// boundary. Whether a boundary had findings inside to filter by.
fn check_stride_and_boundary(b: &mut Browser, model: &str, total: u64) -> bool {
    let stride = b.eval(
        "(() => { const box = document.querySelector('.filters input[data-filter=\"stride\"]'); \
           if (!box) return null; box.click(); \
           const shown = [...document.querySelectorAll('#findings table.findings tbody tr')] \
             .filter(r => r.getClientRects().length > 0); \
           const ok = shown.every(r => r.cells[2].textContent.split(/\\s+/).includes(box.value)); \
           box.click(); return [box.value, shown.length, ok]; })()",
    );
    if let Some(s) = stride.as_array() {
        assert_eq!(s[2], json!(true), "{model}: STRIDE {stride}");
        assert!(
            s[1].as_u64().unwrap() > 0,
            "{model}: no finding of {stride}"
        );
    }
    let boundary = b.eval(
        "(() => { const menu = document.querySelector('.filters select[data-filter=\"b\"]'); \
           if (!menu) return null; \
           const ids = [...menu.options].map(o => o.value).filter(Boolean); \
           const id = ids.find(i => [...document.querySelectorAll('#findings .group[data-within]')] \
             .some(g => g.dataset.within.split(' ').includes(i))); \
           if (!id) return null; \
           menu.value = id; menu.dispatchEvent(new Event('change')); \
           const shown = [...document.querySelectorAll('#findings .group')].filter(g => g.getClientRects().length > 0); \
           const ok = shown.every(g => (g.dataset.within || '').split(' ').includes(id) || g.id === 'el-' + id); \
           const hash = location.hash; \
           menu.value = ''; menu.dispatchEvent(new Event('change')); \
           return [id, shown.length, ok, hash]; })()",
    );
    if let Some(v) = boundary.as_array() {
        assert_eq!(v[2], json!(true), "{model}: boundary {boundary}");
        assert!(v[1].as_u64().unwrap() > 0, "{model}: boundary {boundary}");
        assert_eq!(
            v[3],
            json!(format!("#view?b={}", v[0].as_str().unwrap())),
            "{model}"
        );
    }
    assert_eq!(
        b.eval(VISIBLE_FINDINGS).as_u64(),
        Some(total),
        "{model}: cleared"
    );
    boundary.is_array()
}

/// A click on the Elements table's Findings header sorts it by that
/// number, up, then down.
fn check_sorting(b: &mut Browser, model: &str) {
    let column = "[...document.querySelectorAll('#model-elements tbody tr')].map(r => +r.cells[3].textContent)";
    let before: Vec<f64> = serde_json::from_value(b.eval(column)).unwrap();
    let header = "document.querySelector('#model-elements thead th:nth-child(4)').click()";
    b.eval(header);
    let up: Vec<f64> = serde_json::from_value(b.eval(column)).unwrap();
    let mut sorted = before.clone();
    sorted.sort_by(f64::total_cmp);
    assert_eq!(up, sorted, "{model}: not sorted up");
    b.eval(header);
    let down: Vec<f64> = serde_json::from_value(b.eval(column)).unwrap();
    sorted.reverse();
    assert_eq!(down, sorted, "{model}: not sorted down");
    if before != up {
        assert_ne!(before, up, "{model}: the order did not change");
    }
    assert!(
        b.eval("location.hash").as_str().unwrap().contains("sort="),
        "{model}: the sort is not in the fragment"
    );
    b.eval(header);
    let back: Vec<f64> = serde_json::from_value(b.eval(column)).unwrap();
    assert_eq!(back, before, "{model}: a third click restores the order");
}

/// The top of the page: a PNG of the viewport's size, not blank (a blank
/// or nearly blank page of this size compresses to a few KB).
fn check_screenshot(b: &mut Browser, model: &str, shots: &Path) {
    b.eval("window.scrollTo(0, 0)");
    let png = b.screenshot();
    assert_eq!(cdp::png_size(&png), Some((WIDTH, HEIGHT)), "{model}");
    assert!(
        png.len() > 30_000,
        "{model}: the page looks blank ({} bytes)",
        png.len()
    );
    b.eval("document.querySelector('#dfd').scrollIntoView()");
    let dfd = b.screenshot();
    assert!(
        dfd.len() > 20_000,
        "{model}: the DFD looks blank ({} bytes)",
        dfd.len()
    );
    let stem = model.trim_end_matches(".tm").replace('/', "_");
    std::fs::write(shots.join(format!("{stem}.png")), &png).unwrap();
    std::fs::write(shots.join(format!("{stem}-dfd.png")), &dfd).unwrap();
}

/// With scripts off nothing is hidden: every finding shows, the DFD too.
fn check_without_script(b: &mut Browser, model: &str, url: &str) {
    b.call(
        "Emulation.setScriptExecutionDisabled",
        json!({ "value": true }),
    );
    b.load(Some(url));
    let ran = b.eval(
        "document.documentElement.classList.contains('js') || !!document.querySelector('.filters')",
    );
    assert_eq!(ran, json!(false), "{model}: the script ran");
    let total = b.eval(ALL_FINDINGS);
    assert_eq!(
        b.eval(VISIBLE_FINDINGS),
        total,
        "{model}: findings hidden without script"
    );
    let svg = b.eval(
        "(() => { const r = document.querySelector('#dfd svg').getBoundingClientRect(); return r.width > 0 && r.height > 0; })()",
    );
    assert_eq!(svg, json!(true), "{model}: no DFD without script");
    b.call(
        "Emulation.setScriptExecutionDisabled",
        json!({ "value": false }),
    );
}

/// No console error, exception or error log entry; no request but the
/// report itself.
fn check_quiet(events: &[Value], model: &str, url: &str) {
    for e in events {
        let p = &e["params"];
        let bad = match e["method"].as_str().unwrap_or("") {
            "Runtime.consoleAPICalled" => p["type"] == "error" || p["type"] == "assert",
            "Runtime.exceptionThrown" => true,
            "Log.entryAdded" => p["entry"]["level"] == "error",
            "Network.requestWillBeSent" => {
                let asked = p["request"]["url"].as_str().unwrap_or("");
                asked.split('#').next() != Some(url)
            }
            _ => false,
        };
        assert!(!bad, "{model}: {e}");
    }
}
