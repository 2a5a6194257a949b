import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { CardBrandMark, markOf } from './card-brand-mark.tsx';
import { FAVICON_PATH, registerFavicon } from './favicon.ts';
import { StepIndicator } from './step-indicator.tsx';

const STEPS = { method: 'Metodo', order: 'Ordine', card: 'Carta', authorization: 'Autorizzazione', result: 'Esito' };

describe('the step indicator', () => {
  it('is a named ordered list of the five steps, the current one marked aria-current="step", the ones before done', () => {
    const html = StepIndicator({ label: 'Passaggi del pagamento', steps: STEPS, current: 'card' }).toString();
    expect(html).toBe(
      '<nav class="steps" aria-label="Passaggi del pagamento"><ol class="steps-list">' +
        '<li class="step step-done">Metodo</li><li class="step step-done">Ordine</li>' +
        '<li class="step step-current" aria-current="step">Carta</li>' +
        '<li class="step">Autorizzazione</li><li class="step">Esito</li></ol></nav>',
    );
  });

  it('marks exactly one step current, whichever it is', () => {
    for (const current of ['method', 'order', 'card', 'authorization', 'result'] as const) {
      const html = StepIndicator({ label: 'Payment steps', steps: STEPS, current }).toString();
      expect(html.match(/aria-current="step"/g), current).toHaveLength(1);
      expect(html).toContain(`aria-current="step">${STEPS[current]}</li>`);
    }
  });
});

describe('card brand marks', () => {
  it('has a mark for Visa, Mastercard and American Express, and a generic one for any other brand', () => {
    expect(['visa', 'mastercard', 'amex', 'maestro', 'unknown'].map(markOf)).toEqual([
      'visa',
      'mastercard',
      'amex',
      'generic',
      'generic',
    ]);
  });

  it('is decorative inline SVG: hidden from assistive technology, not focusable, no inline style', () => {
    for (const brand of ['visa', 'mastercard', 'amex', 'maestro']) {
      const svg = CardBrandMark({ brand }).toString();
      expect(svg, brand).toMatch(/^<svg class="card-mark card-mark-\w+" viewBox="0 0 32 20"/);
      expect(svg, brand).toContain('aria-hidden="true"');
      expect(svg, brand).toContain('focusable="false"');
      expect(svg, brand).not.toMatch(/style=|<style|<script|href=/);
    }
  });
});

describe('the favicon', () => {
  it('is served as SVG at a content-named address, cached for a year', async () => {
    const app = Fastify();
    registerFavicon(app);
    expect(FAVICON_PATH).toMatch(/^\/assets\/favicon-[0-9a-f]{12}\.svg$/);
    const response = await app.inject({ method: 'GET', url: FAVICON_PATH });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('image/svg+xml');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.body).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(response.body).not.toMatch(/<script|style=/);
    await app.close();
  });
});
