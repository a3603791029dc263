// storyline web UI: highlight the sentence a source chip points at, and
// upload files by drag and drop with progress.  Plain JavaScript, no libraries.
"use strict";

function highlightTarget() {
  document.querySelectorAll(".sentence.highlight").forEach(function (el) {
    el.classList.remove("highlight");
  });
  var id = decodeURIComponent(location.hash.slice(1));
  if (!id) return;
  var el = document.getElementById(id);
  if (el && el.classList.contains("sentence")) {
    el.classList.add("highlight");
    el.scrollIntoView({ block: "center" });
  }
}

function cell(row, text) {
  var td = document.createElement("td");
  td.textContent = text; // never innerHTML: file names and reasons are user input
  row.appendChild(td);
  return td;
}

function showResults(table, body) {
  var tbody = table.querySelector("tbody");
  (body.files || []).forEach(function (f) {
    var tr = document.createElement("tr");
    tr.className = f.status === "error" ? "error" : "ok";
    tr.dataset.file = f.name;
    cell(tr, f.name);
    cell(tr, f.status);
    var details = [];
    if (f.new_articles.length) details.push(f.new_articles.length + " new article(s)");
    if (f.status === "unchanged") details.push("already stored");
    f.errors.forEach(function (e) { details.push(e.origin + ": " + e.reason); });
    cell(tr, details.join("; "));
    tbody.appendChild(tr);
  });
  table.hidden = false;
}

function setupUpload() {
  var form = document.getElementById("upload-form");
  if (!form) return;
  var drop = document.getElementById("drop");
  var input = document.getElementById("files");
  var progress = document.getElementById("progress");
  var status = document.getElementById("upload-status");
  var table = document.getElementById("results");
  var token = document.getElementById("token");
  var limit = parseInt(form.dataset.limit, 10);
  if (token) token.value = sessionStorage.getItem("storyline-token") || "";

  function send(files) {
    if (!files.length) return;
    var size = 0, data = new FormData();
    Array.prototype.forEach.call(files, function (f) { size += f.size; data.append("files", f, f.name); });
    if (size > limit) {
      status.textContent = "Too large: " + size + " bytes; the server accepts up to " + limit + " per upload.";
      return;
    }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/uploads");
    if (token && token.value) {
      sessionStorage.setItem("storyline-token", token.value);
      xhr.setRequestHeader("Authorization", "Bearer " + token.value);
    }
    progress.hidden = false;
    progress.value = 0;
    status.textContent = "Uploading " + files.length + " file(s)…";
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) progress.value = Math.round((100 * e.loaded) / e.total);
    };
    xhr.upload.onload = function () {
      progress.value = 100;
      status.textContent = "Uploaded; analysing and rebuilding stories…";
    };
    xhr.onload = function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (err) { body = { reason: xhr.statusText }; }
      if (body.files) {
        showResults(table, body);
        status.textContent = (body.reason ? body.reason.charAt(0).toUpperCase() + body.reason.slice(1) + ". " : "") +
          body.new_articles +
          " new article(s); " + body.stories.length + " stor" +
          (body.stories.length === 1 ? "y" : "ies") + " in the store. ";
        var link = document.createElement("a");
        link.href = "/";
        link.textContent = "See the stories";
        status.appendChild(link);
      } else {
        status.textContent = "Upload refused (" + xhr.status + "): " + (body.reason || "unknown reason");
      }
    };
    xhr.onerror = function () { status.textContent = "Upload failed: the server could not be reached."; };
    xhr.send(data);
  }

  input.addEventListener("change", function () { send(input.files); });
  ["dragenter", "dragover"].forEach(function (name) {
    drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) { send(e.dataTransfer.files); });
  drop.addEventListener("keydown", function (e) { if (e.key === "Enter") input.click(); });
}

window.addEventListener("hashchange", highlightTarget);
document.addEventListener("DOMContentLoaded", function () { highlightTarget(); setupUpload(); });
