/**
 * Workspace keys: a write key (ingest only, safe to ship in a browser or app, as Segment's is)
 * and a secret key (read and admin API, stored only as a hash).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newWriteKey(): string {
  return 'wk_' + randomBytes(18).toString('base64url');
}

export function newSecretKey(): string {
  return 'sk_' + randomBytes(24).toString('base64url');
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
