// A self-signed certificate for the demo hall (and tests): `openssl req -x509` (node:crypto
// cannot make X.509 certificates). The SHA-256 fingerprint is what counters pin at enrollment.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CertPair {
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
  fingerprint: string;
}

export function makeSelfSignedCert(dir: string, names: string[] = ['localhost', '127.0.0.1']): CertPair {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const certFile = join(dir, 'hall-cert.pem');
  const keyFile = join(dir, 'hall-key.pem');
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    const san = names.map((n) => (/^[\d.]+$/.test(n) || n.includes(':') ? `IP:${n}` : `DNS:${n}`)).join(',');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '825',
        '-subj',
        '/CN=hall-counter-demo',
        '-addext',
        `subjectAltName=${san}`,
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'pipe' },
    );
    chmodSync(keyFile, 0o600);
  }
  const cert = readFileSync(certFile, 'utf8');
  return { certFile, keyFile, cert, key: readFileSync(keyFile, 'utf8'), fingerprint: new X509Certificate(cert).fingerprint256 };
}
