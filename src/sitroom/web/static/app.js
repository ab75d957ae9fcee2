// Page router and the main view: filter panel, map, timeline brush and event table, all kept in step.
import { h, $, fmt, link, colour } from "./dom.js";
import { get } from "./api.js";
import { createMap } from "./map.js";
import { createTimeline } from "./timeline.js";
import { showEvent, showArticle } from "./event.js";
import { reviewPage, auditPage } from "./review.js";

const main = $("#main"), panel = $("#panel");
const state = { range: null, filters: {} };

function twinOf(path, twins) {
  for (const [page, api] of Object.entries(twins)) {
    const re = new RegExp("^" + page.replace("{id}", "([^/]+)") + "$");
    const m = path.match(re);
    if (m) return api.replace("{id}", m[1] || "");
  }
  return "/api/events";
}

function filterPanel(onChange) {
  const field = (name, label, attrs = {}) => h("label", {}, label, h("input", { name, ...attrs }));
  const form = h("form", { id: "filters", onsubmit: e => { e.preventDefault(); onChange(); } },
    field("q", "text"), field("event_type", "type", { list: "types" }), field("sub_event_type", "sub-type"),
    field("actor", "actor"), field("place", "place"),
    field("date_from", "from", { type: "date" }), field("date_to", "to", { type: "date" }),
    field("min_confidence", "min conf", { type: "number", min: 0, max: 1, step: 0.05 }),
    h("label", {}, "flags", h("select", { name: "flag" },
      ["", "none", "any", "negated", "hypothetical", "historical"].map(v => h("option", { value: v }, v || "all")))),
    h("label", {}, "reviewed", h("select", { name: "reviewed" },
      ["all", "reviewed", "unreviewed"].map(v => h("option", { value: v }, v)))),
    h("label", {}, h("input", { type: "checkbox", name: "in_view" }), "only map view"),
    h("button", { type: "submit" }, "Apply"),
    h("datalist", { id: "types" }, Object.keys({ "Battles": 1, "Explosions/Remote violence": 1,
      "Violence against civilians": 1, "Protests": 1, "Riots": 1, "Strategic developments": 1 }).map(t => h("option", { value: t }))));
  form.addEventListener("change", onChange);
  return form;
}

async function mapPage(openId) {
  const table = h("table", { id: "events" });
  const count = h("span", { id: "count", class: "sub" });
  const mapEl = h("div", { id: "map" }), tlEl = h("div", { id: "timeline" });
  let map = null;
  const filters = filterPanel(() => refresh(true));
  main.replaceChildren(filters, mapEl, tlEl, h("div", {}, count, " · export: ",
    ["csv", "geojson", "plover", "json"].map(f => [h("a", { class: "export", "data-fmt": f, href: "#" }, f), " "])), table);
  const timeline = createTimeline(tlEl, range => { state.range = range; refresh(false); });

  function params() {
    const p = Object.fromEntries(new FormData(filters).entries());
    if (p.in_view && map) p.bbox = map.bounds();
    delete p.in_view;
    return p;
  }
  async function refresh(withTimeline) {
    const p = params();
    if (withTimeline) timeline.set((await get("/api/timeline", p)).days, state.range);
    const q = { ...p, limit: 1000 };
    if (state.range) { q.date_from = state.range[0]; q.date_to = state.range[1]; }
    const data = await get("/api/events", q);
    count.textContent = `${data.total} events${data.total > data.events.length ? ` (first ${data.events.length} shown)` : ""}`;
    main.querySelectorAll("a.export").forEach(a => {
      const { limit, ...rest } = q;
      a.href = `/api/export/events.${a.dataset.fmt}?${new URLSearchParams(Object.entries(rest).filter(([, v]) => v !== ""))}`;
    });
    table.replaceChildren(...[h("tr", {}, ["type", "actors", "place", "date", "dead", "conf", ""].map(t => h("th", {}, t))),
      data.events.map(e => h("tr", { class: "ev", "data-id": e.id, onclick: () => pick(e.id) },
        h("td", {}, h("span", { class: "dot", style: `background:${colour(e.event_type)}` }), e.event_type,
          h("div", { class: "sub" }, e.sub_event_type || "")),
        h("td", {}, (e.actors || []).map(a => a.name).join("; ")),
        h("td", {}, e.location ? `${e.location.name} ${e.location.country || ""}` : "—"),
        h("td", {}, e.date?.value || "—"), h("td", {}, e.fatalities?.value ?? "—"), h("td", {}, fmt(e.confidence)),
        h("td", { class: "flag" }, [...Object.entries(e.flags || {}).filter(([, v]) => v).map(([k]) => k),
                                    e.review || ""].filter(Boolean).join(" "))))].flat());
    map?.show(data.events);
  }
  async function pick(id) {
    history.replaceState(null, "", `/events/${id}`);
    table.querySelectorAll("tr.sel").forEach(t => t.classList.remove("sel"));
    table.querySelector(`tr[data-id="${CSS.escape(id)}"]`)?.classList.add("sel");
    await showEvent(panel, id, { onReview: () => { location.href = "/review"; } });
  }
  await refresh(true);
  map = await createMap(mapEl, pick);
  if (!map) { mapEl.replaceChildren(h("p", { class: "sub" }, "Map unavailable (vendor files missing: run scripts/web_assets.sh); the table below has every event.")); mapEl.classList.add("nomap"); }
  else { map.onMove(() => { if (filters.in_view.checked) refresh(false); }); await refresh(false); }
  if (openId) await pick(openId);
}

async function simplePage(title, path, key, columns) {
  const data = await get(path, { limit: 1000 });
  main.replaceChildren(h("h3", {}, title), h("table", { id: key },
    h("tr", {}, columns.map(([label]) => h("th", {}, label))),
    data[key].map(row => h("tr", {}, columns.map(([, f]) => h("td", {}, f(row) ?? "—"))))));
}

async function route() {
  const ui = await get("/api/ui");
  const path = location.pathname;
  $("#twin").href = twinOf(path, ui.twins);
  document.body.dataset.page = path.split("/")[1] || "map";
  let m;
  if (path === "/review") await reviewPage(main, panel);
  else if (path === "/audit") await auditPage(main);
  else if (path === "/quotes") await simplePage("Quotes", "/api/quotes", "quotes", [
    ["speaker", q => q.speaker?.name], ["kind", q => q.speaker?.kind], ["said", q => q.content.text],
    ["article", q => link(`/articles/${q.article_id}`, q.article_id)]]);
  else if (path === "/actors") await simplePage("Actors", "/api/actors", "actors", [
    ["name", a => a.name], ["inter", a => a.inter], ["events", a => a.events], ["roles", a => a.roles.join(", ")]]);
  else if (path === "/places") await simplePage("Places", "/api/places", "places", [
    ["name", p => p.name], ["admin1", p => p.admin1], ["country", p => p.country], ["mentions", p => p.mentions],
    ["lat, lon", p => `${fmt(p.lat, 3)}, ${fmt(p.lon, 3)}`]]);
  else if ((m = path.match(/^\/articles\/([^/]+)$/))) await showArticle(main, decodeURIComponent(m[1]), null, null);
  else await mapPage((m = path.match(/^\/events\/([^/]+)$/)) ? decodeURIComponent(m[1]) : null);
  document.body.dataset.ready = "1";
}

route().catch(err => { main.append(h("p", { class: "error" }, String(err.message || err))); document.body.dataset.ready = "error"; });
