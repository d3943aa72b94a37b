import { config } from 'zod';

// The page's CSP forbids eval. Without `jitless`, zod probes for it with `new Function`,
// and although the probe's error is caught, the browser still logs a CSP violation.
// Imported first by main.ts so no schema is used before this runs.
config({ jitless: true });
