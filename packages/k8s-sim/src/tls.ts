import { generate } from 'selfsigned';

/** A certificate and key for serving HTTPS on loopback. */
export interface LoopbackCertificate {
  /** PEM certificate; clients may trust it as their CA (`certificate-authority-data`). */
  cert: string;
  /** PEM private key. */
  key: string;
}

/**
 * Creates a self-signed certificate for `127.0.0.1`, `::1` and `localhost`,
 * held only in memory, so clients that send bearer tokens only over TLS
 * (kubectl, client-go) can be exercised against the simulator.
 */
export function createLoopbackCertificate(): LoopbackCertificate {
  const result = generate([{ name: 'commonName', value: 'k8s-sim' }], {
    keySize: 2048,
    days: 365,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      {
        name: 'keyUsage',
        keyCertSign: true,
        digitalSignature: true,
        keyEncipherment: true,
      },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { cert: result.cert, key: result.private };
}
