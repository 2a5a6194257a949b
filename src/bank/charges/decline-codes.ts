/**
 * The bank's decline codes. "hard" means retrying the same card cannot succeed (the merchant must not retry);
 * "soft" means a retry later, or with the customer present, may succeed.
 */
export const DECLINE_CODES = {
  do_not_honor: 'hard',
  expired_card: 'hard',
  stolen_card: 'hard',
  card_not_active: 'hard',
  insufficient_funds: 'soft',
  authentication_required: 'soft',
  processing_error: 'soft',
  authentication_failed: 'soft',
  authentication_expired: 'soft',
} as const satisfies Record<string, 'hard' | 'soft'>;

export type DeclineCode = keyof typeof DECLINE_CODES;
export type DeclineType = (typeof DECLINE_CODES)[DeclineCode];

export function declineType(code: DeclineCode): DeclineType {
  return DECLINE_CODES[code];
}

export function isDeclineCode(value: string | null): value is DeclineCode {
  return value !== null && Object.hasOwn(DECLINE_CODES, value);
}
