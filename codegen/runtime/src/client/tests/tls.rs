//! The default client's TLS provider against a rustls server offering everything, in memory:
//! it completes handshakes with the certificates and key exchanges AWS endpoints use, over
//! TLS 1.3 and 1.2, and fails cleanly on the ones it leaves out. Certificates are in `tls/`
//! (`make-certs.sh` writes them).

use std::sync::Arc;

use rustls::crypto::ring::{default_provider, kx_group};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use rustls::{
    ClientConfig, ClientConnection, ServerConfig, ServerConnection, SupportedProtocolVersion,
};

use super::super::tls::aws_provider;

/// The test CA and the leaf certificate and key it signed, for one key type.
fn certificates(
    alg: &str,
) -> (
    CertificateDer<'static>,
    CertificateDer<'static>,
    PrivateKeyDer<'static>,
) {
    let read = |name: &str| {
        let path = format!(
            "{}/src/client/tests/tls/{alg}-{name}.der",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    (
        CertificateDer::from(read("ca")),
        CertificateDer::from(read("leaf")),
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(read("leaf.key"))),
    )
}

/// A handshake between a client with [`aws_provider`] trusting `alg`'s CA and a server with
/// rustls's full provider, restricted to `version` and `kx`; the negotiated cipher suite and key
/// exchange group, or the first error.
fn handshake(
    alg: &str,
    version: &'static SupportedProtocolVersion,
    kx: Option<&'static dyn rustls::crypto::SupportedKxGroup>,
) -> Result<(rustls::CipherSuite, rustls::NamedGroup), rustls::Error> {
    let (ca, leaf, key) = certificates(alg);
    let mut roots = rustls::RootCertStore::empty();
    roots.add(ca).expect("test CA is a trust anchor");
    let client = ClientConfig::builder_with_provider(Arc::new(aws_provider()))
        .with_safe_default_protocol_versions()
        .expect("the provider supports TLS 1.3 and 1.2")
        .with_root_certificates(roots)
        .with_no_client_auth();
    let mut server_provider = default_provider();
    if let Some(kx) = kx {
        server_provider.kx_groups = vec![kx];
    }
    let server = ServerConfig::builder_with_provider(Arc::new(server_provider))
        .with_protocol_versions(&[version])
        .expect("rustls supports the version")
        .with_no_client_auth()
        .with_single_cert(vec![leaf], key)
        .expect("test key matches its certificate");
    let name = ServerName::try_from("localhost").expect("valid name");
    let mut client = ClientConnection::new(Arc::new(client), name)?;
    let mut server = ServerConnection::new(Arc::new(server))?;
    let mut wire = Vec::new();
    for _ in 0..10 {
        if !client.is_handshaking() && !server.is_handshaking() {
            break;
        }
        wire.clear();
        client.write_tls(&mut wire).expect("writes to memory");
        server
            .read_tls(&mut wire.as_slice())
            .expect("reads from memory");
        server.process_new_packets()?;
        wire.clear();
        server.write_tls(&mut wire).expect("writes to memory");
        client
            .read_tls(&mut wire.as_slice())
            .expect("reads from memory");
        client.process_new_packets()?;
    }
    assert!(!client.is_handshaking(), "{alg}: handshake did not finish");
    Ok((
        client
            .negotiated_cipher_suite()
            .expect("negotiated")
            .suite(),
        client
            .negotiated_key_exchange_group()
            .expect("negotiated")
            .name(),
    ))
}

#[test]
fn handshakes_with_rsa_and_ecdsa_certificates_over_tls_1_3_and_1_2() {
    for alg in ["rsa", "p256", "p384"] {
        for version in [&rustls::version::TLS13, &rustls::version::TLS12] {
            let (suite, group) =
                handshake(alg, version, None).unwrap_or_else(|e| panic!("{alg} {version:?}: {e}"));
            // The first of each kind the client offers.
            let expected = if version == &rustls::version::TLS13 {
                rustls::CipherSuite::TLS13_AES_128_GCM_SHA256
            } else if alg == "rsa" {
                rustls::CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
            } else {
                rustls::CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
            };
            assert_eq!(suite, expected, "{alg} {version:?}");
            assert_eq!(group, rustls::NamedGroup::secp256r1, "{alg} {version:?}");
        }
    }
}

#[test]
fn agrees_on_p384_when_the_server_only_has_it() {
    let (_, group) = handshake("rsa", &rustls::version::TLS13, Some(kx_group::SECP384R1))
        .expect("P-384 handshake");
    assert_eq!(group, rustls::NamedGroup::secp384r1);
}

#[test]
fn what_is_left_out_fails_the_handshake() {
    // No X25519 key exchange.
    let error = handshake("rsa", &rustls::version::TLS13, Some(kx_group::X25519))
        .expect_err("no common group");
    assert_eq!(
        error,
        rustls::Error::PeerIncompatible(rustls::PeerIncompatible::NoKxGroupsInCommon)
    );
    // No Ed25519 certificate: the client does not offer the scheme, so the server has no
    // certificate it may present.
    let error =
        handshake("ed25519", &rustls::version::TLS13, None).expect_err("Ed25519 is not accepted");
    assert_eq!(
        error,
        rustls::Error::PeerIncompatible(rustls::PeerIncompatible::NoSignatureSchemesInCommon)
    );
}
