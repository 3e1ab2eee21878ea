// The check page, progressively enhanced: the form is sent to the JSON API with fetch and the
// results are shown in place, without a reload. Without this script the form posts to /check
// and the service renders the same results on a new page. Text from the document and the
// report is only ever set as textContent, never parsed as HTML.
(function () {
  "use strict";
  var form = document.getElementById("check-form");
  var results = document.getElementById("results");
  if (!form || !results || !window.fetch || !window.Promise) {
    return;
  }
  var CONTEXT_LINES = 2;
  var HALF_WIDTH = 60;
  var API_DESCRIPTION = "openapi";

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  // The same sentence as the page rendered by the service.
  function summarySentence(summary, subject) {
    var counts = [];
    if (summary.errors) counts.push(plural(summary.errors, "error"));
    if (summary.warnings) counts.push(plural(summary.warnings, "warning"));
    if (summary.infos) counts.push(plural(summary.infos, "note"));
    if (summary.conforms && counts.length === 0) return "Conforms to " + subject + ": nothing to fix.";
    if (summary.conforms) return "Conforms to " + subject + ", with " + counts.join(", ") + ".";
    return counts.join(", ") + " in " + subject + ".";
  }

  // Numbered lines around a finding, the column marked; columns count characters, not UTF-16
  // units, as the report does.
  function snippet(text, line, column) {
    var lines = text.split("\n");
    if (!line || line > lines.length) return null;
    var pre = element("pre", "snippet");
    pre.setAttribute("aria-label", "The text around line " + line + (column ? ":" + column : ""));
    var code = element("code");
    var hitLength = Array.from(lines[line - 1].replace(/\r$/, "")).length;
    var center = Math.min((column || 1) - 1, hitLength);
    var start = Math.max(0, center - HALF_WIDTH);
    var end = start + 2 * HALF_WIDTH;
    var first = Math.max(1, line - CONTEXT_LINES);
    var last = Math.min(lines.length, line + CONTEXT_LINES);
    for (var number = first; number <= last; number++) {
      var chars = Array.from(lines[number - 1].replace(/\r$/, ""));
      var prefix = start > 0 && chars.length > start ? "…" : "";
      var suffix = chars.length > end ? "…" : "";
      var hit = number === line;
      var row = element("span", hit ? "line hit" : "line");
      row.appendChild(element("span", "number", number));
      if (hit && column) {
        row.appendChild(document.createTextNode(prefix + chars.slice(start, center).join("")));
        var marked = chars.slice(center, center + 1).join("") || " ";
        row.appendChild(element("span", "visually-hidden", "(the problem is here:)"));
        row.appendChild(element("mark", null, marked));
        row.appendChild(document.createTextNode(chars.slice(center + 1, end).join("") + suffix));
      } else {
        row.appendChild(document.createTextNode(prefix + chars.slice(start, end).join("") + suffix));
      }
      // The line break inside the line's box: copied text keeps its lines, and the box ends
      // the line on screen.
      row.appendChild(document.createTextNode("\n"));
      code.appendChild(row);
    }
    pre.appendChild(code);
    return pre;
  }

  // Rules nifcheck documents have codes (PAY002); a ruleset's own rules have names and no page.
  function ruleLink(rule, content) {
    if (!/^[A-Z]{2,4}[0-9]{3}$/.test(rule)) return content;
    var link = element("a");
    link.href = "/rules/" + rule;
    link.appendChild(content);
    return link;
  }

  function findingItem(finding, text, documentName) {
    var item = element("li", "finding " + finding.severity);
    var head = element("p", "head");
    head.appendChild(element("span", "badge sev-" + finding.severity, finding.severity));
    head.appendChild(document.createTextNode(" "));
    head.appendChild(ruleLink(finding.rule, element("strong", null, finding.rule)));
    var ours = finding.file === documentName;
    if (finding.line) {
      head.appendChild(document.createTextNode(" "));
      head.appendChild(element("span", "location", "line " + finding.line + (finding.column ? ":" + finding.column : "")));
    }
    if (!ours && finding.file) {
      head.appendChild(document.createTextNode(" "));
      head.appendChild(element("span", "location", "in " + finding.file));
    }
    item.appendChild(head);
    item.appendChild(element("p", "message", finding.message));
    if (ours && finding.line) {
      var lines = snippet(text, finding.line, finding.column);
      if (lines) item.appendChild(lines);
    }
    if (finding.pointer || finding.help) {
      var facts = element("dl");
      if (finding.pointer) {
        facts.appendChild(element("dt", null, "Where"));
        var where = element("dd");
        where.appendChild(element("code", null, finding.pointer));
        facts.appendChild(where);
      }
      if (finding.help) {
        facts.appendChild(element("dt", null, "How to fix"));
        facts.appendChild(element("dd", null, finding.help));
      }
      item.appendChild(facts);
    }
    if (/^[A-Z]{2,4}[0-9]{3}$/.test(finding.rule)) {
      var more = element("p", "more");
      more.appendChild(ruleLink(finding.rule, document.createTextNode("What " + finding.rule + " means and how to fix it")));
      item.appendChild(more);
    }
    return item;
  }

  function show(nodes) {
    while (results.firstChild) results.removeChild(results.firstChild);
    nodes.forEach(function (node) { results.appendChild(node); });
    var summary = document.getElementById("summary");
    if (summary) summary.focus();
  }

  function showProblem(title, detail) {
    var box = element("div", "summary problem");
    box.id = "summary";
    box.tabIndex = -1;
    box.appendChild(element("p")).appendChild(element("strong", null, title));
    if (detail) box.appendChild(element("p", null, detail));
    show([box]);
  }

  function showReport(report, text, subject, documentName, omitted) {
    var conforms = report.summary && report.summary.conforms;
    var box = element("div", "summary " + (conforms ? "conforms" : "fails"));
    box.id = "summary";
    box.tabIndex = -1;
    var heading = element("h2");
    heading.appendChild(element("span", "badge " + (conforms ? "sev-ok" : "sev-error"), conforms ? "Conforms" : "Does not conform"));
    heading.appendChild(document.createTextNode(" " + summarySentence(report.summary, subject)));
    box.appendChild(heading);
    box.appendChild(element("p", "checked", "Checked: " + documentName));
    var nodes = [box];
    if (report.findings && report.findings.length) {
      var list = element("ol", "findings");
      report.findings.forEach(function (finding) { list.appendChild(findingItem(finding, text, documentName)); });
      nodes.push(list);
    }
    if (omitted > 0) {
      nodes.push(element("p", "omitted", "The first " + report.findings.length + " findings are shown; " + omitted + " more are not."));
    }
    show(nodes);
  }

  // What the JSON API is told the document is: XML by its first character, NDJSON by its
  // name or when it is several JSON values one per line, YAML for an API description that is
  // not JSON.
  function contentType(text, name, apiDescription) {
    var trimmed = text.replace(/^[\s\uFEFF]+/, "");
    if (apiDescription) return trimmed.charAt(0) === "{" ? "application/json" : "application/yaml";
    if (trimmed.charAt(0) === "<") return "application/xml";
    if (/\.(ndjson|jsonl)$/i.test(name)) return "application/x-ndjson";
    try {
      JSON.parse(text);
      return "application/json";
    } catch (notOneValue) {
      var lines = text.split("\n").filter(function (l) { return l.trim() !== ""; });
      if (lines.length < 2) return "application/json";
      try {
        lines.forEach(function (l) { JSON.parse(l); });
        return "application/x-ndjson";
      } catch (notLines) {
        return "application/json";
      }
    }
  }

  function problemText(response, body) {
    if (response.status === 503) {
      var wait = response.headers.get("Retry-After");
      return ["The service is busy.", "Please try again" + (wait ? " in " + wait + " seconds." : " in a moment.")];
    }
    if (body && (body.title || body.detail)) return [body.title || "The document could not be checked.", body.detail || ""];
    return ["The document could not be checked.", "The service answered " + response.status + "."];
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var choice = form.elements.check.value;
    var file = form.elements.file.files && form.elements.file.files[0];
    var button = document.getElementById("submit");
    var status = document.getElementById("status");
    if (!choice) {
      showProblem("Choose what to check against.", "Pick a standard, or \"API description\" for an OpenAPI document.");
      return;
    }
    var read = file ? file.text() : Promise.resolve(form.elements.text.value);
    var documentName = file ? file.name : "pasted text";
    button.disabled = true;
    status.textContent = "Checking…";
    results.setAttribute("aria-busy", "true");
    read.then(function (text) {
      if (!text.trim()) {
        showProblem("There is nothing to check.", "Paste a document into the text box, or choose a file.");
        return null;
      }
      var apiDescription = choice === API_DESCRIPTION;
      // The findings carry the name given here, which tells them apart from findings about
      // another document (a framework file) that have no lines in this text.
      var url = (apiDescription ? "/v1/lint?" : "/v1/validate?standard=" + encodeURIComponent(choice) + "&") +
        "name=" + encodeURIComponent(documentName);
      var subject = apiDescription ? "the API description" : choice;
      return fetch(url, {
        method: "POST",
        headers: { "Content-Type": contentType(text, documentName, apiDescription), "Accept": "application/json" },
        body: text
      }).then(function (response) {
        return response.json().catch(function () { return null; }).then(function (body) {
          if (!response.ok || !body || !body.summary) {
            var problem = problemText(response, body);
            showProblem(problem[0], problem[1]);
          } else {
            // The service's cap on a report's list: the summary still counts them all.
            var omitted = parseInt(response.headers.get("Nifcheck-Findings-Omitted") || "0", 10) || 0;
            showReport(body, text, subject, documentName, omitted);
          }
        });
      });
    }).catch(function () {
      showProblem("The service could not be reached.", "Check your connection, then try again.");
    }).then(function () {
      button.disabled = false;
      status.textContent = "";
      results.removeAttribute("aria-busy");
    });
  });
})();
