import type { CardRow } from '../db/schema.ts';
import { CardNumber } from './card-number.ts';
import type { Vault } from './vault.ts';

/** The card's number out of the vault, still wrapped; undefined once the number has been erased. */
export function revealCardNumber(
  vault: Vault,
  card: Pick<CardRow, 'token' | 'pan_ciphertext'>,
): CardNumber | undefined {
  if (!card.pan_ciphertext) return undefined;
  return CardNumber.parse(vault.decrypt(card.pan_ciphertext, card.token));
}

export function encryptCardNumber(vault: Vault, token: string, number: CardNumber): string {
  return vault.encrypt(number.reveal(), token);
}

/**
 * A stable, keyed fingerprint of a card number: the same card typed into two payments is recognised (the per-card OTP
 * limit) while a database dump reveals nothing without the vault key.
 */
export function cardFingerprint(vault: Vault, number: CardNumber): string {
  return vault.keyedHash('card-fingerprint', number.reveal());
}
