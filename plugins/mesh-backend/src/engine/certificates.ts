import { X509Certificate } from 'node:crypto';

/** Name of the ConfigMap Istio publishes its root certificate in, in every namespace. */
export const ROOT_CERT_CONFIGMAP = 'istio-ca-root-cert';
/** Its key. */
export const ROOT_CERT_KEY = 'root-cert.pem';

/** The facts the engine needs about one certificate. */
export interface CertificateFacts {
  /** SHA-256 fingerprint, colon-separated upper-case hex. */
  fingerprint: string;
  subject?: string;
  /** ISO 8601. */
  notAfter: string;
  notAfterMs: number;
}

const PEM_BLOCK =
  /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * Parses every certificate of a PEM bundle. Returns an error text instead of
 * throwing when the text holds no certificate or one cannot be parsed.
 */
export function parsePemBundle(pem: string): {
  certificates: CertificateFacts[];
  error?: string;
} {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0)
    return { certificates: [], error: 'no PEM certificate found' };
  const certificates: CertificateFacts[] = [];
  for (const block of blocks) {
    try {
      const cert = new X509Certificate(block);
      const notAfterMs = Date.parse(cert.validTo);
      if (Number.isNaN(notAfterMs)) {
        return { certificates, error: `unreadable expiry "${cert.validTo}"` };
      }
      certificates.push({
        fingerprint: cert.fingerprint256,
        subject: cert.subject.replace(/\n/g, ', ') || undefined,
        notAfter: new Date(notAfterMs).toISOString(),
        notAfterMs,
      });
    } catch (e) {
      return {
        certificates,
        error: `certificate cannot be parsed (${
          e instanceof Error ? e.message : 'unknown error'
        })`,
      };
    }
  }
  return { certificates };
}
