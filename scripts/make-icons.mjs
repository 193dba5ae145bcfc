// Draws the WireTrace icons with plain JavaScript into RGBA buffers and encodes them as PNG with fflate's
// zlib (no canvas package). `node scripts/make-icons.mjs` writes:
//   icons/icon-{16,32,48,128}.png         the logo: two overlapping pages with a W-shaped trace line across them
//   icons/icon-active-{16,32,48,128}.png  the same with a red dot (top right), for pages that have matches
// The drawing is resolution-independent (shapes in a 0..1 square, 4×4 supersampling); small sizes drop the
// text lines so that the W stays legible at 16 px.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zlibSync } from 'fflate';

export const SIZES = [16, 32, 48, 128];

const hex = (h) => [parseInt(h.slice(1, 3), 16) / 255, parseInt(h.slice(3, 5), 16) / 255, parseInt(h.slice(5, 7), 16) / 255];
const COLORS = {
  background: hex('#1b3a5c'),
  backPage: hex('#a9bfd9'),
  frontPage: hex('#ffffff'),
  textLine: hex('#c3cbd6'),
  trace: hex('#f29e1f'),
  dot: hex('#e0312b'),
  dotRing: hex('#ffffff'),
};

// ---- shapes as coverage functions of a point (x, y in 0..1) ----

function roundedRect(x0, y0, x1, y1, r) {
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
}

function circle(cx, cy, r) {
  return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** A thick polyline with round joins and caps. */
function polyline(points, width) {
  const h = width / 2;
  return (x, y) => {
    for (let i = 0; i + 1 < points.length; i++) {
      const [ax, ay] = points[i];
      const [bx, by] = points[i + 1];
      const dx = bx - ax;
      const dy = by - ay;
      const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
      const px = ax + t * dx - x;
      const py = ay + t * dy - y;
      if (px * px + py * py <= h * h) return true;
    }
    return false;
  };
}

/** The layers, bottom first, for one pixel size. */
function scene(size, active) {
  const detailed = size >= 32;
  const layers = [
    { color: COLORS.background, inside: roundedRect(0, 0, 1, 1, 0.18) },
    // Back page (the source), up and to the left.
    { color: COLORS.backPage, inside: roundedRect(0.13, 0.11, 0.63, 0.71, 0.05) },
    // Front page (the article), down and to the right.
    { color: COLORS.frontPage, inside: roundedRect(0.34, 0.29, 0.87, 0.89, 0.05) },
  ];
  if (detailed) {
    for (const y of [0.42, 0.52, 0.62, 0.72]) layers.push({ color: COLORS.textLine, inside: roundedRect(0.44, y, 0.79, y + 0.035, 0.017) });
  }
  // The trace: a W running from the back page down across the front page.
  const w = [
    [0.2, 0.3],
    [0.35, 0.77],
    [0.5, 0.44],
    [0.65, 0.77],
    [0.8, 0.3],
  ];
  layers.push({ color: COLORS.trace, inside: polyline(w, size <= 16 ? 0.15 : detailed && size >= 48 ? 0.095 : 0.12) });
  if (active) {
    const r = size <= 16 ? 0.24 : 0.2;
    const cx = 1 - r - 0.01;
    const cy = r + 0.01;
    layers.push({ color: COLORS.dotRing, inside: circle(cx, cy, r) });
    layers.push({ color: COLORS.dot, inside: circle(cx, cy, r - (size <= 16 ? 0.07 : 0.05)) });
  }
  return layers;
}

/** Renders straight (non-premultiplied) RGBA. */
export function render(size, active) {
  const layers = scene(size, active);
  const n = 4; // n×n samples per pixel
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          let top = null;
          for (const layer of layers) if (layer.inside(x, y)) top = layer.color;
          if (top) {
            r += top[0];
            g += top[1];
            b += top[2];
            a += 1;
          }
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        out[o] = Math.round((r / a) * 255);
        out[o + 1] = Math.round((g / a) * 255);
        out[o + 2] = Math.round((b / a) * 255);
      }
      out[o + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return out;
}

// ---- PNG ----

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** Encodes RGBA pixels (8 bits per channel) as a PNG file. */
export function encodePng(width, height, rgba) {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit, RGBA, deflate, no filter method, no interlace
  const raw = new Uint8Array(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    raw[y * (1 + width * 4)] = 0; // filter: none
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (1 + width * 4) + 1);
  }
  const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlibSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))];
  const png = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    png.set(p, o);
    o += p.length;
  }
  return png;
}

export function makeIcons(dir = 'icons') {
  mkdirSync(dir, { recursive: true });
  const written = [];
  for (const active of [false, true]) {
    for (const size of SIZES) {
      const file = join(dir, `icon-${active ? 'active-' : ''}${size}.png`);
      writeFileSync(file, encodePng(size, size, render(size, active)));
      written.push(file);
    }
  }
  return written;
}

if (process.argv[1] && process.argv[1].endsWith('make-icons.mjs')) {
  for (const file of makeIcons()) console.log(`wrote ${file}`);
}
