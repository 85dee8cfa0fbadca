// --har FILE: every exchange kept for a HAR file written when the CLI stops. Bounded in memory: the last
// MAX_HAR_ENTRIES records, and at most MAX_HAR_BYTES of their heads and bodies; older ones are dropped and the HAR's
// comment says how many.

import * as fs from 'node:fs';
import type { ExchangeRecord } from '../core/events';
import { toHar } from '../core/inspect';

export const MAX_HAR_ENTRIES = 5000;
export const MAX_HAR_BYTES = 256 * 1024 * 1024;

function sizeOf(record: ExchangeRecord): number {
  return record.rawHead.length + record.bodyPreview.length + (record.body?.length ?? 0) + (record.responseHead?.length ?? 0);
}

export class HarRecorder {
  private readonly records: ExchangeRecord[] = [];
  private bytes = 0;
  private dropped = 0;

  constructor(private readonly file: string, private readonly showSecrets: boolean, private readonly version: string,
    private readonly maxEntries = MAX_HAR_ENTRIES, private readonly maxBytes = MAX_HAR_BYTES) {}

  add(record: ExchangeRecord): void {
    this.records.push(record);
    this.bytes += sizeOf(record);
    while (this.records.length > this.maxEntries || (this.bytes > this.maxBytes && this.records.length > 1)) {
      this.bytes -= sizeOf(this.records.shift()!);
      this.dropped++;
    }
  }

  /** Writes the file synchronously: called once, on the way out, when nothing else is served. */
  write(): void {
    const comment = this.dropped > 0
      ? `${this.dropped} older exchange${this.dropped === 1 ? ' was' : 's were'} dropped (the CLI keeps the last ${this.maxEntries})` : undefined;
    const har = toHar(this.records, { name: 'raw-http-server', version: this.version }, { showSecrets: this.showSecrets, comment });
    fs.writeFileSync(this.file, `${JSON.stringify(har, null, 2)}\n`);
  }
}
