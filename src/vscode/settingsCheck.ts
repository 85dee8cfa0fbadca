// Reads `rawHttpServer.*` values as the user wrote them and checks them: VS Code does not enforce the manifest's
// schema on get(), so a port of 99999 or "abc" arrives as is. A bad value is never clamped silently: the default is
// used for that one value and a problem sentence says so (the controller shows it in the log and a notification).
// Only src/vscode/** and src/extension.ts import vscode.
import type * as vscode from 'vscode';
import { validateHeaderRules, type HeaderRule } from '../core/options';

export class SettingReader {
  readonly problems: string[] = [];

  /**
   * `shadowed`: values for keys the configuration API cannot return (see shadowedSettings.ts), used when it
   * returns nothing for them.
   */
  constructor(private readonly config: vscode.WorkspaceConfiguration, private readonly section: string,
    private readonly shadowed: Readonly<Record<string, unknown>> = {}) {}

  private get<T>(key: string, fallback: T): unknown {
    const value = this.config.get<unknown>(key);
    // A shadowed key that comes back as a plain object is the merge artifact described in shadowedSettings.ts.
    if (value !== undefined && !(key in this.shadowed && isPlainObject(value))) {
      return value;
    }
    return this.shadowed[key] ?? fallback;
  }

  integer(key: string, min: number, max: number, fallback: number): number {
    const value = this.get(key, fallback);
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) {
      return value;
    }
    return this.reject(key, value, `is not a whole number from ${min} to ${max}`, fallback);
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.get(key, fallback);
    return typeof value === 'boolean' ? value : this.reject(key, value, 'is not true or false', fallback);
  }

  string(key: string, fallback: string): string {
    const value = this.get(key, fallback);
    return typeof value === 'string' ? value.trim() : this.reject(key, value, 'is not a string', fallback);
  }

  /** A string used as written (a response body: its whitespace is meant). */
  text(key: string, fallback: string): string {
    const value = this.get(key, fallback);
    return typeof value === 'string' ? value : this.reject(key, value, 'is not a string', fallback);
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const value = this.get(key, fallback);
    return typeof value === 'string' && (allowed as readonly string[]).includes(value)
      ? value as T
      : this.reject(key, value, `is not one of ${allowed.map((item) => `"${item}"`).join(', ')}`, fallback);
  }

  stringArray(key: string, fallback: string[]): string[] {
    const value = this.get(key, fallback);
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
      return value as string[];
    }
    return this.reject(key, value, 'is not a list of strings', fallback);
  }

  /** A value checked elsewhere (e.g. by the core's checkSpaFallback): records its problem and returns the fallback. */
  problem<T>(key: string, text: string, fallback: T): T {
    this.problems.push(`${this.section}.${key}: ${text}; using ${describe(fallback)} instead.`);
    return fallback;
  }

  /**
   * `{ "<glob>": { "<Header-Name>": "<value>" } }` → HeaderRule[], keeping the rules that are valid (RFC 9110 §5.1
   * names, §5.5 values; checked by the core) and reporting each one dropped.
   */
  headerRules(key: string): HeaderRule[] {
    const value = this.config.get<unknown>(key, {});
    if (!isPlainObject(value)) {
      return this.reject(key, value, 'is not an object of path globs to header fields', []);
    }
    const rules: HeaderRule[] = [];
    for (const [glob, fields] of Object.entries(value)) {
      if (!isPlainObject(fields)) {
        this.problems.push(`${this.section}.${key}: "${glob}" must map to an object of header names to values; ignored.`);
        continue;
      }
      for (const [name, headerValue] of Object.entries(fields)) {
        if (typeof headerValue === 'string') {
          rules.push({ glob, name, value: headerValue });
        } else {
          this.problems.push(`${this.section}.${key}: header "${name}" for "${glob}" must be a string; ignored.`);
        }
      }
    }
    const checked = validateHeaderRules(rules);
    this.problems.push(...checked.problems.map((text) => `${this.section}.${key}: ${text}; ignored.`));
    return checked.rules;
  }

  private reject<T>(key: string, value: unknown, why: string, fallback: T): T {
    return this.problem(key, `${describe(value)} ${why}`, fallback);
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value) && value.length === 0) {
    return 'an empty list';
  }
  return value === '' ? '"" (off)' : JSON.stringify(value) ?? String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
