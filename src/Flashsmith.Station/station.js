"use strict";
(() => {
  const state = JSON.parse(document.getElementById("state").textContent);
  const slots = new Map();

  function text(tag, className, value) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    element.textContent = value ?? "";
    return element;
  }

  function renderStation() {
    const s = state.station;
    document.getElementById("station").textContent = "station " + s.station;
    document.title = "flashsmith station " + s.station;
    document.getElementById("image").textContent = s.ready
      ? s.image + " (" + s.target + " " + s.version + ") · slots " + s.slots
      : "verifying the image · slots " + s.slots;
    const warning = document.getElementById("warning");
    warning.hidden = !s.developmentCertificate;
    warning.textContent = "DEVELOPMENT certificate: these keys are not for release";
  }

  function tile(slot) {
    const element = document.createElement("article");
    element.className = "tile state-" + slot.state;
    element.dataset.slot = slot.slot;
    element.dataset.state = slot.state;
    element.append(text("div", "name", "slot " + slot.slot));
    let word = slot.state;
    if (slot.state === "removed" && slot.lastResult) word = "removed · " + slot.lastResult;
    element.append(text("div", "word", word));
    element.append(text("div", "serial", slot.unitSerial));
    element.append(text("div", "device", slot.device));
    const bar = text("div", "bar", "");
    const fill = text("div", "fill", "");
    fill.style.width = slot.percent + "%";
    bar.append(fill);
    element.append(bar);
    element.append(text("div", "percent", slot.percent + "%"));
    if (slot.error) element.append(text("div", "error", slot.error));
    return element;
  }

  function renderSlots() {
    const main = document.getElementById("slots");
    const names = [...slots.keys()].sort();
    main.replaceChildren(...names.map(name => tile(slots.get(name))));
    if (names.length === 0) main.append(text("p", "", "No key has been seen in the slots yet."));
  }

  function renderLog() {
    const body = document.querySelector("#log tbody");
    body.replaceChildren(...state.log.map(record => {
      const row = document.createElement("tr");
      row.dataset.attempt = record.id;
      row.append(text("td", "", record.id));
      row.append(text("td", "", record.startedAt));
      row.append(text("td", "", record.devicePath));
      row.append(text("td", "", record.unitSerial));
      row.append(text("td", "result result-" + record.result, record.result));
      row.append(text("td", "", record.reason));
      return row;
    }));
  }

  function take(snapshot) {
    state.station = snapshot.station;
    state.log = snapshot.log;
    slots.clear();
    for (const slot of snapshot.slots) slots.set(slot.slot, slot);
    renderStation();
    renderSlots();
    renderLog();
  }

  function link(word, className) {
    const element = document.getElementById("link");
    element.textContent = word;
    element.className = className;
  }

  take(state);
  const events = new EventSource("events");
  events.addEventListener("open", () => link("live", "link-live"));
  events.addEventListener("error", () => link("station not reachable", "link-lost"));
  events.addEventListener("snapshot", e => take(JSON.parse(e.data)));
  events.addEventListener("slot", e => {
    const slot = JSON.parse(e.data);
    slots.set(slot.slot, slot);
    renderSlots();
  });
  events.addEventListener("log", e => {
    state.log = JSON.parse(e.data);
    renderLog();
  });
})();
