/**
 * lucide icons (ISC) as data URIs for cytoscape's `background-image`. The SVG strings come
 * from lucide-static; the stroke colour is baked in because a data URI cannot inherit CSS.
 */
import { Container, EthernetPort, Globe, Lock, Network, Plug, Router, Server } from 'lucide-static';

export const ICON_SVG = {
  server: Server,
  container: Container,
  network: Network,
  'ethernet-port': EthernetPort,
  plug: Plug,
  globe: Globe,
  router: Router,
  lock: Lock,
} as const;

export type IconName = keyof typeof ICON_SVG;

/** The icon as a `data:` URI drawn in the given colour. */
export function iconUri(name: IconName, colour: string): string {
  const svg = ICON_SVG[name]
    .replace(/<!--.*?-->/gs, '')
    .replace(/currentColor/g, colour)
    .trim();
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}
