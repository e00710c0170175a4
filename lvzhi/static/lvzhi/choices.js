// Long forms made short: a form whose fields depend on one choice shows the chosen option's fields only, and
// a long list of people gets a search box. Without script every field and every person shows.
(function () {
  "use strict";

  function words(element, name) {
    return (element.getAttribute(name) || "").split(" ").filter(Boolean);
  }

  // <form data-switch-on="decision">: a field with data-shown-for="a b" shows only while a or b is chosen, and
  // one with data-required-for="a" is marked required while a is chosen.
  function switchFields(form) {
    var name = form.getAttribute("data-switch-on");
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    var value = checked ? checked.value : "";
    form.querySelectorAll("[data-shown-for]").forEach(function (field) {
      field.hidden = words(field, "data-shown-for").indexOf(value) < 0;
    });
    form.querySelectorAll("[data-required-for]").forEach(function (field) {
      field.classList.toggle("required", words(field, "data-required-for").indexOf(value) >= 0);
    });
  }

  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-switch-on") && event.target.name === form.getAttribute("data-switch-on")) {
      switchFields(form);
    }
  });

  function within(root, selector) {
    var found = Array.prototype.slice.call(root.querySelectorAll(selector));
    return root.matches && root.matches(selector) ? [root].concat(found) : found;
  }

  // [data-picker]: a search box over a list of people whose items carry data-search ("张三丰 zhangsanfeng zsf");
  // typing a name, pinyin or initials keeps the matching people and those already chosen.
  function normal(text) {
    return (text || "").toLowerCase().replace(/\s+/g, "");
  }

  function filterPicker(picker, box) {
    var query = normal(box.value);
    var shown = 0;
    picker.querySelectorAll("[data-search]").forEach(function (item) {
      var input = item.querySelector("input");
      var chosen = input ? input.checked : item.selected;
      var keep = !query || chosen || normal(item.getAttribute("data-search")).indexOf(query) >= 0;
      item.hidden = !keep;
      if (keep) { shown += 1; }
    });
    var empty = picker.querySelector("[data-picker-empty]");
    if (empty) { empty.hidden = shown > 0; }
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-picker-search]")) {
      filterPicker(event.target.closest("[data-picker]"), event.target);
    }
  });
  // Enter in the search box filters; it does not send the form.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-picker-search]")) { event.preventDefault(); }
  });

  function setUp(root) {
    within(root, "form[data-switch-on]").forEach(switchFields);
    within(root, "[data-picker-search]").forEach(function (box) { box.hidden = false; });
  }

  setUp(document);
  document.addEventListener("htmx:load", function (event) { setUp(event.target); });
})();
