// RasaOrleans conversation inspector: plain JavaScript, no framework, talks only to this server's API.
(() => {
  "use strict";

  const token = new URLSearchParams(location.search).get("token");
  const pollMs = 1000;
  const pageSize = 25;
  const $ = (id) => document.getElementById(id);

  // builds an element; strings become text nodes (never HTML)
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  async function api(path, init) {
    const options = Object.assign({ headers: {} }, init);
    if (token) options.headers.Authorization = "Bearer " + token;
    const response = await fetch(path, options);
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      throw new Error((body && body.error) || ("HTTP " + response.status));
    }
    return body;
  }

  function showStatus(message) { $("status").textContent = message || ""; }
  const percent = (x) => (typeof x === "number" ? (x * 100).toFixed(1) + "%" : "");
  const when = (seconds) => (typeof seconds === "number" ? new Date(seconds * 1000).toLocaleTimeString() : "");
  const display = (value) => (typeof value === "string" ? value : JSON.stringify(value));

  // ---------- routing: #/conversations/<id>, #/models, #/nlu; /inspect/conversations/<id> opens one directly
  function route() {
    const hash = location.hash.replace(/^#/, "");
    const direct = location.pathname.match(/^\/inspect\/conversations\/(.+)$/);
    if (hash.startsWith("/models")) return { view: "models" };
    if (hash.startsWith("/nlu")) return { view: "nlu" };
    const match = hash.match(/^\/conversations\/(.+)$/);
    if (match) return { view: "conversations", id: decodeURIComponent(match[1]) };
    if (!hash && direct) return { view: "conversations", id: decodeURIComponent(direct[1]) };
    return { view: "conversations", id: null };
  }

  function render() {
    const r = route();
    for (const view of ["conversations", "models", "nlu"]) {
      $(view + "-view").hidden = view !== r.view;
      document.querySelector(`[data-nav="${view}"]`).classList.toggle("active", view === r.view);
    }
    if (r.view === "models") loadModels();
    if (r.view === "conversations") openConversation(r.id);
  }

  // ---------- the conversation list: newest first, searchable, paged
  const list = { next: null, search: "", pages: 1 };

  async function loadConversations(append) {
    const params = new URLSearchParams({ limit: String(pageSize) });
    if (list.search) params.set("search", list.search);
    if (append && list.next) params.set("after", list.next);
    try {
      const page = await api("/conversations/recent?" + params);
      const ul = $("conversations");
      if (!append) ul.replaceChildren();
      for (const c of page.conversations) {
        const link = el("a", { href: "#/conversations/" + encodeURIComponent(c.sender_id), "data-conversation": c.sender_id },
          el("div", { class: "conv-id", text: c.sender_id }),
          el("div", { class: "conv-meta", text: `${c.events} events · ${new Date(c.updated).toLocaleString()}` }));
        ul.append(el("li", null, link));
      }
      list.next = page.next;
      $("more").hidden = !page.next;
      markSelected();
      showStatus("");
    } catch (e) {
      showStatus("Conversations: " + e.message);
    }
  }

  function markSelected() {
    for (const a of document.querySelectorAll("#conversations a")) {
      a.classList.toggle("selected", a.dataset.conversation === current.id);
    }
  }

  // ---------- one conversation as a chat timeline, polled while it is open
  const current = { id: null, timer: null, signature: "" };

  function openConversation(id) {
    if (current.id === id && current.timer) return;
    clearTimeout(current.timer);
    current.id = id;
    current.signature = "";
    markSelected();
    const article = $("conversation");
    if (!id) {
      article.replaceChildren(el("p", { class: "hint", text: "Pick a conversation on the left." }));
      return;
    }
    article.replaceChildren(el("h2", { text: id }), el("span", { class: "live", text: "loading…" }), el("ol", { id: "timeline" }));
    poll(id);
  }

  async function poll(id) {
    try {
      const tracker = await api(`/conversations/${encodeURIComponent(id)}/tracker?include_events=ALL`);
      if (current.id !== id) return;
      const events = tracker.events || [];
      const signature = events.length + ":" + (events.length ? events[events.length - 1].timestamp : "");
      if (signature !== current.signature) {
        current.signature = signature;
        drawTimeline(tracker, events);
      }
      document.querySelector("#conversation .live").textContent =
        `● live · ${events.length} events${tracker.paused ? " · paused" : ""}`;
      showStatus("");
    } catch (e) {
      showStatus("Conversation: " + e.message);
    }
    if (current.id === id) current.timer = setTimeout(() => poll(id), pollMs);
  }

  function drawTimeline(tracker, events) {
    const timeline = $("timeline");
    timeline.replaceChildren(...events.map(eventItem));
    timeline.dataset.events = String(events.length);
  }

  function eventItem(e) {
    const title = when(e.timestamp);
    switch (e.event) {
      case "user": {
        const parse = e.parse_data || {};
        const intent = parse.intent || {};
        const entities = (parse.entities || []).map((x) => el("span", { class: "chip", text: `${x.entity}=${display(x.value)}` }));
        return el("li", { class: "ev-user", "data-event-type": "user", title },
          el("div", { class: "bubble", text: e.text === null ? "" : e.text }),
          el("div", { class: "nlu" }, intent.name ? `${intent.name} ${percent(intent.confidence)}` : "no intent", entities));
      }
      case "bot": {
        const data = e.data;
        const buttons = Array.isArray(data) ? data : (data && Array.isArray(data.buttons) ? data.buttons : []);
        return el("li", { class: "ev-bot", "data-event-type": "bot", title },
          el("div", { class: "bubble" }, e.text || "",
            buttons.length ? el("div", { class: "buttons" }, buttons.map((b) => el("span", { text: b.title || display(b) }))) : null));
      }
      case "action": {
        const chosen = e.policy ? ` · ${e.policy}${typeof e.confidence === "number" ? " " + percent(e.confidence) : ""}` : "";
        return el("li", { class: "ev-action" + (e.name === "action_listen" ? " listen" : ""), "data-event-type": "action", title },
          "▶ ", el("span", { class: "name", text: e.name }), chosen);
      }
      case "slot":
        return el("li", { class: "ev-slot", "data-event-type": "slot", title },
          "slot ", el("span", { class: "name", text: e.name }), " = ", display(e.value));
      case "restart":
        return el("li", { class: "ev-restart", "data-event-type": "restart", title, text: "conversation restarted" });
      default:
        return el("li", { class: "ev-other", "data-event-type": e.event, title, text: e.event + (e.name ? " " + e.name : "") });
    }
  }

  // ---------- the models each silo serves
  async function loadModels() {
    const target = $("models");
    try {
      const m = await api("/cluster/models");
      const modelRows = m.models.map((x) => el("tr", null, el("td", { text: x.slot }), el("td", { text: x.version }),
        el("td", { class: "mono", text: x.fingerprint }), el("td", { text: x.source }), el("td", { text: x.created })));
      const siloRows = m.silos.map((s) => el("tr", { "data-silo": s.silo }, el("td", { class: "mono", text: s.silo }),
        el("td", null, Object.entries(s.serving).map(([slot, fp]) => el("div", null, `${slot}: `, el("code", { text: fp })))),
        el("td", { text: s.updated })));
      target.replaceChildren(
        el("h3", { text: "Registry" }),
        el("table", null, el("tr", null, ["slot", "version", "fingerprint", "source", "created"].map((h) => el("th", { text: h }))), modelRows),
        el("h3", { text: "Silos" }),
        el("p", null, "This silo: ", el("code", { text: m.this_silo.silo })),
        el("table", { id: "silos" }, el("tr", null, ["silo", "serving", "reported"].map((h) => el("th", { text: h }))), siloRows));
      showStatus("");
    } catch (e) {
      showStatus("Models: " + e.message);
    }
  }

  // ---------- NLU try-it box
  async function parseText(event) {
    event.preventDefault();
    const text = $("nlu-text").value;
    const target = $("nlu-result");
    try {
      const r = await api("/model/parse", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text }) });
      const intent = r.intent || {};
      target.replaceChildren(
        el("p", { id: "nlu-intent" }, "Intent: ", el("strong", { text: intent.name || "none" }), " ", percent(intent.confidence)),
        el("table", null, el("tr", null, ["entity", "value", "extractor"].map((h) => el("th", { text: h }))),
          (r.entities || []).map((x) => el("tr", null, el("td", { text: x.entity }), el("td", { text: display(x.value) }), el("td", { text: x.extractor || "" })))),
        el("pre", { text: JSON.stringify(r, null, 2) }));
      showStatus("");
    } catch (e) {
      showStatus("NLU: " + e.message);
    }
  }

  // ---------- wiring
  let searchTimer = null;
  $("search").addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { list.search = $("search").value.trim(); loadConversations(false); }, 250);
  });
  $("more").addEventListener("click", () => loadConversations(true));
  $("nlu-form").addEventListener("submit", parseText);
  window.addEventListener("hashchange", render);
  // keep the first page fresh (new conversations appear on top) unless older pages were loaded
  setInterval(() => { if ($("conversations").children.length <= pageSize) loadConversations(false); }, 5000);

  loadConversations(false);
  render();
})();
