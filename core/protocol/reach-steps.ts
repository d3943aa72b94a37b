/**
 * The English words of every step of a walk, in i18next's `{{name}}` form. The CLI fills
 * them in here; the UI takes this same tree as its English `reach.step` strings and keeps
 * the Chinese beside it (renderer/i18n/zh-CN.json), so a step reads the same in both.
 * Rule texts, addresses and interface names go in as they are: they are what the reader
 * types and greps for.
 */
export const STEP_TEXT = {
  'not-running': '{{name}} is {{state}}: nothing runs in it',
  'no-netns': '{{name}} has no network namespace Netloom could read',
  'same-netns': '{{src}} and {{dst}} share one network namespace: the packet stays on it',
  'no-address': '{{name}} has no IPv4 address',
  'no-route': '{{src}} has no route to {{address}}',
  route: '{{src}} sends to {{address}} by its route {{route}}',
  'macvlan-isolation': "{{dev}} is a macvlan child: the kernel does not pass its traffic to its parent's own host",
  dnat: 'nat {{chain}}: {{rule}} — {{from}} becomes {{to}}',
  deliver: '{{name}} takes it on {{address}}',
  'deliver-host': 'the host takes it on {{dev}}',
  local: "{{address}} is the host's own address: the packet stays on the host",
  unmodelled: '{{dev}} ({{type}}) leads where the walk does not follow yet',
  veth: '{{dev}} ↔ {{peer}}, a port of bridge {{bridge}}',
  bridge: '{{bridge}} bridges it to {{address}} on the same network',
  'host-route': 'the host routes it from {{from}} to {{to}}',
  rule: '{{chain}}: {{rule}}',
  decides: '{{chain}}: {{rule}}',
  policy: '{{chain}} ends: its policy {{policy}} decides',
  'listen-unknown': 'whether anything listens on {{proto}}/{{port}} there was not read',
  listens: 'something listens on {{address}}:{{port}}/{{proto}}',
  refused: 'nothing listens on {{proto}}/{{port}} there: the connection is refused',
  name: '{{src}} looks up {{name}}: {{address}} ({{via}})',
  'no-name':
    '{{src}} gets no answer for {{name}}: no /etc/hosts entry from a --link, and no embedded DNS on a network they share (the default bridge has none)',
  'link-down': '{{dev}} is down (or its other end is): nothing crosses it',
  'veth-pair': '{{dev}} ↔ {{peer}}: the pair leads straight into {{name}}, no bridge between',
  'passes-through':
    '{{name}} does not hold {{address}}: whether it routes it on (its own ip_forward and rules) is not read, so the walk stops there',
  'no-forward':
    '{{name}} does not hold {{address}} and does not route packets on: its net.ipv4.ip_forward is 0 (sysctl -w net.ipv4.ip_forward=1 inside it turns routing on)',
  forwards: '{{name}} routes it on toward {{address}} by {{route}} (its ip_forward is 1; rules inside it are not read)',
  'no-route-back':
    '{{name}} gets it but has no route back to {{address}}, the sender: the answer never leaves, as if nothing arrived',
  unheld: 'no one on {{dev}} holds {{address}}: nothing takes the packet',
  astray:
    "{{address}} is {{name}}'s, but the host routes it by {{route}}, out by {{dev}}: it leaves the host and never gets there",
  outbound: 'the host routes it toward {{address}} by {{route}}, out by {{dev}}',
  'forwarding-off':
    'the host does not forward: net.ipv4.ip_forward is 0, so the kernel drops what comes in on {{from}} for {{to}}',
  'forwarding-unknown': 'whether the host forwards (net.ipv4.ip_forward) was not read: the walk takes it as on',
  masquerade: "nat {{chain}}: {{rule}} — the source {{from}} becomes {{to}}, {{dev}}'s address",
  snat: 'nat {{chain}}: {{rule}} — the source {{from}} becomes {{to}}',
  'masquerade-none':
    'nat {{chain}}: {{rule}} — but {{dev}} has no IPv4 address to put as the source, so the kernel drops the packet',
  'no-masquerade':
    'no rule in nat POSTROUTING rewrites its source: it leaves with {{from}}, and replies come back only if the far side has a route to it',
  egress: 'it leaves the host by {{dev}}, to {{next}} on that link',
  'macvlan-out':
    "{{dev}} is a {{type}} child of {{parent}}: the packet goes straight out on the parent's wire, past the host's routes and rules",
  'no-inbound': 'the host has no default route: no way in from outside to follow',
  inbound: 'from outside, it arrives by {{dev}} for {{address}}',
  published: '{{container}} publishes {{port}} as {{published}}: from outside it is asked for there',
  'published-loopback':
    "{{container}} publishes {{port}} as {{published}} only: that address is this host's loopback, out of reach from outside",
} as const;

export type StepKind = keyof typeof STEP_TEXT;

/** One hop or decision of the walk, with the model element it rests on. */
export interface ReachStep {
  /** Which hop or decision: the UI's words are keyed by it (reach.step.<kind>). */
  kind: StepKind;
  /** What fills the words: names, addresses, rule texts — never translated. */
  params: Record<string, string>;
  /** English, for the CLI and logs. */
  text: string;
  /** Model id of the element the step is about (an interface, a bridge, a rule). */
  element: string | null;
  /** Other model elements the packet passes on this hop (the bridge a veth plugs into, the far end's cable). */
  via: string[];
}

export function stepText(kind: StepKind, params: Record<string, string>): string {
  return STEP_TEXT[kind].replace(/\{\{(\w+)\}\}/g, (_, k: string) => params[k] ?? '');
}

export const makeStep = (
  kind: StepKind,
  params: Record<string, string>,
  element: string | null,
  via: string[] = [],
): ReachStep => ({ kind, params, text: stepText(kind, params), element, via });
