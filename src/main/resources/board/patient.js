/*
 * bp-monitor patient view: one patient's last 30 days from /api/patients/{id} (daily and 7-day means against the
 * target, adherence, anomalous readings, alerts with their review), and for a clinician the target's form. Every
 * figure drawn is also written into the DOM (text and data-* attributes), for screen readers and the browser test.
 */
(function () {
  'use strict';

  var body = document.body;
  var banner = document.getElementById('banner');
  var patientId = decodeURIComponent(window.location.pathname.split('/')[2] || '');
  var chart = echarts.init(document.getElementById('patient-chart'));
  var session = null;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function time(iso) {
    return iso ? new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : '–';
  }

  function round(value) {
    return value == null ? '–' : String(Math.round(value * 10) / 10);
  }

  function fail(message) {
    banner.textContent = message;
    banner.hidden = false;
    body.setAttribute('data-state', 'error');
  }

  function api(url, options) {
    return fetch(url, options).then(function (response) {
      if (response.status === 401) { window.location.assign('/signin'); throw new Error('Signed out.'); }
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (!response.ok) { throw new Error(json.message || ('HTTP ' + response.status)); }
        return json;
      });
    });
  }

  function renderChart(view) {
    var days = view.days;
    var target = view.target;
    function series(name, key, colour, dashed) {
      return { name: name, type: 'line', connectNulls: false, symbolSize: 5,
        lineStyle: { color: colour, type: dashed ? 'dashed' : 'solid' }, itemStyle: { color: colour },
        data: days.map(function (d) { return [d.day, d[key]]; }) };
    }
    var all = [series('Daily systolic', 'systolic_mean', '#1f5fa8', false),
      series('Daily diastolic', 'diastolic_mean', '#6f42a6', false),
      series('7-day systolic', 'seven_day_systolic_mean', '#1f5fa8', true),
      series('7-day diastolic', 'seven_day_diastolic_mean', '#6f42a6', true)];
    if (target.systolic) {
      all[0].markLine = { symbol: 'none', silent: true, data: [
        { yAxis: target.systolic, label: { formatter: 'Target ' + target.systolic }, lineStyle: { color: '#cc5642' } },
        { yAxis: target.diastolic, label: { formatter: 'Target ' + target.diastolic }, lineStyle: { color: '#cc5642' } }] };
    }
    chart.setOption({ animation: false, legend: { top: 0 }, grid: { left: 40, right: 90, top: 30, bottom: 30 },
      tooltip: { trigger: 'axis' }, xAxis: { type: 'category', data: days.map(function (d) { return d.day; }) },
      yAxis: { type: 'value', min: 40, max: function (v) { return Math.max(180, Math.ceil(v.max / 10) * 10); } },
      series: all }, true);
    var node = document.getElementById('patient-chart');
    node.setAttribute('data-days', String(days.length));
    node.setAttribute('data-target-systolic', String(target.systolic || ''));
    node.setAttribute('data-target-diastolic', String(target.diastolic || ''));
    document.getElementById('days-summary').textContent = days.length + ' days with a document; red lines: the target';
  }

  function renderTarget(view) {
    var target = view.target;
    var text = document.getElementById('target-text');
    var section = document.getElementById('target');
    if (!target.systolic) {
      text.textContent = 'No reading yet: the home lines apply.';
    } else {
      text.textContent = 'Below ' + target.systolic + '/' + target.diastolic + ' mmHg · '
        + (target.own ? 'set by ' + target.set_by + ' on ' + time(target.set_at)
          + (target.source && target.source !== 'api' ? ' (' + target.source + ')' : '') : 'the home lines');
    }
    section.setAttribute('data-target-systolic', String(target.systolic || ''));
    section.setAttribute('data-target-set-by', target.set_by || '');
    var week = view.seven_day;
    document.getElementById('seven-day-text').textContent = week.day
      ? '7-day mean ' + round(week.systolic_mean) + '/' + round(week.diastolic_mean) + ' mmHg over ' + week.readings
        + ' readings on ' + week.days + ' days: ' + (week.above_target ? 'above the target' : 'below the target')
      : '–';
    section.setAttribute('data-above-target', String(Boolean(week.above_target)));
    document.getElementById('adherence-text').textContent = 'Measured on ' + view.adherence.days_with_readings
      + ' of the last ' + view.adherence.of_days + ' days';
    section.setAttribute('data-adherence', String(view.adherence.days_with_readings));
    var form = document.getElementById('target-form');
    form.hidden = !(session && (session.role === 'clinician' || session.role === 'admin'));
  }

  function renderAlerts(view) {
    var list = document.getElementById('patient-alerts');
    list.replaceChildren();
    view.alerts.forEach(function (a) {
      var item = el('li', { 'data-alert-id': a.alert_id, 'data-kind': a.kind, 'data-status': a.status,
        'data-review-status': a.review_status || 'unreviewed' });
      item.appendChild(el('strong', {}, a.kind + ' · ' + a.status + ' · ' + (a.review_status || 'unreviewed')));
      item.appendChild(el('span', { 'class': 'when' }, ' since ' + time(a.opened_at) + ', worst '
        + (a.systolic == null ? '—' : a.systolic) + '/' + (a.diastolic == null ? '—' : a.diastolic)));
      var history = el('ol', { 'class': 'review-history' });
      a.history.forEach(function (h) {
        history.appendChild(el('li', { 'data-action': h.action, 'data-by': h.by },
          time(h.at) + ': ' + h.action + ' by ' + h.by + (h.outcome ? ' (' + h.outcome + ')' : '')
          + (h.note ? ' — ' + h.note : '')));
      });
      item.appendChild(history);
      list.appendChild(item);
    });
    if (!view.alerts.length) { list.appendChild(el('li', {}, 'No alert.')); }
  }

  function renderAnomalies(view) {
    var tbody = document.querySelector('#patient-anomalies tbody');
    tbody.replaceChildren();
    view.anomalies.forEach(function (r) {
      var row = el('tr', { 'data-observation-id': r.observation_id });
      row.appendChild(el('td', {}, time(r['@timestamp'])));
      row.appendChild(el('td', {}, (r.systolic == null ? '—' : r.systolic) + '/' + (r.diastolic == null ? '—' : r.diastolic)));
      row.appendChild(el('td', {}, r.grade || '–'));
      tbody.appendChild(row);
    });
  }

  function load() {
    return api('/api/patients/' + encodeURIComponent(patientId), { cache: 'no-store' }).then(function (view) {
      renderChart(view);
      renderTarget(view);
      renderAlerts(view);
      renderAnomalies(view);
      banner.hidden = true;
      body.setAttribute('data-state', 'ok');
    }).catch(function (error) { fail(error.message); });
  }

  document.getElementById('target-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var request = { systolic_upper: Number(document.getElementById('target-systolic').value),
      diastolic_upper: Number(document.getElementById('target-diastolic').value) };
    var reason = document.getElementById('target-reason').value.trim();
    if (reason) { request.reason = reason; }
    api('/api/patients/' + encodeURIComponent(patientId) + '/target', { method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token },
      body: JSON.stringify(request) })
      .then(function () {
        banner.textContent = 'Target set: the patient\u2019s days are counted against it again within seconds.';
        banner.hidden = false;
        body.setAttribute('data-target-saved', 'true');
      })
      .catch(function (error) { fail(error.message); });
  });
  document.getElementById('sign-out').addEventListener('click', function () {
    fetch('/signout', { method: 'POST', headers: { 'X-CSRF-Token': session ? session.csrf_token : '' } })
      .then(function () { window.location.assign('/signin'); });
  });
  window.addEventListener('resize', function () { chart.resize(); });

  document.getElementById('patient-id').textContent = patientId;
  api('/api/session', { cache: 'no-store' }).then(function (json) {
    session = json;
    document.getElementById('who').setAttribute('data-role', session.role);
    document.getElementById('who-name').textContent = session.name + ' · ' + session.role;
    return load();
  }).catch(function (error) { fail(error.message); });
  setInterval(load, 10000);
})();
