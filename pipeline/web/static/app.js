// coachloop triage: keyboard shortcuts, audio from the moment, saving forms without losing text.
// Plain script, no build step. Every page works without it; it makes triage fast.
"use strict";

(function () {
  const page = document.body.dataset.page;
  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

  // ---- drafts: [data-draft] fields of a form with data-draft-key live in localStorage until saved ----
  const DRAFT_PREFIX = "coachloop-draft:";
  const storage = {
    get(key) { try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; } },
    set(key, value) { try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode */ } },
    remove(key) { try { localStorage.removeItem(key); } catch (e) { /* private mode */ } },
  };
  const draftKey = (form, field) => DRAFT_PREFIX + form.dataset.draftKey + ":" + field.name;

  // The one date format of every page: "2 Dec 2026, 15:30" (pipeline/coaching/wording.py, day_and_time).
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const twoDigits = (number) => String(number).padStart(2, "0");
  const dayAndTime = (when) =>
    `${when.getDate()} ${MONTHS[when.getMonth()]} ${when.getFullYear()}, ${twoDigits(when.getHours())}:${twoDigits(when.getMinutes())}`;

  function keepDrafts(form) {
    $$("[data-draft]", form).forEach((field) => {
      const saved = storage.get(draftKey(form, field));
      if (saved && typeof saved.value === "string" && saved.value !== field.value) {
        field.value = saved.value;
        showMessage(form, "Restored your unsaved text from " + dayAndTime(new Date(saved.at)) + ".", "notice");
      }
      field.addEventListener("input", () => storage.set(draftKey(form, field), { value: field.value, at: Date.now() }));
    });
  }

  function clearDrafts(form) {
    $$("[data-draft]", form).forEach((field) => storage.remove(draftKey(form, field)));
  }

  function showMessage(form, text, kind) {
    const box = $(".form-error", form);
    if (!box) return;
    box.textContent = text;
    box.dataset.kind = kind || "error";
    box.hidden = false;
  }

  // ---- saving: post with fetch; on any failure the text stays in the page (and in the draft) ----
  async function save(form, submitter, extra) {
    if (form.dataset.busy) return;
    form.dataset.busy = "1";
    const body = new URLSearchParams(new FormData(form, submitter || null));
    Object.entries(extra || {}).forEach(([name, value]) => body.set(name, value));
    let response = null;
    let answer = null;
    try {
      // getAttribute: a control named "action" (the decision buttons) shadows form.action
      response = await fetch(form.getAttribute("action"), {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      answer = await response.json();
    } catch (error) {
      answer = null;
    } finally {
      delete form.dataset.busy;
    }
    if (response && response.ok && answer && answer.saved) {
      clearDrafts(form);
      window.location.assign(answer.next_url);
      return;
    }
    const reason = answer && answer.error
      ? answer.error
      : "Not saved: the app did not answer" + (response ? " (HTTP " + response.status + ")" : "") + ".";
    showMessage(form, reason + " Your text is still here and kept in this browser.");
    if (answer && answer.nudge) offerSaveAnyway(form, submitter);
  }

  function offerSaveAnyway(form, submitter) {
    const box = $(".form-error", form);
    const button = document.createElement("button");
    button.type = "button";
    button.id = "save-anyway";
    button.textContent = "Save this wording anyway";
    button.addEventListener("click", () => save(form, submitter, { accept_wording: "1" }));
    box.append(" ", button);
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches("form.js-save")) return;
    event.preventDefault();
    save(form, event.submitter);
  });
  $$("form.js-save[data-draft-key]").forEach(keepDrafts);

  // ---- wording nudge: away from personality words, towards naming the moment ----
  const diagnosis = $("#diagnosis");
  if (diagnosis) {
    const escape = (word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const words = (attribute) => (attribute || "").split("|").filter(Boolean).map(escape).join("|");
    const personal = new RegExp("\\b(" + words(diagnosis.dataset.personality) + ")\\b", "gi");
    const moment = new RegExp("\\b(" + words(diagnosis.dataset.momentWords) + ")\\b|\\d+:\\d\\d", "i");
    const hint = $("#wording-hint");
    const update = () => {
      const text = diagnosis.value;
      const found = Array.from(new Set((text.match(personal) || []).map((w) => w.toLowerCase())));
      if (found.length) {
        hint.textContent = "“" + found.join("”, “") + "” describes the person, not what they did. "
          + "Say what the rep said or did, and when.";
        hint.dataset.kind = "warn";
      } else if (text.trim() && !moment.test(text)) {
        hint.textContent = "Name the moment: “When the buyer …, you …”.";
        hint.dataset.kind = "tip";
      } else {
        hint.textContent = "";
      }
    };
    diagnosis.addEventListener("input", update);
    update();
  }

  // ---- audio: the player starts at the moment; p plays from it; utterance times seek ----
  const player = $("#player");
  function playFrom(seconds) {
    if (!player) return;
    const go = () => {
      player.currentTime = seconds;
      player.play().catch(() => { /* the browser wants a click first */ });
    };
    if (player.readyState >= 1) go();
    else player.addEventListener("loadedmetadata", go, { once: true });
  }
  if (player) {
    const start = parseFloat(player.dataset.start || "0");
    const cue = () => { if (player.currentTime < 0.01) player.currentTime = start; };
    if (player.readyState >= 1) cue();
    else player.addEventListener("loadedmetadata", cue, { once: true });
    const button = $("#play-moment");
    if (button) button.addEventListener("click", () => playFrom(start));
  }
  $$("button.seek[data-seek]").forEach((button) =>
    button.addEventListener("click", () => playFrom(parseFloat(button.dataset.seek))));

  // ---- plan form: picking a call, deal or date selects its choice ----
  $$("label.choice").forEach((choice) => {
    const radio = $("input[type=radio]", choice);
    $$("select, input[type=date]", choice).forEach((control) =>
      control.addEventListener("change", () => { radio.checked = true; }));
  });
  const practisedOn = $("#practised_on");
  if (practisedOn) {
    practisedOn.addEventListener("change", () => { $("#practised").checked = Boolean(practisedOn.value); });
  }

  // ---- keyboard ----
  const go = (selector) => { const link = $(selector); if (link) window.location.assign(link.href); };
  const press = (selector) => {
    const element = $(selector);
    if (!element) return;
    if (element.tagName === "FORM") element.requestSubmit();
    else if (element.form) element.form.requestSubmit(element);
    else element.click();
  };
  const toggleHelp = () => { const help = $("#help"); if (help) help.hidden = !help.hidden; };
  const undoLast = () => press($("#flash-undo") ? "#flash-undo" : "#undo-form");

  let selected = 0;
  const rows = $$(".queue-row");
  function select(index) {
    if (!rows.length) return;
    selected = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach((row, i) => row.classList.toggle("selected", i === selected));
    rows[selected].scrollIntoView({ block: "nearest" });
  }
  if (rows.length) select(0);

  function dismissWith(number) {
    const panel = $("#dismiss-panel");
    if (!panel || !panel.dataset.armed) return false;
    const radio = $$("input[name=reason]", panel)[number - 1];
    if (!radio) return false;
    radio.checked = true;
    if (radio.value === "other" && !$("#note").value.trim()) $("#note").focus();
    else press("#dismiss-button");
    return true;
  }

  const keys = {
    queue: {
      j: () => select(selected + 1), ArrowDown: () => select(selected + 1),
      k: () => select(selected - 1), ArrowUp: () => select(selected - 1),
      Enter: () => rows.length && window.location.assign(rows[selected].dataset.url),
      o: () => rows.length && window.location.assign(rows[selected].dataset.url),
      u: undoLast,
    },
    moment: {
      j: () => go("#next-moment"), k: () => go("#previous-moment"),
      p: () => player && playFrom(parseFloat(player.dataset.start || "0")),
      " ": () => player && (player.paused ? playFrom(parseFloat(player.dataset.start || "0")) : player.pause()),
      c: () => { if (diagnosis) { diagnosis.focus(); diagnosis.setSelectionRange(diagnosis.value.length, diagnosis.value.length); } },
      s: () => press("#strength-button"),
      d: () => {
        const panel = $("#dismiss-panel");
        if (!panel) return;
        panel.dataset.armed = "1";
        panel.classList.add("armed");
        const first = $("input[name=reason]", panel);
        if (first) first.focus();
      },
      1: () => dismissWith(1), 2: () => dismissWith(2), 3: () => dismissWith(3),
      u: undoLast,
      q: () => go("#back-to-queue"), Escape: () => go("#back-to-queue"),
    },
  };

  const isTextField = (element) =>
    element && element.matches && element.matches("textarea, select, input:not([type=radio]):not([type=checkbox])");

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented) return;
    const target = event.target;
    if (isTextField(target)) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && target.form) {
        event.preventDefault();
        const button = target.dataset.submit ? document.getElementById(target.dataset.submit) : null;
        target.form.requestSubmit(button || undefined);
      } else if (event.key === "Escape") {
        target.blur();
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "?") { event.preventDefault(); toggleHelp(); return; }
    const action = (keys[page] || {})[event.key];
    if (!action) return;
    if (event.key === " " && target.tagName === "BUTTON") return;  // Space on a focused button clicks it
    if ((event.key === "Enter") && target.tagName === "A") return;  // Enter on a focused link follows it
    event.preventDefault();
    action(event);
  });
  const helpToggle = $("#help-toggle");
  if (helpToggle) helpToggle.addEventListener("click", toggleHelp);
})();
