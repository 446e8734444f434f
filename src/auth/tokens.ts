// Secrets handed to a browser or a script (sign-in links, session cookies, API and calendar tokens)
// are random and stored only as SHA-256 hashes, so a database leak gives no usable credential.

export function randomToken(bytes = 32): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  let s = "";
  for (const b of buf) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The per-session CSRF token: derivable only by whoever holds the session cookie. */
export function csrfTokenFor(sessionToken: string): Promise<string> {
  return sha256Hex(`csrf:${sessionToken}`);
}

/** Constant-time comparison of two strings of hex or base64url. */
export function safeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
