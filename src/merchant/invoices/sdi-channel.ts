/**
 * The SdI port: how Cassa hands a FatturaPA file to the Sistema di Interscambio and learns what became of it, in two
 * verbs. The sandbox SdI (src/sdi-sandbox) is one adapter; a real intermediary (a PEC mailbox, an accredited SDICoop
 * or SFTP channel) would be another, with the same two verbs, so nothing outside the adapter knows how files travel.
 *
 * A fiscal document's transmission goes through these states, which only the notifications move:
 * - in attesa (`pending`): issued, its file not yet accepted by the channel (never sent, or a retryable failure);
 * - inviata (`sent`): the channel took the file and gave its identificativo SdI; no outcome yet (the SdI answers
 *   later: minutes, up to five days);
 * - consegnata (`delivered`): a `RC` ricevuta di consegna, or a `MC` mancata consegna — the file passed every check and
 *   the SdI could not reach the recipient, so it put the invoice in the recipient's reserved area: fiscally issued all
 *   the same, and the customer is told to look there;
 * - scartata (`rejected`): a `NS` notifica di scarto with the SdI's error codes; the file does not exist for the tax
 *   authority, and a corrected one (same number and date, a new file name) may be sent within five days.
 */

/** An error as the SdI lists it in a notifica di scarto: its five-digit code (e.g. "00305") and its text. */
export interface SdiError {
  code: string;
  message: string;
}

export interface SdiFile {
  /** `IT<partita IVA>_<progressivo>.xml` (fatturaPaFileName): the SdI refuses a name it has received before. */
  fileName: string;
  xml: string;
}

/**
 * What the channel said when handed a file. `retryable`: the same file may be sent again later as it is (the channel
 * was down or busy); otherwise sending it again cannot succeed (a file name already used, a file the channel refuses
 * outright), and the document needs a person or a new file.
 *
 * `earlier`, with `code` "00002" when the channel can tell: the file that already holds the name, and whether it is
 * byte for byte this one. A sender that crashed between sending and recording the answer sends again, is refused,
 * and learns here the identifier its first try got (`sameFile: true`), whose notifications are the document's.
 */
export type SdiTransmission =
  | { ok: true; sdiId: string; receivedAt: Date }
  | {
      ok: false;
      retryable: boolean;
      reason: string;
      code?: string;
      earlier?: { sdiId: string; sameFile: boolean };
    };

interface SdiNotificationBase {
  /** The identificativo SdI of the file it is about. */
  sdiId: string;
  /** The notification's own identifier (MessageId): a notification is recorded once by it, however often listed. */
  messageId: string;
  /** Its file name as the SdI names it: `<file name without .xml>_<kind>_<progressivo>.xml`. */
  fileName: string;
  issuedAt: Date;
  /** The notification as the SdI sends it (messaggi schema v1.x, root `RicevutaConsegna`, `NotificaScarto`, …). */
  xml: string;
}

/** A notification of the SdI about a file: `RC` ricevuta di consegna, `NS` notifica di scarto, `MC` mancata consegna. */
export type SdiNotification =
  | (SdiNotificationBase & { kind: 'RC'; deliveredAt: Date })
  | (SdiNotificationBase & { kind: 'NS'; errors: readonly SdiError[] })
  | (SdiNotificationBase & { kind: 'MC' });

export type SdiNotificationKind = SdiNotification['kind'];

export interface SdiChannel {
  /**
   * Hands the file to the SdI. Safe to call outside any transaction only: it may take seconds. Callers write that
   * they are sending before calling and record the identifier after, as for the bank.
   */
  transmit(file: SdiFile): Promise<SdiTransmission>;
  /**
   * Every notification the SdI has issued so far for the file of this identifier, oldest first: the same ones, with
   * the same message ids, each time it is asked; an empty list while the SdI has not answered yet.
   */
  notifications(sdiId: string): Promise<SdiNotification[]>;
}
