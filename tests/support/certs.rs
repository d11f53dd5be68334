//! A throwaway certificate authority for the tests: a CA, and a server certificate for
//! `localhost`, `127.0.0.1` and `mock.test`, generated fresh so nothing expires in the repo.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A CA and the server certificate it signed.
pub struct TestCa {
    pub ca_pem: String,
    server_der: CertificateDer<'static>,
    server_key: Vec<u8>,
}

impl TestCa {
    pub fn new() -> TestCa {
        let ca_key = KeyPair::generate().unwrap();
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "atlas-invite test CA");
        let ca_cert = ca_params.self_signed(&ca_key).unwrap();
        let issuer = Issuer::new(ca_params, ca_key);
        let key = KeyPair::generate().unwrap();
        let params = CertificateParams::new(vec![
            "localhost".to_string(),
            "127.0.0.1".to_string(),
            "mock.test".to_string(),
        ])
        .unwrap();
        let cert = params.signed_by(&key, &issuer).unwrap();
        TestCa {
            ca_pem: ca_cert.pem(),
            server_der: cert.der().clone(),
            server_key: key.serialize_der(),
        }
    }

    /// Writes the CA certificate into a fresh temporary directory; the file goes with it.
    pub fn write_ca_file(&self) -> (TempDir, PathBuf) {
        let dir = temp_dir("ca");
        let path = dir.join("ca.pem");
        std::fs::write(&path, &self.ca_pem).unwrap();
        (dir, path)
    }

    /// A rustls server configuration presenting the server certificate.
    pub fn server_config(&self) -> Arc<rustls::ServerConfig> {
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.server_key.clone()));
        let cfg = rustls::ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(vec![self.server_der.clone()], key)
            .unwrap();
        Arc::new(cfg)
    }
}

/// A fresh empty directory, removed with everything in it when dropped (also when the
/// test fails and unwinds).
pub fn temp_dir(tag: &str) -> TempDir {
    temp_dir_in(&std::env::temp_dir(), tag)
}

fn temp_dir_in(base: &Path, tag: &str) -> TempDir {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = base.join(format!(
        "atlas-invite-test-{}-{tag}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

/// A file named `name` holding `bytes` in a fresh temporary directory: the directory (keep
/// it alive for as long as the file is used) and the file's path as the binary will show it.
pub fn temp_file(tag: &str, name: &str, bytes: impl AsRef<[u8]>) -> (TempDir, String) {
    let dir = temp_dir(tag);
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let shown = path.display().to_string();
    (dir, shown)
}

/// Like `temp_dir`, but under a directory that other users can pass through (for servers
/// whose workers drop root): the system temp dir when it allows that, else `/tmp`.
pub fn shared_temp_dir(tag: &str) -> TempDir {
    use std::os::unix::fs::PermissionsExt;
    let passable = |p: &Path| {
        p.ancestors()
            .all(|a| std::fs::metadata(a).is_ok_and(|m| m.permissions().mode() & 0o001 != 0))
    };
    let base = std::env::temp_dir();
    let base = if passable(&base) {
        base
    } else {
        PathBuf::from("/tmp")
    };
    let dir = temp_dir_in(&base, tag);
    std::fs::set_permissions(&dir.0, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// A temporary directory that removes itself.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<std::ffi::OsStr> for TempDir {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.as_os_str()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
