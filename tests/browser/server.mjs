// server.mjs - a throw-away directory for the browser tests: a database made from the two
// fixture files in a temporary folder, solidarityd serving it on a free loopback port, and
// the command that creates a coordinator. stop() ends the server and removes the folder.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const FIXTURES = ['fixtures/montreal-endorsers.json', 'fixtures/demo-services.json'];
const START_SECONDS = 15;

function run(bin, args) {
  return execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// Waits for the line "solidarityd: serving DB on port N with T threads" and gives N.
function waitForPort(child) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error('solidarityd did not start in time')),
      START_SECONDS * 1000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const found = /serving .* on port (\d+) with \d+ threads/.exec(seen);
      if (found) {
        clearTimeout(timer);
        resolve(Number(found[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`solidarityd exited with status ${code} before serving`));
    });
  });
}

export async function startServer(bin, repoRoot) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sd-browser-'));
  const db = path.join(dir, 'directory.db');
  const server = { dir, db, bin, child: null, base: null };

  server.stop = async () => {
    const child = server.child;
    server.child = null;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const late = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(late);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    run(bin, ['init', '--db', db]);
    for (const file of FIXTURES)
      run(bin, ['import', '--db', db, path.join(repoRoot, file)]);
    server.child = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '2'],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    const child = server.child;
    process.once('exit', () => { if (child.exitCode === null) child.kill('SIGKILL'); });
    const port = await waitForPort(child);
    server.base = `http://127.0.0.1:${port}`;
  } catch (err) {
    await server.stop();
    throw err;
  }

  // Creates the coordinator NAME and gives its one-time set-up address on this server.
  server.addCoordinator = (name) => {
    const out = run(bin, ['coordinator', 'add', '--db', db, '--public-url', server.base, name]);
    const link = /https?:\/\/\S+\/account\/welcome\?token=\S+/.exec(out);
    if (!link)
      throw new Error(`no set-up link in the output of coordinator add: ${out}`);
    return link[0];
  };
  return server;
}
