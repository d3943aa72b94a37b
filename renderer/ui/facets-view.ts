import type { Facets } from '../../core/model/types.js';
import { ESSENTIAL_FACETS, FACETS, facetReason } from '../view-model/facets.js';
import { byId, h } from './dom.js';

/** Each source as available or missing, and a banner when an essential one is missing. */
export function showFacets(facets: Facets): void {
  byId('facets').replaceChildren(
    ...FACETS.map(({ key, title, covers, fallback }) => {
      const facet = facets[key];
      return h(
        'li',
        { class: `facet ${facet.ok ? 'ok' : 'missing'}` },
        h('span', { class: 'facet-mark', 'aria-hidden': 'true' }, facet.ok ? '✓' : '!'),
        h(
          'div',
          {},
          h('strong', {}, title),
          ' ',
          h('span', { class: 'facet-state' }, facet.ok ? 'available' : 'missing'),
          h('p', { class: 'muted' }, facet.ok ? covers : facetReason(facet, fallback)),
        ),
      );
    }),
  );
  const missing = FACETS.filter(({ key }) => ESSENTIAL_FACETS.includes(key) && !facets[key].ok);
  const banner = byId('facet-banner');
  banner.hidden = missing.length === 0;
  banner.replaceChildren(
    h('h2', {}, 'Part of the picture is missing'),
    ...missing.map(({ key, title, covers, fallback }) =>
      h(
        'p',
        {},
        h('strong', {}, `${title}: `),
        facetReason(facets[key], fallback),
        h('span', { class: 'muted' }, ` Without it Netloom cannot show ${covers}.`),
      ),
    ),
  );
}
