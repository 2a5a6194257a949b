import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The card vault's cipher: AES-256-GCM with a random 96-bit IV per value. The card token is bound as additional
 * authenticated data, so a ciphertext copied onto another card row fails to decrypt instead of charging the wrong card.
 * Stored form: `v1.<iv>.<tag>.<ciphertext>` in base64url.
 */
export interface Vault {
  encrypt(plaintext: string, boundTo: string): string;
  decrypt(stored: string, boundTo: string): string;
  /** A keyed hash for short secrets (OTP codes) so that a database dump cannot brute-force them offline. */
  keyedHash(purpose: string, value: string): string;
}

export const VAULT_KEY_BYTES = 32;

export function createVault(key: Buffer): Vault {
  if (key.length !== VAULT_KEY_BYTES) throw new Error(`vault key must be ${VAULT_KEY_BYTES} bytes`);
  // Separate keys per use, derived once, so the encryption key is never also used as an HMAC key.
  const encryptionKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'cassa-bank vault encryption', 32));
  const hashKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'cassa-bank keyed hash', 32));

  return {
    encrypt(plaintext, boundTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      cipher.setAAD(Buffer.from(boundTo, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ['v1', iv, tag, ciphertext]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    decrypt(stored, boundTo) {
      const [version, iv, tag, ciphertext] = stored.split('.');
      if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('unknown vault format');
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(boundTo, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    },
    keyedHash(purpose, value) {
      return createHmac('sha256', hashKey).update(`${purpose}\0${value}`, 'utf8').digest('hex');
    },
  };
}
