// On-site check-in (issue 14): where a visit was logged against where the store is. Pure.

export type Point = { lat: number; lng: number };

/** Mean Earth radius (IUGG), metres: the haversine's error against the ellipsoid stays under 0.5 %. */
const EARTH_RADIUS_M = 6_371_008.8;

/**
 * A check-in accurate to this many metres or better may set a store's coordinates: GPS outdoors
 * reports 5–30 m, Wi-Fi positioning indoors 20–100 m; a cell-tower fix (hundreds of metres or more)
 * would place the store in the wrong street.
 */
export const CONFIDENT_ACCURACY_M = 100;

export function isConfident(accuracyM: number): boolean {
  return accuracyM <= CONFIDENT_ACCURACY_M;
}

/** Great-circle distance in metres (haversine). */
export function distanceM(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * What a visit's position says: on site when the distance to the store is within the policy's
 * radius plus the position's own accuracy (a phone that knows it may be 60 m off is not faulted for
 * those 60 m). Null when there is nothing to say: no position, or the store has no coordinates.
 */
export type CheckInVerdict = { onSite: true; distanceM: number } | { onSite: false; distanceM: number };

export function checkInVerdict(position: { lat: number | null; lng: number | null; accuracyM: number | null }, store: { lat: number | null; lng: number | null }, onSiteMeters: number): CheckInVerdict | null {
  if (position.lat === null || position.lng === null || position.accuracyM === null) return null;
  if (store.lat === null || store.lng === null) return null;
  const d = Math.round(distanceM({ lat: position.lat, lng: position.lng }, { lat: store.lat, lng: store.lng }));
  return { onSite: d <= onSiteMeters + position.accuracyM, distanceM: d };
}

// ---- map datums ------------------------------------------------------------------------------
// Browsers report WGS-84, but every map app in China (高德, 腾讯, Apple and Google Maps inside China)
// shows GCJ-02, offset 100–700 m by a published formula. A manager who copies a store's position
// from 高德 gives GCJ-02; stored unconverted it would put every check-in "不在门店附近". The formula is
// the widely used one (eviltransform); GCJ-02 → WGS-84 inverts it by fixed-point iteration.

/** The coordinate systems a position may come in. */
export const DATUMS = ["wgs84", "gcj02"] as const;
export type Datum = (typeof DATUMS)[number];

const A = 6378245.0; // Krasovsky 1940 semi-major axis, as GCJ-02 uses it
const EE = 0.006693421622965943; // its eccentricity squared

/** GCJ-02 is applied only inside mainland China's bounding box; elsewhere it is WGS-84 unchanged. */
function outsideChina(p: Point): boolean {
  return p.lng < 72.004 || p.lng > 137.8347 || p.lat < 0.8293 || p.lat > 55.8271;
}

function offset(p: Point): Point {
  const x = p.lng - 105;
  const y = p.lat - 35;
  const waves = (20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * (2 / 3);
  let dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x)) + waves;
  dLat += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  dLat += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  let dLng = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x)) + waves;
  dLng += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  dLng += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  const radLat = (p.lat / 180) * Math.PI;
  const magic = 1 - EE * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  return {
    lat: (dLat * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI),
    lng: (dLng * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI),
  };
}

export function wgs84ToGcj02(p: Point): Point {
  if (outsideChina(p)) return p;
  const d = offset(p);
  return { lat: p.lat + d.lat, lng: p.lng + d.lng };
}

/** The WGS-84 point whose GCJ-02 position is `p` (to well under a metre). */
export function gcj02ToWgs84(p: Point): Point {
  if (outsideChina(p)) return p;
  let w = p;
  for (let i = 0; i < 10; i++) {
    const g = wgs84ToGcj02(w);
    const next = { lat: w.lat - (g.lat - p.lat), lng: w.lng - (g.lng - p.lng) };
    if (Math.abs(next.lat - w.lat) < 1e-10 && Math.abs(next.lng - w.lng) < 1e-10) return next;
    w = next;
  }
  return w;
}

/** A position as stored (WGS-84, what browsers report), from the datum it was given in. */
export function toWgs84(p: Point, datum: Datum): Point {
  return datum === "gcj02" ? gcj02ToWgs84(p) : p;
}
