import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The phone width every page must fit without scrolling sideways (a small Android phone). */
export const PHONE_VIEWPORT = { width: 360, height: 740 } as const;

/**
 * What sticks out sideways on the page as it stands: the document wider than the window, and every visible element
 * wider than the viewport or reaching past its right edge, described as `tag.class#id "text…" (right edge px)`.
 * Elements parked off-screen to the left on purpose (the skip link) cannot make a page scroll and are not counted;
 * an element that only overflows inside a box that clips it is not counted either.
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return (await page.evaluate(FIND_OVERFLOW)) as string[];
}

// Runs in the page (the project compiles without the DOM's types, so it is written as the page's own script).
const FIND_OVERFLOW = `(() => {
  const width = window.innerWidth;
  const problems = [];
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth > width) problems.push('the page is ' + scrollWidth + 'px wide in a ' + width + 'px window');
  const clipped = (element) => {
    for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
      const overflowX = getComputedStyle(parent).overflowX;
      if ((overflowX === 'hidden' || overflowX === 'clip') && parent.getBoundingClientRect().right <= width + 0.5) {
        return true;
      }
    }
    return false;
  };
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    if ((box.width <= width + 0.5 && box.right <= width + 0.5) || clipped(element)) continue;
    const name = element.tagName.toLowerCase() +
      (element.classList.length ? '.' + [...element.classList].join('.') : '') +
      (element.id ? '#' + element.id : '');
    const text = (element.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 40);
    problems.push(name + ' "' + text + '" (' + Math.round(box.width) + 'px wide, right edge at ' +
      Math.round(box.right) + 'px)');
  }
  return problems;
})()`;

/**
 * Fails the test when the page scrolls sideways: `document.documentElement.scrollWidth <= innerWidth` and no element
 * wider than the viewport. Reusable on any page: `await expectNoHorizontalOverflow(page, 'card choice')`.
 */
export async function expectNoHorizontalOverflow(page: Page, name = page.url()): Promise<void> {
  expect(await horizontalOverflow(page), `${name} (${page.url()}) overflows sideways`).toEqual([]);
}
