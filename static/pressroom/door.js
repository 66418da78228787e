// The check-in page at the door (templates/admin/events/event/door.html). Each tick and walk-in
// is made here with an id of its own and kept in this browser (localStorage) until the server
// says it has it: the venue's Wi-Fi may drop for a few minutes, and a page reloaded meanwhile
// keeps its queue. The server records each id once, so sending the queue again is harmless.
(function () {
  "use strict";
  var door = document.getElementById("door");
  if (!door) { return; }
  var key = "pressroom-door-" + door.dataset.event;
  var sending = false;

  function queue() {
    try { return JSON.parse(window.localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function keep(items) { window.localStorage.setItem(key, JSON.stringify(items)); }
  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return "xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx".replace(/x/g, function () {
      return Math.floor(Math.random() * 16).toString(16);
    });
  }
  function showQueue(note) {
    var waiting = queue().length;
    var label = document.getElementById("door-queue");
    label.textContent = waiting
      ? door.dataset.waiting.replace("%(count)s", String(waiting))
      : door.dataset.allSent;
    label.className = waiting ? "waiting" : "";
    if (note) { label.textContent += " " + note; }
  }
  function markArrived(item) {
    item.classList.add("arrived");
    var button = item.querySelector("button");
    if (button) { button.disabled = true; button.textContent = door.dataset.arrivedLabel; }
  }
  function add(tick) {
    tick.id = newId();
    tick.at = new Date().toISOString();
    var items = queue();
    items.push(tick);
    keep(items);
    showQueue();
    send();
  }
  function send() {
    var items = queue();
    if (sending || !items.length) { return; }
    sending = true;
    fetch(door.dataset.ticksUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": door.dataset.csrf },
      body: JSON.stringify({ ticks: items })
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) { throw new Error(answer.error || String(response.status)); }
        return answer;
      });
    }).then(function (answer) {
      var done = {};
      (answer.recorded || []).forEach(function (id) { done[id] = true; });
      var reasons = [];
      Object.keys(answer.refused || {}).forEach(function (id) {
        done[id] = true;
        reasons.push(answer.refused[id]);
      });
      keep(queue().filter(function (tick) { return !done[tick.id]; }));
      showQueue(reasons.length ? door.dataset.refused + " " + reasons.join(" ") : "");
    }).catch(function () {
      showQueue();  // offline, or the server did not answer: the queue waits for the next try
    }).then(function () { sending = false; });
  }

  document.getElementById("door-list").addEventListener("click", function (event) {
    var button = event.target.closest("button.tick");
    if (!button || button.disabled) { return; }
    var item = button.closest("li");
    markArrived(item);
    add({ rsvp: Number(item.dataset.rsvp) });
  });
  document.getElementById("door-search").addEventListener("input", function (event) {
    var words = event.target.value.toLowerCase().trim();
    document.querySelectorAll("#door-list li[data-search]").forEach(function (item) {
      item.hidden = words !== "" && item.dataset.search.indexOf(words) === -1;
    });
  });
  document.getElementById("walk-in").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var tick = {
      name: form.elements.name.value, outlet: form.elements.outlet.value,
      email: form.elements.email.value, role: form.elements.role.value
    };
    var item = document.createElement("li");
    item.className = "walk-in";
    item.dataset.search = (tick.name + " " + tick.outlet).toLowerCase();
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = tick.name + (tick.outlet ? " · " + tick.outlet : "");
    item.appendChild(who);
    item.appendChild(document.createElement("button"));
    document.getElementById("door-list").appendChild(item);
    markArrived(item);
    add(tick);
    form.reset();
  });
  // Ticks queued by an earlier visit to this page (offline when it closed) are already ticked.
  queue().forEach(function (tick) {
    var item = tick.rsvp && document.querySelector('#door-list li[data-rsvp="' + tick.rsvp + '"]');
    if (item) { markArrived(item); }
  });
  window.addEventListener("online", send);
  window.setInterval(send, 5000);
  showQueue();
  send();
})();
