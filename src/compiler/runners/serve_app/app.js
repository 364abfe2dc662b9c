// The desk page of `compile-book serve`: everything comes from /state, refreshed on each
// build event; only what changed is replaced, so the reader keeps their place.
"use strict";

let state = null;

function el(tag, attrs = {}, text = null) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) node.setAttribute(name, value);
  }
  if (text !== null) node.textContent = text;
  return node;
}

function pageLink(page, label) {
  const link = el("a", { href: `#page-${page}`, class: "page-link" }, label);
  link.addEventListener("click", (event) => {
    event.preventDefault();
    showView("print");
    const target = document.getElementById(`page-${page}`);
    if (target) {
      target.scrollIntoView({ block: "start" });
      history.replaceState(null, "", `#page-${page}`);
      target.classList.add("pointed");
      setTimeout(() => target.classList.remove("pointed"), 1500);
    }
  });
  return link;
}

// Spreads: page 1 alone on the right, then 2-3, 4-5... as the printed book opens.
function spreadsOf(count) {
  const pairs = count ? [[null, 1]] : [];
  for (let verso = 2; verso <= count; verso += 2) {
    pairs.push([verso, verso + 1 <= count ? verso + 1 : null]);
  }
  return pairs;
}

function renderPages(pages, flagged) {
  const holder = document.getElementById("spreads");
  const pairs = spreadsOf(pages.length);
  while (holder.children.length > pairs.length) holder.lastChild.remove();
  pairs.forEach((pair, index) => {
    let spread = holder.children[index];
    if (!spread) {
      spread = el("div", { class: "spread" });
      holder.appendChild(spread);
    }
    pair.forEach((number, side) => {
      let slot = spread.children[side];
      if (!slot) {
        slot = el("figure", { class: side ? "page recto" : "page verso" });
        slot.appendChild(el("img", { loading: "lazy", alt: "" }));
        slot.appendChild(el("figcaption"));
        spread.appendChild(slot);
      }
      const img = slot.querySelector("img");
      const caption = slot.querySelector("figcaption");
      if (number === null) {
        slot.classList.add("empty");
        slot.removeAttribute("id");
        img.removeAttribute("src");
        caption.textContent = "";
        return;
      }
      const page = pages[number - 1];
      slot.classList.remove("empty");
      slot.id = `page-${number}`;
      slot.classList.toggle("flagged", flagged.has(number));
      const source = `/page/${number}.png?k=${page.key}`;
      if (img.getAttribute("src") !== source) img.setAttribute("src", source);
      img.setAttribute("alt", `Page ${page.label}`);
      caption.textContent = page.label;
    });
  });
}

function renderContents(contents) {
  const list = document.getElementById("contents");
  list.replaceChildren(
    ...contents.map((entry) => {
      const item = el("li", { class: entry.part ? "part" : "chapter" });
      item.appendChild(el("span", { class: "entry-title" }, entry.title));
      if (entry.author) item.appendChild(el("span", { class: "entry-author" }, entry.author));
      if (entry.page) item.appendChild(pageLink(entry.page, state.pages[entry.page - 1].label));
      return item;
    })
  );
}

function renderProblems(problems, notes) {
  const list = document.getElementById("problems");
  document.getElementById("problem-count").textContent = problems.length ? `(${problems.length})` : "";
  const items = problems.map((problem) => {
    const item = el("li", { class: "problem" });
    item.appendChild(pageLink(problem.page, `p. ${state.pages[problem.page - 1].label}`));
    item.appendChild(el("span", {}, ` ${problem.text}`));
    return item;
  });
  for (const note of notes) items.push(el("li", { class: "note" }, `note: ${note}`));
  if (!items.length) items.push(el("li", { class: "none" }, "Nothing to fix."));
  list.replaceChildren(...items);
}

function renderReports(reports) {
  const holder = document.getElementById("reports");
  if (!reports.length) {
    holder.replaceChildren(el("p", {}, "Cleanup changed nothing."));
    return;
  }
  holder.replaceChildren(
    ...reports.map((report) => {
      const box = el("details", { class: "report", open: "" });
      box.appendChild(el("summary", {}, report.essay));
      box.appendChild(el("pre", {}, report.text));
      return box;
    })
  );
}

function renderChapters(chapters) {
  const select = document.getElementById("chapter");
  const chosen = select.value;
  select.replaceChildren(...chapters.map((c) => el("option", { value: c.href }, c.title)));
  if (chapters.some((c) => c.href === chosen)) select.value = chosen;
  loadChapter(true);
}

function loadChapter(keepPlace) {
  const frame = document.getElementById("reader");
  const href = document.getElementById("chapter").value;
  if (!href) return;
  let scroll = 0;
  try {
    scroll = keepPlace && frame.contentWindow ? frame.contentWindow.scrollY : 0;
  } catch (error) {
    scroll = 0;
  }
  frame.onload = () => {
    try {
      frame.contentWindow.scrollTo(0, scroll);
    } catch (error) {
      /* a chapter without a window to scroll */
    }
  };
  frame.setAttribute("src", `/epub/${href}?b=${state.build}`);
}

function renderErrors(errors) {
  const box = document.getElementById("errors");
  box.hidden = !errors.length;
  box.replaceChildren(
    el("h2", {}, state && state.build ? "Not rebuilt — the book below is the last good build" : "The book cannot be built yet"),
    ...errors.map((error) => el("p", { class: "error" }, error))
  );
}

async function refresh() {
  const response = await fetch("/state", { cache: "no-store" });
  const next = await response.json();
  document.getElementById("status").textContent = next.message;
  renderErrors(next.errors);
  if (state && next.build === state.build) return;
  state = next;
  if (!state.build) return;
  document.title = `${state.title} — compile-book`;
  document.getElementById("book-title").textContent = state.title;
  document.body.dataset.build = String(state.build);
  const flagged = new Set(state.problems.map((p) => p.page));
  renderPages(state.pages, flagged);
  renderContents(state.contents);
  renderProblems(state.problems, state.notes);
  renderReports(state.reports);
  renderChapters(state.chapters);
}

function showView(name) {
  for (const button of document.querySelectorAll("[data-view]")) {
    button.setAttribute("aria-pressed", String(button.dataset.view === name));
  }
  for (const view of document.querySelectorAll(".view")) {
    view.hidden = view.id !== `view-${name}`;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-view]")) {
    button.addEventListener("click", () => showView(button.dataset.view));
  }
  for (const button of document.querySelectorAll("[data-width]")) {
    button.addEventListener("click", () => {
      document.getElementById("reader").style.width = `${button.dataset.width}px`;
      for (const other of document.querySelectorAll("[data-width]")) {
        other.setAttribute("aria-pressed", String(other === button));
      }
    });
  }
  document.getElementById("chapter").addEventListener("change", () => loadChapter(false));
  const events = new EventSource("/events");
  events.addEventListener("build", () => refresh());
  refresh();
});
