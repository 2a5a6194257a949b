import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { type BrandConfig, DEFAULT_PROVIDER_NAME } from '../../config.ts';

/** The brand when none is configured: the built-in name and blue (the stylesheet's own --brand). */
export const DEFAULT_BRAND: BrandConfig = { name: DEFAULT_PROVIDER_NAME, color: undefined, logoPath: undefined };

const BUILT_IN_BLUE = '#0b4f8a';
const MAX_LOGO_BYTES = 64 * 1024;

/** The built-in logo: a rounded square in the brand colour with a white seal mark (decorative, 32 × 32). */
export function builtInLogo(color: string = BUILT_IN_BLUE): string {
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32">' +
    `<rect width="32" height="32" rx="8" fill="${color}"/>` +
    '<path d="M16 6l8 3v6c0 5-3.4 9.4-8 11-4.6-1.6-8-6-8-11V9z" fill="none" stroke="#fff" stroke-width="2"/>' +
    '<path d="M12 16l3 3 5-6" fill="none" stroke="#fff" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>' +
    '</svg>'
  );
}

/** `#0b4f8a` → a darker shade of it (hover states): each channel at 75 %. */
export function darker(hex: string): string {
  const channel = (i: number) =>
    Math.round(Number.parseInt(hex.slice(i, i + 2), 16) * 0.75)
      .toString(16)
      .padStart(2, '0');
  return `#${channel(1)}${channel(3)}${channel(5)}`;
}

/** The stylesheet that puts the brand colour into cassa.css's variables (a file, not inline: the CSP forbids those). */
export function brandStylesheet(brand: BrandConfig): string {
  if (!brand.color) return '/* the built-in colours of cassa.css */\n';
  return `:root {\n  --brand: ${brand.color};\n  --brand-dark: ${darker(brand.color)};\n}\n`;
}

/** Reads and checks the configured logo once, at start: a missing or non-SVG file stops the app with its path. */
export function loadLogo(brand: BrandConfig): string {
  if (!brand.logoPath) return builtInLogo(brand.color);
  const svg = fs.readFileSync(brand.logoPath, 'utf8');
  if (svg.length > MAX_LOGO_BYTES || !/<svg[\s>]/i.test(svg)) {
    throw new Error(`PROVIDER_LOGO ${brand.logoPath} is not an SVG file of at most 64 KB`);
  }
  return svg;
}

/** `/assets/brand.css` and `/assets/logo.svg`, served like the static files (no session, cached for an hour). */
export function brandRoutes(brand: BrandConfig) {
  const css = brandStylesheet(brand);
  const logo = loadLogo(brand);
  return async (app: FastifyInstance) => {
    app.get('/assets/brand.css', async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css),
    );
    app.get('/assets/logo.svg', async (_request, reply) =>
      reply.type('image/svg+xml').header('cache-control', 'public, max-age=3600').send(logo),
    );
  };
}
