/**
 * The I/O around reforms: reading `--reform FILE` and turning a reform's PolicyFileError into the
 * commands' error object.
 */
import { createReadStream } from 'node:fs';
import { PolicyFileError, YibaoError } from '../engine/errors.js';
import { defaultPolicies, defaultPolicyDocuments } from '../policy/load.js';
import type { PolicySet } from '../policy/scheme-view.js';
import { readBounded } from '../cli/input.js';
import { parseReform, policiesWithReforms, type PolicySources, type Reform, type ReformFile } from './reform.js';

/** The largest reform file read (1 MiB): a reform is a few parameters. */
export const MAX_REFORM_BYTES = 1024 * 1024;

/** The shipped policies and their documents. */
export function shippedSources(): PolicySources {
  return { policies: defaultPolicies(), documents: defaultPolicyDocuments() };
}

/** Reads reform files (strict UTF-8, at most MAX_REFORM_BYTES each). Unreadable: invalid_input, path `--reform`. */
export async function readReformFiles(paths: readonly string[]): Promise<ReformFile[]> {
  const out: ReformFile[] = [];
  for (const file of paths) {
    let text: string;
    try {
      const bytes = await readBounded(createReadStream(file), MAX_REFORM_BYTES);
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (e) {
      const why = e instanceof YibaoError ? `larger than ${MAX_REFORM_BYTES} bytes` : e instanceof TypeError ? 'not valid UTF-8' : e instanceof Error ? e.message : String(e);
      throw new YibaoError('invalid_input', `cannot read reform ${file}: ${why}`, '--reform');
    }
    out.push({ file, text });
  }
  return out;
}

/**
 * A reform that does not validate, as the commands' error: invalid_input, `path` the key in the
 * reform file (e.g. `employee.inpatient.deductible.tables[0].note`), the message naming the file.
 */
export function reformError(e: unknown): unknown {
  if (e instanceof PolicyFileError) return new YibaoError('invalid_input', `reform ${e.message}`, e.key);
  return e;
}

/** Validates reforms against the shipped policies; errors as reformError. */
export function validateReforms(files: readonly ReformFile[], sources: PolicySources = shippedSources()): Reform[] {
  try {
    return files.map((f) => parseReform(f, sources));
  } catch (e) {
    throw reformError(e);
  }
}

/** The shipped policies with all `files` applied together (settle --reform); errors as reformError. */
export function reformedPolicies(files: readonly ReformFile[], sources: PolicySources = shippedSources()): PolicySet {
  try {
    return policiesWithReforms(sources, files);
  } catch (e) {
    throw reformError(e);
  }
}
