#!/usr/bin/python3
"""A local CA and one certificate per name, as ACME would leave them (full.pem, key.pem).

  local-ca.py '{"out": <dir>, "names": ["example.org", ...], "expired": ["example.org"]}'

Writes <out>/ca.pem and <out>/<name>/{full.pem,key.pem}. Names in "expired" get a certificate
that ended yesterday; the others are valid for 90 days. The CA (<out>/ca-key.pem) is made once
and kept, so certificates issued later chain to the same CA.
"""
import datetime
import json
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def private_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())


def new_ca(name, now):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=30)).not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def main():
    args = json.loads(sys.argv[1])
    out = Path(args["out"])
    now = datetime.datetime.now(datetime.timezone.utc)
    out.mkdir(parents=True, exist_ok=True)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "nixos-matrix test CA")])
    if (out / "ca-key.pem").exists():
        ca_key = serialization.load_pem_private_key((out / "ca-key.pem").read_bytes(), None)
        ca = x509.load_pem_x509_certificate((out / "ca.pem").read_bytes())
    else:
        ca_key, ca = new_ca(ca_name, now)
        (out / "ca-key.pem").write_bytes(private_pem(ca_key))
        (out / "ca.pem").write_bytes(pem(ca))
    for name in args["names"]:
        key = ec.generate_private_key(ec.SECP256R1())
        if name in args.get("expired", []):
            start, end = now - datetime.timedelta(days=91), now - datetime.timedelta(days=1)
        else:
            start, end = now - datetime.timedelta(days=1), now + datetime.timedelta(days=90)
        cert = (
            x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        target = out / name
        target.mkdir(parents=True, exist_ok=True)
        (target / "full.pem").write_bytes(pem(cert) + pem(ca))
        (target / "key.pem").write_bytes(private_pem(key))


if __name__ == "__main__":
    main()
