// The answer part of a quiz card: the controls, a Check button and the feedback.
//
// Drawn with plain HTML elements, so that assistive technology knows what each one is:
// a single-choice question is a radio group named by its question, a multiple-choice one a
// group of checkboxes, every menu and the number box has a label, and the feedback sits in
// a live region, so a screen reader reads it out after Check. Focus stays on Check.
// The Python side (stemimmune/engine/quizzes/panel.py) grades; this file only draws and reports.

let panels = 0; // numbers the panels of a page, for the ids labels point to

// Keys pressed in a card answer its question; they must not also act as the notebook's
// single-key shortcuts. Without this, typing "pluripotent" in a menu reached JupyterLab and
// Notebook 7 as command-mode keys and hid the card. Notebook 7 reads keys on their way down
// to the page, before the card could stop them, so one listener on the window (which sees
// every key first) keeps them to the card. Escape still reaches the notebook, to leave the
// card, and the browser's own handling (typing, arrows, Space, Enter on Check) is untouched.
window.addEventListener("keydown", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (!target || event.key === "Escape" || !target.closest(".sq-panel")) return;
  event.stopImmediatePropagation();
  if (event.key === "Enter" && target.matches(".sq-number")) {
    // Enter in the number box checks the answer, as in a form.
    event.preventDefault();
    target.closest(".sq-panel").querySelector(".sq-check").click();
  }
}, true);

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function choiceGroup(model, kind, prefix) {
  // Radio buttons (single) or checkboxes (multiple), one labelled input per option.
  const group = element("div", {
    role: kind === "single" ? "radiogroup" : "group",
    "aria-label": model.get("label"),
    class: "sq-options",
  });
  const inputs = model.get("options").map((text, index) => {
    const label = element("label", { class: "sq-option" });
    const input = element("input", {
      type: kind === "single" ? "radio" : "checkbox",
      name: prefix,
      value: String(index),
    });
    label.append(input, element("span", {}, text));
    group.append(label);
    return input;
  });
  const read = () =>
    kind === "single"
      ? inputs.findIndex((input) => input.checked) === -1
        ? null
        : inputs.findIndex((input) => input.checked)
      : inputs.flatMap((input, index) => (input.checked ? [index] : []));
  const show = (value) =>
    inputs.forEach((input, index) => {
      input.checked =
        kind === "single" ? value === index : Array.isArray(value) && value.includes(index);
    });
  return { node: group, read, show };
}

function numberBox(model, prefix) {
  // A text box (learners may type "1.5 million"), labelled with the units it expects.
  const row = element("div", { class: "sq-row" });
  const label = element("label", { for: `${prefix}-number`, class: "sq-label" },
    `Your answer, in ${model.get("units")}:`);
  const input = element("input", {
    type: "text",
    id: `${prefix}-number`,
    inputmode: "decimal",
    autocomplete: "off",
    placeholder: "type a number",
    class: "sq-number",
  });
  row.append(label, input);
  return { node: row, input, read: () => input.value, show: (value) => (input.value = value ?? "") };
}

function matchMenus(model, prefix) {
  // One menu per item, each labelled with its item, inside a group named by the question.
  const group = element("div", { role: "group", "aria-label": model.get("label"),
    class: "sq-options" });
  const menus = model.get("items").map((item, index) => {
    const row = element("div", { class: "sq-row" });
    const id = `${prefix}-item-${index}`;
    const label = element("label", { for: id, class: "sq-label sq-item" }, item);
    const menu = element("select", { id, class: "sq-menu" });
    menu.append(element("option", { value: "" }, "— choose —"));
    for (const choice of model.get("choices")) menu.append(element("option", { value: choice }, choice));
    row.append(label, menu);
    group.append(row);
    return menu;
  });
  const read = () => menus.map((menu) => menu.value);
  const show = (value) => menus.forEach((menu, index) => (menu.value = (value ?? [])[index] ?? ""));
  return { node: group, read, show };
}

function render({ model, el }) {
  panels += 1;
  const prefix = `sq-${panels}-${Math.random().toString(36).slice(2, 8)}`;
  const kind = model.get("kind");
  const controls =
    kind === "numeric" ? numberBox(model, prefix)
      : kind === "match" ? matchMenus(model, prefix)
        : choiceGroup(model, kind, prefix);
  controls.show(model.get("value"));

  const button = element("button", { type: "button", class: "sq-check" }, "Check");
  const feedback = element("div", { role: "status", "aria-live": "polite",
    "aria-atomic": "true", class: "sq-feedback" });
  feedback.innerHTML = model.get("feedback");

  const check = () => {
    model.set("value", controls.read());
    model.set("checks", model.get("checks") + 1);
    model.save_changes();
  };
  button.addEventListener("click", check);
  const onValue = () => controls.show(model.get("value"));
  const onFeedback = () => (feedback.innerHTML = model.get("feedback"));
  model.on("change:value", onValue);
  model.on("change:feedback", onFeedback);

  // The attribute tells JupyterLab's shortcut system to leave keys in the card alone.
  const panel = element("div", { class: "sq-panel", "data-lm-suppress-shortcuts": "true" });
  panel.append(controls.node, button, feedback);
  el.append(panel);
  return () => {
    model.off("change:value", onValue);
    model.off("change:feedback", onFeedback);
  };
}

export default { render };
