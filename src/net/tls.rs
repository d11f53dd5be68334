//! TLS trust and crypto: Mozilla's roots compiled in (unless SSL_CERT_FILE names a PEM
//! bundle), and the rustls crypto provider.
//!
//! Embedding the roots is what lets the binary work in an empty container image; honouring
//! SSL_CERT_FILE keeps the escape hatch Go users know for private CAs and TLS inspection.
//! The provider is rustls's *ring* one without the ChaCha20-Poly1305 suites: every server
//! and TLS-inspecting proxy offers AES-GCM, and leaving ChaCha20 out keeps about 100 KB out
//! of the static binary.

use std::sync::Arc;

use rustls::crypto::ring::{cipher_suite as cs, kx_group};
use rustls::crypto::{
    CryptoProvider, GetRandomFailed, KeyProvider, SecureRandom, WebPkiSupportedAlgorithms,
};
use rustls::SignatureScheme;
use ureq::tls::{parse_pem, Certificate, PemItem, RootCerts, TlsConfig};
use webpki::ring as alg;

use crate::error::Error;

/// Where trust comes from.
#[derive(Debug, Clone)]
pub(crate) enum Roots {
    /// Mozilla's roots, embedded at build time.
    Embedded,
    /// Certificates read from SSL_CERT_FILE.
    File(Arc<Vec<Certificate<'static>>>),
}

impl Roots {
    /// Reads SSL_CERT_FILE when it is set; errors name the variable and the path.
    pub(crate) fn load(ssl_cert_file: Option<&str>) -> Result<Roots, Error> {
        let Some(path) = ssl_cert_file else {
            return Ok(Roots::Embedded);
        };
        let pem = crate::fs::read(std::path::Path::new(path)).map_err(|e| {
            Error::usage(format!("SSL_CERT_FILE {path}: cannot read: {}", e.phrase()))
        })?;
        let mut certs = Vec::new();
        for item in parse_pem(&pem) {
            match item {
                Ok(PemItem::Certificate(c)) => certs.push(c),
                Ok(_) => {}
                Err(e) => {
                    return Err(Error::usage(format!(
                        "SSL_CERT_FILE {path}: not a PEM bundle: {e}"
                    )))
                }
            }
        }
        if certs.is_empty() {
            return Err(Error::usage(format!(
                "SSL_CERT_FILE {path}: no PEM certificates found (unset it to use the built-in roots)"
            )));
        }
        Ok(Roots::File(Arc::new(certs)))
    }

    /// The ureq setting.
    pub(crate) fn root_certs(&self) -> RootCerts {
        match self {
            Roots::Embedded => RootCerts::WebPki,
            Roots::File(certs) => RootCerts::Specific(certs.clone()),
        }
    }
}

/// ureq's TLS settings: the roots and our crypto provider.
pub(crate) fn config(roots: &Roots) -> TlsConfig {
    TlsConfig::builder()
        .root_certs(roots.root_certs())
        .unversioned_rustls_crypto_provider(Arc::new(provider()))
        .build()
}

/// AES-GCM suites for TLS 1.3 and 1.2, X25519 and the NIST curves, every signature
/// algorithm webpki verifies with *ring*.
pub(crate) fn provider() -> CryptoProvider {
    CryptoProvider {
        cipher_suites: vec![
            cs::TLS13_AES_128_GCM_SHA256,
            cs::TLS13_AES_256_GCM_SHA384,
            cs::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            cs::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            cs::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            cs::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        ],
        kx_groups: vec![kx_group::X25519, kx_group::SECP256R1, kx_group::SECP384R1],
        signature_verification_algorithms: SIGNATURES,
        secure_random: &OsRandom,
        key_provider: &NoClientKeys,
    }
}

static SIGNATURES: WebPkiSupportedAlgorithms = WebPkiSupportedAlgorithms {
    all: &[
        alg::ECDSA_P256_SHA256,
        alg::ECDSA_P256_SHA384,
        alg::ECDSA_P384_SHA256,
        alg::ECDSA_P384_SHA384,
        alg::ED25519,
        alg::RSA_PSS_2048_8192_SHA256_LEGACY_KEY,
        alg::RSA_PSS_2048_8192_SHA384_LEGACY_KEY,
        alg::RSA_PSS_2048_8192_SHA512_LEGACY_KEY,
        alg::RSA_PKCS1_2048_8192_SHA256,
        alg::RSA_PKCS1_2048_8192_SHA384,
        alg::RSA_PKCS1_2048_8192_SHA512,
        alg::RSA_PKCS1_2048_8192_SHA256_ABSENT_PARAMS,
        alg::RSA_PKCS1_2048_8192_SHA384_ABSENT_PARAMS,
        alg::RSA_PKCS1_2048_8192_SHA512_ABSENT_PARAMS,
    ],
    mapping: &[
        // TLS 1.2 does not fix the curve in the scheme; TLS 1.3 does.
        (
            SignatureScheme::ECDSA_NISTP384_SHA384,
            &[alg::ECDSA_P384_SHA384, alg::ECDSA_P256_SHA384],
        ),
        (
            SignatureScheme::ECDSA_NISTP256_SHA256,
            &[alg::ECDSA_P256_SHA256, alg::ECDSA_P384_SHA256],
        ),
        (SignatureScheme::ED25519, &[alg::ED25519]),
        (
            SignatureScheme::RSA_PSS_SHA512,
            &[alg::RSA_PSS_2048_8192_SHA512_LEGACY_KEY],
        ),
        (
            SignatureScheme::RSA_PSS_SHA384,
            &[alg::RSA_PSS_2048_8192_SHA384_LEGACY_KEY],
        ),
        (
            SignatureScheme::RSA_PSS_SHA256,
            &[alg::RSA_PSS_2048_8192_SHA256_LEGACY_KEY],
        ),
        (
            SignatureScheme::RSA_PKCS1_SHA512,
            &[alg::RSA_PKCS1_2048_8192_SHA512],
        ),
        (
            SignatureScheme::RSA_PKCS1_SHA384,
            &[alg::RSA_PKCS1_2048_8192_SHA384],
        ),
        (
            SignatureScheme::RSA_PKCS1_SHA256,
            &[alg::RSA_PKCS1_2048_8192_SHA256],
        ),
    ],
};

/// Randomness for TLS from the OS, through *ring*.
#[derive(Debug)]
struct OsRandom;

impl SecureRandom for OsRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<(), GetRandomFailed> {
        use ring::rand::SecureRandom as _;
        ring::rand::SystemRandom::new()
            .fill(buf)
            .map_err(|_| GetRandomFailed)
    }
}

/// Client certificates are not used; loading a private key is refused.
#[derive(Debug)]
struct NoClientKeys;

impl KeyProvider for NoClientKeys {
    fn load_private_key(
        &self,
        _key: rustls::pki_types::PrivateKeyDer<'static>,
    ) -> Result<Arc<dyn rustls::sign::SigningKey>, rustls::Error> {
        Err(rustls::Error::General(
            "client certificates are not supported".into(),
        ))
    }
}
