//! The mock's server side: the listener and its connections, TLS, reading HTTP/1.1
//! requests with keep-alive, and writing replies in the manner their `Action` asks. It
//! records every request; what to answer is decided by the routes.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use super::routes;
use super::wire::{reason, Action, Reply};
use super::{lock, Options, Request, Shared};

/// What crossed the wire, and the connections to close when the mock stops.
#[derive(Default)]
pub struct Recording {
    /// Every request answered, in order.
    pub requests: Vec<Request>,
    /// TCP connections accepted.
    pub connections: usize,
    /// Requests read so far, including any still waiting for their answer.
    pub received: usize,
    /// Delay before answering the next requests, in order.
    pub delays: std::collections::VecDeque<Duration>,
    /// Every open connection, to shut down when the mock stops.
    open: Vec<(usize, TcpStream)>,
    /// Set when the mock is dropped: the accept loop ends.
    stopped: bool,
}

/// Accepts connections on `listener` in a thread of its own, one thread per connection.
pub fn start(
    listener: TcpListener,
    tls: Option<Arc<rustls::ServerConfig>>,
    sh: Arc<Shared>,
    o: Options,
) {
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let Some(conn) = register(&sh, &stream) else {
                return;
            };
            let (sh, o, tls) = (sh.clone(), o.clone(), tls.clone());
            thread::spawn(move || serve_connection(stream, conn, tls, &sh, &o));
        }
    });
}

/// Counts a new connection and keeps a handle to stop it; `None` once the mock stopped.
fn register(sh: &Shared, stream: &TcpStream) -> Option<usize> {
    let mut rec = lock(&sh.rec);
    if rec.stopped {
        return None;
    }
    rec.connections += 1;
    let conn = rec.connections;
    if let Ok(clone) = stream.try_clone() {
        rec.open.push((conn, clone));
    }
    Some(conn)
}

/// Serves one connection, through TLS when configured, then forgets it.
fn serve_connection(
    stream: TcpStream,
    conn: usize,
    tls: Option<Arc<rustls::ServerConfig>>,
    sh: &Shared,
    o: &Options,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(120)));
    match tls {
        Some(cfg) => {
            if let Ok(sc) = rustls::ServerConnection::new(cfg) {
                serve(rustls::StreamOwned::new(sc, stream), conn, sh, o);
            }
        }
        None => serve(stream, conn, sh, o),
    }
    // Closed on our side: the clone kept for stopping must not hold it open.
    let mut rec = lock(&sh.rec);
    if let Some(i) = rec.open.iter().position(|(n, _)| *n == conn) {
        let (_, c) = rec.open.swap_remove(i);
        let _ = c.shutdown(Shutdown::Both);
    }
}

/// Stops the server: the accept loop ends and every open connection is shut down, so all
/// of the mock's threads exit.
pub fn stop(sh: &Shared, addr: SocketAddr) {
    let open = {
        let mut rec = lock(&sh.rec);
        rec.stopped = true;
        std::mem::take(&mut rec.open)
    };
    for (_, c) in open {
        let _ = c.shutdown(Shutdown::Both);
    }
    // Wake the accept loop so it sees `stopped`.
    let _ = TcpStream::connect_timeout(&addr, Duration::from_secs(1));
}

/// Serves HTTP/1.1 requests on one connection until it closes.
fn serve<S: Read + Write>(stream: S, conn: usize, sh: &Shared, o: &Options) {
    let mut r = BufReader::new(stream);
    while let Some(mut req) = read_request(&mut r, conn) {
        let delay = {
            let mut rec = lock(&sh.rec);
            rec.received += 1;
            rec.delays.pop_front()
        };
        if let Some(d) = delay {
            thread::sleep(d);
        }
        let reply = routes::answer(&mut req, sh, o);
        lock(&sh.rec).requests.push(req);
        if reply.action == Action::Hangup || !write_reply(r.get_mut(), &reply) {
            return;
        }
    }
}

/// Reads one request: request line, headers, and a body of Content-Length bytes.
fn read_request<R: BufRead>(r: &mut R, conn: usize) -> Option<Request> {
    let mut line = String::new();
    if r.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next()?.to_string(), parts.next()?.to_string());
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        r.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (n, v) = h.split_once(':')?;
        headers.push((n.trim().to_string(), v.trim().to_string()));
    }
    let len: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    r.read_exact(&mut body).ok()?;
    Some(Request {
        conn,
        method,
        target,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        authorized: false,
    })
}

/// Writes `reply` as its action says; false when the connection is done.
fn write_reply<W: Write>(w: &mut W, reply: &Reply) -> bool {
    let len = match reply.action {
        Action::Huge(n) => n,
        Action::Trickle | Action::Cut => 1000,
        _ => reply.body.len() as u64,
    };
    let mut out = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (n, v) in &reply.headers {
        out.push_str(&format!("{n}: {v}\r\n"));
    }
    out.push_str(&format!("Content-Length: {len}\r\n\r\n{}", reply.body));
    if w.write_all(out.as_bytes()).and_then(|_| w.flush()).is_err() {
        return false;
    }
    match reply.action {
        Action::Huge(left) => spaces(w, left),
        Action::Trickle => loop {
            thread::sleep(Duration::from_secs(1));
            if w.write_all(b" ").and_then(|_| w.flush()).is_err() {
                return false;
            }
        },
        Action::Cut => {
            let _ = w.write_all(b"{\"country\":").and_then(|_| w.flush());
            false
        }
        Action::Normal | Action::Hangup => true,
    }
}

/// Writes `left` spaces as fast as they go; false when the peer went away.
fn spaces<W: Write>(w: &mut W, mut left: u64) -> bool {
    let chunk = [b' '; 65536];
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        if w.write_all(&chunk[..n]).is_err() {
            return false;
        }
        left -= n as u64;
    }
    true
}
