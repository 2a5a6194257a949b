// `.ci/run`'s check of the built artefact: `node dist/main.js` on a throwaway DATA_DIR and free loopback ports
// starts, answers /readyz on every web app, serves its assets, and stops on SIGTERM with exit code 0.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
const names = ['AREA', 'PAY', 'BANK', 'API', 'BACKOFFICE', 'ADMIN', 'INBOX_SMTP', 'INBOX_WEB', 'METRICS'];
const ports = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await freePort()])));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-dist-'));
const env = { ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', NODE_ENV: 'development', LOG_LEVEL: 'warn' };
for (const name of names) env[`${name}_PORT`] = String(ports[name]);
for (const app of ['AREA', 'PAY', 'BANK', 'API', 'BACKOFFICE'])
  env[`PUBLIC_${app}_URL`] = `http://127.0.0.1:${ports[app]}`;

const started = Date.now();
const child = spawn(process.execPath, [path.join(root, 'dist/main.js')], {
  cwd: root,
  env,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
child.stdout.on('data', (chunk) => (output += chunk));
child.stderr.on('data', (chunk) => (output += chunk));
const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));

const fail = (message) => {
  process.stderr.write(`smoke-dist: ${message}\n${output}\n`);
  child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
};
const deadline = Date.now() + 90_000;
while (!output.includes('Press Ctrl+C to stop.')) {
  if (child.exitCode !== null) fail(`dist/main.js exited (${child.exitCode}) before it was running`);
  if (Date.now() > deadline) fail('dist/main.js was not running after 90 s');
  await new Promise((resolve) => setTimeout(resolve, 200));
}
const startedIn = ((Date.now() - started) / 1000).toFixed(1);
for (const app of ['AREA', 'PAY', 'BANK', 'API', 'BACKOFFICE']) {
  const response = await fetch(`http://127.0.0.1:${ports[app]}/readyz`);
  if (response.status !== 200) fail(`${app} /readyz answered ${response.status}: ${await response.text()}`);
}
const metrics = await fetch(`http://127.0.0.1:${ports.METRICS}/metrics`);
if (metrics.status !== 200 || !(await metrics.text()).includes('cassa_http_request_duration_seconds')) {
  fail('/metrics did not answer with the request durations');
}
const page = await fetch(`http://127.0.0.1:${ports.AREA}/login`);
if (page.status !== 200 || !(await page.text()).includes('Accedi')) fail('the login page did not render');
// The bundle finds the files it serves from dist/ (src/locations.ts), not beside modules it no longer has.
for (const [app, asset] of [
  ['AREA', 'cassa.css'],
  ['BANK', 'bank.css'],
  ['BACKOFFICE', 'backoffice.css'],
]) {
  const response = await fetch(`http://127.0.0.1:${ports[app]}/assets/${asset}`);
  if (response.status !== 200) fail(`${app} /assets/${asset} answered ${response.status}`);
}
child.kill('SIGTERM');
const code = await exited;
fs.rmSync(dataDir, { recursive: true, force: true });
if (code !== 0) fail(`dist/main.js exited with ${code} on SIGTERM`);
process.stdout.write(
  `smoke-dist: node dist/main.js started in ${startedIn} s, every app ready, its assets and metrics served, stopped cleanly\n`,
);
