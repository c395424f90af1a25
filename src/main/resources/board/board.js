/*
 * bp-monitor live triage board: asks /api/summary every few seconds and draws the four views with Apache ECharts
 * (served by the app itself, no CDN). Every number a chart shows is also written into the DOM (text and data-*
 * attributes), for screen readers and for the browser test.
 */
(function () {
  'use strict';

  var REFRESH_MS = 5000;
  var WINDOWS = ['5m', '15m', '1h'];
  var WINDOW_NAMES = { '5m': '5 min', '15m': '15 min', '1h': '1 hour' };
  var GRADE_COLOURS = { grade_1: '#d6bf57', grade_2: '#da8b45', grade_3: '#cc5642' };
  var OK_COLOUR = '#54b399';
  var SYSTOLIC = '#1f5fa8';
  var DIASTOLIC = '#6f42a6';
  // kinds are not grades: their own colours, so nobody reads a kind as a severity
  var KIND_COLOURS = {
    isolated_systolic: '#1f5fa8',
    isolated_diastolic: '#6f42a6',
    systolic_diastolic: '#00897b',
    none: '#9aa3ae'
  };
  // where each grade starts, ESC/ESH 2018
  var SYSTOLIC_GRADES = [140, 160, 180];
  var DIASTOLIC_GRADES = [90, 100, 110];

  var body = document.body;
  var statusLine = document.getElementById('status');
  var banner = document.getElementById('banner');
  var buttons = Array.prototype.slice.call(document.querySelectorAll('.window-picker button'));

  var currentWindow = initialWindow();
  var timer = null;
  var inFlight = null;
  var refreshes = 0;
  // who is signed in, and the token every change carries (GET /api/session)
  var session = null;
  var closeDialog = document.getElementById('close-dialog');
  var reassignDialog = document.getElementById('reassign-dialog');
  // the alert a dialog is about
  var closing = null;

  var gauges = {
    'systolic-max': gauge('gauge-systolic-max', SYSTOLIC_GRADES),
    'systolic-avg': gauge('gauge-systolic-avg', SYSTOLIC_GRADES),
    'diastolic-max': gauge('gauge-diastolic-max', DIASTOLIC_GRADES),
    'diastolic-avg': gauge('gauge-diastolic-avg', DIASTOLIC_GRADES)
  };
  var trendChart = echarts.init(document.getElementById('trend-chart'));
  var kindsChart = echarts.init(document.getElementById('kinds-chart'));

  function initialWindow() {
    var asked = new URLSearchParams(window.location.search).get('window');
    return WINDOWS.indexOf(asked) >= 0 ? asked : '15m';
  }

  function gradeOf(value, starts) {
    if (value === null || value === undefined) { return ''; }
    if (value >= starts[2]) { return 'grade_3'; }
    if (value >= starts[1]) { return 'grade_2'; }
    if (value >= starts[0]) { return 'grade_1'; }
    return '';
  }

  // the scale comes with the data: the whole range the detector accepts, as on the Kibana gauges, so a crisis
  // moves the needle instead of pinning it at the end
  function gauge(id, starts) {
    return { chart: echarts.init(document.getElementById(id)), starts: starts, min: null, max: null };
  }

  // a round step between labels (250 mmHg in steps of 50, 180 in steps of 30)
  function splits(span) {
    var step = [50, 40, 30, 25, 20, 10].filter(function (s) { return span % s === 0 && span / s <= 8; })[0];
    return step ? span / step : 5;
  }

  function drawScale(g, min, max) {
    var starts = g.starts;
    var span = max - min;
    g.min = min;
    g.max = max;
    g.chart.setOption({
      animationDuration: 300,
      series: [{
        type: 'gauge',
        min: min,
        max: max,
        startAngle: 200,
        endAngle: -20,
        radius: '95%',
        center: ['50%', '62%'],
        splitNumber: splits(span),
        axisLine: {
          lineStyle: {
            width: 14,
            color: [
              [(starts[0] - min) / span, OK_COLOUR],
              [(starts[1] - min) / span, GRADE_COLOURS.grade_1],
              [(starts[2] - min) / span, GRADE_COLOURS.grade_2],
              [1, GRADE_COLOURS.grade_3]
            ]
          }
        },
        pointer: { width: 5, length: '62%', itemStyle: { color: '#1d2430' } },
        axisTick: { show: false },
        splitLine: { length: 8, lineStyle: { color: '#fff', width: 2 } },
        axisLabel: { distance: 16, fontSize: 11, color: '#5a6473' },
        detail: { show: false },
        data: [{ value: min }]
      }]
    });
  }

  function setGauge(key, scale, value, decimals) {
    var g = gauges[key];
    if (g.min !== scale.scale_min || g.max !== scale.scale_max) { drawScale(g, scale.scale_min, scale.scale_max); }
    var shown = value === null || value === undefined ? null : Number(value.toFixed(decimals));
    g.chart.setOption({ series: [{ data: [{ value: shown === null ? g.min : shown }] }] });
    var output = document.querySelector('output[data-gauge="' + key + '"]');
    // read back what the chart holds, so the DOM shows what is drawn
    var drawn = g.chart.getOption().series[0].data[0].value;
    output.textContent = shown === null ? '–' : drawn.toFixed(decimals);
    output.setAttribute('data-value', shown === null ? '' : String(drawn));
    output.className = gradeOf(shown, g.starts);
  }

  function time(iso) {
    if (!iso) { return ''; }
    var d = new Date(iso);
    return isNaN(d.getTime()) ? iso : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function renderGauges(summary) {
    var systolic = summary.gauges.systolic;
    var diastolic = summary.gauges.diastolic;
    setGauge('systolic-max', systolic, systolic.max, 0);
    setGauge('systolic-avg', systolic, systolic.average, 1);
    setGauge('diastolic-max', diastolic, diastolic.max, 0);
    setGauge('diastolic-avg', diastolic, diastolic.average, 1);
    var list = document.getElementById('grade-counts');
    list.replaceChildren();
    ['grade_1', 'grade_2', 'grade_3'].forEach(function (grade) {
      var found = summary.grades.filter(function (g) { return g.grade === grade; })[0];
      var count = found ? found.count : 0;
      var item = el('li', { 'data-grade': grade, 'data-count': String(count) });
      item.appendChild(el('span', { 'class': 'badge ' + grade }, found ? found.label : grade.replace('grade_', 'Grade ')));
      item.appendChild(document.createTextNode(' ' + count));
      list.appendChild(item);
    });
  }

  function renderTrend(summary) {
    var points = summary.trend;
    // an interval without anomalous readings is null: a gap, never joined across (as on the Kibana trend); every
    // interval with readings is a dot, so one between two gaps still shows
    function series(name, key, colour, dashed) {
      return {
        name: name,
        type: 'line',
        showSymbol: true,
        symbol: 'circle',
        symbolSize: dashed ? 4 : 6,
        connectNulls: false,
        lineStyle: { width: dashed ? 1.5 : 2.5, type: dashed ? 'dashed' : 'solid', color: colour },
        itemStyle: { color: colour },
        data: points.map(function (p) { return [p.time, p[key]]; })
      };
    }
    var systolicMax = series('Peak systolic', 'systolic_max', SYSTOLIC, false);
    systolicMax.markLine = threshold(summary.thresholds.systolic, 'Systolic ' + summary.thresholds.systolic, SYSTOLIC);
    var diastolicMax = series('Peak diastolic', 'diastolic_max', DIASTOLIC, false);
    diastolicMax.markLine = threshold(summary.thresholds.diastolic, 'Diastolic ' + summary.thresholds.diastolic, DIASTOLIC);
    trendChart.setOption({
      animation: false,
      grid: { left: 44, right: 92, top: 36, bottom: 40 },
      legend: { top: 0, textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v === null || v === undefined ? '–' : Math.round(v) + ' mmHg'; } },
      xAxis: { type: 'time', min: summary.from, max: summary.to, axisLabel: { hideOverlap: true } },
      // never cut a reading off: below 40 or above 200 mmHg the axis grows to hold it
      yAxis: {
        type: 'value',
        min: function (v) { return Math.min(40, Math.floor(v.min / 10) * 10); },
        max: function (v) { return Math.max(200, Math.ceil(v.max / 10) * 10); },
        name: 'mmHg'
      },
      series: [
        systolicMax,
        series('Average systolic', 'systolic_average', SYSTOLIC, true),
        diastolicMax,
        series('Average diastolic', 'diastolic_average', DIASTOLIC, true)
      ]
    }, { replaceMerge: ['series'] });
    var withData = points.filter(function (p) { return p.count > 0; });
    var peakS = withData.reduce(function (m, p) { return Math.max(m, p.systolic_max); }, 0);
    var peakD = withData.reduce(function (m, p) { return Math.max(m, p.diastolic_max); }, 0);
    var note = document.getElementById('trend-summary');
    note.setAttribute('data-points', String(points.length));
    note.setAttribute('data-points-with-data', String(withData.length));
    note.setAttribute('data-systolic-max', withData.length ? String(peakS) : '');
    note.setAttribute('data-diastolic-max', withData.length ? String(peakD) : '');
    note.textContent = withData.length
      ? points.length + ' intervals of ' + summary.interval_seconds + ' s; a gap is an interval without anomalous readings; '
        + 'dotted lines: thresholds '
        + summary.thresholds.systolic + '/' + summary.thresholds.diastolic + ' mmHg'
      : 'No anomalous reading in the last ' + WINDOW_NAMES[summary.window] + '.';
  }

  function threshold(value, label, colour) {
    return {
      silent: true,
      symbol: 'none',
      lineStyle: { type: 'dotted', width: 2, color: colour },
      label: { formatter: label, position: 'end', color: colour, fontWeight: 'bold' },
      data: [{ yAxis: value }]
    };
  }

  function renderKinds(summary) {
    var data = summary.kinds.map(function (k) {
      return { name: k.label, value: k.count, itemStyle: { color: KIND_COLOURS[k.type] || '#9aa3ae' } };
    });
    kindsChart.setOption({
      animation: false,
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      series: [{
        type: 'pie',
        radius: ['35%', '68%'],
        avoidLabelOverlap: true,
        label: { formatter: '{b} · {d}%', fontSize: 13 },
        data: data
      }]
    }, { replaceMerge: ['series'] });
    var list = document.getElementById('kinds-list');
    list.replaceChildren();
    summary.kinds.forEach(function (k) {
      var item = el('li', { 'data-type': k.type, 'data-count': String(k.count),
        style: '--swatch: ' + (KIND_COLOURS[k.type] || '#9aa3ae') }, k.label + ': ' + k.count);
      list.appendChild(item);
    });
    if (!summary.kinds.length) {
      list.appendChild(el('li', { 'class': 'none' }, 'No anomalies in this window'));
    }
  }

  // a partial reading (a value with a dataAbsentReason) shows a dash where it has none
  function pressure(values) {
    var dash = '\u2014';
    return (values.systolic == null ? dash : values.systolic) + '/' + (values.diastolic == null ? dash : values.diastolic);
  }

  function readingCell(reading) {
    var cell = el('td');
    if (!reading) { cell.textContent = '–'; return cell; }
    cell.appendChild(el('span', { 'class': 'pressure' }, pressure(reading)));
    cell.appendChild(el('span', { 'class': 'badge ' + reading.grade, title: reading.type_label }, reading.grade_label));
    cell.appendChild(el('span', { 'class': 'when' }, time(reading.time) + ' · ' + reading.type_label));
    cell.setAttribute('data-systolic', String(reading.systolic == null ? '' : reading.systolic));
    cell.setAttribute('data-diastolic', String(reading.diastolic == null ? '' : reading.diastolic));
    cell.setAttribute('data-grade', reading.grade || '');
    return cell;
  }

  function renderPatients(summary) {
    var tbody = document.querySelector('#patients tbody');
    tbody.replaceChildren();
    summary.patients.forEach(function (p) {
      var worstGrade = p.worst ? p.worst.grade : '';
      var row = el('tr', { 'class': worstGrade, 'data-rank': String(p.rank), 'data-patient-id': p.patient_id,
        'data-max-severity': String(p.max_severity) });
      row.appendChild(el('td', { 'class': 'num' }, String(p.rank)));
      row.appendChild(el('td', { 'class': 'patient' }, p.patient_id));
      row.appendChild(readingCell(p.worst));
      row.appendChild(el('td', { 'class': 'num' }, p.max_severity.toFixed(2)));
      // one spike and a patient in trouble look different
      row.appendChild(el('td', { 'class': 'num', 'data-anomalies': String(p.anomalies) }, String(p.anomalies)));
      row.appendChild(readingCell(p.latest));
      tbody.appendChild(row);
    });
    if (!summary.patients.length) {
      var empty = el('tr');
      empty.appendChild(el('td', { 'class': 'empty', colspan: '6' },
        'No anomalous reading in the last ' + WINDOW_NAMES[summary.window] + '.'));
      tbody.appendChild(empty);
    }
  }

  function waited(since) {
    var minutes = Math.max(0, Math.floor((Date.now() - Date.parse(since)) / 60000));
    return minutes < 60 ? minutes + ' min' : Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
  }

  // one id per intent: a retried or double-clicked action is the same action, taken once
  function actionId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function review(alert, action, extra) {
    var request = { action: action, action_id: actionId(), expected_revision: alert.review_revision };
    Object.keys(extra || {}).forEach(function (k) { request[k] = extra[k]; });
    return fetch('/api/alerts/' + encodeURIComponent(alert.alert_id) + '/review', {
      method: 'POST', cache: 'no-store',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token },
      body: JSON.stringify(request)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (response.status === 401) { window.location.assign('/signin'); return; }
        if (!response.ok) {
          banner.textContent = json.message || ('The review was not taken (HTTP ' + response.status + ').');
          banner.hidden = false;
        }
        refresh();
      });
    });
  }

  function describe(a) {
    return a.kind_label + ' of ' + a.patient_id + ', worst ' + pressure(a) + ' mmHg';
  }

  function actionsCell(a) {
    var cell = el('td', { 'class': 'actions' });
    if (!session || (session.role !== 'clinician' && session.role !== 'admin')) { return cell; }
    if (a.review_status === 'unreviewed' || a.holder !== session.name) {
      var acknowledge = el('button', { type: 'button', 'class': 'acknowledge', 'data-action': 'acknowledge' },
        'Acknowledge');
      acknowledge.addEventListener('click', function () { acknowledge.disabled = true; review(a, 'acknowledge'); });
      cell.appendChild(acknowledge);
    }
    var reassign = el('button', { type: 'button', 'class': 'reassign', 'data-action': 'reassign' }, 'Reassign…');
    reassign.addEventListener('click', function () {
      closing = a;
      document.getElementById('reassign-what').textContent = describe(a);
      document.getElementById('reassign-to').value = '';
      document.getElementById('reassign-note').value = '';
      reassignDialog.showModal();
    });
    cell.appendChild(reassign);
    var close = el('button', { type: 'button', 'class': 'close', 'data-action': 'close' }, 'Close…');
    close.addEventListener('click', function () {
      closing = a;
      document.getElementById('close-what').textContent = describe(a);
      document.getElementById('close-note').value = '';
      closeDialog.showModal();
    });
    cell.appendChild(close);
    return cell;
  }

  // the review queue does not depend on the window: asked with every refresh, drawn on its own
  function renderAlerts(answer) {
    var tbody = document.querySelector('#open-alerts tbody');
    var count = document.getElementById('alerts-count');
    tbody.replaceChildren();
    count.setAttribute('data-open', String(answer.open));
    count.setAttribute('data-waiting', String(answer.waiting));
    count.textContent = answer.waiting + ' to review · ' + answer.open + ' open';
    answer.alerts.forEach(function (a) {
      var row = el('tr', { 'class': 'alert-' + a.kind + ' alert-' + a.status, 'data-alert-id': a.alert_id,
        'data-patient-id': a.patient_id, 'data-kind': a.kind, 'data-status': a.status,
        'data-review-status': a.review_status, 'data-holder': a.holder || '', 'data-opened-at': a.opened_at });
      var patient = el('td', { 'class': 'patient' });
      patient.appendChild(el('a', { href: '/patients/' + encodeURIComponent(a.patient_id) }, a.patient_id));
      row.appendChild(patient);
      row.appendChild(el('td', {}, a.status === 'open' ? a.kind_label : a.kind_label + ' (ended, '
        + a.review_status + ')'));
      row.appendChild(el('td', { title: a.opened_at }, time(a.opened_at)));
      var worst = el('td', { 'data-systolic': a.systolic == null ? '' : String(a.systolic),
        'data-diastolic': a.diastolic == null ? '' : String(a.diastolic) });
      worst.appendChild(el('span', { 'class': 'pressure' }, pressure(a)));
      row.appendChild(worst);
      row.appendChild(el('td', { 'class': 'num' }, String(a.readings)));
      row.appendChild(el('td', { 'class': 'holder' }, a.holder || (a.review_status === 'unreviewed' ? 'nobody' : '–')));
      row.appendChild(el('td', { title: a.waiting_since, 'data-escalations': String(a.escalations) },
        waited(a.waiting_since) + (a.escalations ? ' · escalated ' + a.escalations + '×' : '')));
      row.appendChild(actionsCell(a));
      tbody.appendChild(row);
    });
    if (!answer.alerts.length) {
      var empty = el('tr');
      empty.appendChild(el('td', { 'class': 'empty', colspan: '8' }, 'No alert to review.'));
      tbody.appendChild(empty);
    }
  }

  // a dialog's Cancel closes it; its confirm sends the action with what the dialog asked, and its note if any
  function actionDialog(dialog, prefix, action, asked) {
    document.getElementById(prefix + '-cancel').addEventListener('click', function () { dialog.close(); });
    document.getElementById(prefix + '-confirm').addEventListener('click', function () {
      var extra = asked();
      if (!extra) { return; }
      var note = document.getElementById(prefix + '-note').value.trim();
      if (note) { extra.note = note; }
      dialog.close();
      review(closing, action, extra);
    });
  }
  actionDialog(closeDialog, 'close', 'close', function () {
    return { outcome: document.getElementById('close-outcome').value };
  });
  actionDialog(reassignDialog, 'reassign', 'reassign', function () {
    var to = document.getElementById('reassign-to').value.trim();
    return to ? { assign_to: to } : null;
  });
  document.getElementById('sign-out').addEventListener('click', function () {
    fetch('/signout', { method: 'POST', headers: { 'X-CSRF-Token': session ? session.csrf_token : '' } })
      .then(function () { window.location.assign('/signin'); });
  });

  function refreshAlerts(signal) {
    return fetch('/api/alerts', { cache: 'no-store', signal: signal })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (json) {
          if (response.status === 401) { window.location.assign('/signin'); }
          if (!response.ok) {
            throw new Error(json.message || ('The board API answered HTTP ' + response.status + '.'));
          }
          renderAlerts(json);
        });
      });
  }

  function render(summary) {
    renderGauges(summary);
    renderTrend(summary);
    renderKinds(summary);
    renderPatients(summary);
    banner.hidden = true;
    banner.textContent = '';
    statusLine.textContent = summary.anomalies + ' anomalous readings in the last ' + WINDOW_NAMES[summary.window]
      + ' · updated ' + time(summary.to);
    body.setAttribute('data-window', summary.window);
    body.setAttribute('data-anomalies', String(summary.anomalies));
    body.setAttribute('data-state', 'ok');
  }

  function fail(message) {
    banner.textContent = message + ' The board keeps the last data it had and retries.';
    banner.hidden = false;
    body.setAttribute('data-state', 'error');
    statusLine.textContent = 'Not up to date';
  }

  function refresh() {
    clearTimeout(timer);
    // a refresh would redraw the row the dialog is about: it waits for the dialog
    if (closeDialog.open || reassignDialog.open) { timer = setTimeout(refresh, REFRESH_MS); return; }
    if (inFlight) { inFlight.abort(); }
    var controller = new AbortController();
    inFlight = controller;
    var asked = currentWindow;
    refreshAlerts(controller.signal)
      .then(function () {
        return fetch('/api/summary?window=' + encodeURIComponent(asked), { cache: 'no-store', signal: controller.signal });
      })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (json) {
          if (!response.ok) {
            throw new Error(json.message || ('The board API answered HTTP ' + response.status + '.'));
          }
          return json;
        });
      })
      .then(function (summary) {
        if (asked === currentWindow) { render(summary); }
      })
      .catch(function (error) {
        if (error.name !== 'AbortError') { fail(error.message || 'The board API is unreachable.'); }
      })
      .then(function () {
        if (inFlight === controller) {
          inFlight = null;
          refreshes += 1;
          body.setAttribute('data-refreshes', String(refreshes));
          timer = setTimeout(refresh, REFRESH_MS);
        }
      });
  }

  function choose(windowCode) {
    currentWindow = windowCode;
    buttons.forEach(function (b) { b.setAttribute('aria-pressed', String(b.getAttribute('data-window') === windowCode)); });
    var url = new URL(window.location.href);
    url.searchParams.set('window', windowCode);
    window.history.replaceState(null, '', url);
    refresh();
  }

  buttons.forEach(function (b) {
    b.addEventListener('click', function () { choose(b.getAttribute('data-window')); });
  });
  window.addEventListener('resize', function () {
    Object.keys(gauges).forEach(function (k) { gauges[k].chart.resize(); });
    trendChart.resize();
    kindsChart.resize();
  });

  // who is signed in decides what the page offers; an expired session signs in again
  fetch('/api/session', { cache: 'no-store' })
    .then(function (response) {
      if (response.status === 401) { window.location.assign('/signin'); return null; }
      return response.json();
    })
    .then(function (json) {
      if (!json) { return; }
      session = json;
      document.getElementById('who').setAttribute('data-role', session.role);
      document.getElementById('who-name').textContent = session.name + ' · ' + session.role;
      choose(currentWindow);
    })
    .catch(function () { fail('The board API is unreachable.'); });
})();
