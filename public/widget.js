/*
 * Storage Agent web chat widget (docs/web-chat.md). Embed it on any page:
 *
 *   <script src="https://YOUR-STORAGE-AGENT-HOST/widget.js" data-key="pk_chat_..." async></script>
 *
 * Plain browser JavaScript with no dependencies. It draws into a shadow root, so the page's styles
 * and the widget's never mix. The conversation id and its token are kept in localStorage under the
 * widget key, so a reload (or another page of the same site) continues the thread. Replies stream in
 * over Server-Sent Events read from a fetch() response.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var key = script && script.getAttribute("data-key");
  if (!script || !key) {
    console.warn('Storage Agent chat: add data-key="pk_chat_..." to the widget\'s <script> tag.');
    return;
  }
  if (window.__storageAgentChat && window.__storageAgentChat[key]) return; // included twice
  window.__storageAgentChat = window.__storageAgentChat || {};
  window.__storageAgentChat[key] = true;

  var api = new URL(script.src).origin + "/api/chat/" + encodeURIComponent(key);
  var storeKey = "storage-agent-chat:" + key;
  var openKey = storeKey + ":open";
  var maxChars = 1000;
  var config = null;
  var thread = readThread();
  var historyLoaded = false;
  var busy = false;
  // Who answers the thread: "staff" once a person at the operator took it over from the agent.
  var handler = "agent";
  var shown = 0; // messages in the log, to tell when the history has new ones
  var pollTimer = null;
  // While a person holds the chat their answers come through the history: fetched often then, and
  // now and again otherwise so a take-over is noticed (docs/web-chat.md).
  var POLL_STAFF_MS = 3000;
  var POLL_AGENT_MS = 10000;

  function readThread() {
    try {
      var t = JSON.parse(localStorage.getItem(storeKey) || "null");
      return t && typeof t.conversationId === "string" && typeof t.token === "string" ? t : null;
    } catch {
      return null;
    }
  }
  function saveThread(t) {
    thread = t;
    try {
      if (t) localStorage.setItem(storeKey, JSON.stringify(t));
      else localStorage.removeItem(storeKey);
    } catch {
      /* storage blocked: the thread lasts as long as the page */
    }
  }
  function remember(name, value) {
    try {
      if (value) sessionStorage.setItem(name, "1");
      else sessionStorage.removeItem(name);
    } catch {
      /* ignore */
    }
  }
  function recalled(name) {
    try {
      return sessionStorage.getItem(name) === "1";
    } catch {
      return false;
    }
  }

  // --- DOM ------------------------------------------------------------------------------------------
  var host = document.createElement("div");
  host.setAttribute("data-storage-agent-chat", "");
  var root = host.attachShadow({ mode: "open" });
  root.innerHTML =
    "<style>" +
    ":host{all:initial}" +
    "*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}" +
    ".launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:999px;padding:12px 18px;font-size:15px;font-weight:600;color:#fff;background:var(--sa-color);cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25)}" +
    ".launcher:focus-visible,button:focus-visible,textarea:focus-visible{outline:3px solid #111;outline-offset:2px}" +
    ".panel{position:fixed;right:20px;bottom:80px;z-index:2147483000;width:min(370px,calc(100vw - 40px));height:min(540px,calc(100vh - 110px));display:flex;flex-direction:column;background:#fff;color:#111;border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.3);overflow:hidden}" +
    ".panel[hidden]{display:none}" +
    "header{display:flex;align-items:center;justify-content:space-between;padding:12px 14px;background:var(--sa-color);color:#fff}" +
    "h2{margin:0;font-size:16px}" +
    ".close{border:0;background:transparent;color:#fff;font-size:22px;line-height:1;cursor:pointer;padding:2px 8px;border-radius:6px}" +
    ".log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f7f7f8}" +
    ".msg{max-width:85%;padding:8px 12px;border-radius:12px;font-size:14px;line-height:1.4;white-space:pre-wrap;word-wrap:break-word}" +
    ".agent{align-self:flex-start;background:#fff;border:1px solid #e3e3e6}" +
    ".visitor{align-self:flex-end;background:var(--sa-color);color:#fff}" +
    ".staff{align-self:flex-start;background:#fff;border:1px solid #e3e3e6;border-left:4px solid var(--sa-color)}" +
    ".who{display:block;font-size:11px;font-weight:600;color:#555;margin-bottom:2px}" +
    ".status{margin:0;padding:6px 12px;font-size:13px;color:#1f3a5f;background:#eaf1fb}" +
    ".status:empty{display:none}" +
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}" +
    "form{display:flex;gap:8px;padding:10px;border-top:1px solid #e3e3e6;background:#fff}" +
    "textarea{flex:1;resize:none;font-size:14px;padding:8px;border:1px solid #b9b9c0;border-radius:8px;min-height:40px;max-height:120px;color:#111;background:#fff}" +
    ".send{border:0;border-radius:8px;padding:0 14px;font-weight:600;color:#fff;background:var(--sa-color);cursor:pointer}" +
    ".send[disabled]{opacity:.6;cursor:default}" +
    ".error{margin:0;padding:6px 12px;font-size:13px;color:#9b1c1c;background:#fdecec}" +
    ".error:empty{display:none}" +
    "</style>" +
    '<button class="launcher" type="button" aria-expanded="false" aria-controls="sa-panel">Chat with us</button>' +
    '<section class="panel" id="sa-panel" role="dialog" aria-label="Chat with us" hidden>' +
    '<header><h2 id="sa-title">Chat with us</h2><button class="close" type="button" aria-label="Close chat">&times;</button></header>' +
    '<div class="log" role="log" aria-live="polite" aria-label="Chat messages" tabindex="0"></div>' +
    '<p class="status" role="status"></p>' +
    '<p class="error" role="alert"></p>' +
    '<form><label class="sr" for="sa-input">Your message</label>' +
    '<textarea id="sa-input" rows="1" maxlength="1000" placeholder="Ask about sizes, prices, hours…" autocomplete="off"></textarea>' +
    '<button class="send" type="submit">Send</button></form>' +
    "</section>";

  var launcher = root.querySelector(".launcher");
  var panel = root.querySelector(".panel");
  var title = root.querySelector("#sa-title");
  var log = root.querySelector(".log");
  var errorBox = root.querySelector(".error");
  var statusBox = root.querySelector(".status");
  var form = root.querySelector("form");
  var input = root.querySelector("textarea");
  var sendButton = root.querySelector(".send");
  host.style.setProperty("--sa-color", "#2563eb");

  function bubble(role, text) {
    var el = document.createElement("div");
    el.className = "msg " + role;
    var who = document.createElement("span");
    who.className = role === "staff" ? "who" : "sr";
    who.textContent = role === "visitor" ? "You: " : role === "staff" ? "Team member" : "Assistant: ";
    var body = document.createElement("span");
    body.textContent = text;
    el.appendChild(who);
    el.appendChild(body);
    el.setAttribute("data-role", role);
    log.appendChild(el);
    log.scrollTop = log.scrollHeight;
    shown = log.children.length;
    return body;
  }
  function setHandler(value) {
    handler = value === "staff" ? "staff" : "agent";
    statusBox.textContent = handler === "staff" ? "A member of our team is answering you here." : "";
  }
  function showError(text) {
    errorBox.textContent = text || "";
  }
  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
    log.setAttribute("aria-busy", value ? "true" : "false");
  }

  // --- API ------------------------------------------------------------------------------------------
  function request(path, init) {
    init = init || {};
    var headers = { accept: init.stream ? "text/event-stream" : "application/json" };
    if (init.body) headers["content-type"] = "application/json";
    if (thread && path !== "/conversations" && path !== "/config") headers.authorization = "Bearer " + thread.token;
    return fetch(api + path, {
      method: init.method || "GET",
      headers: headers,
      body: init.body ? JSON.stringify(init.body) : undefined,
      credentials: "omit",
      mode: "cors",
    });
  }
  function problemText(res) {
    return res
      .json()
      .then(function (p) {
        return (p && (p.detail || p.title)) || "The chat is not available right now.";
      })
      .catch(function () {
        return "The chat is not available right now.";
      });
  }

  function loadConfig() {
    return request("/config").then(function (res) {
      if (!res.ok)
        return problemText(res).then(function (t) {
          throw new Error(t);
        });
      return res.json().then(function (c) {
        config = c;
        maxChars = c.maxMessageChars || maxChars;
        input.maxLength = maxChars;
        host.style.setProperty("--sa-color", c.color);
        title.textContent = c.facilityName;
        panel.setAttribute("aria-label", "Chat with " + c.facilityName);
      });
    });
  }

  function render(messages) {
    log.textContent = "";
    messages.forEach(function (m) {
      bubble(m.role === "visitor" || m.role === "staff" ? m.role : "agent", m.text);
    });
    shown = log.children.length;
  }

  function loadHistory() {
    if (historyLoaded) return Promise.resolve();
    if (!thread) {
      historyLoaded = true;
      if (config) render([{ role: "agent", text: config.greeting }]);
      return Promise.resolve();
    }
    return request("/conversations/" + encodeURIComponent(thread.conversationId)).then(function (res) {
      if (res.status === 401 || res.status === 404) {
        // The key was rotated or the thread is gone: start afresh.
        saveThread(null);
        return loadHistory();
      }
      if (!res.ok) return problemText(res).then(showError);
      return res.json().then(function (h) {
        historyLoaded = true;
        setHandler(h.handler);
        render(h.messages);
        schedulePoll();
      });
    });
  }

  /** Fetches the history while the panel is open, for a person's answers (no reply stream carries them). */
  function schedulePoll() {
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = null;
    if (!thread || panel.hidden) return;
    pollTimer = setTimeout(poll, handler === "staff" ? POLL_STAFF_MS : POLL_AGENT_MS);
  }
  function poll() {
    pollTimer = null;
    if (!thread || panel.hidden) return;
    if (busy || document.visibilityState === "hidden") return schedulePoll();
    request("/conversations/" + encodeURIComponent(thread.conversationId))
      .then(function (res) {
        if (!res.ok) return;
        return res.json().then(function (h) {
          if (busy) return;
          setHandler(h.handler);
          if (h.messages.length !== shown) render(h.messages);
        });
      })
      .catch(function () {
        /* offline for a moment: the next poll tries again */
      })
      .then(schedulePoll);
  }

  function ensureThread() {
    if (thread) return Promise.resolve(thread);
    return request("/conversations", { method: "POST", body: {} }).then(function (res) {
      if (!res.ok)
        return problemText(res).then(function (t) {
          throw new Error(t);
        });
      return res.json().then(function (c) {
        saveThread({ conversationId: c.conversationId, token: c.token });
        return thread;
      });
    });
  }

  function send(text) {
    setBusy(true);
    showError("");
    bubble("visitor", text);
    var reply = null;
    var clientMessageId = "m" + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
    function post() {
      return ensureThread().then(function (t) {
        return request("/conversations/" + encodeURIComponent(t.conversationId) + "/messages", {
          method: "POST",
          body: { text: text, clientMessageId: clientMessageId },
          stream: true,
        });
      });
    }
    return post()
      .then(function (res) {
        // The thread was closed after a quiet spell (or its token no longer works): start a new one.
        if (res.status === 409 || res.status === 401) {
          saveThread(null);
          return post();
        }
        return res;
      })
      .then(function (res) {
        if (!res.ok)
          return problemText(res).then(function (t) {
            throw new Error(t);
          });
        reply = bubble("agent", "");
        reply.parentNode.setAttribute("aria-busy", "true");
        return readEvents(res, function (event, data) {
          if (event === "token") reply.textContent += data.text;
          else if (event === "reset") reply.textContent = "";
          else if (event === "done") {
            if (data.handler) setHandler(data.handler);
            if (data.message) reply.textContent = data.message.text;
            else {
              // A person holds the chat: their answer comes with the history, not this stream.
              log.removeChild(reply.parentNode);
              reply = null;
              shown = log.children.length;
            }
          } else if (event === "error") showError(data.detail || "The assistant could not answer; please try again.");
          log.scrollTop = log.scrollHeight;
        });
      })
      .catch(function (err) {
        showError(err && err.message ? err.message : "The message could not be sent.");
      })
      .then(function () {
        if (reply) reply.parentNode.removeAttribute("aria-busy");
        setBusy(false);
        schedulePoll();
      });
  }

  /** Reads `event: x` / `data: {...}` frames from a streamed response. */
  function readEvents(res, onEvent) {
    var reader = res.body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    function frame(chunk) {
      var event = "message";
      var data = "";
      chunk.split("\n").forEach(function (line) {
        if (line.indexOf("event:") === 0) event = line.slice(6).trim();
        else if (line.indexOf("data:") === 0) data += line.slice(5).trim();
      });
      if (data) onEvent(event, JSON.parse(data));
    }
    function pump() {
      return reader.read().then(function (r) {
        if (r.done) {
          if (buffer.trim()) frame(buffer);
          return;
        }
        buffer += decoder.decode(r.value, { stream: true });
        var i;
        while ((i = buffer.indexOf("\n\n")) >= 0) {
          frame(buffer.slice(0, i));
          buffer = buffer.slice(i + 2);
        }
        return pump();
      });
    }
    return pump();
  }

  // --- behaviour ------------------------------------------------------------------------------------
  /** `restore`: reopened after a reload, so the page keeps its focus. */
  function open(restore) {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    remember(openKey, true);
    (config ? Promise.resolve() : loadConfig())
      .then(loadHistory)
      .then(schedulePoll)
      .catch(function (err) {
        showError(err.message);
      });
    if (!restore) input.focus();
  }
  function close() {
    panel.hidden = true;
    schedulePoll();
    launcher.setAttribute("aria-expanded", "false");
    remember(openKey, false);
    launcher.focus();
  }

  launcher.addEventListener("click", function () {
    if (panel.hidden) open(false);
    else close();
  });
  root.querySelector(".close").addEventListener("click", close);
  panel.addEventListener("keydown", function (e) {
    if (e.key === "Escape") close();
  });
  input.addEventListener("keydown", function (e) {
    // Enter sends, Shift+Enter makes a new line.
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      if (form.requestSubmit) form.requestSubmit();
      else form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text || busy) return;
    if (text.length > maxChars) {
      showError("Keep messages under " + maxChars + " characters.");
      return;
    }
    input.value = "";
    send(text);
  });

  function mount() {
    document.body.appendChild(host);
    loadConfig()
      .then(function () {
        if (recalled(openKey)) open(true);
      })
      .catch(function (err) {
        console.warn("Storage Agent chat: " + err.message);
        launcher.hidden = true;
      });
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
