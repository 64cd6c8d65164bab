// JSON input with the problem located: a syntax error as line and column, a wrong shape as a JSON path.
import { ExchangeFormatError } from './exchangeTypes';

export function parseJsonFile(fileName: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/end of JSON input|Unterminated string/i.test(message) && !/position \d+/.test(message)) {
      throw new ExchangeFormatError(fileName, 'the JSON ends early (truncated file?)');
    }
    const position = /position (\d+)/.exec(message);
    if (!position) throw new ExchangeFormatError(fileName, `not valid JSON (${message})`);
    const offset = Number(position[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length, column = offset - before.lastIndexOf('\n');
    const truncated = offset >= text.trimEnd().length;
    throw new ExchangeFormatError(fileName, truncated ? `the JSON ends early at line ${line} (truncated file?)` : `not valid JSON at line ${line}, column ${column}`);
  }
}

/** Reads fields of parsed JSON, throwing ExchangeFormatError with the JSON path of what is wrong. */
export class JsonReader {
  constructor(readonly fileName: string) {}

  fail(path: string, problem: string): never {
    throw new ExchangeFormatError(this.fileName, `${path} ${problem}`);
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, 'should be an object');
    return value as Record<string, unknown>;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'should be a list');
    return value;
  }

  number(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(path, 'should be a number');
    return value;
  }

  integer(value: unknown, path: string, min = 0): number {
    if (!Number.isInteger(value) || (value as number) < min) this.fail(path, `should be a whole number of at least ${min}`);
    return value as number;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, 'should be a string');
    return value;
  }

  /** A flat list of x, y numbers with at least three points. */
  points(value: unknown, path: string): number[] {
    const list = this.array(value, path);
    if (list.length < 6 || list.length % 2 !== 0) this.fail(path, `should hold at least 3 x, y pairs (has ${list.length} numbers)`);
    list.forEach((v, i) => this.number(v, `${path}[${i}]`));
    return list as number[];
  }
}
