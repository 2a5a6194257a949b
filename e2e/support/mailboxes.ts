/** What a test reads of the sandbox's phone (the bank's /sms.json) and of the built-in mail inbox (/api/messages). */

export interface InboxMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** The 6-digit code of the SMS the bank sent for a payment session ('' when there is none). */
export async function otpFor(bankUrl: string, sessionId: string): Promise<string> {
  const messages = (await (await fetch(`${bankUrl}/sms.json`)).json()) as {
    text: string;
    payment_session_id: string;
  }[];
  const message = messages.find((m) => m.payment_session_id === sessionId);
  return /\b(\d{6})\b/.exec(message?.text ?? '')?.[1] ?? '';
}

/** The inbox's messages to one address, newest first. */
export async function messagesTo(inboxUrl: string | undefined, address: string): Promise<InboxMessage[]> {
  if (!inboxUrl) throw new Error('the built-in mail inbox is not running');
  const messages = (await (await fetch(`${inboxUrl}/api/messages`)).json()) as InboxMessage[];
  return messages.filter((m) => m.to.includes(address));
}
