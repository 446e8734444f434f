// /admin/import: CSV import of stores and contacts. Upload (or paste) → a preview that checks every
// row and names every problem by row and column → an Import button that posts the same text back,
// which is checked again and written in one atomic batch, or not at all.
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppContext, AppEnv } from "../../context.ts";
import { requireViewer } from "../../guard.ts";
import { Csrf, FieldError, TableWrap, useT } from "../layout.tsx";
import { checkImport, runImport, type ImportCheck } from "../../../services/import.ts";
import { decodeCsvBytes } from "../../../domain/csv.ts";
import { IMPORT_KINDS, type ImportKind, type ResolvedContact, type ResolvedStore } from "../../../domain/import.ts";
import { renderAdmin, SelectField, str, type Errors } from "./shared.tsx";

/** An upload larger than this cannot be within MAX_IMPORT_CHARS anyway. */
const MAX_UPLOAD_BYTES = 4_000_000;
const PREVIEW_ROWS = 20;

type Input = { kind: string; text: string };

function isKind(s: string): s is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(s);
}

function UploadForm(props: { input: Input; errors?: Errors }) {
  const { input, errors } = props;
  const ti = useT().admin.import;
  return (
    <form method="post" action="/admin/import/preview" enctype="multipart/form-data" class="card" novalidate>
      <Csrf />
      <SelectField
        name="kind"
        label={ti.kind}
        value={input.kind}
        errors={errors}
        options={[
          ["stores", ti.kindStores],
          ["contacts", ti.kindContacts],
        ]}
      />
      <div class="field">
        <label for="file">{ti.file}</label>
        <input
          id="file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          class={errors?.file ? "invalid" : undefined}
          aria-describedby={errors?.file ? "file-error" : undefined}
        />
        <div class="muted small">{ti.fileHint}</div>
        <FieldError errors={errors} name="file" />
      </div>
      <div class="field">
        <label for="text">{ti.paste}</label>
        <textarea
          id="text"
          name="text"
          rows={6}
          class={`mono${errors?.text ? " invalid" : ""}`}
          aria-describedby={errors?.text ? "text-error" : undefined}
        >
          {/* HTML drops one line break right after <textarea>: give it one, so the text comes back exactly. */}
          {"\n"}
          {input.text}
        </textarea>
        <FieldError errors={errors} name="text" />
      </div>
      <p>
        <button type="submit">{ti.preview}</button>
      </p>
    </form>
  );
}

function FormatHelp() {
  const ti = useT().admin.import;
  return (
    <details class="card" open>
      <summary>{ti.formatTitle}</summary>
      <p class="small">{ti.formatIntro}</p>
      {(["stores", "contacts"] as const).map((kind) => (
        <>
          <h2>{kind === "stores" ? ti.storesFormat : ti.contactsFormat}</h2>
          <TableWrap label={kind === "stores" ? ti.storesFormat : ti.contactsFormat}>
            <table>
              <tbody>
                {ti.columns[kind].map(([col, text]) => (
                  <tr>
                    <td>
                      <code>{col}</code>
                    </td>
                    <td class="small">{text}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <p class="small muted">{ti.example}</p>
          {/* Scrolls sideways on a phone: focusable, so a keyboard can scroll it. */}
          <pre class="csv" tabindex={0} role="region" aria-label={`${kind === "stores" ? ti.storesFormat : ti.contactsFormat} · ${ti.example}`}>
            {ti.examples[kind]}
          </pre>
        </>
      ))}
    </details>
  );
}

/** The upload form, with what was sent and its errors when it did not get as far as a preview. */
function renderImport(c: AppContext, props: { input: Input; errors?: Errors; notice?: string }, status: ContentfulStatusCode = 200) {
  const t = c.get("t");
  const body = (
    <>
      <h1>{t.admin.import.title}</h1>
      <p class="muted small">{t.admin.import.intro}</p>
      <UploadForm input={props.input} errors={props.errors} />
      <FormatHelp />
    </>
  );
  return renderAdmin(c, { title: t.admin.import.title, section: "import", notice: props.notice, error: props.errors ? t.common.fixErrors : undefined }, body, status);
}

function StoreRows(props: { rows: ResolvedStore[] }) {
  const t = useT();
  return (
    <table>
      <thead>
        <tr>
          <th>{t.admin.import.errorRow}</th>
          <th>{t.admin.import.changes}</th>
          <th>code</th>
          <th>name</th>
          <th>class</th>
          <th>city</th>
          <th>rep_email</th>
          <th>address</th>
          <th>phone</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <td>{r.row}</td>
            <td class="small">
              {r.update === null
                ? t.admin.import.newStore
                : r.update.changes.length === 0
                  ? t.admin.import.unchanged
                  : r.update.changes.map((ch) => `${ch.field}: ${ch.from ?? "—"} → ${ch.to ?? "—"}`).join("; ")}
            </td>
            <td>{r.code ?? ""}</td>
            <td>{r.name}</td>
            <td>{r.class}</td>
            <td>{r.city}</td>
            <td>{r.repEmail ?? t.admin.import.unassigned}</td>
            <td>{r.address ?? ""}</td>
            <td>{r.phone ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ContactRows(props: { rows: ResolvedContact[] }) {
  const t = useT();
  return (
    <table>
      <thead>
        <tr>
          <th>{t.admin.import.errorRow}</th>
          <th>store</th>
          <th>role</th>
          <th>name</th>
          <th>form_of_address</th>
          <th>phone</th>
          <th>birthday</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <td>{r.row}</td>
            <td>{r.storeCode ?? `${r.storeName} · ${r.storeCity}`}</td>
            <td>{t.common.contactRole[r.role]}</td>
            <td>{r.name}</td>
            <td>{r.formOfAddress ?? ""}</td>
            <td>{r.phone ?? ""}</td>
            <td>
              {r.birthday
                ? `${t.common.calendar[r.birthday.calendar]} ${r.birthday.year ? `${r.birthday.year}-` : ""}${r.birthday.leapMonth ? t.admin.import.leap : ""}${r.birthday.month}-${r.birthday.day}`
                : ""}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CheckErrors(props: { errors: ImportCheck["errors"] }) {
  const t = useT();
  const ti = t.admin.import;
  return (
    <TableWrap label={ti.errorsLabel} card>
      <table class="import-errors">
        <thead>
          <tr>
            <th>{ti.errorRow}</th>
            <th>{ti.errorColumn}</th>
            <th>{ti.errorMessage}</th>
          </tr>
        </thead>
        <tbody>
          {props.errors.map((e) => (
            <tr>
              <td>{e.row === 0 ? ti.fileRow : e.row}</td>
              <td>{e.column ? <code>{e.column}</code> : ""}</td>
              <td>
                {t.admin.importErrors[e.code]}
                {e.candidates && (
                  <div class="small">
                    {ti.candidates} {e.candidates.map((x) => `#${x.id}${x.code ? ` ${x.code}` : ""}${x.address ? ` ${x.address}` : ""}`).join("; ")}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** A clean file's first rows and the button that imports it. */
function ReadyToImport(props: { input: Input; check: ImportCheck }) {
  const ti = useT().admin.import;
  const { input, check } = props;
  return (
    <>
      <h2>{ti.firstRows(Math.min(PREVIEW_ROWS, check.rows.length))}</h2>
      <TableWrap label={ti.firstRows(Math.min(PREVIEW_ROWS, check.rows.length))} card>
        {check.kind === "stores" ? <StoreRows rows={check.rows.slice(0, PREVIEW_ROWS)} /> : <ContactRows rows={check.rows.slice(0, PREVIEW_ROWS)} />}
      </TableWrap>
      <form method="post" action="/admin/import" class="sticky-submit">
        <Csrf />
        <input type="hidden" name="kind" value={check.kind} />
        {/* The very text just checked goes back; the server checks it again before writing. */}
        <textarea name="text" hidden aria-hidden="true">
          {"\n"}
          {input.text}
        </textarea>
        <button class="block" type="submit">
          {ti.doImport(check.rows.length)}
        </button>
      </form>
    </>
  );
}

function Preview(props: { input: Input; check: ImportCheck; clean: boolean }) {
  const ti = useT().admin.import;
  const { input, check, clean } = props;
  return (
    <>
      <h1>{ti.previewTitle}</h1>
      {clean ? <div class="alert ok">{ti.clean(check.rows.length)}</div> : <div class="alert error">{ti.hasErrors(check.errors.length)}</div>}
      {check.errors.length > 0 && <CheckErrors errors={check.errors} />}
      {clean && <ReadyToImport input={input} check={check} />}
      <h2>{ti.again}</h2>
      {/* After errors the text stays in the box to be fixed in place; a clean file is already in the import form. */}
      <UploadForm input={clean ? { ...input, text: "" } : input} />
    </>
  );
}

/** The check of every row: 200 when the file may be imported, 400 with every problem otherwise. */
function renderPreview(c: AppContext, input: Input, check: ImportCheck) {
  const clean = check.errors.length === 0 && check.rows.length > 0;
  return renderAdmin(c, { title: c.get("t").admin.import.previewTitle, section: "import" }, <Preview input={input} check={check} clean={clean} />, clean ? 200 : 400);
}

/** The file (decoded) wins over the pasted text; a problem with either is a field error. */
async function readInput(c: AppContext): Promise<{ input: Input; errors: Errors }> {
  const ti = c.get("t").admin.import;
  const form = await c.req.formData();
  const input: Input = { kind: str(form, "kind"), text: str(form, "text") };
  const errors: Errors = {};
  if (!isKind(input.kind)) errors.kind = c.get("t").validation.unknown_value;
  const file = form.get("file");
  if (file !== null && typeof file !== "string" && file.size > 0) {
    if (file.size > MAX_UPLOAD_BYTES) errors.file = c.get("t").admin.importErrors.file_too_large;
    else {
      const text = decodeCsvBytes(new Uint8Array(await file.arrayBuffer()));
      if (text === null) errors.file = c.get("t").admin.importErrors.bad_encoding;
      else input.text = text;
    }
  }
  if (!errors.file && input.text.trim() === "") errors.text = ti.noInput;
  return { input, errors };
}

export const adminImport = new Hono<AppEnv>()
  .get("/", (c) => {
    requireViewer(c, "admin");
    const ti = c.get("t").admin.import;
    const done = c.req.query("done") ?? "";
    const kind = c.req.query("kind") ?? "";
    const updated = c.req.query("updated") ?? "";
    const notice =
      /^\d{1,6}$/.test(done) && isKind(kind)
        ? /^[1-9]\d{0,5}$/.test(updated)
          ? ti.importedUpdated(Number(done), Number(updated))
          : ti.imported(Number(done), kind === "stores" ? ti.kindStores : ti.kindContacts)
        : undefined;
    return renderImport(c, { input: { kind: isKind(kind) ? kind : "stores", text: "" }, notice });
  })
  .post("/preview", async (c) => {
    const viewer = requireViewer(c, "admin");
    const { input, errors } = await readInput(c);
    if (Object.keys(errors).length > 0 || !isKind(input.kind)) return renderImport(c, { input, errors }, 400);
    return renderPreview(c, input, await checkImport(c.get("db"), viewer, input.kind, input.text));
  })
  .post("/", async (c) => {
    const viewer = requireViewer(c, "admin");
    const { input, errors } = await readInput(c);
    if (Object.keys(errors).length > 0 || !isKind(input.kind)) return renderImport(c, { input, errors }, 400);
    const result = await runImport(c.get("db"), viewer, viewer.id, input.kind, input.text, c.get("now"));
    if (!result.ok) return renderPreview(c, input, result.check);
    return c.redirect(`/admin/import?done=${result.inserted}&kind=${result.kind}${result.updated > 0 ? `&updated=${result.updated}` : ""}`, 303);
  });
