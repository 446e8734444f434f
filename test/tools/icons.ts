// `npm run icons`: draws the app's home-screen icons into public/assets (committed; run again only to
// change them). A map pin on the app's red, no image library: each pixel from a distance field,
// antialiased over one pixel, written as an 8-bit RGBA PNG with node:zlib.
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const RED = [0xc0, 0x39, 0x2b] as const;

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size: number, rgba: (x: number, y: number) => [number, number, number, number]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(rgba(x + 0.5, y + 0.5), y * (size * 4 + 1) + 1 + x * 4);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

/** Coverage 0..1 of a shape given its signed distance in pixels (negative inside). */
const cover = (d: number) => Math.min(1, Math.max(0, 0.5 - d));

/**
 * The pin, in units of the icon's side: a round head with a hole, narrowing to a point. `scale`
 * shrinks it for the maskable icon, whose outer 10 % may be cut off by the launcher's mask.
 */
function pinDistance(u: number, v: number, scale: number): number {
  const cx = 0.5, cy = 0.42;
  const x = (u - cx) / scale, y = (v - cy) / scale;
  const head = Math.hypot(x, y) - 0.2;
  // The tail: a triangle from the head's sides to the point below, as the max of three half-planes.
  const tip = 0.34;
  const edge = (ax: number, ay: number, bx: number, by: number) => {
    const nx = by - ay, ny = ax - bx, n = Math.hypot(nx, ny);
    return -((x - ax) * nx + (y - ay) * ny) / n;
  };
  const tail = Math.max(edge(-0.2, 0, 0, tip), edge(0, tip, 0.2, 0), -y);
  const hole = -(Math.hypot(x, y) - 0.085);
  return Math.max(Math.min(head, tail), hole) * scale;
}

function icon(size: number, maskable: boolean): Buffer {
  const radius = maskable ? 0 : 0.18; // a rounded square, or full bleed for the launcher's own mask
  return png(size, (px, py) => {
    const u = px / size, v = py / size;
    const qx = Math.max(Math.abs(u - 0.5) - (0.5 - radius), 0), qy = Math.max(Math.abs(v - 0.5) - (0.5 - radius), 0);
    const bg = maskable ? 1 : cover((Math.hypot(qx, qy) - radius) * size);
    const fg = cover(pinDistance(u, v, maskable ? 0.75 : 1) * size);
    const mix = (c: number) => Math.round(c * (1 - fg) + 255 * fg);
    return [mix(RED[0]), mix(RED[1]), mix(RED[2]), Math.round(255 * bg)];
  });
}

const out = (name: string) => fileURLToPath(new URL(`../../public/assets/${name}`, import.meta.url));
writeFileSync(out("icon-192.png"), icon(192, false));
writeFileSync(out("icon-512.png"), icon(512, false));
writeFileSync(out("icon-maskable-512.png"), icon(512, true));
console.log("public/assets: icon-192.png, icon-512.png, icon-maskable-512.png");
