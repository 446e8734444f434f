import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppContext } from "../context.ts";
import { useT } from "./layout.tsx";

function ErrorCard(props: { status: number; message?: string }) {
  const t = useT().common;
  const text =
    props.status === 404 ? t.notFound : props.status === 403 ? (props.message ?? t.forbidden) : props.status >= 500 ? t.serverError : (props.message ?? t.serverError);
  return (
    <div class="card">
      <h1>{props.status}</h1>
      <p>{text}</p>
      <p>
        <a href="/">{t.back}</a>
      </p>
    </div>
  );
}

/** The page of an error status: what it means in the viewer's language (a 403's or 4xx's own message when given). */
export function renderError(c: AppContext, status: ContentfulStatusCode, message?: string) {
  c.status(status);
  return c.render(<ErrorCard status={status} message={message} />, { title: String(status) });
}
