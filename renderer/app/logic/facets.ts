import type { Facet, Facets } from '../../../core/model/types.js';

/** The three sources of facts, in the order the status bar names them. */
export const FACET_KEYS: readonly (keyof Facets)[] = ['docker', 'kernel', 'firewall'];

/** Without these the picture has holes large enough to mislead, so they get a banner. */
export const ESSENTIAL_FACETS: readonly (keyof Facets)[] = ['docker', 'kernel'];

/** The core's reason already says what to do; the fallback covers a facet that gave none. */
export function facetReason(facet: Facet, fallback: string): string {
  return facet.reason?.trim() || fallback;
}

/** The core's reasons for permission trouble name it in one of these ways. */
const PERMISSION = /permission|not permitted|EACCES|EPERM|denied|operation not allowed|CAP_/i;

export const isPermissionProblem = (facet: Facet): boolean => !facet.ok && PERMISSION.test(facet.reason ?? '');

export interface FacetChange {
  facet: keyof Facets;
  ok: boolean;
}

export function facetChanges(before: Facets, after: Facets): FacetChange[] {
  return FACET_KEYS.flatMap((facet) => (before[facet].ok === after[facet].ok ? [] : [{ facet, ok: after[facet].ok }]));
}
