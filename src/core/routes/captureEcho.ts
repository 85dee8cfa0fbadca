// The JSON echo of a captured request (capture mode): method, path, query, headers as sent, and the body read as a
// form (fields; file parts by name, filename, type and size), as JSON, or as text — what httpbin's /anything shows.
//
// Cookie, Authorization and Proxy-Authorization values are always redacted here, whatever the log shows: the echo
// travels back over the network, and webhook senders store response bodies in their delivery logs (GitHub, Stripe
// show them in their dashboards), so echoing a signing token or a session cookie would copy the secret to a third
// party. The raw head in the local log keeps the values, under the log's own redaction setting (--log-secrets).

import { isUtf8 } from 'node:buffer';
import { addFormValue, readFormBody, mediaType, type FormBody, type FormValue } from '../http/formBody';
import { splitRawHead } from '../http/rawFields';
import { isSecretFieldName, redactionMarker } from '../log/redact';
import type { RequestContext } from '../server/responder';


export interface CaptureEcho {
  method: string;
  path: string;
  query: Record<string, FormValue>;
  headers: Record<string, FormValue>;
  form: Record<string, FormValue>;
  files: FormBody['files'];
  /** A body that is not a form: its text when it is valid UTF-8, else its bytes as base64 (dataBase64). */
  data?: string;
  dataBase64?: string;
  /** A JSON body (application/json or +json), parsed. */
  json?: unknown;
  bodyBytes: number;
  /** Why the form body could not be read whole. */
  error?: string;
}

export function captureEcho(context: RequestContext): CaptureEcho {
  const target = context.target.ok ? context.target.target : undefined;
  const query = Object.create(null) as Record<string, FormValue>;
  for (const [name, value] of new URLSearchParams(target?.query ?? '')) {
    addFormValue(query, name, value);
  }
  const headers = Object.create(null) as Record<string, FormValue>;
  for (const [name, value] of splitRawHead(context.rawHead).fields) {
    addFormValue(headers, name, isSecretFieldName(name) ? redactionMarker(Buffer.byteLength(value, 'latin1')) : value);
  }
  const contentType = context.head.fields.find(([name]) => name === 'content-type')?.[1];
  const body = context.body;
  const form = readFormBody(contentType, body);
  const echo: CaptureEcho = {
    method: context.head.method, path: target?.path ?? context.head.target, query, headers,
    form: form.form, files: form.files, bodyBytes: body.length,
  };
  if (form.error !== undefined) {
    echo.error = form.error;
  }
  if (!form.isForm && body.length > 0) {
    if (isUtf8(body)) {
      echo.data = body.toString('utf8');
    } else {
      echo.dataBase64 = body.toString('base64');
    }
    const type = mediaType(contentType);
    if (echo.data !== undefined && (type === 'application/json' || type.endsWith('+json'))) {
      try {
        echo.json = JSON.parse(echo.data) as unknown;
      } catch {
        echo.error = 'the body is not valid JSON';
      }
    }
  }
  return echo;
}
