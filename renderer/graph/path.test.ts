import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import cytoscape from 'cytoscape';
import { TopologyIndex } from '../../core/common/topology-index.js';
import type { ContainerNode, InterfaceNode, Topology } from '../../core/model/types.js';
import { DEFAULT_FILTERS } from '../store/filters.js';
import { applyHover } from './focus.js';
import { containerPath, pathFor } from './path.js';
import { nodeByLabel, scenarioTopology } from './scenario.test.js';
import { toGraphElements } from './to-elements.js';

const t: Topology = scenarioTopology();
const ix = new TopologyIndex(t);
const c = (name: string): ContainerNode => nodeByLabel(t, 'container', name) as ContainerNode;
const ifacesOf = (name: string): InterfaceNode[] => [...ix.interfacesIn(c(name).netns as string)];
const hostNic = (): string => ix.hostNetns!.routes.find((r) => r.dst === 'default')!.dev as string;

describe('a selected container reads as a path', () => {
  test('its interfaces, veth peers, bridge and bridge ports; the DNAT rule and port that reach it', () => {
    const a = c('nlc-a');
    const path = containerPath(ix, a);
    const eth0 = ifacesOf('nlc-a').find((i) => i.name === 'eth0')!;
    const peer = ix.vethPeer(eth0.id)!;
    assert.ok(path.has(eth0.id) && path.has(peer.id), 'both ends of the cable');
    assert.ok(path.has(peer.master!), 'the bridge');
    assert.ok(path.has(ix.from(peer.id, 'bridge-port')[0]!.id), 'the bridge port');
    const port = ix.portsOf(a.id).find((p) => p.rule !== null)!;
    assert.ok(path.has(port.id) && path.has(port.rule!), 'the port and its DNAT rule');
  });

  test('the MASQUERADE rule and the host NIC it leaves by; its shared-namespace partner', () => {
    const a = c('nlc-a');
    const path = containerPath(ix, a);
    const bridge = ix.vethPeer(ifacesOf('nlc-a')[0]!.id)!.master!;
    const masq = ix.to(bridge, 'masquerade')[0]!;
    assert.ok(path.has(masq.source) && path.has(masq.id), 'MASQUERADE on its bridge');
    assert.ok(path.has(hostNic()) && path.has('outside'), 'out by the NIC with the default route');
    assert.ok(path.has(c('nlc-shared').id), 'container:nlc-a shares the way');
    // The partner's selection reads the same way.
    assert.ok(containerPath(ix, c('nlc-shared')).has(ifacesOf('nlc-a')[0]!.id));
  });

  test('other containers, their cables and other bridges stay out', () => {
    const path = containerPath(ix, c('nlc-a'));
    const b = c('nlc-b');
    assert.ok(!path.has(b.id) && !path.has(b.netns!));
    for (const i of ifacesOf('nlc-b')) assert.ok(!path.has(i.id) && !path.has(ix.vethPeer(i.id)?.id ?? ''));
    const fixed = ix.network(nodeByLabel(t, 'network', 'nlc-fixed').id)!;
    assert.ok(!path.has(fixed.bridge!), 'a network it is not on is not on its way');
  });

  test('a container on two networks goes by both bridges', () => {
    const path = containerPath(ix, c('nlc-two'));
    const bridges = ifacesOf('nlc-two')
      .map((i) => ix.vethPeer(i.id)?.master)
      .filter((b): b is string => !!b);
    assert.equal(bridges.length, 2);
    for (const b of bridges) assert.ok(path.has(b));
  });

  test('an interface, a box, a port or an endpoint of a container select its path', () => {
    const a = c('nlc-a');
    const full = containerPath(ix, a);
    assert.deepEqual(pathFor(ix, ifacesOf('nlc-a')[0]!.id), pathFor(ix, a.netns!));
    assert.ok([...full].every((id) => pathFor(ix, a.netns!)!.has(id)));
    assert.deepEqual(pathFor(ix, ix.portsOf(a.id)[0]!.id), full);
    assert.deepEqual(pathFor(ix, ix.endpointsOf(a.id)[0]!.id), full);
  });

  test('a bridge or network keeps what it joins: its ports, cables, boxes and containers', () => {
    const bridge = ix.vethPeer(ifacesOf('nlc-a')[0]!.id)!.master!;
    const path = pathFor(ix, bridge)!;
    for (const name of ['nlc-a', 'nlc-b', 'nlc-ports']) assert.ok(path.has(c(name).id), name);
    assert.ok(!path.has(c('nlc-static').id), 'a container on another bridge only');
    const net = ix.networkOfBridge(bridge)!;
    const viaNetwork = pathFor(ix, net.id)!;
    assert.ok(viaNetwork.has(ix.endpointsOn(net.id)[0]!.id) && viaNetwork.has(c('nlc-a').id));
  });

  test('on the canvas, the path stays bright and the rest dims', () => {
    const cy = cytoscape({
      headless: true,
      styleEnabled: false,
      elements: toGraphElements(t, 'kernel', DEFAULT_FILTERS),
    });
    const a = c('nlc-a');
    const path = containerPath(ix, a);
    const drawn = cy.collection().union(cy.elements().filter((e) => path.has(String(e.data('modelId')))));
    applyHover(cy, cy.getElementById(a.id), drawn);
    assert.ok(!cy.getElementById(a.id).hasClass('hover-dim'));
    assert.ok(!cy.getElementById(hostNic()).hasClass('hover-dim'), 'the NIC stays bright');
    assert.ok(cy.getElementById(c('nlc-b').id).hasClass('hover-dim'), 'another container dims');
    cy.destroy();
  });
});
