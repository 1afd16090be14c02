/**
 * Errors the engine reports. Every refusal carries a stable code, a message
 * naming the rule or field, and the path of the request field concerned.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'policy_not_in_force'
  | 'missing_context'
  | 'registration_required'
  | 'unsupported';

export class YibaoError extends Error {
  readonly code: ErrorCode;
  readonly path: string;

  constructor(code: ErrorCode, message: string, path = '') {
    super(message);
    this.name = 'YibaoError';
    this.code = code;
    this.path = path;
  }

  toJSON(): { error: { code: ErrorCode; message: string; path: string } } {
    return { error: { code: this.code, message: this.message, path: this.path } };
  }
}

/** A policy file that does not pass validation; names the file and the key. */
export class PolicyFileError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    detail: string,
  ) {
    super(`${file}: ${key}: ${detail}`);
    this.name = 'PolicyFileError';
  }
}
