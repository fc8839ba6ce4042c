//! HTTPS on the LAN (`IDV_TLS=lan`): the certificate the sandbox makes and keeps, and a real TLS
//! connection to the app served through `TlsListener`.

mod common;

use common::*;
use idv_sandbox::tls::{certificate, lan_ip, TlsListener};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;

fn names() -> Vec<String> {
    vec![
        "192.168.1.20".into(),
        "localhost".into(),
        "127.0.0.1".into(),
    ]
}

#[test]
fn the_certificate_is_kept_for_the_same_names_and_remade_for_others() {
    let dir = tempfile::tempdir().unwrap();
    let (first, _) = certificate(dir.path(), &names()).unwrap();
    let (again, _) = certificate(dir.path(), &names()).unwrap();
    assert_eq!(
        first, again,
        "a restart keeps the certificate the phone accepted"
    );
    let mut moved = names();
    moved[0] = "10.0.0.7".into();
    let (other, _) = certificate(dir.path(), &moved).unwrap();
    assert_ne!(first, other, "a new LAN address needs a new certificate");
}

#[test]
fn the_lan_address_is_never_loopback() {
    if let Some(ip) = lan_ip() {
        assert!(!ip.is_loopback() && !ip.is_unspecified(), "{ip}");
    }
}

#[tokio::test]
async fn the_app_and_api_answer_over_tls_with_their_headers() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = certificate(dir.path(), &names()).unwrap();
    let tcp = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = tcp.local_addr().unwrap();
    let listener = TlsListener::new(tcp, cert.clone(), key).unwrap();
    tokio::spawn(idv_sandbox::serve(listener, h.state.clone()));

    // A client that trusts exactly this certificate, as a phone does once it is accepted.
    let mut roots = RootCertStore::empty();
    roots.add(cert).unwrap();
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = TlsConnector::from(Arc::new(config));
    // A client that gives up mid-handshake does not stop the listener serving the next one.
    drop(TcpStream::connect(addr).await.unwrap());
    let tcp = TcpStream::connect(addr).await.unwrap();
    let mut tls = connector
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .expect("a TLS handshake with the sandbox's certificate");
    tls.write_all(
        b"GET /v1/client/preflight HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    )
    .await
    .unwrap();
    let mut answer = String::new();
    tls.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    let lower = answer.to_ascii_lowercase();
    assert!(lower.contains("content-security-policy:"), "{answer}");
    assert!(lower.contains("\"code\":\"unauthorized\""), "{answer}");
}
