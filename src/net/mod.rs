//! Reaching Atlas: one HTTP exchange over ureq, names resolved like Go's pure resolver,
//! TLS with embedded roots, Go's proxy rules, URL parsing and the retry timer.

pub mod dns;
pub(crate) mod proxy;
pub(crate) mod retry;
pub(crate) mod tls;
pub(crate) mod transport;
pub(crate) mod url;
