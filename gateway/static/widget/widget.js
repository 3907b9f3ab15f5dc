/*
 * 碳盤查小幫手 — embeddable web chat widget (plain JavaScript, no framework, no build step).
 *
 * Embed on any page with one tag:
 *   <script src="https://GATEWAY/static/widget/widget.js" defer
 *           data-title="碳盤查小幫手" data-color="#1f6b47" data-gateway="https://GATEWAY"></script>
 * data-title   the panel's title (default 碳盤查小幫手)
 * data-color   the accent colour, any CSS colour (default #1f6b47)
 * data-gateway the gateway's base URL (default: where this script was loaded from)
 * A host page that is not on the gateway's origin needs the gateway to allow it (CORS).
 *
 * Texts: every word the widget shows of its own comes from the gateway (GET api/texts/widget, from
 * gateway/static_texts.yml; public, cacheable, readable from any site), none is written here. The widget shows
 * itself once it has them, and keeps the last ones read for a visit when the gateway cannot be reached.
 *
 * How messages reach the screen (the one rule that keeps them from showing twice): everything shown is a
 * message the gateway stored, with its id, and an id is rendered at most once. The answer to POST /api/chat
 * carries the stored ids of the user's message and of each reply, so the replies are rendered from it; only
 * when some of them has no id (nothing was stored, e.g. a deletion) does the widget read the stored messages
 * after the highest id it has read (GET /api/chat/{sender}/messages?after=). The live stream (Server-Sent Events
 * at /api/chat/{sender}/stream, or polling the same GET when the stream fails) brings staff replies and anything
 * else stored; only what it and the GET bring moves that cursor, so a message stored between the user's message
 * and its replies (a staff reply) is never skipped. What the user typed is shown at once as a pending bubble and
 * matched to its stored copy.
 *
 * Sessions: at first open the widget asks the gateway for a conversation (POST /api/chat/session → sender and
 * token) and keeps both in localStorage, so a reload (or a later visit) shows the same conversation. Every request
 * carries "Authorization: Bearer <token>" (the stream, which EventSource opens without headers, ?token=). When the
 * gateway refuses the token (401: its secret was changed) the widget starts a new conversation. Each message gets
 * an id (a UUID) that its retries reuse, so a message the gateway already has is not stored or answered twice.
 */
(function () {
  "use strict";

  if (window.TanpanchaWidget) { return; } // the tag was included twice
  var script = document.currentScript || document.querySelector('script[src*="/widget/widget.js"]');
  if (!script) { return; }

  /** A text with its {placeholders} filled in (the syntax of the Python catalogues). */
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
  }

  // -- settings from the script tag --------------------------------------------------------------------------
  var scriptUrl = new URL(script.src, document.baseURI);
  var gateway = new URL(script.dataset.gateway || scriptUrl.href.replace(/\/static\/widget\/widget\.js.*$/, "/"),
    document.baseURI);
  if (!/\/$/.test(gateway.pathname)) { gateway.pathname += "/"; }
  var title = (script.dataset.title || "").trim();
  var accent = (script.dataset.color || script.dataset.colour || "").trim();

  var SESSION_KEY = "tanpancha.session";
  var TEXTS_KEY = "tanpancha.texts";
  var OPEN_KEY = "tanpancha.open";
  var MAX_SEND_ATTEMPTS = 7; // the first try and six automatic retries, about two minutes in all
  var POLL_OPEN_MS = 2000;
  var POLL_CLOSED_MS = 10000;
  var SSE_RETRY_AFTER_MS = 60000;
  var PAGE = 200;

  function api(path) { return new URL(path.replace(/^\//, ""), gateway).href; }

  /** An AbortSignal that fires after `ms` (where the browser has AbortSignal.timeout). */
  function deadline(ms) { return window.AbortSignal && AbortSignal.timeout ? AbortSignal.timeout(ms) : undefined; }

  function backoffMs(attempt) { // 2, 4, 8, 16, 30, 30 … seconds, a little jitter so clients do not align
    var base = Math.min(30000, 2000 * Math.pow(2, Math.max(0, attempt - 1)));
    return Math.round(base * (0.9 + Math.random() * 0.2));
  }

  // Storage can be missing or throw (privacy settings, sandboxed frames): the widget then works for this page.
  function storageGet(name, key) { try { return window[name].getItem(key); } catch (e) { return null; } }
  function storageSet(name, key, value) { try { window[name].setItem(key, value); } catch (e) { /* blocked */ } }

  // -- user-facing texts (臺灣用語): gateway/static_texts.yml, served by the gateway as GET api/texts/widget -------
  // The widget shows itself once it has them. The last texts read are kept, so that a page opened while the
  // gateway is unreachable still shows the widget and says so.
  var T = null;

  function storedTexts() {
    try {
      var value = JSON.parse(storageGet("localStorage", TEXTS_KEY) || "null");
      return value && typeof value === "object" ? value : null;
    } catch (e) { return null; }
  }

  function loadTexts(attempt) {
    return fetch(api("api/texts/widget"), { signal: deadline(15000) })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (texts) {
        if (!texts || typeof texts !== "object") { throw new Error("no texts"); }
        storageSet("localStorage", TEXTS_KEY, JSON.stringify(texts));
        return texts;
      })
      .catch(function () {
        var kept = storedTexts();
        if (kept) { return kept; }
        return new Promise(function (resolve) { window.setTimeout(resolve, backoffMs(attempt + 1)); })
          .then(function () { return loadTexts(attempt + 1); });
      });
  }

  function newMessageId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function storedSession() {
    try {
      var value = JSON.parse(storageGet("localStorage", SESSION_KEY) || "null");
      return value && typeof value.sender === "string" && typeof value.token === "string" ? value : null;
    } catch (e) { return null; }
  }
  // Asked for when the user first opens the widget; a visitor who never does gets no session and no stream.
  var session = storedSession();
  var hadConversation = !!session;
  var sessionRequest = null;

  /** The conversation's session, asked for once (resolves to {sender, token}; rejects when offline). */
  function ensureSession() {
    if (session) { return Promise.resolve(session); }
    if (!sessionRequest) {
      sessionRequest = fetch(api("api/chat/session"), { method: "POST", cache: "no-store", signal: deadline(15000) })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (data) {
          session = { sender: data.sender, token: data.token };
          storageSet("localStorage", SESSION_KEY, JSON.stringify(session));
          return session;
        })
        .finally(function () { sessionRequest = null; });
    }
    return sessionRequest;
  }

  /** The gateway no longer knows this session (401): the next request starts a new conversation. */
  function forgetSession() {
    session = null;
    try { window.localStorage.removeItem(SESSION_KEY); } catch (e) { /* blocked */ }
    stopLive();
    seen.clear();
    cursor = 0;
  }

  function senderPath() { return "api/chat/" + encodeURIComponent(session.sender); }
  function authorized(headers) {
    var all = headers || {};
    all.Authorization = "Bearer " + session.token;
    return all;
  }

  // -- DOM (in a shadow root: the host page's CSS does not leak in, ours does not leak out) ------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text != null) { node.textContent = text; }
    return node;
  }

  /** A decorative SVG icon (hidden from screen readers) drawn by one path. */
  function icon(pathData) {
    var svgNs = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(svgNs, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(svgNs, "path");
    path.setAttribute("d", pathData);
    svg.appendChild(path);
    return svg;
  }

  var host = el("div");
  host.id = "tanpancha-widget";
  host.style.display = "none"; // until the stylesheet is in
  var root = host.attachShadow({ mode: "open" });
  var sheet = el("link");
  sheet.rel = "stylesheet";
  sheet.href = new URL("widget.css", scriptUrl).href;
  sheet.onload = sheet.onerror = function () { host.style.display = ""; };
  root.appendChild(sheet);

  var frame = el("div", "tp-root");
  if (accent && window.CSS && CSS.supports("color", accent)) { frame.style.setProperty("--tp-accent", accent); }

  var launcher = el("button", "tp-launcher");
  launcher.type = "button";
  launcher.setAttribute("aria-haspopup", "dialog");
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "tp-panel");
  launcher.appendChild(icon("M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"));
  var launcherText = el("span", "tp-launcher-text");
  launcher.appendChild(launcherText);
  var badge = el("span", "tp-badge");
  badge.hidden = true;
  badge.setAttribute("aria-hidden", "true");
  var unreadText = el("span", "tp-sr");
  launcher.append(badge, unreadText);

  var panel = el("section", "tp-panel");
  panel.id = "tp-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-modal", "false");
  panel.setAttribute("aria-labelledby", "tp-title");

  var header = el("header", "tp-header");
  var heading = el("h2", "tp-title");
  heading.id = "tp-title";
  var closeButton = el("button", "tp-close");
  closeButton.type = "button";
  closeButton.appendChild(icon("M6 6l12 12M18 6L6 18"));
  header.append(heading, closeButton);

  // Failures of sending and of loading: role=alert so that a screen reader says it at once.
  var notice = el("div", "tp-notice");
  notice.hidden = true;
  var noticeText = el("p", "tp-notice-text");
  noticeText.setAttribute("role", "alert");
  var noticeCountdown = el("span", "tp-notice-countdown");
  noticeCountdown.setAttribute("aria-hidden", "true"); // a ticking number would be read out every second
  var retryButton = el("button", "tp-retry");
  retryButton.type = "button";
  notice.append(noticeText, noticeCountdown, retryButton);

  // The live connection's state: polite, it is not the user's action that failed.
  var connection = el("p", "tp-connection");
  connection.setAttribute("role", "status");
  connection.hidden = true;

  var log = el("div", "tp-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-relevant", "additions");
  log.tabIndex = 0; // scrollable with the keyboard

  var typing = el("div", "tp-typing");
  typing.hidden = true;
  typing.setAttribute("role", "status");
  var dots = el("span", "tp-dots");
  dots.setAttribute("aria-hidden", "true");
  dots.append(el("i"), el("i"), el("i"));
  var typingText = el("span", "tp-typing-text");
  typing.append(dots, typingText);

  var form = el("form", "tp-composer");
  form.setAttribute("novalidate", "");
  var label = el("label", "tp-sr");
  label.htmlFor = "tp-input";
  var input = el("textarea", "tp-input");
  input.id = "tp-input";
  input.rows = 1;
  input.maxLength = 2000;
  input.setAttribute("enterkeyhint", "send");
  var sendButton = el("button", "tp-send");
  sendButton.type = "submit";
  form.append(label, input, sendButton);

  panel.append(header, notice, connection, log, typing, form);
  frame.append(panel, launcher);
  root.appendChild(frame);

  /** The labels of the widget's own elements, once the texts are in. */
  function applyTexts() {
    launcherText.textContent = T.launcher;
    heading.textContent = title || T.title;
    closeButton.setAttribute("aria-label", T.closeLabel);
    retryButton.textContent = T.retryNow;
    log.setAttribute("aria-label", T.logLabel);
    typingText.textContent = T.typing;
    label.textContent = T.inputLabel;
    input.placeholder = T.placeholder;
    sendButton.textContent = T.send;
    fillWelcome();
  }

  // -- rendering ---------------------------------------------------------------------------------------------
  var seen = new Set();       // ids of stored messages already on screen
  var cursor = 0;             // the highest stored id read from the stream or GET …/messages
  var awaitingEcho = [];      // what the user sent, waiting for its stored copy: {text, bubble, silent, owner}
  var buttonTitles = new Map(); // quick-reply payload → its title, so a reloaded history shows the title
  var unread = 0;

  function scrollToEnd() { log.scrollTop = log.scrollHeight; }

  function safeUrl(value, allowDataImage) {
    if (typeof value !== "string" || !value.trim()) { return null; }
    if (allowDataImage && /^data:image\/(png|jpeg|gif|webp|svg\+xml);/i.test(value)) { return value; }
    try {
      var url = new URL(value.trim(), gateway);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (e) { return null; }
  }

  function isSpreadsheet(url) { return /\.xlsx(?:[?#]|$)/i.test(url); }

  function makeLink(href, text) {
    var a = el("a", "tp-link", text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    if (isSpreadsheet(href)) {
      a.classList.add("tp-download");
      a.setAttribute("download", "");
      a.appendChild(el("span", "tp-sr", T.downloadHint));
    }
    return a;
  }

  // http(s) URLs, www. addresses, and gateway paths to spreadsheets such as /api/reports/1.xlsx
  var URL_PATTERN = /(https?:\/\/[^\s<>"'（）「」『』，。、；！？]+|www\.[^\s<>"'（）「」『』，。、；！？]+|(?<![\w/.])\/[\w\-./%~]+\.xlsx(?:\?[^\s<>"']*)?)/gi;
  // Taiwanese phone numbers as the content prints them: (02)2784-4188 [ext.5148 | 分機 5148], and e-mail addresses
  var PHONE_PATTERN = /\(0\d{1,2}\) ?\d{3,4}-\d{4}(?:\s*(?:ext\.?|分機)\s*\d{1,5})?/gi;
  var EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

  /** A dialable tel: URI for a printed Taiwanese number: (02)2784-4188 分機 5148 → tel:+886227844188,5148 */
  function telUri(printed) {
    var parts = printed.split(/ext\.?|分機/i);
    var digits = parts[0].replace(/\D/g, "");
    var ext = parts.length > 1 ? parts[1].replace(/\D/g, "") : "";
    return "tel:+886" + digits.slice(1) + (ext ? "," + ext : "");
  }

  function isContactLink(payload) { return /^(tel:\+?[\d,]+|mailto:[^\s]+@[^\s]+)$/i.test(payload); }

  function contactLink(href, text) {
    var a = el("a", "tp-link tp-contact", text);
    a.href = href;
    return a;
  }

  /** Phone numbers and e-mail addresses of a plain-text piece as tel: / mailto: links. */
  function contactText(piece) {
    var fragment = document.createDocumentFragment();
    var found = [];
    piece.replace(PHONE_PATTERN, function (match, offset) { found.push([offset, match, telUri(match)]); return match; });
    piece.replace(EMAIL_PATTERN, function (match, offset) { found.push([offset, match, "mailto:" + match]); return match; });
    found.sort(function (a, b) { return a[0] - b[0]; });
    var last = 0;
    found.forEach(function (f) {
      if (f[0] < last) { return; }
      fragment.appendChild(document.createTextNode(piece.slice(last, f[0])));
      fragment.appendChild(contactLink(f[2], f[1]));
      last = f[0] + f[1].length;
    });
    fragment.appendChild(document.createTextNode(piece.slice(last)));
    return fragment;
  }

  /** Text as text nodes (never markup), URLs as links, line breaks kept (CSS white-space: pre-wrap). */
  function richText(text) {
    var fragment = document.createDocumentFragment();
    var last = 0;
    text.replace(URL_PATTERN, function (match, _url, offset) {
      var trimmed = match.replace(/[.,;:!?)\]}]+$/, "");
      var href = safeUrl(/^www\./i.test(trimmed) ? "https://" + trimmed : trimmed, false);
      if (!href) { return match; }
      fragment.appendChild(contactText(text.slice(last, offset)));
      fragment.appendChild(makeLink(href, trimmed));
      last = offset + trimmed.length;
      return match;
    });
    fragment.appendChild(contactText(text.slice(last)));
    return fragment;
  }

  function speaker(text) { return el("span", "tp-sr", text); }

  function addUserBubble(text, state) {
    var bubble = el("div", "tp-msg tp-user");
    bubble.append(speaker(T.you), el("span", "tp-text", text));
    var status = el("span", "tp-msg-state");
    bubble.appendChild(status);
    setBubbleState(bubble, state || "sent");
    log.insertBefore(bubble, null);
    scrollToEnd();
    return bubble;
  }

  function setBubbleState(bubble, state) {
    bubble.dataset.state = state;
    var status = bubble.querySelector(".tp-msg-state");
    status.textContent = state === "pending" ? T.pending : state === "failed" ? T.notSent : "";
  }

  function addQuickReplies(parent, buttons) {
    var row = el("div", "tp-quick");
    row.setAttribute("role", "group");
    row.setAttribute("aria-label", T.suggestions);
    buttons.forEach(function (b) {
      if (!b || typeof b.title !== "string" || !b.title.trim()) { return; }
      var payload = typeof b.payload === "string" && b.payload ? b.payload : b.title;
      if (isContactLink(payload)) {  // 撥打 / 寫信給: opens the phone's dialler or mail app, sends nothing
        var link = contactLink(payload, b.title);
        link.classList.add("tp-chip");
        row.appendChild(link);
        return;
      }
      buttonTitles.set(payload, b.title);
      var button = el("button", "tp-chip", b.title);
      button.type = "button";
      button.addEventListener("click", function () { sendMessage(payload, b.title); });
      row.appendChild(button);
    });
    if (row.childNodes.length) { parent.appendChild(row); }
  }

  function renderBotMessage(m) {
    var custom = m.custom && typeof m.custom === "object" ? m.custom : {};
    var fromStaff = custom.from === "staff";
    var bubble = el("div", "tp-msg tp-bot");
    if (fromStaff) {
      bubble.classList.add("tp-staff");
      var name = typeof custom.name === "string" && custom.name.trim() ? custom.name.trim() : "";
      var who = el("div", "tp-who", name ? fill(T.staffNamed, { name: name }) : T.staff);
      bubble.appendChild(who);
    } else {
      bubble.appendChild(speaker(T.bot));
    }
    if (custom.error) { bubble.classList.add("tp-error"); }
    var hasContent = false;
    if (typeof m.text === "string" && m.text.trim()) {
      var body = el("div", "tp-text");
      body.appendChild(richText(m.text));
      bubble.appendChild(body);
      hasContent = true;
    }
    var image = safeUrl(m.image, true);
    if (image) {
      var alt = [m.alt, custom.alt, T.imageAlt].filter(function (v) { return typeof v === "string" && v.trim(); })[0];
      var figure = el("figure", "tp-figure");
      var link = el("a", "tp-image-link");
      link.href = image;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      link.setAttribute("aria-label", fill(T.openImage, { alt: alt }));
      var img = el("img", "tp-image");
      img.src = image;
      img.alt = alt;
      img.loading = "lazy";
      img.addEventListener("load", scrollToEnd);
      link.appendChild(img);
      figure.appendChild(link);
      bubble.appendChild(figure);
      hasContent = true;
    }
    var linkUrl = custom.type === "link" ? safeUrl(custom.url, false) : null;
    if (linkUrl) {
      var text = typeof custom.title === "string" && custom.title.trim() ? custom.title.trim() : T.download;
      var row = el("p", "tp-attachment");
      row.appendChild(makeLink(linkUrl, text));
      bubble.appendChild(row);
      hasContent = true;
    }
    if (Array.isArray(m.buttons) && m.buttons.length) {
      addQuickReplies(bubble, m.buttons);
      hasContent = true;
    }
    if (!hasContent) { return null; } // e.g. a custom payload meant for another channel
    log.appendChild(bubble);
    scrollToEnd();
    return bubble;
  }

  /** Show one stored message unless it is already on screen. Returns true if it was new. Only messages read
   * in id order (the stream, GET …/messages) move the cursor: `fromAnswer` ones come from a POST answer. */
  function renderStored(m, fromAnswer) {
    if (!m || typeof m.id !== "number" || seen.has(m.id)) { return false; }
    seen.add(m.id);
    if (fromAnswer !== true) { cursor = Math.max(cursor, m.id); }
    starters.hidden = true;
    if (m.direction === "in") {
      var text = typeof m.text === "string" ? m.text : "";
      var index = awaitingEcho.findIndex(function (entry) { return entry.text === text; });
      if (index >= 0) { // the stored copy of what this page sent
        var entry = awaitingEcho.splice(index, 1)[0];
        if (entry.bubble) { entry.bubble.dataset.id = String(m.id); setBubbleState(entry.bubble, "sent"); }
        return true;
      }
      addUserBubble(buttonTitles.get(text) || text).dataset.id = String(m.id);
      return true;
    }
    var isError = m.custom && typeof m.custom === "object" && m.custom.error;
    if (isError && outgoing) { // the retries of one message: its first error reply says it all
      if (outgoing.errorShown) { return true; }
      outgoing.errorShown = true;
    }
    var bubble = renderBotMessage(m);
    if (bubble) {
      bubble.dataset.id = String(m.id);
      if (panel.hidden && historyLoaded) { unread += 1; updateLauncher(); }
    }
    return true;
  }

  function renderAll(messages) {
    if (Array.isArray(messages)) { messages.forEach(function (m) { renderStored(m); }); }
  }

  // A greeting at the top of every conversation (shown by the widget, not stored); its suggested first
  // questions only while the conversation is empty.
  var welcome = el("div", "tp-msg tp-bot tp-welcome");
  var starters = el("div"); // the suggested questions' row, once the texts are in
  log.appendChild(welcome);

  function fillWelcome() {
    welcome.append(speaker(T.bot), el("div", "tp-text", T.welcome));
    addQuickReplies(welcome, T.starters.map(function (s) { return { title: s, payload: s }; }));
    starters = welcome.querySelector(".tp-quick") || starters;
    starters.hidden = true;
  }

  function showStarters() { starters.hidden = seen.size > 0; }

  // -- reading stored messages (one at a time, so that they render in id order) -----------------------------
  var readChain = Promise.resolve();

  /** GET the stored messages after the cursor (all pages) and render them; rejects on failure. */
  function catchUp() {
    var run = readChain.then(function () { return readPages(PAGE * 10); });
    readChain = run.catch(function () { /* the next read starts afresh */ });
    return run;
  }

  function readPages(budget, renewed) {
    return ensureSession().then(function () {
      return fetch(api(senderPath() + "/messages?after=" + cursor + "&limit=" + PAGE),
        { cache: "no-store", headers: authorized(), signal: deadline(15000) });
    })
      .then(function (response) {
        if (response.status === 401 && !renewed) { // the gateway no longer knows it: a new, empty conversation
          forgetSession();
          return readPages(budget, true).then(function () { return null; });
        }
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (messages) {
        renderAll(messages);
        if (Array.isArray(messages) && messages.length === PAGE && budget > PAGE) { return readPages(budget - PAGE); }
        return null;
      });
  }

  // -- sending, with automatic retry -------------------------------------------------------------------------
  var outgoing = null; // the message being sent or waiting for a retry: {text, bubble, attempts}
  var retryTimer = null;
  var countdownTimer = null;

  function sendMessage(text, shownAs) {
    if (!text || !text.trim()) { return; }
    if (outgoing) { // a new message replaces one that waits for a retry
      if (outgoing.inFlight) { return; }
      var previous = outgoing;
      abandonOutgoing();
      if (previous.text === text && previous.bubble.dataset.state === "failed") { previous.bubble.remove(); }
    }
    outgoing = { text: text, id: newMessageId(), attempts: 0, inFlight: false,
      bubble: addUserBubble(shownAs || text, "pending") };
    deliver(outgoing);
  }

  /** Render the answer to POST /api/chat from its stored ids (the user's message, then each reply); false when
   * some id is missing (then the stored messages are read instead). */
  function renderAnswer(message, data, replies) {
    var ids = data && Array.isArray(data.reply_ids) ? data.reply_ids : null;
    var complete = data && typeof data.message_id === "number" && ids && ids.length === replies.length &&
      ids.every(function (id) { return typeof id === "number"; });
    if (!complete) { return false; }
    renderStored({ id: data.message_id, direction: "in", text: message.text }, true);
    replies.forEach(function (reply, i) {
      var stored = {};
      Object.keys(reply || {}).forEach(function (key) { stored[key] = reply[key]; });
      stored.id = ids[i];
      stored.direction = "out";
      renderStored(stored, true);
    });
    return true;
  }

  function abandonOutgoing() {
    clearRetry();
    if (outgoing && outgoing.bubble.dataset.state === "pending") { setBubbleState(outgoing.bubble, "failed"); }
    awaitingEcho = awaitingEcho.filter(function (entry) { return entry.owner !== outgoing; });
    outgoing = null;
    hideNotice();
  }

  function deliver(message) {
    clearRetry();
    message.attempts += 1;
    message.inFlight = true;
    // the first attempt's stored copy confirms the bubble; the copies of retries are not shown again
    var confirmed = message.bubble.dataset.state === "sent";
    awaitingEcho.push({ text: message.text, bubble: confirmed ? null : message.bubble, owner: message });
    if (message.attempts > 1) { showNotice(T.retrying, null); }
    setTyping(true);
    sendButton.disabled = true;
    var failure = null;
    ensureSession().then(function () {
      return fetch(api("api/chat"), {
        method: "POST",
        headers: authorized({ "Content-Type": "application/json" }),
        // the same id on every retry: a message the gateway already has is answered from what it stored
        body: JSON.stringify({ sender: session.sender, message: message.text, message_id: message.id }),
        signal: deadline(30000) // Rasa's own timeout is 10 s; past this the gateway is not answering
      });
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        if (response.status === 401) { // a new conversation; the message goes again, in it
          forgetSession();
          message.id = newMessageId();
          failure = { lead: T.serverError, retryable: true };
          return null;
        }
        if (!response.ok) {
          var retryable = response.status >= 500 || response.status === 408 || response.status === 429;
          failure = { lead: retryable ? T.serverError : null, error: data && data.error, retryable: retryable };
          return null;
        }
        var replies = data && Array.isArray(data.replies) ? data.replies : [];
        if (replies.some(function (r) { return r && r.custom && r.custom.error === "rasa_unavailable"; })) {
          failure = { lead: T.rasaDown, retryable: true };
        }
        if (renderAnswer(message, data, replies)) { return null; }
        // Not all of it was stored with an id: show what was stored. If this read fails, the live stream
        // brings the same messages.
        return catchUp().catch(function () { startLive(); });
      });
    }, function () {
      failure = { lead: T.offline, retryable: true };
    }).then(function () {
      message.inFlight = false;
      setTyping(false);
      sendButton.disabled = false;
      if (outgoing !== message) { return; }
      if (!failure) {
        awaitingEcho = awaitingEcho.filter(function (entry) { return entry.owner !== message; });
        if (message.bubble.dataset.state === "pending") { setBubbleState(message.bubble, "sent"); }
        if (input.value === message.text) { input.value = ""; autosize(); }
        outgoing = null;
        hideNotice();
        startLive();
        return;
      }
      if (!input.value.trim()) { input.value = message.text; autosize(); } // nothing the user typed is lost
      if (!failure.retryable) { // e.g. too long: say why and let the user change it
        setBubbleState(message.bubble, "failed");
        awaitingEcho = awaitingEcho.filter(function (entry) { return entry.owner !== message; });
        outgoing = null;
        showNotice(failure.error || T.serverError, null, false);
        return;
      }
      if (message.bubble.dataset.state === "pending") { setBubbleState(message.bubble, "failed"); }
      scheduleRetry(message, failure.lead);
    });
  }

  function scheduleRetry(message, lead) {
    if (message.attempts >= MAX_SEND_ATTEMPTS) {
      showNotice(lead + T.gaveUp, null, true);
      return;
    }
    var due = Date.now() + backoffMs(message.attempts);
    showNotice(lead + T.retryIn, due, true);
    retryTimer = window.setTimeout(function () { retryTimer = null; deliver(message); }, due - Date.now());
  }

  function clearRetry() {
    if (retryTimer) { window.clearTimeout(retryTimer); retryTimer = null; }
  }

  function retryNow() {
    if (outgoing && !outgoing.inFlight) {
      if (outgoing.attempts >= MAX_SEND_ATTEMPTS) { outgoing.attempts = 0; }
      deliver(outgoing);
    } else if (historyPending) {
      loadHistory();
    }
  }

  // -- notices -------------------------------------------------------------------------------------------------
  function showNotice(text, dueAt, withButton) {
    notice.hidden = false;
    if (noticeText.textContent !== text) { noticeText.textContent = text; }
    retryButton.hidden = !withButton;
    if (countdownTimer) { window.clearInterval(countdownTimer); countdownTimer = null; }
    noticeCountdown.textContent = "";
    if (dueAt) {
      var tick = function () {
        var left = Math.max(0, Math.ceil((dueAt - Date.now()) / 1000));
        noticeCountdown.textContent = fill(T.countdown, { s: left });
      };
      tick();
      countdownTimer = window.setInterval(tick, 1000);
    }
  }

  function hideNotice() {
    notice.hidden = true;
    noticeText.textContent = "";
    if (countdownTimer) { window.clearInterval(countdownTimer); countdownTimer = null; }
  }

  function setTyping(on) {
    typing.hidden = !on;
    if (on) { scrollToEnd(); }
  }

  function setConnectionLost(lost) {
    connection.hidden = !lost;
    connection.textContent = lost ? T.liveLost : "";
  }

  // -- history on open -------------------------------------------------------------------------------------------
  var historyLoaded = false;
  var historyPending = false;
  var historyAttempts = 0;

  var historyTimer = null;

  function loadHistory() {
    historyPending = true;
    if (historyTimer) { window.clearTimeout(historyTimer); historyTimer = null; }
    catchUp().then(function () {
      historyLoaded = true;
      historyPending = false;
      historyAttempts = 0;
      if (!outgoing) { hideNotice(); }
      showStarters();
      startLive();
    }, function () {
      historyAttempts += 1;
      var due = Date.now() + backoffMs(historyAttempts);
      showNotice(T.historyOffline, due, true);
      historyTimer = window.setTimeout(function () { historyTimer = null; loadHistory(); }, due - Date.now());
    });
  }

  // -- live delivery: Server-Sent Events, polling when they fail ---------------------------------------------------
  var source = null;
  var pollTimer = null;
  var pollFailures = 0;
  var sseFailures = 0;
  var sseBlockedUntil = 0;
  var live = false;

  function startLive() {
    if (live || !historyLoaded) { return; }
    live = true;
    if (window.EventSource && Date.now() >= sseBlockedUntil) { openStream(); } else { schedulePoll(0); }
  }

  function stopLive() {
    live = false;
    if (source) { source.close(); source = null; }
    stopPolling();
  }

  function openStream() {
    if (!session) { schedulePoll(0); return; }
    var opened = false;
    var stream = new EventSource(api(senderPath() + "/stream?after=" + cursor + "&token=" + encodeURIComponent(session.token)));
    source = stream;
    stream.onopen = function () {
      opened = true;
      sseFailures = 0;
      setConnectionLost(false);
      stopPolling(); // polling was only standing in
    };
    stream.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      renderStored(message);
    };
    stream.onerror = function () {
      sseFailures += 1;
      // EventSource reconnects by itself (sending Last-Event-ID) while readyState is CONNECTING; give up on it
      // when it never opened (a proxy that blocks streams), when it closed for good, or after three failures.
      if (!opened || stream.readyState === EventSource.CLOSED || sseFailures >= 3) {
        stream.close();
        if (source === stream) { source = null; }
        sseBlockedUntil = Date.now() + SSE_RETRY_AFTER_MS;
        if (opened) { setConnectionLost(true); }
        schedulePoll(0);
      } else {
        setConnectionLost(true);
      }
    };
  }

  function schedulePoll(delay) {
    if (pollTimer) { window.clearTimeout(pollTimer); }
    pollTimer = window.setTimeout(poll, delay);
  }

  function stopPolling() {
    if (pollTimer) { window.clearTimeout(pollTimer); pollTimer = null; }
  }

  function poll() {
    pollTimer = null;
    catchUp().then(function () {
      pollFailures = 0;
      setConnectionLost(false);
      if (!source && window.EventSource && Date.now() >= sseBlockedUntil) { openStream(); } // try the stream again
      if (!source || source.readyState !== EventSource.OPEN) {
        schedulePoll(panel.hidden ? POLL_CLOSED_MS : POLL_OPEN_MS);
      }
    }, function () {
      pollFailures += 1;
      setConnectionLost(true);
      schedulePoll(backoffMs(pollFailures));
    });
  }

  // -- opening, closing, keyboard ------------------------------------------------------------------------------------
  function updateLauncher() {
    badge.hidden = unread === 0;
    badge.textContent = String(unread);
    unreadText.textContent = unread ? fill(T.unread, { n: unread }) : "";
  }

  function open(options) {
    var focus = !options || options.focus !== false;
    if (!panel.hidden) { if (focus) { input.focus(); } return; }
    panel.hidden = false;
    frame.classList.add("tp-open");
    launcher.setAttribute("aria-expanded", "true");
    storageSet("sessionStorage", OPEN_KEY, "1");
    unread = 0;
    updateLauncher();
    if (!historyLoaded && !historyPending) { loadHistory(); } else if (historyLoaded) { showStarters(); }
    scrollToEnd();
    if (focus) { input.focus(); }
  }

  function close() {
    if (panel.hidden) { return; }
    panel.hidden = true;
    frame.classList.remove("tp-open");
    launcher.setAttribute("aria-expanded", "false");
    storageSet("sessionStorage", OPEN_KEY, "0");
    launcher.focus();
  }

  function autosize() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight + input.offsetHeight - input.clientHeight, 160) + "px";
  }

  launcher.addEventListener("click", function () { if (panel.hidden) { open(); } else { close(); } });
  closeButton.addEventListener("click", close);
  retryButton.addEventListener("click", retryNow);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !event.isComposing) { event.preventDefault(); close(); }
  });
  input.addEventListener("input", autosize);
  input.addEventListener("keydown", function (event) {
    // Enter sends, Shift+Enter is a new line; Enter that picks a word in a Chinese input method does neither.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim() || (outgoing && outgoing.inFlight)) { return; }
    input.value = "";
    autosize();
    sendMessage(text);
  });

  function start() {
    applyTexts();
    updateLauncher();
    document.body.appendChild(host);
    // A returning user: new messages of their conversation show on the launcher's badge; a panel that was
    // open before a reload opens again.
    if (storageGet("sessionStorage", OPEN_KEY) === "1") {
      open({ focus: false }); // a reload: same state, without pulling focus (or a phone's keyboard) up
    } else if (hadConversation) {
      historyPending = true;
      catchUp().then(function () {
        historyLoaded = true;
        historyPending = false;
        showStarters();
        startLive();
      }, function () {
        historyPending = false;
        if (!panel.hidden) { loadHistory(); } // opened meanwhile: retry with the notice
      });
    }
  }

  var bodyReady = new Promise(function (resolve) {
    if (document.body) { resolve(); } else { document.addEventListener("DOMContentLoaded", resolve); }
  });
  var ready = Promise.all([loadTexts(0), bodyReady]).then(function (loaded) { T = loaded[0]; start(); });

  window.TanpanchaWidget = {
    open: function () { ready.then(function () { open(); }); },
    close: close,
    /** The conversation's sender id (null before the first open). */
    sender: function () { return session ? session.sender : null; }
  };
})();
