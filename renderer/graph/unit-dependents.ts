import type { TopologyIndex } from '../../core/common/topology-index.js';
import { OUTSIDE_ID } from './element-data.js';

/**
 * The units (model ids, plus the outside world) whose drawing may change when one model
 * element changes: the element itself and the few that read it. Asked of the index before
 * a delta for what it removes or replaces (their old relations) and after it for what it
 * adds or replaces (their new ones). Edges at a node whose drawing changed follow by
 * themselves (view-elements.ts), so they are not listed here.
 *
 * Keep in step with the unit builders: every lookup a unit makes of another element must
 * be answered here from that element's side. The property test in view-elements.test.ts
 * holds both to a full rebuild over random deltas.
 */
export function addDependents(id: string, ix: TopologyIndex, out: Set<string>): void {
  out.add(id);
  const n = ix.node(id);
  if (n) {
    for (const e of ix.edgesAt(id)) out.add(e.id);
    switch (n.kind) {
      case 'netns':
        // Its interfaces and badges sit in its box; the host's box holds ports and rules,
        // and its routes say which links are NICs.
        for (const i of ix.interfacesIn(id)) out.add(i.id);
        for (const c of ix.usersOf(id)) out.add(c.id);
        if (n.host) {
          out.add(OUTSIDE_ID);
          for (const p of ix.ports) out.add(p.id);
          for (const r of ix.natRules) out.add(r.id);
          for (const r of ix.filterRules) out.add(r.id);
        }
        break;
      case 'interface': {
        // lo shows only while it is a namespace's sole interface.
        for (const s of ix.interfacesIn(n.parent)) if (s.type === 'loopback') out.add(s.id);
        if (n.parent === ix.hostNetns?.id) out.add(OUTSIDE_ID);
        // Docker-view endpoint links name the container-side interface.
        for (const e of ix.endpointsThrough(id)) out.add(e.id);
        break;
      }
      case 'container':
        // Its box is named and coloured for it; endpoints carry its state, ports and
        // `container:` partners hang on it.
        if (n.netns !== null) out.add(n.netns);
        for (const e of ix.endpointsOf(id)) out.add(e.id);
        for (const p of ix.portsOf(id)) out.add(p.id);
        for (const s of ix.sharersOf(id)) out.add(s.id);
        break;
      case 'network':
        // Its colour and name are worn by its endpoints, their containers and boxes, and its bridge.
        for (const e of ix.endpointsOn(id)) {
          out.add(e.id);
          out.add(e.source);
          const c = ix.container(e.source);
          if (c?.netns) out.add(c.netns);
        }
        if (n.bridge !== null) out.add(n.bridge);
        break;
      default:
        break;
    }
    return;
  }
  const e = ix.edge(id);
  if (!e) return;
  // A port shows in the kernel view while published, a rule while linked; an endpoint
  // colours its container, its box, and hints its network's gateway.
  out.add(e.source);
  out.add(e.target);
  if (e.kind === 'endpoint') {
    const c = ix.container(e.source);
    if (c?.netns) out.add(c.netns);
  }
}
