import type { AppContext } from "../context.ts";
import { Layout } from "./layout.tsx";

export function ErrorPage(props: { c: AppContext; status: number; message?: string }) {
  const t = props.c.get("t").common;
  const text =
    props.status === 404 ? t.notFound : props.status === 403 ? (props.message ?? t.forbidden) : props.status >= 500 ? t.serverError : (props.message ?? t.serverError);
  return (
    <Layout c={props.c} title={String(props.status)}>
      <div class="card">
        <h1>{props.status}</h1>
        <p>{text}</p>
        <p>
          <a href="/">{t.back}</a>
        </p>
      </div>
    </Layout>
  );
}
