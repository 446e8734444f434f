import { describe, expect, it } from "vitest";
import { checkInVerdict, distanceM, gcj02ToWgs84, isConfident, toWgs84, wgs84ToGcj02, type Point } from "../../src/domain/check-in.ts";

// 益丰大药房 on 芙蓉中路, Changsha (about 28.2° N): one degree of latitude is ~111.2 km everywhere;
// one degree of longitude there is ~111.2 km × cos(28.2°) ≈ 98.0 km.
const store = { lat: 28.1956, lng: 112.9769 };

describe("distanceM (haversine)", () => {
  it("is zero at the same point and symmetric", () => {
    expect(distanceM(store, store)).toBe(0);
    const other = { lat: 28.2, lng: 112.98 };
    expect(distanceM(store, other)).toBeCloseTo(distanceM(other, store), 9);
  });

  it("measures a thousandth of a degree north as ~111 m and east as ~98 m at 28° N", () => {
    expect(distanceM(store, { lat: store.lat + 0.001, lng: store.lng })).toBeCloseTo(111.2, 0);
    expect(distanceM(store, { lat: store.lat, lng: store.lng + 0.001 })).toBeCloseTo(98.0, 0);
  });

  it("measures Changsha to Beijing (Tiananmen) within 0.5 % of the geodesic 1,337 km", () => {
    const d = distanceM(store, { lat: 39.9087, lng: 116.3975 });
    expect(Math.abs(d - 1_337_000) / 1_337_000).toBeLessThan(0.005);
  });

  it("crosses the antimeridian the short way", () => {
    expect(distanceM({ lat: 0, lng: 179.9995 }, { lat: 0, lng: -179.9995 })).toBeCloseTo(111.2, 0);
  });
});

describe("checkInVerdict", () => {
  const at = (dLat: number, accuracyM: number) => ({ lat: store.lat + dLat, lng: store.lng, accuracyM });

  it("is on site within the policy's metres plus the position's accuracy, and says how far", () => {
    // 0.0003° north ≈ 33 m.
    expect(checkInVerdict(at(0.0003, 10), store, 200)).toEqual({ onSite: true, distanceM: 33 });
    // ≈ 250 m, accuracy 60: 250 ≤ 200 + 60.
    const near = checkInVerdict(at(0.00225, 60), store, 200);
    expect(near).toEqual({ onSite: true, distanceM: 250 });
    // The same 250 m with a sharper fix (accuracy 20): 250 > 220, not on site.
    expect(checkInVerdict(at(0.00225, 20), store, 200)).toEqual({ onSite: false, distanceM: 250 });
  });

  it("counts exactly the limit as on site", () => {
    const v = checkInVerdict(at(0.00225, 50), store, 200)!; // 250 m = 200 + 50
    expect(v.distanceM).toBe(250);
    expect(v.onSite).toBe(true);
  });

  it("says nothing without a position or without the store's coordinates", () => {
    expect(checkInVerdict({ lat: null, lng: null, accuracyM: null }, store, 200)).toBeNull();
    expect(checkInVerdict(at(0, 10), { lat: null, lng: null }, 200)).toBeNull();
  });
});

describe("isConfident", () => {
  it("lets a fix of 100 m or better set a store's coordinates, and not a coarser one", () => {
    expect(isConfident(5)).toBe(true);
    expect(isConfident(100)).toBe(true);
    expect(isConfident(100.5)).toBe(false);
    expect(isConfident(1500)).toBe(false);
  });
});

describe("map datums (GCJ-02, what 高德 and 腾讯 show, against WGS-84, what browsers report)", () => {
  // Reference pairs published with eviltransform's tests (WGS-84 → GCJ-02).
  const PAIRS: [Point, Point][] = [
    [{ lat: 31.1774276, lng: 121.5272106 }, { lat: 31.17530398364597, lng: 121.531541859215 }], // 上海
    [{ lat: 22.543847, lng: 113.912316 }, { lat: 22.540796131694766, lng: 113.9171764808363 }], // 深圳
    [{ lat: 39.911954, lng: 116.377817 }, { lat: 39.91334545536069, lng: 116.38404722455657 }], // 北京
  ];

  it("moves a WGS-84 point to its published GCJ-02 position", () => {
    for (const [wgs, gcj] of PAIRS) {
      const got = wgs84ToGcj02(wgs);
      expect(got.lat).toBeCloseTo(gcj.lat, 9);
      expect(got.lng).toBeCloseTo(gcj.lng, 9);
    }
  });

  it("brings a position copied from a map app back to within half a metre of the true one", () => {
    for (const [wgs, gcj] of PAIRS) {
      expect(distanceM(gcj02ToWgs84(gcj), wgs)).toBeLessThan(0.5);
      expect(distanceM(toWgs84(gcj, "gcj02"), wgs)).toBeLessThan(0.5);
      // Unconverted, the copy is hundreds of metres off: beyond the on-site radius.
      expect(distanceM(gcj, wgs)).toBeGreaterThan(200);
    }
  });

  it("leaves WGS-84 input and points outside China as they are", () => {
    const p = { lat: 28.2282, lng: 112.9388 };
    expect(toWgs84(p, "wgs84")).toEqual(p);
    const tokyo = { lat: 35.6812, lng: 139.7671 };
    expect(gcj02ToWgs84(tokyo)).toEqual(tokyo);
    expect(wgs84ToGcj02(tokyo)).toEqual(tokyo);
  });
});
