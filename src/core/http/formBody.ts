// A request body read as an HTML form, by its Content-Type: application/x-www-form-urlencoded (the WHATWG URL
// standard's parser, "+" as space, UTF-8) or multipart/form-data (RFC 7578, see multipart.ts). File parts are
// described (name, filename, type, size), never returned whole. Pure.

import { multipartBoundary, parseMultipart } from './multipart';

/** A field's value, or its values in order when the name repeats (as httpbin reports them). */
export type FormValue = string | string[];

export interface FormFile {
  name: string;
  filename: string;
  type: string;
  size: number;
}

export interface FormBody {
  /** The body was a form (by its Content-Type); false for any other body. */
  isForm: boolean;
  form: Record<string, FormValue>;
  files: FormFile[];
  /** Why a multipart body could not be read whole (what came before the fault is reported). */
  error?: string;
}

/** Adds a value under `name`; a repeated name becomes a list in order. */
export function addFormValue(form: Record<string, FormValue>, name: string, value: string): void {
  const before = Object.prototype.hasOwnProperty.call(form, name) ? form[name] : undefined;
  form[name] = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
}

/** The media type of a Content-Type value, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

export function readFormBody(contentType: string | undefined, body: Buffer): FormBody {
  // Null-prototype records: a field named "__proto__" is data, not a prototype change.
  const form = Object.create(null) as Record<string, FormValue>;
  const files: FormFile[] = [];
  const type = mediaType(contentType);
  if (type === 'application/x-www-form-urlencoded') {
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
      addFormValue(form, name, value);
    }
    return { isForm: true, form, files };
  }
  if (type !== 'multipart/form-data') {
    return { isForm: false, form, files };
  }
  const boundary = multipartBoundary(contentType ?? '');
  if (boundary === undefined) {
    return { isForm: true, form, files, error: 'multipart/form-data without a valid boundary parameter' };
  }
  const result = parseMultipart(body, boundary);
  for (const part of result.parts) {
    if (part.filename !== undefined) {
      files.push({ name: part.name, filename: part.filename, type: part.type, size: part.content.length });
    } else {
      addFormValue(form, part.name, part.content.toString('utf8'));
    }
  }
  return { isForm: true, form, files, ...(result.error !== undefined ? { error: result.error } : {}) };
}
