// The city dashboard: fetches /api/v1/dashboard/data with a read-only key or a lead's
// sign-in and redraws every refresh_seconds, no reload. Text only (textContent): the
// figures never become markup.
"use strict";

(function () {
  const DATA_URL = "/api/v1/dashboard/data";
  const KEY_STORE = "kc1551.dashboardKey";
  const TOKEN_STORE = "kc1551.dashboardToken";
  const numbers = new Intl.NumberFormat("uk-UA");
  const query = new URLSearchParams(window.location.search);
  const askedRefresh = Number(query.get("refresh"));
  let timer = null;
  let generation = 0;

  // A key in the address (#key=...) is kept in the browser and taken out of the address.
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  if (fragment.get("key")) {
    localStorage.setItem(KEY_STORE, fragment.get("key"));
    history.replaceState(null, "", window.location.pathname + window.location.search);
  }

  function credentials() {
    const key = localStorage.getItem(KEY_STORE);
    if (key) return { "X-Dashboard-Key": key };
    const token = sessionStorage.getItem(TOKEN_STORE);
    if (token) return { Authorization: "Bearer " + token };
    return null;
  }

  function $(id) { return document.getElementById(id); }
  function fmt(value) { return value === null || value === undefined ? "—" : numbers.format(value); }
  function pct(value) { return value === null || value === undefined ? "—" : numbers.format(value) + " %"; }

  function showSignIn(message) {
    $("board").hidden = true;
    $("signin").hidden = false;
    $("signin-error").textContent = message || "";
  }

  function item(count, text, sub, changeClass) {
    const li = document.createElement("li");
    const strong = document.createElement("span");
    strong.className = "count" + (changeClass ? " " + changeClass : "");
    strong.textContent = count;
    li.append(strong, document.createTextNode(text));
    if (sub) {
      const small = document.createElement("span");
      small.className = "sub";
      small.textContent = sub;
      li.append(small);
    }
    return li;
  }

  function fill(id, rows, render) {
    const list = $(id);
    const items = rows.map(render);
    if (items.length === 0) {
      const li = document.createElement("li");
      li.className = "empty";
      li.textContent = "немає даних";
      items.push(li);
    }
    list.replaceChildren(...items);
  }

  function change(row) {
    if (row.new) return "нова +" + fmt(row.change);
    const sign = row.change > 0 ? "+" : "";
    return (row.change_pct === null ? "" : pct(Math.abs(row.change_pct)) + " ") + sign + fmt(row.change);
  }

  function place(row) {
    return row.address + (row.entrance ? ", під'їзд " + row.entrance : "");
  }

  function render(data) {
    const centre = data.contact_centre;
    $("tile-in-work").textContent = fmt(centre.in_work);
    $("tile-overdue").textContent = fmt(centre.overdue);
    $("tile-connect").textContent = centre.avg_connect_s_today === null ? "—"
      : numbers.format(centre.avg_connect_s_today) + " с";
    $("tile-calls").textContent = fmt(centre.calls_today);
    $("tile-appeals-today").textContent = fmt(centre.appeals_today);
    $("tile-emergencies").textContent = fmt(centre.emergencies_today);
    $("tile-emergencies-week").textContent = centre.emergencies_change_pct === null ? ""
      : (centre.emergencies_change_pct > 0 ? "+" : "") + pct(centre.emergencies_change_pct) + " за тиждень";

    fill("rising", data.rising_topics, (r) => item(change(r), r.name, null, "up"));
    fill("falling", data.falling_topics, (r) => item(change(r), r.name, null, "down"));
    fill("overdue-organisations", data.top_overdue_organisations,
      (r) => item(fmt(r.overdue), r.name, r.district ? r.district + " р-н" : null));
    fill("district-ranking", data.district_ranking.filter((r) => r.pct_on_time !== null),
      (r) => item(pct(r.pct_on_time), r.district, null));
    const housing = data.housing;
    fill("housing-problems", housing.top_problems_week, (r) => item(fmt(r.count), r.name, null));
    fill("top-buildings", housing.top_buildings_week,
      (r) => item(fmt(r.count), place(r), r.executor_name));
    fill("top-lifts", housing.top_lifts_week, (r) => item(fmt(r.count), place(r), r.executor_name));
    fill("overdue-offices", data.top_overdue_housing_offices,
      (r) => item(pct(r.pct_overdue), r.name, (r.district ? r.district + " р-н · " : "")
        + fmt(r.overdue) + " з " + fmt(r.open)));

    const table = $("without-services");
    const services = ["hot_water", "cold_water", "heating", "electricity"];
    table.tBodies[0].replaceChildren(...housing.without_services.rows.map((row) => {
      const tr = document.createElement("tr");
      const name = document.createElement("td");
      name.textContent = row.district + (row.district_wide.length ? " *" : "");
      tr.append(name);
      for (const service of services) {
        const td = document.createElement("td");
        td.textContent = fmt(row[service]);
        tr.append(td);
      }
      return tr;
    }));
    const foot = table.tFoot.rows[0].cells;
    services.forEach((service, index) => { foot[index + 1].textContent = fmt(housing.without_services.total[service]); });

    const updated = new Date(data.updated_at);
    $("updated").textContent = "Оновлено: " + updated.toLocaleTimeString("uk-UA");
    $("updated").dataset.updatedAt = data.updated_at;
    $("connection").className = "ok";
    $("connection").textContent = "";
    $("signin").hidden = true;
    $("board").hidden = false;
    document.body.dataset.generation = String(++generation);
  }

  function schedule(seconds) {
    clearTimeout(timer);
    timer = setTimeout(load, Math.max(2, seconds) * 1000);
  }

  async function load() {
    const headers = credentials();
    if (!headers) { showSignIn(""); return; }
    let refresh = askedRefresh >= 2 ? askedRefresh : 15;
    try {
      const response = await fetch(DATA_URL, { headers: headers, cache: "no-store" });
      if (response.status === 401) {
        localStorage.removeItem(KEY_STORE);
        sessionStorage.removeItem(TOKEN_STORE);
        showSignIn("Сеанс завершився або ключ вимкнено: увійдіть знову");
        return;
      }
      if (response.status === 403) {
        sessionStorage.removeItem(TOKEN_STORE);
        showSignIn("Панель доступна старшим зміни й адміністраторам");
        return;
      }
      if (!response.ok) throw new Error("HTTP " + response.status);
      const data = await response.json();
      if (!(askedRefresh >= 2)) refresh = data.refresh_seconds;
      render(data);
    } catch (error) {
      // The last figures stay on the screen; the dot says they are not fresh.
      $("connection").className = "lost";
      $("connection").textContent = "немає зв'язку з сервером";
    }
    schedule(refresh);
  }

  $("signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("signin-error").textContent = "";
    try {
      const response = await fetch("/api/v1/auth/login", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: $("username").value, password: $("password").value }),
      });
      const body = await response.json();
      if (!response.ok) { $("signin-error").textContent = body.message || "Не вдалося увійти"; return; }
      sessionStorage.setItem(TOKEN_STORE, body.token);
      $("password").value = "";
      load();
    } catch (error) {
      $("signin-error").textContent = "Сервер недоступний";
    }
  });

  load();
})();
