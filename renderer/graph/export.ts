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

/**
 * A plain SVG of the graph drawn from the current positions: boxes, nodes, straight edges
 * and labels. Simpler than the canvas (no taxi curves or halos) but scalable and editable.
 */
export function exportSvg(cy: Core, theme: ThemeName): string {
  const p = PALETTES[theme];
  const bb = cy.elements().boundingBox({});
  const pad = 20;
  const parts: string[] = [];
  // Outer boxes first so children draw on top.
  const nodes = cy
    .nodes()
    .sort((a, b) => a.ancestors().length - b.ancestors().length || Number(b.isParent()) - Number(a.isParent()));
  nodes.forEach((n) => {
    const stroke = String(n.style('border-color'));
    const fill = n.isParent() ? String(n.style('background-color')) : String(n.style('background-color'));
    parts.push(nodeShape(n, stroke, fill));
  });
  cy.edges().forEach((e) => {
    const s = e.sourceEndpoint();
    const t = e.targetEndpoint();
    const style = String(e.style('line-style'));
    const dash = style === 'dashed' ? ' stroke-dasharray="6 3"' : style === 'dotted' ? ' stroke-dasharray="2 3"' : '';
    parts.push(
      `<line x1="${s.x}" y1="${s.y}" x2="${t.x}" y2="${t.y}" stroke="${String(e.style('line-color'))}" stroke-width="${parseFloat(String(e.style('width')))}"${dash}/>`,
    );
  });
  nodes.forEach((n) => {
    const label = String(n.data('label') ?? '');
    if (label === '') return;
    const b = n.boundingBox({ includeLabels: false });
    const y = n.isParent() ? b.y1 - 4 : b.y2 + 11;
    parts.push(
      `<text x="${n.position('x')}" y="${y}" text-anchor="middle" font-family="system-ui, sans-serif" font-size="${n.isParent() ? 12 : 10}" fill="${p.text}">${escapeXml(label)}</text>`,
    );
  });
  const w = bb.w + 2 * pad;
  const h = bb.h + 2 * pad + 20;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="${bb.x1 - pad} ${bb.y1 - pad - 20} ${w} ${h}">`,
    `<rect x="${bb.x1 - pad}" y="${bb.y1 - pad - 20}" width="${w}" height="${h}" fill="${p.background}"/>`,
    ...parts,
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
