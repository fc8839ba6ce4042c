//! The integrator's page the journey returns to: a tiny HTTP server on `localhost`, run by the
//! test process, that answers every GET with one page carrying `data-testid="returned"` and
//! counts the visits to its return path.
//!
//! Plain blocking sockets on their own threads: it needs no runtime and no extra dependency, and
//! the threads die with the test process.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The path the session's return URL points at; only requests for it count as returns.
pub const RETURN_PATH: &str = "/back";

const PAGE: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<link rel=\"icon\" href=\"data:,\"><title>Integrator</title></head><body>\
<h1 data-testid=\"returned\">Back at the integrator</h1></body></html>";

pub struct ReturnSite {
    port: u16,
    /// Request targets (path and query) of every GET of `RETURN_PATH`, in arrival order.
    returns: Arc<Mutex<Vec<String>>>,
}

impl ReturnSite {
    /// Listens on `127.0.0.1` and, when the machine has it, `[::1]` on the same port, so that
    /// `localhost` reaches it whichever address Chromium tries first.
    pub fn start() -> ReturnSite {
        ReturnSite::serving(PAGE)
    }

    /// The same site answering every GET with `page` instead (an integrator's page of its own).
    pub fn serving(page: &'static str) -> ReturnSite {
        let v4 = TcpListener::bind("127.0.0.1:0").expect("bind the return site");
        let port = v4.local_addr().expect("return site address").port();
        let returns = Arc::new(Mutex::new(Vec::new()));
        let mut listeners = vec![v4];
        if let Ok(v6) = TcpListener::bind(("::1", port)) {
            listeners.push(v6);
        }
        for listener in listeners {
            let returns = returns.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    let returns = returns.clone();
                    std::thread::spawn(move || answer(stream, &returns, page));
                }
            });
        }
        ReturnSite { port, returns }
    }

    /// `http://localhost:<port>`.
    pub fn origin(&self) -> String {
        format!("http://localhost:{}", self.port)
    }

    /// The return URL to give the session: `http://localhost:<port>/back?from=idv`.
    pub fn url(&self) -> String {
        format!("{}{RETURN_PATH}?from=idv", self.origin())
    }

    /// The returns so far (request targets of GET `RETURN_PATH`).
    pub fn returns(&self) -> Vec<String> {
        self.returns.lock().expect("return log").clone()
    }
}

fn answer(stream: TcpStream, returns: &Mutex<Vec<String>>, page: &str) {
    // A preconnected socket that never sends a request must not hold a thread for ever.
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() || request_line.is_empty() {
        return;
    }
    // Headers up to the blank line; the body of a GET is empty.
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {}
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default();
    let target = parts.next().unwrap_or_default();
    let path = target.split('?').next().unwrap_or_default();
    if method == "GET" && path == RETURN_PATH {
        returns.lock().expect("return log").push(target.to_owned());
    }
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n{page}",
        page.len()
    );
    let mut stream = &stream;
    let _ = stream.write_all(response.as_bytes());
    let _ = stream.flush();
}
