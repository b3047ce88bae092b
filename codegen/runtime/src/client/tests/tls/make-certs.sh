#!/bin/sh
# Writes the certificates the TLS tests use (`../tls.rs`): for each key type, a CA and a
# certificate for `localhost` it signed, valid for 100 years, in DER, with the leaf's PKCS #8
# key. Test data only: these keys protect nothing. Run it here to make new ones.
set -eu
days=36500
for alg in rsa p256 p384 ed25519; do
    case $alg in
        rsa) gen="-algorithm RSA -pkeyopt rsa_keygen_bits:2048" ;;
        p256) gen="-algorithm EC -pkeyopt ec_paramgen_curve:P-256" ;;
        p384) gen="-algorithm EC -pkeyopt ec_paramgen_curve:P-384" ;;
        ed25519) gen="-algorithm ED25519" ;;
    esac
    tmp=$(mktemp -d)
    # shellcheck disable=SC2086
    openssl genpkey $gen -out "$tmp/ca.key"
    # shellcheck disable=SC2086
    openssl genpkey $gen -out "$tmp/leaf.key"
    openssl req -x509 -new -key "$tmp/ca.key" -subj "/CN=lean-aws test CA $alg" -days $days \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign \
        -outform DER -out "$alg-ca.der"
    openssl req -new -key "$tmp/leaf.key" -subj "/CN=localhost" -out "$tmp/leaf.csr"
    printf 'basicConstraints=CA:FALSE\nsubjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n' \
        > "$tmp/ext"
    openssl x509 -req -in "$tmp/leaf.csr" -CA "$alg-ca.der" -CAform DER -CAkey "$tmp/ca.key" \
        -days $days -extfile "$tmp/ext" -set_serial 1 -outform DER -out "$alg-leaf.der"
    openssl pkcs8 -topk8 -nocrypt -in "$tmp/leaf.key" -outform DER -out "$alg-leaf.key.der"
    rm -r "$tmp"
done
