/**
 * Customer ids that sort by creation time, so "the oldest customer" of a merge is the smallest id:
 * `cus_` + 9 base-36 digits of milliseconds + a per-process counter + random tail.
 */
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

export function newCustomerId(): string {
  const ms = Date.now();
  if (ms === lastMs) counter++;
  else {
    lastMs = ms;
    counter = 0;
  }
  return `cus_${ms.toString(36).padStart(9, '0')}${counter.toString(36).padStart(4, '0')}${randomBytes(3).toString('hex')}`;
}
