//! nginx in front of served instances: docs/deploy/nginx.conf as documented, with the test's
//! instances, port, certificate and paths put in place of the documented ones, under a main
//! configuration of the test's own (pid file, logs and temporary files in a temp dir), run as a
//! child process (`nginx -p DIR -c nginx.conf -g 'daemon off;'`) and killed when dropped. The
//! site's certificate is self-signed, made here with OpenSSL, and added to the roots the test's
//! clients trust.
//!
//! Without nginx the test skips, saying so loudly, except under `CI=true`, where it fails:
//! `.ci/run` installs nginx from Debian's packages.

use std::net::{IpAddr, SocketAddr};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::browser::harness::in_ci;

/// The site's name, as docs/deploy/nginx.conf serves it; the test's clients resolve it to
/// loopback.
const SITE: &str = "partners.example.com";

/// What the documented configuration names, and the test replaces.
const DOCUMENTED_INSTANCES: [&str; 2] = ["server 127.0.0.1:8080;", "server 127.0.0.1:8081;"];
const DOCUMENTED_LISTEN: &str = "listen 443 ssl;";
const DOCUMENTED_CERTIFICATE: &str = "/etc/ssl/partnerdesk/fullchain.pem";
const DOCUMENTED_KEY: &str = "/etc/ssl/partnerdesk/privkey.pem";

/// The nginx binary: on the `PATH`, or in the sbin directories a user's `PATH` may lack.
fn find() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/usr/local/sbin", "/sbin"].map(PathBuf::from))
        .map(|dir| dir.join("nginx"))
        .find(|candidate| candidate.is_file())
}

/// The nginx binary, or `None` after saying loudly that `test` is skipped; under `CI=true` a
/// missing nginx fails the test instead.
pub fn binary_or_skip(test: &str) -> Option<PathBuf> {
    if let Some(nginx) = find() {
        return Some(nginx);
    }
    let install = "apt-get install -y --no-install-recommends nginx (Debian's package; .ci/run \
                   installs it)";
    assert!(
        !in_ci(),
        "CI=true, so {test} must run, but nginx is not installed: {install}"
    );
    let rule = "=".repeat(78);
    eprintln!(
        "{rule}\n{test}: SKIPPED: nginx is not installed, so two instances behind it cannot be \
         tried. {install}. Under CI=true this test fails instead of skipping.\n{rule}"
    );
    None
}

/// A running nginx in front of two instances.
pub struct Nginx {
    child: std::process::Child,
    dir: tempfile::TempDir,
    port: u16,
    certificate: reqwest::Certificate,
}

/// A certificate for `name`, signed by its own key: (certificate, key), PEM.
fn self_signed(name: &str) -> (Vec<u8>, Vec<u8>) {
    use openssl::asn1::Asn1Time;
    use openssl::bn::BigNum;
    use openssl::ec::{EcGroup, EcKey};
    use openssl::hash::MessageDigest;
    use openssl::nid::Nid;
    use openssl::pkey::PKey;
    use openssl::x509::extension::{BasicConstraints, ExtendedKeyUsage, SubjectAlternativeName};
    use openssl::x509::{X509, X509NameBuilder};

    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).expect("P-256");
    let key = PKey::from_ec_key(EcKey::generate(&group).expect("key")).expect("key");
    let mut subject = X509NameBuilder::new().expect("name");
    subject
        .append_entry_by_nid(Nid::COMMONNAME, name)
        .expect("common name");
    let subject = subject.build();
    let mut builder = X509::builder().expect("certificate");
    builder.set_version(2).expect("v3");
    let serial = BigNum::from_u32(1)
        .and_then(|n| n.to_asn1_integer())
        .expect("serial");
    builder.set_serial_number(&serial).expect("serial");
    builder.set_subject_name(&subject).expect("subject");
    builder.set_issuer_name(&subject).expect("issuer");
    builder.set_pubkey(&key).expect("public key");
    builder
        .set_not_before(&Asn1Time::days_from_now(0).expect("now"))
        .expect("not before");
    builder
        .set_not_after(&Asn1Time::days_from_now(2).expect("later"))
        .expect("not after");
    let san = SubjectAlternativeName::new()
        .dns(name)
        .build(&builder.x509v3_context(None, None))
        .expect("subject alternative name");
    builder.append_extension(san).expect("extension");
    builder
        .append_extension(
            BasicConstraints::new()
                .critical()
                .build()
                .expect("constraints"),
        )
        .expect("extension");
    builder
        .append_extension(
            ExtendedKeyUsage::new()
                .server_auth()
                .build()
                .expect("usage"),
        )
        .expect("extension");
    builder.sign(&key, MessageDigest::sha256()).expect("sign");
    let certificate = builder.build().to_pem().expect("PEM");
    (certificate, key.private_key_to_pem_pkcs8().expect("PEM"))
}

/// docs/deploy/nginx.conf with the test's instances, listening port, certificate and key.
fn site_configuration(instances: [&str; 2], port: u16, dir: &Path) -> String {
    let documented = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/deploy/nginx.conf");
    let mut text = std::fs::read_to_string(&documented).expect("docs/deploy/nginx.conf");
    let listen = format!("listen 127.0.0.1:{port} ssl;");
    let certificate = dir.join("site.pem").display().to_string();
    let key = dir.join("site.key").display().to_string();
    let instances = instances.map(|address| format!("server {address};"));
    let replacements = [
        (DOCUMENTED_INSTANCES[0], instances[0].as_str()),
        (DOCUMENTED_INSTANCES[1], instances[1].as_str()),
        (DOCUMENTED_LISTEN, listen.as_str()),
        (DOCUMENTED_CERTIFICATE, certificate.as_str()),
        (DOCUMENTED_KEY, key.as_str()),
    ];
    for (documented, ours) in replacements {
        assert_eq!(
            text.matches(documented).count(),
            1,
            "docs/deploy/nginx.conf should hold `{documented}` once (the test puts its own in \
             its place): keep the file and this test in step"
        );
        text = text.replace(documented, ours);
    }
    assert!(
        text.contains(&format!("server_name {SITE};")),
        "docs/deploy/nginx.conf serves another name than {SITE}"
    );
    text
}

impl Nginx {
    /// nginx in front of these instances (`host:port`), serving HTTPS on a free loopback port;
    /// returns once it accepts connections.
    pub async fn start(binary: &Path, instances: [&str; 2]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        // Run as root, nginx's workers run as `nobody`, and write their temporary files here.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let (certificate, key) = self_signed(SITE);
        std::fs::write(dir.path().join("site.pem"), &certificate).expect("certificate");
        std::fs::write(dir.path().join("site.key"), &key).expect("key");
        std::fs::write(
            dir.path().join("partnerdesk.conf"),
            site_configuration(instances, port, dir.path()),
        )
        .expect("site configuration");
        let d = dir.path().display();
        let main = format!(
            "worker_processes 1;\n\
             pid {d}/nginx.pid;\n\
             error_log {d}/error.log info;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n\
             \x20   access_log {d}/access.log;\n\
             \x20   client_body_temp_path {d}/client_body;\n\
             \x20   proxy_temp_path {d}/proxy;\n\
             \x20   fastcgi_temp_path {d}/fastcgi;\n\
             \x20   uwsgi_temp_path {d}/uwsgi;\n\
             \x20   scgi_temp_path {d}/scgi;\n\
             \x20   include {d}/partnerdesk.conf;\n\
             }}\n"
        );
        std::fs::write(dir.path().join("nginx.conf"), main).expect("main configuration");
        let child = std::process::Command::new(binary)
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(dir.path().join("nginx.conf"))
            // Before it reads the configuration, nginx logs to its built-in path unless told.
            .arg("-e")
            .arg(dir.path().join("error.log"))
            .args(["-g", "daemon off;"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("run nginx");
        let certificate = reqwest::Certificate::from_pem(&certificate).expect("certificate");
        let mut nginx = Self {
            child,
            dir,
            port,
            certificate,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return nginx;
            }
            if let Ok(Some(status)) = nginx.child.try_wait() {
                panic!("nginx exited ({status}): {}", nginx.log());
            }
            assert!(
                Instant::now() < deadline,
                "nginx did not start: {}",
                nginx.log()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The site's address: `https://partners.example.com:PORT`, also its `Origin`.
    pub fn site(&self) -> String {
        format!("https://{SITE}:{}", self.port)
    }

    /// A client with cookies that does not follow redirects, connecting from this loopback
    /// address to nginx under the site's name and trusting its certificate.
    pub fn client(&self, local: IpAddr) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .local_address(local)
            .resolve(SITE, SocketAddr::from(([127, 0, 0, 1], self.port)))
            .add_root_certificate(self.certificate.clone())
            .build()
            .expect("client")
    }

    /// nginx's error log so far.
    pub fn log(&self) -> String {
        let log = std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default();
        format!("nginx error log:\n{log}")
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
