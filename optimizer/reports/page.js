// The plan page's script (optimizer/reports/page.py inlines it): timeline, filters, search, shortfalls.
// Plain browser JavaScript, no library: the data is the JSON block "plan-data" of the page.
(function () {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  const LABEL_WIDTH = 280;
  const LANE = 20;
  const PAD = 3;
  const MIN_DAYS = 7;
  const VIEW_HEIGHT = 560;
  const PAGE_ROWS = 50;
  const MAX_LISTED = 200;
  const DAY_MS = 86400000;

  const D = JSON.parse(document.getElementById("plan-data").textContent);
  const W = D.words;
  const first = Date.parse(D.first + "T00:00:00Z");

  function say(key, fields) {
    return W[key].replace(/\{(\w+)\}/g, (all, name) => (fields && name in fields ? fields[name] : all));
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  function svg(tag, attrs, parent) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (parent) parent.append(node);
    return node;
  }

  function day(offset) {
    return new Date(first + offset * DAY_MS).toISOString().slice(0, 10);
  }

  // ---- the data, decoded once ----
  const units = D.units.map(([id, name, parent, depth]) => ({ id, name, parent, depth }));
  const subtreeEnd = units.map((u, k) => {
    let j = k + 1;
    while (j < units.length && units[j].depth > u.depth) j++;
    return j;
  });
  const institutions = D.institutions.map(([id, name, kind]) => ({ id, name, kind }));
  const courses = D.courses.map(([id, title, theme]) => ({ id, title, theme }));
  const sessions = D.sessions.map(([id, course, inst, start, days, hours, seats, enrolled, run, group]) => ({
    id, course, inst, start, days, hours, seats, enrolled, run: run === 1, group,
  }));
  const cadres = D.cadres.map(([id, name, unit, rank, owed, short]) => ({
    id, name, unit, rank, owed, short, key: (id + " " + name).toLowerCase(),
  }));
  const numAssignments = D.assignments.length / 4;
  const byCadre = cadres.map(() => []);
  const bySession = sessions.map(() => []);
  for (let a = 0; a < numAssignments; a++) {
    byCadre[D.assignments[4 * a]].push(a);
    bySession[D.assignments[4 * a + 1]].push(a);
  }
  const cadreOf = (a) => D.assignments[4 * a];
  const sessionOf = (a) => D.assignments[4 * a + 1];
  const reasonOf = (a) => D.assignments[4 * a + 2];
  const servedOf = (a) => D.assignments[4 * a + 3];
  const cadresByUnit = units.map(() => []);
  cadres.forEach((c, k) => { if (c.unit >= 0) cadresByUnit[c.unit].push(k); });
  let span = 365;
  for (const s of sessions) span = Math.max(span, s.start + s.days);
  const firstDay = Math.min(0, ...sessions.map((s) => s.start));

  // ---- what is shown ----
  const state = {
    view: "institution", unit: -1, subtree: true, inst: -1, theme: -1, rule: -1, query: "",
    v0: firstDay, v1: span, page: 0, selected: null,
  };
  let cadreOk = new Uint8Array(cadres.length);
  let sessionOk = new Uint8Array(sessions.length);
  let rows = [];
  let offsets = [0];

  function unitRange() {
    if (state.unit < 0) return [0, units.length];
    return [state.unit, state.subtree ? subtreeEnd[state.unit] : state.unit + 1];
  }

  function cadreFiltered() {
    return state.unit >= 0 || state.rule >= 0 || state.query !== "";
  }

  function sessionFiltered() {
    return state.inst >= 0 || state.theme >= 0;
  }

  function computeFilters() {
    const [lo, hi] = unitRange();
    const bit = state.rule >= 0 ? 1 << state.rule : 0;
    const query = state.query.toLowerCase();
    cadres.forEach((c, k) => {
      cadreOk[k] = c.unit >= lo && c.unit < hi && (!bit || c.owed & bit) && (!query || c.key.includes(query)) ? 1 : 0;
    });
    sessions.forEach((s, k) => {
      sessionOk[k] = (state.inst < 0 || s.inst === state.inst) && (state.theme < 0 || courses[s.course].theme === state.theme) ? 1 : 0;
    });
  }

  function assignmentOk(a) {
    if (!cadreOk[cadreOf(a)] || !sessionOk[sessionOf(a)]) return false;
    return state.rule < 0 || (servedOf(a) & (1 << state.rule)) !== 0;
  }

  function pack(items) {
    items.sort((x, y) => x.start - y.start || x.days - y.days);
    const ends = [];
    for (const item of items) {
      let lane = ends.findIndex((end) => end <= item.start);
      if (lane < 0) { lane = ends.length; ends.push(0); }
      ends[lane] = item.start + item.days;
      item.lane = lane;
    }
    return Math.max(1, ends.length);
  }

  function sessionItem(s, count, context) {
    const session = sessions[s];
    return { kind: "session", s, start: session.start, days: session.days, count, context };
  }

  function institutionRows() {
    const found = [];
    institutions.forEach((inst, i) => {
      if (state.inst >= 0 && state.inst !== i) return;
      const items = [];
      sessions.forEach((s, k) => {
        if (s.inst !== i || !sessionOk[k]) return;
        const count = bySession[k].filter(assignmentOk).length;
        if (cadreFiltered() && !count) return;
        items.push(sessionItem(k, count, -1));
      });
      if (items.length || !(cadreFiltered() || sessionFiltered())) {
        found.push({ label: inst.name, sub: D.kinds[inst.kind] || inst.kind, items, lanes: pack(items) });
      }
    });
    return found;
  }

  function unitRows() {
    const [lo, hi] = unitRange();
    const found = [];
    for (let u = lo; u < hi; u++) {
      const members = cadresByUnit[u].filter((c) => cadreOk[c]);
      const counts = new Map();
      for (const c of members) {
        for (const a of byCadre[c]) if (assignmentOk(a)) counts.set(sessionOf(a), (counts.get(sessionOf(a)) || 0) + 1);
      }
      const items = [...counts].map(([s, n]) => sessionItem(s, n, u));
      if (items.length || (!members.length ? false : !(cadreFiltered() || sessionFiltered()))) {
        const unit = units[u];
        found.push({ label: "\u2003".repeat(Math.min(unit.depth, 4)) + unit.name, sub: say("page.people", { n: cadresByUnit[u].length }), items, lanes: pack(items), unit: u });
      }
    }
    return found;
  }

  function cadreRows() {
    const found = [];
    cadres.forEach((c, k) => {
      if (!cadreOk[k]) return;
      const items = byCadre[k].filter(assignmentOk).map((a) => {
        const session = sessions[sessionOf(a)];
        return { kind: "assignment", a, s: sessionOf(a), start: session.start, days: session.days };
      });
      if (!items.length && sessionFiltered()) return;
      const unit = c.unit >= 0 ? units[c.unit].name : "";
      const bit = state.rule >= 0 ? 1 << state.rule : -1;
      found.push({ label: c.name + " " + c.id, sub: unit, items, lanes: pack(items), cadre: k, short: (c.short & bit) !== 0 });
    });
    return found;
  }

  const VIEWS = { institution: institutionRows, unit: unitRows, cadre: cadreRows };

  // ---- the page's parts ----
  const app = document.getElementById("app");
  const controls = el("div", { class: "controls" });
  const status = el("span", { class: "status", id: "status" });
  const chart = el("div", { id: "chart", class: "chart" });
  const axis = svg("svg", { class: "axis", height: 34 });
  const scroller = el("div", { class: "scroller" });
  const spacer = el("div", { class: "spacer" });
  const body = svg("svg", { class: "rows" });
  spacer.append(body);
  scroller.append(spacer);
  chart.append(axis, scroller);
  const legend = el("div", { class: "legend" });
  const details = el("div", { class: "details", id: "details" });
  const shortfallSection = el("section", { id: "shortfalls" });

  function select(id, label, options, onChange) {
    const box = el("select", { id, onchange: (e) => onChange(Number(e.target.value)) });
    box.append(el("option", { value: -1, text: W["page.filter.all"] }));
    options.forEach(([value, text]) => box.append(el("option", { value, text })));
    return el("label", {}, [label + " ", box]);
  }

  function buildControls() {
    const tabs = el("div", { class: "tabs", role: "tablist" });
    for (const view of Object.keys(VIEWS)) {
      tabs.append(el("button", {
        type: "button", id: "view-" + view, "data-view": view, text: W["page.view." + view],
        onclick: () => { state.view = view; state.selected = null; update(); },
      }));
    }
    const unitOptions = units.map((u, k) => [k, "\u00a0\u00a0".repeat(Math.min(u.depth, 6)) + u.name]);
    const subtree = el("input", { type: "checkbox", id: "subtree", onchange: (e) => { state.subtree = e.target.checked; update(); } });
    subtree.checked = true;
    const search = el("input", { type: "search", id: "search", placeholder: W["page.search"], autocomplete: "off" });
    let timer = 0;
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => { state.query = search.value.trim(); update(); }, 120);
    });
    const found = el("span", { class: "found", id: "found" });
    const reset = el("button", { type: "button", id: "reset", text: W["page.filter.reset"], onclick: resetFilters });
    const zoom = el("div", { class: "zoom" }, [
      el("button", { type: "button", id: "zoom-in", text: "+ " + W["page.zoom.in"], onclick: () => zoomBy(0.5) }),
      el("button", { type: "button", id: "zoom-out", text: "− " + W["page.zoom.out"], onclick: () => zoomBy(2) }),
      el("button", { type: "button", id: "zoom-year", text: W["page.zoom.year"], onclick: () => zoomTo(firstDay, span) }),
      el("span", { class: "hint", text: W["page.zoom.hint"] }),
    ]);
    controls.append(
      tabs,
      el("div", { class: "filters" }, [
        select("unit", W["page.filter.unit"], unitOptions, (v) => { state.unit = v; update(); }),
        el("label", { class: "check" }, [subtree, " " + W["page.filter.subtree"]]),
        select("institution", W["page.filter.institution"], institutions.map((inst, k) => [k, inst.name]), (v) => { state.inst = v; update(); }),
        select("theme", W["page.filter.theme"], D.themes.map(([, label], k) => [k, label]), (v) => { state.theme = v; update(); }),
        select("obligation", W["page.filter.obligation"], D.rules.map(([rule, title], k) => [k, rule + " " + title]), (v) => { state.rule = v; update(); }),
        search, found, reset,
      ]),
      zoom,
    );
  }

  function resetFilters() {
    Object.assign(state, { unit: -1, subtree: true, inst: -1, theme: -1, rule: -1, query: "", selected: null });
    for (const id of ["unit", "institution", "theme", "obligation"]) document.getElementById(id).value = "-1";
    document.getElementById("subtree").checked = true;
    document.getElementById("search").value = "";
    update();
  }

  function buildLegend() {
    for (const [, label, colour] of D.themes) {
      legend.append(el("span", { class: "key" }, [el("i", { style: "background:" + colour }), label]));
    }
    legend.append(el("span", { class: "key" }, [el("i", { style: "background:" + D.cancelled_colour }), W["page.legend.cancelled"]]));
    legend.append(el("span", { class: "key" }, [el("i", { class: "dot" }), W["page.legend.shortfall"]]));
  }

  // ---- the time scale ----
  function plotWidth() {
    return Math.max(200, scroller.clientWidth - LABEL_WIDTH);
  }

  function x(offset) {
    return LABEL_WIDTH + ((offset - state.v0) / (state.v1 - state.v0)) * plotWidth();
  }

  function zoomTo(v0, v1) {
    const lo = firstDay - 15;
    const hi = span + 15;
    let width = Math.min(hi - lo, Math.max(MIN_DAYS, v1 - v0));
    v0 = Math.max(lo, Math.min(v0, hi - width));
    state.v0 = v0;
    state.v1 = v0 + width;
    drawAxis();
    drawRows();
  }

  function zoomBy(factor, centre) {
    const mid = centre === undefined ? (state.v0 + state.v1) / 2 : centre;
    zoomTo(mid - (mid - state.v0) * factor, mid + (state.v1 - mid) * factor);
  }

  function dayAt(clientX) {
    const box = chart.getBoundingClientRect();
    return state.v0 + ((clientX - box.left - LABEL_WIDTH) / plotWidth()) * (state.v1 - state.v0);
  }

  function drawAxis() {
    axis.replaceChildren();
    const width = LABEL_WIDTH + plotWidth();
    axis.setAttribute("width", width);
    const clip = svg("g", {}, axis);
    svg("text", { x: 8, y: 22, class: "corner" }, axis).textContent = W["page.view." + state.view];
    const days = state.v1 - state.v0;
    for (let m = -1; m < 15; m++) {
      const start = Date.UTC(D.year, m, 1);
      const end = Date.UTC(D.year, m + 1, 1);
      const a = (start - first) / DAY_MS;
      const b = (end - first) / DAY_MS;
      if (b <= state.v0 || a >= state.v1) continue;
      const left = Math.max(LABEL_WIDTH, x(a));
      const right = Math.min(width, x(b));
      const month = new Date(start).getUTCMonth();
      const year = new Date(start).getUTCFullYear();
      const cell = svg("g", { class: "month", "data-start": a, "data-end": b }, clip);
      svg("rect", { x: left, y: 0, width: Math.max(0, right - left), height: 17 }, cell);
      const label = svg("text", { x: (left + right) / 2, y: 13, "text-anchor": "middle" }, cell);
      label.textContent = (year !== D.year ? year + " " : "") + D.months[month];
      cell.addEventListener("click", () => zoomTo(a, b));
      svg("line", { x1: x(a), x2: x(a), y1: 0, y2: 34, class: "tick" }, clip);
    }
    const step = days > 120 ? 0 : days > 45 ? 7 : 1;
    if (step) {
      for (let d = Math.ceil(state.v0); d <= state.v1; d++) {
        const date = new Date(first + d * DAY_MS);
        if (step === 7 && date.getUTCDay() !== 1) continue;
        const px = x(d);
        if (px < LABEL_WIDTH) continue;
        svg("line", { x1: px, x2: px, y1: 20, y2: 34, class: "minor" }, clip);
        const text = svg("text", { x: px + 2, y: 31, class: "day" }, clip);
        text.textContent = String(date.getUTCDate());
      }
    }
  }

  // ---- the rows, drawn as the view scrolls ----
  function rowHeight(row) {
    return row.lanes * LANE + 2 * PAD;
  }

  function layout() {
    offsets = [0];
    for (const row of rows) offsets.push(offsets[offsets.length - 1] + rowHeight(row));
    const total = offsets[offsets.length - 1];
    spacer.style.height = total + "px";
    scroller.style.height = Math.min(VIEW_HEIGHT, Math.max(total, 2 * LANE)) + "px";
  }

  function firstVisible(top) {
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (offsets[mid + 1] <= top) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // The text cut to fit ``width`` pixels with an ellipsis; "" when less than ``least`` characters would show.
  function fitText(text, width, least = 1) {
    let used = 0;
    let out = "";
    for (const ch of text) {
      used += ch.charCodeAt(0) > 0x2e80 ? 11.5 : 6.6;
      if (used > width) return [...out].length >= least ? out + "…" : "";
      out += ch;
    }
    return out;
  }

  // The first of ``texts`` that fits whole, else the first cut to fit with three characters at least.
  function fitFirst(texts, width) {
    for (const text of texts) if (fitText(text, width) === text) return text;
    return fitText(texts[0], width, 3);
  }

  function drawRows() {
    const width = LABEL_WIDTH + plotWidth();
    body.replaceChildren();
    body.setAttribute("width", width);
    if (!rows.length) {
      body.setAttribute("height", 2 * LANE);
      body.style.top = "0px";
      const empty = svg("text", { x: 12, y: LANE, class: "empty" }, body);
      empty.textContent = W["page.empty"];
      return;
    }
    const top = scroller.scrollTop;
    const from = firstVisible(top);
    let to = from;
    while (to < rows.length && offsets[to] < top + VIEW_HEIGHT) to++;
    const y0 = offsets[from];
    body.style.top = y0 + "px";
    body.setAttribute("height", offsets[to] - y0);
    const defs = svg("defs", {}, body);
    const clip = svg("clipPath", { id: "plot" }, defs);
    svg("rect", { x: LABEL_WIDTH, y: 0, width: plotWidth(), height: offsets[to] - y0 }, clip);
    for (let m = 0; m < 13; m++) {
      const d = (Date.UTC(D.year, m, 1) - first) / DAY_MS;
      if (d >= state.v0 && d <= state.v1) svg("line", { x1: x(d), x2: x(d), y1: 0, y2: offsets[to] - y0, class: "grid" }, body);
    }
    for (let r = from; r < to; r++) drawRow(rows[r], offsets[r] - y0, r);
  }

  function drawRow(row, y, r) {
    const g = svg("g", { class: "row" + (r % 2 ? " odd" : ""), "data-row": r }, body);
    svg("rect", { x: 0, y, width: LABEL_WIDTH + plotWidth(), height: rowHeight(row), class: "band" }, g);
    const label = svg("text", { x: 8, y: y + PAD + 14, class: "label" }, g);
    label.textContent = fitText(row.label, row.sub ? LABEL_WIDTH * 0.62 : LABEL_WIDTH - 16);
    if (row.sub) {
      const sub = svg("text", { x: LABEL_WIDTH - 12, y: y + PAD + 14, class: "sub", "text-anchor": "end" }, g);
      sub.textContent = fitText(row.sub, LABEL_WIDTH * 0.34);
    }
    if (row.cadre !== undefined) {
      label.classList.add("link");
      label.addEventListener("click", () => choose({ kind: "cadre", c: row.cadre }));
      if (row.short) svg("circle", { cx: LABEL_WIDTH - 4, cy: y + PAD + 10, r: 3, class: "short" }, g);
      if (!row.items.length) {
        const none = svg("text", { x: LABEL_WIDTH + 6, y: y + PAD + 14, class: "none" }, g);
        none.textContent = D.nothing;
      }
    }
    const bars = svg("g", { "clip-path": "url(#plot)" }, g);
    for (const item of row.items) drawBar(bars, item, y + PAD + item.lane * LANE);
  }

  function drawBar(parent, item, y) {
    const session = sessions[item.s];
    const course = courses[session.course];
    const colour = session.run ? D.themes[course.theme][2] : D.cancelled_colour;
    const left = x(item.start);
    const right = x(item.start + item.days);
    if (right < LABEL_WIDTH || left > LABEL_WIDTH + plotWidth()) return;
    const width = Math.max(2, right - left - 1);
    const bar = svg("g", { class: "bar" + (session.run ? "" : " off"), "data-session": session.id }, parent);
    let texts;
    if (item.kind === "session" && item.context < 0) {
      svg("rect", { x: left, y, width, height: LANE - 3, fill: colour, class: "seats" }, bar);
      const shown = cadreFiltered() || sessionFiltered() ? item.count : session.enrolled;
      const share = session.seats ? Math.min(1, shown / session.seats) : 0;
      svg("rect", { x: left, y, width: Math.max(share ? 1 : 0, width * share), height: LANE - 3, fill: colour }, bar);
      const count = shown + "/" + session.seats;
      texts = [course.title + " " + count, count];
    } else {
      svg("rect", { x: left, y, width, height: LANE - 3, fill: colour }, bar);
      const count = say("page.people", { n: item.count });
      texts = item.kind === "session" ? [count + " " + course.title, count] : [course.title];
    }
    const visibleLeft = Math.max(left, LABEL_WIDTH);
    const fitted = fitFirst(texts, Math.min(right, LABEL_WIDTH + plotWidth()) - visibleLeft - 6);
    if (fitted) {
      const t = svg("text", { x: visibleLeft + 3, y: y + 12, class: "bar-text" + (session.run ? "" : " dark") }, bar);
      t.textContent = fitted;
    }
    svg("title", {}, bar).textContent = barTitle(item);
    bar.addEventListener("click", (event) => {
      if (dragged) return;
      event.stopPropagation();
      choose(item.kind === "assignment" ? { kind: "cadre", c: cadreOf(item.a) } : { kind: "session", s: item.s, unit: item.context });
    });
  }

  function sessionLines(s) {
    const session = sessions[s];
    const course = courses[session.course];
    const lines = [
      session.id + " " + course.title,
      institutions[session.inst].name,
      day(session.start) + " – " + day(session.start + session.days - 1) + " · " + session.hours + " h",
      say("page.enrolled", { enrolled: session.enrolled, seats: session.seats }),
    ];
    if (!session.run) lines.push(D.not_run);
    return lines;
  }

  function barTitle(item) {
    const lines = sessionLines(item.s);
    if (item.kind === "assignment") lines.push(D.reasons[reasonOf(item.a)][1]);
    else if (cadreFiltered()) lines.push(say("page.matching", { n: item.count }));
    return lines.join("\n");
  }

  // ---- dragging pans, ctrl + wheel zooms ----
  let drag = null;
  let dragged = false;
  scroller.addEventListener("mousedown", (event) => {
    if (event.button !== 0) return;
    drag = { x: event.clientX, v0: state.v0, v1: state.v1 };
    dragged = false;
  });
  window.addEventListener("mousemove", (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    if (Math.abs(dx) > 3) dragged = true;
    if (!dragged) return;
    const shift = (dx / plotWidth()) * (drag.v1 - drag.v0);
    zoomTo(drag.v0 - shift, drag.v1 - shift);
    event.preventDefault();
  });
  window.addEventListener("mouseup", () => {
    drag = null;
    setTimeout(() => { dragged = false; }, 0);
  });
  chart.addEventListener("wheel", (event) => {
    if (!event.ctrlKey) return;
    event.preventDefault();
    zoomBy(event.deltaY > 0 ? 1.25 : 0.8, dayAt(event.clientX));
  }, { passive: false });
  chart.addEventListener("dblclick", () => zoomTo(firstDay, span));
  scroller.addEventListener("scroll", () => requestAnimationFrame(drawRows));
  window.addEventListener("resize", () => { drawAxis(); drawRows(); });

  // ---- details of what was clicked ----
  function choose(selected) {
    state.selected = selected;
    drawDetails();
  }

  function cadreLine(c) {
    const cadre = cadres[c];
    const unit = cadre.unit >= 0 ? units[cadre.unit].name : "";
    return cadre.name + " (" + cadre.id + ") · " + unit + " · " + D.ranks[cadre.rank];
  }

  function rulesOf(mask) {
    return D.rules.filter((rule, k) => mask & (1 << k)).map(([rule, title]) => rule + " " + title);
  }

  function drawDetails() {
    details.replaceChildren(el("h3", { text: W["page.details"] }));
    const chosen = state.selected;
    if (!chosen) return;
    if (chosen.kind === "session") {
      for (const line of sessionLines(chosen.s)) details.append(el("p", { text: line }));
      const shown = bySession[chosen.s].filter((a) => assignmentOk(a) && (chosen.unit < 0 || cadres[cadreOf(a)].unit === chosen.unit));
      const where = chosen.unit >= 0 ? units[chosen.unit].name + " · " : "";
      details.append(el("h4", { text: where + W["page.attendees"] + " (" + shown.length + ")" }));
      const list = el("ul", { class: "people" });
      for (const a of shown.slice(0, MAX_LISTED)) {
        list.append(el("li", { text: cadreLine(cadreOf(a)) + " · " + D.reasons[reasonOf(a)][1] }));
      }
      details.append(list);
      if (shown.length > MAX_LISTED) details.append(el("p", { text: say("page.more", { n: shown.length - MAX_LISTED }) }));
      return;
    }
    const cadre = cadres[chosen.c];
    details.append(el("p", { class: "who", text: cadreLine(chosen.c) }));
    const owed = rulesOf(cadre.owed);
    details.append(el("p", { text: owed.length ? say("page.owes", { rules: owed.join(", ") }) : W["page.owes_nothing"] }));
    const list = el("ul", { class: "people" });
    for (const a of byCadre[chosen.c]) {
      const s = sessions[sessionOf(a)];
      list.append(el("li", { text: day(s.start) + " – " + day(s.start + s.days - 1) + " · " + courses[s.course].title + " · " + institutions[s.inst].name + " · " + D.reasons[reasonOf(a)][1] }));
    }
    details.append(list);
    const own = D.shortfalls.filter((row) => row[1] === chosen.c);
    if (own.length) {
      details.append(el("h4", { text: W["page.has_shortfall"] }));
      const reasons = el("ul", { class: "people" });
      for (const row of own) reasons.append(el("li", { text: D.rules[row[0]][0] + ": " + D.texts[row[6]] }));
      details.append(reasons);
    }
  }

  // ---- the shortfalls table ----
  function shortfallRows() {
    const [lo, hi] = unitRange();
    const query = state.query !== "";
    return D.shortfalls.filter((row) => {
      if (state.rule >= 0 && row[0] !== state.rule) return false;
      if (state.unit >= 0 && (row[2] < lo || row[2] >= hi)) return false;
      if (query && (row[1] < 0 || !cadreOk[row[1]])) return false;
      return true;
    });
  }

  function drawShortfalls() {
    const shown = shortfallRows();
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_ROWS));
    state.page = Math.min(state.page, pages - 1);
    const keys = ["rule", "rule_title", "cadre_id", "cadre_name", "unit_name", "required", "planned", "shortfall", "explanation"];
    const head = el("tr", {}, keys.map((key) => el("th", { text: D.headers[key] })));
    const tbody = el("tbody");
    for (const row of shown.slice(state.page * PAGE_ROWS, (state.page + 1) * PAGE_ROWS)) {
      const cadre = row[1] >= 0 ? cadres[row[1]] : null;
      const unit = row[2] >= 0 ? units[row[2]].name : "";
      const rule = row[0] >= 0 ? D.rules[row[0]] : ["", ""];
      const cells = [rule[0], rule[1], cadre ? cadre.id : "", cadre ? cadre.name : "", unit, row[3], row[4], row[5], D.texts[row[6]]];
      const tr = el("tr", {}, cells.map((value, k) => el("td", { class: k >= 5 && k <= 7 ? "number" : "", text: String(value) })));
      if (cadre) tr.addEventListener("click", () => choose({ kind: "cadre", c: row[1] }));
      tbody.append(tr);
    }
    const pager = el("div", { class: "pager" }, [
      el("button", { type: "button", id: "previous-page", text: W["page.previous"], onclick: () => { state.page--; drawShortfalls(); } }),
      el("span", { text: " " + say("page.page", { page: state.page + 1, pages }) + " " }),
      el("button", { type: "button", id: "next-page", text: W["page.next"], onclick: () => { state.page++; drawShortfalls(); } }),
    ]);
    pager.children[0].disabled = state.page === 0;
    pager.children[2].disabled = state.page >= pages - 1;
    shortfallSection.replaceChildren(
      el("h2", { text: W["page.shortfalls"] }),
      el("p", { id: "shortfall-count", "data-shown": shown.length, text: say("page.shortfalls.count", { total: D.shortfalls.length, shown: shown.length }) }),
      el("p", { class: "note", text: W["page.shortfalls.note"] }),
      el("table", { id: "shortfall-table" }, [el("thead", {}, [head]), tbody]),
      pager,
    );
  }

  // ---- everything, after any change ----
  function update() {
    computeFilters();
    rows = VIEWS[state.view]();
    const bars = rows.reduce((n, row) => n + row.items.length, 0);
    chart.dataset.rows = rows.length;
    chart.dataset.bars = bars;
    chart.dataset.view = state.view;
    chart.dataset.query = state.query;
    status.textContent = say("page.shown", { rows: rows.length, bars });
    const found = document.getElementById("found");
    let matches = 0;
    if (state.query) for (let k = 0; k < cadres.length; k++) matches += cadreOk[k];
    found.textContent = state.query ? say("page.found", { n: matches }) : "";
    for (const button of controls.querySelectorAll(".tabs button")) {
      button.setAttribute("aria-selected", String(button.dataset.view === state.view));
    }
    scroller.scrollTop = 0;
    layout();
    drawAxis();
    drawRows();
    drawDetails();
    state.page = 0;
    drawShortfalls();
  }

  buildControls();
  buildLegend();
  app.append(
    el("section", { id: "timeline" }, [el("h2", { text: W["page.timeline"] }), controls, el("div", { class: "status-line" }, [status]), chart, legend, details]),
    shortfallSection,
  );
  update();
  document.documentElement.dataset.readyMs = String(Math.round(performance.now()));
})();
