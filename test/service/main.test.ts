/** `npm start` as a process: listens, answers, refuses a second process on its folder, stops cleanly on SIGTERM. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../dist/service/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'yibao-main-'));
let child: ChildProcess | undefined;
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

let out = '';
function started(p: ChildProcess): Promise<string> {
  out = '';
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no start line in 60 s: ${out} ${err}`)), 60_000);
    p.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /Yibao service on (http:\/\/\S+) /.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    p.stderr?.on('data', (b: Buffer) => (err += b.toString()));
    p.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

describe('npm start', () => {
  it('serves on the port it prints, locks its folder, and on SIGTERM closes and releases the lock', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', YIBAO_ADMIN_TOKEN: 'main-test-token', LOG_LEVEL: 'warn' };
    delete env['DATABASE_URL'];
    child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await started(child);
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok' });
    // An empty folder: the demonstration data set is loaded and its tokens printed, the admin's being YIBAO_ADMIN_TOKEN's.
    const line = /Demo tokens: admin=\(YIBAO_ADMIN_TOKEN\) agency=(\S+) institution:H001=(\S+) person:(\S+)=(\S+)/.exec(out);
    expect(line).not.toBeNull();
    const [, agency, institution, memberId, person] = line!;
    const get = async (path: string, token: string) => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await (await get('/v1/members', 'main-test-token')).json()) as { total: number }).total).toBe(4);
    expect(((await (await get('/v1/members', agency!)).json()) as { total: number }).total).toBe(4);
    expect((await get('/v1/members', institution!)).status).toBe(403);
    expect((await get(`/v1/members/${memberId}`, person!)).status).toBe(200);
    expect((await get('/v1/members', person!)).status).toBe(403);
    expect(readFileSync(join(dir, 'yibao.lock'), 'utf8').trim()).toBe(String(child.pid));

    const second = spawnSync(process.execPath, [MAIN], { env: { ...env, PORT: '0' }, encoding: 'utf8', timeout: 30_000 });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`is in use by process ${child.pid}`);

    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(dir, 'yibao.lock'))).toBe(false);

    // Started again on the same folder: nothing added, no demonstration tokens printed.
    child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const again = await started(child);
    expect(((await (await fetch(`${again}/v1/members`, { headers: { authorization: 'Bearer main-test-token' } })).json()) as { total: number }).total).toBe(4);
    expect(out).not.toContain('Demo tokens');
    const stopped = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await stopped).toBe(0);
  }, 90_000);
});
