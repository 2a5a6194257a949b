import type { CommandEvent, Report } from './commands.ts';

type Outcome = { ok: boolean; summary: string };

/** Runs a command inside the running server through its loopback admin endpoint, relaying its events as they come. */
export async function runRemoteCommand(
  adminPort: number,
  token: string,
  name: string,
  args: readonly string[],
  report: Report,
): Promise<Outcome> {
  const response = await fetch(`http://127.0.0.1:${adminPort}/commands/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ args }),
  });
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => ({}))) as { message?: string; error?: string };
    return { ok: false, summary: body.message ?? body.error ?? `admin endpoint answered ${response.status}` };
  }
  // Every command is safe to repeat (each step is idempotent), so a cut stream is told as such, not as a stack.
  const stopped: Outcome = {
    ok: false,
    summary: `the server stopped while running ${name}; run it again: it is safe to repeat`,
  };
  try {
    return (await relayEvents(response.body, report)) ?? stopped;
  } catch {
    return stopped;
  }
}

/** Reads the NDJSON stream of a command; undefined when it ended without the command's last word. */
async function relayEvents(body: ReadableStream<Uint8Array>, report: Report): Promise<Outcome | undefined> {
  let result: Outcome | undefined;
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const event = JSON.parse(buffer.slice(0, newline)) as CommandEvent;
      buffer = buffer.slice(newline + 1);
      if (event.type === 'done') result = { ok: true, summary: event.summary };
      else if (event.type === 'error') result = { ok: false, summary: event.message };
      else report(event);
      newline = buffer.indexOf('\n');
    }
  }
  return result;
}
