import { inspect } from 'node:util';

/**
 * A full card number (PAN), wrapped so that it cannot reach a log, a template or a JSON body by accident:
 * string conversion, JSON and `util.inspect` (which pino and console use) all give the masked form.
 * Only {@link CardNumber.reveal} gives the digits, for the vault, the Luhn check and the test-card table.
 */
export class CardNumber {
  readonly #digits: string;

  private constructor(digits: string) {
    this.#digits = digits;
  }

  /** Digits only; spaces and dashes typed by a person are removed. Undefined when anything else is present. */
  static parse(input: string): CardNumber | undefined {
    const digits = input.replace(/[\s-]/g, '');
    if (!/^\d+$/.test(digits)) return undefined;
    return new CardNumber(digits);
  }

  get length(): number {
    return this.#digits.length;
  }

  get last4(): string {
    return this.#digits.slice(-4);
  }

  /** The first digits, used only to recognise the brand (never logged). */
  startsWith(prefix: string): boolean {
    return this.#digits.startsWith(prefix);
  }

  prefixNumber(length: number): number {
    return Number(this.#digits.slice(0, length));
  }

  reveal(): string {
    return this.#digits;
  }

  masked(): string {
    return maskLast4(this.last4);
  }

  toString(): string {
    return this.masked();
  }

  toJSON(): string {
    return this.masked();
  }

  [inspect.custom](): string {
    return `CardNumber(${this.masked()})`;
  }
}

/** "•••• 4242": the only form of a card number shown to people and written to logs. */
export function maskLast4(last4: string): string {
  return `•••• ${last4}`;
}
