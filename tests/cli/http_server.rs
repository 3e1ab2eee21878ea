//! A small HTTP/1.1 server on 127.0.0.1 for the remote-framework tests: it serves a folder with
//! ETags (and 304 for a matching If-None-Match), and can be switched to misbehave (status codes,
//! redirects, truncated bodies, slow answers). It stops when dropped.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// How the server answers.
#[derive(Debug, Clone)]
pub(crate) enum Mode {
    /// Files of the folder, with ETags.
    Serve,
    /// Always this status.
    Status(u16),
    /// A redirect to this location.
    Redirect(String),
    /// Announce the whole file but send only its first bytes.
    Truncate,
    /// Wait this long before answering.
    Slow(Duration),
    /// Answer at once, then send the body one byte at a time with this pause between bytes.
    Trickle(Duration),
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    /// The path asked for.
    pub path: String,
    /// The If-None-Match header, if any.
    pub if_none_match: Option<String>,
    /// The Authorization header, if any.
    pub authorization: Option<String>,
    /// The status answered.
    pub status: u16,
}

pub(crate) struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
    pub mode: Arc<Mutex<Mode>>,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    /// Serves `root` on a free port of 127.0.0.1.
    pub(crate) fn start(root: PathBuf) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let mode = Arc::new(Mutex::new(Mode::Serve));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (stop2, mode2, seen2) = (Arc::clone(&stop), Arc::clone(&mode), Arc::clone(&seen));
        let handle = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (root, mode, seen) = (root.clone(), Arc::clone(&mode2), Arc::clone(&seen2));
                std::thread::spawn(move || answer(stream, &root, &mode, &seen));
            }
        });
        Server {
            addr,
            stop,
            handle: Some(handle),
            mode,
            seen,
        }
    }

    /// `http://127.0.0.1:PORT/path`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}/{}", self.addr, path.trim_start_matches('/'))
    }

    /// `127.0.0.1:PORT`.
    pub(crate) fn host(&self) -> String {
        self.addr.to_string()
    }

    pub(crate) fn set(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }

    pub(crate) fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

fn answer(mut stream: TcpStream, root: &std::path::Path, mode: &Mutex<Mode>, seen: &Mutex<Vec<Seen>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut if_none_match = None;
    let mut authorization = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("if-none-match") {
                if_none_match = Some(value.trim().to_string());
            } else if name.eq_ignore_ascii_case("authorization") {
                authorization = Some(value.trim().to_string());
            }
        }
    }
    let mode = mode.lock().unwrap().clone();
    let file = root.join(path.trim_start_matches('/'));
    let body = std::fs::read(&file).ok();
    let etag = body.as_ref().map(|b| {
        format!(
            "\"{:x}-{}\"",
            b.iter()
                .fold(0u64, |h, &x| h.wrapping_mul(31).wrapping_add(u64::from(x))),
            b.len()
        )
    });
    let (status, headers, payload): (u16, Vec<String>, Vec<u8>) = match (&mode, body) {
        (Mode::Status(code), _) => (*code, vec![], b"no".to_vec()),
        (Mode::Redirect(to), _) => (302, vec![format!("Location: {to}")], vec![]),
        (Mode::Slow(wait), _) => {
            std::thread::sleep(*wait);
            (500, vec![], vec![])
        }
        (_, None) => (404, vec![], b"not found".to_vec()),
        (Mode::Truncate, Some(body)) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body[..body.len() / 2]);
            seen.lock().unwrap().push(Seen {
                path,
                if_none_match,
                authorization,
                status: 200,
            });
            return;
        }
        (Mode::Trickle(pause), Some(body)) => {
            seen.lock().unwrap().push(Seen {
                path,
                if_none_match,
                authorization,
                status: 200,
            });
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            for byte in body {
                // The client went away: stop.
                if stream.write_all(&[byte]).and_then(|()| stream.flush()).is_err() {
                    return;
                }
                std::thread::sleep(*pause);
            }
            return;
        }
        (Mode::Serve, Some(body)) => {
            let etag = etag.unwrap_or_default();
            if if_none_match.as_deref() == Some(etag.as_str()) {
                (304, vec![format!("ETag: {etag}")], vec![])
            } else {
                (200, vec![format!("ETag: {etag}")], body)
            }
        }
    };
    seen.lock().unwrap().push(Seen {
        path,
        if_none_match,
        authorization,
        status,
    });
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        payload.len()
    );
    for h in headers {
        head.push_str(&h);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&payload);
    let _ = stream.flush();
}
