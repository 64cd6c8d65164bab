// node:crypto in the engine window: the synchronous digests the engine keys its caches with (SHA-1 for
// views and features, SHA-256 for the base checksum) through @noble/hashes, and random bytes from Web Crypto.

import { sha1 } from '@noble/hashes/sha1';
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex } from '@noble/hashes/utils';

const ALGORITHMS = { sha1, sha256 } as const;

interface Hash {
  update(data: string | Uint8Array): Hash;
  digest(encoding: 'hex'): string;
}

export function createHash(algorithm: string): Hash {
  const hashFunction = ALGORITHMS[algorithm as keyof typeof ALGORITHMS];
  if (!hashFunction) throw new Error(`no ${algorithm} digest in the engine window`);
  const state = hashFunction.create();
  const hash: Hash = {
    update(data) {
      state.update(typeof data === 'string' ? new TextEncoder().encode(data) : data);
      return hash;
    },
    digest: () => bytesToHex(state.digest()),
  };
  return hash;
}

export function randomBytes(count: number): { toString(encoding: 'hex'): string } {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(count));
  return { toString: () => bytesToHex(bytes) };
}

export default { createHash, randomBytes };
