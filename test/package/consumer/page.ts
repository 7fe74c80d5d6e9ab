import { checkOu } from './ou-check.js';

const out = window as unknown as { smoke?: unknown; smokeError?: string };
checkOu().then(
  (r) => {
    out.smoke = r;
  },
  (e: unknown) => {
    out.smokeError = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  },
);
