/** Exit codes of the `netloom` command; scripts may rely on them. */
export const EXIT = {
  /** Everything could be read. */
  ok: 0,
  /** Nothing useful could be produced (an unexpected error). */
  failed: 1,
  /** The command line was wrong. */
  usage: 2,
  /** Output was produced, but some facet (docker, kernel, firewall) is missing. */
  partial: 3,
  /** `netloom reach`: the destination cannot be reached (blocked, no route, refused, not running). */
  unreachable: 4,
} as const;
