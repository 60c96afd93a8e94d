// A slider drawn as a native <input type="range"> with a <label>: screen readers announce
// its name and value, and the arrow keys, Page Up/Down, Home and End move it. (ipywidgets'
// own slider handle has no accessible name.) The number beside it shows the value.

let sliders = 0;

// Arrow keys, Page Up/Down, Home and End move a focused slider, not the notebook: the window
// sees every key first, so this listener keeps them from the notebook's shortcuts (as in
// engine/quizzes/panel.js). Escape still reaches the notebook.
window.addEventListener("keydown", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (target && event.key !== "Escape" && target.closest(".ss-row")) {
    event.stopImmediatePropagation();
  }
}, true);

function render({ model, el }) {
  sliders += 1;
  const id = `ss-${sliders}-${Math.random().toString(36).slice(2, 8)}`;
  const row = document.createElement("div");
  row.className = "ss-row";
  row.dataset.lmSuppressShortcuts = "true"; // keys move the slider, not the notebook
  const label = document.createElement("label");
  label.htmlFor = id;
  label.className = "ss-label";
  label.textContent = model.get("description");
  const input = document.createElement("input");
  input.type = "range";
  input.id = id;
  input.className = "ss-range";
  for (const name of ["min", "max", "step"]) input[name] = String(model.get(name));
  input.value = String(model.get("value"));
  const shown = document.createElement("output");
  shown.htmlFor = id;
  shown.className = "ss-value";
  shown.textContent = model.get("readout");

  // While dragging only the number changes; the figure redraws when the slider is let go
  // (or after each key press), as with continuous_update=False in ipywidgets.
  input.addEventListener("input", () => (shown.textContent = input.value));
  input.addEventListener("change", () => {
    model.set("value", Number(input.value));
    model.save_changes();
  });
  const onValue = () => {
    input.value = String(model.get("value"));
    shown.textContent = model.get("readout");
  };
  model.on("change:value", onValue);
  model.on("change:readout", onValue);
  row.append(label, input, shown);
  el.append(row);
  return () => {
    model.off("change:value", onValue);
    model.off("change:readout", onValue);
  };
}

export default { render };
