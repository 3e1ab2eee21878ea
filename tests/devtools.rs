//! Headless Chromium driven through the DevTools protocol, for tests that use a page as a
//! person does: click, type, wait for what the page shows, take a screenshot.
//!
//! One Chromium serves every browser test of the run: starting one costs about a second of CPU,
//! and the tests would start ten. Each [`Browser`] is a browser context of its own (its own
//! cookies, storage and cache, as a fresh profile has) with one page, on a connection of its
//! own, so tests on parallel threads never share a page. Chromium is started with
//! `--remote-debugging-port=0` and a fresh profile; it writes the port it chose and its
//! endpoint's path into the profile's `DevToolsActivePort`. Commands are JSON with ids,
//! answers carry the same ids, events come in between and are ignored.
//! Every wait is bounded. A small shell started with Chromium stops it and removes the profile
//! when the test process ends, however it ends: it waits for its standard input to close.

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

pub(crate) const CHROMIUM: &str = "/usr/bin/chromium";

/// Headless, without a sandbox (tests may run as root), and without the network chatter of a
/// fresh profile (updates, sync, QUIC), so a test reaches nothing but the pages it opens.
const HEADLESS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
];

/// How long any one wait may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(30);

/// `None` when the test should be skipped: no browser here, and not in CI (where a missing
/// browser is a failure, as `.ci/run` installs it).
pub(crate) fn chromium_or_skip() -> Option<&'static str> {
    if Path::new(CHROMIUM).exists() {
        return Some(CHROMIUM);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{CHROMIUM} is missing in CI: .ci/run installs the `chromium` package"
    );
    println!("skipped: {CHROMIUM} is not installed (apt-get install chromium)");
    None
}

/// The Chromium of this test process: where its DevTools endpoint listens.
struct Shared {
    port: u16,
    path: String,
    /// The keeper shell, its standard input held open: the kernel closes it when this process
    /// exits, which tells the shell to stop Chromium and remove its profile.
    _keeper: Child,
}

/// Stops Chromium and removes its profile once its standard input closes. `$0` is the profile,
/// `$1` the browser, the rest its arguments.
const KEEPER: &str = r#"profile="$0"
"$@" --user-data-dir="$profile" >/dev/null 2>&1 &
browser=$!
cat >/dev/null
kill "$browser" 2>/dev/null; wait "$browser" 2>/dev/null
rm -rf "$profile""#;

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        // A folder that outlives this call: the keeper removes it.
        let profile = tempfile::Builder::new()
            .prefix("nifcheck-chromium-")
            .tempdir()
            .unwrap()
            .keep();
        let keeper = Command::new("sh")
            .args(["-c", KEEPER])
            .arg(&profile)
            .arg(CHROMIUM)
            .args(HEADLESS)
            .args(["--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0"])
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {CHROMIUM}: {e}"));
        let port_file = profile.join("DevToolsActivePort");
        let (port, path) = wait_until("Chromium to open its DevTools port", || {
            let text = std::fs::read_to_string(&port_file).ok()?;
            let mut lines = text.lines();
            let port = lines.next()?.trim().parse::<u16>().ok()?;
            Some((port, lines.next()?.trim().to_string()))
        });
        Shared {
            port,
            path,
            _keeper: keeper,
        }
    })
}

/// One page in a browser context of its own, on the shared Chromium.
pub(crate) struct Browser {
    socket: WebSocket<TcpStream>,
    next_id: u64,
    /// The page's session on this connection.
    session: Option<String>,
    context: String,
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Closes the context's page; a test that already failed must not panic again here.
        self.session = None;
        let context = self.context.clone();
        let _ = self.send_and_wait("Target.disposeBrowserContext", json!({"browserContextId": context}));
        let _ = self.socket.close(None);
    }
}

impl Browser {
    /// Opens a blank page, `width` × `height` CSS pixels, in a fresh browser context.
    pub(crate) fn launch(width: u32, height: u32) -> Browser {
        let shared = shared();
        let stream = TcpStream::connect(("127.0.0.1", shared.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let url = format!("ws://127.0.0.1:{}{}", shared.port, shared.path);
        let (socket, _) = tungstenite::client(url.as_str(), stream).unwrap();
        let mut browser = Browser {
            socket,
            next_id: 0,
            session: None,
            context: String::new(),
        };
        let created = browser.call("Target.createBrowserContext", json!({}));
        browser.context = created["browserContextId"]
            .as_str()
            .unwrap_or_else(|| panic!("no browser context: {created}"))
            .to_string();
        let context = browser.context.clone();
        let target = browser.call(
            "Target.createTarget",
            json!({"url": "about:blank", "browserContextId": context, "width": width, "height": height}),
        );
        let page = target["targetId"]
            .as_str()
            .unwrap_or_else(|| panic!("no page: {target}"))
            .to_string();
        // Commands for the page go to its session on this connection.
        let attached = browser.call("Target.attachToTarget", json!({"targetId": page, "flatten": true}));
        browser.session = attached["sessionId"].as_str().map(str::to_string);
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        );
        browser
    }

    /// Sends a command and returns its result; a protocol error fails the test.
    pub(crate) fn call(&mut self, method: &str, params: Value) -> Value {
        self.send_and_wait(method, params)
            .unwrap_or_else(|e| panic!("{method} failed: {e}"))
    }

    /// Sends a command and waits for its answer: its result, or what went wrong.
    fn send_and_wait(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut command = json!({"id": id, "method": method, "params": params});
        if let Some(session) = &self.session {
            command["sessionId"] = json!(session);
        }
        self.socket
            .send(Message::text(command.to_string()))
            .map_err(|e| e.to_string())?;
        let deadline = Instant::now() + PATIENCE;
        loop {
            if Instant::now() >= deadline {
                return Err("no answer".into());
            }
            let message = self.socket.read().map_err(|e| format!("reading the answer: {e}"))?;
            let Message::Text(text) = message else { continue };
            let answer: Value = serde_json::from_str(text.as_str()).map_err(|e| e.to_string())?;
            if answer["id"] != id {
                continue; // an event
            }
            if let Some(error) = answer.get("error") {
                return Err(error.to_string());
            }
            return Ok(answer["result"].clone());
        }
    }

    /// Opens `url` and waits until the document has loaded.
    pub(crate) fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": url}));
        self.wait_for("document.readyState === 'complete' && location.href !== 'about:blank'");
    }

    /// The value of a JavaScript expression in the page (promises awaited).
    pub(crate) fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("`{expression}` threw: {exception}");
        }
        result["result"]["value"].clone()
    }

    /// Waits until a JavaScript expression is truthy; fails the test after a while. While the
    /// page navigates, an evaluation can find its document gone ("Inspected target navigated
    /// or closed"): that is "not yet", and the next poll asks the new document.
    pub(crate) fn wait_for(&mut self, expression: &str) {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            let asked = self.send_and_wait(
                "Runtime.evaluate",
                json!({"expression": format!("Boolean({expression})"), "returnByValue": true}),
            );
            match asked {
                Ok(result) if result["result"]["value"] == Value::Bool(true) => return,
                Ok(_) => {}
                Err(e) if is_navigating(&e) => {}
                Err(e) => panic!("Runtime.evaluate failed: {e}"),
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let page = self.eval("document.body ? document.body.innerText : ''");
        panic!(
            "waited in vain for `{expression}`; the page shows:\n{}",
            page.as_str().unwrap_or("")
        );
    }

    /// Clicks the middle of the element `selector` names, with the mouse, as a person would.
    pub(crate) fn click(&mut self, selector: &str) {
        let quoted = serde_json::to_string(selector).unwrap();
        let rect = self.eval(&format!(
            "(() => {{ const e = document.querySelector({quoted}); if (!e) return null; \
             e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect(); \
             return [r.x + r.width / 2, r.y + r.height / 2]; }})()"
        ));
        let (Some(x), Some(y)) = (rect[0].as_f64(), rect[1].as_f64()) else {
            panic!("nothing to click at {selector}");
        };
        for kind in ["mouseMoved", "mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
            );
        }
    }

    /// Types text into the focused element the way a paste or an input method does.
    pub(crate) fn insert_text(&mut self, text: &str) {
        self.call("Input.insertText", json!({"text": text}));
    }

    /// Types characters one key at a time (a select box picks its option by what is typed).
    pub(crate) fn type_keys(&mut self, text: &str) {
        for c in text.chars() {
            let key = c.to_string();
            self.call(
                "Input.dispatchKeyEvent",
                json!({"type": "keyDown", "key": key, "text": key}),
            );
            self.call("Input.dispatchKeyEvent", json!({"type": "keyUp", "key": key}));
        }
    }

    /// Saves a PNG of the whole page.
    pub(crate) fn screenshot(&mut self, to: &Path) {
        let shot = self.call(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true}),
        );
        let data = shot["data"].as_str().unwrap_or_else(|| panic!("no screenshot data"));
        let bytes = base64::engine::general_purpose::STANDARD.decode(data).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
}

/// Polls `probe` until it gives a value; fails the test after a while.
fn wait_until<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(Instant::now() < deadline, "waited in vain for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Whether a protocol error says the evaluation's document went away mid-navigation.
fn is_navigating(error: &str) -> bool {
    [
        "navigated or closed",
        "Execution context was destroyed",
        "Cannot find context",
    ]
    .iter()
    .any(|said| error.contains(said))
}
