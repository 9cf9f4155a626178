/* Your region: pick a region, draw its profile from the data embedded in the page. No library, no request.
   Every text comes with the data, in the language of the edition (D.text, filled in by profiles.page_data); the
   numbers are written with its decimal and group symbols (D.number). */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("lr-profiles-data").textContent);
  var root = document.getElementById("lr-profile");
  var input = document.getElementById("lr-pick");
  var status = document.getElementById("lr-status");
  var BIB = "bibliography.html#cite-";
  var T = D.text;
  var options = [];

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  /* a text of D.text with its {fields} filled in: say() for plain text, fill() for HTML (the text escaped, the
     values given as HTML) */
  function say(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m;
    });
  }
  function fill(text, values) {
    return say(esc(text), values);
  }
  function num(v) {
    if (v == null) return "–";
    var a = Math.abs(v);
    var d = a >= 100 ? 0 : (a >= 10 ? 1 : 2);
    /* written the English way, then with the edition's symbols (as analysis.language.localise does) */
    return Number(v).toLocaleString("en-GB", {maximumFractionDigits: d}).replace(/[.,]/g, function (c) {
      return c === "." ? D.number.decimal : D.number.group;
    });
  }
  function label(code) {
    var r = D.regions[code];
    return r ? r.name + " (" + D.levels[r.level].name + ")" : code;
  }
  function link(code) {
    return '<a href="#' + esc(code) + '">' + esc(D.names[code] || code) + "</a>";
  }

  /* ---- the picker: a labelled input with a datalist; matches are announced.
     What a reader types is compared without case, accents, apostrophes, dots and brackets; a region code may be
     typed in any case, with or without "#"; the common names of municipalities (data/regional/region_aliases.csv)
     find the municipality CBS lists under another name; a name that fits several regions lists them all, with
     their kind, for the reader to choose. */
  function norm(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\u2019'.()]/g, "").replace(/\s+/g, " ").trim();
  }
  function codeOf(text) {
    var t = String(text).trim().replace(/^#/, "").toUpperCase();
    return D.regions[t] ? t : null;
  }
  var names = [];   /* [normalised name, code, shown label] for every region and every alias */
  Object.keys(D.regions).forEach(function (code) {
    options.push([label(code), code]);
    names.push([norm(D.regions[code].name), code, label(code)]);
  });
  (D.aliases || []).forEach(function (a) {
    var shown = a[0] + " (" + D.regions[a[1]].name + ", " + D.levels[D.regions[a[1]].level].name + ")";
    options.push([shown, a[1]]);
    names.push([norm(a[0]), a[1], shown]);
  });
  options.sort(function (a, b) { return a[0].localeCompare(b[0], "nl"); });
  var list = document.getElementById("lr-names");
  list.innerHTML = options.map(function (o) { return '<option value="' + esc(o[0]) + '"></option>'; }).join("");
  var choices = document.getElementById("lr-choices");
  var MAX_CHOICES = 25;

  function unique(found) {
    var seen = {};
    return found.filter(function (f) { if (seen[f[1]]) return false; seen[f[1]] = 1; return true; });
  }
  function byLabel(a, b) { return label(a[1]).localeCompare(label(b[1]), "nl"); }
  /* The regions that fit what was typed, best first: [normalised name, code, label] */
  function fits(text) {
    var t = norm(text);
    if (!t) return [];
    var code = codeOf(text);
    if (code) return [[t, code, label(code)]];
    var exactLabel = options.filter(function (o) { return norm(o[0]) === t; });
    if (exactLabel.length === 1) return [[t, exactLabel[0][1], exactLabel[0][0]]];
    var steps = [function (n) { return n === t; }, function (n) { return n.indexOf(t) === 0; },
                 function (n) { return n.indexOf(t) !== -1; }];
    for (var i = 0; i < steps.length; i++) {
      var found = unique(names.filter(function (n) { return steps[i](n[0]); }));
      if (found.length) return found.sort(byLabel);
    }
    return [];
  }
  function matches(text) { return fits(text); }
  function hideChoices() { choices.hidden = true; choices.innerHTML = ""; }
  function showChoices(found, text) {
    var shown = found.slice(0, MAX_CHOICES);
    choices.innerHTML = shown.map(function (f) {
      var r = D.regions[f[1]];
      return '<li><a href="#' + esc(f[1]) + '" data-code="' + esc(f[1]) + '">' + esc(r.name) + "</a> <span>(" +
        esc(D.levels[r.level].name) + ", " + esc(f[1]) + ")</span></li>";
    }).join("");
    choices.hidden = false;
    status.textContent = say(found.length > shown.length ? T.fit_first : T.fit_all,
                             {n: found.length, text: text.trim(), shown: shown.length});
  }
  function pick(text) {
    var found = fits(text);
    if (found.length === 1) { hideChoices(); location.hash = found[0][1]; return true; }
    if (found.length > 1) { showChoices(found, text); return false; }
    hideChoices();
    status.textContent = say(T.no_match, {text: text});
    return false;
  }
  input.addEventListener("input", function () {
    var m = matches(input.value);
    status.textContent = input.value.trim() ? (m.length === 1 ? say(T.match_one, {label: m[0][2]})
                                                : say(T.match_many, {n: m.length})) : "";
    var exact = options.filter(function (o) { return o[0] === input.value; });
    if (exact.length) { hideChoices(); location.hash = exact[0][1]; }
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); pick(input.value); }
    if (e.key === "ArrowDown" && !choices.hidden && choices.querySelector("a")) {
      e.preventDefault(); choices.querySelector("a").focus();
    }
  });
  document.getElementById("lr-pick-form").addEventListener("submit", function (e) {
    e.preventDefault(); pick(input.value);
  });

  /* ---- small graphics: position bar, trend line, locator map */
  function bar(rank, n) {
    if (!n || n < 2) return "";
    var x = 100 * (n - rank) / (n - 1);
    return '<svg class="lr-bar" viewBox="0 0 100 10" width="80" height="10" role="img" aria-label="' +
      fill(T.rank_bar, {rank: rank, n: n}) + '"><rect x="0" y="4" width="100" height="2" fill="#bbbbbb"></rect><circle cx="' + x.toFixed(1) +
      '" cy="5" r="4" fill="#004488"></circle></svg>';
  }
  function spark(values, periods, unit) {
    var pts = [];
    values.forEach(function (v, i) { if (v != null) pts.push([i, v]); });
    if (pts.length < 3) return "";
    var ys = pts.map(function (p) { return p[1]; });
    var lo = Math.min.apply(null, ys), hi = Math.max.apply(null, ys), n = values.length - 1 || 1;
    var d = pts.map(function (p) {
      return (4 + 112 * p[0] / n).toFixed(1) + "," + (26 - 22 * (hi > lo ? (p[1] - lo) / (hi - lo) : 0.5)).toFixed(1);
    }).join(" ");
    var first = pts[0], last = pts[pts.length - 1];
    var text = say(T.trend_text, {first: num(first[1]), first_period: periods[first[0]], last: num(last[1]),
                                  last_period: periods[last[0]], unit: unit});
    return '<svg class="lr-spark" viewBox="0 0 120 30" width="100" height="25" role="img" aria-label="' +
      esc(say(T.trend_label, {text: text})) + '"><title>' + esc(text) + '</title><polyline fill="none" stroke="#004488" stroke-width="1.5" points="' +
      d + '"></polyline></svg>';
  }
  function locator(code, level) {
    var m = D.levels[level].map;
    var paths = Object.keys(m.paths).map(function (c) {
      return '<path d="' + m.paths[c] + '" class="' + (c === code ? "lr-here" : "lr-other") + '"></path>';
    }).join("");
    return '<svg class="lr-locator" viewBox="0 0 ' + m.width + " " + m.height + '" role="img" aria-label="' +
      fill(T.map, {plural: esc(D.levels[level].plural), name: esc(D.regions[code].name)}) + '">' + paths + "</svg>";
  }

  /* ---- the profile */
  function rows(code) {
    var r = D.regions[code], lv = D.levels[r.level], out = [];
    Object.keys(lv.indicators).forEach(function (name) {
      var ind = lv.indicators[name], v = r.values[name];
      if (!v) return;
      out.push({indicator: name, label: ind.label, value: v[0], unit: ind.unit, period: ind.period, rank: v[1],
                n: ind.n, national: ind.national, source: ind.source, trend: v[2], periods: ind.periods,
                trend_source: ind.trend_source, trend_unit: ind.trend_unit});
    });
    return out;
  }
  function figuresTable(code) {
    /* seven columns, so that the table fits the text column at a desktop's width: the unit under the value, the
       position bar under the rank; on a phone the table keeps its width and scrolls within its own box */
    var body = rows(code).map(function (f) {
      return "<tr><th scope=\"row\">" + esc(f.label) + "</th><td class=\"lr-num\">" + num(f.value) +
        "<br><small class=\"lr-unit\">" + esc(f.unit) + "</small></td><td>" + esc(f.period) + "</td><td class=\"lr-num\">" +
        fill(T.rank_of, {rank: f.rank, n: f.n}) + "<br>" + bar(f.rank, f.n) + "</td><td class=\"lr-num\">" +
        num(f.national) + "</td><td>" + (f.trend ? spark(f.trend, f.periods, f.trend_unit) : "") +
        "</td><td class=\"lr-src\"><small>" + esc(f.source) +
        (f.trend && f.trend_source !== f.source ? fill(T.trend_source, {source: esc(f.trend_source)}) : "") +
        "</small></td></tr>";
    }).join("");
    if (!body) return "<p>" + fill(T.no_figures, {missing: "<em>" + esc(T.h_missing) + "</em>"}) + "</p>";
    return '<div class="lr-scroll" tabindex="0" role="region" aria-label="' + esc(T.figures_label) +
      '"><table class="lr-table lr-figures"><caption>' +
      fill(T.figures_caption, {plural: esc(D.levels[D.regions[code].level].plural)}) +
      "</caption><thead><tr><th scope=\"col\">" + esc(T.col_indicator) +
      "</th><th scope=\"col\">" + esc(T.col_value) + "</th><th scope=\"col\">" + esc(T.col_period) +
      "</th><th scope=\"col\">" + esc(T.col_rank) + "</th>" +
      "<th scope=\"col\"><abbr title=\"" + esc(T.col_nl_title) + "\">" + esc(T.col_nl) + "</abbr></th><th scope=\"col\">" +
      esc(T.col_trend) + "</th><th scope=\"col\">" + esc(T.col_source) + "</th></tr></thead><tbody>" + body +
      "</tbody></table></div>";
  }
  function spreadTable(code) {
    var r = D.regions[code], lv = D.levels[r.level], names = Object.keys(r.spread || {});
    if (!names.length) return "";
    return '<div class="lr-scroll" tabindex="0" role="region" aria-label="' + esc(T.spread_label) +
      '"><table class="lr-table">' + "<caption>" + esc(T.spread_caption) + "</caption><thead><tr>" +
      [T.col_indicator, T.col_lowest, T.col_median, T.col_highest, T.col_municipalities, T.col_period,
       T.col_source].map(function (h) { return "<th scope=\"col\">" + esc(h) + "</th>"; }).join("") +
      "</tr></thead><tbody>" + names.map(function (n) {
        var s = r.spread[n], meta = lv.spread[n];
        return "<tr><th scope=\"row\">" + esc(meta.label) + "</th><td class=\"lr-num\">" + num(s[0]) +
          "</td><td class=\"lr-num\">" + num(s[1]) + "</td><td class=\"lr-num\">" + num(s[2]) + "</td><td class=\"lr-num\">" +
          s[3] + "</td><td>" + esc(meta.period) + "</td><td class=\"lr-src\"><small>" + esc(meta.source) + "</small></td></tr>";
      }).join("") + "</tbody></table></div>";
  }
  function where(code) {
    var r = D.regions[code], parts = [];
    Object.keys(r.overlaps).forEach(function (other) {
      var ov = r.overlaps[other];
      if (!ov.length) return;
      var whole = r.level === "gemeente";
      var regions = ov.map(function (o) {
        return link(o[0]) + (whole ? "" : " (" + o[1] + ")");
      }).join(", ");
      parts.push("<li>" + (whole ? fill(D.levels[other].lies_in, {region: regions})
                                 : fill(T.shares_with, {plural: esc(D.levels[other].plural), regions: regions})) + "</li>");
    });
    var html = "<ul>" + parts.join("") + "</ul>";
    if (r.municipalities.length) {
      html += "<details><summary>" + (r.municipalities.length === 1 ? esc(T.municipalities_one)
                                     : fill(T.municipalities_many, {n: r.municipalities.length})) + "</summary><p>" +
        r.municipalities.map(link).join(", ") + "</p></details>";
    }
    return html;
  }
  function works(keys) {
    return "<ul>" + keys.map(function (k) {
      var w = D.works[k];
      var f = w[2] ? (w[3] != null ? say(T.design, {finding: D.labels.finding[w[2]], design: w[3]})
                                   : D.labels.finding[w[2]]) : T.no_finding;
      return '<li><a href="' + BIB + esc(k) + '">' + esc(w[0]) + "</a>, <em>" + esc(w[1]) + "</em> (" + esc(f) +
        ")" + (w[4] ? ": " + esc(w[4]) : "") + "</li>";
    }).join("") + "</ul>";
  }
  function evidence(code) {
    var r = D.regions[code];
    var html = r.evidence.length ? "<p>" + (r.evidence.length === 1 ? esc(T.evidence_one)
                                            : fill(T.evidence_many, {n: r.evidence.length})) + "</p>" + works(r.evidence)
      : "<p>" + esc(T.no_evidence) + "</p>" +
        (r.evidence_peers.length ? "<p>" + esc(T.evidence_peers) + "</p>" + works(r.evidence_peers)
                                 : "<p>" + esc(T.no_evidence_peers) + "</p>");
    return html + "<p>" + fill(T.national, {n: D.national.length,
                                            chapter: '<a href="what-works.html">' + esc(T.what_works) + "</a>"}) + "</p>";
  }
  function missing(code) {
    var r = D.regions[code], lv = D.levels[r.level], items = [];
    Object.keys(lv.indicators).forEach(function (name) {
      if (!r.values[name]) items.push("<li>" + fill(T.missing_one, {label: esc(lv.indicators[name].label),
        n: lv.indicators[name].n, plural: esc(lv.plural)}) + "</li>");
    });
    if (lv.elsewhere.length) {
      items.push("<li>" + fill(T.elsewhere, {plural: esc(lv.plural), list: lv.elsewhere.map(function (e) {
        return esc(e[0]) + " (" + esc(e[1].join(", ")) + ")";
      }).join("; ")}) + "</li>");
    }
    return items.length ? "<ul>" + items.join("") + "</ul>"
                        : "<p>" + fill(T.nothing_missing, {plural: esc(lv.plural)}) + "</p>";
  }
  function sources(code) {
    var used = {};
    rows(code).forEach(function (f) { used[f.source] = 1; if (f.trend_source) used[f.trend_source] = 1; });
    var lv = D.levels[D.regions[code].level];
    Object.keys(lv.spread || {}).forEach(function (n) { used[lv.spread[n].source] = 1; });
    return "<ul>" + Object.keys(used).sort().map(function (s) {
      var m = D.sources[s];
      return "<li><code>" + esc(s) + "</code>: " + esc(m.source) + (m.licence ? " " + fill(T.licence, {licence: esc(m.licence)}) : "") + "</li>";
    }).join("") + "</ul><p>" + esc(D.attribution) + ".</p>";
  }
  function csv(code) {
    var r = D.regions[code], q = function (v) { return '"' + String(v == null ? "" : v).replace(/"/g, '""') + '"'; };
    var lines = [["code", "name", "level", "indicator", "label", "value", "unit", "period", "rank", "of", "netherlands",
                  "source_id", "source", "licence"].join(",")];
    rows(code).forEach(function (f) {
      var m = D.sources[f.source];
      lines.push([code, r.name, r.level, f.indicator, f.label, f.value, f.unit, f.period, f.rank, f.n, f.national,
                  f.source, m.source, m.licence].map(q).join(","));
    });
    Object.keys(r.spread || {}).forEach(function (n) {
      var s = r.spread[n], meta = D.levels[r.level].spread[n], m = D.sources[meta.source];
      ["min", "median", "max"].forEach(function (stat, i) {
        lines.push([code, r.name, r.level, n + "_municipal_" + stat,
                    say(T.csv_spread, {label: meta.label, stat: T["stat_" + stat], n: s[3]}), s[i], "", meta.period,
                    "", "", "", meta.source, m.source, m.licence].map(q).join(","));
      });
    });
    return lines.join("\r\n") + "\r\n";
  }

  function draw() {
    var t0 = performance.now();
    var code = decodeURIComponent(location.hash.slice(1));
    var known = codeOf(code);
    if (known && known !== code) {  /* a code in another case: the permalink of its region */
      history.replaceState(null, "", "#" + known);
      code = known;
    }
    if (!code) { root.innerHTML = "<p>" + esc(T.start) + "</p>"; return; }
    var r = D.regions[code];
    if (!r) {
      root.innerHTML = '<p class="lr-unknown" role="alert">' + fill(T.unknown, {code: esc(code)}) + "</p>";
      input.focus();
      return;
    }
    var lv = D.levels[r.level];
    hideChoices();
    document.title = say(T.title, {name: r.name, level: lv.name});
    input.value = label(code);
    root.innerHTML =
      '<h2 id="lr-title" tabindex="-1">' + esc(r.name) + " <small>(" + esc(lv.name) + ", " + esc(code) + ")</small></h2>" +
      '<div class="lr-top">' + locator(code, r.level) + "<div><h3>" + esc(T.h_where) + "</h3>" + where(code) +
      "<p><a class=\"lr-permalink\" href=\"#" + esc(code) + "\">" + esc(T.permalink) + "</a> · " +
      '<button type="button" id="lr-csv">' + esc(T.download) + "</button></p></div></div>" +
      "<h3>" + esc(T.h_figures) + "</h3>" + figuresTable(code) + spreadTable(code) +
      "<h3>" + esc(T.h_peers) + "</h3><p>" + (r.peers.map(link).join(", ") || esc(T.none)) + "</p>" +
      "<h3>" + esc(T.h_neighbours) + "</h3><p>" + (r.neighbours.map(link).join(", ") || esc(T.no_neighbours)) + "</p>" +
      "<h3>" + esc(T.h_there) + "</h3><p>" + fill(T.institutions_at, {
        institutions: "<strong>" + esc(T.institutions) + "</strong>",
        list: r.institutions.map(function (i) {
          return esc(i[1]) + " (" + esc(D.labels.type[i[0]] || i[0]) + ", " + esc(i[2]) + ")";
        }).join("; ") || esc(T.none)}) + "</p><p>" +
      fill(T.deals_cover, {deals: "<strong>" + esc(T.deals) + "</strong>",
                           list: r.deals.map(esc).join("; ") || esc(T.no_deals)}) + "</p>" +
      "<h3>" + esc(T.h_evidence) + "</h3>" + evidence(code) +
      "<h3>" + esc(T.h_missing) + "</h3>" + missing(code) +
      "<h3>" + esc(T.h_sources) + "</h3>" + sources(code);
    document.getElementById("lr-csv").addEventListener("click", function () {
      var blob = new Blob([csv(code)], {type: "text/csv;charset=utf-8"});
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = say(T.csv_name, {code: code});
      document.body.appendChild(a); a.click(); a.remove();
    });
    root.setAttribute("data-code", code);
    root.setAttribute("data-render-ms", (performance.now() - t0).toFixed(1));
    status.textContent = say(T.showing, {label: label(code)});
  }
  window.addEventListener("hashchange", function () { draw(); var h = document.getElementById("lr-title"); if (h) h.focus(); });
  draw();
})();
