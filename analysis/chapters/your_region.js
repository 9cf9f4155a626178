/* Your region: pick a region, draw its profile from the data embedded in the page. No library, no request. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("lr-profiles-data").textContent);
  var root = document.getElementById("lr-profile");
  var input = document.getElementById("lr-pick");
  var status = document.getElementById("lr-status");
  var BIB = "bibliography.html#cite-";
  var options = [];

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function num(v) {
    if (v == null) return "–";
    var a = Math.abs(v);
    var d = a >= 100 ? 0 : (a >= 10 ? 1 : 2);
    return Number(v).toLocaleString("en-GB", {maximumFractionDigits: d});
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
    status.textContent = found.length + " regions fit “" + text.trim() + "”" +
      (found.length > shown.length ? "; the first " + shown.length + " are listed: keep typing to narrow them."
                                   : ": choose one below.");
  }
  function pick(text) {
    var found = fits(text);
    if (found.length === 1) { hideChoices(); location.hash = found[0][1]; return true; }
    if (found.length > 1) { showChoices(found, text); return false; }
    hideChoices();
    status.textContent = "No region matches “" + text + "”.";
    return false;
  }
  input.addEventListener("input", function () {
    var m = matches(input.value);
    status.textContent = input.value.trim() ? (m.length === 1 ? "1 region matches: " + m[0][2]
                                                : m.length + " regions match") : "";
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
    return '<svg class="lr-bar" viewBox="0 0 100 10" width="80" height="10" role="img" aria-label="rank ' + rank +
      " of " + n + '"><rect x="0" y="4" width="100" height="2" fill="#bbbbbb"></rect><circle cx="' + x.toFixed(1) +
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
    var text = "from " + num(first[1]) + " in " + periods[first[0]] + " to " + num(last[1]) + " in " +
      periods[last[0]] + " (" + unit + ")";
    return '<svg class="lr-spark" viewBox="0 0 120 30" width="100" height="25" role="img" aria-label="Trend ' +
      esc(text) + '"><title>' + esc(text) + '</title><polyline fill="none" stroke="#004488" stroke-width="1.5" points="' +
      d + '"></polyline></svg>';
  }
  function locator(code, level) {
    var m = D.levels[level].map;
    var paths = Object.keys(m.paths).map(function (c) {
      return '<path d="' + m.paths[c] + '" class="' + (c === code ? "lr-here" : "lr-other") + '"></path>';
    }).join("");
    return '<svg class="lr-locator" viewBox="0 0 ' + m.width + " " + m.height + '" role="img" aria-label="Map of the ' +
      esc(D.levels[level].plural) + " with " + esc(D.regions[code].name) + ' highlighted">' + paths + "</svg>";
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
        f.rank + " of " + f.n + "<br>" + bar(f.rank, f.n) + "</td><td class=\"lr-num\">" + num(f.national) + "</td><td>" +
        (f.trend ? spark(f.trend, f.periods, f.trend_unit) : "") + "</td><td class=\"lr-src\"><small>" + esc(f.source) +
        (f.trend && f.trend_source !== f.source ? "; trend: " + esc(f.trend_source) : "") + "</small></td></tr>";
    }).join("");
    if (!body) return "<p>The book holds no figure of its own for this region; see <em>What is missing</em>.</p>";
    return '<div class="lr-scroll" tabindex="0" role="region" aria-label="Figures"><table class="lr-table lr-figures"><caption>' +
      "Its figures: value and unit, rank among the " + esc(D.levels[D.regions[code].level].plural) +
      " (1 = highest) and the national value where the book holds one</caption><thead><tr><th scope=\"col\">Indicator" +
      "</th><th scope=\"col\">Value</th><th scope=\"col\">Period</th><th scope=\"col\">Rank</th>" +
      "<th scope=\"col\"><abbr title=\"Netherlands\">NL</abbr></th><th scope=\"col\">Trend</th>" +
      "<th scope=\"col\">Source</th></tr></thead><tbody>" + body + "</tbody></table></div>";
  }
  function spreadTable(code) {
    var r = D.regions[code], lv = D.levels[r.level], names = Object.keys(r.spread || {});
    if (!names.length) return "";
    return '<div class="lr-scroll" tabindex="0" role="region" aria-label="Municipal spread"><table class="lr-table">' +
      "<caption>Its municipalities: lowest, median and highest value (exact; not averaged)</caption><thead><tr>" +
      "<th scope=\"col\">Indicator</th><th scope=\"col\">Lowest</th><th scope=\"col\">Median</th><th scope=\"col\">" +
      "Highest</th><th scope=\"col\">Munici&shy;palities</th><th scope=\"col\">Period</th><th scope=\"col\">Source</th>" +
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
      parts.push("<li>" + (whole ? "In the " + esc(D.levels[other].name) + " " : esc(D.levels[other].plural) +
        " it shares municipalities with: ") + ov.map(function (o) {
          return link(o[0]) + (whole ? "" : " (" + o[1] + ")");
        }).join(", ") + "</li>");
    });
    var html = "<ul>" + parts.join("") + "</ul>";
    if (r.municipalities.length) {
      html += "<details><summary>Its " + r.municipalities.length + " municipalities</summary><p>" +
        r.municipalities.map(link).join(", ") + "</p></details>";
    }
    return html;
  }
  function works(keys) {
    return "<ul>" + keys.map(function (k) {
      var w = D.works[k];
      var f = w[2] ? D.labels.finding[w[2]] + (w[3] != null ? ", design " + w[3] : "") : "no finding coded";
      return '<li><a href="' + BIB + esc(k) + '">' + esc(w[0]) + "</a>, <em>" + esc(w[1]) + "</em> (" + esc(f) +
        ")" + (w[4] ? ": " + esc(w[4]) : "") + "</li>";
    }).join("") + "</ul>";
  }
  function evidence(code) {
    var r = D.regions[code];
    var html = r.evidence.length ? "<p>" + r.evidence.length + " works in the bibliography study this region, a region " +
      "that contains it or one that lies in it:</p>" + works(r.evidence)
      : "<p>No work in the bibliography is tied to this region or to a region that contains it or lies in it.</p>" +
        (r.evidence_peers.length ? "<p>Works about regions like it:</p>" + works(r.evidence_peers)
                                 : "<p>Nor to the regions like it.</p>");
    return html + "<p>" + D.national.length + " further works study the Netherlands as a whole; the " +
      '<a href="what-works.html">What works</a> chapter weighs them.</p>';
  }
  function missing(code) {
    var r = D.regions[code], lv = D.levels[r.level], items = [];
    Object.keys(lv.indicators).forEach(function (name) {
      if (!r.values[name]) items.push("<li>" + esc(lv.indicators[name].label) + ": the source publishes it for " +
        lv.indicators[name].n + " of the " + esc(lv.plural) + ", not for this one.</li>");
    });
    if (lv.elsewhere.length) {
      items.push("<li>Held only for other region systems, not for " + esc(lv.plural) + ": " + lv.elsewhere.map(function (e) {
        return esc(e[0]) + " (" + esc(e[1].join(", ")) + ")";
      }).join("; ") + ".</li>");
    }
    return items.length ? "<ul>" + items.join("") + "</ul>" : "<p>Nothing: every indicator held for " + esc(lv.plural) +
      " has a value here.</p>";
  }
  function sources(code) {
    var used = {};
    rows(code).forEach(function (f) { used[f.source] = 1; if (f.trend_source) used[f.trend_source] = 1; });
    var lv = D.levels[D.regions[code].level];
    Object.keys(lv.spread || {}).forEach(function (n) { used[lv.spread[n].source] = 1; });
    return "<ul>" + Object.keys(used).sort().map(function (s) {
      var m = D.sources[s];
      return "<li><code>" + esc(s) + "</code>: " + esc(m.source) + (m.licence ? " Licence: " + esc(m.licence) : "") + "</li>";
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
        lines.push([code, r.name, r.level, n + "_municipal_" + stat, meta.label + " (" + stat + " of " + s[3] +
                    " municipalities)", s[i], "", meta.period, "", "", "", meta.source, m.source, m.licence].map(q).join(","));
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
    if (!code) { root.innerHTML = "<p>Type the name of a province, COROP area, labour-market region or municipality above.</p>"; return; }
    var r = D.regions[code];
    if (!r) {
      root.innerHTML = '<p class="lr-unknown" role="alert">There is no region with the code “' + esc(code) + "” in this " +
        "book. Type a name in the box above to pick one (for example Twente, Oost-Groningen, Zuid-Limburg or Almere).</p>";
      input.focus();
      return;
    }
    var lv = D.levels[r.level];
    hideChoices();
    document.title = r.name + " (" + lv.name + ") — Your region";
    input.value = label(code);
    root.innerHTML =
      '<h2 id="lr-title" tabindex="-1">' + esc(r.name) + " <small>(" + esc(lv.name) + ", " + esc(code) + ")</small></h2>" +
      '<div class="lr-top">' + locator(code, r.level) + '<div><h3>Where it is</h3>' + where(code) +
      "<p><a class=\"lr-permalink\" href=\"#" + esc(code) + "\">Permalink to this profile</a> · " +
      '<button type="button" id="lr-csv">Download its data (CSV)</button></p></div></div>' +
      "<h3>Its figures</h3>" + figuresTable(code) + spreadTable(code) +
      "<h3>Regions like it</h3><p>" + (r.peers.map(link).join(", ") || "none") + "</p>" +
      "<h3>Its neighbours</h3><p>" + (r.neighbours.map(link).join(", ") || "none (an island or a region without a " +
      "land border with a region of the same system)") + "</p>" +
      "<h3>What is there</h3><p><strong>Knowledge institutions</strong> (main address): " +
      (r.institutions.map(function (i) {
        return esc(i[1]) + " (" + esc(D.labels.type[i[0]] || i[0]) + ", " + esc(i[2]) + ")";
      }).join("; ") || "none") + ".</p><p><strong>Regio Deals</strong> whose named areas cover it: " +
      (r.deals.map(esc).join("; ") || "none known (the book knows the areas of few deals)") + ".</p>" +
      "<h3>What the evidence says about it</h3>" + evidence(code) +
      "<h3>What is missing</h3>" + missing(code) +
      "<h3>Sources</h3>" + sources(code);
    document.getElementById("lr-csv").addEventListener("click", function () {
      var blob = new Blob([csv(code)], {type: "text/csv;charset=utf-8"});
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "region-" + code + ".csv";
      document.body.appendChild(a); a.click(); a.remove();
    });
    root.setAttribute("data-code", code);
    root.setAttribute("data-render-ms", (performance.now() - t0).toFixed(1));
    status.textContent = "Showing " + label(code) + ".";
  }
  window.addEventListener("hashchange", function () { draw(); var h = document.getElementById("lr-title"); if (h) h.focus(); });
  draw();
})();
