import './zod-config.js';
import type { Facets } from '../core/model/types.js';
import { pickTransport } from './client/pick-transport.js';
import { TopologyClient, type ConnectionState } from './client/topology-client.js';
import { Announcer } from './ui/announcer.js';
import { showConnection } from './ui/connection-view.js';
import { ContainerTable } from './ui/container-table.js';
import { CountsView } from './ui/counts-view.js';
import { byId } from './ui/dom.js';
import { showFacets } from './ui/facets-view.js';
import { showHost } from './ui/host-view.js';
import { ContainerIndex } from './view-model/container-index.js';

const client = new TopologyClient({ transport: pickTransport() });
const index = new ContainerIndex();
const counts = new CountsView();
const lastChange = byId('last-change');
const announcer = new Announcer(byId('announcer'), () => {
  lastChange.hidden = false;
  byId('last-change-time').textContent = new Date().toLocaleTimeString();
});
const table = new ContainerTable(byId<HTMLTableSectionElement>('container-rows'), (size) => {
  byId('container-count').textContent = String(size);
  byId('containers-empty').hidden = size > 0;
  byId('containers-table').hidden = size === 0;
});
let facetsBefore: Facets | null = null;

client.onTopology((topology, change) => {
  if (change.kind === 'snapshot') {
    index.reset(topology);
    table.reset(index);
  } else {
    table.patch(index, index.apply(change.delta));
    announcer.add(change.delta, facetsBefore);
  }
  if (topology.facets !== facetsBefore) {
    showFacets(topology.facets);
    byId('containers-empty').textContent = topology.facets.docker.ok
      ? 'No containers on this host.'
      : 'No containers to show: the Docker engine cannot be read.';
  }
  facetsBefore = topology.facets;
  counts.update(topology);
  showHost(topology, client.serverVersion);
  document.body.classList.add('has-topology');
});

let previous: ConnectionState = client.state;
client.onState((state, detail) => {
  showConnection(state, detail, client.topology !== null);
  // Say the connection changed once, not on every failed retry.
  if (state === 'reconnecting' && previous === 'live') announcer.say('Connection lost; reconnecting');
  if (state === 'live' && previous === 'reconnecting') announcer.say('Connected again');
  previous = state;
});

showConnection(client.state, null, false);
client.start();
