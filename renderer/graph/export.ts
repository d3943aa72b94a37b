import type { Core, NodeSingular } from 'cytoscape';
import type { Topology } from '../../core/model/types.js';
import type { ThemeName } from '../store/types.js';
import { PALETTES } from '../../assets/palette.js';

/** PNG of the whole graph at twice the resolution, on the theme's background. */
export function exportPng(cy: Core, theme: ThemeName): Blob {
  return cy.png({ full: true, scale: 2, bg: PALETTES[theme].background, output: 'blob' });
}

const escapeXml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

function nodeShape(n: NodeSingular, stroke: string, fill: string): string {
  const bb = n.boundingBox({ includeLabels: false });
  const shape = String(n.style('shape'));
  const dash =
    n.style('border-style') === 'dashed'
      ? ' stroke-dasharray="6 3"'
      : n.style('border-style') === 'dotted'
        ? ' stroke-dasharray="2 2"'
        : '';
  const common = `stroke="${stroke}" fill="${fill}" fill-opacity="${n.isParent() ? 0.15 : 1}"${dash}`;
  if (shape === 'ellipse')
    return `<ellipse cx="${n.position('x')}" cy="${n.position('y')}" rx="${bb.w / 2}" ry="${bb.h / 2}" ${common}/>`;
  if (shape === 'diamond') {
    const { x, y } = n.position();
    return `<polygon points="${x},${bb.y1} ${bb.x2},${y} ${x},${bb.y2} ${bb.x1},${y}" ${common}/>`;
  }
  const r = shape.startsWith('round') ? 6 : 0;
  return `<rect x="${bb.x1}" y="${bb.y1}" width="${bb.w}" height="${bb.h}" rx="${r}" ${common}/>`;
}

const FONT = 'font-family="system-ui, sans-serif"';

/** A label along an edge, a quarter of the way in from one end, as the canvas draws end labels. */
function endLabel(
  from: { x: number; y: number },
  to: { x: number; y: number },
  text: string,
  fill: string,
  halo: string,
): string {
  if (text === '') return '';
  const x = from.x + (to.x - from.x) * 0.25;
  const y = from.y + (to.y - from.y) * 0.25;
  return `<text x="${x}" y="${y}" text-anchor="middle" ${FONT} font-size="8" fill="${fill}" paint-order="stroke" stroke="${halo}" stroke-opacity="0.8" stroke-width="2">${escapeXml(text)}</text>`;
}

/**
 * A plain SVG of the graph drawn from the current positions: boxes, nodes, edges with
 * their arrows, interface names and addresses at the cable ends, and each node's label
 * (with its second line) and a <title> holding its detail, so the drawing keeps what the
 * canvas shows and stays editable. Elements fading out after a removal are left out.
 */
export function exportSvg(cy: Core, theme: ThemeName): string {
  const p = PALETTES[theme];
  const shown = cy.elements().not('.removed');
  const bb = shown.boundingBox({});
  const pad = 20;
  const parts: string[] = [];
  // Outer boxes first so children draw on top.
  const nodes = shown
    .nodes()
    .sort((a, b) => a.ancestors().length - b.ancestors().length || Number(b.isParent()) - Number(a.isParent()));
  nodes.forEach((n) => {
    const stroke = String(n.style('border-color'));
    const fill = String(n.style('background-color'));
    const title = String(n.data('detail') ?? '');
    parts.push(
      `<g data-id="${escapeXml(n.id())}">${title ? `<title>${escapeXml(title)}</title>` : ''}${nodeShape(n, stroke, fill)}</g>`,
    );
  });
  const arrows = new Map<string, string>();
  shown.edges().forEach((e) => {
    const s = e.sourceEndpoint();
    const t = e.targetEndpoint();
    const colour = String(e.style('line-color'));
    const style = String(e.style('line-style'));
    const dash = style === 'dashed' ? ' stroke-dasharray="6 3"' : style === 'dotted' ? ' stroke-dasharray="2 3"' : '';
    let marker = '';
    if (String(e.style('target-arrow-shape')) !== 'none') {
      // One arrowhead per colour, shared by every edge of that colour.
      if (!arrows.has(colour)) arrows.set(colour, `arrow-${arrows.size}`);
      marker = ` marker-end="url(#${arrows.get(colour) ?? ''})"`;
    }
    // A routed cable keeps its bends.
    const bends = String(e.style('curve-style')) === 'segments' ? (e.segmentPoints() ?? []) : [];
    const points = [s, ...bends, t].map((q) => `${q.x},${q.y}`).join(' ');
    parts.push(
      `<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="${parseFloat(String(e.style('width')))}"${dash}${marker}/>`,
    );
    parts.push(endLabel(s, t, String(e.data('sourceLabel') ?? ''), p.text, p.background));
    parts.push(endLabel(t, s, String(e.data('targetLabel') ?? ''), p.text, p.background));
  });
  nodes.forEach((n) => {
    const label = String(n.style('label') ?? '');
    if (label === '') return;
    const b = n.boundingBox({ includeLabels: false });
    const lines = label.split('\n');
    const size = parseFloat(String(n.style('font-size'))) || 12;
    const step = size * 1.25;
    // Where the canvas puts it: above, on or below the node.
    const valign = String(n.style('text-valign'));
    const y =
      valign === 'top'
        ? b.y1 - 4 - (lines.length - 1) * step
        : valign === 'center'
          ? (b.y1 + b.y2) / 2 - ((lines.length - 1) * step) / 2 + size / 3
          : b.y2 + size;
    const tspans = lines
      .map((l, i) => `<tspan x="${n.position('x')}" dy="${i === 0 ? 0 : step}">${escapeXml(l)}</tspan>`)
      .join('');
    parts.push(
      `<text x="${n.position('x')}" y="${y}" text-anchor="middle" ${FONT} font-size="${size}" fill="${p.text}">${tspans}</text>`,
    );
  });
  const defs = [...arrows.entries()].map(
    ([colour, id]) =>
      `<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="${colour}"/></marker>`,
  );
  const w = bb.w + 2 * pad;
  const h = bb.h + 2 * pad + 20;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="${bb.x1 - pad} ${bb.y1 - pad - 20} ${w} ${h}">`,
    defs.length > 0 ? `<defs>${defs.join('')}</defs>` : '',
    `<rect x="${bb.x1 - pad}" y="${bb.y1 - pad - 20}" width="${w}" height="${h}" fill="${p.background}"/>`,
    ...parts.filter((x) => x !== ''),
    '</svg>',
  ].join('\n');
}

/**
 * The topology restricted to what the graph shows: nodes and edges whose model ids are
 * drawn (a Docker-view endpoint node stands for its endpoint edge).
 */
export function visibleTopology(topology: Topology, modelIds: Iterable<string>): Topology {
  const shown = new Set(modelIds);
  const nodes = topology.nodes.filter((n) => shown.has(n.id));
  const kept = new Set(nodes.map((n) => n.id));
  // uses-netns is drawn as nesting, not as a line: keep it when both ends are shown.
  const edges = topology.edges.filter(
    (e) => shown.has(e.id) || (e.kind === 'uses-netns' && kept.has(e.source) && kept.has(e.target)),
  );
  return { ...topology, nodes, edges };
}

export function exportJson(cy: Core, topology: Topology): string {
  const ids = cy
    .elements()
    .not('.removed')
    .map((e) => String(e.data('modelId') ?? e.id()));
  return JSON.stringify(visibleTopology(topology, ids), null, 2);
}
