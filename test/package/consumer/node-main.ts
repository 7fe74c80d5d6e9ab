import { checkOu } from './ou-check.js';

const r = await checkOu();
console.log(JSON.stringify(r));
if (!r.ok) throw new Error(`the OU ensemble disagrees with its exact law: ${JSON.stringify(r)}`);
