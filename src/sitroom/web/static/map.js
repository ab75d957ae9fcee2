// The Leaflet map over offline country shapes, markers clustered and coloured by event type.
// Returns null when the vendor files are missing: the page then works as a plain table.
import { colour } from "./dom.js";

function script(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = src; s.onload = resolve; s.onerror = () => reject(new Error(`missing ${src}`));
    document.head.append(s);
  });
}

function style(href) {
  const l = document.createElement("link");
  l.rel = "stylesheet"; l.href = href; document.head.append(l);
}

export async function createMap(el, onPick) {
  try {
    await script("/static/vendor/leaflet.js");
    await script("/static/vendor/leaflet.markercluster.js");
    await script("/static/vendor/topojson-client.min.js");
  } catch (e) {
    return null;
  }
  ["leaflet.css", "MarkerCluster.css", "MarkerCluster.Default.css"].forEach(f => style(`/static/vendor/${f}`));
  const L = window.L;
  const map = L.map(el, { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([10, 20], 2);
  try {
    const topo = await (await fetch("/static/vendor/countries.json")).json();
    const land = window.topojson.feature(topo, topo.objects.countries);
    L.geoJSON(land, { style: { color: "#8a99a8", weight: 0.6, fillColor: "#e9eef2", fillOpacity: 1 },
                      interactive: false }).addTo(map);
  } catch (e) { /* the basemap is decoration: markers still work without it */ }
  const cluster = L.markerClusterGroup({ maxClusterRadius: 40 });
  map.addLayer(cluster);
  let fitted = false;
  return {
    show(events) {
      cluster.clearLayers();
      const pts = [];
      for (const e of events) {
        const loc = e.location;
        if (!loc || loc.lat == null || loc.lon == null) continue;
        const m = L.circleMarker([loc.lat, loc.lon], {
          radius: 7, color: "#222", weight: 1, fillColor: colour(e.event_type), fillOpacity: 0.9,
        });
        // Leaflet inserts tooltip strings as HTML: give it an element holding plain text instead.
        const tip = document.createElement("span");
        tip.textContent = `${e.event_type} — ${loc.name}`;
        m.bindTooltip(tip);
        m.on("click", () => onPick(e.id));
        m.options.eventId = e.id;
        cluster.addLayer(m);
        pts.push([loc.lat, loc.lon]);
      }
      if (pts.length && !fitted) { map.fitBounds(pts, { maxZoom: 6, padding: [20, 20] }); fitted = true; }
      el.dataset.markers = String(pts.length);
    },
    bounds() {
      const b = map.getBounds();
      return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(x => x.toFixed(4)).join(",");
    },
    onMove(fn) { map.on("moveend", fn); },
  };
}
