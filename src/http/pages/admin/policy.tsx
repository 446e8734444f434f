// /admin/policy: the handbook's rules as numbers an admin edits (R1–R17, working days, digests).
// Field names are the policy's own paths (`quotas.visit.A`), so validatePolicy's error paths land
// beside the field they concern.
import { Hono } from "hono";
import type { AppContext, AppEnv } from "../../context.ts";
import { requireViewer } from "../../guard.ts";
import { Csrf, FieldError } from "../layout.tsx";
import { policyWithAuthor, savePolicy } from "../../../db/queries/policy.ts";
import { validatePolicy, type Policy } from "../../../domain/policy.ts";
import { CHANNELS, LIFE_EVENT_KINDS, QUOTA_CHANNELS, STORE_CLASSES } from "../../../domain/types.ts";
import { localDateOf, localTimeOf } from "../../../domain/dates.ts";
import type { Messages } from "../../../i18n/index.ts";
import { AdminPage, SelectField, TextField, num, str, strs, type Errors } from "./shared.tsx";

type Values = Record<string, string>;

const FOLLOW_UP_KINDS = ["birthday", ...LIFE_EVENT_KINDS] as const;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

const perClassPaths = (prefix: string) => STORE_CLASSES.map((k) => `${prefix}.${k}`);
/** Every single-value field of the form, by its policy path. */
const TEXT_FIELDS = [
  ...QUOTA_CHANNELS.flatMap((ch) => perClassPaths(`quotas.${ch}`)),
  "helpAskedPerRep",
  ...perClassPaths("problemsSolved.perClass"),
  "problemsSolved.scope",
  "trainingsPerRep",
  "intelItemsPerVisit",
  ...FOLLOW_UP_KINDS.flatMap((k) => [`followUps.${k}.channel`, `followUps.${k}.dueDays`]),
  "giftCapPerStoreYear",
  "extraNonWorkingDates",
  "timeZone",
  "digest.defaultTime",
  "digest.cutoffTime",
  "digest.weeklyDay",
  "digest.maxPlanItems",
];

function toValues(p: Policy): Values {
  const values: Values = {
    helpAskedPerRep: String(p.helpAskedPerRep),
    "problemsSolved.scope": p.problemsSolved.scope,
    trainingsPerRep: String(p.trainingsPerRep),
    intelItemsPerVisit: String(p.intelItemsPerVisit),
    giftCapPerStoreYear: String(p.giftCapPerStoreYear),
    workingDays: p.workingDays.join(","),
    officialHolidaysOff: p.officialHolidaysOff ? "1" : "",
    extraNonWorkingDates: p.extraNonWorkingDates.join("\n"),
    timeZone: p.timeZone,
    "digest.defaultTime": p.digest.defaultTime,
    "digest.cutoffTime": p.digest.cutoffTime,
    "digest.weeklyDay": String(p.digest.weeklyDay),
    "digest.maxPlanItems": String(p.digest.maxPlanItems),
  };
  for (const ch of QUOTA_CHANNELS) for (const k of STORE_CLASSES) values[`quotas.${ch}.${k}`] = String(p.quotas[ch][k]);
  for (const k of STORE_CLASSES) values[`problemsSolved.perClass.${k}`] = String(p.problemsSolved.perClass[k]);
  for (const k of FOLLOW_UP_KINDS) {
    values[`followUps.${k}.channel`] = p.followUps[k].channel;
    values[`followUps.${k}.dueDays`] = String(p.followUps[k].dueDays);
  }
  return values;
}

function fromForm(form: FormData): Values {
  const values: Values = {};
  for (const name of TEXT_FIELDS) values[name] = str(form, name);
  values.workingDays = strs(form, "workingDays").join(",");
  values.officialHolidaysOff = str(form, "officialHolidaysOff") === "1" ? "1" : "";
  return values;
}

/** The non-empty lines of the extra-dates box, with their line numbers for error messages. */
function dateLines(text: string): { date: string; line: number }[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((l, i) => ({ date: l.trim(), line: i + 1 }))
    .filter((l) => l.date !== "");
}

/** What the form says, shaped as a Policy for validatePolicy (which does all the checking). */
function toCandidate(values: Values): unknown {
  const n = (path: string) => num(values[path] ?? "");
  const perClass = (prefix: string) => Object.fromEntries(STORE_CLASSES.map((k) => [k, n(`${prefix}.${k}`)]));
  return {
    timeZone: (values.timeZone ?? "").trim(),
    workingDays: (values.workingDays ?? "").split(",").filter(Boolean).map(Number),
    officialHolidaysOff: values.officialHolidaysOff === "1",
    extraNonWorkingDates: dateLines(values.extraNonWorkingDates ?? "").map((l) => l.date),
    quotas: Object.fromEntries(QUOTA_CHANNELS.map((ch) => [ch, perClass(`quotas.${ch}`)])),
    followUps: Object.fromEntries(
      FOLLOW_UP_KINDS.map((k) => [k, { channel: values[`followUps.${k}.channel`], dueDays: n(`followUps.${k}.dueDays`) }]),
    ),
    helpAskedPerRep: n("helpAskedPerRep"),
    problemsSolved: { perClass: perClass("problemsSolved.perClass"), scope: values["problemsSolved.scope"] },
    trainingsPerRep: n("trainingsPerRep"),
    intelItemsPerVisit: n("intelItemsPerVisit"),
    giftCapPerStoreYear: n("giftCapPerStoreYear"),
    digest: {
      defaultTime: (values["digest.defaultTime"] ?? "").trim(),
      cutoffTime: (values["digest.cutoffTime"] ?? "").trim(),
      weeklyDay: n("digest.weeklyDay"),
      maxPlanItems: n("digest.maxPlanItems"),
    },
  };
}

/** validatePolicy's paths → the form field to mark, with a message saying what the field takes. */
export function policyFieldErrors(fields: Record<string, string>, values: Values, t: Messages): Errors {
  const e = t.admin.errors;
  const out: Errors = {};
  const lines = dateLines(values.extraNonWorkingDates ?? "");
  for (const path of Object.keys(fields)) {
    let field = path;
    let message: string = t.validation.invalid;
    const dates = /^extraNonWorkingDates\.(\d+)$/.exec(path);
    if (dates) {
      field = "extraNonWorkingDates";
      message = e.dates(lines[Number(dates[1])]?.line ?? Number(dates[1]) + 1);
    } else if (path === "_") {
      // The policy-wide check: the digest must go out before its own cut-off.
      field = "digest.cutoffTime";
      message = e.cutoff;
    } else if (path.startsWith("workingDays")) {
      field = "workingDays";
      message = path === "workingDays" ? e.working_days : e.weekday;
    } else if (/^followUps\.\w+\.dueDays$/.test(path)) message = e.due_days;
    else if (/^followUps\.\w+/.test(path)) {
      field = `${path.split(".").slice(0, 2).join(".")}.channel`;
      message = e.choice;
    } else if (path === "intelItemsPerVisit") message = e.intel;
    else if (path === "giftCapPerStoreYear") message = e.money;
    else if (path === "timeZone") message = e.time_zone;
    else if (path === "digest.defaultTime" || path === "digest.cutoffTime") message = e.hhmm;
    else if (path === "digest.weeklyDay") message = e.weekday;
    else if (path === "digest.maxPlanItems") message = e.plan_items;
    else if (path === "problemsSolved.scope") message = e.choice;
    else if (/^(quotas\.\w+\.[ABC]|problemsSolved\.perClass\.[ABC]|helpAskedPerRep|trainingsPerRep)$/.test(path)) message = e.count;
    out[field] ??= message;
  }
  return out;
}

function NumberCell(props: { name: string; label: string; values: Values; errors?: Errors }) {
  const bad = Boolean(props.errors?.[props.name]);
  return (
    <td>
      <input
        class={`num${bad ? " invalid" : ""}`}
        id={props.name}
        name={props.name}
        type="number"
        inputmode="numeric"
        min="0"
        value={props.values[props.name] ?? ""}
        aria-label={props.label}
        aria-invalid={bad ? "true" : undefined}
        aria-describedby={bad ? `${props.name}-error` : undefined}
      />
      <FieldError errors={props.errors} name={props.name} />
    </td>
  );
}

async function PolicyPage(props: { c: AppContext; values?: Values; errors?: Errors; notice?: string }) {
  const { c, errors } = props;
  requireViewer(c, "admin");
  const t = c.get("t");
  const tp = t.admin.policy;
  const db = c.get("db");
  const { policy: current, changed } = await policyWithAuthor(db);
  const values = props.values ?? toValues(current);
  const working = new Set((values.workingDays ?? "").split(","));
  const channelOptions = CHANNELS.map((ch) => [ch, t.common.channel[ch]] as const);
  return (
    <AdminPage c={c} title={tp.title} section="policy" notice={props.notice} error={errors ? t.common.fixErrors : undefined}>
      <h1>{tp.title}</h1>
      <p class="muted small">{tp.intro}</p>
      {changed && (
        <p class="muted small">
          {tp.updated(`${localDateOf(changed.at, current.timeZone)} ${localTimeOf(changed.at, current.timeZone)}`, changed.by)}
        </p>
      )}
      <form method="post" action="/admin/policy" novalidate>
        <Csrf c={c} />
        <section class="card">
          <h2>{tp.quotas}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{tp.channel}</th>
                  {STORE_CLASSES.map((k) => (
                    <th>{t.common.storeClass[k]}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {QUOTA_CHANNELS.map((ch) => (
                  <tr>
                    <th>{t.common.channel[ch]}</th>
                    {STORE_CLASSES.map((k) => (
                      <NumberCell name={`quotas.${ch}.${k}`} label={`${t.common.channelLong[ch]} ${t.common.storeClass[k]}`} values={values} errors={errors} />
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>

        <section class="card">
          <h2>{tp.repRules}</h2>
          <TextField name="helpAskedPerRep" type="number" inputmode="numeric" label={tp.helpAsked} value={values.helpAskedPerRep ?? ""} errors={errors} />
          <p class="label">{tp.problemsSolved}</p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  {STORE_CLASSES.map((k) => (
                    <th>{t.common.storeClass[k]}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  {STORE_CLASSES.map((k) => (
                    <NumberCell name={`problemsSolved.perClass.${k}`} label={`${tp.problemsSolved} ${t.common.storeClass[k]}`} values={values} errors={errors} />
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
          <SelectField
            name="problemsSolved.scope"
            label={tp.problemsScope}
            value={values["problemsSolved.scope"] ?? ""}
            errors={errors}
            options={[
              ["store", tp.scopeStore],
              ["rep", tp.scopeRep],
            ]}
          />
          <TextField name="trainingsPerRep" type="number" inputmode="numeric" label={tp.trainings} value={values.trainingsPerRep ?? ""} errors={errors} />
          <TextField name="intelItemsPerVisit" type="number" inputmode="numeric" label={tp.intelItems} value={values.intelItemsPerVisit ?? ""} errors={errors} />
        </section>

        <section class="card">
          <h2>{tp.followUps}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{tp.followUpKind}</th>
                  <th>{tp.followUpChannel}</th>
                  <th>{tp.followUpDue}</th>
                </tr>
              </thead>
              <tbody>
                {FOLLOW_UP_KINDS.map((k) => {
                  const label = k === "birthday" ? tp.birthday : t.common.lifeEvent[k];
                  const name = `followUps.${k}.channel`;
                  const bad = Boolean(errors?.[name]);
                  return (
                    <tr>
                      <th>{label}</th>
                      <td>
                        <select
                          id={name}
                          name={name}
                          aria-label={`${label} ${tp.followUpChannel}`}
                          class={bad ? "invalid" : undefined}
                          aria-describedby={bad ? `${name}-error` : undefined}
                        >
                          {channelOptions.map(([value, text]) => (
                            <option value={value} selected={values[name] === value}>
                              {text}
                            </option>
                          ))}
                        </select>
                        <FieldError errors={errors} name={name} />
                      </td>
                      <NumberCell name={`followUps.${k}.dueDays`} label={`${label} ${tp.followUpDue}`} values={values} errors={errors} />
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>

        <section class="card">
          <h2>{tp.gifts}</h2>
          <TextField name="giftCapPerStoreYear" type="number" inputmode="decimal" label={tp.giftCap} value={values.giftCapPerStoreYear ?? ""} errors={errors} />
        </section>

        <section class="card">
          <h2>{tp.calendar}</h2>
          <fieldset
            class={`days${errors?.workingDays ? " invalid" : ""}`}
            id="workingDays"
            aria-describedby={errors?.workingDays ? "workingDays-error" : undefined}
          >
            <legend>{tp.workingDays}</legend>
            {WEEKDAYS.map((d) => (
              <label class="check">
                <input type="checkbox" name="workingDays" value={String(d)} checked={working.has(String(d))} />
                {tp.weekdays[d - 1]}
              </label>
            ))}
          </fieldset>
          <FieldError errors={errors} name="workingDays" />
          <label class="check">
            <input type="checkbox" name="officialHolidaysOff" value="1" checked={values.officialHolidaysOff === "1"} />
            {tp.officialHolidaysOff}
          </label>
          <div class="field">
            <label for="extraNonWorkingDates">{tp.extraDates}</label>
            <textarea
              id="extraNonWorkingDates"
              name="extraNonWorkingDates"
              rows={4}
              class={errors?.extraNonWorkingDates ? "invalid" : undefined}
              aria-describedby={errors?.extraNonWorkingDates ? "extraNonWorkingDates-error" : undefined}
            >
              {/* HTML drops one line break right after <textarea>: line numbers in errors stay right. */}
              {"\n"}
              {values.extraNonWorkingDates ?? ""}
            </textarea>
            <div class="muted small">{tp.extraDatesHint}</div>
            <FieldError errors={errors} name="extraNonWorkingDates" />
          </div>
          <TextField name="timeZone" label={tp.timeZone} hint={tp.timeZoneHint} value={values.timeZone ?? ""} errors={errors} />
        </section>

        <section class="card">
          <h2>{tp.digest}</h2>
          <TextField name="digest.defaultTime" type="time" label={tp.digestTime} value={values["digest.defaultTime"] ?? ""} errors={errors} />
          <TextField name="digest.cutoffTime" type="time" label={tp.cutoffTime} value={values["digest.cutoffTime"] ?? ""} errors={errors} />
          <SelectField
            name="digest.weeklyDay"
            label={tp.weeklyDay}
            value={values["digest.weeklyDay"] ?? ""}
            errors={errors}
            options={WEEKDAYS.map((d) => [String(d), tp.weekdays[d - 1] ?? String(d)] as const)}
          />
          <TextField name="digest.maxPlanItems" type="number" inputmode="numeric" label={tp.maxPlanItems} value={values["digest.maxPlanItems"] ?? ""} errors={errors} />
        </section>
        <div class="sticky-submit">
          <button class="block" type="submit">
            {tp.save}
          </button>
        </div>
      </form>
    </AdminPage>
  );
}

export const adminPolicy = new Hono<AppEnv>()
  .get("/", (c) => {
    requireViewer(c, "admin");
    return c.html(<PolicyPage c={c} notice={c.req.query("done") === "saved" ? c.get("t").admin.saved : undefined} />);
  })
  .post("/", async (c) => {
    const viewer = requireViewer(c, "admin");
    const t = c.get("t");
    const values = fromForm(await c.req.formData());
    // A day off must be a real day: the policy's date schema refuses 2026-02-30 (domain/fields.ts).
    const result = validatePolicy(toCandidate(values));
    if (!result.ok) return c.html(<PolicyPage c={c} values={values} errors={policyFieldErrors(result.fields, values, t)} />, 400);
    const data: Policy = {
      ...result.value,
      // Stored tidy: each day once, in order.
      workingDays: [...new Set(result.value.workingDays)].sort((a, b) => a - b),
      extraNonWorkingDates: [...new Set(result.value.extraNonWorkingDates)].sort(),
    };
    const now = c.get("now");
    await savePolicy(c.get("db"), data, viewer.id, now);
    return c.redirect("/admin/policy?done=saved", 303);
  });
