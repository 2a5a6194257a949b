import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

interface AxeResult {
  violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }>;
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it stands and returns one line per violation, so that
 * `expect(...).toEqual([])` prints what is wrong. The page's context must allow the injected script (`bypassCSP`)
 * when the page has a strict CSP. `allow` names rules a page breaks on purpose (say why where you use it).
 */
export async function axeViolations(page: Page, options: { allow?: readonly string[] } = {}): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(
    "axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })",
  )) as AxeResult;
  return result.violations
    .filter((v) => !options.allow?.includes(v.id))
    .map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}
