//! HTTPS for trying the app on a real phone: browsers allow the camera only in a secure
//! context, so a phone on the LAN cannot use `http://192.168.…`. The sandbox makes itself a
//! certificate (kept in its data directory, so the phone's one-time "accept this certificate"
//! holds across restarts) for its LAN address, `localhost` and `127.0.0.1`, and serves TLS.

use std::io;
use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

pub(crate) const CERT_FILE: &str = "tls-cert.der";
pub(crate) const KEY_FILE: &str = "tls-key.der";
pub(crate) const NAMES_FILE: &str = "tls-names.txt";
/// A client that does not finish its handshake in this time is dropped.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("cannot keep the certificate in {0}: {1}")]
    Store(String, io::Error),
    #[error("cannot make a certificate: {0}")]
    Generate(String),
    #[error("the certificate does not load: {0}")]
    Config(String),
}

/// This machine's address on its LAN: the source address of a route to the outside (a UDP
/// "connection" sends nothing). `None` without a network.
pub fn lan_ip() -> Option<IpAddr> {
    let socket = UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:80").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// The certificate and key for `names` (DNS names or IP addresses): the ones kept in `dir` when
/// they were made for exactly these names, else new ones, kept for next time.
pub fn certificate(
    dir: &Path,
    names: &[String],
) -> Result<(CertificateDer<'static>, PrivateKeyDer<'static>), TlsError> {
    let store = |e| TlsError::Store(dir.display().to_string(), e);
    let wanted = names.join("\n");
    let (cert_path, key_path, names_path) = (
        dir.join(CERT_FILE),
        dir.join(KEY_FILE),
        dir.join(NAMES_FILE),
    );
    if std::fs::read_to_string(&names_path).ok().as_deref() == Some(wanted.as_str()) {
        if let (Ok(cert), Ok(key)) = (std::fs::read(&cert_path), std::fs::read(&key_path)) {
            return Ok((
                CertificateDer::from(cert),
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key)),
            ));
        }
    }
    let made = rcgen::generate_simple_self_signed(names.to_vec())
        .map_err(|e| TlsError::Generate(e.to_string()))?;
    let cert = made.cert.der().to_vec();
    let key = made.signing_key.serialize_der();
    crate::private::create_dir(dir).map_err(store)?;
    crate::private::write(&cert_path, &cert).map_err(store)?;
    crate::private::write(&key_path, key.as_slice()).map_err(store)?;
    crate::private::write(&names_path, wanted.as_bytes()).map_err(store)?;
    Ok((
        CertificateDer::from(cert),
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key)),
    ))
}

/// A TCP listener whose connections are TLS. Handshakes run in their own tasks, so one slow
/// or broken client never holds up the others.
pub struct TlsListener {
    accepted: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local: SocketAddr,
}

impl TlsListener {
    pub fn new(
        tcp: TcpListener,
        cert: CertificateDer<'static>,
        key: PrivateKeyDer<'static>,
    ) -> Result<TlsListener, TlsError> {
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| TlsError::Config(e.to_string()))?
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .map_err(|e| TlsError::Config(e.to_string()))?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let local = tcp
            .local_addr()
            .map_err(|e| TlsError::Config(e.to_string()))?;
        let (tx, accepted) = mpsc::channel(64);
        tokio::spawn(async move {
            loop {
                let (stream, addr) = match tcp.accept().await {
                    Ok(c) => c,
                    Err(e) => {
                        tracing::warn!("accept: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let (acceptor, tx) = (acceptor.clone(), tx.clone());
                tokio::spawn(async move {
                    match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                        Ok(Ok(tls)) => {
                            let _ = tx.send((tls, addr)).await;
                        }
                        // Most often a browser that has not accepted the certificate yet.
                        Ok(Err(e)) => tracing::debug!(%addr, "TLS handshake refused: {e}"),
                        Err(_) => tracing::debug!(%addr, "TLS handshake timed out"),
                    }
                });
            }
        });
        Ok(TlsListener { accepted, local })
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.accepted.recv().await {
            Some(connection) => connection,
            // The accept task never ends while the listener lives.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        Ok(self.local)
    }
}
