// Draws media/icon.png (128×128): a radio tower with waves on a dark rounded square, like the status bar item's
// $(radio-tower). Pure Node (zlib + a hand-written PNG encoder), so it needs no image tools: `node scripts/make-icon.mjs`.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4; // 4×4 supersampling for anti-aliased edges
const BACKGROUND = [0x1e, 0x2a, 0x38];
const TOWER = [0xf2, 0xf5, 0xf8];
const WAVES = [0x4f, 0xc3, 0xf7];

const insideRoundedSquare = (x, y) => {
  const r = 26;
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const center = { x: 64, y: 52 };
const isTower = (x, y) => {
  if ((x - center.x) ** 2 + (y - center.y) ** 2 <= 8 ** 2) {
    return true; // the beacon
  }
  if (y < center.y || y > 104) {
    return false;
  }
  const half = 3 + (y - center.y) * 0.32; // legs spreading towards the ground
  const leg = Math.abs(Math.abs(x - center.x) - half) <= 3.2;
  const beam = [74, 90].some((level) => Math.abs(y - level) <= 2.2) && Math.abs(x - center.x) <= half;
  const ground = Math.abs(y - 103) <= 2.5 && Math.abs(x - center.x) <= 26;
  return leg || beam || ground;
};
const isWave = (x, y) => {
  const dx = x - center.x;
  const dy = y - center.y;
  const angle = Math.abs(Math.atan2(dy, Math.abs(dx)));
  if (angle > 0.75) {
    return false; // only the side arcs, left and right
  }
  const distance = Math.hypot(dx, dy);
  return [18, 30, 42].some((radius) => Math.abs(distance - radius) <= 3);
};

const rows = [];
for (let py = 0; py < SIZE; py++) {
  const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
  for (let px = 0; px < SIZE; px++) {
    let alpha = 0;
    const colour = [0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const x = px + (sx + 0.5) / SAMPLES;
        const y = py + (sy + 0.5) / SAMPLES;
        if (!insideRoundedSquare(x, y)) {
          continue;
        }
        const rgb = isTower(x, y) ? TOWER : isWave(x, y) ? WAVES : BACKGROUND;
        alpha++;
        rgb.forEach((value, i) => { colour[i] += value; });
      }
    }
    const offset = 1 + px * 4;
    colour.forEach((sum, i) => { row[offset + i] = alpha ? Math.round(sum / alpha) : 0; });
    row[offset + 3] = Math.round((alpha / (SAMPLES * SAMPLES)) * 255);
  }
  rows.push(row);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) {
    c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../media/icon.png', import.meta.url), png);
console.log(`media/icon.png: ${png.length} bytes`);
