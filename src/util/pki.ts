/**
 * The cluster's own certificate authority and the apiserver's serving certificate
 * (ECDSA P-256, via @peculiar/x509 on WebCrypto). kubectl only sends bearer tokens
 * over TLS, so `rk up` always serves HTTPS with these, and puts the CA into the
 * kubeconfig. Created once per data directory and reused.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(globalThis.crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

/** PEM material the apiserver and its clients need. */
export interface ClusterPki {
  caPem: string;
  certPem: string;
  keyPem: string;
  caFile: string;
}

async function keyToPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await globalThis.crypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

function serial(): string {
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');
}

/** Subject alternative names the serving certificate covers: loopback, this host, and the bind address. */
export function servingNames(bindHost: string): { type: 'ip' | 'dns'; value: string }[] {
  const names: { type: 'ip' | 'dns'; value: string }[] = [
    { type: 'ip', value: '127.0.0.1' }, { type: 'ip', value: '::1' }, { type: 'dns', value: 'localhost' }, { type: 'dns', value: hostname() },
  ];
  if (bindHost && bindHost !== '0.0.0.0' && bindHost !== '::' && !names.some((n) => n.value === bindHost)) {
    names.push({ type: isIP(bindHost) ? 'ip' : 'dns', value: bindHost });
  }
  return names;
}

/** Loads DIR/pki, or creates a CA and a serving certificate there. */
export async function ensureClusterPki(dir: string, bindHost = '127.0.0.1', extraNames: string[] = []): Promise<ClusterPki> {
  const pki = join(dir, 'pki');
  const files = { ca: join(pki, 'ca.crt'), cert: join(pki, 'apiserver.crt'), key: join(pki, 'apiserver.key') };
  if (existsSync(files.ca) && existsSync(files.cert) && existsSync(files.key)) {
    return { caPem: readFileSync(files.ca, 'utf8'), certPem: readFileSync(files.cert, 'utf8'), keyPem: readFileSync(files.key, 'utf8'), caFile: files.ca };
  }
  mkdirSync(pki, { recursive: true, mode: 0o700 });
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + TEN_YEARS_MS);
  const caKeys = await globalThis.crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name: 'CN=redkube-ca', notBefore, notAfter, signingAlgorithm: ALG, keys: caKeys,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  const keys = await globalThis.crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const names = [...servingNames(bindHost), ...extraNames.map((v) => ({ type: (isIP(v) ? 'ip' : 'dns') as 'ip' | 'dns', value: v }))];
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject: 'CN=redkube-apiserver', issuer: ca.subject, notBefore, notAfter, signingAlgorithm: ALG,
    publicKey: keys.publicKey, signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
    ],
  });
  const out: ClusterPki = { caPem: ca.toString('pem') + '\n', certPem: cert.toString('pem') + '\n', keyPem: await keyToPem(keys.privateKey), caFile: files.ca };
  writeFileSync(files.ca, out.caPem);
  writeFileSync(files.cert, out.certPem);
  writeFileSync(files.key, out.keyPem, { mode: 0o600 });
  return out;
}
