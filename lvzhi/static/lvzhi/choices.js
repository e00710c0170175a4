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

  function setUp(root) {
    within(root, "form[data-switch-on]").forEach(switchFields);
  }

  setUp(document);
  document.addEventListener("htmx:load", function (event) { setUp(event.target); });
})();
