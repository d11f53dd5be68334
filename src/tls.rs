//! Trust roots: Mozilla's, compiled in, unless SSL_CERT_FILE names a PEM bundle.
//!
//! Embedding the roots is what lets the binary work in an empty container image; honouring
//! SSL_CERT_FILE keeps the escape hatch Go users know for private CAs and TLS inspection.

use std::sync::Arc;

use ureq::tls::{parse_pem, Certificate, PemItem, RootCerts};

/// Where trust comes from.
#[derive(Debug, Clone)]
pub enum Roots {
    /// Mozilla's roots, embedded at build time.
    Embedded,
    /// Certificates read from SSL_CERT_FILE.
    File(Arc<Vec<Certificate<'static>>>),
}

impl Roots {
    /// Reads SSL_CERT_FILE when it is set; errors name the variable and the path.
    pub fn load(ssl_cert_file: Option<&str>) -> Result<Roots, String> {
        let Some(path) = ssl_cert_file else {
            return Ok(Roots::Embedded);
        };
        let pem =
            std::fs::read(path).map_err(|e| format!("SSL_CERT_FILE {path}: cannot read: {e}"))?;
        let mut certs = Vec::new();
        for item in parse_pem(&pem) {
            match item {
                Ok(PemItem::Certificate(c)) => certs.push(c),
                Ok(_) => {}
                Err(e) => return Err(format!("SSL_CERT_FILE {path}: not a PEM bundle: {e}")),
            }
        }
        if certs.is_empty() {
            return Err(format!(
                "SSL_CERT_FILE {path}: no PEM certificates found (unset it to use the built-in roots)"
            ));
        }
        Ok(Roots::File(Arc::new(certs)))
    }

    /// The ureq setting.
    pub fn root_certs(&self) -> RootCerts {
        match self {
            Roots::Embedded => RootCerts::WebPki,
            Roots::File(certs) => RootCerts::Specific(certs.clone()),
        }
    }
}
