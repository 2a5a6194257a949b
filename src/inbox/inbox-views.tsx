import { type Child, raw, type SafeHtml } from '../shared/html/jsx-runtime.ts';
import type { InboxMessage } from './inbox-store.ts';

function Page(props: { title: string; children?: Child }): SafeHtml {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <title>{`${props.title} · Cassa mail inbox`}</title>
          <link rel="stylesheet" href="/inbox.css" />
        </head>
        <body>
          <p class="sandbox-banner" lang="it">
            Ambiente di prova <span lang="en">· Test environment: not a real mailbox.</span>
          </p>
          <header>
            <a href="/">Cassa mail inbox</a>
            <span>Every email Cassa sends arrives here (SMTP on localhost). Nothing leaves this machine.</span>
          </header>
          <main>{props.children}</main>
        </body>
      </html>
    </>
  );
}

const time = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Europe/Rome' });

export function ListPage(props: { messages: InboxMessage[] }): SafeHtml {
  return (
    <Page title="Messages">
      <h1>Messages ({props.messages.length})</h1>
      {props.messages.length === 0 ? (
        <p>No messages yet.</p>
      ) : (
        <>
          <table>
            <caption>Newest first</caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
              </tr>
            </thead>
            <tbody>
              {props.messages.map((message) => (
                <tr>
                  <td>{time.format(new Date(message.receivedAt))}</td>
                  <td>{message.from}</td>
                  <td>{message.to.join(', ')}</td>
                  <td>
                    <a href={`/messages/${message.id}`}>{message.subject || '(no subject)'}</a>
                    {message.deliveries > 1 ? ` (delivered ${message.deliveries} times, same Message-ID)` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <form method="post" action="/clear">
            <button type="submit">Delete all messages</button>
          </form>
        </>
      )}
    </Page>
  );
}

export function MessagePage(props: { message: InboxMessage; raw: string }): SafeHtml {
  const { message } = props;
  return (
    <Page title={message.subject}>
      <p>
        <a href="/">← All messages</a>
      </p>
      <h1>{message.subject || '(no subject)'}</h1>
      <dl>
        <dt>From</dt>
        <dd>{message.from}</dd>
        <dt>To</dt>
        <dd>{message.to.join(', ')}</dd>
        <dt>Date</dt>
        <dd>{time.format(new Date(message.date))}</dd>
        <dt>Message-ID</dt>
        <dd>
          {message.messageId ?? '(none)'}
          {message.deliveries > 1 ? ` — delivered ${message.deliveries} times, kept once` : ''}
        </dd>
      </dl>
      <section aria-labelledby="html-view">
        <h2 id="html-view">HTML</h2>
        {message.html === null ? (
          <p>This message has no HTML part.</p>
        ) : (
          // No allow-scripts, no allow-same-origin: the message's HTML runs nothing and reaches nothing of ours.
          <iframe title="HTML view" sandbox="" src={`/messages/${message.id}/html`} />
        )}
      </section>
      <section aria-labelledby="text-view">
        <h2 id="text-view">Text</h2>
        <pre>{message.text}</pre>
      </section>
      <section aria-labelledby="headers-view">
        <h2 id="headers-view">Headers</h2>
        <table>
          <tbody>
            {message.headers.map(([name, value]) => (
              <tr>
                <th scope="row">{name}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="raw-view">
        <h2 id="raw-view">Raw source</h2>
        <p>
          <a href={`/messages/${message.id}/raw`}>Download .eml</a>
        </p>
        <pre>{props.raw}</pre>
      </section>
    </Page>
  );
}

export function NotFoundPage(): SafeHtml {
  return (
    <Page title="Not found">
      <h1>Message not found</h1>
      <p>
        <a href="/">All messages</a>
      </p>
    </Page>
  );
}

export const INBOX_CSS = `
body { margin: 0; font: 15px/1.45 system-ui, sans-serif; color: #1b1f24; background: #fff; }
header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: baseline; padding: .75rem 1rem; background: #0b3d6e; color: #fff; }
header a { color: #fff; font-weight: 700; text-decoration: none; }
.sandbox-banner { margin: 0; padding: .4rem 1rem; background: #fff3c4; color: #4a3800; border-bottom: 1px solid #d9b84a; text-align: center; font-size: .875rem; font-weight: 600; }
main { padding: 1rem; max-width: 72rem; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
caption { text-align: left; color: #4a5560; padding-bottom: .25rem; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #d5dbe1; padding: .35rem .5rem; overflow-wrap: anywhere; }
a { color: #0b57a4; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
iframe { width: 100%; height: 40rem; border: 1px solid #d5dbe1; background: #fff; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f6f8; padding: .75rem; border: 1px solid #d5dbe1; }
button { font: inherit; padding: .4rem .9rem; }
`;
