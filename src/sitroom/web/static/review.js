// The review queue: flagged, conflicting and least confident first. Keys: j/k move, a accept, r reject,
// e edit, m merge, s split, ? help. Every action needs a reason and is written to the audit log.
import { h, $, fmt } from "./dom.js";
import { get, post, token, setToken } from "./api.js";
import { showEvent } from "./event.js";

const HELP = "j/k next/previous · a accept · r reject · e edit · m merge · s split (reason first)";

export async function reviewPage(main, panel) {
  let items = [], at = 0;
  const status = h("div", { id: "review-status", class: "sub" }, HELP);
  const reason = h("input", { id: "reason", placeholder: "reason (required)", size: 40 });
  const who = h("input", { id: "reviewer", placeholder: "reviewer", value: localStorage.getItem("reviewer") || "analyst", size: 12 });
  const tok = h("input", { id: "token", type: "password", placeholder: "write token", value: token(), size: 16,
                          onchange: () => setToken(tok.value) });
  const editBox = h("textarea", { id: "changes", rows: 3, cols: 50,
                                  placeholder: '{"fatalities": {"value": 3}} — edit JSON; merge: target id; split: [{…},{…}]' });
  const list = h("table", { id: "queue" });
  main.replaceChildren(h("h3", {}, "Review queue"), h("div", {}, reason, " ", who, " ", tok), editBox, status, list);

  async function load() {
    const data = await get("/api/review/queue", { limit: 200 });
    items = data.items; at = Math.min(at, Math.max(items.length - 1, 0));
    list.replaceChildren(h("tr", {}, ["why", "type", "place", "date", "conf"].map(t => h("th", {}, t))),
      ...items.map((it, i) => h("tr", { class: `ev ${i === at ? "sel" : ""}`, "data-id": it.event.id,
                                     onclick: () => { at = i; select(); } },
        h("td", { class: "flag" }, it.why.join(", ")), h("td", {}, it.event.event_type),
        h("td", {}, it.event.location?.name || "—"), h("td", {}, it.event.date?.value || "—"),
        h("td", {}, fmt(it.event.confidence)))));
    status.textContent = `${data.pending} pending · ${HELP}`;
    if (items.length) await showEvent(panel, items[at].event.id);
    else panel.replaceChildren(h("p", {}, "Nothing left to review."));
  }
  async function select() {
    list.querySelectorAll("tr.sel").forEach(t => t.classList.remove("sel"));
    list.querySelector(`tr[data-id="${CSS.escape(items[at]?.event.id || "")}"]`)?.classList.add("sel");
    if (items[at]) await showEvent(panel, items[at].event.id);
  }
  async function act(action) {
    const item = items[at];
    if (!item) return;
    if (!reason.value.trim()) { status.textContent = "Give a reason first."; reason.focus(); return; }
    localStorage.setItem("reviewer", who.value);
    const body = { reason: reason.value.trim(), reviewer: who.value.trim() || "analyst" };
    try {
      if (action === "edit") body.changes = JSON.parse(editBox.value || "{}");
      if (action === "merge") body.into = editBox.value.trim();
      if (action === "split") body.parts = JSON.parse(editBox.value || "[]");
      await post(`/api/review/${encodeURIComponent(item.event.id)}/${action}`, body);
      status.textContent = `${action}: ${item.event.id} done`;
      reason.value = ""; editBox.value = "";
      await load();
      status.textContent = `${action}: ${item.event.id} done`;
    } catch (err) {
      status.textContent = `${action} failed: ${err.message}`;
    }
  }
  document.onkeydown = ev => {
    if (["INPUT", "TEXTAREA"].includes(document.activeElement?.tagName)) {
      if (ev.key === "Escape") document.activeElement.blur();
      return;
    }
    const keys = { j: () => { at = Math.min(at + 1, items.length - 1); select(); },
                   k: () => { at = Math.max(at - 1, 0); select(); },
                   a: () => act("accept"), r: () => act("reject"), e: () => act("edit"),
                   m: () => act("merge"), s: () => act("split") };
    if (keys[ev.key] && !ev.ctrlKey && !ev.metaKey && !ev.altKey) { ev.preventDefault(); keys[ev.key](); }
  };
  await load();
}

export async function auditPage(main) {
  const data = await get("/api/review/audit", { limit: 500 });
  main.replaceChildren(h("h3", {}, "Audit log"), h("table", { id: "audit" },
    h("tr", {}, ["when", "who", "action", "event", "reason", "change"].map(t => h("th", {}, t))),
    data.audit.map(r => h("tr", {}, h("td", {}, r.at), h("td", {}, r.reviewer), h("td", {}, r.action),
      h("td", {}, h("a", { href: `/events/${r.event_id}` }, r.event_id)), h("td", {}, r.reason),
      h("td", { class: "sub" }, summarize(r.before, r.after))))));
}

function summarize(before, after) {
  if (!after) return "hidden";
  if (!before) return "";
  const keys = Object.keys(after).filter(k => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
  return keys.length ? `changed ${keys.join(", ")}` : "accepted as is";
}
