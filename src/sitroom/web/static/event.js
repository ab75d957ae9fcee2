// The event panel: every field with its confidence and evidence, the article with the supporting words
// highlighted, quotes with their speakers, and conflicting reports side by side.
import { h, fmt, link } from "./dom.js";
import { get } from "./api.js";

const FIELDS = [
  ["event_type", e => `${e.event_type} / ${e.sub_event_type || "—"}`, e => e.confidence],
  ["actor", e => (e.actors || []).map(a => `${a.name} (${a.role}${a.inter ? `, inter ${a.inter}` : ""})`).join("; "),
   e => Math.min(...(e.actors || [{ confidence: NaN }]).map(a => a.confidence))],
  ["location", e => e.location && `${e.location.name}, ${e.location.admin1 || ""} ${e.location.country || ""} ` +
   `(${fmt(e.location.lat, 3)}, ${fmt(e.location.lon, 3)}; precision ${e.location.geo_precision})`,
   e => e.location?.confidence],
  ["date", e => e.date && `${e.date.value} (${e.date.earliest} … ${e.date.latest}; precision ${e.date.time_precision})`,
   e => e.date?.confidence],
  ["fatalities", e => e.fatalities && `${e.fatalities.value} (${e.fatalities.low}–${e.fatalities.high})`,
   e => e.fatalities?.confidence],
];

// Article text as text nodes with <mark> around evidence spans (overlaps keep the first span).
export function highlighted(text, spans, focus) {
  const out = h("div", { class: "article-text" });
  let pos = 0;
  for (const sp of [...spans].sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (sp.start < pos) continue;
    out.append(text.slice(pos, sp.start));
    out.append(h("mark", { class: focus && sp.field === focus ? "focus" : "", title: sp.field,
                           "data-field": sp.field }, text.slice(sp.start, sp.end)));
    pos = sp.end;
  }
  out.append(text.slice(pos));
  return out;
}

export async function showArticle(target, articleId, spans, focus) {
  const data = await get(`/api/articles/${encodeURIComponent(articleId)}`);
  const a = data.article;
  target.replaceChildren(
    h("h4", {}, a.title || "(untitled)"),
    h("div", { class: "sub" }, `${a.outlet || ""} · ${a.published || ""} · `,
      a.url && /^https?:\/\//.test(a.url) ? h("a", { href: a.url, rel: "noopener noreferrer" }, "source") : ""),
    highlighted(a.text, (spans || data.spans).filter(s => !s.article_id || s.article_id === a.id), focus),
  );
  target.querySelector("mark.focus")?.scrollIntoView({ block: "center" });
}

function sideBySide(event, related) {
  if (!related.length) return h("p", { class: "sub" }, "No other reports of this event nearby.");
  const rows = ["event_type", "sub_event_type", "date", "fatalities", "actors"];
  const val = (e, f) => f === "date" ? e.date?.value : f === "fatalities" ? e.fatalities?.value
    : f === "actors" ? (e.actors || []).map(a => a.name).join("; ") : e[f];
  const outlet = e => (e.reports || []).map(r => r.outlet).filter(Boolean).join(", ") || e.id;
  return h("table", { class: "compare" },
    h("tr", {}, h("th", {}, ""), h("th", {}, outlet(event)), related.map(r => h("th", {}, outlet(r)))),
    rows.map(f => h("tr", {}, h("th", {}, f), h("td", {}, val(event, f) ?? "—"),
      related.map(r => h("td", { class: r.differs.includes(f) ? "differs" : "" }, val(r, f) ?? "—")))));
}

export async function showEvent(panel, eventId, { onReview } = {}) {
  const data = await get(`/api/events/${encodeURIComponent(eventId)}`);
  const e = data.event;
  const articleBox = h("div", { id: "article" });
  const article = e.reports?.[0]?.article_id;
  const fieldRows = FIELDS.map(([name, text, conf]) => {
    const value = text(e);
    if (!value) return null;
    const ev = data.evidence.filter(x => x.field === name);
    return h("tr", { class: "field", "data-field": name, onclick: () => showArticle(articleBox, article, data.evidence, name) },
      h("th", {}, name), h("td", {}, value,
        h("div", { class: "sub" }, ev.map(x => `“${x.text}” [${x.start}–${x.end}]`).join(" · "))),
      h("td", { class: "conf" }, fmt(conf(e))));
  });
  const flags = Object.entries(e.flags || {}).filter(([, v]) => v).map(([k]) => k);
  panel.replaceChildren(
    h("h3", {}, `${e.event_type}`),
    h("div", { class: "sub" }, `id ${e.id} · PLOVER ${e.plover || "—"} · confidence ${fmt(e.confidence)}`,
      flags.length ? h("span", { class: "flag" }, ` · ${flags.join(", ")}`) : "",
      data.review ? h("span", { class: "badge" }, ` ${data.review.status} by ${data.review.reviewer}`) : "",
      " · ", h("a", { href: `/api/events/${encodeURIComponent(e.id)}` }, "JSON")),
    h("table", { class: "fields" }, fieldRows),
    e.edited ? h("p", { class: "sub" }, `edited: ${e.edited.join(", ")} — machine output kept beneath (see JSON)`) : "",
    h("h4", {}, "Reports"),
    h("ul", {}, (e.reports || []).map(r => h("li", {},
      link(`/articles/${r.article_id}`, `${r.outlet || r.article_id} ${r.published || ""}`,
        () => showArticle(articleBox, r.article_id, r.article_id === article ? data.evidence : null))))),
    h("h4", {}, "Quotes"),
    data.quotes.length ? h("ul", { class: "quotes" }, data.quotes.map(q => h("li", {},
      h("b", {}, q.speaker?.name || "unknown"), q.speaker?.description ? ` (${q.speaker.description})` : "",
      `: ${q.direct ? "“" : ""}${q.content.text}${q.direct ? "”" : ""}`))) : h("p", { class: "sub" }, "none"),
    h("h4", {}, "Other reports side by side"),
    sideBySide(e, data.related),
    onReview ? h("p", {}, h("button", { onclick: () => onReview(e.id) }, "Review this event")) : "",
    articleBox,
  );
  if (article) await showArticle(articleBox, article, data.evidence, null);
  return data;
}
