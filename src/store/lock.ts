/**
 * An exclusive lock on a data folder: PGlite does not lock its files against a second
 * process, so the service holds `yibao.lock` (created with O_EXCL, holding its pid) while
 * it runs. A second process fails at once; a lock left by a dead process is taken over.
 */
import { mkdirSync, openSync, closeSync, writeSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`the data folder ${dir} is in use by process ${pid} (lock file ${join(dir, 'yibao.lock')}); stop that process or use another DATA_DIR`);
    this.name = 'DataDirLockedError';
  }
}

export interface DirLock {
  readonly path: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function errno(e: unknown): string | undefined {
  return e instanceof Error ? (e as NodeJS.ErrnoException).code : undefined;
}

/** Takes the lock on `dir` (created if absent), or throws DataDirLockedError. */
export function lockDataDir(dir: string): DirLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'yibao.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          try {
            if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
          } catch {
            // Already gone.
          }
        },
      };
    } catch (e) {
      if (errno(e) !== 'EEXIST') throw e;
      let pid = Number.NaN;
      try {
        pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
      } catch {
        // Removed meanwhile: try again.
        continue;
      }
      if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || alive(pid))) throw new DataDirLockedError(dir, pid);
      // A stale lock (dead process, or unreadable content): take it over.
      try {
        unlinkSync(path);
      } catch (u) {
        if (errno(u) !== 'ENOENT') throw u;
      }
    }
  }
  throw new Error(`could not take the lock ${path}: another process keeps taking it`);
}
