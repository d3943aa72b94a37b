import type { Core } from 'cytoscape';
import { PALETTES } from '../../assets/palette.js';
import type { ThemeName } from '../store/types.js';

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * A small picture of the whole graph with the part in view marked, shown while some of
 * the graph is out of view: boxes as outlines, nodes as dots, the viewport as a frame.
 * Pressing or dragging on it moves the view there. It is drawn from positions (no label
 * pass), once per layout change; moving the view only redraws the frame.
 */
export class Minimap {
  private base: Box | null = null;
  private scale = 1;
  private offset = { x: 0, y: 0 };
  private snapshot: ImageData | null = null;
  private pending: ReturnType<typeof setTimeout> | null = null;
  private frame = 0;
  private readonly off: (() => void)[] = [];

  constructor(
    private readonly cy: Core,
    private readonly canvas: HTMLCanvasElement,
    private readonly theme: () => ThemeName,
  ) {
    const redraw = (): void => this.schedule();
    const moved = (): void => this.drawFrame();
    cy.on('add remove position layoutstop resize', redraw);
    cy.on('viewport', moved);
    this.off.push(
      () => cy.off('add remove position layoutstop resize', redraw),
      () => cy.off('viewport', moved),
    );
    const go = (ev: PointerEvent): void => {
      if (ev.type !== 'pointerdown' && (ev.buttons & 1) === 0) return;
      ev.preventDefault();
      const r = canvas.getBoundingClientRect();
      const mx = (ev.clientX - r.left - this.offset.x) / this.scale;
      const my = (ev.clientY - r.top - this.offset.y) / this.scale;
      const z = cy.zoom();
      cy.pan({ x: cy.width() / 2 - mx * z, y: cy.height() / 2 - my * z });
      cy.emit('dragpan');
    };
    canvas.addEventListener('pointerdown', go);
    canvas.addEventListener('pointermove', go);
    this.off.push(
      () => canvas.removeEventListener('pointerdown', go),
      () => canvas.removeEventListener('pointermove', go),
    );
    this.schedule();
  }

  destroy(): void {
    for (const f of this.off) f();
    if (this.pending) clearTimeout(this.pending);
    if (this.frame) cancelAnimationFrame(this.frame);
  }

  /** Whether the minimap is showing (some of the graph is out of view). */
  get shown(): boolean {
    return !this.canvas.hidden;
  }

  schedule(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      if (!this.cy.destroyed()) this.drawBase();
    }, 120);
  }

  private drawBase(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const nodes = this.cy.nodes().not('.removed');
    if (nodes.empty()) {
      this.base = null;
      this.canvas.hidden = true;
      return;
    }
    let b: Box = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
    const dark = this.theme() === 'dark';
    const plain: { x: number; y: number; kind: string; color: string | null }[] = [];
    nodes.forEach((n) => {
      if (n.isParent()) return;
      const p = n.position();
      b = { x1: Math.min(b.x1, p.x), y1: Math.min(b.y1, p.y), x2: Math.max(b.x2, p.x), y2: Math.max(b.y2, p.y) };
      const color = (n.data(dark ? 'colorDark' : 'color') as string | null) ?? null;
      plain.push({ x: p.x, y: p.y, kind: String(n.data('kind')), color });
    });
    const pad = 40;
    b = { x1: b.x1 - pad, y1: b.y1 - pad, x2: b.x2 + pad, y2: b.y2 + pad };
    this.base = b;
    const w = this.canvas.clientWidth || 200;
    const h = this.canvas.clientHeight || 130;
    const ratio = globalThis.devicePixelRatio || 1;
    this.canvas.width = Math.round(w * ratio);
    this.canvas.height = Math.round(h * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    this.scale = Math.min(w / (b.x2 - b.x1), h / (b.y2 - b.y1));
    this.offset = {
      x: (w - (b.x2 - b.x1) * this.scale) / 2 - b.x1 * this.scale,
      y: (h - (b.y2 - b.y1) * this.scale) / 2 - b.y1 * this.scale,
    };
    const p = PALETTES[this.theme()];
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = p.background;
    ctx.fillRect(0, 0, w, h);
    // Boxes from their children's places: the compounds' own bounds would walk every label.
    ctx.strokeStyle = p.neutral;
    ctx.lineWidth = 1;
    nodes.forEach((n) => {
      if (!n.isParent()) return;
      let x1 = Infinity;
      let y1 = Infinity;
      let x2 = -Infinity;
      let y2 = -Infinity;
      n.descendants().forEach((d) => {
        if (d.isParent()) return;
        const q = d.position();
        x1 = Math.min(x1, q.x);
        y1 = Math.min(y1, q.y);
        x2 = Math.max(x2, q.x);
        y2 = Math.max(y2, q.y);
      });
      if (!Number.isFinite(x1)) return;
      ctx.strokeRect(this.x(x1) - 2, this.y(y1) - 2, (x2 - x1) * this.scale + 4, (y2 - y1) * this.scale + 4);
    });
    for (const n of plain) {
      const big = n.kind === 'cluster' || n.kind === 'container' || n.kind === 'port';
      ctx.fillStyle = n.kind === 'port' ? p.dnat : (n.color ?? p.muted);
      const s = big ? 3 : 2;
      ctx.fillRect(this.x(n.x) - s / 2, this.y(n.y) - s / 2, s, s);
    }
    this.snapshot = ctx.getImageData(0, 0, this.canvas.width, this.canvas.height);
    this.drawFrame();
  }

  private x(v: number): number {
    return v * this.scale + this.offset.x;
  }

  private y(v: number): number {
    return v * this.scale + this.offset.y;
  }

  /** The frame of the part in view; the minimap shows only while something is out of it. */
  private drawFrame(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const ctx = this.canvas.getContext('2d');
      const b = this.base;
      if (!ctx || !b || !this.snapshot) return;
      const e = this.cy.extent();
      const outside = b.x1 + 30 < e.x1 || b.y1 + 30 < e.y1 || b.x2 - 30 > e.x2 || b.y2 - 30 > e.y2;
      this.canvas.hidden = !outside;
      if (!outside) return;
      ctx.putImageData(this.snapshot, 0, 0);
      const p = PALETTES[this.theme()];
      ctx.strokeStyle = p.focus;
      ctx.lineWidth = 2;
      const x1 = Math.max(this.x(e.x1), 1);
      const y1 = Math.max(this.y(e.y1), 1);
      const x2 = Math.min(this.x(e.x2), (this.canvas.clientWidth || 200) - 1);
      const y2 = Math.min(this.y(e.y2), (this.canvas.clientHeight || 130) - 1);
      ctx.strokeRect(x1, y1, Math.max(4, x2 - x1), Math.max(4, y2 - y1));
    });
  }
}
