/** Builds the Node bundle (dist/cli.js) once so CLI tests run the real command. */
import { build } from 'vite';

export default async function setup(): Promise<void> {
  await build({ mode: 'node', logLevel: 'warn', configFile: 'vite.config.ts' });
}
