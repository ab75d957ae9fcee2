// Timeline histogram (events per day, stacked by type) with a brush: drag to pick a date range.
import { colour } from "./dom.js";

const NS = "http://www.w3.org/2000/svg";
const svgEl = (tag, attrs) => {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
};
const DAY = 86400000;
const iso = t => new Date(t).toISOString().slice(0, 10);

export function createTimeline(el, onBrush) {
  let days = [], t0 = 0, t1 = 0;
  const W = () => el.clientWidth || 600, H = 80;

  function draw(range) {
    el.replaceChildren();
    const svg = svgEl("svg", { width: W(), height: H, class: "timeline" });
    el.append(svg);
    if (!days.length) { el.dataset.days = "0"; return; }
    t0 = Date.parse(days[0].date) - DAY; t1 = Date.parse(days[days.length - 1].date) + 2 * DAY;
    const x = t => ((t - t0) / (t1 - t0)) * W();
    const totals = {};
    for (const d of days) totals[d.date] = (totals[d.date] || 0) + d.count;
    const max = Math.max(...Object.values(totals));
    const stack = {};
    const bw = Math.max(2, x(t0 + DAY) - x(t0) - 1);
    for (const d of days) {
      const below = stack[d.date] || 0, hh = (d.count / max) * (H - 16);
      stack[d.date] = below + hh;
      const r = svgEl("rect", { x: x(Date.parse(d.date)), y: H - 14 - below - hh, width: bw, height: hh,
                                fill: colour(d.event_type) });
      const title = svgEl("title", {}); title.textContent = `${d.date} ${d.event_type}: ${d.count}`;
      r.append(title); svg.append(r);
    }
    for (const [t, anchor] of [[t0, "start"], [t1, "end"]]) {
      const lab = svgEl("text", { x: x(t), y: H - 2, "font-size": 10, "text-anchor": anchor });
      lab.textContent = iso(t); svg.append(lab);
    }
    if (range) {
      const [a, b] = range.map(Date.parse);
      svg.append(svgEl("rect", { x: x(a), y: 0, width: Math.max(2, x(b + DAY) - x(a)), height: H - 14,
                                 class: "brush" }));
    }
    el.dataset.days = String(Object.keys(totals).length);
  }

  // Brushing: mouse down, drag, up → [from, to]; a click without drag clears the range.
  let start = null;
  const tAt = ev => t0 + ((ev.clientX - el.getBoundingClientRect().left) / W()) * (t1 - t0);
  el.addEventListener("mousedown", ev => { start = tAt(ev); ev.preventDefault(); });
  el.addEventListener("mouseup", ev => {
    if (start === null) return;
    const end = tAt(ev), [a, b] = [Math.min(start, end), Math.max(start, end)];
    start = null;
    if (b - a < DAY / 2) { draw(null); onBrush(null); return; }
    const range = [iso(a), iso(b)];
    draw(range); onBrush(range);
  });
  return { set(newDays, range) { days = newDays; draw(range); } };
}
