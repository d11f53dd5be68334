//! Host name resolution the way Go's pure resolver (what the official CLI uses) does it:
//! `/etc/hosts`, then the name servers of `/etc/resolv.conf` over UDP (TCP when the answer
//! is truncated), with its search list and `ndots`, `timeout` and `attempts` options.
//!
//! Doing it ourselves keeps glibc's getaddrinfo out of the static binary: in a static
//! build it would dlopen NSS modules of whatever glibc the host has, and it costs 200 KB.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream, UdpSocket};
use std::time::{Duration, Instant};

/// Why a name did not resolve.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum LookupError {
    /// The name does not exist (or has no addresses).
    NotFound,
    /// No server answered in time.
    Timeout,
}

/// The resolver configuration: hosts entries and resolv.conf settings.
#[derive(Debug, Clone)]
pub(crate) struct Resolver {
    hosts: Vec<(IpAddr, Vec<String>)>,
    servers: Vec<SocketAddr>,
    search: Vec<String>,
    ndots: usize,
    timeout: Duration,
    attempts: usize,
}

impl Resolver {
    /// Reads `/etc/hosts` and `/etc/resolv.conf` (missing files are empty).
    pub(crate) fn system() -> Resolver {
        let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
        Resolver::from_text(&read("/etc/hosts"), &read("/etc/resolv.conf"))
    }

    /// Builds a resolver from the two files' contents.
    pub(crate) fn from_text(hosts: &str, resolv_conf: &str) -> Resolver {
        let mut r = Resolver {
            hosts: parse_hosts(hosts),
            servers: Vec::new(),
            search: Vec::new(),
            ndots: 1,
            timeout: Duration::from_secs(5),
            attempts: 2,
        };
        for line in resolv_conf.lines() {
            let line = line.split(['#', ';']).next().unwrap_or_default();
            let mut words = line.split_whitespace();
            match words.next() {
                Some("nameserver") => {
                    if let Some(ip) = words.next().and_then(|w| w.parse::<IpAddr>().ok()) {
                        if r.servers.len() < 3 {
                            r.servers.push(SocketAddr::new(ip, 53));
                        }
                    }
                }
                Some("domain") => {
                    r.search = words
                        .next()
                        .map(|d| vec![d.to_string()])
                        .unwrap_or_default()
                }
                Some("search") => r.search = words.map(str::to_string).collect(),
                Some("options") => {
                    for opt in words {
                        let (k, v) = opt.split_once(':').unwrap_or((opt, ""));
                        let n = v.parse::<u64>().ok();
                        match (k, n) {
                            ("ndots", Some(n)) => r.ndots = n.min(15) as usize,
                            ("timeout", Some(n)) => r.timeout = Duration::from_secs(n.clamp(1, 30)),
                            ("attempts", Some(n)) => r.attempts = n.clamp(1, 5) as usize,
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        if r.servers.is_empty() {
            r.servers = vec![
                SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 53),
                SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), 53),
            ];
        }
        r
    }

    /// Uses these name servers (with ports) instead; for tests.
    #[cfg(test)]
    fn with_servers(mut self, servers: Vec<SocketAddr>) -> Resolver {
        self.servers = servers;
        self
    }

    /// Addresses for `host` (IPv4 first), giving up at `deadline`.
    pub(crate) fn lookup(&self, host: &str, deadline: Instant) -> Result<Vec<IpAddr>, LookupError> {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = host.parse::<IpAddr>() {
            return Ok(vec![ip]);
        }
        let name = host.trim_end_matches('.').to_ascii_lowercase();
        let from_hosts: Vec<IpAddr> = self
            .hosts
            .iter()
            .filter(|(_, names)| names.contains(&name))
            .map(|(ip, _)| *ip)
            .collect();
        if !from_hosts.is_empty() {
            return Ok(ordered(from_hosts));
        }
        if name == "localhost" || name.ends_with(".localhost") {
            return Ok(vec![
                IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(Ipv6Addr::LOCALHOST),
            ]);
        }
        // RFC 6761: names under .invalid never resolve; no need to ask anyone.
        if name == "invalid" || name.ends_with(".invalid") {
            return Err(LookupError::NotFound);
        }
        let mut timed_out = false;
        for candidate in self.candidates(host) {
            let mut found = Vec::new();
            for qtype in [1u16, 28] {
                match self.query(&candidate, qtype, deadline) {
                    Ok(ips) => found.extend(ips),
                    Err(LookupError::Timeout) => timed_out = true,
                    Err(LookupError::NotFound) => {}
                }
            }
            if !found.is_empty() {
                return Ok(ordered(found));
            }
        }
        Err(if timed_out {
            LookupError::Timeout
        } else {
            LookupError::NotFound
        })
    }

    /// Fully qualified names to try, in Go's order.
    fn candidates(&self, host: &str) -> Vec<String> {
        if host.ends_with('.') {
            return vec![host.to_string()];
        }
        let with_search: Vec<String> = self
            .search
            .iter()
            .map(|s| format!("{host}.{}.", s.trim_end_matches('.')))
            .collect();
        let bare = format!("{host}.");
        if host.matches('.').count() >= self.ndots {
            std::iter::once(bare).chain(with_search).collect()
        } else {
            with_search
                .into_iter()
                .chain(std::iter::once(bare))
                .collect()
        }
    }

    /// One question to the servers in turn, `attempts` rounds.
    fn query(&self, name: &str, qtype: u16, deadline: Instant) -> Result<Vec<IpAddr>, LookupError> {
        let mut timed_out = false;
        for _ in 0..self.attempts {
            for server in &self.servers {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(LookupError::Timeout);
                }
                let id = random_id();
                let packet = question(id, name, qtype);
                match exchange(*server, &packet, id, self.timeout.min(left)) {
                    Some(Reply::Addrs(ips)) => return Ok(ips),
                    Some(Reply::NoSuchName) => return Err(LookupError::NotFound),
                    Some(Reply::ServerFailure) => {}
                    None => timed_out = true,
                }
            }
        }
        Err(if timed_out {
            LookupError::Timeout
        } else {
            LookupError::NotFound
        })
    }
}

/// IPv4 addresses first, each address once (where it first appears), as Go orders them
/// for dialing.
fn ordered(mut ips: Vec<IpAddr>) -> Vec<IpAddr> {
    let mut seen = std::collections::HashSet::new();
    ips.retain(|ip| seen.insert(*ip));
    ips.sort_by_key(|ip| ip.is_ipv6());
    ips
}

fn parse_hosts(text: &str) -> Vec<(IpAddr, Vec<String>)> {
    text.lines()
        .filter_map(|line| {
            let line = line.split('#').next()?;
            let mut words = line.split_whitespace();
            // Zone suffixes (fe80::1%eth0) are dropped.
            let ip = words.next()?.split('%').next()?.parse().ok()?;
            let names: Vec<String> = words
                .map(|n| n.trim_end_matches('.').to_ascii_lowercase())
                .collect();
            (!names.is_empty()).then_some((ip, names))
        })
        .collect()
}

fn random_id() -> u16 {
    use ring::rand::SecureRandom;
    let mut b = [0u8; 2];
    // Without randomness the ID is fixed; answers are still matched by ID and question.
    let _ = ring::rand::SystemRandom::new().fill(&mut b);
    u16::from_be_bytes(b)
}

/// A DNS query: header with recursion desired, one question of class IN.
pub fn question(id: u16, name: &str, qtype: u16) -> Vec<u8> {
    let mut p = Vec::with_capacity(32 + name.len());
    p.extend_from_slice(&id.to_be_bytes());
    p.extend_from_slice(&[0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
    for label in name.trim_end_matches('.').split('.') {
        let label = &label.as_bytes()[..label.len().min(63)];
        p.push(label.len() as u8);
        p.extend_from_slice(label);
    }
    p.push(0);
    p.extend_from_slice(&qtype.to_be_bytes());
    p.extend_from_slice(&1u16.to_be_bytes());
    p
}

/// What a server said.
#[derive(Debug, PartialEq, Eq)]
pub enum Reply {
    Addrs(Vec<IpAddr>),
    NoSuchName,
    ServerFailure,
}

/// Sends `packet` over UDP, and over TCP if the answer was truncated; `None` on timeout.
fn exchange(server: SocketAddr, packet: &[u8], id: u16, timeout: Duration) -> Option<Reply> {
    let bind: SocketAddr = if server.is_ipv4() {
        "0.0.0.0:0"
    } else {
        "[::]:0"
    }
    .parse()
    .ok()?;
    let sock = UdpSocket::bind(bind).ok()?;
    sock.connect(server).ok()?;
    sock.set_read_timeout(Some(timeout)).ok()?;
    sock.send(packet).ok()?;
    let started = Instant::now();
    let mut buf = [0u8; 1232];
    loop {
        let n = sock.recv(&mut buf).ok()?;
        match parse_answer(&buf[..n], id, packet) {
            Some(Parsed::Truncated) => return tcp_exchange(server, packet, id, timeout),
            Some(Parsed::Done(a)) => return Some(a),
            // Not ours (wrong ID or question): keep waiting for the real answer.
            None if started.elapsed() < timeout => continue,
            None => return None,
        }
    }
}

fn tcp_exchange(server: SocketAddr, packet: &[u8], id: u16, timeout: Duration) -> Option<Reply> {
    let mut s = TcpStream::connect_timeout(&server, timeout).ok()?;
    s.set_read_timeout(Some(timeout)).ok()?;
    s.set_write_timeout(Some(timeout)).ok()?;
    let mut msg = (packet.len() as u16).to_be_bytes().to_vec();
    msg.extend_from_slice(packet);
    s.write_all(&msg).ok()?;
    let mut len = [0u8; 2];
    s.read_exact(&mut len).ok()?;
    let mut buf = vec![0u8; usize::from(u16::from_be_bytes(len))];
    s.read_exact(&mut buf).ok()?;
    match parse_answer(&buf, id, packet)? {
        Parsed::Done(a) => Some(a),
        Parsed::Truncated => Some(Reply::ServerFailure),
    }
}

/// A parsed reply: an answer, or "ask again over TCP".
#[derive(Debug, PartialEq, Eq)]
pub enum Parsed {
    Done(Reply),
    Truncated,
}

/// Parses a reply to `query`; `None` if it is not a reply to it or is malformed.
pub fn parse_answer(msg: &[u8], id: u16, query: &[u8]) -> Option<Parsed> {
    // A question is a header, a name of at least one byte, a type and a class.
    if query.len() < 17 || msg.len() < 12 {
        return None;
    }
    if u16::from_be_bytes([msg[0], msg[1]]) != id || msg[2] & 0x80 == 0 {
        return None;
    }
    // The question section must echo ours (name compared without case).
    let qlen = query.len() - 12;
    let echoed = msg.get(12..12 + qlen)?;
    if !echoed.eq_ignore_ascii_case(&query[12..]) {
        return None;
    }
    if msg[2] & 0x02 != 0 {
        return Some(Parsed::Truncated);
    }
    match msg[3] & 0x0f {
        0 => {}
        3 => return Some(Parsed::Done(Reply::NoSuchName)),
        _ => return Some(Parsed::Done(Reply::ServerFailure)),
    }
    let qtype = u16::from_be_bytes([query[query.len() - 4], query[query.len() - 3]]);
    let ancount = u16::from_be_bytes([msg[6], msg[7]]);
    let mut i = 12 + qlen;
    let mut ips = Vec::new();
    for _ in 0..ancount {
        i = skip_name(msg, i)?;
        let head = msg.get(i..i + 10)?;
        let rtype = u16::from_be_bytes([head[0], head[1]]);
        let rdlen = usize::from(u16::from_be_bytes([head[8], head[9]]));
        let data = msg.get(i + 10..i + 10 + rdlen)?;
        // CNAME records are followed implicitly: the server puts the target's addresses here.
        match (rtype, qtype, rdlen) {
            (1, 1, 4) => ips.push(IpAddr::V4(Ipv4Addr::new(
                data[0], data[1], data[2], data[3],
            ))),
            (28, 28, 16) => {
                let mut a = [0u8; 16];
                a.copy_from_slice(data);
                ips.push(IpAddr::V6(Ipv6Addr::from(a)));
            }
            _ => {}
        }
        i += 10 + rdlen;
    }
    Some(Parsed::Done(Reply::Addrs(ips)))
}

/// Skips a possibly compressed name; returns the offset after it.
fn skip_name(msg: &[u8], mut i: usize) -> Option<usize> {
    for _ in 0..128 {
        let len = *msg.get(i)?;
        match len {
            0 => return Some(i + 1),
            l if l & 0xc0 == 0xc0 => {
                msg.get(i + 1)?;
                return Some(i + 2);
            }
            l => i += 1 + usize::from(l),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_ordered_and_each_kept_once() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(
            ordered(vec![
                ip("10.0.0.1"),
                ip("::1"),
                ip("10.0.0.2"),
                ip("10.0.0.1"),
                ip("::1")
            ]),
            [ip("10.0.0.1"), ip("10.0.0.2"), ip("::1")]
        );
    }

    fn reply(query: &[u8], flags: u8, rcode: u8, answers: &[(u16, &[u8])]) -> Vec<u8> {
        let mut m = query.to_vec();
        m[2] = 0x81 | flags;
        m[3] = 0x80 | rcode;
        m[6..8].copy_from_slice(&(answers.len() as u16).to_be_bytes());
        for (rtype, data) in answers {
            m.extend_from_slice(&[0xc0, 12]);
            m.extend_from_slice(&rtype.to_be_bytes());
            m.extend_from_slice(&[0, 1, 0, 0, 0, 60]);
            m.extend_from_slice(&(data.len() as u16).to_be_bytes());
            m.extend_from_slice(data);
        }
        m
    }

    #[test]
    fn parses_answers_and_rejects_strangers() {
        let q = question(0x1234, "cloud.mongodb.com.", 1);
        assert_eq!(&q[12..], b"\x05cloud\x07mongodb\x03com\x00\x00\x01\x00\x01");
        let cname: &[u8] = b"\x03www\xc0\x0c";
        let r = reply(&q, 0, 0, &[(5, cname), (1, &[1, 2, 3, 4])]);
        assert_eq!(
            parse_answer(&r, 0x1234, &q),
            Some(Parsed::Done(Reply::Addrs(vec!["1.2.3.4".parse().unwrap()])))
        );
        assert_eq!(parse_answer(&r, 0x9999, &q), None, "wrong id");
        assert_eq!(
            parse_answer(&reply(&q, 0, 3, &[]), 0x1234, &q),
            Some(Parsed::Done(Reply::NoSuchName))
        );
        assert_eq!(
            parse_answer(&reply(&q, 0x02, 0, &[]), 0x1234, &q),
            Some(Parsed::Truncated)
        );
        assert_eq!(
            parse_answer(&r[..r.len() - 2], 0x1234, &q),
            None,
            "cut short"
        );
        let other = question(0x1234, "evil.example.", 1);
        assert_eq!(
            parse_answer(&reply(&other, 0, 0, &[(1, &[6, 6, 6, 6])]), 0x1234, &q),
            None
        );
        // Shorter than a header, as a reply or as a question: no answer, no panic.
        for n in 0..12 {
            assert_eq!(parse_answer(&r[..n], 0x1234, &q), None);
            assert_eq!(parse_answer(&r, 0x1234, &q[..n]), None);
        }
    }

    #[test]
    fn hosts_resolv_conf_and_search_order() {
        let r = Resolver::from_text(
            "127.0.0.1 localhost\n::1 localhost ip6-localhost\n# c\n10.1.2.3 Mock.Test. alias # trailing\nfe80::1%eth0 link\n",
            "search corp.example lab.example\nnameserver 10.0.0.1\noptions ndots:2 timeout:1 attempts:1\n",
        );
        let far = Instant::now() + Duration::from_secs(1);
        assert_eq!(
            r.lookup("mock.test", far).unwrap(),
            vec!["10.1.2.3".parse::<IpAddr>().unwrap()]
        );
        assert_eq!(
            r.lookup("ALIAS.", far).unwrap(),
            vec!["10.1.2.3".parse::<IpAddr>().unwrap()]
        );
        assert_eq!(
            r.lookup("localhost", far).unwrap(),
            vec![
                IpAddr::from([127, 0, 0, 1]),
                IpAddr::V6(Ipv6Addr::LOCALHOST)
            ]
        );
        assert_eq!(
            r.lookup("[::1]", far).unwrap(),
            vec![IpAddr::V6(Ipv6Addr::LOCALHOST)]
        );
        assert_eq!(r.lookup("atlas.invalid", far), Err(LookupError::NotFound));
        assert_eq!(
            r.servers,
            vec!["10.0.0.1:53".parse::<SocketAddr>().unwrap()]
        );
        assert_eq!(
            r.candidates("db"),
            ["db.corp.example.", "db.lab.example.", "db."]
        );
        assert_eq!(
            r.candidates("a.b.c"),
            ["a.b.c.", "a.b.c.corp.example.", "a.b.c.lab.example."]
        );
        assert_eq!(r.candidates("x."), ["x."]);
        let empty = Resolver::from_text("", "");
        assert_eq!(
            empty.servers.len(),
            2,
            "Go's default servers: 127.0.0.1 and ::1"
        );
    }

    #[test]
    fn asks_a_real_udp_server() {
        let server = UdpSocket::bind("127.0.0.1:0").unwrap();
        let addr = server.local_addr().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 512];
            for _ in 0..2 {
                let (n, from) = server.recv_from(&mut buf).unwrap();
                let q = &buf[..n];
                let qtype = q[n - 3];
                let r = if qtype == 1 {
                    reply(q, 0, 0, &[(1, &[127, 0, 0, 9])])
                } else {
                    reply(q, 0, 0, &[])
                };
                server.send_to(&r, from).unwrap();
            }
        });
        let r = Resolver::from_text("", "").with_servers(vec![addr]);
        let ips = r
            .lookup("atlas.test", Instant::now() + Duration::from_secs(5))
            .unwrap();
        assert_eq!(ips, vec![IpAddr::from([127, 0, 0, 9])]);
    }

    #[test]
    fn truncated_answers_are_asked_again_over_tcp() {
        use std::net::TcpListener;
        let tcp = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = tcp.local_addr().unwrap();
        let udp = UdpSocket::bind(addr).unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 512];
            for _ in 0..2 {
                let (n, from) = udp.recv_from(&mut buf).unwrap();
                udp.send_to(&reply(&buf[..n], 0x02, 0, &[]), from).unwrap();
            }
        });
        std::thread::spawn(move || {
            for stream in tcp.incoming().take(2) {
                let mut s = stream.unwrap();
                let mut len = [0u8; 2];
                s.read_exact(&mut len).unwrap();
                let mut q = vec![0u8; usize::from(u16::from_be_bytes(len))];
                s.read_exact(&mut q).unwrap();
                let qtype = q[q.len() - 3];
                let r = if qtype == 1 {
                    reply(&q, 0, 0, &[(1, &[127, 0, 0, 7])])
                } else {
                    reply(&q, 0, 0, &[])
                };
                s.write_all(&(r.len() as u16).to_be_bytes()).unwrap();
                s.write_all(&r).unwrap();
            }
        });
        let r = Resolver::from_text("", "").with_servers(vec![addr]);
        let ips = r
            .lookup("big.test", Instant::now() + Duration::from_secs(5))
            .unwrap();
        assert_eq!(ips, vec![IpAddr::from([127, 0, 0, 7])]);
    }

    #[test]
    fn silence_is_a_timeout() {
        let server = UdpSocket::bind("127.0.0.1:0").unwrap();
        let r = Resolver::from_text("", "options timeout:1 attempts:1")
            .with_servers(vec![server.local_addr().unwrap()]);
        let start = Instant::now();
        let e = r
            .lookup("atlas.test", Instant::now() + Duration::from_millis(300))
            .unwrap_err();
        assert_eq!(e, LookupError::Timeout);
        assert!(start.elapsed() < Duration::from_secs(2));
    }
}
