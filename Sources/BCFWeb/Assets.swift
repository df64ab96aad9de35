/// The stylesheet and script, served from `/assets/` so that the Content-Security-Policy can forbid
/// inline code and anything from elsewhere. No build step: this is the file the browser gets.
enum Assets {
    static let css = """
    :root { --ink: #0b0c0c; --muted: #505a5f; --line: #b1b4b6; --blue: #1d70b8; --focus: #ffdd00;
            --red: #d4351c; --amber: #b35900; --green: #00703c; --paper: #f3f2f1; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 17px/1.45 system-ui, "Segoe UI", Arial, sans-serif; color: var(--ink); background: #fff; }
    .wrap { max-width: 68rem; margin: 0 auto; padding: 0 1.25rem; }
    header { background: #0b0c0c; color: #fff; padding: .6rem 0; }
    header .wrap { display: flex; align-items: center; gap: 2rem; flex-wrap: wrap; }
    .brand { font-weight: 700; font-size: 1.1rem; }
    nav a { color: #fff; margin-right: 1.25rem; }
    a { color: var(--blue); }
    a:focus, button:focus, input:focus, select:focus, label.drop:focus-within, summary:focus {
        outline: 3px solid var(--focus); outline-offset: 0; box-shadow: 0 0 0 5px var(--ink); }
    .skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: var(--focus); color: var(--ink); padding: .5rem; }
    main { padding: 1.5rem 1.25rem 2.5rem; }
    h1 { font-size: 2rem; margin: .5rem 0 1rem; } h2 { font-size: 1.4rem; margin: 2rem 0 .75rem; } h3 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
    .lead { font-size: 1.15rem; color: var(--muted); max-width: 48rem; }
    label.drop { display: block; border: 3px dashed var(--line); border-radius: 6px; padding: 2rem; text-align: center;
                 background: var(--paper); cursor: pointer; max-width: 48rem; }
    label.drop.over { border-color: var(--blue); background: #e8f1f8; }
    label.drop strong { display: block; font-size: 1.2rem; margin-bottom: .4rem; }
    input[type=file] { font-size: 1rem; margin-top: .75rem; }
    button, .button { display: inline-block; font: inherit; font-weight: 600; background: var(--green); color: #fff; border: 0;
                      border-bottom: 3px solid #002d18; padding: .5rem 1rem; margin: 1rem .75rem 0 0; cursor: pointer; text-decoration: none; }
    .button.secondary { background: #f3f2f1; color: var(--ink); border-bottom-color: #929191; }
    .summary { border-left: 8px solid var(--green); background: var(--paper); padding: 1rem 1.25rem; margin: 1rem 0; max-width: 48rem; }
    .summary.fails, .summary.refused, .summary.unreadable { border-left-color: var(--red); }
    .summary h2 { margin: 0 0 .4rem; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: .5rem 0 0; }
    dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; font-weight: 600; }
    table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
    th, td { text-align: left; vertical-align: top; padding: .5rem .6rem; border-bottom: 1px solid var(--line); }
    th { background: var(--paper); font-weight: 700; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    th button.sort { background: none; color: var(--ink); border: 0; padding: 0; margin: 0; font-weight: 700; }
    th button.sort::after { content: " ↕"; color: var(--muted); }
    th[aria-sort=ascending] button.sort::after { content: " ▲"; } th[aria-sort=descending] button.sort::after { content: " ▼"; }
    .tag { display: inline-block; font-size: .85rem; font-weight: 700; padding: .1rem .45rem; border-radius: 3px; color: #fff; white-space: nowrap; }
    .tag.error, .tag.fails, .tag.unreadable { background: var(--red); } .tag.warning { background: var(--amber); }
    .tag.info, .tag.missing { background: var(--muted); } .tag.passes { background: var(--green); }
    td.cell { font-family: ui-monospace, Consolas, monospace; white-space: nowrap; }
    .guidance { color: var(--muted); font-size: .92rem; margin-top: .25rem; }
    .filters { display: flex; gap: 1rem; flex-wrap: wrap; align-items: end; margin: .5rem 0; }
    .filters label { display: flex; flex-direction: column; font-weight: 600; }
    .filters input, .filters select { font: inherit; padding: .3rem; min-width: 14rem; }
    pre.letter { white-space: pre-wrap; background: var(--paper); padding: 1rem; font: 15px/1.5 ui-monospace, Consolas, monospace; max-width: 52rem; }
    footer { color: var(--muted); font-size: .9rem; }
    footer p { border-top: 1px solid var(--line); padding-top: 1rem; margin: 1rem 0 2rem; }
    .bar { background: var(--blue); height: .9rem; display: inline-block; vertical-align: middle; }
    .sr { position: absolute; left: -999px; }
    """

    static let script = """
    "use strict";
    // Drag and drop onto the check form: the dropped file goes into the file field and the form is sent,
    // as if it had been picked. Choosing a file with the keyboard sends it the same way.
    document.addEventListener("DOMContentLoaded", function () {
      var drop = document.querySelector("label.drop");
      var input = document.getElementById("workbook");
      if (drop && input) {
        var form = input.form;
        var send = function () { if (input.files.length) { document.getElementById("status").textContent = "Checking " + input.files[0].name + "…"; form.submit(); } };
        input.addEventListener("change", send);
        ["dragenter", "dragover"].forEach(function (name) {
          drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.add("over"); });
        });
        ["dragleave", "drop"].forEach(function (name) {
          drop.addEventListener(name, function () { drop.classList.remove("over"); });
        });
        drop.addEventListener("drop", function (event) {
          event.preventDefault();
          if (event.dataTransfer && event.dataTransfer.files.length) { input.files = event.dataTransfer.files; send(); }
        });
      }
      // Sortable, filterable tables: a button in each heading sorts by that column.
      document.querySelectorAll("table.sortable").forEach(function (table) {
        var body = table.tBodies[0];
        table.querySelectorAll("th button.sort").forEach(function (button, index) {
          button.addEventListener("click", function () {
            var th = button.parentElement;
            var ascending = th.getAttribute("aria-sort") !== "ascending";
            table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
            th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
            var column = Array.prototype.indexOf.call(th.parentElement.children, th);
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) {
              var x = a.cells[column].getAttribute("data-sort") || a.cells[column].textContent.trim();
              var y = b.cells[column].getAttribute("data-sort") || b.cells[column].textContent.trim();
              var nx = parseFloat(x), ny = parseFloat(y);
              var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, "en-GB");
              return ascending ? order : -order;
            });
            rows.forEach(function (row) { body.appendChild(row); });
          });
        });
      });
      var text = document.getElementById("filter-text");
      var status = document.getElementById("filter-status");
      var region = document.getElementById("filter-region");
      var apply = function () {
        var table = document.getElementById("areas");
        if (!table) { return; }
        var shown = 0;
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          var ok = (!text.value || row.textContent.toLowerCase().indexOf(text.value.toLowerCase()) >= 0)
            && (!status.value || row.getAttribute("data-status") === status.value)
            && (!region.value || row.getAttribute("data-region") === region.value);
          row.hidden = !ok;
          if (ok) { shown += 1; }
        });
        document.getElementById("shown").textContent = shown + " area" + (shown === 1 ? "" : "s") + " shown";
      };
      [text, status, region].forEach(function (control) { if (control) { control.addEventListener("input", apply); control.addEventListener("change", apply); } });
    });
    """
}
