/**
 * Docker's `container:<ref>` network mode: the container shares another's namespace. The
 * model resolves the ref to the other container's full engine id, so the mode is also that
 * container's node id (`container:<64 hex>`, see core/model/ids.ts).
 */
const PREFIX = 'container:';

/** What follows `container:` (an id or, before resolution, a name); null for any other mode. */
export function sharedNetnsRef(networkMode: string): string | null {
  return networkMode.startsWith(PREFIX) && networkMode.length > PREFIX.length ? networkMode.slice(PREFIX.length) : null;
}

/** The node id of the container whose namespace a resolved mode shares; null for any other mode. */
export function sharedNetnsOwner(networkMode: string): string | null {
  return sharedNetnsRef(networkMode) === null ? null : networkMode;
}

/** The engine's id inside a container node id (`container:<id>`). */
export const engineIdOf = (containerNodeId: string): string =>
  containerNodeId.startsWith(PREFIX) ? containerNodeId.slice(PREFIX.length) : containerNodeId;

/** How a shared namespace's owner is written when its name is unknown: the first 12 hex digits. */
export const shortOwner = (ownerNodeId: string): string => engineIdOf(ownerNodeId).slice(0, 12);
