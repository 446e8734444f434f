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
