// The quick log: the page reps use most, on a phone between pharmacies. Two taps to a store
// (recent first), one screen of fields, visit intel (R12–R17) as quick fields. Prefilled from the
// digest's links; a hidden idempotency key makes a double submit or a retry store one interaction.
import { Hono } from "hono";
import * as v from "valibot";
import type { AppContext, AppEnv } from "../context.ts";
import { Layout, Csrf, FieldError } from "./layout.tsx";
import { requireViewer } from "../guard.ts";
import { fieldErrors, translate } from "../validation.ts";
import { logFormData, storesForPicker, type LogFormData, type OccasionOption } from "../../services/log-form.ts";
import { InteractionInput } from "../../services/interaction-input.ts";
import { logInteraction } from "../../services/log-interaction.ts";
import { randomToken } from "../../auth/tokens.ts";
import { instantOf, localDateOf, localTimeOf } from "../../domain/dates.ts";
import { isCalendarDate, TIME_OF_DAY } from "../../domain/fields.ts";
import { CHANNELS, INSIGHT_KINDS, type Channel, type InsightKind } from "../../domain/types.ts";
import { savedInteraction } from "../../db/queries/interactions.ts";
import { loadPolicy } from "../../db/queries/policy.ts";
import { isQuotaChannel, requiredFor } from "../../domain/pace.ts";
import { ApiError } from "../errors.ts";

type Values = Record<string, string>;
type Errors = Record<string, string>;

/** Which quick fields each intel item has; `detail` is what the insight says. */
const INTEL_FIELDS: Record<InsightKind, ("subject" | "detail" | "reason" | "action")[]> = {
  product_feedback: ["subject", "detail"],
  clerk_preference: ["detail"],
  preference_action: ["detail"],
  family: ["detail"],
  competitor: ["subject", "detail"],
  slow_mover: ["subject", "reason", "action"],
};

function str(body: Record<string, unknown>, key: string): string {
  const x = body[key];
  return typeof x === "string" ? x : "";
}

/** Occasions on which a greeting is sent (R4–R8): the only ones that keep the e-mail's template id. */
const GREETING_KINDS = ["birthday", "festival", "life_event"];

/** The form's strings → the API's input shape, plus where each insight came from (for errors). */
function formToInput(body: Values, timeZone: string) {
  const occasion = body.occasion ?? "routine";
  const [kind, ref] = occasion.includes(":") ? (occasion.split(":", 2) as [string, string]) : [occasion, ""];
  const num = (s: string | undefined) => (s && s.trim() !== "" ? (/^\d+$/.test(s.trim()) ? Number(s) : s) : null);
  const [date, time] = (body.when ?? "").split("T");
  // A day or a time that does not exist (2026-02-30, 25:00) is left as typed: the schema refuses it.
  const occurredAt =
    date && time && isCalendarDate(date) && TIME_OF_DAY.test(time) ? new Date(instantOf(date, time, timeZone)).toISOString() : body.when ?? "";
  const insights: Record<string, unknown>[] = [];
  const insightKinds: InsightKind[] = [];
  for (const k of INSIGHT_KINDS) {
    const f = (name: string) => (body[`intel.${k}.${name}`] ?? "").trim();
    if (!INTEL_FIELDS[k].some((name) => f(name) !== "")) continue;
    // A slow mover is named by its product; the rest are told in `detail`.
    const detail = k === "slow_mover" ? f("subject") : f("detail");
    insights.push({ kind: k, subject: f("subject") || null, detail, reason: f("reason") || null, action: f("action") || null });
    insightKinds.push(k);
  }
  const giftWhat = (body["gift.what"] ?? "").trim();
  const giftValue = (body["gift.value"] ?? "").trim();
  const gift = giftWhat || giftValue ? { what: giftWhat, value: giftValue === "" ? 0 : Number(giftValue) } : null;
  return {
    input: {
      storeId: num(body.storeId),
      channel: body.channel,
      occurredAt,
      contactId: kind === "birthday" ? num(ref) : num(body.contactId),
      occasion: kind,
      festivalKey: kind === "festival" ? ref : null,
      lifeEventId: kind === "life_event" ? num(ref) : null,
      gift,
      askedHelp: body.askedHelp === "1",
      problemSolved: body.problemSolved ?? null,
      trainingTopic: body.trainingTopic ?? null,
      notes: body.notes ?? null,
      insights,
      // The e-mail's greeting rides along only on an occasion that sends one (the rep may have changed it).
      greetingTemplateId: GREETING_KINDS.includes(kind) ? num(body.greetingTemplateId) : null,
      idempotencyKey: body.idempotencyKey ?? "",
    },
    insightKinds,
  };
}

/** Error paths of the input → the names of the form's fields. */
function toFormErrors(fields: Errors, insightKinds: InsightKind[]): Errors {
  const out: Errors = {};
  for (const [path, msg] of Object.entries(fields)) {
    const m = path.match(/^insights\.(\d+)\.(\w+)$/);
    let name = path;
    if (path === "occurredAt") name = "when";
    else if (path === "festivalKey" || path === "lifeEventId") name = "occasion";
    else if (m) {
      const kind = insightKinds[Number(m[1])];
      const field = m[2] === "detail" && kind === "slow_mover" ? "subject" : m[2];
      name = kind ? `intel.${kind}.${field}` : "insights";
    }
    out[name] ??= msg;
  }
  return out;
}

function StorePicker(props: { c: AppContext; q: string; list: Awaited<ReturnType<typeof storesForPicker>> }) {
  const t = props.c.get("t");
  return (
    <Layout c={props.c} title={t.log.title} nav="log">
      <h1>{t.log.chooseStore}</h1>
      <form method="get" action="/log" class="row" role="search">
        <input class="grow" type="search" name="q" value={props.q} placeholder={t.log.searchStores} aria-label={t.log.searchStores} />
        <button class="secondary" type="submit">
          {t.common.search}
        </button>
      </form>
      {props.list.length === 0 ? (
        <p class="muted">{t.log.noStores}</p>
      ) : (
        <ul class="plain store-pick">
          {props.list.map((s) => (
            <li>
              <a href={`/log?storeId=${s.id}`} class="pick">
                <span class={`pill ${s.class}`}>{s.class}</span> <strong>{s.name}</strong>
                <span class="muted small"> {s.city ?? ""} · {s.lastContact ? t.log.lastContact(s.lastContact) : t.log.neverContacted}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

function occasionLabel(o: OccasionOption, c: AppContext): string {
  const t = c.get("t");
  const locale = c.get("locale");
  if (o.value === "routine") return t.log.occasionRoutine;
  if (o.value === "training") return t.log.occasionTraining;
  if ("festival" in o) return t.log.occasionFestival(o.festival.name[locale]);
  if ("date" in o) return t.log.occasionBirthday(o.who, o.date);
  return t.log.occasionLifeEvent(o.who, t.common.lifeEvent[o.kind]);
}

function Text(props: { name: string; label: string; values: Values; errors: Errors; type?: string; hint?: string; inputmode?: "decimal" | "numeric" | "tel"; area?: boolean }) {
  const invalid = props.errors[props.name] ? "invalid" : undefined;
  const describedBy = props.errors[props.name] ? `${props.name}-error` : undefined;
  return (
    <div>
      <label for={props.name}>{props.label}</label>
      {props.area ? (
        <textarea id={props.name} name={props.name} class={invalid} aria-describedby={describedBy}>
          {props.values[props.name] ?? ""}
        </textarea>
      ) : (
        <input
          id={props.name}
          name={props.name}
          type={props.type ?? "text"}
          inputmode={props.inputmode}
          value={props.values[props.name] ?? ""}
          placeholder={props.hint}
          class={invalid}
          aria-describedby={describedBy}
        />
      )}
      <FieldError errors={props.errors} name={props.name} />
    </div>
  );
}

function LogForm(props: { c: AppContext; data: LogFormData; values: Values; errors: Errors }) {
  const { c, data, values, errors } = props;
  const t = c.get("t");
  const hasErrors = Object.keys(errors).length > 0;
  // Errors of fields this form does not show (hidden ones, training at a non-A store) go in the banner.
  const shown = (k: string) => !["_", "storeId", "idempotencyKey", "greetingTemplateId", "askedHelp"].includes(k) && (k !== "trainingTopic" || data.store.class === "A");
  const banner = Object.entries(errors).filter(([k]) => !shown(k)).map(([, m]) => m);
  return (
    <Layout c={c} title={t.log.title} nav="log">
      <div class="row">
        <h1 class="grow">
          <span class={`pill ${data.store.class}`}>{data.store.class}</span> {data.store.name}
        </h1>
        <a href="/log" class="small">
          {t.log.changeStore}
        </a>
      </div>
      {hasErrors && (
        <div class="alert error" role="alert">
          {t.common.fixErrors}
          {banner.map((m) => (
            <div>{m}</div>
          ))}
        </div>
      )}
      <form method="post" action="/log" novalidate class="log-form">
        <Csrf c={c} />
        <input type="hidden" name="storeId" value={String(data.store.id)} />
        <input type="hidden" name="idempotencyKey" value={values.idempotencyKey ?? ""} />
        {values.greetingTemplateId && <input type="hidden" name="greetingTemplateId" value={values.greetingTemplateId} />}

        <fieldset class="bare">
          <legend class="label">{t.log.channel}</legend>
          <div class="segmented">
            {CHANNELS.map((ch) => (
              <label>
                <input type="radio" name="channel" value={ch} checked={(values.channel ?? "visit") === ch} />
                <span>{t.common.channel[ch]}</span>
              </label>
            ))}
          </div>
          <FieldError errors={errors} name="channel" />
        </fieldset>

        <div class="cols">
          <div>
            <label for="contactId">{t.log.contact}</label>
            <select id="contactId" name="contactId" class={errors.contactId ? "invalid" : undefined}>
              <option value="">{t.log.noContact}</option>
              {data.contacts.map((ct) => (
                <option value={String(ct.id)} selected={values.contactId === String(ct.id)}>
                  {ct.formOfAddress ? `${ct.formOfAddress}（${ct.name}）` : ct.name} · {t.common.contactRole[ct.role as keyof typeof t.common.contactRole] ?? ct.role}
                  {ct.doNotContact ? " ⛔" : ""}
                </option>
              ))}
            </select>
            <FieldError errors={errors} name="contactId" />
          </div>
          <div>
            <label for="occasion">{t.log.occasion}</label>
            <select id="occasion" name="occasion" class={errors.occasion ? "invalid" : undefined}>
              {data.occasions.map((o) => (
                <option value={o.value} selected={(values.occasion ?? "routine") === o.value}>
                  {occasionLabel(o, c)}
                </option>
              ))}
            </select>
            <FieldError errors={errors} name="occasion" />
          </div>
        </div>

        <Text name="when" label={t.log.when} type="datetime-local" values={values} errors={errors} />

        <details open={data.store.class === "A" || Boolean(values["gift.what"] || errors["gift.what"] || errors["gift.value"])}>
          <summary>{t.log.gift}</summary>
          <div class="cols">
            <Text name="gift.what" label={t.log.giftWhat} values={values} errors={errors} />
            <Text name="gift.value" label={t.log.giftValue} type="number" inputmode="decimal" values={values} errors={errors} />
          </div>
        </details>

        <label class="check">
          <input type="checkbox" name="askedHelp" value="1" checked={values.askedHelp === "1"} />
          {t.log.askedHelp}
        </label>
        <Text name="problemSolved" label={t.log.problemSolved} hint={t.log.problemSolvedHint} values={values} errors={errors} />
        {data.store.class === "A" && <Text name="trainingTopic" label={t.log.trainingTopic} values={values} errors={errors} />}

        <details open={(values.channel ?? "visit") === "visit"} class="intel">
          <summary>{t.log.intelTitle}</summary>
          <p class="muted small">{t.log.intelHint}</p>
          <FieldError errors={errors} name="insights" />
          {INSIGHT_KINDS.map((k) =>
            INTEL_FIELDS[k].length === 1 ? (
              <div class="intel-item">
                <Text name={`intel.${k}.detail`} label={t.log.intel[k]} values={values} errors={errors} />
              </div>
            ) : (
              <fieldset class="bare intel-item">
                <legend class="label">{t.log.intel[k]}</legend>
                {INTEL_FIELDS[k].map((f) => (
                  <Text name={`intel.${k}.${f}`} label={t.log[f]} values={values} errors={errors} />
                ))}
              </fieldset>
            ),
          )}
        </details>

        <Text name="notes" label={t.log.notes} values={values} errors={errors} area />
        <div class="sticky-submit">
          <button class="block" type="submit">
            {t.log.submit}
          </button>
        </div>
      </form>
    </Layout>
  );
}

/** Query parameters of the digest's links → the form's initial values. */
function prefill(q: Record<string, string>, now: number, timeZone: string): Values {
  const values: Values = {
    channel: (CHANNELS as readonly string[]).includes(q.channel ?? "") ? q.channel! : "visit",
    when: `${localDateOf(now, timeZone)}T${localTimeOf(now, timeZone)}`,
    idempotencyKey: `log-${randomToken(12)}`,
  };
  if (/^\d+$/.test(q.contactId ?? "")) values.contactId = q.contactId!;
  if (/^\d+$/.test(q.greetingTemplateId ?? "")) values.greetingTemplateId = q.greetingTemplateId!;
  if (q.occasion === "festival" && q.festivalKey) values.occasion = `festival:${q.festivalKey}`;
  else if (q.occasion === "birthday" && values.contactId) values.occasion = `birthday:${values.contactId}`;
  else if (q.occasion === "life_event" && /^\d+$/.test(q.lifeEventId ?? "")) values.occasion = `life_event:${q.lifeEventId}`;
  else if (q.occasion === "training") values.occasion = "training";
  return values;
}

const StoreIdQuery = v.pipe(v.string(), v.regex(/^\d{1,12}$/), v.transform(Number));

export const logPages = new Hono<AppEnv>()
  .get("/log", async (c) => {
    const viewer = requireViewer(c);
    const q = c.req.query();
    const db = c.get("db");
    const storeId = v.safeParse(StoreIdQuery, q.storeId ?? "");
    if (!storeId.success) {
      const pol = await loadPolicy(db);
      const list = await storesForPicker(db, viewer, localDateOf(c.get("now"), pol.timeZone), q.q);
      return c.html(<StorePicker c={c} q={q.q ?? ""} list={list} />);
    }
    const data = await logFormData(db, viewer, storeId.output, c.get("now"));
    if (!data) throw new ApiError(404, "not_found", "not found");
    const values = prefill(q, c.get("now"), data.policy.timeZone);
    // A suggested occasion the store does not have today falls back to routine, never to an error.
    if (values.occasion && !data.occasions.some((o) => o.value === values.occasion)) delete values.occasion;
    return c.html(<LogForm c={c} data={data} values={values} errors={{}} />);
  })
  .post("/log", async (c) => {
    const viewer = requireViewer(c);
    const t = c.get("t");
    const body = await c.req.parseBody();
    const values: Values = {};
    for (const [k, x] of Object.entries(body)) if (typeof x === "string" && k !== "_csrf") values[k] = x;
    const storeId = v.safeParse(StoreIdQuery, str(body, "storeId"));
    const data = storeId.success ? await logFormData(c.get("db"), viewer, storeId.output, c.get("now")) : null;
    if (!data) throw new ApiError(404, "not_found", "not found");
    const { input, insightKinds } = formToInput(values, data.policy.timeZone);
    const parsed = v.safeParse(InteractionInput, input);
    const refuse = (errors: Errors) => {
      // The template came hidden from an e-mail link and cannot be fixed here: the banner says why,
      // and the form is shown without it, so submitting again logs the contact.
      if (errors.greetingTemplateId) delete values.greetingTemplateId;
      return c.html(<LogForm c={c} data={data} values={values} errors={toFormErrors(errors, insightKinds)} />, 400);
    };
    if (!parsed.success) return refuse(fieldErrors(parsed.issues, t));
    const result = await logInteraction(c.get("db"), viewer, parsed.output, c.get("now"));
    if (!result.ok) {
      if ("notFound" in result) throw new ApiError(404, "not_found", "not found");
      return refuse(Object.fromEntries(Object.entries(result.fields).map(([k, code]) => [k, translate(code, t)])));
    }
    const warn = result.warnings.length ? `?w=${result.warnings.join(",")}` : "";
    return c.redirect(`/log/saved/${result.interaction.id}${warn}`, 303);
  })
  .get("/log/saved/:id{[0-9]+}", async (c) => {
    const viewer = requireViewer(c);
    const t = c.get("t");
    const db = c.get("db");
    const id = Number(c.req.param("id"));
    const [row, pol] = await Promise.all([savedInteraction(db, viewer, id), loadPolicy(db)]);
    if (!row) throw new ApiError(404, "not_found", "not found");
    const channel: Channel = row.channel;
    const warnings = (c.req.query("w") ?? "").split(",");
    return c.html(
      <Layout c={c} title={t.log.savedTitle} nav="log">
        <div class="card">
          <h1>✓ {t.log.savedTitle}</h1>
          <p>{t.log.savedSummary(row.storeName, t.common.channelLong[channel])}</p>
          {isQuotaChannel(channel) && (
            <p class="saved-count">
              <strong>{t.log.monthCount(t.common.channel[channel], Number(row.monthCount), requiredFor(pol, row.storeClass, channel))}</strong>
            </p>
          )}
          {channel === "visit" && <p class="muted">{t.log.intelCount(Number(row.insights), pol.intelItemsPerVisit)}</p>}
          {warnings.includes("gift_cap") && <div class="alert warn">{t.log.giftCapWarning(t.common.yuan(pol.giftCapPerStoreYear))}</div>}
        </div>
        <p class="row">
          <a class="button" href="/log">
            {t.log.logAnother}
          </a>
          <a class="button secondary" href={`/log?storeId=${row.storeId}`}>
            {t.log.sameStoreAgain}
          </a>
        </p>
        <p class="row">
          <a href="/today">{t.log.toToday}</a>
          <a href={`/stores/${row.storeId}`}>{t.log.toStore}</a>
        </p>
      </Layout>,
    );
  });
