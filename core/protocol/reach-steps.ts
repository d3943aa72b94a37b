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
  leave: 'it leaves by {{dev}}',
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
    '{{src}} gets no answer for {{name}}: no embedded DNS on a network they share (the default bridge has none)',
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
