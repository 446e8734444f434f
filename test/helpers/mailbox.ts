// Reads and scripts the local Resend stand-in from inside the Workers runtime.
import { env } from "cloudflare:workers";
import type { RecordedEmail } from "./resend-recorder.ts";

const base = () => env.RESEND_BASE_URL!;

export type RecorderLog = { delivered: RecordedEmail[]; calls: { path: string; key: string | null; status: number; count: number }[] };

export async function mailLog(): Promise<RecorderLog> {
  return (await fetch(`${base()}/__log`)).json();
}

export async function resetMailbox(): Promise<void> {
  await fetch(`${base()}/__reset`, { method: "POST" });
}

/** The next calls to Resend answer these statuses in turn (429, 500, …). */
export async function failNext(...statuses: number[]): Promise<void> {
  await fetch(`${base()}/__script`, { method: "POST", body: JSON.stringify({ fail: statuses }) });
}

export async function mailsTo(address: string): Promise<RecordedEmail[]> {
  const log = await mailLog();
  return log.delivered.filter((m) => (Array.isArray(m.to) ? m.to.includes(address) : m.to === address));
}
