import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import WebSocket from 'ws';
import type { ProtocolError } from '../core/protocol/messages.js';

/** The slice of cytoscape these helpers read; this file compiles without DOM or cytoscape types. */
interface GraphNode {
  data(key: string): unknown;
  renderedPosition(): { x: number; y: number };
  renderedBoundingBox(o?: object): { x1: number; y1: number; x2: number; y2: number };
}
interface Graph {
  nodes(selector?: string): { toArray(): GraphNode[] };
  container(): { getBoundingClientRect(): { left: number; top: number } } | null;
}
type Page$ = { netloomGraph?: Graph };

/**
 * Where a node is drawn, in page coordinates, from `window.netloomGraph`: a container or
 * endpoint at its centre, a network box a little inside its top edge (its middle may be
 * an endpoint).
 */
export async function graphPoint(
  page: Page,
  which: { kind: string; label: string },
): Promise<{ x: number; y: number }> {
  await page.waitForFunction(
    (w) =>
      ((globalThis as Page$).netloomGraph?.nodes(`[kind = "${w.kind}"]`).toArray() ?? []).some(
        (n) => String(n.data('label')).split('\n')[0] === w.label,
      ),
    which,
    { timeout: 20_000 },
  );
  // Let an animation or a late layout settle before aiming.
  await page.waitForTimeout(600);
  return page.evaluate((w) => {
    const cy = (globalThis as Page$).netloomGraph as Graph;
    const n = cy
      .nodes(`[kind = "${w.kind}"]`)
      .toArray()
      .find((x) => String(x.data('label')).split('\n')[0] === w.label) as GraphNode;
    const r = cy.container()?.getBoundingClientRect() ?? { left: 0, top: 0 };
    if (w.kind === 'network') {
      const b = n.renderedBoundingBox({ includeLabels: false });
      return { x: r.left + (b.x1 + b.x2) / 2, y: r.top + b.y1 + 6 };
    }
    const p = n.renderedPosition();
    return { x: r.left + p.x, y: r.top + p.y };
  }, which);
}

export async function openMenuOn(page: Page, which: { kind: string; label: string }): Promise<void> {
  const at = await graphPoint(page, which);
  await page.mouse.click(at.x, at.y, { button: 'right' });
  await page.getByTestId('context-menu').waitFor();
}

export async function pickMenu(page: Page, name: string): Promise<void> {
  await page.getByRole('menuitem', { name, exact: true }).click();
}

/** A TCP port nothing listens on right now, from the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/** One request over serve's WebSocket, as an outside script would send it. */
export async function protocolRequest(
  pageUrl: string,
  method: string,
  params: unknown,
): Promise<{ ok: true; result: unknown } | { ok: false; error: ProtocolError }> {
  const u = new URL(pageUrl);
  const ws = new WebSocket(`ws://${u.host}/ws?token=${u.searchParams.get('token') ?? ''}`, { origin: u.origin });
  try {
    return await new Promise((resolve, reject) => {
      ws.on('error', reject);
      ws.on('message', (raw) => {
        const m = JSON.parse(String(raw)) as {
          type: string;
          id?: number;
          ok?: boolean;
          result?: unknown;
          error?: ProtocolError;
        };
        if (m.type === 'hello') ws.send(JSON.stringify({ type: 'request', id: 1, method, params }));
        if (m.type === 'response' && m.id === 1)
          resolve(m.ok ? { ok: true, result: m.result } : { ok: false, error: m.error as ProtocolError });
      });
    });
  } finally {
    ws.close();
  }
}

interface FocusDocument {
  document: { activeElement: { textContent: string | null; closest(selector: string): unknown } | null };
}

/** The text of what has the keyboard focus. */
export const focusedText = (page: Page): Promise<string | null> =>
  page.evaluate(() => (globalThis as unknown as FocusDocument).document.activeElement?.textContent ?? null);

/** Whether the keyboard focus is inside the element a selector finds. */
export const focusInside = (page: Page, selector: string): Promise<boolean> =>
  page.evaluate(
    (sel) => ((globalThis as unknown as FocusDocument).document.activeElement?.closest(sel) ?? null) !== null,
    selector,
  );
