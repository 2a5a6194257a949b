import type { DeclineCode } from '../charges/decline-codes.ts';
import type { ThreeDsMethod } from '../db/schema.ts';
import type { CardNumber } from './card-number.ts';

/**
 * How each sandbox test card behaves (SPEC §5). The bank reads the real number from the vault and looks it up here;
 * any other valid number is challenged by SMS and approved.
 */
export interface CardBehaviour {
  /** How 3-D Secure goes for a customer-initiated payment. */
  threeDs: ThreeDsMethod;
  /** The issuer's answer once the cardholder is authenticated; undefined = approved. */
  authorizationDecline?: DeclineCode;
  /** The issuer's answer to later merchant-initiated charges; undefined = same as authorizationDecline. */
  merchantInitiatedDecline?: DeclineCode;
}

const TEST_CARDS: Readonly<Record<string, CardBehaviour>> = {
  '4242424242424242': { threeDs: 'sms' },
  '4000000000003220': { threeDs: 'app' },
  '5555555555554444': { threeDs: 'frictionless' },
  '4000000000009995': { threeDs: 'frictionless', authorizationDecline: 'insufficient_funds' },
  '4000000000000002': { threeDs: 'frictionless', authorizationDecline: 'do_not_honor' },
  '4000000000000069': { threeDs: 'frictionless', authorizationDecline: 'expired_card' },
  '4000000000000119': { threeDs: 'frictionless', authorizationDecline: 'processing_error' },
  '4000000000000341': { threeDs: 'frictionless', merchantInitiatedDecline: 'do_not_honor' },
  '4000002500003155': { threeDs: 'sms', merchantInitiatedDecline: 'authentication_required' },
};

const DEFAULT_BEHAVIOUR: CardBehaviour = { threeDs: 'sms' };

export function behaviourOf(number: CardNumber): CardBehaviour {
  return TEST_CARDS[number.reveal()] ?? DEFAULT_BEHAVIOUR;
}

/** The decline a merchant-initiated charge on this card gets, if any. */
export function merchantInitiatedDeclineOf(number: CardNumber): DeclineCode | undefined {
  const behaviour = behaviourOf(number);
  return behaviour.merchantInitiatedDecline ?? behaviour.authorizationDecline;
}
