/**
 * Chromium and its virtual display for the Node tests that drive pages (Playwright on Debian's /usr/bin/chromium).
 * Every browser and Xvfb started here is closed by `closeAll()` (each test file's afterAll), and killed when the
 * test process exits in any other way, so a failed or timed-out run leaves no Chromium or Xvfb behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium, type LaunchOptions } from 'playwright';
import { chromiumArgs } from '../../vite.config.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const browsers = new Set<Browser>();
const displays = new Set<ChildProcess>();

process.once('exit', () => {
  for (const x of displays) x.kill('SIGKILL');
  // Playwright kills the browsers it launched on exit itself; Xvfb is ours.
});

/** Launches Chromium with the project's WebGPU flags (plus `extraArgs`) and registers it for {@link closeAll}. */
export async function launchChromium(
  options: { extraArgs?: string[]; headless?: boolean; env?: Record<string, string | undefined> } = {},
): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: run scripts/setup.sh (or set CHROMIUM_PATH)`);
  }
  const launch: LaunchOptions = {
    executablePath: CHROMIUM_PATH,
    args: [...chromiumArgs, ...(options.extraArgs ?? [])],
    headless: options.headless ?? true,
  };
  if (options.env) launch.env = options.env;
  const b = await chromium.launch(launch);
  browsers.add(b);
  b.on('disconnected', () => browsers.delete(b));
  return b;
}

/** A virtual X display (Debian's `xvfb`): `display` is the `DISPLAY` value, `stop()` ends the server. */
export interface VirtualDisplay {
  display: string;
  stop(): Promise<void>;
}

/** Starts Xvfb on a free display number (the server picks it and reports it on a pipe: `-displayfd`). */
export async function startXvfb(size = '1280x1024x24'): Promise<VirtualDisplay> {
  const x = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', size, '-nolisten', 'tcp', '-noreset'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  displays.add(x);
  let stderr = '';
  x.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const stop = () => stopProcess(x);
  const fd3 = x.stdio[3] as NodeJS.ReadableStream;
  const display = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`Xvfb did not report a display in 10 s: ${stderr}`)),
      10_000,
    );
    let out = '';
    fd3.on('data', (d) => {
      out += String(d);
      if (out.includes('\n')) {
        clearTimeout(timer);
        ok(`:${out.trim()}`);
      }
    });
    x.once('error', (e) => {
      clearTimeout(timer);
      fail(
        new Error(
          (e as NodeJS.ErrnoException).code === 'ENOENT'
            ? 'Xvfb is not installed: run scripts/setup.sh (Debian package xvfb)'
            : `Xvfb failed to start: ${e.message}`,
        ),
      );
    });
    x.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`Xvfb exited (${code}) before reporting a display: ${stderr}`));
    });
  }).catch(async (e) => {
    await stop();
    throw e;
  });
  return { display, stop };
}

/** Ends a child process (SIGTERM) and resolves when it has exited. */
function stopProcess(x: ChildProcess): Promise<void> {
  displays.delete(x);
  return new Promise<void>((ok) => {
    if (x.exitCode !== null || x.signalCode !== null) return ok();
    x.once('exit', () => ok());
    x.kill('SIGTERM');
  });
}

/** Closes every browser and virtual display this process started. */
export async function closeAll(): Promise<void> {
  await Promise.allSettled([...browsers].map((b) => b.close()));
  browsers.clear();
  await Promise.allSettled([...displays].map(stopProcess));
}
