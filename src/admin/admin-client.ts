import type { CommandEvent, Report } from './commands.ts';

/** Runs a command inside the running server through its loopback admin endpoint, relaying its events as they come. */
export async function runRemoteCommand(
  adminPort: number,
  token: string,
  name: string,
  args: readonly string[],
  report: Report,
): Promise<{ ok: boolean; summary: string }> {
  const response = await fetch(`http://127.0.0.1:${adminPort}/commands/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ args }),
  });
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => ({}))) as { message?: string; error?: string };
    return { ok: false, summary: body.message ?? body.error ?? `admin endpoint answered ${response.status}` };
  }
  let result = { ok: false, summary: 'the server closed the connection before the command finished' };
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
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
