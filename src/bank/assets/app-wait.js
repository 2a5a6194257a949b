// The bank-app wait, with JavaScript: instead of reloading the page every 2 seconds (what <noscript> keeps for
// browsers without it), ask the bank quietly whether the cardholder answered, and when they have, say so in the
// page's live region (role="status") and then move on. Any failure just asks again at the next tick; the page's own
// "Aggiorna" link stays as the way forward by hand.
(() => {
  const POLL_MS = 2000;
  const ANNOUNCE_MS = 1500;
  const live = document.getElementById('approval-status');
  const statusUrl = live?.dataset.statusUrl;
  if (!live || !statusUrl) return;

  async function ask() {
    try {
      const response = await fetch(statusUrl, {
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
        cache: 'no-store',
      });
      const answer = response.ok ? await response.json() : undefined;
      if (answer?.state === 'moved' && typeof answer.next === 'string' && answer.next.startsWith('/pay/')) {
        live.textContent = String(answer.message ?? '');
        window.setTimeout(() => window.location.assign(answer.next), ANNOUNCE_MS);
        return;
      }
    } catch (error) {
      console.debug('approval status not reachable, asking again', error);
    }
    window.setTimeout(ask, POLL_MS);
  }

  window.setTimeout(ask, POLL_MS);
})();
